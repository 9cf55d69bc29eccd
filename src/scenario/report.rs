//! The CLI's `run` report: what a headless run produced, as JSON. Its fields are documented in
//! `docs/scenario-format.md`; later features add fields, never rename them.

use crate::engine::btree_collect::CollectBTree;
use crate::engine::{partition_for_key_str, Sim, TopicRun};
use crate::engine::{ConsumerGroup, MemberPhase};
use serde::Serialize;
use std::collections::BTreeMap;

/// A summary of a run at its current time. The run-wide counts cover every topic; the main
/// topic's details sit at the top level (as they did when a run had one topic), the other
/// topics' in `more_topics`, and every producer in `producers`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Sim time the run stopped at, in ms.
    pub until_ms: u64,
    /// The seed.
    pub seed: u64,
    /// Brokers in the cluster.
    pub brokers: u32,
    /// Records sent by the producers and by user actions, over every topic.
    pub records_produced: u64,
    /// Records appended to a partition, over every topic.
    pub records_appended: u64,
    /// Records sent but not yet appended.
    pub records_in_flight: u64,
    /// Records sent with a key, over every topic.
    pub records_keyed: u64,
    /// Commands the engine refused.
    pub commands_rejected: u64,
    /// Batches the producers sent.
    pub batches_sent: u64,
    /// Times the main producer's keyless partitioner switched partition.
    pub partitioner_switches: u64,
    /// The main topic.
    #[serde(flatten)]
    pub main_topic: TopicDetail,
    /// The other topics, in scenario order, each with its own counts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub more_topics: Vec<TopicReport>,
    /// Every producer, the main one first.
    pub producers: Vec<ProducerReport>,
    /// Every consumer group: what it consumed, processed and committed, and what went wrong.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupReport>,
    /// Replication over every topic: acknowledged, failed, lost, truncated, unavailable.
    pub replication: ReplicationReport,
    /// Events in the run.
    pub events: u64,
    /// FNV-1a hash of every event, as 16 hex digits: equal hashes mean identical runs.
    pub trace_hash: String,
}

/// Replication over the whole run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReplicationReport {
    /// Brokers stopped at the end.
    pub brokers_down: Vec<u32>,
    /// Each broker's state at the end, broker 1 first: `running`, `stopped` (crashed, not yet
    /// fenced), `fenced`, `isolated` or `slowed`.
    pub broker_states: Vec<&'static str>,
    /// Records acknowledged to the producers (acks=0: when sent).
    pub records_acked: u64,
    /// Records whose send failed for good.
    pub records_failed: u64,
    /// Produce attempts refused or failed (retried or not), by Kafka's error name.
    pub produce_errors: BTreeMap<String, u64>,
    /// Acknowledged records later lost (gone from the leader's log): the headline figure.
    pub records_acked_lost: u64,
    /// The same, per acks setting (`"0"`, `"1"`, `"all"`), over the producers using it.
    pub acked_lost_by_acks: BTreeMap<String, u64>,
    /// Records appended again by retries (duplicates in the log).
    pub records_duplicated: u64,
    /// Records removed from replicas' logs by truncation, over the whole run (exact).
    pub records_truncated: u64,
    /// Partitions whose ISR is smaller than their replicas now.
    pub under_replicated_partitions: u64,
    /// Partitions with no leader now.
    pub offline_partitions: u64,
    /// Partition-milliseconds without a leader, over every partition.
    pub unavailable_partition_ms: u64,
}

/// Where one topic's records went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TopicDetail {
    /// Topic name.
    pub topic: String,
    /// Partition count at the end.
    pub partition_count: u32,
    /// The busiest partition's rate over the last second as a percentage of the mean (100 = even).
    pub skew_percent: u64,
    /// Which entities (keys, or order ids) have records in more than one partition.
    pub ordering: OrderingReport,
    /// Each time the topic grew: how many keys now map elsewhere.
    pub resizes: Vec<ResizeReport>,
    /// Each partition's end offset (records appended), in partition order.
    pub partitions: Vec<PartitionReport>,
    /// Every key seen, in key order.
    pub keys: BTreeMap<String, KeyReport>,
    /// True when more distinct keys were seen than are tracked.
    pub keys_truncated: bool,
}

