//! The run's running counts. Each topic counts its own records; the run counts what belongs
//! to no topic (refusals, duplicates, ISR and leader changes), and `Sim::totals` adds the two,
//! so no count is kept twice.

use super::Sim;

/// Running counts over the whole run (and, per topic, over that topic).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Records sent, by the producers and the user.
    pub sent: u64,
    /// Records appended to a partition.
    pub appended: u64,
    /// Batches the producers sent.
    pub batches_sent: u64,
    /// Records sent with a key.
    pub keyed: u64,
    /// Commands refused.
    pub rejected: u64,
    /// Records given up before any append (failed sends, acks=0 sends dropped).
    pub failed: u64,
    /// Appends of a record already appended once, while the leader's log still held the first
    /// copy (retries without idempotence): copies that coexist in a log.
    pub duplicates: u64,
    /// Every append of a record already appended once, the copies of a first append later
    /// truncated away included (what the record accounting needs).
    pub reappended: u64,
    /// Records gone from the leader's log when leadership moved to a shorter log.
    pub discarded: u64,
    /// Records that came back into the leader's log when leadership moved to a longer log.
    pub resurrected: u64,
    /// Followers dropped from an ISR.
    pub isr_shrinks: u64,
    /// Followers added back to an ISR.
    pub isr_expands: u64,
    /// Leader changes (offline included).
    pub leader_changes: u64,
}

impl Sim {
    /// Running totals over every topic: the per-topic counts added up, with the counts that
    /// belong to no topic (refusals, ISR and leader changes, duplicates) from the run itself.
    pub fn totals(&self) -> Totals {
        let mut t = self.totals.clone();
        for run in &self.topics {
            let r = &run.totals;
            t.sent += r.sent;
            t.appended += r.appended;
            t.batches_sent += r.batches_sent;
            t.keyed += r.keyed;
            t.failed += r.failed;
            t.discarded += r.discarded;
            t.resurrected += r.resurrected;
        }
        t
    }
}
