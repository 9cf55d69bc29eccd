//! How much simulating a run asks of the engine, counted before it runs, so the CLI and the
//! page can refuse a run that would take hours: every field is within its own limit, but
//! together they could still ask for 100000 records a second for a day.
//!
//! A unit is about one record appended (0.3 to 0.6 µs of a native release build). Each
//! happening the engine repeats is weighed in units, from what it costs when measured:
//! - every record a producer sends: its append, one copy per follower and one read per group
//!   subscribed to its topic (1 unit each);
//! - a retry of a refused write: [`RETRY_UNITS`], each record every `retry.backoff.ms` for up to
//!   `delivery.timeout.ms`, counted from when the producer's writes can be refused
//!   ([`refused_from`]: enough brokers killed or slowed that a partition may lose its leader or
//!   fall below `min.insync.replicas`, or a replica latency near the ISR's or the request's
//!   timeout);
//! - every consumer poll: [`POLL_UNITS`], plus one per partition the member owns (a poll looks
//!   at each). An idle member polls ten times a second, and a member reading polls once per
//!   `max.poll.records` records;
//! - a heartbeat: [`HEARTBEAT_UNITS`], each member every `heartbeat.interval.ms`;
//! - the leaders' ISR check: one unit per partition every `replica.lag.time.max.ms / 2`.
//!
//! Nothing else the engine does grows with the run's length or a field's value beyond a small
//! factor (a batch per record at `batch.size` 1 doubles a record's cost, a commit per poll at
//! `auto.commit.interval.ms` 0 doubles a poll's). The measure is pure integer arithmetic, so
//! the page and the CLI refuse the same runs. It is an estimate within a small factor, not a
//! count: it reads rates, members and partitions as the engine will apply the actions (a
//! refused `set_rate` changes nothing), and counts the worst case where a fault may happen.

use super::command::Command;
use super::config::{Acks, SimConfig};
use super::error::{FieldPath, Part};
use super::group::GroupCommand;
use super::limits;
use crate::engine::stable_sort;
use std::fmt;

/// The units of one consumer poll, besides one per partition it looks at.
pub const POLL_UNITS: u64 = 4;
/// How often an idle member polls (the group's `POLL_IDLE_MS` is 100 ms).
pub const IDLE_POLLS_PER_SEC: u64 = 10;
/// The units of one heartbeat (its request, the coordinator's answer, the session timer).
pub const HEARTBEAT_UNITS: u64 = 4;
/// The units of one retried write.
pub const RETRY_UNITS: u64 = 2;

/// Where a share of a run's work comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkKind {
    /// Producer `producer`'s records: each appended, copied to each follower and read by each
    /// group subscribed to its topic.
    Records {
        producer: usize,
        records: u64,
        follower_copies: u64,
        group_reads: u64,
    },
    /// Producer `producer`'s retries once writes can be refused: `records` records, each
    /// retried up to `retries_per_record` times.
    Retries {
        producer: usize,
        records: u64,
        retries_per_record: u64,
    },
    /// Group `group`'s polls (idle ones and one per `max.poll.records` records read), each
    /// looking at the partitions its member owns, of `partitions` the group reads.
    Polls {
        group: usize,
        polls: u64,
        partitions: u64,
    },
    /// Group `group`'s heartbeats.
    Heartbeats { group: usize, heartbeats: u64 },
    /// The leaders' ISR checks: `checks` times, over `partitions` partitions.
    IsrChecks { partitions: u64, checks: u64 },
}

/// One share of a run's work: how many units, where they come from, and the settings that set
/// its size (outermost first), each a typed path for the format to spell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkShare {
    /// Its work units.
    pub units: u64,
    /// Where it comes from.
    pub kind: WorkKind,
    /// The settings and actions that make it larger; lowering any of them lowers it.
    pub fields: Vec<FieldPath>,
}

/// What a run asks the engine to simulate, by where the work comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimulatedWork {
    /// The run's length, in ms of sim time.
    pub run_ms: u64,
    /// Every share with work in it: producers' records and retries, then groups' polls and
    /// heartbeats, then the ISR checks.
    pub shares: Vec<WorkShare>,
}

