//! The mapping between v1's shape and the engine's: a scenario's `SimConfig` (and the scenario
//! a configuration gives), and the engine `Command` each wire action stands for, both ways.

use crate::engine::OrderKeyBy;
use crate::engine::{self, Command, KeySource, PartitionerKind, SimConfig, TopicRef};

use super::{
    AcksSpec, Action, ActionCommand, ClusterSpec, GroupSpec, KeysSpec, OrderKeySpec,
    PartitionerSpec, PlacementSpec, ProducerSpec, Scenario, TopicSpec, ViewSpec, FORMAT_VERSION,
};

impl From<AcksSpec> for engine::Acks {
    fn from(a: AcksSpec) -> Self {
        match a {
            AcksSpec::Zero => engine::Acks::Zero,
            AcksSpec::One => engine::Acks::One,
            AcksSpec::All => engine::Acks::All,
        }
    }
}

impl From<engine::Acks> for AcksSpec {
    fn from(a: engine::Acks) -> Self {
        match a {
            engine::Acks::Zero => AcksSpec::Zero,
            engine::Acks::One => AcksSpec::One,
            engine::Acks::All => AcksSpec::All,
        }
    }
}

impl From<PartitionerSpec> for PartitionerKind {
    fn from(p: PartitionerSpec) -> Self {
        match p {
            PartitionerSpec::BuiltIn => PartitionerKind::BuiltIn,
            PartitionerSpec::StickyLegacy => PartitionerKind::StickyLegacy,
            PartitionerSpec::RoundRobinLegacy => PartitionerKind::RoundRobinLegacy,
            PartitionerSpec::RoundRobin => PartitionerKind::RoundRobin,
            PartitionerSpec::RoundRobinKafka9965 => PartitionerKind::RoundRobinKafka9965,
        }
    }
}

impl From<PartitionerKind> for PartitionerSpec {
    fn from(p: PartitionerKind) -> Self {
        match p {
            PartitionerKind::BuiltIn => PartitionerSpec::BuiltIn,
            PartitionerKind::StickyLegacy => PartitionerSpec::StickyLegacy,
            PartitionerKind::RoundRobinLegacy => PartitionerSpec::RoundRobinLegacy,
            PartitionerKind::RoundRobin => PartitionerSpec::RoundRobin,
            PartitionerKind::RoundRobinKafka9965 => PartitionerSpec::RoundRobinKafka9965,
        }
    }
}

impl From<OrderKeySpec> for OrderKeyBy {
    fn from(k: OrderKeySpec) -> Self {
        match k {
            OrderKeySpec::OrderId => OrderKeyBy::OrderId,
            OrderKeySpec::EventType => OrderKeyBy::EventType,
            OrderKeySpec::None => OrderKeyBy::None,
        }
    }
}

impl From<OrderKeyBy> for OrderKeySpec {
    fn from(k: OrderKeyBy) -> Self {
        match k {
            OrderKeyBy::OrderId => OrderKeySpec::OrderId,
            OrderKeyBy::EventType => OrderKeySpec::EventType,
            OrderKeyBy::None => OrderKeySpec::None,
        }
    }
}

impl From<&Command> for ActionCommand {
    fn from(c: &Command) -> Self {
        match c {
            Command::Produce {
                producer,
                key,
                partition,
            } => ActionCommand::Produce {
                producer: *producer,
                key: key.clone(),
                partition: *partition,
            },
            Command::SetRate {
                producer,
                rate_per_sec,
            } => ActionCommand::SetRate {
                producer: *producer,
                rate_per_sec: *rate_per_sec,
            },
            Command::AddPartitions { topic, total } => ActionCommand::AddPartitions {
                topic: *topic,
                total: *total,
            },
            Command::Group { group, command } => ActionCommand::Group {
                group: *group,
                action: command.into(),
            },
            Command::KillBroker { broker } => ActionCommand::KillBroker { broker: *broker },
            Command::ShutdownBroker { broker } => ActionCommand::ShutdownBroker { broker: *broker },
            Command::IsolateBroker { broker, clients } => ActionCommand::IsolateBroker {
                broker: *broker,
                clients: *clients,
            },
            Command::HealBroker { broker } => ActionCommand::HealBroker { broker: *broker },
            Command::RestartBroker { broker } => ActionCommand::RestartBroker { broker: *broker },
            Command::SlowBroker { broker, delay_ms } => ActionCommand::SlowBroker {
                broker: *broker,
                delay_ms: *delay_ms,
            },
            Command::ElectPreferredLeaders => ActionCommand::ElectPreferredLeaders,
        }
    }
}

