//! Where a lesson's "look at" pointer lands on the stage: CSS selectors for the stage parts
//! the lesson names, so the stage outlines them without knowing about lessons. They select by
//! the data attributes the stage already writes (`data-row`, `data-broker`, `data-member`, ...).

use crate::engine::partition_for_key_str;
use crate::lessons::{LookAt, LookTarget};

/// The selectors of the stage parts `look` names; `partitions` is the main topic's count (for
/// a key's partition).
pub fn selectors(look: &LookAt, partitions: u32) -> Vec<String> {
    let mut out = Vec::new();
    for target in look.targets {
        match *target {
            LookTarget::Producer => out.push("#stage rect.producer-box".to_string()),
            LookTarget::Batches => out.push("#stage .bucket > rect.bucket-frame".to_string()),
            LookTarget::Partitions => out.push("#stage .partition-row > rect.row-bg".to_string()),
            LookTarget::Partition(p) => out.push(format!(
                "#stage .partition-row[data-row=\"{p}\"] > rect.row-bg"
            )),
            LookTarget::PartitionOfKey(key) => {
                let p = partition_for_key_str(key, partitions.max(1));
                out.push(format!(
                    "#stage .partition-row[data-row=\"{p}\"] > rect.row-bg"
                ));
            }
            LookTarget::Broker(b) => {
                out.push(format!(
                    "#stage .broker-head[data-broker=\"{b}\"] > rect:first-of-type"
                ));
                out.push(format!(
                    "#stage .replica-chip[data-broker=\"{b}\"] > rect:first-of-type"
                ));
            }
            LookTarget::Brokers => out.push("#stage .broker-head > rect:first-of-type".to_string()),
            LookTarget::Consumers => out.push("#stage .consumer > rect:first-of-type".to_string()),
            LookTarget::IdleConsumers => {
                out.push("#stage .consumer.idle > rect:first-of-type".to_string())
            }
            LookTarget::Consumer(name) => out.push(format!(
                "#stage .consumer[data-member=\"{name}\"] > rect:first-of-type"
            )),
            LookTarget::Group(id) => out.push(format!(
                "#stage .consumer[data-group=\"{id}\"] > rect:first-of-type"
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::look_at;

    #[test]
    fn a_key_target_names_the_keys_partition_row() {
        // "US" on six partitions is partition 1 by murmur2 (as the country lesson's claim says).
        let us = partition_for_key_str("US", 6);
        let s = selectors(look_at("key-country").unwrap(), 6);
        assert_eq!(
            s,
            vec![format!(
                "#stage .partition-row[data-row=\"{us}\"] > rect.row-bg"
            )]
        );
    }

    #[test]
    fn a_broker_target_outlines_its_header_and_replicas() {
        let s = selectors(look_at("isr-shrink-expand").unwrap(), 6);
        assert_eq!(s.len(), 2);
        assert!(s[0].contains("broker-head[data-broker=\"2\"]"));
        assert!(s[1].contains("replica-chip[data-broker=\"2\"]"));
    }
}
