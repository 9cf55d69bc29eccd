//! Checkers in the style of TigerBeetle's simulator: properties that must hold after every
//! step of every run. Tests call `check_invariants` after each step over many seeds; a failure
//! names the seed and the broken rule so the run can be replayed.

use super::cluster::Routing;
use super::group::LogView;
use super::java::partition_for_key;
use super::sim::{ProducerRun, Sim, TopicRun};
use std::fmt;

/// A broken invariant, with enough detail to find it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Which rule.
    pub rule: &'static str,
    /// What was seen.
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invariant '{}' broken: {}", self.rule, self.detail)
    }
}

fn fail(rule: &'static str, detail: String) -> Result<(), Violation> {
    Err(Violation { rule, detail })
}

/// Checks every invariant of the engine's state.
pub fn check_invariants(sim: &Sim) -> Result<(), Violation> {
    for (t, run) in sim.topics().iter().enumerate() {
        check_topic(sim, t as u32, run)?;
    }
    for (i, producer) in sim.producers().iter().enumerate() {
        check_producer(sim, i as u32, producer)?;
    }
    let in_flight = sim.unappended_in_flight() as u64;
    let queued: u64 = sim
        .producers()
        .iter()
        .map(|p| p.queued_unappended() as u64)
        .sum();
    let totals = sim.totals();
    if totals.sent != totals.appended - totals.reappended + in_flight + queued + totals.failed {
        return fail(
            "every sent record is appended once, in flight, queued in a batch, or failed",
            format!(
                "sent {} != appended {} - reappended {} + in flight {in_flight} + queued {queued} + failed {}",
                totals.sent, totals.appended, totals.reappended, totals.failed
            ),
        );
    }
    check_replication(sim)?;
    for group in sim.groups() {
        check_consumer_protocol_ownership(group)?;
        check_share_group(group)?;
        for p in group.partitions(&sim.logs()) {
            let hw_max = sim
                .topics()
                .iter()
                .find(|t| t.name() == p.tp.topic)
                .and_then(|t| t.replication(p.tp.partition))
                .map_or(p.high_watermark, |r| r.hw_max.max(p.high_watermark))
                // Only the newest records are kept in memory, so a lagging replica that becomes
                // leader may start past the HW; a group resetting to "earliest" starts there.
                .max(sim.logs().log_start_offset(&p.tp.topic, p.tp.partition));
            if p.committed.is_some_and(|c| c > hw_max) {
                return fail(
                    "a group's committed offset never passes the high watermark",
                    format!(
                        "{} {}: committed {:?} > {}",
                        group.config().group_id,
                        p.tp,
                        p.committed,
                        p.high_watermark
                    ),
                );
            }
        }
    }
    if let Some(next) = sim.next_event_ms() {
        if next < sim.now_ms() {
            return fail(
                "nothing is pending in the past",
                format!("next {next} < now {}", sim.now_ms()),
            );
        }
    }
    Ok(())
}

fn check_topic(sim: &Sim, t: u32, run: &TopicRun) -> Result<(), Violation> {
    let topic = run.topic();
    let n = topic.n_partitions();
    let name = &topic.name;

    if topic.replicas.len() != topic.partitions.len() {
        return fail(
            "every partition has replicas",
            format!(
                "{name}: {} replica lists for {n} partitions",
                topic.replicas.len()
            ),
        );
    }
    let rf = run.config().replication_factor as usize;
    for (p, replicas) in topic.replicas.iter().enumerate() {
        let mut distinct = replicas.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if replicas.len() != rf
            || distinct.len() != rf
            || replicas.iter().any(|&b| b < 1 || b > sim.config().brokers)
        {
            return fail(
                "a partition has replication-factor replicas on distinct brokers",
                format!("{name}-{p}: {replicas:?}"),
            );
        }
    }
    for (p, log) in topic.partitions.iter().enumerate() {
        let mut last_arrival = 0;
        for (i, stored) in log.records.iter().enumerate() {
            let expected = log.start_offset + i as u64;
            if stored.offset != expected {
                return fail(
                    "offsets are contiguous",
                    format!(
                        "{name}-{p} has offset {} at position {expected}",
                        stored.offset
                    ),
                );
            }
            if stored.record.partition as usize != p || stored.record.topic != t {
                return fail(
                    "a record sits in the topic and partition it was sent to",
                    format!("r{} in {name}-{p}", stored.record.id),
                );
            }
            if stored.record.arrives_at_ms < last_arrival
                || stored.record.arrives_at_ms > sim.now_ms()
            {
                return fail(
                    "a log is in arrival order and holds no future",
                    format!("r{} in {name}-{p}", stored.record.id),
                );
            }
            last_arrival = stored.record.arrives_at_ms;
        }
    }

    let stored = topic
        .partitions
        .iter()
        .flat_map(|log| log.records.iter().map(|s| &*s.record));
    let pending = sim.in_flight().chain(sim.queued()).filter(|r| r.topic == t);
    for record in stored.chain(pending) {
        if record.partition >= n {
            return fail(
                "partitions exist",
                format!("r{} targets {name}-{} of {n}", record.id, record.partition),
            );
        }
        if let (Some(key), Routing::Key) = (&record.key, record.routing) {
            let expected = partition_for_key(key.as_bytes(), record.n_partitions_at_send);
            if record.partition != expected {
                return fail(
                    "a keyed record goes to toPositive(murmur2(key)) % n",
                    format!(
                        "r{} key {key:?} went to {name}-{} not {expected}",
                        record.id, record.partition
                    ),
                );
            }
        }
    }
    let totals = run.totals();
    if topic.total_records() + totals.discarded != totals.appended + totals.resurrected {
        return fail(
            "log end offsets add up to appended records, less those lost to leader changes",
            format!(
                "{name}: {} + {} != {} + {}",
                topic.total_records(),
                totals.discarded,
                totals.appended,
                totals.resurrected
            ),
        );
    }
    for p in 0..n {
        let counted = run
            .keys()
            .filter(|(_, k)| k.by_partition.contains_key(&p))
            .count() as u64;
        if run.distinct_keys_in(p) != counted {
            return fail(
                "per-partition key counts match the key map",
                format!("{name}-{p}: {} != {counted}", run.distinct_keys_in(p)),
            );
        }
    }
    Ok(())
}

