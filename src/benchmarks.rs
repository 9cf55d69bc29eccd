//! Inputs shared by the native bench binaries (`benches/`) and the browser benchmarks
//! (`scripts/bench-*.mjs` through the page's test hook), so both time exactly the same work.

use crate::engine::btree_collect::CollectBTree;
use crate::engine::{Member, StickyMember, StickyResult};
use std::collections::BTreeMap;

/// Kafka's sticky-assignor scale test: `n_topics` topics of `n_partitions` partitions, with
/// `n_consumers` consumers all subscribed to every topic and owning nothing yet.
pub fn sticky_scale_input(
    n_topics: u32,
    n_partitions: u32,
    n_consumers: u32,
) -> (BTreeMap<String, u32>, Vec<StickyMember>) {
    let topics: BTreeMap<String, u32> = (0..n_topics)
        .map(|t| (format!("topic{t}"), n_partitions))
        .collect_map();
    let names: Vec<String> = topics.keys().cloned().collect();
    let members = (0..n_consumers)
        .map(|c| StickyMember {
            member: Member {
                id: format!("consumer{c}"),
                instance_id: None,
                topics: names.clone(),
            },
            owned: Vec::new(),
            generation: None,
        })
        .collect();
    (topics, members)
}

/// The group after its first member leaves: everyone else reports what the first assignment
/// gave them, at generation 1.
pub fn after_first_member_leaves(
    members: &[StickyMember],
    first: &StickyResult,
) -> Vec<StickyMember> {
    members
        .iter()
        .zip(&first.assignment)
        .skip(1)
        .map(|(m, (_, owned))| StickyMember {
            member: m.member.clone(),
            owned: owned.clone(),
            generation: Some(1),
        })
        .collect()
}
