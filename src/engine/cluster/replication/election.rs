//! KRaft's leader election (`PartitionChangeBuilder.electLeader`): preferred, online and
//! unclean, over the target replicas and ISR, as the controller runs it.

/// Which election `PartitionChangeBuilder` runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Election {
    /// `replicas[0]` if valid, else keep the leader, else the first valid replica.
    Preferred,
    /// Keep a still-valid leader, else the first valid replica in assignment order.
    Online,
    /// As `Online`, then, if none is valid, the first acceptable replica even outside the ISR.
    Unclean,
}

/// `PartitionChangeBuilder.electLeader`: the new leader (`None`: no leader) and whether the
/// election was unclean. Valid = in `target_isr` and acceptable (an unfenced broker).
pub fn elect_leader(
    target_replicas: &[u32],
    target_isr: &[u32],
    current_leader: Option<u32>,
    acceptable: impl Fn(u32) -> bool,
    election: Election,
) -> (Option<u32>, bool) {
    let valid = |r: u32| target_isr.contains(&r) && acceptable(r);
    if election == Election::Preferred {
        if let Some(&preferred) = target_replicas.first() {
            if valid(preferred) {
                return (Some(preferred), false);
            }
        }
        if let Some(l) = current_leader.filter(|&l| valid(l)) {
            return (Some(l), false);
        }
        return (
            target_replicas.iter().skip(1).copied().find(|&r| valid(r)),
            false,
        );
    }
    if let Some(l) = current_leader.filter(|&l| valid(l)) {
        return (Some(l), false);
    }
    if let Some(r) = target_replicas.iter().copied().find(|&r| valid(r)) {
        return (Some(r), false);
    }
    if election == Election::Unclean {
        if let Some(r) = target_replicas.iter().copied().find(|&r| acceptable(r)) {
            return (Some(r), true);
        }
    }
    (None, false)
}
