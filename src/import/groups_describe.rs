//! Reads what `kafka-consumer-groups.sh --describe` prints: the offsets view (`GROUP TOPIC
//! PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID`), the members view
//! with and without `--verbose` (`GROUP CONSUMER-ID [GROUP-INSTANCE-ID] HOST CLIENT-ID
//! #PARTITIONS [ASSIGNMENT]`) and the `--state` view, as `ConsumerGroupCommand`'s
//! `printOffsets`, `printMembers` and `printStates` write them (columns padded with spaces,
//! `-` for a missing value). The assignment column is `topic(0,1)` up to Kafka 3.6 (the Scala
//! command) and `(0,1)`, without the topic, from the Java command of 3.7 on.

use super::ImportError;

/// One group, from whichever views were pasted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DescribedGroup {
    pub group_id: String,
    /// Partition rows of the offsets view.
    pub offsets: Vec<OffsetRow>,
    /// Member rows of the members view.
    pub members: Vec<MemberRow>,
    /// `ASSIGNMENT-STRATEGY` of the state view (`range`, `cooperative-sticky`, …).
    pub assignment_strategy: Option<String>,
    /// The line the group first appears on (1-based).
    pub line: usize,
}

/// One row of the offsets view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OffsetRow {
    pub topic: String,
    pub partition: u32,
    /// `None` for `-` (nothing committed).
    pub committed: Option<u64>,
    /// `None` for `-` (the tool could not read it).
    pub log_end_offset: Option<u64>,
    /// The 1-based line of the row.
    pub line: usize,
    /// `None` for `-` (no owner).
    pub consumer_id: Option<String>,
    pub client_id: Option<String>,
}

/// One row of the members view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberRow {
    pub consumer_id: String,
    pub instance_id: Option<String>,
    pub client_id: String,
    /// With `--verbose`: the partitions, each with its topic when the output names it.
    pub assignment: Option<Vec<(Option<String>, u32)>>,
}

/// Whether `text` holds a `kafka-consumer-groups.sh --describe` table.
pub fn looks_like(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("GROUP ") && (l.contains("CONSUMER-ID") || l.contains("ASSIGNMENT-STRATEGY"))
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    Offsets,
    Members { instance_ids: bool, verbose: bool },
    State,
}

fn opt(value: &str) -> Option<String> {
    (value != "-").then(|| value.to_string())
}

fn offset(line: usize, column: &str, value: &str) -> Result<Option<u64>, ImportError> {
    if value == "-" {
        return Ok(None);
    }
    value
        .parse::<u64>()
        .ok()
        .filter(|&o| o <= crate::engine::limits::OFFSET_MAX)
        .map(Some)
        .ok_or_else(|| {
            ImportError::at(
                line,
                format!(
                    "{column} is \"{value}\", expected an offset (0 to {}) or -",
                    crate::engine::limits::OFFSET_MAX
                ),
            )
        })
}

