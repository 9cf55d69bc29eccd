//! What happened in a run, one value per happening. The page's event log, the CLI's trace and
//! the determinism hash are all read from these.

use super::trace::TraceHasher;
use super::Origin;
use std::fmt;
use std::rc::Rc;

/// One thing that happened at one sim time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// Producer `producer` accepted a record for topic `topic`: it chose `partition` and put it
    /// in its batch `batch_id`.
    Sent {
        at_ms: u64,
        producer: u32,
        topic: u32,
        record_id: u64,
        key: Option<Rc<str>>,
        partition: u32,
        origin: Origin,
        batch_id: u64,
    },
    /// The producer's keyless partitioner moved to partition `to`.
    PartitionerSwitched { at_ms: u64, producer: u32, to: u32 },
    /// A batch left the producer for its partition's leader.
    BatchSent {
        at_ms: u64,
        producer: u32,
        topic: u32,
        batch_id: u64,
        partition: u32,
        records: u32,
        bytes: u32,
    },
    /// The partition leader appended the record at `offset`.
    Appended {
        at_ms: u64,
        topic: u32,
        record_id: u64,
        partition: u32,
        offset: u64,
    },
    /// The producer's rate changed.
    RateChanged {
        at_ms: u64,
        producer: u32,
        rate_per_sec: u32,
    },
    /// The topic grew from `from` to `to` partitions; `keys_moved` of the `keys_tracked` keys
    /// seen so far now map to another partition.
    PartitionsAdded {
        at_ms: u64,
        topic: u32,
        from: u32,
        to: u32,
        keys_moved: u64,
        keys_tracked: u64,
    },
    /// A record of `entity` landed in partition `to` while its earlier ones are in `from`:
    /// from `offset` on, its order across partitions is not guaranteed.
    OrderSplit {
        at_ms: u64,
        topic: u32,
        entity: Rc<str>,
        from: u32,
        to: u32,
        offset: u64,
    },
    /// A command was refused; nothing changed.
    Rejected { at_ms: u64, reason: String },
    /// Something happened in consumer group `group` (by index). Boxed: it is the largest
    /// variant, and every event (two per record) moves through the log at the size of the
    /// largest.
    Group {
        group: u32,
        event: Box<super::group::GroupEvent>,
    },
    /// A broker crashed (killed): it stopped, and the controller has not noticed yet.
    BrokerKilled { at_ms: u64, broker: u32 },
    /// The controller fenced a broker whose session timed out (or that registered again after
    /// a crash): out of every ISR, its leaderships elected away.
    BrokerFenced { at_ms: u64, broker: u32 },
    /// A broker shut down in a controlled way: leaderships and ISR memberships moved first.
    BrokerShutDown { at_ms: u64, broker: u32 },
    /// A broker was cut off from the controller and the other brokers; `clients` says whether
    /// the clients can still reach it.
    BrokerIsolated {
        at_ms: u64,
        broker: u32,
        clients: bool,
    },
    /// A broker's isolation ended.
    BrokerHealed { at_ms: u64, broker: u32 },
    /// A broker started again.
    BrokerRestarted { at_ms: u64, broker: u32 },
    /// A broker's replication was slowed: each fetch it sends takes `delay_ms` more (0: normal).
    BrokerSlowed {
        at_ms: u64,
        broker: u32,
        delay_ms: u32,
    },
    /// A partition got a new leader (`None`: offline) in epoch `epoch`.
    LeaderChanged {
        at_ms: u64,
        topic: u32,
        partition: u32,
        leader: Option<u32>,
        epoch: u32,
        unclean: bool,
    },
    /// A partition's in-sync replicas changed.
    IsrChanged {
        at_ms: u64,
        topic: u32,
        partition: u32,
        isr: Vec<u32>,
    },
    /// A replica's log was truncated to `to_offset`, removing `records` records.
    Truncated {
        at_ms: u64,
        topic: u32,
        partition: u32,
        broker: u32,
        to_offset: u64,
        records: u64,
    },
    /// A produce request failed with Kafka's `error`; `retry` says whether the producer retries.
    ProduceFailed {
        at_ms: u64,
        producer: u32,
        topic: u32,
        partition: u32,
        batch_id: u64,
        records: u32,
        error: crate::engine::producer::ProduceError,
        retry: bool,
    },
    /// Records the producer had been told were written are gone from the leader's log.
    AckedLost {
        at_ms: u64,
        topic: u32,
        partition: u32,
        producer: u32,
        records: u64,
    },
    /// The broker's retention task deleted a partition's oldest segments
    /// (`UnifiedLog.deleteOldSegments`): its log start offset moved to `log_start_offset`.
    SegmentsDeleted {
        at_ms: u64,
        topic: u32,
        partition: u32,
        reason: super::DeletionReason,
        log_start_offset: u64,
    },
}

