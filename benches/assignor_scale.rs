//! Kafka's sticky-assignor scale test (AbstractStickyAssignorTest.testLargeAssignmentAndGroupWith
//! UniformSubscription): 500 topics x 2000 partitions (1 million) over 2000 uniformly subscribed
//! consumers, then again after one consumer leaves, keeping the first assignment as owned.
//! Kafka's Java assignor takes about 2 s on it. Run: `cargo bench --bench assignor_scale`.

use kafka_playground::benchmarks::{after_first_member_leaves, sticky_scale_input};
use kafka_playground::engine::{cooperative_sticky, sticky, StickyMember, StickyResult};
use std::collections::BTreeMap;
use std::time::Instant;

fn main() {
    let (n_topics, n_partitions, n_consumers) = (500u32, 2000u32, 2000u32);
    let (topics, members) = sticky_scale_input(n_topics, n_partitions, n_consumers);
    println!("sticky assignor scale: {n_topics} topics x {n_partitions} partitions, {n_consumers} consumers");
    type Assign = fn(&BTreeMap<String, u32>, &[StickyMember]) -> StickyResult;
    let strategies: [(&str, Assign); 2] = [
        ("sticky", sticky),
        ("cooperative-sticky", cooperative_sticky),
    ];
    for (name, assign) in strategies {
        let start = Instant::now();
        let first = assign(&topics, &members);
        let initial_ms = start.elapsed().as_secs_f64() * 1000.0;
        let next = after_first_member_leaves(&members, &first);
        let start = Instant::now();
        let _ = assign(&topics, &next);
        let rebalance_ms = start.elapsed().as_secs_f64() * 1000.0;
        println!(
            "{name}: initial {initial_ms:.0} ms, after one consumer leaves {rebalance_ms:.0} ms"
        );
    }
}