/// Parses every group table in `text`.
pub fn parse(text: &str) -> Result<Vec<DescribedGroup>, ImportError> {
    let mut groups: Vec<DescribedGroup> = Vec::new();
    let mut view: Option<View> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty()
            || trimmed.starts_with("Consumer group '")
            || trimmed.starts_with("Warning: Consumer group '")
        {
            continue;
        }
        if trimmed.starts_with("GROUP ") {
            view = Some(header_view(line, trimmed)?);
            continue;
        }
        let Some(current) = view else {
            return Err(ImportError::at(
                line,
                format!(
                    "expected a header line starting with GROUP, found \"{}\"",
                    super::excerpt(raw)
                ),
            ));
        };
        let columns: Vec<&str> = trimmed.split_whitespace().collect();
        let group_id = columns[0].to_string();
        let index = match groups.iter().position(|g| g.group_id == group_id) {
            Some(i) => i,
            None => {
                groups.push(DescribedGroup {
                    group_id,
                    line,
                    ..DescribedGroup::default()
                });
                groups.len() - 1
            }
        };
        let group = &mut groups[index];
        match current {
            View::Offsets => {
                if columns.len() != 9 {
                    return Err(ImportError::at(line, format!(
                        "expected 9 columns (GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID), found {}",
                        columns.len()
                    )));
                }
                if columns[1] == "-" {
                    // A member with no partition: the offsets view lists it with dashes.
                    continue;
                }
                // LAG is LOG-END-OFFSET less CURRENT-OFFSET, or - (`getLag`): checked only
                // for its shape, so a truncated row is refused.
                if columns[5] != "-" && columns[5].parse::<i64>().is_err() {
                    return Err(ImportError::at(
                        line,
                        format!("LAG is \"{}\", expected a number or -", columns[5]),
                    ));
                }
                group.offsets.push(OffsetRow {
                    topic: columns[1].to_string(),
                    partition: columns[2].parse().map_err(|_| {
                        ImportError::at(
                            line,
                            format!("PARTITION is \"{}\", expected a whole number", columns[2]),
                        )
                    })?,
                    committed: offset(line, "CURRENT-OFFSET", columns[3])?,
                    log_end_offset: offset(line, "LOG-END-OFFSET", columns[4])?,
                    line,
                    consumer_id: opt(columns[6]),
                    client_id: opt(columns[8]),
                });
            }
            View::Members {
                instance_ids,
                verbose,
            } => {
                let fixed = if instance_ids { 6 } else { 5 };
                if columns.len() < fixed || (!verbose && columns.len() != fixed) {
                    return Err(ImportError::at(
                        line,
                        format!(
                            "expected {fixed} columns{}, found {}",
                            if verbose { " and ASSIGNMENT" } else { "" },
                            columns.len()
                        ),
                    ));
                }
                let client = if instance_ids { 4 } else { 3 };
                let assignment = if verbose {
                    Some(parse_assignment(line, &columns[fixed..].join(" "))?)
                } else {
                    None
                };
                group.members.push(MemberRow {
                    consumer_id: columns[1].to_string(),
                    instance_id: if instance_ids { opt(columns[2]) } else { None },
                    client_id: columns[client].to_string(),
                    assignment,
                });
            }
            View::State => {
                // GROUP  COORDINATOR (ID)  ASSIGNMENT-STRATEGY  STATE  #MEMBERS: the
                // coordinator is "host:port (id)", two words.
                if columns.len() != 6 {
                    return Err(ImportError::at(line, format!(
                        "expected GROUP, COORDINATOR (ID), ASSIGNMENT-STRATEGY, STATE and #MEMBERS, found {} columns",
                        columns.len()
                    )));
                }
                group.assignment_strategy = opt(columns[3]).filter(|s| !s.is_empty());
            }
        }
    }
    Ok(groups)
}

fn header_view(line: usize, header: &str) -> Result<View, ImportError> {
    let words: Vec<&str> = header.split_whitespace().collect();
    if words.get(1) == Some(&"TOPIC") {
        return Ok(View::Offsets);
    }
    if header.contains("ASSIGNMENT-STRATEGY") {
        return Ok(View::State);
    }
    if words.get(1) == Some(&"CONSUMER-ID") {
        return Ok(View::Members {
            instance_ids: words.contains(&"GROUP-INSTANCE-ID"),
            verbose: words.last() == Some(&"ASSIGNMENT"),
        });
    }
    Err(ImportError::at(
        line,
        format!(
            "a header line \"{header}\" that kafka-consumer-groups.sh --describe does not print"
        ),
    ))
}

/// `orders(0,1), payments(2)`, `(0,1)` or `-`.
fn parse_assignment(line: usize, text: &str) -> Result<Vec<(Option<String>, u32)>, ImportError> {
    let text = text.trim();
    if text == "-" || text.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for part in text.split("), ") {
        let part = part.trim().trim_end_matches(')');
        let (topic, list) = part.split_once('(').ok_or_else(|| {
            ImportError::at(
                line,
                format!("ASSIGNMENT has \"{part}\", expected topic(0,1) or (0,1)"),
            )
        })?;
        let topic = (!topic.is_empty()).then(|| topic.to_string());
        for p in list.split(',') {
            let partition = p.trim().parse().map_err(|_| {
                ImportError::at(
                    line,
                    format!("ASSIGNMENT has partition \"{p}\", expected a whole number"),
                )
            })?;
            out.push((topic.clone(), partition));
        }
    }
    Ok(out)
}
