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
    /// Stop broker `broker` (a crash: its replicas stop; partitions it led elect a new leader).
    KillBroker { broker: u32 },
    /// Start a stopped broker again: its replicas truncate to the leaders' epochs and catch up.
    RestartBroker { broker: u32 },
    /// Make each replica fetch from broker `broker` take `delay_ms` longer (0 puts it back).
    SlowBroker { broker: u32, delay_ms: u32 },
    /// Move every partition's leadership to its preferred replica where it is in sync and alive.
    ElectPreferredLeaders,
}

/// Why a command was refused; the engine's state is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandError {
    /// What was wrong, in Kafka's words where Kafka has words for it.
    pub message: String,
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CommandError {}