impl Event {
    /// Whether it is about replication or a broker fault (these happen only with faults, so
    /// the page lists them among the notable events).
    pub fn is_replication(&self) -> bool {
        matches!(
            self,
            Event::BrokerKilled { .. }
                | Event::BrokerFenced { .. }
                | Event::BrokerShutDown { .. }
                | Event::BrokerIsolated { .. }
                | Event::BrokerHealed { .. }
                | Event::BrokerRestarted { .. }
                | Event::BrokerSlowed { .. }
                | Event::LeaderChanged { .. }
                | Event::IsrChanged { .. }
                | Event::Truncated { .. }
                | Event::ProduceFailed { .. }
                | Event::AckedLost { .. }
                | Event::SegmentsDeleted { .. }
        )
    }

    /// Sim time of the event, in ms.
    pub fn at_ms(&self) -> u64 {
        match self {
            Event::Sent { at_ms, .. }
            | Event::PartitionerSwitched { at_ms, .. }
            | Event::BatchSent { at_ms, .. }
            | Event::Appended { at_ms, .. }
            | Event::OrderSplit { at_ms, .. }
            | Event::RateChanged { at_ms, .. }
            | Event::PartitionsAdded { at_ms, .. }
            | Event::Rejected { at_ms, .. }
            | Event::BrokerKilled { at_ms, .. }
            | Event::BrokerFenced { at_ms, .. }
            | Event::BrokerShutDown { at_ms, .. }
            | Event::BrokerIsolated { at_ms, .. }
            | Event::BrokerHealed { at_ms, .. }
            | Event::BrokerRestarted { at_ms, .. }
            | Event::BrokerSlowed { at_ms, .. }
            | Event::LeaderChanged { at_ms, .. }
            | Event::IsrChanged { at_ms, .. }
            | Event::Truncated { at_ms, .. }
            | Event::ProduceFailed { at_ms, .. }
            | Event::AckedLost { at_ms, .. }
            | Event::SegmentsDeleted { at_ms, .. } => *at_ms,
            Event::Group { event, .. } => event.at_ms,
        }
    }