/// A topic other than the main one: its own counts and details.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TopicReport {
    /// Records sent to this topic.
    pub records_produced: u64,
    /// Records appended to it.
    pub records_appended: u64,
    /// Records sent to it with a key.
    pub records_keyed: u64,
    /// Batches sent to it.
    pub batches_sent: u64,
    /// Where its records went.
    #[serde(flatten)]
    pub detail: TopicDetail,
}

/// One producer in the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProducerReport {
    /// The topic it writes to.
    pub topic: String,
    /// Its rate at the end, in records per second.
    pub rate_per_sec: u32,
    /// Its partitioner, by its scenario name.
    pub partitioner: crate::scenario::PartitionerSpec,
    /// Records it sent (user sends through it included).
    pub records_sent: u64,
    /// Batches it sent.
    pub batches_sent: u64,
    /// Times its keyless partitioner switched partition.
    pub partitioner_switches: u64,
    /// `acks`: `"0"`, `"1"` or `"all"`.
    pub acks: String,
    /// Records acknowledged.
    pub acked: u64,
    /// Records failed for good, by error.
    pub failed: BTreeMap<String, u64>,
    /// Records retried.
    pub retried: u64,
    /// Records appended again by a retry.
    pub duplicates: u64,
    /// Acknowledged records later lost.
    pub acked_lost: u64,
}

/// One consumer group in the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroupReport {
    /// `group.id`.
    pub group_id: String,
    /// `group.protocol`: `classic` or `consumer` (KIP-848).
    pub protocol: &'static str,
    /// The coordinator's state at the end (`Stable`, `PreparingRebalance`, ...; under the
    /// `consumer` protocol `Empty`, `Assigning`, `Reconciling` or `Stable`).
    pub state: String,
    /// The `consumer` protocol's group epoch at the end (absent for a classic group).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_epoch: Option<i32>,
    /// The `consumer` protocol's target assignment epoch at the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_assignment_epoch: Option<i32>,
    /// The `consumer` protocol's members at the end, each with its member epoch and
    /// reconciliation state (absent for a classic group).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub member_epochs: Vec<MemberEpochReport>,
    /// The generation at the end.
    pub generation: i32,
    /// The assignor the group selected, if it has one.
    pub assignor: Option<String>,
    /// `EAGER` or `COOPERATIVE`.
    pub rebalance_protocol: String,
    /// The `__consumer_offsets` partition holding its offsets (of 50).
    pub offsets_partition: u32,
    /// Members in the group now.
    pub members: u64,
    /// Of those, members with no partition.
    pub idle_members: u64,
    /// Records returned by polls (each time).
    pub consumed: u64,
    /// Record processings (each time).
    pub processed: u64,
    /// Records the committed offsets moved past.
    pub committed: u64,
    /// Records committed past but never processed by the group.
    pub lost: u64,
    /// Processings of a record already processed.
    pub duplicated: u64,
    /// Records processed after a later record of their key.
    pub out_of_order: u64,
    /// Records between the committed offsets (or the log start) and the high watermarks.
    pub lag: u64,
    /// Rebalances that completed.
    pub rebalances: u64,
    /// Partition-milliseconds with no running owner (the cost of rebalances and failures).
    pub pause_partition_ms: u64,
    /// The same after the group's first rebalance completed: what later rebalances cost.
    pub rebalance_pause_partition_ms: u64,
    /// The most partitions paused at the same moment after the first rebalance completed.
    pub most_partitions_paused_at_once: u64,
    /// Commits that failed.
    pub commit_failures: u64,
    /// Positions a member found past a divergence of the log when it validated them against a
    /// new leader (KIP-320), and moved back to the first divergent offset (or reset).
    pub truncations_detected: u64,
    /// Records a member's position fell behind the log start before it read them (reset by
    /// `auto.offset.reset` on OFFSET_OUT_OF_RANGE).
    pub skipped_by_retention: u64,
    /// The first flagged records: `{kind, at_ms, member, partition, offset, key}`.
    pub first_flags: Vec<FlagReport>,
    /// A share group's record counts (KIP-932; absent for a consumer group).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<ShareReport>,
}

