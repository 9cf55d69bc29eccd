//! The scenario's actions as numbered steps for an operator, each at its time in the run and
//! with the command that does it on a real cluster where one exists.

use super::{ExportBlock, BOOTSTRAP};
use crate::scenario::{ActionCommand, GroupActionSpec, Scenario};

/// The steps, or nothing when the scenario has no actions.
pub(super) fn steps(scenario: &Scenario) -> Vec<ExportBlock> {
    if scenario.actions.is_empty() {
        return Vec::new();
    }
    let mut text = String::from("# Start the load and the consumers, then at each time:\n");
    for (n, action) in scenario.actions.iter().enumerate() {
        let when = format!("{:.1} s", action.at_ms as f64 / 1000.0);
        text.push_str(&format!(
            "# {}. at {when}: {}\n",
            n + 1,
            step(scenario, &action.command)
        ));
    }
    vec![ExportBlock {
        title: "Steps".to_string(),
        text,
    }]
}

fn topic_name(scenario: &Scenario, index: u32) -> &str {
    match index {
        0 => &scenario.topic.name,
        i => scenario
            .more_topics
            .get(i as usize - 1)
            .map_or("?", |t| t.name.as_str()),
    }
}

fn group_name(scenario: &Scenario, index: u32) -> &str {
    scenario
        .groups
        .get(index as usize)
        .map_or("?", |g| g.group_id.as_str())
}

fn step(scenario: &Scenario, command: &ActionCommand) -> String {
    match command {
        ActionCommand::Produce {
            key,
            partition,
            producer,
        } => {
            let topic = std::iter::once(&scenario.producer)
                .chain(&scenario.more_producers)
                .nth(*producer as usize)
                .and_then(|p| p.topic.as_deref())
                .unwrap_or(&scenario.topic.name);
            let partition = partition
                .map(|p| format!(" (to partition {p}: only a client of your own can choose it)"))
                .unwrap_or_default();
            match key {
                Some(key) => {
                    let sep = super::key_separator(std::iter::once(key.as_str()));
                    format!(
                        "send one record with key {key}{partition}\n#      echo {} | kafka-console-producer.sh --bootstrap-server {BOOTSTRAP} --topic {topic} --property parse.key=true --property {}",
                        super::shell_word(&format!("{key}{sep}v")),
                        super::shell_word(&format!("key.separator={sep}"))
                    )
                }
                None => format!(
                    "send one record without a key{partition}\n#      echo v | kafka-console-producer.sh --bootstrap-server {BOOTSTRAP} --topic {topic}"
                ),
            }
        }
        ActionCommand::SetRate {
            producer,
            rate_per_sec,
        } => format!("change producer {producer}'s loop to {rate_per_sec} records/s"),
        ActionCommand::AddPartitions { topic, total } => format!(
            "grow {} to {total} partitions\n#      kafka-topics.sh --bootstrap-server {BOOTSTRAP} --alter --topic {} --partitions {total}",
            topic_name(scenario, *topic),
            topic_name(scenario, *topic)
        ),
        ActionCommand::KillBroker { broker } => format!(
            "crash broker {broker}: kill -9 its process (node.id={broker})"
        ),
        ActionCommand::ShutdownBroker { broker } => format!(
            "shut broker {broker} down cleanly (a controlled shutdown: it hands its leaderships over first)\n#      kafka-server-stop.sh on its host (SIGTERM)"
        ),
        ActionCommand::IsolateBroker { broker, clients } => {
            if *clients {
                format!("cut broker {broker} off from the controller and the other brokers, not from the clients (no Kafka command: firewall rules on its host, e.g. iptables -A INPUT -s <other broker> -j DROP)")
            } else {
                format!("cut broker {broker} off from everyone (no Kafka command: e.g. iptables -A INPUT -j DROP on its host)")
            }
        }
        ActionCommand::HealBroker { broker } => {
            format!("reconnect broker {broker}: remove the firewall rules (iptables -F on its host)")
        }
        ActionCommand::RestartBroker { broker } => format!(
            "start broker {broker} again\n#      kafka-server-start.sh config/server-{broker}.properties"
        ),
        ActionCommand::SlowBroker { broker, delay_ms: 0 } => {
            format!("remove broker {broker}'s delay: tc qdisc del dev eth0 root (on its host)")
        }
        ActionCommand::SlowBroker { broker, delay_ms } => format!(
            "slow broker {broker} by {delay_ms} ms per fetch (no Kafka command: e.g. tc qdisc add dev eth0 root netem delay {delay_ms}ms on its host)"
        ),
        ActionCommand::ElectPreferredLeaders => format!(
            "move leadership back to the preferred replicas\n#      kafka-leader-election.sh --bootstrap-server {BOOTSTRAP} --election-type PREFERRED --all-topic-partitions"
        ),
        ActionCommand::Group { group, action } => {
            let g = group_name(scenario, *group);
            match action {
                GroupActionSpec::AddMember { name, .. } => {
                    format!("start another console consumer in group {g}, as {name}")
                }
                GroupActionSpec::CloseMember { name } => format!(
                    "stop {name} of {g} with Ctrl-C: a clean close that sends LeaveGroup"
                ),
                GroupActionSpec::CrashMember { name } => format!(
                    "crash {name} of {g}: kill -9 its process (no LeaveGroup; the group waits session.timeout.ms)"
                ),
                GroupActionSpec::RestartMember { name } => {
                    format!("start {name} of {g} again, with the same command")
                }
                GroupActionSpec::SetProcessingMs {
                    name,
                    processing_ms_per_record,
                } => format!(
                    "{name} of {g} now takes {processing_ms_per_record} ms per record (in your own client's processing)"
                ),
                GroupActionSpec::SetAssignors { .. } => format!(
                    "restart every member of {g} with the new partition.assignment.strategy"
                ),
                GroupActionSpec::SetCommitMode { .. } => {
                    format!("restart every member of {g} with the new commit settings")
                }
                GroupActionSpec::SetOffsetReset { .. } => {
                    format!("restart every member of {g} with the new auto.offset.reset")
                }
            }
        }
    }
}
