//! What a user (or a scripted scenario) can ask the engine to do. Every click in the page
//! becomes one of these, stamped with the sim time it was applied at, so a run is exactly
//! `(config, seed, [(time, command)])` and can be replayed from a link.

/// One user action on the simulation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Send one record now through producer `producer` (to its topic), with this key (`None`: a
    /// null key) and, if given, an explicit partition, which overrides key and partitioner as
    /// in Kafka.
    Produce {
        producer: u32,
        key: Option<String>,
        partition: Option<u32>,
    },
    /// Change producer `producer`'s rate from now on, in records per second.
    SetRate { producer: u32, rate_per_sec: u32 },
    /// Grow topic `topic` to `total` partitions (Kafka's `createPartitions`: it can only grow).
    AddPartitions { topic: u32, total: u32 },
    /// Something for consumer group `group`: add, close, crash or restart a member, make one
    /// slow, change the strategy, commit mode or reset policy.
    Group {
        group: u32,
        command: super::group::GroupCommand,
    },
    /// Crash broker `broker`: it stops at once, and the controller fences it only once
    /// `broker.session.timeout.ms` has passed since its last heartbeat; until then it stays in
    /// its ISRs and keeps the partitions it led.
    KillBroker { broker: u32 },
    /// Controlled shutdown of broker `broker`: the controller moves its leaderships away and
    /// removes it from every ISR first (never emptying one), then it stops.
    ShutdownBroker { broker: u32 },
    /// Cut broker `broker` off from the controller and the other brokers; `clients` says
    /// whether producers and consumers can still reach it (a partial partition).
    IsolateBroker { broker: u32, clients: bool },
    /// End broker `broker`'s isolation.
    HealBroker { broker: u32 },
    /// Start a stopped broker again: its replicas truncate to the leaders' epochs and catch up.
    RestartBroker { broker: u32 },
    /// Make each replica fetch from broker `broker` take `delay_ms` longer (0 puts it back).
    SlowBroker { broker: u32, delay_ms: u32 },
    /// Move every partition's leadership to its preferred replica where it is in sync and alive.
    ElectPreferredLeaders,
}