impl From<&ActionCommand> for Command {
    fn from(c: &ActionCommand) -> Self {
        match c {
            ActionCommand::Produce {
                producer,
                key,
                partition,
            } => Command::Produce {
                producer: *producer,
                key: key.clone(),
                partition: *partition,
            },
            ActionCommand::SetRate {
                producer,
                rate_per_sec,
            } => Command::SetRate {
                producer: *producer,
                rate_per_sec: *rate_per_sec,
            },
            ActionCommand::AddPartitions { topic, total } => Command::AddPartitions {
                topic: *topic,
                total: *total,
            },
            ActionCommand::Group { group, action } => Command::Group {
                group: *group,
                command: action.into(),
            },
            ActionCommand::KillBroker { broker } => Command::KillBroker { broker: *broker },
            ActionCommand::ShutdownBroker { broker } => Command::ShutdownBroker { broker: *broker },
            ActionCommand::IsolateBroker { broker, clients } => Command::IsolateBroker {
                broker: *broker,
                clients: *clients,
            },
            ActionCommand::HealBroker { broker } => Command::HealBroker { broker: *broker },
            ActionCommand::RestartBroker { broker } => Command::RestartBroker { broker: *broker },
            ActionCommand::SlowBroker { broker, delay_ms } => Command::SlowBroker {
                broker: *broker,
                delay_ms: *delay_ms,
            },
            ActionCommand::ElectPreferredLeaders => Command::ElectPreferredLeaders,
        }
    }
}

impl TopicSpec {
    fn from_config(t: &engine::TopicConfig) -> TopicSpec {
        TopicSpec {
            name: t.name.clone(),
            partitions: t.partitions,
            replication_factor: t.replication_factor,
            min_insync_replicas: t.min_insync_replicas,
            retention_ms: t.retention.retention_ms,
            retention_bytes: t.retention.retention_bytes,
            segment_bytes: t.retention.segment_bytes,
            segment_ms: t.retention.segment_ms,
            replica_assignment: t.replica_assignment.clone(),
            starting_leaders: t.starting_leaders.clone(),
            starting_isr: t.starting_isr.clone(),
            starting_log_start_offsets: t.starting_log_start_offsets.clone(),
            starting_log_end_offsets: t.starting_log_end_offsets.clone(),
        }
    }

    fn to_config(&self) -> engine::TopicConfig {
        engine::TopicConfig {
            name: self.name.clone(),
            partitions: self.partitions,
            replication_factor: self.replication_factor,
            min_insync_replicas: self.min_insync_replicas,
            retention: engine::RetentionConfig {
                retention_ms: self.retention_ms,
                retention_bytes: self.retention_bytes,
                segment_bytes: self.segment_bytes,
                segment_ms: self.segment_ms,
            },
            replica_assignment: self.replica_assignment.clone(),
            starting_leaders: self.starting_leaders.clone(),
            starting_isr: self.starting_isr.clone(),
            starting_log_start_offsets: self.starting_log_start_offsets.clone(),
            starting_log_end_offsets: self.starting_log_end_offsets.clone(),
        }
    }
}