/// A share group's figures in the report (KIP-932). Its ledger's flags read as a queue's:
/// `duplicated` is records delivered (and processed) more than once, `lost` records archived
/// without being processed, `out_of_order` per-key order broken.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShareReport {
    /// `share.acknowledgement.mode`.
    pub acknowledgement_mode: &'static str,
    /// Acquisitions (each delivery attempt).
    pub acquired: u64,
    /// Records accepted.
    pub acknowledged: u64,
    /// Records released (by the application or a closing member).
    pub released: u64,
    /// Records rejected.
    pub rejected: u64,
    /// Acquisitions of a record delivered before.
    pub redelivered: u64,
    /// Records archived (rejected, or out of delivery attempts).
    pub archived: u64,
    /// Acquisition locks that expired.
    pub lock_expired: u64,
    /// Acknowledgements refused (`INVALID_RECORD_STATE`: the lock had expired).
    pub ack_refused: u64,
    /// Records processed more than once.
    pub delivered_more_than_once: u64,
    /// Records archived without being processed.
    pub archived_undelivered: u64,
    /// Records processed after a later record of their key.
    pub order_broken: u64,
}

/// A `consumer`-protocol member's epoch in the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MemberEpochReport {
    /// The member's name.
    pub member: String,
    /// Its member epoch (-2 while a static member is away).
    pub member_epoch: i32,
    /// `STABLE`, `UNREVOKED_PARTITIONS` or `UNRELEASED_PARTITIONS`.
    pub state: &'static str,
}

/// One flagged record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FlagReport {
    /// `lost`, `duplicate` or `out_of_order`.
    pub kind: &'static str,
    /// When it was flagged.
    pub at_ms: u64,
    /// The member involved.
    pub member: String,
    /// `topic-partition`.
    pub partition: String,
    /// Its offset.
    pub offset: u64,
    /// Its key, if any.
    pub key: Option<String>,
}

/// One partition in the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartitionReport {
    /// The partition id.
    pub partition: u32,
    /// Its log end offset.
    pub end_offset: u64,
    /// Its log start offset: the oldest offset retention kept (0 until segments are deleted).
    pub log_start_offset: u64,
    /// Its replicas by broker id; the first is the leader.
    pub replicas: Vec<u32>,
    /// Records appended per second over the last second of the run.
    pub records_per_sec: u64,
    /// Key and value bytes appended per second over the last second.
    pub bytes_per_sec: u64,
    /// At least twice the mean rate.
    pub hot: bool,
    /// The leader's broker, `null` when offline.
    pub leader: Option<u32>,
    /// The leader epoch.
    pub leader_epoch: u32,
    /// The in-sync replicas.
    pub isr: Vec<u32>,
    /// The high watermark: consumers read below it.
    pub high_watermark: u64,
    /// Each replica's log end offset, in replica order.
    pub replica_log_end_offsets: Vec<u64>,
    /// Milliseconds without a leader so far.
    pub unavailable_ms: u64,
    /// Recent truncations: `{at_ms, broker, to_offset, offsets}` (the offsets removed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub truncations: Vec<TruncationReport>,
}

/// One truncation of a replica's log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TruncationReport {
    /// When.
    pub at_ms: u64,
    /// The broker whose log was cut.
    pub broker: u32,
    /// Its log end offset afterwards.
    pub to_offset: u64,
    /// How many records were removed (exact).
    pub records: u64,
    /// The offsets removed (the newest 64 at most).
    pub offsets: Vec<u64>,
}

