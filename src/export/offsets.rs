//! The offsets side of an export: the committed offsets a group starts from
//! (`group.committed_offsets`), as `kafka-consumer-groups.sh --reset-offsets --to-offset N
//! --topic t:p --execute` commands, and what the logs must hold first for the tool to take
//! them (`topic.starting_log_end_offsets`).
//!
//! Simplifications: no tool sets a log's end offset; the block says how many records to write
//! first, and `ConsumerGroupCommand.checkOffsetsRange` clamps an offset past the log end (or
//! below its start) to the range, so on a fresh cluster the offsets land where the logs allow.

use super::{ExportBlock, BOOTSTRAP};
use crate::scenario::{Scenario, TopicSpec};

/// Every topic of the scenario, the main one first.
fn topics(scenario: &Scenario) -> impl Iterator<Item = &TopicSpec> {
    std::iter::once(&scenario.topic).chain(&scenario.more_topics)
}

/// One block per group that starts with committed offsets, after what the logs need.
pub(super) fn committed_offsets(scenario: &Scenario) -> Vec<ExportBlock> {
    let mut blocks = Vec::new();
    let filled: Vec<&TopicSpec> = topics(scenario)
        .filter(|t| t.starting_log_end_offsets.iter().any(|&o| o > 0))
        .collect();
    if !filled.is_empty() {
        let mut text = String::from(
            "# Here the logs start at these offsets, the records from each log start up to its end\n# already there. On a real cluster, write at least that many records to each partition\n# before the consumers start (the load commands above, until kafka-consumer-groups.sh\n# --describe shows that LOG-END-OFFSET):\n",
        );
        for t in &filled {
            for (p, end) in t.starting_log_end_offsets.iter().enumerate() {
                let start = t.starting_log_start_offsets.get(p).copied().unwrap_or(*end);
                text.push_str(&format!(
                    "#   {}-{p}: log end offset {end}, log start offset {start}\n",
                    t.name
                ));
            }
        }
        text.push_str("# A log start offset above 0 is kafka-delete-records.sh --offset-json-file with\n#   {\"partitions\":[{\"topic\":\"TOPIC\",\"partition\":P,\"offset\":START}],\"version\":1}\n");
        blocks.push(ExportBlock {
            title: "Log offsets at the start".to_string(),
            text,
        });
    }
    for g in &scenario.groups {
        if g.committed_offsets.is_empty() {
            continue;
        }
        let mut text = format!(
            "# Before any member of {} starts: reset-offsets needs the group inactive.\n",
            g.group_id
        );
        for (tp, offset) in &g.committed_offsets {
            // `"orders-3"`: the partition follows the last '-' (validated by the format).
            let (topic, partition) = tp.rsplit_once('-').unwrap_or((tp, "0"));
            text.push_str(&format!(
                "kafka-consumer-groups.sh --bootstrap-server {BOOTSTRAP} --group {} \\\n  --reset-offsets --to-offset {offset} --topic {} --execute\n",
                super::shell_word(&g.group_id),
                super::shell_word(&format!("{topic}:{partition}"))
            ));
        }
        blocks.push(ExportBlock {
            title: format!("Group {}: committed offsets", g.group_id),
            text,
        });
    }
    blocks
}
