//! Placing a topic's partitions on brokers, at creation and when the topic grows, and what
//! growing does: new partitions with their leaders, producers and followers told, the key
//! mapping compared before and after, and the subscribed groups rebalancing.

use super::topics::TopicLogs;
use super::Sim;
use crate::engine::cluster::PartitionReplication;
use crate::engine::cluster::{assign_replicas, place_striped, Placement};
use crate::engine::command::CommandError;
use crate::engine::config::{check_partitions, SimConfig};
use crate::engine::event::Event;
use crate::engine::java::partition_for_key;
use crate::engine::limits;
use crate::engine::rng::Rng;
use std::rc::Rc;

/// What growing the topic did to the key mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resize {
    /// When, in ms.
    pub at_ms: u64,
    /// Partitions before.
    pub from: u32,
    /// Partitions after.
    pub to: u32,
    /// Keys seen so far (the ones the comparison covers).
    pub keys_tracked: u64,
    /// Of those, keys whose partition changed.
    pub keys_moved: u64,
    /// The first moved keys with their old and new partitions (at most `limits::SPLITS_LISTED_MAX`).
    pub moved: Vec<(Rc<str>, u32, u32)>,
}

/// Places `n` new partitions of a topic with the configured algorithm, after `existing` ones.
/// For added partitions, AdminUtils starts at partition 0's first broker and continues the
/// numbering (AdminZkClient.createPartitions); the striped placer continues after the last
/// partition's leader (ReplicationControlManager.createPartitions).
pub(super) fn place(
    config: &SimConfig,
    rf: u32,
    n: u32,
    existing: &[Vec<u32>],
    rng: &mut Rng,
) -> Result<Vec<Vec<u32>>, String> {
    let broker_ids: Vec<u32> = (1..=config.brokers).collect();
    match config.placement {
        Placement::Striped => {
            let brokers: Vec<(u32, bool)> = broker_ids.iter().map(|&b| (b, false)).collect();
            place_striped(&brokers, n, rf, existing, rng)
        }
        Placement::AdminUtils => {
            let start = existing
                .first()
                .and_then(|r| r.first())
                .and_then(|b| broker_ids.iter().position(|x| x == b));
            let start_partition = (!existing.is_empty()).then_some(existing.len() as u32);
            assign_replicas(
                &broker_ids,
                n,
                rf,
                start.map(|i| i as u32),
                start_partition,
                rng,
            )
        }
    }
}

impl Sim {
    /// `Command::AddPartitions`: grows topic `topic` to `total` partitions.
    pub(super) fn add_partitions(&mut self, topic: u32, total: u32) -> Result<(), CommandError> {
        let Some(run) = self.topics.get(topic as usize) else {
            return Err(CommandError::NoTopic {
                topic,
                topics: self.topics.len(),
            });
        };
        let current = run.topic.n_partitions();
        // Kafka's own words, from ReplicationControlManager.createPartitions.
        if total == current {
            return Err(CommandError::PartitionsUnchanged { current });
        }
        if total < current {
            return Err(CommandError::PartitionsCannotShrink {
                topic: run.topic.name.clone(),
                current,
                total,
            });
        }
        check_partitions(total)?;
        let added = place(
            &self.config,
            run.config.replication_factor,
            total - current,
            &run.topic.replicas,
            &mut self.placement_rng,
        )
        .map_err(|reason| CommandError::Placement { reason })?;
        let run = &mut self.topics[topic as usize];
        for replicas in &added {
            let mut rep = PartitionReplication::new(replicas);
            // New partitions are led by their first live replica in the ISR (KRaft elects at creation).
            let alive: Vec<u32> = replicas
                .iter()
                .copied()
                .filter(|&b| !self.brokers[b as usize - 1].fenced)
                .collect();
            rep.isr = if alive.is_empty() {
                vec![replicas[0]]
            } else {
                alive.clone()
            };
            rep.leader = alive.first().copied();
            if rep.leader.is_none() {
                rep.offline_since_ms = Some(self.now_ms);
            }
            run.replication.push(rep);
        }
        run.topic.replicas.extend(added);
        run.topic
            .partitions
            .resize(total as usize, Default::default());
        for producer in self.producers.iter_mut().filter(|p| p.topic == topic) {
            producer.client.accumulator.resize(total);
        }
        for p in current..total {
            self.start_partition_fetchers(topic, p);
        }
        let run = &mut self.topics[topic as usize];
        let mut resize = Resize {
            at_ms: self.now_ms,
            from: current,
            to: total,
            keys_tracked: 0,
            keys_moved: 0,
            moved: Vec::new(),
        };
        for id in 0..run.key_ids.len() as u32 {
            let key = run.key_ids.name(id);
            let (before, after) = (
                partition_for_key(key.as_bytes(), current),
                partition_for_key(key.as_bytes(), total),
            );
            resize.keys_tracked += 1;
            if before != after {
                resize.keys_moved += 1;
                if resize.moved.len() < limits::SPLITS_LISTED_MAX {
                    resize.moved.push((key.clone(), before, after));
                }
            }
        }
        self.log.push(Event::PartitionsAdded {
            at_ms: self.now_ms,
            topic,
            from: current,
            to: total,
            keys_moved: resize.keys_moved,
            keys_tracked: resize.keys_tracked,
        });
        if run.resizes.len() == limits::RESIZES_KEPT_MAX {
            run.resizes.remove(0);
        }
        run.resizes.push(resize);
        // Subscribed groups see the new partitions at their next metadata refresh, modelled as
        // immediate: the leader then rejoins and a rebalance hands them out.
        let name = run.topic.name.clone();
        let logs = TopicLogs(&self.topics);
        for g in self
            .groups
            .iter_mut()
            .filter(|g| g.config().topics.contains(&name))
        {
            g.partitions_changed(self.now_ms, &name, &logs);
        }
        Ok(())
    }
}