impl SimulatedWork {
    /// Every unit of the run.
    pub fn units(&self) -> u64 {
        self.shares
            .iter()
            .map(|s| s.units)
            .fold(0, u64::saturating_add)
    }

    /// Whether the run asks for more than [`limits::SIMULATED_WORK_MAX`].
    pub fn is_over_limit(&self) -> bool {
        self.units() > limits::SIMULATED_WORK_MAX
    }

    /// The shares, largest first (ties in their order here).
    pub fn largest_first(&self) -> Vec<&WorkShare> {
        let mut shares: Vec<&WorkShare> = self.shares.iter().collect();
        stable_sort::sort_by_key(&mut shares, |s| std::cmp::Reverse(s.units));
        shares
    }
}

impl fmt::Display for WorkKind {
    /// The share in words, without its settings (each format names those its own way).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkKind::Records {
                records,
                follower_copies,
                group_reads,
                ..
            } => write!(
                f,
                "{records} records × {}: an append, {follower_copies} follower copies, {group_reads} group reads",
                1 + follower_copies + group_reads
            ),
            WorkKind::Retries {
                records,
                retries_per_record,
                ..
            } => write!(
                f,
                "{records} records, each retried up to {retries_per_record} times while writes are refused, {RETRY_UNITS} units a retry"
            ),
            WorkKind::Polls {
                polls, partitions, ..
            } => write!(
                f,
                "{polls} polls, {POLL_UNITS} units each plus one per partition the member owns, of {partitions}"
            ),
            WorkKind::Heartbeats { heartbeats, .. } => {
                write!(f, "{heartbeats} heartbeats, {HEARTBEAT_UNITS} units each")
            }
            WorkKind::IsrChecks { partitions, checks } => {
                write!(f, "{checks} ISR checks of {partitions} partitions")
            }
        }
    }
}

/// A producer's sending over the run: its rate from each change on, and its `produce` actions.
#[derive(Clone, Debug, Default)]
struct Sending {
    /// `(from_ms, rate_per_sec)`, in time order; the first is from 0.
    rates: Vec<(u64, u32)>,
    /// When each `produce` action sends.
    produced_at_ms: Vec<u64>,
    /// The `set_rate` actions the engine will apply, by action index.
    rate_actions: Vec<usize>,
}

impl Sending {
    /// Records sent from `from_ms` to `to_ms`: the rate's over `from_ms..to_ms` (to within one
    /// per rate change), and the `produce` actions at `from_ms..=to_ms`.
    fn records_between(&self, from_ms: u64, to_ms: u64) -> u64 {
        let mut records = 0u64;
        for (k, &(start_ms, rate)) in self.rates.iter().enumerate() {
            let end_ms = self.rates.get(k + 1).map_or(u64::MAX, |r| r.0);
            let (a, b) = (start_ms.max(from_ms), end_ms.min(to_ms));
            if a < b {
                records = records.saturating_add(u64::from(rate).saturating_mul(b - a) / 1000);
            }
        }
        let produced = self
            .produced_at_ms
            .iter()
            .filter(|&&t| (from_ms..=to_ms).contains(&t))
            .count() as u64;
        records.saturating_add(produced)
    }
}

/// A consumer group's membership over the run.
#[derive(Clone, Debug, Default)]
struct Membership {
    /// Member-milliseconds: each member from when it starts to the end of the run.
    member_ms: u64,
    /// When the group first has a member, if it ever does.
    first_member_ms: Option<u64>,
    /// The `add_member` actions, by action index.
    add_actions: Vec<usize>,
}

