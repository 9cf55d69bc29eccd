//! The consumer rebalance protocol (KIP-848, `group.protocol=consumer`) over time: each rule
//! the playground follows, with a test that fails without it, naming the Kafka class and method
//! it follows (group-coordinator's `GroupMetadataManager`, `CurrentAssignmentBuilder`,
//! `ConsumerGroup`; the client's `ConsumerMembershipManager`, `ConsumerHeartbeatRequestManager`
//! and `CommitRequestManager`).

use crate::common::logs::Logs;
use kafka_playground::engine::Rng;
use kafka_playground::engine::TopicPartition;
use kafka_playground::engine::{
    ClientState, CommitMode, ConsumerGroup, ConsumerGroupState, EpochBump, ErrorCode, GroupCommand,
    GroupConfig, GroupEvent, GroupEventKind, GroupProtocol, MemberConfig, MemberPhase, MemberState,
    MemberStatus, OffsetReset,
};

fn config(members: &[(&str, Option<&str>)]) -> GroupConfig {
    GroupConfig {
        group_id: "g".to_string(),
        topics: vec!["t".to_string()],
        members: members
            .iter()
            .map(|(n, i)| MemberConfig {
                name: n.to_string(),
                instance_id: i.map(str::to_string),
            })
            .collect(),
        auto_offset_reset: OffsetReset::Earliest,
        group_protocol: GroupProtocol::Consumer,
        ..GroupConfig::default()
    }
}

fn run(g: &mut ConsumerGroup, to_ms: u64, logs: &Logs) -> Vec<GroupEvent> {
    let mut events = Vec::new();
    g.advance_to(to_ms, logs, &mut events);
    events
}

fn apply(g: &mut ConsumerGroup, at_ms: u64, cmd: GroupCommand, logs: &Logs) -> Vec<GroupEvent> {
    let mut events = Vec::new();
    g.apply(at_ms, &cmd, logs, &mut events)
        .expect("command accepted");
    events
}

fn owned(g: &ConsumerGroup, name: &str) -> Vec<TopicPartition> {
    let mut v = g.consumer(name).unwrap().owned.clone();
    v.sort();
    v
}

fn epoch(g: &ConsumerGroup, name: &str) -> i32 {
    g.consumer(name).unwrap().generation
}

fn group_epoch(g: &ConsumerGroup) -> i32 {
    g.consumer_coordinator().unwrap().group_epoch()
}

#[test]
fn members_join_with_heartbeats_and_get_the_whole_topic() {
    let logs = Logs::new(&[("t", 6)]);
    let mut g = ConsumerGroup::new(config(&[("a", None), ("b", None)]), Rng::new(1), 0).unwrap();
    let events = run(&mut g, 20_000, &logs);
    for e in &events {
        println!("{e:?}");
    }
    assert_eq!(owned(&g, "a").len() + owned(&g, "b").len(), 6);
    assert_eq!(
        g.consumer_coordinator().unwrap().state(),
        ConsumerGroupState::Stable
    );
}
