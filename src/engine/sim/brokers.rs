//! The cluster's brokers and the faults a user can cause, as KRaft has them:
//! - kill: a crash. The broker stops heartbeating; the controller fences it only when
//!   `broker.session.timeout.ms` has passed since its last heartbeat
//!   (`BrokerHeartbeatManager.hasValidSession`, `ReplicationControlManager.maybeFenceOneStaleBroker`).
//!   Until then it stays in every ISR and keeps the partitions it led.
//! - shutdown: a controlled shutdown (`handleBrokerInControlledShutdown`): leadership and ISR
//!   membership move away first, then it stops.
//! - isolate / heal: cut off from the controller and the other brokers (and optionally the
//!   clients); an isolated leader is a zombie that accepts writes it cannot replicate.
//! - restart (its replicas truncate by leader epoch, the OffsetsForLeaderEpoch round trip folded
//!   into the restart, and fetch again) and slow (its fetches take longer).
//!
//! Simplifications: heartbeats are sent at 0, `broker.heartbeat.interval.ms`, 2×, … from time 0
//! (the phase is not drawn from the seed), so a crash at `t` was last heard of at
//! `t - t % interval`; the controller fences at `last heartbeat + session timeout` (Kafka's
//! strict `>` is a nanosecond later); a broker that reaches the controller again is unfenced at
//! once (Kafka waits for it to catch up with the metadata log); the controller itself never
//! fails and is never isolated; clients see a new leader at once, so a zombie leader receives
//! writes only until it is fenced.

use super::{Pending, Sim};
use crate::engine::command::CommandError;
use crate::engine::event::Event;
use crate::engine::limits;

/// How often the controller looks for imbalanced leaders:
/// `leader.imbalance.check.interval.seconds` (300) in ms.
pub const LEADER_IMBALANCE_CHECK_INTERVAL_MS: u64 = 300_000;

/// A broker's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BrokerState {
    /// Its process runs (not crashed or shut down).
    pub alive: bool,
    /// Extra delay on each fetch its replicas send, in ms (a slow broker).
    pub slow_delay_ms: u32,
    /// The controller fenced it: it is in no ISR and leads nothing until it registers again.
    pub fenced: bool,
    /// Cut off from the controller and the other brokers.
    pub isolated: bool,
    /// While isolated: the clients cannot reach it either.
    pub clients_cut: bool,
    /// When the controller will fence it, having heard no heartbeat since (a crash or an
    /// isolation not yet healed); `None` while it heartbeats or once it is fenced.
    pub session_expires_ms: Option<u64>,
}

impl Default for BrokerState {
    fn default() -> Self {
        BrokerState {
            alive: true,
            slow_delay_ms: 0,
            fenced: false,
            isolated: false,
            clients_cut: false,
            session_expires_ms: None,
        }
    }
}

/// One word for a broker's state, as the report and the page name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrokerStatus {
    /// Running, reachable, at normal speed.
    Running,
    /// Stopped and not yet fenced: the controller still counts it (a crash inside the session
    /// timeout).
    Stopped,
    /// Stopped and fenced by the controller (after the session timeout or a controlled
    /// shutdown).
    Fenced,
    /// Running but cut off from the controller and the other brokers (fenced once its session
    /// times out).
    Isolated,
    /// Running, its fetches delayed.
    Slowed,
}

impl BrokerStatus {
    /// The word.
    pub fn as_str(self) -> &'static str {
        match self {
            BrokerStatus::Running => "running",
            BrokerStatus::Stopped => "stopped",
            BrokerStatus::Fenced => "fenced",
            BrokerStatus::Isolated => "isolated",
            BrokerStatus::Slowed => "slowed",
        }
    }
}

impl BrokerState {
    /// Its state in one word.
    pub fn status(&self) -> BrokerStatus {
        match (self.alive, self.fenced, self.isolated) {
            (false, false, _) => BrokerStatus::Stopped,
            (false, true, _) => BrokerStatus::Fenced,
            (true, _, true) => BrokerStatus::Isolated,
            _ if self.slow_delay_ms > 0 => BrokerStatus::Slowed,
            _ => BrokerStatus::Running,
        }
    }
}

