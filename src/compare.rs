//! Side by side: the same scenario and seed with one setting changed, run in lockstep, so the
//! difference one setting makes shows in the numbers (range versus cooperative-sticky, auto
//! versus manual commit, ...). A variation is named by a short id, which links carry in
//! `view.compare`; applying it to a scenario gives the other side's scenario.

use crate::scenario::{
    AssignorSpec, CommitSpec, GroupTypeSpec, KeysSpec, PartitionerSpec, ProcessingSpec,
    ProtocolSpec, Scenario,
};

/// One setting to change for the other side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variation {
    /// The main producer's keyless partitioner: 3.3+ built-in versus 2.4–3.2 sticky.
    Partitioner,
    /// The main producer's keys: as configured versus none (null keys).
    NullKeys,
    /// The main topic with twice the partitions.
    DoublePartitions,
    /// The first group's strategy: eager range versus cooperative-sticky (or back).
    Strategy,
    /// The first group's commits: auto-commit versus commitSync after each poll (or back).
    Commit,
    /// The first group's processing: in the poll loop versus four worker threads (or back).
    Workers,
    /// The main producer's `partitioner.adaptive.partitioning.enable` (built-in partitioner).
    Adaptive,
    /// The main producer's `enable.idempotence` (with acks=all).
    Idempotence,
    /// The first group's `group.protocol`: classic versus consumer (KIP-848), or back.
    Protocol,
    /// The first group's `type`: a consumer group versus a share group (KIP-932), or back.
    Share,
}

impl Variation {
    /// Every variation, in the order the page offers them.
    pub const ALL: [Variation; 10] = [
        Variation::Strategy,
        Variation::Commit,
        Variation::Workers,
        Variation::Partitioner,
        Variation::NullKeys,
        Variation::DoublePartitions,
        Variation::Adaptive,
        Variation::Idempotence,
        Variation::Protocol,
        Variation::Share,
    ];