impl ProducerSpec {
    /// v1 leaves out the main topic (index 0) and names the others.
    fn from_config(p: &engine::ProducerConfig, config: &SimConfig) -> ProducerSpec {
        let keys = match &p.key_source {
            KeySource::Fixed(values) => KeysSpec::Fixed {
                values: values.clone(),
            },
            KeySource::Entities { prefix, count } => KeysSpec::Entities {
                prefix: prefix.clone(),
                count: *count,
            },
            KeySource::Zipf {
                prefix,
                count,
                exponent_halves,
            } => KeysSpec::Zipf {
                prefix: prefix.clone(),
                count: *count,
                exponent: f64::from(*exponent_halves) / 2.0,
            },
            KeySource::HotKey {
                prefix,
                count,
                hot_key,
                share_permille,
            } => KeysSpec::HotKey {
                prefix: prefix.clone(),
                count: *count,
                hot_key: hot_key.clone(),
                share: f64::from(*share_permille) / 1000.0,
            },
            KeySource::Weighted(values) => KeysSpec::Weighted {
                values: values.clone(),
            },
            KeySource::TimestampSecond => KeysSpec::TimestampSecond,
            KeySource::RandomUnique => KeysSpec::RandomUnique,
            KeySource::OrderLifecycle {
                key_by,
                concurrent_orders,
            } => KeysSpec::OrderLifecycle {
                key_by: (*key_by).into(),
                concurrent_orders: *concurrent_orders,
            },
            KeySource::None => KeysSpec::None,
        };
        ProducerSpec {
            topic: match &p.topic {
                TopicRef::Index(0) => None,
                TopicRef::Index(i) => config.topics.get(*i).map(|t| t.name.clone()),
                TopicRef::Name(name) => Some(name.clone()),
            },
            rate_per_sec: p.rate_per_sec,
            latency_ms: p.latency_ms,
            keys,
            partitioner: p.partitioner.into(),
            adaptive: p.adaptive,
            ignore_keys: p.ignore_keys,
            batch_size: p.batch_size,
            linger_ms: p.linger_ms,
            value_bytes: p.value_bytes,
            acks: p.acks.into(),
            idempotence: p.idempotence,
            delivery_timeout_ms: p.delivery_timeout_ms,
            retry_backoff_ms: p.retry_backoff_ms,
            request_timeout_ms: p.request_timeout_ms,
            max_in_flight_requests_per_connection: p.max_in_flight_requests_per_connection,
            retry_backoff_max_ms: p.retry_backoff_max_ms,
            metadata_max_age_ms: p.metadata_max_age_ms,
        }
    }

    fn to_config(&self) -> engine::ProducerConfig {
        let key_source = match &self.keys {
            KeysSpec::Fixed { values } => KeySource::Fixed(values.clone()),
            KeysSpec::Entities { prefix, count } => KeySource::Entities {
                prefix: prefix.clone(),
                count: *count,
            },
            KeysSpec::Zipf {
                prefix,
                count,
                exponent,
            } => {
                let halves = exponent * 2.0;
                // Not a multiple of 0.5 (or not finite): 0, which validation refuses with the rule.
                let exponent_halves = if halves.fract() == 0.0 && (1.0..=6.0).contains(&halves) {
                    halves as u32
                } else {
                    0
                };
                KeySource::Zipf {
                    prefix: prefix.clone(),
                    count: *count,
                    exponent_halves,
                }
            }
            KeysSpec::HotKey {
                prefix,
                count,
                hot_key,
                share,
            } => KeySource::HotKey {
                prefix: prefix.clone(),
                count: *count,
                hot_key: hot_key.clone(),
                // Outside 0..1 (or NaN): past the limit, which validation refuses with the rule.
                share_permille: if (0.0..=1.0).contains(share) {
                    (share * 1000.0).round() as u32
                } else {
                    1001
                },
            },
            KeysSpec::Weighted { values } => KeySource::Weighted(values.clone()),
            KeysSpec::TimestampSecond => KeySource::TimestampSecond,
            KeysSpec::RandomUnique => KeySource::RandomUnique,
            KeysSpec::OrderLifecycle {
                key_by,
                concurrent_orders,
            } => KeySource::OrderLifecycle {
                key_by: (*key_by).into(),
                concurrent_orders: *concurrent_orders,
            },
            KeysSpec::None => KeySource::None,
        };
        engine::ProducerConfig {
            topic: match &self.topic {
                None => TopicRef::Index(0),
                Some(name) => TopicRef::Name(name.clone()),
            },
            rate_per_sec: self.rate_per_sec,
            key_source,
            latency_ms: self.latency_ms,
            partitioner: self.partitioner.into(),
            adaptive: self.adaptive,
            ignore_keys: self.ignore_keys,
            batch_size: self.batch_size,
            linger_ms: self.linger_ms,
            value_bytes: self.value_bytes,
            acks: self.acks.into(),
            idempotence: self.idempotence,
            delivery_timeout_ms: self.delivery_timeout_ms,
            retry_backoff_ms: self.retry_backoff_ms,
            request_timeout_ms: self.request_timeout_ms,
            max_in_flight_requests_per_connection: self.max_in_flight_requests_per_connection,
            retry_backoff_max_ms: self.retry_backoff_max_ms,
            metadata_max_age_ms: self.metadata_max_age_ms,
        }
    }
}