/// The ordering audit in the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrderingReport {
    /// Entities whose placement is tracked.
    pub entities_audited: u64,
    /// Entities with records in more than one partition: their order is not guaranteed.
    pub entities_split: u64,
    /// Times an entity's record landed in another partition than its previous one.
    pub moves: u64,
    /// The first splits, in time order.
    pub first_splits: Vec<SplitReport>,
    /// True when more entities were seen than are audited.
    pub truncated: bool,
}

/// One growth of the topic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResizeReport {
    /// When, in ms.
    pub at_ms: u64,
    /// Partitions before.
    pub from: u32,
    /// Partitions after.
    pub to: u32,
    /// Keys seen before the growth.
    pub keys_tracked: u64,
    /// Keys whose partition changed.
    pub keys_moved: u64,
    /// The first moved keys: `{key, from, to}`.
    pub moved: Vec<MovedKey>,
}

/// A key that maps to another partition after a growth.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MovedKey {
    /// The key.
    pub key: String,
    /// Its partition before.
    pub from: u32,
    /// Its partition after.
    pub to: u32,
}

/// One entity's first split.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SplitReport {
    /// The key or order id.
    pub entity: String,
    /// When, in ms.
    pub at_ms: u64,
    /// Where its earlier records are.
    pub from_partition: u32,
    /// Where this record went.
    pub to_partition: u32,
    /// From this offset of `to_partition` on, the entity's order is not guaranteed.
    pub offset: u64,
}

/// One key in the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyReport {
    /// The partition the key maps to now: `toPositive(murmur2(key)) % partition_count`.
    pub partition: u32,
    /// Records sent with the key.
    pub records: u64,
    /// Records per partition (more than one entry after partitions were added).
    pub by_partition: BTreeMap<u32, u64>,
}

/// Summarises a run.
pub fn report(sim: &Sim) -> Report {
    let totals = sim.totals();
    let now_ms = sim.now_ms();
    Report {
        until_ms: now_ms,
        seed: sim.config().seed,
        brokers: sim.config().brokers,
        records_produced: totals.sent,
        records_appended: totals.appended,
        records_in_flight: sim.in_flight().count() as u64,
        records_keyed: totals.keyed,
        commands_rejected: totals.rejected,
        batches_sent: totals.batches_sent,
        partitioner_switches: sim.producer(0).client().switches(),
        main_topic: topic_detail(&sim.topics()[0], now_ms),
        more_topics: sim.topics()[1..]
            .iter()
            .map(|run| TopicReport {
                records_produced: run.totals().sent,
                records_appended: run.totals().appended,
                records_keyed: run.totals().keyed,
                batches_sent: run.totals().batches_sent,
                detail: topic_detail(run, now_ms),
            })
            .collect(),
        producers: sim
            .producers()
            .iter()
            .map(|p| ProducerReport {
                topic: sim.topic_run(p.topic()).name().to_string(),
                rate_per_sec: p.rate_per_sec(),
                partitioner: p.config().partitioner.into(),
                records_sent: p.records_sent(),
                batches_sent: p.batches_sent(),
                partitioner_switches: p.client().switches(),
                acks: p.config().acks.as_str().to_string(),
                acked: p.ledger().acked,
                failed: p
                    .ledger()
                    .failed_by
                    .iter()
                    .map(|(k, v)| (k.to_string(), *v))
                    .collect_map(),
                retried: p.ledger().retried,
                duplicates: p.ledger().duplicates,
                acked_lost: p.ledger().acked_lost,
            })
            .collect(),
        replication: replication_report(sim),
        groups: sim.groups().iter().map(|g| group_report(g, sim)).collect(),
        events: sim.event_log().total,
        trace_hash: format!("{:016x}", sim.event_log().hash()),
    }
}

