//! Where a topic's partition replicas live (kafka-semantics.md §6), with both of Kafka's
//! algorithms: the KRaft controller's `StripedReplicaPlacer` (what Kafka 4.0 uses for new
//! topics) and the ZooKeeper-era rack-unaware `AdminUtils.assignReplicasToBrokers`. The first
//! replica of each partition is its preferred leader. Brokers have no racks here, so the
//! striped placer's single-rack path is the one that runs.

use crate::engine::java::JavaRandom;
use crate::engine::rng::Rng;

/// Which placement algorithm a cluster uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Placement {
    /// KRaft's `StripedReplicaPlacer`.
    Striped,
    /// The rack-unaware `AdminUtils.assignReplicasToBrokers`.
    AdminUtils,
}

/// One broker's list in the striped placer (`StripedReplicaPlacer.BrokerList`).
#[derive(Clone, Debug, Default)]
struct BrokerList {
    brokers: Vec<u32>,
    index: usize,
    offset: usize,
    epoch: u32,
}

impl BrokerList {
    fn initialize(&mut self, random: &mut impl JavaRandom) {
        if !self.brokers.is_empty() {
            self.brokers.sort_unstable();
            self.offset = random.next_int(self.brokers.len() as i32) as usize;
        }
    }

    fn initialize_after(&mut self, previous_offset: usize) {
        if !self.brokers.is_empty() {
            self.brokers.sort_unstable();
            self.offset = (previous_offset + 1) % self.brokers.len();
        }
    }

    fn next(&mut self, epoch: u32) -> Option<u32> {
        if self.brokers.is_empty() {
            return None;
        }
        if self.epoch != epoch {
            self.epoch = epoch;
            self.index = 0;
            self.offset = (self.offset + 1) % self.brokers.len();
        }
        if self.index >= self.brokers.len() {
            return None;
        }
        let broker = self.brokers[(self.index + self.offset) % self.brokers.len()];
        self.index += 1;
        Some(broker)
    }
}

/// `StripedReplicaPlacer.place` for brokers without racks: `brokers` are `(id, fenced)` in
/// registration order; `existing` is the topic's current assignment when partitions are
/// added (the placer then continues after the last partition's leader, as Kafka does).
pub fn place_striped(
    brokers: &[(u32, bool)],
    n_partitions: u32,
    replication_factor: u32,
    existing: &[Vec<u32>],
    random: &mut impl JavaRandom,
) -> Result<Vec<Vec<u32>>, String> {
    let mut fenced = BrokerList::default();
    let mut unfenced = BrokerList::default();
    for &(id, is_fenced) in brokers {
        if is_fenced {
            fenced.brokers.push(id);
        } else {
            unfenced.brokers.push(id);
        }
    }
    // Rack.initialize: the fenced list first, then the unfenced one (after the last partition's
    // leader when there is one).
    fenced.initialize(random);
    let mut sorted_unfenced = unfenced.brokers.clone();
    sorted_unfenced.sort_unstable();
    let previous = existing
        .last()
        .and_then(|r| r.first())
        .and_then(|leader| sorted_unfenced.iter().position(|b| b == leader));
    match previous {
        Some(i) => unfenced.initialize_after(i),
        None => unfenced.initialize(random),
    }
    // One rack: the rack list's offset is nextInt(1) for a new topic (a draw that is always 0).
    if existing.is_empty() {
        random.next_int(1);
    }
    let n_unfenced = unfenced.brokers.len() as u32;
    if replication_factor == 0 {
        return Err(format!("Invalid replication factor {replication_factor}: the replication factor must be positive."));
    }
    if n_unfenced == 0 {
        return Err("All brokers are currently fenced.".to_string());
    }
    if replication_factor as usize > brokers.len() {
        return Err(format!(
            "The target replication factor of {replication_factor} cannot be reached because only {} broker(s) are registered.",
            brokers.len()
        ));
    }
    let mut epoch = 0;
    let mut out = Vec::with_capacity(n_partitions as usize);
    for _ in 0..n_partitions {
        if epoch == n_unfenced && n_unfenced > 1 {
            // RackList.shuffle: the rack names (one: no draws), then fenced, then unfenced.
            random.shuffle(&mut fenced.brokers);
            random.shuffle(&mut unfenced.brokers);
            epoch = 0;
        }
        let leader = unfenced
            .next(epoch)
            .expect("an unfenced broker is left in this epoch");
        let mut replicas = vec![leader];
        while replicas.len() < replication_factor as usize {
            let next = unfenced.next(epoch).or_else(|| fenced.next(epoch));
            replicas.push(next.expect("replication factor is at most the broker count"));
        }
        epoch += 1;
        out.push(replicas);
    }
    Ok(out)
}

