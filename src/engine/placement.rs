//! Where a topic's partition replicas live: Kafka's rack-unaware
//! `AdminUtils.assignReplicasToBrokers` (kafka-semantics.md §6). The first replica of each
//! partition is its preferred leader. Partitions added later are placed the way Kafka places
//! them: starting at partition 0's first broker, continuing the partition numbering. (New
//! KRaft clusters place new topics with the randomized `StripedReplicaPlacer`; the playground
//! uses the AdminUtils algorithm, whose layout is easier to read, and says so.)

use super::rng::Rng;

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
        return Err(format!("Replication factor: {replication_factor} larger than available brokers: {n}."));
    }
    let start_index = fixed_start_index.unwrap_or_else(|| rng.below(u64::from(n)) as u32);
    let mut shift = fixed_start_index.unwrap_or_else(|| rng.below(u64::from(n)) as u32);
    let mut partition_id = start_partition_id.unwrap_or(0);
    let mut assignment = Vec::with_capacity(n_partitions as usize);
    for _ in 0..n_partitions {
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
        partition_id += 1;
    }
    Ok(assignment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_rack_aware_test_replica_assignment() {
        // AdminRackAwareTest.testReplicaAssignment: brokers 0..4, 10 partitions, rf 3, start 0.
        let expected: [[u32; 3]; 10] =
            [[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 0], [4, 0, 1], [0, 2, 3], [1, 3, 4], [2, 4, 0], [3, 0, 1], [4, 1, 2]];
        let got = assign_replicas(&[0, 1, 2, 3, 4], 10, 3, Some(0), None, &mut Rng::new(1)).unwrap();
        assert_eq!(got, expected.iter().map(|r| r.to_vec()).collect::<Vec<_>>());
    }

    #[test]
    fn errors_in_kafkas_words() {
        let mut rng = Rng::new(1);
        assert_eq!(assign_replicas(&[0, 1, 2, 3, 4], 10, 0, Some(0), None, &mut rng).unwrap_err(), "Replication factor must be larger than 0.");
        assert_eq!(
            assign_replicas(&[0, 1, 2, 3, 4], 10, 6, Some(0), None, &mut rng).unwrap_err(),
            "Replication factor: 6 larger than available brokers: 5."
        );
        assert_eq!(assign_replicas(&[0], 0, 1, None, None, &mut rng).unwrap_err(), "Number of partitions must be larger than 0.");
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
            assert_eq!(a.iter().filter(|r| r[0] == *b).count(), 2, "broker {b} leads two of twelve");
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