/// The work a run of `config` with `actions` (sim time, command; in time order, their index
/// being the action's) up to `run_ms` asks for. See the module's documentation for what is
/// counted and why.
pub fn simulated_work<'a>(
    config: &SimConfig,
    actions: impl IntoIterator<Item = (u64, &'a Command)>,
    run_ms: u64,
) -> SimulatedWork {
    let mut sending: Vec<Sending> = config
        .producers
        .iter()
        .map(|p| Sending {
            rates: vec![(0, p.rate_per_sec)],
            ..Sending::default()
        })
        .collect();
    let mut partitions: Vec<u32> = config.topics.iter().map(|t| t.partitions).collect();
    let mut growth_actions: Vec<Vec<usize>> = vec![Vec::new(); config.topics.len()];
    let mut membership: Vec<Membership> = config
        .groups
        .iter()
        .map(|g| Membership {
            member_ms: (g.members.len() as u64).saturating_mul(run_ms),
            first_member_ms: (!g.members.is_empty()).then_some(0),
            add_actions: Vec::new(),
        })
        .collect();
    // Each broker the actions stop or slow, the first time, in time order.
    let mut faults: Vec<Fault> = Vec::new();
    for (index, (at_ms, command)) in actions.into_iter().enumerate() {
        if at_ms > run_ms {
            break;
        }
        match command {
            Command::Produce { producer, .. } => {
                if let Some(s) = sending.get_mut(*producer as usize) {
                    s.produced_at_ms.push(at_ms);
                }
            }
            Command::SetRate {
                producer,
                rate_per_sec,
            } if *rate_per_sec <= limits::RATE_PER_SEC_MAX => {
                if let Some(s) = sending.get_mut(*producer as usize) {
                    s.rates.push((at_ms, *rate_per_sec));
                    s.rate_actions.push(index);
                }
            }
            Command::AddPartitions { topic, total } => {
                let t = *topic as usize;
                if partitions
                    .get(t)
                    .is_some_and(|&n| *total > n && *total <= limits::PARTITIONS_MAX)
                {
                    partitions[t] = *total;
                    growth_actions[t].push(index);
                }
            }
            Command::Group {
                group,
                command: GroupCommand::AddMember { .. },
            } => {
                if let Some(m) = membership.get_mut(*group as usize) {
                    m.member_ms = m.member_ms.saturating_add(run_ms - at_ms);
                    m.first_member_ms.get_or_insert(at_ms);
                    m.add_actions.push(index);
                }
            }
            Command::KillBroker { broker }
            | Command::ShutdownBroker { broker }
            | Command::IsolateBroker { broker, .. } => {
                note_fault(&mut faults, *broker, at_ms, index, true)
            }
            Command::SlowBroker { broker, delay_ms } if *delay_ms > 0 => {
                note_fault(&mut faults, *broker, at_ms, index, false)
            }
            _ => {}
        }
    }
    let topic_of: Vec<usize> = config
        .producers
        .iter()
        .map(|p| config.topic_index(p).unwrap_or(0))
        .collect();
    let reads_topic = |g: usize, t: usize| {
        config
            .topics
            .get(t)
            .is_some_and(|topic| config.groups[g].topics.contains(&topic.name))
    };
    let mut shares = Vec::new();
    let mut records_of = Vec::with_capacity(sending.len());
    for (p, s) in sending.iter().enumerate() {
        let t = topic_of[p];
        let replication_factor = config.topics.get(t).map_or(1, |t| t.replication_factor);
        let follower_copies = u64::from(replication_factor.saturating_sub(1));
        let readers: Vec<usize> = (0..config.groups.len())
            .filter(|&g| reads_topic(g, t))
            .collect();
        let records = s.records_between(0, run_ms);
        records_of.push(records);
        let mut fields = vec![FieldPath::at(Part::Producer(p), "rate_per_sec")];
        fields.extend(action_paths(&s.rate_actions, "rate_per_sec"));
        if follower_copies > 0 {
            fields.push(FieldPath::at(Part::Topic(t), "replication_factor"));
        }
        fields.extend(
            readers
                .iter()
                .map(|&g| FieldPath::at(Part::Group(g), "topics")),
        );
        let group_reads = readers.len() as u64;
        shares.push(WorkShare {
            units: records.saturating_mul(1 + follower_copies + group_reads),
            kind: WorkKind::Records {
                producer: p,
                records,
                follower_copies,
                group_reads,
            },
            fields,
        });
    }
    for (p, producer) in config.producers.iter().enumerate() {
        let t = topic_of[p];
        let Some((from_ms, cause)) = refused_from(config, producer, t, &faults) else {
            continue;
        };
        let records = sending[p].records_between(from_ms, run_ms);
        let window_ms = u64::from(producer.delivery_timeout_ms).min(run_ms - from_ms);
        let retries_per_record = retries_within(
            window_ms,
            producer.retry_backoff_ms,
            producer.retry_backoff_max_ms,
        );
        let units = records
            .saturating_mul(retries_per_record)
            .saturating_mul(RETRY_UNITS);
        if units == 0 {
            continue;
        }
        shares.push(WorkShare {
            units,
            kind: WorkKind::Retries {
                producer: p,
                records,
                retries_per_record,
            },
            fields: vec![
                FieldPath::at(Part::Producer(p), "retry_backoff_ms"),
                FieldPath::at(Part::Producer(p), "delivery_timeout_ms"),
                FieldPath::at(Part::Producer(p), "rate_per_sec"),
                cause,
                FieldPath::at(Part::Producer(p), "retry_backoff_max_ms"),
            ],
        });
    }
    for (g, group) in config.groups.iter().enumerate() {
        let m = &membership[g];
        let Some(first_ms) = m.first_member_ms else {
            continue;
        };
        let read: Vec<usize> = (0..config.topics.len())
            .filter(|&t| reads_topic(g, t))
            .collect();
        let group_partitions: u64 = read.iter().map(|&t| u64::from(partitions[t])).sum();
        let idle_polls = m.member_ms.saturating_mul(IDLE_POLLS_PER_SEC) / 1000;
        // Each member owns its share of the partitions: together, every partition once a round.
        let idle_looks = group_partitions
            .saturating_mul(run_ms - first_ms)
            .saturating_mul(IDLE_POLLS_PER_SEC)
            / 1000;
        let records_read = (0..config.producers.len())
            .filter(|&p| read.contains(&topic_of[p]))
            .map(|p| records_of[p])
            .fold(0, u64::saturating_add);
        let reading_polls = records_read.div_ceil(u64::from(group.max_poll_records.max(1)));
        let owned = group_partitions.div_ceil(group.members.len().max(1) as u64);
        let polls = idle_polls.saturating_add(reading_polls);
        let units = polls
            .saturating_mul(POLL_UNITS)
            .saturating_add(idle_looks)
            .saturating_add(reading_polls.saturating_mul(owned));
        let mut fields = vec![
            FieldPath::at(Part::Group(g), "members"),
            FieldPath::at(Part::Group(g), "topics"),
            FieldPath::at(Part::Group(g), "max_poll_records"),
        ];
        fields.extend(action_paths(&m.add_actions, ""));
        for &t in &read {
            fields.extend(action_paths(&growth_actions[t], "total"));
        }
        shares.push(WorkShare {
            units,
            kind: WorkKind::Polls {
                group: g,
                polls,
                partitions: group_partitions,
            },
            fields,
        });
        let heartbeats = m.member_ms / u64::from(group.heartbeat_interval_ms.max(1));
        if heartbeats > 0 {
            let mut fields = vec![
                FieldPath::at(Part::Group(g), "heartbeat_interval_ms"),
                FieldPath::at(Part::Group(g), "members"),
            ];
            fields.extend(action_paths(&m.add_actions, ""));
            shares.push(WorkShare {
                units: heartbeats.saturating_mul(HEARTBEAT_UNITS),
                kind: WorkKind::Heartbeats {
                    group: g,
                    heartbeats,
                },
                fields,
            });
        }
    }
    let every_ms = (config.replica_lag_time_max_ms / 2).max(1);
    let checks = run_ms / every_ms;
    let all_partitions: u64 = partitions.iter().map(|&n| u64::from(n)).sum();
    if checks > 0 {
        let mut fields = vec![FieldPath::at(Part::Cluster, "replica_lag_time_max_ms")];
        for (t, grown) in growth_actions.iter().enumerate() {
            fields.push(FieldPath::at(Part::Topic(t), "partitions"));
            fields.extend(action_paths(grown, "total"));
        }
        shares.push(WorkShare {
            units: checks.saturating_mul(all_partitions),
            kind: WorkKind::IsrChecks {
                partitions: all_partitions,
                checks,
            },
            fields,
        });
    }
    shares.retain(|s| s.units > 0);
    SimulatedWork { run_ms, shares }
}

