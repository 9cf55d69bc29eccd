//! The records the ledgers flag (an acknowledged write a change of leader lost, a record lost
//! by a commit that ran ahead of processing, processed twice, processed out of per-key order),
//! found on the cells drawn, so a flagged record is marked where it sits with the moment it was
//! flagged. A lost acknowledged write is marked at its offset: the new leader's log may hold
//! another record there by now, which is the point (offsets are reused after an unclean
//! election). Keys are also made readable
//! here: a cell is 50 units wide, so a long key keeps its head and its distinguishing tail.

use crate::engine::stable_sort;
use crate::engine::Sim;
use std::rc::Rc;

/// What a ledger said of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    /// Acknowledged to its producer, then gone from the log a change of leader made current.
    LostAcknowledged,
    /// Committed past but never processed (a commit ahead of processing, then a crash).
    Lost,
    ProcessedTwice,
    OutOfOrder,
}

impl FlagKind {
    /// The badge's text, one or two characters, so it fits on a cell.
    pub fn badge(self) -> &'static str {
        match self {
            FlagKind::LostAcknowledged => "!",
            FlagKind::Lost => "✕",
            FlagKind::ProcessedTwice => "2×",
            FlagKind::OutOfOrder => "⇅",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            FlagKind::LostAcknowledged => "lost acknowledged write",
            FlagKind::Lost => "lost: committed past, never processed",
            FlagKind::ProcessedTwice => "processed twice",
            FlagKind::OutOfOrder => "processed out of per-key order",
        }
    }
}

/// One flag on a drawn cell: what, when, and the member (or producer) involved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellFlag {
    pub kind: FlagKind,
    pub at_ms: u64,
    pub member: Rc<str>,
    /// For a lost acknowledged write: the key it had (the cell at its offset may hold another
    /// record now) and the leader epoch that lost it.
    pub lost_write: Option<(Option<Rc<str>>, u32)>,
}

impl CellFlag {
    /// What the flag says, for a cell's tooltip: `lost acknowledged write (key user-3, from
    /// producer-1, lost when epoch 2 began), flagged at 12.400 s`.
    pub fn words(&self) -> String {
        let time = crate::ui::words::format_time(self.at_ms);
        match &self.lost_write {
            Some((key, epoch)) => format!(
                "{} (key {}, from {}, lost when leader epoch {epoch} began), flagged at {time}",
                self.kind.words(),
                key.as_deref().unwrap_or("null"),
                self.member
            ),
            None => format!("{} ({}), flagged at {time}", self.kind.words(), self.member),
        }
    }

    /// Whether it marks the cell at `offset` holding a record with `key`: a lost write marks
    /// its offset whatever is there now, the others the very record.
    pub fn marks(&self, flagged: &Flagged, offset: u64, key: &Option<Rc<str>>) -> bool {
        flagged.offset == offset && (self.lost_write.is_some() || flagged.key == *key)
    }
}

/// A flagged record of one partition: its offset and key, and the flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flagged {
    pub offset: u64,
    pub key: Option<Rc<str>>,
    pub flag: CellFlag,
}

/// Every record flagged on partition `p` of topic `topic`: the acknowledged writes a change of
/// leader lost, then what the ledgers of the groups reading it flag, the first flag of each
/// record (lost acknowledged before lost before twice before out of order), in offset order.
pub fn flagged_on(sim: &Sim, topic: u32, p: u32) -> Vec<Flagged> {
    let run = sim.topic_run(topic);
    let topic_name = &run.topic().name;
    let mut out: Vec<Flagged> = Vec::new();
    if let Some(rep) = run.replications().get(p as usize) {
        for l in &rep.lost_acked {
            if out.iter().any(|f| f.offset == l.offset) {
                continue;
            }
            out.push(Flagged {
                offset: l.offset,
                key: l.key.clone(),
                flag: CellFlag {
                    kind: FlagKind::LostAcknowledged,
                    at_ms: l.at_ms,
                    member: format!("producer-{}", l.producer + 1).into(),
                    lost_write: Some((l.key.clone(), l.epoch)),
                },
            });
        }
    }
    for g in sim.groups() {
        let summary = g.ledger();
        let lists = [
            (FlagKind::Lost, &summary.lost),
            (FlagKind::ProcessedTwice, &summary.duplicates),
            (FlagKind::OutOfOrder, &summary.out_of_order),
        ];
        for (kind, list) in lists {
            for i in list
                .iter()
                .filter(|i| i.tp.partition == p && i.tp.topic == *topic_name)
            {
                if out.iter().any(|f| f.offset == i.offset && f.key == i.key) {
                    continue;
                }
                out.push(Flagged {
                    offset: i.offset,
                    key: i.key.clone(),
                    flag: CellFlag {
                        kind,
                        at_ms: i.at_ms,
                        member: i.member.as_str().into(),
                        lost_write: None,
                    },
                });
            }
        }
    }
    stable_sort::sort_by_key(&mut out, |f| {
        (f.offset, f.flag.kind != FlagKind::LostAcknowledged)
    });
    out
}