fn check_producer(sim: &Sim, i: u32, producer: &ProducerRun) -> Result<(), Violation> {
    let n = sim.topic_run(producer.topic()).topic().n_partitions();
    let client = producer.client();
    let batch_size = client.accumulator.batch_size;
    if client.accumulator.queues.len() != n as usize {
        return fail(
            "a producer has one batch queue per partition of its topic",
            format!(
                "producer {i}: {} queues, {n} partitions",
                client.accumulator.queues.len()
            ),
        );
    }
    for queue in &client.accumulator.queues {
        for (j, batch) in queue.iter().enumerate() {
            if batch.records.is_empty() {
                return fail(
                    "no batch is empty",
                    format!("producer {i} batch b{} on p{}", batch.id, batch.partition),
                );
            }
            // Only the last batch of a queue may still take records.
            if j + 1 < queue.len() && !batch.is_full() {
                return fail(
                    "only the newest batch of a partition is open",
                    format!("producer {i} batch b{}", batch.id),
                );
            }
            if batch.records.len() > 1
                && batch.estimated_bytes()
                    > batch_size.max(crate::engine::producer::batch_size_upper_bound(None, None))
                        + 2 * crate::engine::limits::VALUE_BYTES_MAX
            {
                return fail(
                    "a batch of several records stays within its buffer",
                    format!("producer {i} batch b{}", batch.id),
                );
            }
            if batch
                .records
                .iter()
                .any(|r| r.producer != i || r.topic != producer.topic())
            {
                return fail(
                    "a batch holds its own producer's records for its topic",
                    format!("producer {i} batch b{}", batch.id),
                );
            }
        }
    }
    if let Some(sticky) = client.built_in.sticky {
        if sticky.partition >= n {
            return fail(
                "the sticky partition exists",
                format!("producer {i}: p{} of {n}", sticky.partition),
            );
        }
        if sticky.produced_bytes >= client.built_in.sticky_batch_size.saturating_mul(2) {
            return fail(
                "the sticky partitioner switches by 2 x batch.size at the latest",
                format!(
                    "producer {i}: {} bytes on p{}",
                    sticky.produced_bytes, sticky.partition
                ),
            );
        }
    }
    Ok(())
}

