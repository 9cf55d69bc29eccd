//! The cluster side of an export: broker settings (dynamic ones through `kafka-configs.sh`,
//! static ones as `server.properties` lines) and one `kafka-topics.sh --create` per topic.

use super::java_names::broker_defaults as bd;
use super::{ExportBlock, BOOTSTRAP};
use crate::engine::Sim;
use crate::scenario::{ActionCommand, PlacementSpec, Scenario, TopicSpec};

/// `replica.lag.time.max.ms`'s broker default (Kafka 2.5+, KIP-537).
const REPLICA_LAG_TIME_MAX_MS_DEFAULT: u64 = 30_000;

/// The broker settings that differ from Kafka's defaults, if any.
pub(super) fn broker_settings(scenario: &Scenario) -> Vec<ExportBlock> {
    let cluster = &scenario.cluster;
    let mut blocks = Vec::new();
    let mut static_lines = Vec::new();
    if cluster.replica_lag_time_max_ms != REPLICA_LAG_TIME_MAX_MS_DEFAULT {
        static_lines.push(format!(
            "replica.lag.time.max.ms={}",
            cluster.replica_lag_time_max_ms
        ));
    }
    // The controller's and the brokers' session settings (KRaftConfigs), both static.
    if cluster.broker_session_timeout_ms != bd::BROKER_SESSION_TIMEOUT_MS {
        static_lines.push(format!(
            "broker.session.timeout.ms={}",
            cluster.broker_session_timeout_ms
        ));
    }
    if cluster.broker_heartbeat_interval_ms != bd::BROKER_HEARTBEAT_INTERVAL_MS {
        static_lines.push(format!(
            "broker.heartbeat.interval.ms={}",
            cluster.broker_heartbeat_interval_ms
        ));
    }
    if !cluster.auto_leader_rebalance {
        static_lines.push("auto.leader.rebalance.enable=false".to_string());
    }
    if cluster.log_retention_check_interval_ms != bd::LOG_RETENTION_CHECK_INTERVAL_MS {
        static_lines.push(format!(
            "log.retention.check.interval.ms={}",
            cluster.log_retention_check_interval_ms
        ));
    }
    if cluster.log_initial_task_delay_ms != bd::LOG_INITIAL_TASK_DELAY_MS {
        static_lines.push(format!(
            "log.initial.task.delay.ms={}",
            cluster.log_initial_task_delay_ms
        ));
    }
    let mut text = format!(
        "# A KRaft cluster of {} brokers, node.id 1 to {}, reachable at {BOOTSTRAP}.\n",
        cluster.brokers, cluster.brokers
    );
    if static_lines.is_empty() {
        text.push_str("# Every broker setting the scenario uses is Kafka's default.\n");
    } else {
        text.push_str(
            "# Add to every broker's server.properties (not dynamic: restart to apply):\n",
        );
        for line in &static_lines {
            text.push_str(line);
            text.push('\n');
        }
    }
    blocks.push(ExportBlock {
        title: "server.properties".to_string(),
        text,
    });
    if cluster.unclean_leader_election {
        blocks.push(ExportBlock {
            title: "Dynamic broker settings".to_string(),
            text: format!(
                "kafka-configs.sh --bootstrap-server {BOOTSTRAP} --entity-type brokers --entity-default \\\n  --alter --add-config unclean.leader.election.enable=true\n"
            ),
        });
    }
    blocks
}

/// Whether the scenario depends on which broker holds which replica: broker faults and
/// preferred elections do, and so do an explicit assignment and a placement other than
/// KRaft's default.
fn placement_matters(scenario: &Scenario) -> bool {
    scenario.cluster.placement != PlacementSpec::Striped
        || std::iter::once(&scenario.topic)
            .chain(&scenario.more_topics)
            .any(|t| !t.replica_assignment.is_empty())
        || scenario.actions.iter().any(|a| {
            matches!(
                a.command,
                ActionCommand::KillBroker { .. }
                    | ActionCommand::ShutdownBroker { .. }
                    | ActionCommand::IsolateBroker { .. }
                    | ActionCommand::HealBroker { .. }
                    | ActionCommand::RestartBroker { .. }
                    | ActionCommand::SlowBroker { .. }
                    | ActionCommand::ElectPreferredLeaders
            )
        })
}

/// One `kafka-topics.sh --create` per topic.
pub(super) fn create_topics(scenario: &Scenario) -> ExportBlock {
    let sim = Sim::new(scenario.sim_config()).ok();
    let exact = placement_matters(scenario);
    let mut text = String::new();
    if exact {
        let why = if std::iter::once(&scenario.topic)
            .chain(&scenario.more_topics)
            .any(|t| !t.replica_assignment.is_empty())
        {
            "the scenario gives them explicitly"
        } else {
            "the steps below stop or slow particular brokers"
        };
        text.push_str(&format!("# The replicas are placed as in the playground (the first broker of each partition is its\n# preferred leader), because {why}.\n"));
    }
    let topics = std::iter::once(&scenario.topic).chain(&scenario.more_topics);
    for (index, topic) in topics.enumerate() {
        let assignment = sim
            .as_ref()
            .filter(|_| exact)
            .map(|sim| replica_assignment(sim, index as u32));
        text.push_str(&create_topic(topic, assignment.as_deref()));
    }
    ExportBlock {
        title: "Create the topics".to_string(),
        text,
    }
}

/// `--replica-assignment`'s value: each partition's brokers, preferred leader first.
fn replica_assignment(sim: &Sim, topic: u32) -> String {
    sim.topic_run(topic)
        .replications()
        .iter()
        .map(|r| {
            r.replicas
                .iter()
                .map(|replica| replica.broker.to_string())
                .collect::<Vec<_>>()
                .join(":")
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn create_topic(topic: &TopicSpec, assignment: Option<&str>) -> String {
    let mut line = format!(
        "kafka-topics.sh --bootstrap-server {BOOTSTRAP} --create --topic {}",
        topic.name
    );
    match assignment {
        // TopicCommand refuses --partitions and --replication-factor beside it.
        Some(assignment) => line.push_str(&format!(" \\\n  --replica-assignment {assignment}")),
        None => line.push_str(&format!(
            " \\\n  --partitions {} --replication-factor {}",
            topic.partitions, topic.replication_factor
        )),
    }
    let mut configs = Vec::new();
    if topic.min_insync_replicas != 1 {
        configs.push(format!("min.insync.replicas={}", topic.min_insync_replicas));
    }
    if topic.retention_ms != bd::RETENTION_MS {
        configs.push(format!("retention.ms={}", topic.retention_ms));
    }
    if topic.retention_bytes != bd::RETENTION_BYTES {
        configs.push(format!("retention.bytes={}", topic.retention_bytes));
    }
    if topic.segment_bytes != bd::SEGMENT_BYTES {
        configs.push(format!("segment.bytes={}", topic.segment_bytes));
    }
    if topic.segment_ms != bd::SEGMENT_MS {
        configs.push(format!("segment.ms={}", topic.segment_ms));
    }
    for config in configs {
        line.push_str(&format!(" \\\n  --config {config}"));
    }
    line.push('\n');
    line
}
