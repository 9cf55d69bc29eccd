//! What a `consumer`-protocol (KIP-848) member is doing while it moves towards its target
//! assignment: the partitions it still owns that its target no longer has (revoking) and the
//! ones its target has that it does not own yet (waiting for them to be released, or for its
//! next poll to take them). Read from the coordinator's target and the member's owned
//! partitions, so the stage can say "reconciling: revoking orders-4" while the other members
//! keep fetching. Simplified: the member's own pending assignment is not read (the client's
//! `currentTargetAssignment` is internal), so a member that has been given its target but not
//! applied it yet is said to be waiting for it.

use crate::engine::{ClientState, ConsumerGroup, MemberView};

/// A member's reconciliation, on the topic drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reconciling {
    /// Owned, not in its target: it revokes them (committing first).
    pub revoking: Vec<u32>,
    /// In its target, not owned yet.
    pub awaiting: Vec<u32>,
}

impl Reconciling {
    /// `revoking orders-4, orders-5; waiting for orders-1`, or `acknowledging its assignment`
    /// when nothing is left to move on the topic drawn.
    pub fn words(&self, topic: &str) -> String {
        let list = |ps: &[u32]| {
            ps.iter()
                .map(|p| format!("{topic}-{p}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (self.revoking.is_empty(), self.awaiting.is_empty()) {
            (true, true) => "acknowledging its assignment".to_string(),
            (false, true) => format!("revoking {}", list(&self.revoking)),
            (true, false) => format!("waiting for {}", list(&self.awaiting)),
            (false, false) => format!(
                "revoking {}; waiting for {}",
                list(&self.revoking),
                list(&self.awaiting)
            ),
        }
    }

    /// For the consumer's second line: `−P4 +P1 P2`.
    pub fn short(&self) -> String {
        let mut out = String::new();
        for p in &self.revoking {
            out.push_str(&format!("−P{p} "));
        }
        for p in &self.awaiting {
            out.push_str(&format!("+P{p} "));
        }
        if out.is_empty() {
            "acknowledging".to_string()
        } else {
            out.trim_end().to_string()
        }
    }
}

/// The member's reconciliation, when the group speaks the `consumer` protocol and the member,
/// running, is not where its target wants it (or is acknowledging what it applied).
pub fn reconciling(g: &ConsumerGroup, m: &MemberView, topic: &str) -> Option<Reconciling> {
    let coordinator = g.consumer_coordinator()?;
    if !m.status.is_running() {
        return None;
    }
    let client = g.client_state(&m.name)?;
    let target = coordinator.target_of(&m.member_id);
    let moving = m.assigned.iter().any(|tp| !target.contains(tp))
        || target.iter().any(|tp| !m.assigned.contains(tp));
    let acknowledging = matches!(
        client,
        ClientState::Reconciling | ClientState::Acknowledging
    );
    if !moving && !acknowledging {
        return None;
    }
    let on_topic = |tp: &&crate::engine::TopicPartition| tp.topic == topic;
    Some(Reconciling {
        revoking: m
            .assigned
            .iter()
            .filter(on_topic)
            .filter(|tp| !target.contains(tp))
            .map(|tp| tp.partition)
            .collect(),
        awaiting: target
            .iter()
            .filter(on_topic)
            .filter(|tp| !m.assigned.contains(tp))
            .map(|tp| tp.partition)
            .collect(),
    })
}