/// Replication: HW ≤ LEO on the leader, the ISR within the replicas and never empty, one leader
/// (a live one, in the ISR unless it was elected uncleanly), the leader's log mirrored for the
/// rest of the run, followers never ahead of their leader's log, and acks=all with
/// min.insync.replicas ≥ 2 and no unclean election never losing an acknowledged record (with at
/// most one broker down at a time, which the caller arranges).
fn check_replication(sim: &Sim) -> Result<(), Violation> {
    for run in sim.topics() {
        let name = run.name();
        for (p, rep) in run.replications().iter().enumerate() {
            let brokers: Vec<u32> = rep.replicas.iter().map(|r| r.broker).collect();
            if brokers != run.topic().replicas[p] {
                return fail(
                    "replica state follows the assignment",
                    format!("{name}-{p}: {brokers:?}"),
                );
            }
            if rep.isr.is_empty() || rep.isr.iter().any(|b| !brokers.contains(b)) {
                return fail(
                    "the ISR is a non-empty subset of the replicas",
                    format!("{name}-{p}: isr {:?} of {brokers:?}", rep.isr),
                );
            }
            let Some(leader) = rep.leader_replica() else {
                continue;
            };
            if rep.high_watermark() > leader.leo() {
                return fail(
                    "HW <= LEO on the leader",
                    format!(
                        "{name}-{p}: hw {} > leo {}",
                        rep.high_watermark(),
                        leader.leo()
                    ),
                );
            }
            // A crashed leader keeps its leadership until the controller fences it
            // (ReplicationControlManager.handleBrokerFenced), never after.
            if sim.brokers()[leader.broker as usize - 1].fenced {
                return fail(
                    "a leader is not fenced",
                    format!("{name}-{p}: leader b{} is fenced", leader.broker),
                );
            }
            // Partition.maybeIncrementLeaderHW: the HW is the minimum LEO of the ISR, as the
            // leader last saw each follower's fetch (unknown, -1, right after an election).
            for r in rep.replicas.iter().filter(|r| r.broker != leader.broker) {
                let seen = r.fetch.log_end_offset;
                if rep.isr.contains(&r.broker) && seen >= 0 && rep.high_watermark() > seen as u64 {
                    return fail(
                        "the leader's HW never exceeds an ISR member's LEO as the leader saw it",
                        format!(
                            "{name}-{p}: hw {} > b{}'s fetched {seen}",
                            rep.high_watermark(),
                            r.broker
                        ),
                    );
                }
            }
            if !rep.isr.contains(&leader.broker) {
                return fail(
                    "the leader is in the ISR",
                    format!("{name}-{p}: leader b{} not in {:?}", leader.broker, rep.isr),
                );
            }
            let mirror = &run.topic().partitions[p];
            if mirror.end_offset() != leader.leo()
                || mirror.records.back().map(|s| s.record.id)
                    != leader.log.records.back().map(|s| s.record.id)
            {
                return fail(
                    "the topic's log is the leader's",
                    format!("{name}-{p}: {} vs {}", mirror.end_offset(), leader.leo()),
                );
            }
            if leader.epochs.latest_epoch() != Some(rep.leader_epoch) {
                return fail(
                    "the leader's epoch cache ends with the leader epoch",
                    format!(
                        "{name}-{p}: {:?} vs {}",
                        leader.epochs.entries, rep.leader_epoch
                    ),
                );
            }
            for r in &rep.replicas {
                if r.high_watermark > r.leo() {
                    return fail(
                        "HW <= LEO on every replica",
                        format!(
                            "{name}-{p} b{}: {} > {}",
                            r.broker,
                            r.high_watermark,
                            r.leo()
                        ),
                    );
                }
            }
        }
    }
    for (i, producer) in sim.producers().iter().enumerate() {
        let topic = sim.topic_run(producer.topic());
        let c = producer.config();
        let durable = c.acks == crate::engine::Acks::All
            && topic.config().min_insync_replicas >= 2
            && topic.config().replication_factor >= 2;
        if durable && !sim.config().unclean_leader_election && producer.ledger().acked_lost > 0 {
            return fail(
                "acks=all, min.insync.replicas >= 2, no unclean election: no acknowledged record is ever lost",
                format!("producer {i}: {} lost", producer.ledger().acked_lost),
            );
        }
    }
    Ok(())
}

/// KIP-932's safety rules (`group/share/invariants.rs`): a share-group record is acquired by
/// at most one member at a time, none is acknowledged twice, and the in-flight window stays
/// within `group.share.partition.max.record.locks`.
pub fn check_share_group(group: &super::group::ConsumerGroup) -> Result<(), Violation> {
    match group.share_rule_broken() {
        Some((rule, detail)) => fail(rule, format!("{} {detail}", group.config().group_id)),
        None => Ok(()),
    }
}

/// KIP-848's safety rule: the coordinator holds each partition for at most one member
/// (assigned or pending revocation), and every running member the coordinator still knows owns
/// only partitions the coordinator holds for it, so no partition is owned by two of them at
/// once. A member the coordinator has fenced may still own partitions until its next heartbeat
/// tells it, as in Kafka; it is not counted.
pub fn check_consumer_protocol_ownership(
    group: &super::group::ConsumerGroup,
) -> Result<(), Violation> {
    let Some(coordinator) = group.consumer_coordinator() else {
        return Ok(());
    };
    let mut seen = std::collections::BTreeMap::new();
    for m in coordinator.members() {
        for tp in m.holds() {
            if let Some(other) = seen.insert(tp, &m.member_id) {
                return fail(
                    "the consumer protocol's coordinator holds a partition for one member",
                    format!(
                        "{} {tp}: {other} and {}",
                        group.config().group_id,
                        m.member_id
                    ),
                );
            }
        }
    }
    for c in group.consumers().iter().filter(|c| c.status.is_running()) {
        let Some(m) = coordinator.member(&c.member_id) else {
            continue;
        };
        if let Some(tp) = c.owned.iter().find(|tp| !m.holds().any(|h| h == *tp)) {
            return fail(
                "a consumer-protocol member owns only what the coordinator holds for it",
                format!(
                    "{} {}: owns {tp} at epoch {}, coordinator has {:?} + {:?}",
                    group.config().group_id,
                    c.name,
                    c.generation,
                    m.assigned,
                    m.pending_revocation
                ),
            );
        }
    }
    Ok(())
}