    /// The id links use.
    pub fn id(self) -> &'static str {
        match self {
            Variation::Partitioner => "partitioner",
            Variation::NullKeys => "null-keys",
            Variation::DoublePartitions => "double-partitions",
            Variation::Strategy => "strategy",
            Variation::Commit => "commit",
            Variation::Workers => "workers",
            Variation::Adaptive => "adaptive",
            Variation::Idempotence => "idempotence",
            Variation::Protocol => "protocol",
            Variation::Share => "share",
        }
    }

    /// The variation with this id.
    pub fn from_id(id: &str) -> Option<Variation> {
        Variation::ALL.into_iter().find(|v| v.id() == id)
    }

    /// Whether it changes anything in `s` (group variations need a group).
    pub fn applies(self, s: &Scenario) -> bool {
        match self {
            Variation::Strategy
            | Variation::Commit
            | Variation::Workers
            | Variation::Protocol
            | Variation::Share => !s.groups.is_empty(),
            Variation::NullKeys => s.producer.keys != KeysSpec::None,
            Variation::DoublePartitions => {
                s.topic.partitions * 2 <= crate::engine::limits::PARTITIONS_MAX
            }
            Variation::Partitioner => true,
            Variation::Adaptive => s.producer.partitioner == PartitionerSpec::BuiltIn,
            Variation::Idempotence => s.producer.acks == crate::scenario::AcksSpec::All,
        }
    }

    /// What the two sides are, in words: `("range (eager)", "cooperative-sticky")`.
    pub fn sides(self, s: &Scenario) -> (String, String) {
        let b = self.apply(s);
        let describe = |s: &Scenario| match self {
            Variation::Partitioner => match s.producer.partitioner {
                PartitionerSpec::BuiltIn => "built-in sticky partitioner (3.3+)".into(),
                PartitionerSpec::StickyLegacy => "sticky partitioner (2.4–3.2)".into(),
                PartitionerSpec::RoundRobinLegacy => "round robin (before 2.4)".into(),
                PartitionerSpec::RoundRobin => "RoundRobinPartitioner (4.x)".into(),
                PartitionerSpec::RoundRobinKafka9965 => {
                    "RoundRobinPartitioner (2.4–3.9.1, skips: KAFKA-9965)".into()
                }
            },
            Variation::NullKeys => {
                if s.producer.keys == KeysSpec::None {
                    "null keys".into()
                } else {
                    "keys as set".into()
                }
            }
            Variation::DoublePartitions => format!("{} partitions", s.topic.partitions),
            Variation::Adaptive => {
                if s.producer.adaptive {
                    "adaptive partitioning".into()
                } else {
                    "uniform sticky (adaptive off)".into()
                }
            }
            Variation::Idempotence => {
                if s.producer.idempotence {
                    "idempotent producer".into()
                } else {
                    "idempotence off".into()
                }
            }
            Variation::Strategy => s.groups.first().map_or(String::new(), |g| {
                g.assignors
                    .iter()
                    .map(|a| crate::engine::AssignorKind::from(*a).as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
            Variation::Commit => s.groups.first().map_or(String::new(), |g| match g.commit {
                CommitSpec::Auto { interval_ms } => format!("auto-commit every {interval_ms} ms"),
                CommitSpec::SyncPerBatch => "commitSync after each poll".into(),
                CommitSpec::SyncPerRecord => "commitSync after each record".into(),
                CommitSpec::AsyncPerBatch => "commitAsync after each poll".into(),
                CommitSpec::BeforeProcessing => "commit before processing".into(),
            }),
            Variation::Protocol => {
                s.groups
                    .first()
                    .map_or(String::new(), |g| match g.group_protocol {
                        ProtocolSpec::Classic => {
                            let eager = !g
                                .assignors
                                .iter()
                                .all(|a| *a == AssignorSpec::CooperativeSticky);
                            format!(
                                "classic protocol ({})",
                                if eager { "eager" } else { "cooperative" }
                            )
                        }
                        ProtocolSpec::Consumer => "consumer protocol (KIP-848)".into(),
                    })
            }
            Variation::Share => s
                .groups
                .first()
                .map_or(String::new(), |g| match g.group_type {
                    GroupTypeSpec::Consumer => "consumer group".into(),
                    GroupTypeSpec::Share => "share group (KIP-932)".into(),
                }),
            Variation::Workers => s
                .groups
                .first()
                .map_or(String::new(), |g| match g.processing {
                    ProcessingSpec::PollLoop => "processing in the poll loop".into(),
                    ProcessingSpec::Workers { threads } => format!("{threads} worker threads"),
                }),
        };
        (describe(s), describe(&b))
    }

    /// The other side's scenario: `s` with this one setting changed (actions, seed and view
    /// kept, so both sides see the same user actions at the same times).
    pub fn apply(self, s: &Scenario) -> Scenario {
        let mut b = s.clone();
        match self {
            Variation::Partitioner => {
                b.producer.partitioner = match s.producer.partitioner {
                    PartitionerSpec::BuiltIn => PartitionerSpec::StickyLegacy,
                    _ => PartitionerSpec::BuiltIn,
                }
            }
            Variation::NullKeys => b.producer.keys = KeysSpec::None,
            Variation::Adaptive => b.producer.adaptive = !s.producer.adaptive,
            Variation::Idempotence => b.producer.idempotence = !s.producer.idempotence,
            Variation::DoublePartitions => {
                b.topic.partitions =
                    (s.topic.partitions * 2).min(crate::engine::limits::PARTITIONS_MAX)
            }
            Variation::Strategy => {
                if let Some(g) = b.groups.first_mut() {
                    g.assignors = if g.assignors == [AssignorSpec::CooperativeSticky] {
                        vec![AssignorSpec::Range]
                    } else {
                        vec![AssignorSpec::CooperativeSticky]
                    };
                }
            }
            Variation::Commit => {
                if let Some(g) = b.groups.first_mut() {
                    g.commit = match g.commit {
                        CommitSpec::Auto { .. } => CommitSpec::SyncPerBatch,
                        _ => CommitSpec::Auto { interval_ms: 5_000 },
                    };
                }
            }
            Variation::Protocol => {
                if let Some(g) = b.groups.first_mut() {
                    g.group_protocol = match g.group_protocol {
                        ProtocolSpec::Classic => ProtocolSpec::Consumer,
                        ProtocolSpec::Consumer => ProtocolSpec::Classic,
                    };
                }
            }
            Variation::Share => {
                if let Some(g) = b.groups.first_mut() {
                    g.group_type = match g.group_type {
                        GroupTypeSpec::Consumer => {
                            // What a share group does not have (`GroupConfig::validate_share`).
                            g.group_protocol = ProtocolSpec::Classic;
                            g.processing = ProcessingSpec::PollLoop;
                            for m in &mut g.members {
                                m.instance_id = None;
                            }
                            GroupTypeSpec::Share
                        }
                        GroupTypeSpec::Share => GroupTypeSpec::Consumer,
                    };
                }
            }
            Variation::Workers => {
                if let Some(g) = b.groups.first_mut() {
                    g.processing = match g.processing {
                        ProcessingSpec::PollLoop => ProcessingSpec::Workers { threads: 4 },
                        ProcessingSpec::Workers { .. } => ProcessingSpec::PollLoop,
                    };
                }
            }
        }
        b.view.compare = None;
        b
    }
}