    /// Folds every field into the run's trace hash.
    pub fn hash_into(&self, h: &mut TraceHasher) {
        match self {
            Event::Sent {
                at_ms,
                producer,
                topic,
                record_id,
                key,
                partition,
                origin,
                batch_id,
            } => {
                h.write_u64(1);
                h.write_index(*producer);
                h.write_index(*topic);
                h.write_u64(*batch_id);
                h.write_u64(*at_ms);
                h.write_u64(*record_id);
                match key {
                    Some(k) => {
                        h.write_u64(1);
                        h.write_str(k);
                    }
                    None => h.write_u64(0),
                }
                h.write_u64(u64::from(*partition));
                h.write_u64(*origin as u64);
            }
            Event::PartitionerSwitched {
                at_ms,
                producer,
                to,
            } => {
                h.write_u64(6);
                h.write_index(*producer);
                h.write_u64(*at_ms);
                h.write_u64(u64::from(*to));
            }
            Event::BatchSent {
                at_ms,
                producer,
                topic,
                batch_id,
                partition,
                records,
                bytes,
            } => {
                h.write_u64(7);
                h.write_index(*producer);
                h.write_index(*topic);
                h.write_u64(*at_ms);
                h.write_u64(*batch_id);
                h.write_u64(u64::from(*partition));
                h.write_u64(u64::from(*records));
                h.write_u64(u64::from(*bytes));
            }
            Event::Appended {
                at_ms,
                topic,
                record_id,
                partition,
                offset,
            } => {
                h.write_u64(2);
                h.write_index(*topic);
                h.write_u64(*at_ms);
                h.write_u64(*record_id);
                h.write_u64(u64::from(*partition));
                h.write_u64(*offset);
            }
            Event::RateChanged {
                at_ms,
                producer,
                rate_per_sec,
            } => {
                h.write_u64(3);
                h.write_index(*producer);
                h.write_u64(*at_ms);
                h.write_u64(u64::from(*rate_per_sec));
            }
            Event::PartitionsAdded {
                at_ms,
                topic,
                from,
                to,
                keys_moved,
                keys_tracked,
            } => {
                h.write_u64(4);
                h.write_index(*topic);
                h.write_u64(*at_ms);
                h.write_u64(u64::from(*from));
                h.write_u64(u64::from(*to));
                h.write_u64(*keys_moved);
                h.write_u64(*keys_tracked);
            }
            Event::OrderSplit {
                at_ms,
                topic,
                entity,
                from,
                to,
                offset,
            } => {
                h.write_u64(8);
                h.write_index(*topic);
                h.write_u64(*at_ms);
                h.write_str(entity);
                h.write_u64(u64::from(*from));
                h.write_u64(u64::from(*to));
                h.write_u64(*offset);
            }
            Event::Rejected { at_ms, reason } => {
                h.write_u64(5);
                h.write_u64(*at_ms);
                h.write_str(reason);
            }
            Event::Group { group, event } => {
                // Group events are few (no event per heartbeat or per record), so folding their
                // debug text costs little and covers every field.
                h.write_u64(9);
                h.write_u64(u64::from(*group));
                h.write_u64(event.at_ms);
                h.write_str(event.member.as_deref().unwrap_or(""));
                h.write_str(&format!("{:?}", event.kind));
            }
            // The replication events (`is_replication`) happen only with faults, so runs without
            // any keep their hashes; their trace line carries every field.
            other => {
                debug_assert!(other.is_replication());
                h.write_u64(10);
                h.write_str(&other.to_string());
            }
        }
    }
}

