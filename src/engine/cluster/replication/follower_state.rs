//! The leader's view of one follower (`Replica`'s `ReplicaState`, `updateFetchStateOrThrow`,
//! `isCaughtUp`): what decides whether a follower stays in the ISR, and what a leader keeps or
//! forgets of it when it is elected.

/// The leader's view of one follower (`Replica`'s `ReplicaState`). Offsets are `i64` so that
/// Kafka's `-1` ("unknown") reads as it does in Kafka's tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FetchState {
    /// The follower's log start offset, as last reported.
    pub log_start_offset: i64,
    /// The follower's log end offset, as last reported (its last fetch offset).
    pub log_end_offset: i64,
    /// The last time the follower was caught up with the leader (`lastCaughtUpTimeMs`).
    pub last_caught_up_time_ms: u64,
    /// The leader's LEO at the follower's previous fetch.
    pub last_fetch_leader_log_end_offset: i64,
    /// When the previous fetch was processed.
    pub last_fetch_time_ms: u64,
}

impl Default for FetchState {
    fn default() -> Self {
        FetchState {
            log_start_offset: -1,
            log_end_offset: -1,
            last_caught_up_time_ms: 0,
            last_fetch_leader_log_end_offset: -1,
            last_fetch_time_ms: 0,
        }
    }
}

impl FetchState {
    /// `updateFetchStateOrThrow`: a fetch at `fetch_offset` processed at `now_ms` while the leader's
    /// LEO is `leader_leo`.
    pub fn update(
        &mut self,
        fetch_offset: i64,
        log_start_offset: i64,
        leader_leo: i64,
        now_ms: u64,
    ) {
        let caught_up = if fetch_offset >= leader_leo {
            now_ms.max(self.last_caught_up_time_ms)
        } else if fetch_offset >= self.last_fetch_leader_log_end_offset {
            self.last_caught_up_time_ms.max(self.last_fetch_time_ms)
        } else {
            self.last_caught_up_time_ms
        };
        self.log_start_offset = log_start_offset;
        self.log_end_offset = fetch_offset;
        self.last_caught_up_time_ms = caught_up;
        self.last_fetch_leader_log_end_offset =
            leader_leo.max(self.last_fetch_leader_log_end_offset);
        self.last_fetch_time_ms = now_ms;
    }

    /// `isCaughtUp`: at the leader's LEO, or caught up within `lag_max_ms`.
    pub fn is_caught_up(&self, leader_leo: i64, now_ms: u64, lag_max_ms: u64) -> bool {
        self.log_end_offset == leader_leo
            || now_ms.saturating_sub(self.last_caught_up_time_ms) <= lag_max_ms
    }

    /// `resetReplicaState`: when this broker becomes (or stays) leader. A re-elected leader keeps
    /// what it knew of the follower; a new leader forgets it.
    pub fn reset(&mut self, now_ms: u64, leader_leo: i64, is_new_leader: bool, in_sync: bool) {
        if is_new_leader {
            *self = FetchState {
                last_caught_up_time_ms: if in_sync { now_ms } else { 0 },
                ..FetchState::default()
            };
        } else {
            self.last_caught_up_time_ms = if in_sync { now_ms } else { 0 };
            self.last_fetch_leader_log_end_offset = leader_leo;
            self.last_fetch_time_ms = if in_sync { now_ms } else { 0 };
        }
    }
}
