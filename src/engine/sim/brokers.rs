//! The cluster's brokers and the faults a user can cause: kill (fenced at once, no session
//! timeout: removed from every ISR it is in, never emptying one, and partitions it led elect a
//! new leader), restart (its replicas truncate by leader epoch, the OffsetsForLeaderEpoch round
//! trip folded into the restart, and fetch again) and slow (its fetches take longer).

use super::Sim;
use crate::engine::command::CommandError;
use crate::engine::event::Event;
use crate::engine::limits;

/// A broker's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BrokerState {
    /// Running (not killed).
    pub alive: bool,
    /// Extra delay on each fetch its replicas send, in ms (a slow broker).
    pub slow_delay_ms: u32,
}

impl Sim {
    /// Brokers 1..=n: running or not, and slowed.
    pub fn brokers(&self) -> &[BrokerState] {
        &self.brokers
    }

    /// The most brokers that were ever stopped at the same time in this run.
    pub fn most_brokers_down(&self) -> u32 {
        self.most_brokers_down
    }

    pub(super) fn alive(&self, broker: u32) -> bool {
        self.brokers
            .get(broker as usize - 1)
            .is_some_and(|b| b.alive)
    }

    fn check_broker(&self, broker: u32) -> Result<(), CommandError> {
        if broker < 1 || broker > self.config.brokers {
            return Err(CommandError::NoBroker {
                broker,
                brokers: self.config.brokers,
            });
        }
        Ok(())
    }

    pub(super) fn kill_broker(&mut self, broker: u32) -> Result<(), CommandError> {
        self.check_broker(broker)?;
        if !self.alive(broker) {
            return Err(CommandError::BrokerAlreadyStopped { broker });
        }
        self.brokers[broker as usize - 1].alive = false;
        let down = self.brokers.iter().filter(|b| !b.alive).count() as u32;
        self.most_brokers_down = self.most_brokers_down.max(down);
        self.log.push(Event::BrokerKilled {
            at_ms: self.now_ms,
            broker,
        });
        let now = self.now_ms;
        let lag = self.config.replica_lag_time_max_ms;
        for t in 0..self.topics.len() as u32 {
            let min_isr = self.topics[t as usize].config.min_insync_replicas;
            for p in 0..self.topics[t as usize].replication.len() as u32 {
                let rep = &mut self.topics[t as usize].replication[p as usize];
                let Some(i) = rep.index_of(broker) else {
                    continue;
                };
                rep.replicas[i].fetch_generation += 1;
                rep.replicas[i].parked = false;
                // Fencing removes the broker from the ISR, which never empties (no ELR here).
                if rep.isr.contains(&broker) && rep.isr.len() > 1 {
                    rep.isr.retain(|&b| b != broker);
                    rep.partition_epoch += 1;
                    self.totals.isr_shrinks += 1;
                    let isr = rep.isr.clone();
                    self.log.push(Event::IsrChanged {
                        at_ms: now,
                        topic: t,
                        partition: p,
                        isr,
                    });
                }
                let rep = &self.topics[t as usize].replication[p as usize];
                if rep.leader == Some(broker) {
                    self.elect(t, p);
                } else {
                    let alive: Vec<bool> = self.brokers.iter().map(|b| b.alive).collect();
                    let rep = &mut self.topics[t as usize].replication[p as usize];
                    if rep.maybe_increment_hw(now, lag, min_isr, |b| alive[b as usize - 1]) {
                        self.complete_delayed(t, p);
                    }
                }
            }
        }
        Ok(())
    }

    pub(super) fn restart_broker(&mut self, broker: u32) -> Result<(), CommandError> {
        self.check_broker(broker)?;
        if self.alive(broker) {
            // What a second Kafka process with the same log.dirs says.
            return Err(CommandError::BrokerRunning { broker });
        }
        self.brokers[broker as usize - 1].alive = true;
        self.log.push(Event::BrokerRestarted {
            at_ms: self.now_ms,
            broker,
        });
        for t in 0..self.topics.len() as u32 {
            for p in 0..self.topics[t as usize].replication.len() as u32 {
                let rep = &self.topics[t as usize].replication[p as usize];
                if rep.index_of(broker).is_none() {
                    continue;
                }
                match rep.leader {
                    None => self.elect(t, p),
                    Some(l) if l != broker => self.truncate_and_fetch(t, p, broker),
                    Some(_) => {}
                }
            }
        }
        // A broker coming back may make an unclean election possible elsewhere, too.
        for t in 0..self.topics.len() as u32 {
            for p in 0..self.topics[t as usize].replication.len() as u32 {
                if self.topics[t as usize].replication[p as usize]
                    .leader
                    .is_none()
                {
                    self.elect(t, p);
                }
            }
        }
        Ok(())
    }

    pub(super) fn slow_broker(&mut self, broker: u32, delay_ms: u32) -> Result<(), CommandError> {
        self.check_broker(broker)?;
        if delay_ms > limits::SLOW_DELAY_MS_MAX {
            return Err(CommandError::FetchDelayTooLong { delay_ms });
        }
        self.brokers[broker as usize - 1].slow_delay_ms = delay_ms;
        self.log.push(Event::BrokerSlowed {
            at_ms: self.now_ms,
            broker,
            delay_ms,
        });
        Ok(())
    }
}
