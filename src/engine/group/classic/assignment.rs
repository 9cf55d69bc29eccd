//! The classic client's pure rebalance decisions: which rebalance protocol its assignors allow
//! (EAGER or COOPERATIVE), what the leader assigns through the client-side assignors, and what a
//! cooperative member revokes and adds when its assignment arrives. Pure functions of their
//! inputs, so they are tested without a clock.

use super::protocol::JoinedMember;
use crate::engine::assignor::{self, Member, StickyMember, TopicPartition};
use crate::engine::group::client::Consumer;
use crate::engine::group::config::AssignorKind;
use crate::engine::group::protocol::NO_GENERATION;

use std::collections::BTreeMap;

/// EAGER revokes everything before each rebalance; COOPERATIVE only what moves (KIP-429).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RebalanceProtocol {
    /// Stop the world.
    Eager,
    /// Incremental, in two rounds when partitions move.
    Cooperative,
}

impl RebalanceProtocol {
    /// Kafka's name.
    pub fn as_str(self) -> &'static str {
        match self {
            RebalanceProtocol::Eager => "EAGER",
            RebalanceProtocol::Cooperative => "COOPERATIVE",
        }
    }
}

/// The highest protocol supported by **all** configured assignors: the default
/// `[range, cooperative-sticky]` therefore runs EAGER.
pub fn rebalance_protocol(assignors: &[AssignorKind]) -> RebalanceProtocol {
    if !assignors.is_empty() && assignors.iter().all(|a| a.supports_cooperative()) {
        RebalanceProtocol::Cooperative
    } else {
        RebalanceProtocol::Eager
    }
}

/// The leader's assignment for `protocol` over the members the JoinGroup response listed,
/// members in response order, partitions per topic from metadata (topics without metadata are
/// skipped, as Kafka skips them). The cooperative assignor withholds moving partitions.
pub(in crate::engine::group) fn leader_assignment(
    protocol: AssignorKind,
    members: &[JoinedMember],
    partitions_per_topic: &BTreeMap<String, u32>,
) -> Vec<(String, Vec<TopicPartition>)> {
    let plain: Vec<Member> = members
        .iter()
        .map(|m| Member {
            id: m.member_id.clone(),
            instance_id: m.instance_id.clone(),
            topics: m.subscription.topics.clone(),
        })
        .collect();
    let sticky_members = || -> Vec<StickyMember> {
        members
            .iter()
            .zip(&plain)
            .map(|(m, member)| StickyMember {
                member: member.clone(),
                owned: m.subscription.owned.clone(),
                generation: (m.subscription.generation != NO_GENERATION)
                    .then_some(m.subscription.generation),
            })
            .collect()
    };
    match protocol {
        AssignorKind::Range => assignor::range(partitions_per_topic, &plain),
        AssignorKind::RoundRobin => assignor::round_robin(partitions_per_topic, &plain),
        AssignorKind::Sticky => {
            assignor::sticky(partitions_per_topic, &sticky_members()).assignment
        }
        AssignorKind::CooperativeSticky => {
            assignor::cooperative_sticky(partitions_per_topic, &sticky_members()).assignment
        }
    }
}

/// `onJoinComplete` for the cooperative protocol: (revoked, added).
pub(in crate::engine::group) fn cooperative_diff(
    owned: &[TopicPartition],
    assigned: &[TopicPartition],
) -> (Vec<TopicPartition>, Vec<TopicPartition>) {
    let revoked = owned
        .iter()
        .filter(|tp| !assigned.contains(tp))
        .cloned()
        .collect();
    let added = assigned
        .iter()
        .filter(|tp| !owned.contains(tp))
        .cloned()
        .collect();
    (revoked, added)
}

impl Consumer {
    /// The protocol its assignors allow.
    pub fn rebalance_protocol(&self) -> RebalanceProtocol {
        rebalance_protocol(&self.assignors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_is_the_highest_all_assignors_support() {
        use AssignorKind::*;
        assert_eq!(
            rebalance_protocol(&[Range, CooperativeSticky]),
            RebalanceProtocol::Eager
        );
        assert_eq!(
            rebalance_protocol(&[CooperativeSticky]),
            RebalanceProtocol::Cooperative
        );
        assert_eq!(rebalance_protocol(&[Sticky]), RebalanceProtocol::Eager);
    }
}
