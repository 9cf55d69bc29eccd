//! Reads what `kafka-topics.sh --describe` prints, in the layouts of Kafka 3.x and 4.x: a
//! topic line (`Topic:`, optional `TopicId:`, `PartitionCount:`, `ReplicationFactor:`,
//! `Configs:`) and one tab-separated line per partition (`Leader:` a broker id or `none`,
//! `Replicas:`, `Isr:`, and from 3.7 `Elr:` and `LastKnownElr:`), as `TopicCommand`'s
//! `TopicDescription.printDescription` and `PartitionDescription.printDescription` write them.

use super::ImportError;

/// One described topic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DescribedTopic {
    pub name: String,
    /// `PartitionCount:` as printed.
    pub partition_count: u32,
    /// `ReplicationFactor:` as printed.
    pub replication_factor: u32,
    /// The non-default configs, `name=value`, in the order printed.
    pub configs: Vec<(String, String)>,
    /// The partition lines, in the order printed.
    pub partitions: Vec<DescribedPartition>,
    /// The line the topic line was on (1-based), for messages.
    pub line: usize,
}

/// One partition line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DescribedPartition {
    pub partition: u32,
    /// `None` for `Leader: none`.
    pub leader: Option<u32>,
    /// Preferred leader first.
    pub replicas: Vec<u32>,
    pub isr: Vec<u32>,
    /// `Elr:` when printed and not `N/A`.
    pub elr: Option<Vec<u32>>,
}

/// Whether `text` looks like `kafka-topics.sh --describe` output.
pub fn looks_like(text: &str) -> bool {
    text.lines()
        .any(|l| l.trim_start().starts_with("Topic:") && l.contains("PartitionCount:"))
}

/// The `Key: value` fields of a tab-separated line, in order.
fn fields(line: &str) -> Vec<(&str, &str)> {
    line.split('\t')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .filter_map(|f| f.split_once(':').map(|(k, v)| (k.trim(), v.trim())))
        .collect()
}

fn field<'a>(fields: &[(&'a str, &'a str)], key: &str) -> Option<&'a str> {
    fields.iter().find(|(k, _)| *k == key).map(|&(_, v)| v)
}

fn number(line: usize, key: &str, value: Option<&str>) -> Result<u32, ImportError> {
    let value = value.ok_or_else(|| ImportError::at(line, format!("no {key}: field")))?;
    value.parse().map_err(|_| {
        ImportError::at(
            line,
            format!("{key}: is \"{value}\", expected a whole number"),
        )
    })
}

fn brokers(line: usize, key: &str, value: Option<&str>) -> Result<Vec<u32>, ImportError> {
    let value = value.ok_or_else(|| ImportError::at(line, format!("no {key}: field")))?;
    if value.is_empty() {
        return Ok(Vec::new());
    }
    value
        .split(',')
        .map(|id| {
            id.trim().parse().map_err(|_| {
                ImportError::at(
                    line,
                    format!("{key}: has \"{id}\", expected broker ids separated by commas"),
                )
            })
        })
        .collect()
}

/// Parses every topic in `text`.
pub fn parse(text: &str) -> Result<Vec<DescribedTopic>, ImportError> {
    let mut topics: Vec<DescribedTopic> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let f = fields(raw);
        let is_partition_line = field(&f, "Partition").is_some();
        if !is_partition_line && raw.trim_start().starts_with("Topic:") {
            let name = field(&f, "Topic").unwrap_or_default().to_string();
            if name.is_empty() {
                return Err(ImportError::at(line, "Topic: has no name".to_string()));
            }
            let configs = match field(&f, "Configs") {
                None | Some("") => Vec::new(),
                Some(list) => list
                    .split(',')
                    .map(|c| {
                        c.split_once('=')
                            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                            .ok_or_else(|| {
                                ImportError::at(
                                    line,
                                    format!("Configs: has \"{c}\", expected name=value"),
                                )
                            })
                    })
                    .collect::<Result<_, _>>()?,
            };
            topics.push(DescribedTopic {
                name,
                partition_count: number(line, "PartitionCount", field(&f, "PartitionCount"))?,
                replication_factor: number(
                    line,
                    "ReplicationFactor",
                    field(&f, "ReplicationFactor"),
                )?,
                configs,
                partitions: Vec::new(),
                line,
            });
        } else if is_partition_line {
            let name = field(&f, "Topic").unwrap_or_default();
            let topic = topics
                .iter_mut()
                .rev()
                .find(|t| t.name == name)
                .ok_or_else(|| {
                    ImportError::at(
                        line,
                        format!("a partition of \"{name}\" comes before its Topic: line"),
                    )
                })?;
            let leader = match field(&f, "Leader") {
                Some("none") | Some("-1") => None,
                other => Some(number(line, "Leader", other)?),
            };
            let elr = match field(&f, "Elr") {
                None | Some("N/A") => None,
                value => Some(brokers(line, "Elr", value)?),
            };
            topic.partitions.push(DescribedPartition {
                partition: number(line, "Partition", field(&f, "Partition"))?,
                leader,
                replicas: brokers(line, "Replicas", field(&f, "Replicas"))?,
                isr: brokers(line, "Isr", field(&f, "Isr"))?,
                elr,
            });
        } else {
            return Err(ImportError::at(
                line,
                format!(
                    "expected a \"Topic:\" line or a partition line (\"Topic: … Partition: …\"), found \"{}\"",
                    super::excerpt(raw)
                ),
            ));
        }
    }
    for t in &topics {
        check_complete(t)?;
    }
    Ok(topics)
}

/// A topic's partition lines agree with its header: every partition once, each with
/// `ReplicationFactor` distinct replicas, an ISR and a leader among them.
fn check_complete(t: &DescribedTopic) -> Result<(), ImportError> {
    let at = |m: String| ImportError::at(t.line, format!("topic {}: {m}", t.name));
    if t.partitions.len() as u32 != t.partition_count {
        return Err(at(format!(
            "PartitionCount: {} but {} partition lines follow (is the text cut short?)",
            t.partition_count,
            t.partitions.len()
        )));
    }
    let mut seen = vec![false; t.partition_count as usize];
    for p in &t.partitions {
        match seen.get_mut(p.partition as usize) {
            Some(s) if !*s => *s = true,
            Some(_) => return Err(at(format!("partition {} is listed twice", p.partition))),
            None => {
                return Err(at(format!(
                    "partition {} is past PartitionCount: {}",
                    p.partition, t.partition_count
                )))
            }
        }
        let mut distinct = p.replicas.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() != p.replicas.len() || p.replicas.len() as u32 != t.replication_factor {
            return Err(at(format!(
                "partition {} has replicas {:?}; expected {} distinct brokers (ReplicationFactor)",
                p.partition, p.replicas, t.replication_factor
            )));
        }
        if let Some(b) = p.isr.iter().find(|b| !p.replicas.contains(b)) {
            return Err(at(format!(
                "partition {}: ISR member {b} is not one of its replicas",
                p.partition
            )));
        }
        if let Some(leader) = p.leader {
            if !p.isr.contains(&leader) {
                return Err(at(format!(
                    "partition {}: leader {leader} is not in its ISR",
                    p.partition
                )));
            }
        }
    }
    Ok(())
}
