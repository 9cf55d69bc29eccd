//! `CooperativeStickyAssignor`'s first round (KIP-429): the sticky target, minus the partitions
//! that still have to be revoked by their previous owner, which their new owner gets in the
//! follow-up rebalance. Also which partitions transfer, where the builder did not say.

use std::collections::{BTreeMap, BTreeSet};

use super::topics::{Topics, Tp};
use super::{assign_with_transfers, finish, remove_first, StickyMember, StickyResult};

/// CooperativeStickyAssignor ("cooperative-sticky"): the first round, transferring partitions
/// withheld from their new owners.
pub fn cooperative_sticky(
    partitions_per_topic: &BTreeMap<String, u32>,
    members: &[StickyMember],
) -> StickyResult {
    let topics = Topics::new(partitions_per_topic, members);
    let (mut lists, transferring) = assign_with_transfers(&topics, members);
    // KIP-429: a partition may only be handed out once its previous owner has revoked it, so
    // the new owner gets it in the follow-up rebalance, not this one.
    for (tp, m) in &transferring {
        remove_first(&mut lists[*m], tp);
    }
    finish(&topics, members, lists, transferring)
}

/// `computePartitionsTransferringOwnership`: partitions added to a member that did not own them
/// while some member that did own them loses them. Sorted and distinct.
pub(super) fn computed_transfers(
    topics: &Topics,
    members: &[StickyMember],
    lists: &[Vec<Tp>],
    order: &[usize],
) -> Vec<(Tp, usize)> {
    let mut added: BTreeMap<Tp, usize> = BTreeMap::new();
    let mut revoked: BTreeSet<Tp> = BTreeSet::new();
    for &m in order {
        // Partitions of topics outside the assignable set are in no list, so they can be
        // neither added nor matter as revoked.
        let mut owned: Vec<Tp> = members[m]
            .owned
            .iter()
            .filter_map(|tp| topics.intern(tp))
            .collect();
        owned.sort_unstable();
        let mut list = lists[m].clone();
        list.sort_unstable();
        for tp in &lists[m] {
            if owned.binary_search(tp).is_err() {
                added.insert(*tp, m);
            }
        }
        revoked.extend(owned.iter().filter(|tp| list.binary_search(tp).is_err()));
    }
    added.retain(|tp, _| revoked.contains(tp));
    added.into_iter().collect()
}
