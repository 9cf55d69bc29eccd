//! `allSubscriptionsEqual`: whether every member subscribes to the same topics, and which
//! claimed partitions the builders may trust. A partition claimed by two members of one
//! generation is trusted to neither; of two generations, the newer claim wins.

use std::collections::BTreeSet;

use super::topics::{Topics, Tp, TpTable};
use super::{generation_of, remove_first, StickyMember, DEFAULT_GENERATION};

pub(super) struct Validated {
    pub(super) all_equal: bool,
    /// Per member (input index): owned partitions that survived validation, in claim order.
    pub(super) owned: Vec<Vec<Tp>>,
    /// `partitionsWithMultiplePreviousOwners`.
    pub(super) multi: BTreeSet<Tp>,
    pub(super) max_generation: i32,
}

pub(super) fn validate(
    topics: &Topics,
    members: &[StickyMember],
    subs_order: &[usize],
) -> Validated {
    let mut all_equal = true;
    let mut subscribed: BTreeSet<&str> = BTreeSet::new();
    // The list `subscribed` was seeded from: a member with the very same list (the usual case)
    // is equal without a lookup per topic, unless duplicates made the set shorter than it.
    let mut seed: &[String] = &[];
    let mut previous_owner: TpTable<usize> = TpTable::new(topics);
    let mut owned: Vec<Vec<Tp>> = vec![Vec::new(); members.len()];
    let mut multi = BTreeSet::new();
    let mut max_generation = DEFAULT_GENERATION;
    for &m in subs_order {
        let member_topics = &members[m].member.topics;
        // Java seeds the topic set from whichever member comes first with a non-empty list, so
        // a member with no topics ahead of the others does not make subscriptions unequal.
        if subscribed.is_empty() {
            subscribed.extend(member_topics.iter().map(String::as_str));
            seed = member_topics;
        } else if all_equal
            && !(member_topics.len() == subscribed.len()
                && ((seed.len() == subscribed.len() && member_topics == seed)
                    || member_topics
                        .iter()
                        .all(|t| subscribed.contains(t.as_str()))))
        {
            all_equal = false;
        }
        let generation = generation_of(&members[m]);
        max_generation = max_generation.max(generation);
        for tp in &members[m].owned {
            let Some(tp) = topics.intern(tp) else {
                continue;
            };
            match previous_owner.get(tp) {
                None => {
                    owned[m].push(tp);
                    previous_owner.insert(tp, m);
                }
                Some(other) => {
                    let other_generation = generation_of(&members[other]);
                    if generation == other_generation {
                        // Two owners in one generation: neither can be trusted with it.
                        multi.insert(tp);
                        remove_first(&mut owned[other], &tp);
                        previous_owner.insert(tp, m);
                    } else if generation > other_generation {
                        owned[m].push(tp);
                        remove_first(&mut owned[other], &tp);
                        previous_owner.insert(tp, m);
                    }
                }
            }
        }
    }
    Validated {
        all_equal,
        owned,
        multi,
        max_generation,
    }
}
