//! A topic of many partitions on one screen: above `FOLD_ABOVE` partitions the stage draws the
//! busiest `FOLDED_ROWS` (a partition without a leader first, then by appends over the last
//! second, then by records) and sums up the rest in one line. The choice is made once per second
//! of sim time, so rows do not jump on every frame.

use super::labels::Label;
use super::{FOLDED_ROWS, FOLD_ABOVE};
use crate::engine::stable_sort;
use crate::engine::Sim;
use crate::ui::words::plural;
use std::rc::Rc;

/// How long a choice of rows holds, in sim ms.
pub const FOLD_WINDOW_MS: u64 = 1_000;

/// `(hidden partitions, their records, their appends per second, offline among them)`.
pub type FoldFacts = (u32, u64, u64, u32);

/// The rows a folded stage draws and the line that sums up the others.
#[derive(Clone, Debug, PartialEq)]
pub struct Fold {
    /// `(topic, partitions, window)` the choice was made for.
    made_for: (u32, u32, u64),
    /// The partitions drawn, in partition order.
    pub shown: Rc<[u32]>,
    /// `+36 partitions folded away: 4,120 records, 60 records/s`.
    pub summary: Label<FoldFacts>,
}

pub fn fold(sim: &Sim, topic: u32, previous: Option<&Fold>) -> Option<Fold> {
    let run = sim.topic_run(topic);
    let n = run.topic().n_partitions();
    if n <= FOLD_ABOVE {
        return None;
    }
    let now = sim.now_ms();
    let made_for = (topic, n, now / FOLD_WINDOW_MS);
    if let Some(p) = previous.filter(|p| p.made_for == made_for) {
        return Some(p.clone());
    }
    let load = run.load(now);
    let rate = |p: usize| load.partitions.get(p).map_or(0, |l| l.records_per_sec);
    let logs = &run.topic().partitions;
    let offline = |p: usize| {
        run.replications()
            .get(p)
            .is_some_and(|r| !r.replicas.is_empty() && r.leader.is_none())
    };
    let mut order: Vec<usize> = (0..n as usize).collect();
    stable_sort::sort_by_key(&mut order, |&p| {
        (
            !offline(p),
            std::cmp::Reverse(rate(p)),
            std::cmp::Reverse(logs[p].end_offset()),
            p,
        )
    });
    let mut shown: Vec<u32> = order[..FOLDED_ROWS as usize]
        .iter()
        .map(|&p| p as u32)
        .collect();
    shown.sort_unstable();
    let hidden = &order[FOLDED_ROWS as usize..];
    let facts: FoldFacts = (
        hidden.len() as u32,
        hidden.iter().map(|&p| logs[p].end_offset()).sum(),
        hidden.iter().map(|&p| rate(p)).sum(),
        hidden.iter().filter(|&&p| offline(p)).count() as u32,
    );
    Some(Fold {
        made_for,
        shown: shown.into(),
        summary: Label::reuse_or_make(
            previous.map(|p| &p.summary),
            facts,
            |&(hidden, records, per_sec, offline)| {
                format!(
                    "+{} folded away (the busiest are drawn): {}, {} records/s{}",
                    plural(u64::from(hidden), "partition", "partitions"),
                    plural(records, "record", "records"),
                    per_sec,
                    if offline > 0 {
                        format!(", {offline} offline")
                    } else {
                        String::new()
                    }
                )
                .into()
            },
        ),
    })
}