impl Scenario {
    /// The scenario for a configuration, with no actions.
    pub fn from_config(config: &SimConfig) -> Scenario {
        Scenario {
            version: FORMAT_VERSION,
            seed: config.seed,
            cluster: ClusterSpec {
                brokers: config.brokers,
                placement: match config.placement {
                    engine::Placement::Striped => PlacementSpec::Striped,
                    engine::Placement::AdminUtils => PlacementSpec::AdminUtils,
                },
                unclean_leader_election: config.unclean_leader_election,
                replica_lag_time_max_ms: config.replica_lag_time_max_ms,
                replica_latency_ms: config.replica_latency_ms,
                broker_session_timeout_ms: config.broker_session_timeout_ms,
                broker_heartbeat_interval_ms: config.broker_heartbeat_interval_ms,
                auto_leader_rebalance: config.auto_leader_rebalance,
                log_retention_check_interval_ms: config.log_retention_check_interval_ms,
                log_initial_task_delay_ms: config.log_initial_task_delay_ms,
            },
            // v1 has a main topic and producer: the engine's first, or v1's defaults for a
            // configuration without one (which the engine refuses anyway).
            topic: config
                .topics
                .first()
                .map(TopicSpec::from_config)
                .unwrap_or_default(),
            producer: config
                .producers
                .first()
                .map(|p| ProducerSpec::from_config(p, config))
                .unwrap_or_default(),
            more_topics: config
                .topics
                .iter()
                .skip(1)
                .map(TopicSpec::from_config)
                .collect(),
            more_producers: config
                .producers
                .iter()
                .skip(1)
                .map(|p| ProducerSpec::from_config(p, config))
                .collect(),
            groups: config.groups.iter().map(GroupSpec::from_config).collect(),
            actions: Vec::new(),
            view: ViewSpec::default(),
            lesson: None,
        }
    }

    /// The engine configuration this scenario starts from.
    pub fn sim_config(&self) -> SimConfig {
        SimConfig {
            seed: self.seed,
            brokers: self.cluster.brokers,
            placement: match self.cluster.placement {
                PlacementSpec::Striped => engine::Placement::Striped,
                PlacementSpec::AdminUtils => engine::Placement::AdminUtils,
            },
            // v1's main topic and producer are the run's index 0, the `more_*` lists follow.
            topics: std::iter::once(&self.topic)
                .chain(&self.more_topics)
                .map(TopicSpec::to_config)
                .collect(),
            producers: std::iter::once(&self.producer)
                .chain(&self.more_producers)
                .map(ProducerSpec::to_config)
                .collect(),
            groups: self.groups.iter().map(GroupSpec::to_config).collect(),
            unclean_leader_election: self.cluster.unclean_leader_election,
            replica_lag_time_max_ms: self.cluster.replica_lag_time_max_ms,
            replica_latency_ms: self.cluster.replica_latency_ms,
            broker_session_timeout_ms: self.cluster.broker_session_timeout_ms,
            broker_heartbeat_interval_ms: self.cluster.broker_heartbeat_interval_ms,
            auto_leader_rebalance: self.cluster.auto_leader_rebalance,
            log_retention_check_interval_ms: self.cluster.log_retention_check_interval_ms,
            log_initial_task_delay_ms: self.cluster.log_initial_task_delay_ms,
        }
    }
}

impl Action {
    /// The wire form of `command`, applied at `at_ms`.
    pub fn from_command(at_ms: u64, command: &Command) -> Action {
        Action {
            at_ms,
            command: command.into(),
        }
    }

    /// The engine command this action stands for.
    pub fn to_command(&self) -> Command {
        (&self.command).into()
    }
}
