//! The stage model as text for the expect-test cases: one compact line per drawn thing.

use super::*;

/// The model as text: one line per drawn thing, coordinates to a tenth as the SVG has them.
pub(super) fn describe(m: &StageModel) -> String {
    let mut out = String::new();
    let l = &m.layout;
    let _ = writeln!(
        out,
        "stage {} · {} rows of {} from y {} · {} cells a row",
        m.view_box.value(),
        l.n_partitions,
        l.row_h,
        l.top,
        l.visible_cells
    );
    for tab in &m.tabs {
        let current = if tab.current { " (current)" } else { "" };
        let _ = writeln!(out, "tab {}{current}", tab.text.value());
    }
    let _ = writeln!(out, "heading {}", m.heading.value());
    if let Some(sub) = &m.subheading {
        let _ = writeln!(out, "subheading {}", sub.value());
    }
    for e in &m.producers {
        let t = e.texts();
        let _ = writeln!(
            out,
            "producer {} y {} · {} · {} · next {:?}",
            t.name, e.y, t.keys_line, t.partitioner_line, e.next_keyless
        );
    }
    for b in &m.buckets {
        let marks = [
            b.next_mark.as_deref().unwrap_or(""),
            if b.routed { "routed" } else { "" },
        ]
        .join(" ");
        let _ = writeln!(
            out,
            "bucket {} fill {:.2} {}",
            b.label(),
            b.fill,
            marks.trim()
        );
    }
    for r in &m.rows.rows {
        let first = r.log.cells.first().map(|c| c.offset);
        let last = r.log.cells.last().map(|c| c.offset);
        let routed = if r.routed { " routed" } else { "" };
        let _ = writeln!(
            out,
            "row {} y {} cells {first:?}..={last:?}{}{} · {}",
            r.name,
            r.y,
            if r.log.hidden_before {
                " (older hidden)"
            } else {
                ""
            },
            routed,
            r.aria_label()
        );
    }
    for f in &m.in_flight.flights {
        let _ = writeln!(
            out,
            "flight {} P{} at ({:.1}, {:.1}) {:.2} of the way, {:?} “{}”",
            f.text.key, f.partition, f.x, f.y, f.progress, f.swatch, f.text.label
        );
    }
    for b in &m.bounces {
        let _ = writeln!(
            out,
            "bounce {} at ({:.1}, {:.1}) {}",
            b.key, b.x, b.y, b.title
        );
    }
    for g in &m.group_marks {
        let _ = writeln!(out, "mark at x {:.1}: {}", g.x, g.title());
    }
    for t in &m.follower_ticks {
        let _ = writeln!(out, "tick at ({:.1}, {:.1}): {}", t.x, t.y, t.title());
    }
    for b in &m.brokers {
        let _ = writeln!(
            out,
            "broker at x {:.1} “{}” · {}",
            b.x,
            b.name,
            b.label.value()
        );
    }
    for c in &m.replicas {
        let _ = writeln!(
            out,
            "replica at ({:.1}, {:.1}) {} “{}” · {}",
            c.x,
            c.y,
            c.role_text,
            c.end_text.value(),
            c.label.value()
        );
    }
    for h in &m.consumers.heads {
        let _ = writeln!(out, "group y {} {}", h.y, h.text.value());
    }
    for c in &m.consumers.consumers {
        let t = c.texts.value();
        let _ = writeln!(
            out,
            "consumer y {} h {} “{}” · {}",
            c.y, c.h, t.line, t.label
        );
    }
    for l in &m.consumers.links {
        let _ = writeln!(
            out,
            "link {:.1} → {:.1} dash {} · {}",
            l.from_y,
            l.to_y,
            l.dash(),
            l.label.value()
        );
    }
    for u in &m.consumers.unowned {
        let _ = writeln!(out, "unowned · {}", u.label.value());
    }
    for s in &m.progress {
        let (p, q) = (s.processed_x, s.position_x);
        let risk = s.at_risk.as_ref().map(|r| r.label.value().clone());
        let _ = writeln!(
            out,
            "progress P{} processed x {p:.1} position x {q:.1} {risk:?}",
            s.partition
        );
    }
    for p in &m.pulses {
        let _ = writeln!(
            out,
            "pulse {:.1} → {:.1} · {}",
            p.from_x,
            p.to_x,
            p.label.value()
        );
    }
    for t in &m.tails {
        let (c, r) = (t.count_text.value(), t.range_text.value());
        let _ = writeln!(out, "tail “{c}” “{r}” · {}", t.label.value());
    }
    if let Some(news) = &m.news {
        let _ = writeln!(out, "news {}", news.value());
    }
    let _ = writeln!(out, "summary {}", m.summary.value());
    let n = &m.notes;
    let notes = [
        n.replication.then_some("replication"),
        n.group_marks.then_some("group marks"),
        n.sampled_flights.as_ref().map(|l| l.value().trim()),
        n.reduced_motion.then_some("reduced motion"),
        n.sampled_rows.as_ref().map(|l| l.value().trim()),
    ];
    let notes: Vec<&str> = notes.into_iter().flatten().collect();
    let _ = writeln!(out, "notes {}", notes.join(" | "));
    out
}