impl Sim {
    /// Brokers 1..=n: running or not, fenced, isolated, slowed.
    pub fn brokers(&self) -> &[BrokerState] {
        &self.brokers
    }

    /// The most brokers that were ever stopped at the same time in this run.
    pub fn most_brokers_down(&self) -> u32 {
        self.most_brokers_down
    }

    fn broker_state(&self, broker: u32) -> Option<&BrokerState> {
        self.brokers.get((broker as usize).wrapping_sub(1))
    }

    /// Its process runs.
    pub(super) fn alive(&self, broker: u32) -> bool {
        self.broker_state(broker).is_some_and(|b| b.alive)
    }

    /// Whether a producer or consumer can reach the broker: it runs and is not isolated with
    /// its clients cut off. A zombie leader isolated from the cluster only is reachable.
    pub(super) fn reachable_by_clients(&self, broker: u32) -> bool {
        self.broker_state(broker)
            .is_some_and(|b| b.alive && !(b.isolated && b.clients_cut))
    }

    /// The controller's view (`ClusterControlManager.isActive`): registered and not fenced, so
    /// an acceptable leader and ISR-eligible. A crashed broker stays active until its session
    /// times out.
    pub(super) fn active(&self, broker: u32) -> bool {
        self.broker_state(broker).is_some_and(|b| !b.fenced)
    }

    /// Whether the broker can talk to the other brokers: it runs and is not isolated.
    pub(super) fn connected(&self, broker: u32) -> bool {
        self.broker_state(broker)
            .is_some_and(|b| b.alive && !b.isolated)
    }

    /// The controller's view of every broker, for the HW rule's `isReplicaIsrEligible`.
    pub(super) fn active_brokers(&self) -> Vec<bool> {
        self.brokers.iter().map(|b| !b.fenced).collect()
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

    /// The broker's last heartbeat was at or before now (heartbeats from time 0 every
    /// interval); the controller's session check for it is due a session timeout later.
    fn start_session_timer(&mut self, broker: u32) {
        let state = &self.brokers[broker as usize - 1];
        if state.fenced || state.session_expires_ms.is_some() {
            return;
        }
        let now = self.now_ms;
        let last_heartbeat = now - now % self.config.broker_heartbeat_interval_ms;
        let expires = last_heartbeat + self.config.broker_session_timeout_ms;
        self.brokers[broker as usize - 1].session_expires_ms = Some(expires);
        self.push_pending(expires.max(now), Pending::SessionCheck { broker });
    }

    /// Stops every fetch loop that goes through `broker`: its own as a follower, and its
    /// followers' where it leads (their fetches fail).
    fn cut_fetches(&mut self, broker: u32) {
        for run in &mut self.topics {
            for rep in &mut run.replication {
                let Some(i) = rep.index_of(broker) else {
                    continue;
                };
                let leads = rep.leader == Some(broker);
                for (k, r) in rep.replicas.iter_mut().enumerate() {
                    if k == i || leads {
                        r.fetch_generation += 1;
                        r.parked = false;
                    }
                }
            }
        }
    }

    /// `kill_broker`: a crash (kill -9). Nothing moves until the controller fences it.
    pub(super) fn kill_broker(&mut self, broker: u32) -> Result<(), CommandError> {
        self.check_broker(broker)?;
        if !self.alive(broker) {
            return Err(CommandError::BrokerAlreadyStopped { broker });
        }
        self.brokers[broker as usize - 1].alive = false;
        self.note_down();
        self.log.push(Event::BrokerKilled {
            at_ms: self.now_ms,
            broker,
        });
        self.cut_fetches(broker);
        self.start_session_timer(broker);
        Ok(())
    }

    fn note_down(&mut self) {
        let down = self.brokers.iter().filter(|b| !b.alive).count() as u32;
        self.most_brokers_down = self.most_brokers_down.max(down);
    }

    /// `BrokerHeartbeatManager.findOneStaleBroker`: fences the broker when its session expired
    /// now (a heal or restart since then moved or cleared the expiry).
    pub(super) fn session_check(&mut self, broker: u32) {
        if self.brokers[broker as usize - 1].session_expires_ms == Some(self.now_ms) {
            self.fence(broker);
        }
    }

    /// `ReplicationControlManager.handleBrokerFenced`: out of every ISR, its leaderships
    /// elected away, then fenced.
    fn fence(&mut self, broker: u32) {
        let state = &mut self.brokers[broker as usize - 1];
        state.session_expires_ms = None;
        state.fenced = true;
        self.log.push(Event::BrokerFenced {
            at_ms: self.now_ms,
            broker,
        });
        self.remove_from_isrs_and_elect(broker);
    }

    /// `generateLeaderAndIsrUpdates` with `brokerToRemove`: the broker leaves every ISR it is
    /// in (never emptying one: no ELR here) and partitions it led elect a new leader. The
    /// broker must already be unacceptable as a leader (fenced).
    fn remove_from_isrs_and_elect(&mut self, broker: u32) {
        let now = self.now_ms;
        let lag = self.config.replica_lag_time_max_ms;
        for t in 0..self.topics.len() as u32 {
            let min_isr = self.topics[t as usize].config.min_insync_replicas;
            for p in 0..self.topics[t as usize].replication.len() as u32 {
                let rep = &mut self.topics[t as usize].replication[p as usize];
                if rep.index_of(broker).is_none() {
                    continue;
                }
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
                } else if rep.leader.is_some_and(|l| self.connected(l)) {
                    // Only a running leader that hears from the controller moves its HW; a
                    // crashed or isolated one answers nothing.
                    let active = self.active_brokers();
                    let rep = &mut self.topics[t as usize].replication[p as usize];
                    if rep.maybe_increment_hw(now, lag, min_isr, |b| active[b as usize - 1]) {
                        self.complete_delayed(t, p);
                    }
                }
            }
        }
    }