/// A broker stopped (`killed`) or slowed by an action, at its first such action.
#[derive(Clone, Copy, Debug)]
struct Fault {
    broker: u32,
    at_ms: u64,
    action: usize,
    killed: bool,
}

fn note_fault(faults: &mut Vec<Fault>, broker: u32, at_ms: u64, action: usize, killed: bool) {
    match faults.iter_mut().find(|f| f.broker == broker) {
        // A slowed broker killed later counts as killed from then on, for `acks=1`.
        Some(f) if killed && !f.killed => {
            faults.push(Fault {
                broker,
                at_ms,
                action,
                killed,
            });
        }
        Some(_) => {}
        None => faults.push(Fault {
            broker,
            at_ms,
            action,
            killed,
        }),
    }
}

/// From when a leader may refuse `producer`'s writes to topic `t` (and what makes it so), so
/// that it retries: the worst case, as if every broker stopped or slowed held one of the
/// partition's replicas, and each restarted broker never caught up.
/// - `acks=0` never hears of an error.
/// - `acks=all`: once `RF − min(min.insync.replicas, RF) + 1` brokers are stopped or slowed,
///   the ISR may be below its minimum (`NotEnoughReplicas`) or no replica of it left to lead;
///   and from the start when the replica latency is within a factor of four of
///   `replica.lag.time.max.ms` or `request.timeout.ms`, since followers may then leave the ISR,
///   or the high watermark reach a write only after its request timed out.
/// - `acks=1`: once a broker is stopped and, with the slowed ones (out of the ISR) or a replica
///   latency as above, every replica may be gone (`LeaderNotAvailable`).
fn refused_from(
    config: &SimConfig,
    producer: &super::config::ProducerConfig,
    t: usize,
    faults: &[Fault],
) -> Option<(u64, FieldPath)> {
    let topic = config.topics.get(t)?;
    let replicas = topic.replication_factor.max(1) as usize;
    let latency_ms = u64::from(config.replica_latency_ms);
    let timeout_ms = config
        .replica_lag_time_max_ms
        .min(u64::from(producer.request_timeout_ms));
    let lagging = replicas > 1 && latency_ms > 0 && latency_ms.saturating_mul(4) >= timeout_ms;
    let latency = || (0, FieldPath::at(Part::Cluster, "replica_latency_ms"));
    // The moment the `n`-th broker is stopped or slowed (`n` ≥ 1), with the action doing it.
    let nth = |n: usize, killed_only: bool| {
        let mut seen: Vec<u32> = Vec::new();
        faults
            .iter()
            .filter(|f| !killed_only || f.killed)
            .find(|f| {
                if !seen.contains(&f.broker) {
                    seen.push(f.broker);
                }
                seen.len() >= n
            })
            .map(|f| (f.at_ms, FieldPath::of(Part::Action(f.action))))
    };
    match producer.acks {
        Acks::Zero => None,
        Acks::All if lagging => Some(latency()),
        Acks::All => {
            let min_isr = (topic.min_insync_replicas.max(1) as usize).min(replicas);
            nth(replicas - min_isr + 1, false)
        }
        Acks::One => {
            let first_kill = nth(1, true)?;
            if lagging {
                return Some(first_kill);
            }
            // Every replica stopped or slowed, at least one of them stopped.
            nth(replicas, false).map(|at| if at.0 >= first_kill.0 { at } else { first_kill })
        }
    }
}

/// The paths of actions `indexes`, at their field `name` (the action itself when empty).
fn action_paths<'a>(
    indexes: &'a [usize],
    name: &'static str,
) -> impl Iterator<Item = FieldPath> + 'a {
    indexes.iter().map(move |&i| match name {
        "" => FieldPath::of(Part::Action(i)),
        name => FieldPath::at(Part::Action(i), name),
    })
}

#[cfg(test)]
mod tests;

/// How many retries one batch can make within `window_ms` under the exponential backoff
/// (KIP-580), each wait taken at its shortest (-20% jitter): a worst case.
fn retries_within(window_ms: u64, initial_ms: u32, max_ms: u32) -> u64 {
    let max = u64::from(max_ms.max(1));
    let mut wait = u64::from(initial_ms.max(1)).min(max);
    let (mut elapsed, mut retries) = (0u64, 0u64);
    while wait < max {
        let shortest = (wait * 8 / 10).max(1);
        if elapsed + shortest > window_ms {
            return retries;
        }
        elapsed += shortest;
        retries += 1;
        wait *= 2;
    }
    retries + (window_ms - elapsed) / (max * 8 / 10).max(1)
}