fn topic_detail(run: &TopicRun, now_ms: u64) -> TopicDetail {
    let topic = run.topic();
    let n = topic.n_partitions();
    let load = run.load(now_ms);
    let audit = run.audit();
    TopicDetail {
        topic: topic.name.clone(),
        partition_count: n,
        skew_percent: load.skew_percent,
        ordering: OrderingReport {
            entities_audited: audit.entities_audited() as u64,
            entities_split: audit.entities_split,
            moves: audit.moves,
            first_splits: audit
                .first_splits
                .iter()
                .map(|s| SplitReport {
                    entity: s.entity.to_string(),
                    at_ms: s.at_ms,
                    from_partition: s.from,
                    to_partition: s.to,
                    offset: s.offset,
                })
                .collect(),
            truncated: audit.truncated,
        },
        resizes: run
            .resizes()
            .iter()
            .map(|r| ResizeReport {
                at_ms: r.at_ms,
                from: r.from,
                to: r.to,
                keys_tracked: r.keys_tracked,
                keys_moved: r.keys_moved,
                moved: r
                    .moved
                    .iter()
                    .map(|(k, from, to)| MovedKey {
                        key: k.to_string(),
                        from: *from,
                        to: *to,
                    })
                    .collect(),
            })
            .collect(),
        partitions: topic
            .partitions
            .iter()
            .enumerate()
            .map(|(p, log)| {
                let l = load.partitions[p];
                let rep = &run.replications()[p];
                PartitionReport {
                    partition: p as u32,
                    end_offset: log.end_offset(),
                    log_start_offset: run.log_start_offset(p as u32),
                    replicas: topic.replicas[p].clone(),
                    records_per_sec: l.records_per_sec,
                    bytes_per_sec: l.bytes_per_sec,
                    hot: l.hot,
                    leader: rep.leader,
                    leader_epoch: rep.leader_epoch,
                    isr: rep.isr.clone(),
                    high_watermark: run.consumer_high_watermark(p as u32),
                    replica_log_end_offsets: rep.replicas.iter().map(|r| r.leo()).collect(),
                    unavailable_ms: rep.unavailable_ms_at(now_ms),
                    truncations: rep
                        .truncations
                        .iter()
                        .map(|t| TruncationReport {
                            at_ms: t.at_ms,
                            broker: t.broker,
                            to_offset: t.to_offset,
                            records: t.records,
                            offsets: t.removed.iter().map(|&(o, _)| o).collect(),
                        })
                        .collect(),
                }
            })
            .collect(),
        keys: run
            .keys()
            .map(|(k, s)| {
                let key = KeyReport {
                    partition: partition_for_key_str(k, n),
                    records: s.records,
                    by_partition: s.by_partition.clone(),
                };
                (k.to_string(), key)
            })
            .collect_map(),
        keys_truncated: run.keys_truncated(),
    }
}

fn replication_report(sim: &Sim) -> ReplicationReport {
    let figures = sim.replication_figures();
    let mut produce_errors = BTreeMap::new();
    let mut acked_lost_by_acks = BTreeMap::new();
    for p in sim.producers() {
        for (k, v) in &p.ledger().errors_by {
            *produce_errors.entry(k.to_string()).or_default() += v;
        }
        *acked_lost_by_acks
            .entry(p.config().acks.as_str().to_string())
            .or_default() += p.ledger().acked_lost;
    }
    ReplicationReport {
        brokers_down: sim
            .brokers()
            .iter()
            .enumerate()
            .filter(|(_, b)| !b.alive)
            .map(|(i, _)| i as u32 + 1)
            .collect(),
        broker_states: sim.brokers().iter().map(|b| b.status().as_str()).collect(),
        records_acked: figures.records_acked,
        records_failed: figures.records_failed,
        produce_errors,
        records_acked_lost: figures.records_acked_lost,
        acked_lost_by_acks,
        records_duplicated: sim.totals().duplicates,
        records_truncated: figures.records_truncated,
        under_replicated_partitions: figures.under_replicated_partitions,
        offline_partitions: figures.offline_partitions,
        unavailable_partition_ms: figures.unavailable_partition_ms,
    }
}

/// Flagged records listed per kind in the report.
const FLAGS_LISTED: usize = 10;