    /// `shutdown_broker`: a controlled shutdown. The controller moves its leaderships and ISR
    /// memberships away first (`handleBrokerInControlledShutdown`), then the process stops and
    /// is fenced. An isolated broker cannot reach the controller: for it this is a crash.
    pub(super) fn shutdown_broker(&mut self, broker: u32) -> Result<(), CommandError> {
        self.check_broker(broker)?;
        if !self.alive(broker) {
            return Err(CommandError::BrokerAlreadyStopped { broker });
        }
        self.log.push(Event::BrokerShutDown {
            at_ms: self.now_ms,
            broker,
        });
        if self.connected(broker) && self.active(broker) {
            // In controlled shutdown a broker is no acceptable leader.
            let state = &mut self.brokers[broker as usize - 1];
            state.fenced = true;
            state.session_expires_ms = None;
            self.remove_from_isrs_and_elect(broker);
        }
        self.brokers[broker as usize - 1].alive = false;
        self.note_down();
        self.cut_fetches(broker);
        self.start_session_timer(broker);
        Ok(())
    }

    /// `isolate_broker`: a network partition between the broker and the rest of the cluster
    /// (controller and brokers); with `clients` false, the clients cannot reach it either.
    pub(super) fn isolate_broker(
        &mut self,
        broker: u32,
        clients: bool,
    ) -> Result<(), CommandError> {
        self.check_broker(broker)?;
        if !self.alive(broker) {
            return Err(CommandError::BrokerAlreadyStopped { broker });
        }
        if self.brokers[broker as usize - 1].isolated {
            return Err(CommandError::BrokerAlreadyIsolated { broker });
        }
        let state = &mut self.brokers[broker as usize - 1];
        state.isolated = true;
        state.clients_cut = !clients;
        self.log.push(Event::BrokerIsolated {
            at_ms: self.now_ms,
            broker,
            clients,
        });
        self.cut_fetches(broker);
        self.start_session_timer(broker);
        Ok(())
    }