impl fmt::Display for Event {
    /// One compact trace line, e.g. `t=120 send r5 key="user-1" p2 b3 by producer`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Event::Sent {
                at_ms,
                producer,
                topic,
                record_id,
                key,
                partition,
                origin,
                batch_id,
            } => {
                let by = match origin {
                    Origin::Producer => "producer",
                    Origin::User => "user",
                };
                let (who, t) = (Tag("P", *producer), TopicTag(*topic));
                match key {
                    Some(k) => write!(f, "t={at_ms} send{who} r{record_id} key={k:?} {t}p{partition} b{batch_id} by {by}"),
                    None => write!(f, "t={at_ms} send{who} r{record_id} key=null {t}p{partition} b{batch_id} by {by}"),
                }
            }
            Event::PartitionerSwitched {
                at_ms,
                producer,
                to,
            } => write!(f, "t={at_ms} sticky{} -> p{to}", Tag("P", *producer)),
            Event::BatchSent {
                at_ms,
                producer,
                topic,
                batch_id,
                partition,
                records,
                bytes,
            } => {
                let (who, t) = (Tag("P", *producer), TopicTag(*topic));
                write!(
                    f,
                    "t={at_ms} batch{who} b{batch_id} {t}p{partition} {records} records {bytes} B"
                )
            }
            Event::Appended {
                at_ms,
                topic,
                record_id,
                partition,
                offset,
            } => {
                write!(
                    f,
                    "t={at_ms} append r{record_id} {}p{partition}@{offset}",
                    TopicTag(*topic)
                )
            }
            Event::RateChanged {
                at_ms,
                producer,
                rate_per_sec,
            } => write!(f, "t={at_ms} rate{} {rate_per_sec}/s", Tag("P", *producer)),
            Event::PartitionsAdded {
                at_ms,
                topic,
                from,
                to,
                keys_moved,
                keys_tracked,
            } => {
                write!(
                    f,
                    "t={at_ms} partitions {}{from}->{to} moved {keys_moved}/{keys_tracked} keys",
                    TopicTag(*topic)
                )
            }
            Event::OrderSplit {
                at_ms,
                topic,
                entity,
                from,
                to,
                offset,
            } => {
                write!(
                    f,
                    "t={at_ms} split {entity:?} {}p{from}->p{to}@{offset}",
                    TopicTag(*topic)
                )
            }
            Event::Rejected { at_ms, reason } => write!(f, "t={at_ms} rejected {reason:?}"),
            Event::Group { group, event } => {
                write!(
                    f,
                    "t={} group{group} {} {:?}",
                    event.at_ms,
                    event.member.as_deref().unwrap_or("-"),
                    event.kind
                )
            }
            Event::BrokerKilled { at_ms, broker } => write!(f, "t={at_ms} broker b{broker} killed"),
            Event::BrokerFenced { at_ms, broker } => write!(f, "t={at_ms} broker b{broker} fenced"),
            Event::BrokerShutDown { at_ms, broker } => {
                write!(f, "t={at_ms} broker b{broker} controlled shutdown")
            }
            Event::BrokerIsolated {
                at_ms,
                broker,
                clients,
            } => {
                let who = if *clients {
                    "clients still reach it"
                } else {
                    "clients cut off too"
                };
                write!(f, "t={at_ms} broker b{broker} isolated ({who})")
            }
            Event::BrokerHealed { at_ms, broker } => write!(f, "t={at_ms} broker b{broker} healed"),
            Event::BrokerRestarted { at_ms, broker } => {
                write!(f, "t={at_ms} broker b{broker} restarted")
            }
            Event::BrokerSlowed {
                at_ms,
                broker,
                delay_ms,
            } => write!(f, "t={at_ms} broker b{broker} fetch delay {delay_ms} ms"),
            Event::LeaderChanged {
                at_ms,
                topic,
                partition,
                leader,
                epoch,
                unclean,
            } => {
                let t = TopicTag(*topic);
                match leader {
                    Some(l) => write!(
                        f,
                        "t={at_ms} leader {t}p{partition} b{l} epoch {epoch}{}",
                        if *unclean { " UNCLEAN" } else { "" }
                    ),
                    None => write!(
                        f,
                        "t={at_ms} leader {t}p{partition} none (offline) epoch {epoch}"
                    ),
                }
            }
            Event::IsrChanged {
                at_ms,
                topic,
                partition,
                isr,
            } => {
                let list: Vec<String> = isr.iter().map(|b| format!("b{b}")).collect();
                write!(
                    f,
                    "t={at_ms} isr {}p{partition} [{}]",
                    TopicTag(*topic),
                    list.join(",")
                )
            }
            Event::Truncated {
                at_ms,
                topic,
                partition,
                broker,
                to_offset,
                records,
            } => {
                write!(f, "t={at_ms} truncate {}p{partition} b{broker} to {to_offset} ({records} records gone)", TopicTag(*topic))
            }
            Event::ProduceFailed {
                at_ms,
                producer,
                topic,
                partition,
                batch_id,
                records,
                error,
                retry,
            } => {
                let then = if *retry { "retrying" } else { "failed" };
                write!(f, "t={at_ms} produce-error{} b{batch_id} {}p{partition} {records} records {error} {then}", Tag("P", *producer), TopicTag(*topic))
            }
            Event::SegmentsDeleted {
                at_ms,
                topic,
                partition,
                reason,
                log_start_offset,
            } => {
                let why = match reason {
                    super::DeletionReason::RetentionBytes => "retention.bytes",
                    super::DeletionReason::RetentionMs => "retention.ms",
                };
                write!(
                    f,
                    "t={at_ms} segments-deleted {}p{partition} by {why}, log start {log_start_offset}",
                    TopicTag(*topic)
                )
            }
            Event::AckedLost {
                at_ms,
                topic,
                partition,
                producer,
                records,
            } => {
                write!(
                    f,
                    "t={at_ms} acked-lost{} {}p{partition} {records} records",
                    Tag("P", *producer),
                    TopicTag(*topic)
                )
            }
        }
    }
}

/// A producer index in a trace line: nothing for the main one (index 0), so that a one-topic,
/// one-producer trace reads as it always has; ` P1` otherwise.
struct Tag(&'static str, u32);

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.1 {
            0 => Ok(()),
            i => write!(f, " {}{i}", self.0),
        }
    }
}

/// A topic index before a partition (`T1:p0`); nothing for the main topic.
struct TopicTag(u32);

impl fmt::Display for TopicTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => Ok(()),
            i => write!(f, "T{i}:"),
        }
    }
}