/// Whether anything is flagged anywhere (a producer lost an acknowledged write, or a group's
/// ledger flagged a record): rows skip the search otherwise.
pub fn any_flagged(sim: &Sim) -> bool {
    sim.producers().iter().any(|p| p.ledger().acked_lost > 0)
        || sim.groups().iter().any(|g| {
            let s = g.ledger();
            !(s.lost.is_empty() && s.duplicates.is_empty() && s.out_of_order.is_empty())
        })
}

/// A row's flags in a few words, short enough for the space after its newest cell: the
/// gravest kind, how many of its records were flagged so (`20+` once a ledger's list is full),
/// and when the first was, to a tenth of a second: `✕20+ lost 15.0s`. The `last` frame's text
/// is kept when it says the same.
pub fn row_summary(flagged: &[Flagged], last: Option<&Rc<str>>) -> Option<Rc<str>> {
    let kinds = [
        FlagKind::LostAcknowledged,
        FlagKind::Lost,
        FlagKind::ProcessedTwice,
        FlagKind::OutOfOrder,
    ];
    let kind = kinds
        .into_iter()
        .find(|k| flagged.iter().any(|f| f.flag.kind == *k))?;
    let of_kind = || flagged.iter().filter(|f| f.flag.kind == kind);
    let n = of_kind().count();
    let first_ms = of_kind().map(|f| f.flag.at_ms).min().unwrap_or(0);
    let word = match kind {
        FlagKind::LostAcknowledged => "acked lost",
        FlagKind::Lost => "lost",
        FlagKind::ProcessedTwice => "twice",
        FlagKind::OutOfOrder => "reorder",
    };
    let listed_max = match kind {
        FlagKind::LostAcknowledged => crate::engine::cluster::LOST_ACKED_KEPT_MAX,
        _ => crate::engine::group_limits::LEDGER_INSTANCES_MAX,
    };
    let full = if n >= listed_max { "+" } else { "" };
    let text = format!(
        "{}{n}{full} {word} {}.{}s",
        kind.badge(),
        first_ms / 1000,
        first_ms % 1000 / 100
    );
    match last {
        Some(l) if **l == *text => Some(l.clone()),
        _ => Some(text.into()),
    }
}

/// Keys up to this many characters are drawn whole on a cell.
pub const KEY_CHARS_MAX: usize = 9;

/// A key as a cell shows it: whole up to `KEY_CHARS_MAX` characters, else its first two and
/// its last five around an ellipsis (`order-000123` → `or…00123`), since keys that share a
/// prefix differ at the end.
pub fn key_text(key: &Rc<str>) -> Rc<str> {
    let n = key.chars().count();
    if n <= KEY_CHARS_MAX {
        return key.clone();
    }
    let head: String = key.chars().take(2).collect();
    let tail: String = key.chars().skip(n - 5).collect();
    format!("{head}…{tail}").into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_keys_keep_their_head_and_tail() {
        let cases = [
            ("user-17", "user-17"),
            ("SHIPPED", "SHIPPED"),
            ("user-1234", "user-1234"),
            ("order-000123", "or…00123"),
            ("PAYMENT_RECEIVED", "PA…EIVED"),
        ];
        for (key, shown) in cases {
            assert_eq!(&*key_text(&Rc::from(key)), shown, "{key}");
        }
        let short: Rc<str> = "id-7".into();
        assert!(
            Rc::ptr_eq(&key_text(&short), &short),
            "a short key is not copied"
        );
    }
}