fn group_report(group: &ConsumerGroup, sim: &Sim) -> GroupReport {
    let logs = sim.logs();
    let coordinator = group.coordinator_view();
    let members = group.members(&logs);
    let in_group: Vec<_> = members
        .iter()
        .filter(|m| {
            !matches!(
                m.phase,
                MemberPhase::Crashed | MemberPhase::Closed | MemberPhase::Failed
            )
        })
        .collect();
    let ledger = group.ledger();
    let metrics = group.metrics();
    let share = group.share_view();
    let flags = [
        ("lost", &ledger.lost),
        ("duplicate", &ledger.duplicates),
        ("out_of_order", &ledger.out_of_order),
    ];
    GroupReport {
        group_id: group.config().group_id.clone(),
        protocol: if share.is_some() {
            "share"
        } else {
            coordinator.group_protocol.as_str()
        },
        state: coordinator.state_name.to_string(),
        group_epoch: share
            .as_ref()
            .map(|s| s.group_epoch)
            .or(coordinator.group_epoch),
        target_assignment_epoch: coordinator.target_assignment_epoch,
        member_epochs: group
            .consumer_coordinator()
            .map(|c| {
                c.members()
                    .iter()
                    .map(|m| MemberEpochReport {
                        member: group
                            .consumers()
                            .iter()
                            .find(|x| x.member_id == m.member_id)
                            .map_or_else(|| m.member_id.clone(), |x| x.name.clone()),
                        member_epoch: m.member_epoch,
                        state: m.state.as_str(),
                    })
                    .collect()
            })
            .or_else(|| {
                share.as_ref().map(|s| {
                    s.members
                        .iter()
                        .filter(|m| m.member_epoch > 0)
                        .map(|m| MemberEpochReport {
                            member: m.name.clone(),
                            member_epoch: m.member_epoch,
                            state: "STABLE",
                        })
                        .collect()
                })
            })
            .unwrap_or_default(),
        generation: coordinator.generation,
        assignor: coordinator.protocol.map(|a| a.as_str().to_string()),
        rebalance_protocol: coordinator.rebalance_protocol.as_str().to_string(),
        offsets_partition: coordinator.offsets_partition,
        members: in_group.len() as u64,
        idle_members: group.idle_members() as u64,
        consumed: ledger.counts.consumed,
        processed: ledger.counts.processed,
        committed: ledger.counts.committed,
        lost: ledger.counts.lost,
        duplicated: ledger.counts.duplicated,
        out_of_order: ledger.counts.out_of_order,
        lag: group.total_lag(&logs),
        rebalances: metrics.rebalances_completed,
        pause_partition_ms: metrics.pause_partition_ms,
        rebalance_pause_partition_ms: metrics.rebalance_pause_partition_ms,
        most_partitions_paused_at_once: metrics.most_paused_at_once_after_first_join,
        commit_failures: metrics.commit_failures,
        truncations_detected: metrics.truncations_detected,
        skipped_by_retention: ledger.counts.skipped_by_retention,
        first_flags: flags
            .iter()
            .flat_map(|(kind, list)| {
                list.iter().take(FLAGS_LISTED).map(move |f| FlagReport {
                    kind,
                    at_ms: f.at_ms,
                    member: f.member.clone(),
                    partition: f.tp.to_string(),
                    offset: f.offset,
                    key: f.key.as_deref().map(str::to_string),
                })
            })
            .collect(),
        share: share.map(|s| ShareReport {
            acknowledgement_mode: s.acknowledgement_mode,
            acquired: s.counts.acquired,
            acknowledged: s.counts.acknowledged,
            released: s.counts.released,
            rejected: s.counts.rejected,
            redelivered: s.counts.redelivered,
            archived: s.counts.archived,
            lock_expired: s.counts.lock_expired,
            ack_refused: s.counts.ack_refused,
            delivered_more_than_once: ledger.counts.duplicated,
            archived_undelivered: ledger.counts.lost,
            order_broken: ledger.counts.out_of_order,
        }),
    }
}