    /// `heal_broker`: the partition ends. A running broker heartbeats again (unfenced if it
    /// was fenced) and every fetch loop through it starts again: as a follower it first
    /// truncates by leader epoch, which is where a zombie leader loses its divergent tail.
    pub(super) fn heal_broker(&mut self, broker: u32) -> Result<(), CommandError> {
        self.check_broker(broker)?;
        if !self.brokers[broker as usize - 1].isolated {
            return Err(CommandError::BrokerNotIsolated { broker });
        }
        let state = &mut self.brokers[broker as usize - 1];
        state.isolated = false;
        state.clients_cut = false;
        self.log.push(Event::BrokerHealed {
            at_ms: self.now_ms,
            broker,
        });
        if self.alive(broker) {
            self.rejoin(broker);
        }
        Ok(())
    }

    pub(super) fn restart_broker(&mut self, broker: u32) -> Result<(), CommandError> {
        self.check_broker(broker)?;
        if self.alive(broker) {
            // What a second Kafka process with the same log.dirs says.
            return Err(CommandError::BrokerRunning { broker });
        }
        // A crashed broker registering again before its session expired: the controller
        // treats the old incarnation as an unclean shutdown (`handleBrokerUncleanShutdown`),
        // out of its ISRs and leaderships, before it rejoins.
        if !self.brokers[broker as usize - 1].fenced && !self.brokers[broker as usize - 1].isolated
        {
            self.fence(broker);
        }
        self.brokers[broker as usize - 1].alive = true;
        self.log.push(Event::BrokerRestarted {
            at_ms: self.now_ms,
            broker,
        });
        if !self.brokers[broker as usize - 1].isolated {
            self.rejoin(broker);
        }
        Ok(())
    }

    /// A running broker that reaches the controller again: heartbeats resume (unfenced:
    /// `handleBrokerUnfenced`), leaderless partitions elect, its followers truncate and fetch,
    /// and the followers of partitions it still leads fetch from it again.
    fn rejoin(&mut self, broker: u32) {
        let state = &mut self.brokers[broker as usize - 1];
        state.fenced = false;
        state.session_expires_ms = None;
        for t in 0..self.topics.len() as u32 {
            for p in 0..self.topics[t as usize].replication.len() as u32 {
                let rep = &self.topics[t as usize].replication[p as usize];
                if rep.index_of(broker).is_none() {
                    continue;
                }
                match rep.leader {
                    None => self.elect(t, p),
                    Some(l) if l != broker => self.truncate_and_fetch(t, p, broker),
                    // Its followers may have missed its epoch while it was cut off.
                    Some(_) => self.follow_leader(t, p),
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

    /// Whether a partition's leader is not its preferred replica (`imbalancedPartitions`).
    fn imbalanced(&self, topic: usize, partition: usize) -> bool {
        let rep = &self.topics[topic].replication[partition];
        rep.leader
            .is_some_and(|l| rep.replicas.first().is_some_and(|r| r.broker != l))
    }

    /// `QuorumController.maybeScheduleNextBalancePartitionLeaders`: with
    /// `auto.leader.rebalance.enable`, when some leader is not preferred and no check is
    /// queued, one is queued `leader.imbalance.check.interval.seconds` later. KRaft balances
    /// every imbalanced partition; `leader.imbalance.per.broker.percentage` is ZooKeeper
    /// mode's and is not read.
    pub(super) fn maybe_schedule_imbalance_check(&mut self) {
        if !self.config.auto_leader_rebalance || self.imbalance_check_at.is_some() {
            return;
        }
        let any = (0..self.topics.len())
            .any(|t| (0..self.topics[t].replication.len()).any(|p| self.imbalanced(t, p)));
        if any {
            let at = self.now_ms + LEADER_IMBALANCE_CHECK_INTERVAL_MS;
            self.imbalance_check_at = Some(at);
            self.push_pending(at, Pending::LeaderImbalanceCheck);
        }
    }

    /// `ReplicationControlManager.maybeBalancePartitionLeaders`: a PREFERRED election for
    /// every imbalanced partition (the preferred replica must be in the ISR and active).
    pub(super) fn leader_imbalance_check(&mut self) {
        self.imbalance_check_at = None;
        for t in 0..self.topics.len() {
            for p in 0..self.topics[t].replication.len() {
                if self.imbalanced(t, p) {
                    self.elect_preferred(t as u32, p as u32);
                }
            }
        }
        self.maybe_schedule_imbalance_check();
    }
}