/// `AdminUtils.assignReplicasToBrokers` without racks. `fixed_start_index` and
/// `start_partition_id` are Kafka's parameters (`None` = -1: a random start, partition 0); the
/// start index and the replica shift are two separate random draws, as in Kafka.
pub fn assign_replicas(
    brokers: &[u32],
    n_partitions: u32,
    replication_factor: u32,
    fixed_start_index: Option<u32>,
    start_partition_id: Option<u32>,
    rng: &mut Rng,
) -> Result<Vec<Vec<u32>>, String> {
    if n_partitions == 0 {
        return Err("Number of partitions must be larger than 0.".to_string());
    }
    if replication_factor == 0 {
        return Err("Replication factor must be larger than 0.".to_string());
    }
    let n = brokers.len() as u32;
    if replication_factor > n {
        return Err(format!(
            "Replication factor: {replication_factor} larger than available brokers: {n}."
        ));
    }
    let start_index = fixed_start_index.unwrap_or_else(|| rng.below(u64::from(n)) as u32);
    let mut shift = fixed_start_index.unwrap_or_else(|| rng.below(u64::from(n)) as u32);
    let first_partition_id = start_partition_id.unwrap_or(0);
    let mut assignment = Vec::with_capacity(n_partitions as usize);
    for partition_id in first_partition_id..first_partition_id + n_partitions {
        if partition_id > 0 && partition_id % n == 0 {
            shift += 1;
        }
        let first = (partition_id + start_index) % n;
        let mut replicas = vec![brokers[first as usize]];
        for j in 0..replication_factor - 1 {
            // replicaIndex: (first + 1 + (shift + j) % (n - 1)) % n.
            let index = (first + 1 + (shift + j) % (n - 1)) % n;
            replicas.push(brokers[index as usize]);
        }
        assignment.push(replicas);
    }
    Ok(assignment)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::java::MockRandom;

    #[test]
    fn striped_replica_placer_test_no_racks_with_a_fenced_broker() {
        // StripedReplicaPlacerTest: brokers (id, fenced) in registration order, MockRandom.
        let brokers = [(3, false), (1, true), (0, false), (4, false), (2, false)];
        let got = place_striped(&brokers, 5, 4, &[], &mut MockRandom::default()).unwrap();
        assert_eq!(
            got,
            vec![
                vec![3, 4, 0, 2],
                vec![4, 0, 2, 3],
                vec![0, 2, 3, 4],
                vec![2, 3, 4, 0],
                vec![0, 4, 3, 2]
            ]
        );
    }

    #[test]
    fn striped_replica_placer_test_fenced_broker_fills_last() {
        let brokers = [(3, false), (1, true), (2, false)];
        let got = place_striped(&brokers, 4, 3, &[], &mut MockRandom::default()).unwrap();
        assert_eq!(
            got,
            vec![vec![3, 2, 1], vec![2, 3, 1], vec![3, 2, 1], vec![2, 3, 1]]
        );
    }

    #[test]
    fn striped_errors_in_kafkas_words() {
        let mut r = MockRandom::default();
        assert_eq!(
            place_striped(&[(1, true), (2, true)], 1, 1, &[], &mut r).unwrap_err(),
            "All brokers are currently fenced."
        );
        assert_eq!(
            place_striped(&[(1, false), (2, false), (3, false)], 1, 4, &[], &mut r).unwrap_err(),
            "The target replication factor of 4 cannot be reached because only 3 broker(s) are registered."
        );
        assert_eq!(
            place_striped(&[(1, false)], 1, 0, &[], &mut r).unwrap_err(),
            "Invalid replication factor 0: the replication factor must be positive."
        );
    }

    #[test]
    fn striped_leaders_rotate_and_added_partitions_continue() {
        let brokers: Vec<(u32, bool)> = (1..=3).map(|b| (b, false)).collect();
        let first = place_striped(&brokers, 3, 3, &[], &mut Rng::new(5)).unwrap();
        let mut leaders: Vec<u32> = first.iter().map(|r| r[0]).collect();
        leaders.sort_unstable();
        assert_eq!(
            leaders,
            vec![1, 2, 3],
            "three partitions, three different leaders"
        );
        let added = place_striped(&brokers, 1, 3, &first, &mut Rng::new(5)).unwrap();
        let last_leader = first[2][0];
        assert_eq!(
            added[0][0],
            last_leader % 3 + 1,
            "the next broker after the last partition's leader"
        );
    }

    #[test]
    fn admin_rack_aware_test_replica_assignment() {
        // AdminRackAwareTest.testReplicaAssignment: brokers 0..4, 10 partitions, rf 3, start 0.
        let expected: [[u32; 3]; 10] = [
            [0, 1, 2],
            [1, 2, 3],
            [2, 3, 4],
            [3, 4, 0],
            [4, 0, 1],
            [0, 2, 3],
            [1, 3, 4],
            [2, 4, 0],
            [3, 0, 1],
            [4, 1, 2],
        ];
        let got =
            assign_replicas(&[0, 1, 2, 3, 4], 10, 3, Some(0), None, &mut Rng::new(1)).unwrap();
        assert_eq!(got, expected.iter().map(|r| r.to_vec()).collect::<Vec<_>>());
    }

    #[test]
    fn errors_in_kafkas_words() {
        let mut rng = Rng::new(1);
        assert_eq!(
            assign_replicas(&[0, 1, 2, 3, 4], 10, 0, Some(0), None, &mut rng).unwrap_err(),
            "Replication factor must be larger than 0."
        );
        assert_eq!(
            assign_replicas(&[0, 1, 2, 3, 4], 10, 6, Some(0), None, &mut rng).unwrap_err(),
            "Replication factor: 6 larger than available brokers: 5."
        );
        assert_eq!(
            assign_replicas(&[0], 0, 1, None, None, &mut rng).unwrap_err(),
            "Number of partitions must be larger than 0."
        );
    }

    #[test]
    fn every_partition_gets_distinct_brokers_and_leaders_spread() {
        let mut rng = Rng::new(7);
        let brokers: Vec<u32> = (1..=6).collect();
        let a = assign_replicas(&brokers, 12, 3, None, None, &mut rng).unwrap();
        for replicas in &a {
            let mut sorted = replicas.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), 3);
        }
        for b in &brokers {
            assert_eq!(
                a.iter().filter(|r| r[0] == *b).count(),
                2,
                "broker {b} leads two of twelve"
            );
        }
    }

    #[test]
    fn added_partitions_continue_from_partition_zero() {
        // What createPartitions does: fixed start = index of partition 0's first broker,
        // numbering continues at the old count.
        let brokers = [0, 1, 2, 3, 4];
        let first = assign_replicas(&brokers, 5, 3, Some(0), None, &mut Rng::new(1)).unwrap();
        let more = assign_replicas(&brokers, 5, 3, Some(0), Some(5), &mut Rng::new(1)).unwrap();
        let all = assign_replicas(&brokers, 10, 3, Some(0), None, &mut Rng::new(1)).unwrap();
        assert_eq!([first, more].concat(), all);
    }
}