/// Why a command was refused; the engine's state is unchanged. `Display` gives the words the
/// page and the event log show, Kafka's where Kafka has words for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandError {
    /// A producer index past the run's producers.
    NoProducer { producer: u32, producers: usize },
    /// A topic index past the run's topics.
    NoTopic { topic: u32, topics: usize },
    /// A group index past the run's consumer groups.
    NoGroup { group: u32, groups: usize },
    /// A broker id outside 1 to the cluster's size.
    NoBroker { broker: u32, brokers: u32 },
    /// Stopping a broker that is already stopped.
    BrokerAlreadyStopped { broker: u32 },
    /// Starting a broker that is running (a second process on the same log directory).
    BrokerRunning { broker: u32 },
    /// Isolating a broker that is already isolated.
    BrokerAlreadyIsolated { broker: u32 },
    /// Healing a broker that is not isolated.
    BrokerNotIsolated { broker: u32 },
    /// A fetch delay over the limit.
    FetchDelayTooLong { delay_ms: u32 },
    /// An explicit partition the producer's topic does not have (`KafkaProducer.waitOnMetadata`).
    PartitionOutOfRange { partition: u32, partitions: u32 },
    /// Growing a topic to the count it has (`ReplicationControlManager.createPartitions`).
    PartitionsUnchanged { current: u32 },
    /// Shrinking a topic: partitions can only grow.
    PartitionsCannotShrink {
        topic: String,
        current: u32,
        total: u32,
    },
    /// A value past the playground's limits (a partition count, a key, a rate).
    OverLimit(super::config::LimitError),
    /// The new partitions' replicas could not be placed, in the placer's words.
    Placement { reason: String },
    /// The consumer group refused its command.
    Group(super::group::GroupCommandError),
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommandError::NoProducer {
                producer,
                producers,
            } => write!(
                f,
                "there is no producer {producer} (this run has {producers})"
            ),
            CommandError::NoTopic { topic, topics } => {
                write!(f, "there is no topic {topic} (this run has {topics})")
            }
            CommandError::NoGroup { group, groups } => write!(
                f,
                "there is no consumer group {group} (this run has {groups})"
            ),
            CommandError::NoBroker { broker, brokers } => write!(
                f,
                "there is no broker {broker}: this cluster has brokers 1 to {brokers}"
            ),
            CommandError::BrokerAlreadyStopped { broker } => {
                write!(f, "broker {broker} is already stopped")
            }
            CommandError::BrokerRunning { broker } => write!(
                f,
                "broker {broker} is running: Failed to acquire lock on file .lock in /var/lib/kafka/data. A Kafka instance in another process or thread is using this directory."
            ),
            CommandError::BrokerAlreadyIsolated { broker } => {
                write!(f, "broker {broker} is already isolated")
            }
            CommandError::BrokerNotIsolated { broker } => {
                write!(f, "broker {broker} is not isolated")
            }
            CommandError::FetchDelayTooLong { delay_ms } => write!(
                f,
                "a fetch delay is at most {} ms, not {delay_ms}",
                super::limits::SLOW_DELAY_MS_MAX
            ),
            CommandError::PartitionOutOfRange {
                partition,
                partitions,
            } => write!(
                f,
                "Invalid partition given with record: {partition} is not in the range [0...{partitions})."
            ),
            CommandError::PartitionsUnchanged { current } => {
                write!(f, "Topic already has {current} partition(s).")
            }
            CommandError::PartitionsCannotShrink {
                topic,
                current,
                total,
            } => write!(
                f,
                "The topic {topic} currently has {current} partition(s); {total} would not be an increase."
            ),
            CommandError::OverLimit(e) => write!(f, "{e}"),
            CommandError::Placement { reason } => f.write_str(reason),
            CommandError::Group(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for CommandError {}

impl From<super::config::LimitError> for CommandError {
    fn from(e: super::config::LimitError) -> Self {
        CommandError::OverLimit(e)
    }
}

impl From<super::group::GroupCommandError> for CommandError {
    fn from(e: super::group::GroupCommandError) -> Self {
        CommandError::Group(e)
    }
}

#[cfg(test)]
mod tests {
    use super::super::config::LimitError;
    use super::super::group::GroupCommandError;
    use super::super::limits;
    use super::*;

    #[test]
    fn each_refusal_keeps_kafkas_words() {
        let cases = [
            (
                CommandError::NoProducer {
                    producer: 3,
                    producers: 2,
                },
                "there is no producer 3 (this run has 2)".to_string(),
            ),
            (
                CommandError::NoTopic {
                    topic: 4,
                    topics: 1,
                },
                "there is no topic 4 (this run has 1)".to_string(),
            ),
            (
                CommandError::NoGroup {
                    group: 1,
                    groups: 0,
                },
                "there is no consumer group 1 (this run has 0)".to_string(),
            ),
            (
                CommandError::NoBroker {
                    broker: 9,
                    brokers: 3,
                },
                "there is no broker 9: this cluster has brokers 1 to 3".to_string(),
            ),
            (
                CommandError::BrokerAlreadyStopped { broker: 2 },
                "broker 2 is already stopped".to_string(),
            ),
            (
                CommandError::BrokerRunning { broker: 1 },
                "broker 1 is running: Failed to acquire lock on file .lock in /var/lib/kafka/data. A Kafka instance in another process or thread is using this directory.".to_string(),
            ),
            (
                CommandError::FetchDelayTooLong { delay_ms: 999_999 },
                format!(
                    "a fetch delay is at most {} ms, not 999999",
                    limits::SLOW_DELAY_MS_MAX
                ),
            ),
            (
                CommandError::PartitionOutOfRange {
                    partition: 7,
                    partitions: 6,
                },
                "Invalid partition given with record: 7 is not in the range [0...6).".to_string(),
            ),
            (
                CommandError::PartitionsUnchanged { current: 6 },
                "Topic already has 6 partition(s).".to_string(),
            ),
            (
                CommandError::PartitionsCannotShrink {
                    topic: "orders".to_string(),
                    current: 6,
                    total: 4,
                },
                "The topic orders currently has 6 partition(s); 4 would not be an increase."
                    .to_string(),
            ),
            (
                CommandError::OverLimit(LimitError::NoPartitions),
                "a topic needs at least 1 partition".to_string(),
            ),
            (
                CommandError::Placement {
                    reason: "no brokers".to_string(),
                },
                "no brokers".to_string(),
            ),
            (
                CommandError::Group(GroupCommandError::TooManyMembers),
                format!(
                    "a group here has at most {} members",
                    super::super::group::limits::MEMBERS_MAX
                ),
            ),
        ];
        for (error, text) in cases {
            assert_eq!(error.to_string(), text);
        }
    }
}
