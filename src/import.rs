//! Import: what `kafka-topics.sh --describe` and `kafka-consumer-groups.sh --describe` print
//! on a real cluster, read into a scenario, so an engineer can watch their own topology in the
//! playground and ask "what if broker 2 dies now". Text in, a scenario out (checked by the same
//! validation as any scenario), or one error naming the line and what was expected; nothing is
//! half-imported. What the format cannot hold yet is listed as a warning, never dropped
//! silently.

mod groups_describe;
mod topics_describe;

pub use groups_describe::{DescribedGroup, MemberRow, OffsetRow};
pub use topics_describe::{DescribedPartition, DescribedTopic};

use crate::engine::stable_sort;
use crate::engine::{group_limits, limits};
use crate::scenario::{AssignorSpec, GroupSpec, MemberSpec, Scenario, TopicSpec};
use std::fmt;

/// Text the importer refused: where, and what it expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// The pasted text or file it was found in, when there were several.
    pub source: Option<String>,
    /// The 1-based line, when one line is at fault.
    pub line: Option<usize>,
    pub message: String,
}

impl ImportError {
    fn at(line: usize, message: String) -> ImportError {
        ImportError {
            source: None,
            line: Some(line),
            message,
        }
    }

    fn whole(message: String) -> ImportError {
        ImportError {
            source: None,
            line: None,
            message,
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.source, self.line) {
            (Some(s), Some(l)) => write!(f, "{s}, line {l}: {}", self.message),
            (Some(s), None) => write!(f, "{s}: {}", self.message),
            (None, Some(l)) => write!(f, "line {l}: {}", self.message),
            (None, None) => write!(f, "{}", self.message),
        }
    }
}

impl std::error::Error for ImportError {}

/// The start of a line, for messages.
fn excerpt(line: &str) -> String {
    let line = line.trim();
    match line.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}

/// Everything read from the pasted texts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Described {
    pub topics: Vec<DescribedTopic>,
    pub groups: Vec<DescribedGroup>,
}

/// The most text one import reads, in bytes (a describe of every topic at the partition limit
/// is far below it).
pub const IMPORT_BYTES_MAX: usize = 1 << 20;

/// Reads each `(source name, text)`: topic describes and group describes, in any order.
pub fn read(texts: &[(String, String)]) -> Result<Described, ImportError> {
    let mut described = Described::default();
    let total: usize = texts.iter().map(|(_, t)| t.len()).sum();
    if total > IMPORT_BYTES_MAX {
        return Err(ImportError::whole(format!(
            "{total} bytes of text; an import reads at most {IMPORT_BYTES_MAX}"
        )));
    }
    for (source, text) in texts {
        let named = |mut e: ImportError| {
            e.source = Some(source.clone());
            e
        };
        let topics = topics_describe::looks_like(text);
        let groups = groups_describe::looks_like(text);
        match (topics, groups) {
            (true, false) => described
                .topics
                .extend(topics_describe::parse(text).map_err(named)?),
            (false, true) => {
                for g in groups_describe::parse(text).map_err(named)? {
                    merge_group(&mut described.groups, g);
                }
            }
            (true, true) => {
                // One paste of both (the page has one box): each part read on its own, at
                // its own line numbers.
                let (topic_part, group_part) = split_describes(text);
                let mut parts = vec![(source.clone(), topic_part), (source.clone(), group_part)];
                let mut more = read_parts(&mut parts)?;
                described.topics.append(&mut more.topics);
                for g in more.groups {
                    merge_group(&mut described.groups, g);
                }
            }
            (false, false) => {
                return Err(named(ImportError::whole(
                    "is neither what kafka-topics.sh --describe prints (\"Topic: … PartitionCount: …\") nor what kafka-consumer-groups.sh --describe prints (a header starting with GROUP)".to_string(),
                )))
            }
        }
    }
    if described.topics.is_empty() {
        return Err(ImportError::whole(
            "no topic: paste what kafka-topics.sh --describe prints for the topics too".to_string(),
        ));
    }
    Ok(described)
}

/// The views of one group often come in separate pastes: merged by group id.
fn merge_group(groups: &mut Vec<DescribedGroup>, g: DescribedGroup) {
    match groups.iter_mut().find(|d| d.group_id == g.group_id) {
        Some(d) => {
            d.offsets.extend(g.offsets);
            d.members.extend(g.members);
            d.assignment_strategy = g.assignment_strategy.or(d.assignment_strategy.take());
        }
        None => groups.push(g),
    }
}

/// Reads the two parts of a paste holding both kinds: the topic part as topic describes, the
/// group part as group tables.
fn read_parts(parts: &mut [(String, String)]) -> Result<Described, ImportError> {
    let mut described = Described::default();
    let named = |source: &str| {
        let source = source.to_string();
        move |mut e: ImportError| {
            e.source = Some(source.clone());
            e
        }
    };
    let (topics, groups) = (&parts[0], &parts[1]);
    described.topics = topics_describe::parse(&topics.1).map_err(named(&topics.0))?;
    described.groups = groups_describe::parse(&groups.1).map_err(named(&groups.0))?;
    Ok(described)
}

/// A paste of topic describes and group tables split in two texts of the same lines, each with
/// the other's lines left blank, so every message names the line of the paste. A group table
/// runs from a header starting with `GROUP` up to a line that starts a topic describe
/// (`Topic: … PartitionCount: …`); the rest is the topics'.
fn split_describes(text: &str) -> (String, String) {
    let (mut topics, mut groups) = (String::new(), String::new());
    let mut in_group = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("GROUP ")
            || trimmed.starts_with("Consumer group '")
            || trimmed.starts_with("Warning: Consumer group '")
        {
            in_group = true;
        } else if trimmed.starts_with("Topic:") && line.contains("PartitionCount:") {
            in_group = false;
        }
        let (mine, other) = if in_group {
            (&mut groups, &mut topics)
        } else {
            (&mut topics, &mut groups)
        };
        mine.push_str(line);
        mine.push('\n');
        other.push('\n');
    }
    (topics, groups)
}

/// The topic's replicas as described, partition 0 first, broker ids moved up by `shift`: the
/// scenario's `replica_assignment`, so the run places every replica as on the cluster.
fn replica_assignment(t: &DescribedTopic, shift: u32) -> Result<Vec<Vec<u32>>, ImportError> {
    let mut lists: Vec<Option<Vec<u32>>> = vec![None; t.partitions.len()];
    for p in &t.partitions {
        let slot = lists.get_mut(p.partition as usize).ok_or_else(|| {
            ImportError::at(
                t.line,
                format!(
                    "topic {}: partition {} is past its PartitionCount of {}",
                    t.name, p.partition, t.partition_count
                ),
            )
        })?;
        if slot.is_some() {
            return Err(ImportError::at(
                t.line,
                format!(
                    "topic {}: partition {} is described twice",
                    t.name, p.partition
                ),
            ));
        }
        if p.replicas.len() != t.replication_factor as usize {
            return Err(ImportError::at(
                t.line,
                format!(
                    "topic {}: partition {} has {} replicas but ReplicationFactor is {}",
                    t.name,
                    p.partition,
                    p.replicas.len(),
                    t.replication_factor
                ),
            ));
        }
        *slot = Some(p.replicas.iter().map(|b| b + shift).collect());
    }
    Ok(lists.into_iter().flatten().collect())
}

/// Each partition's leader and ISR as described, broker ids moved up by `shift`, with the
/// partitions the run cannot start as described (no leader, or a leader outside the ISR),
/// which start with the preferred leader and every replica in sync.
fn starting_state(
    t: &DescribedTopic,
    assignment: &[Vec<u32>],
    shift: u32,
) -> (Vec<u32>, Vec<Vec<u32>>, Vec<String>) {
    let mut leaders = Vec::new();
    let mut isrs = Vec::new();
    let mut leaderless = Vec::new();
    for (p, replicas) in assignment.iter().enumerate() {
        let described = t.partitions.iter().find(|d| d.partition as usize == p);
        let isr: Vec<u32> = described
            .map(|d| d.isr.iter().map(|b| b + shift).collect())
            .unwrap_or_default();
        let leader = described.and_then(|d| d.leader).map(|b| b + shift);
        match leader {
            Some(l) if isr.contains(&l) && isr.iter().all(|b| replicas.contains(b)) => {
                leaders.push(l);
                isrs.push(isr);
            }
            _ => {
                leaderless.push(format!("{}-{p}", t.name));
                leaders.push(replicas[0]);
                isrs.push(replicas.clone());
            }
        }
    }
    (leaders, isrs, leaderless)
}

/// A scenario with the described topology, and what it could not carry over.
pub fn to_scenario(described: &Described) -> Result<(Scenario, Vec<String>), ImportError> {
    let mut warnings = Vec::new();
    let mut scenario = Scenario::default();
    let ids: Vec<u32> = described
        .topics
        .iter()
        .flat_map(|t| t.partitions.iter().flat_map(|p| p.replicas.iter().copied()))
        .collect();
    let lowest = ids.iter().copied().min().unwrap_or(1);
    let shift = u32::from(lowest == 0);
    if shift == 1 {
        warnings.push(
            "broker ids start at 0 on that cluster; here broker n is its broker n-1".to_string(),
        );
    }
    let brokers = ids.iter().map(|&b| b + shift).max().unwrap_or(1);
    if brokers > limits::BROKERS_MAX {
        return Err(ImportError::whole(format!(
            "broker id {} needs {brokers} brokers; the playground runs at most {}",
            brokers - shift,
            limits::BROKERS_MAX
        )));
    }
    scenario.cluster.brokers = brokers.max(1);
    let mut topics = Vec::new();
    for t in &described.topics {
        let mut spec = TopicSpec {
            name: t.name.clone(),
            partitions: t.partition_count,
            replication_factor: t.replication_factor,
            ..TopicSpec::default()
        };
        for (name, value) in &t.configs {
            match name.as_str() {
                "min.insync.replicas" => {
                    spec.min_insync_replicas = value.parse().map_err(|_| {
                        ImportError::at(
                            t.line,
                            format!("min.insync.replicas={value} is not a whole number"),
                        )
                    })?;
                }
                "unclean.leader.election.enable" if value == "true" => {
                    scenario.cluster.unclean_leader_election = true;
                }
                "retention.ms" => spec.retention_ms = parsed(t.line, name, value)?,
                "retention.bytes" => spec.retention_bytes = parsed(t.line, name, value)?,
                "segment.bytes" => spec.segment_bytes = parsed(t.line, name, value)?,
                "segment.ms" => spec.segment_ms = parsed(t.line, name, value)?,
                _ => warnings.push(format!(
                    "topic {}: {name}={value} is not simulated and was left out",
                    t.name
                )),
            }
        }
        spec.replica_assignment = replica_assignment(t, shift)?;
        let (leaders, isr, leaderless) = starting_state(t, &spec.replica_assignment, shift);
        if !leaderless.is_empty() {
            warnings.push(format!(
                "topic {}: {} had no leader (or one outside its ISR) on the cluster; the run starts them with the preferred leader and every replica in sync",
                t.name,
                leaderless.join(", ")
            ));
        }
        if leaders
            .iter()
            .zip(&spec.replica_assignment)
            .any(|(l, r)| r.first() != Some(l))
        {
            spec.starting_leaders = leaders;
        }
        if isr
            .iter()
            .zip(&spec.replica_assignment)
            .any(|(i, r)| i.len() < r.len())
        {
            spec.starting_isr = isr;
        }
        topics.push(spec);
    }
    if topics.len() > limits::TOPICS_MAX {
        return Err(ImportError::whole(format!(
            "{} topics; the playground runs at most {}",
            topics.len(),
            limits::TOPICS_MAX
        )));
    }
    let mut topics = topics.into_iter();
    scenario.topic = topics.next().expect("read() requires a topic");
    scenario.more_topics = topics.collect();
    scenario.producer.topic = None;
    if described.groups.len() > limits::GROUPS_MAX {
        return Err(ImportError::whole(format!(
            "{} groups; the playground runs at most {}",
            described.groups.len(),
            limits::GROUPS_MAX
        )));
    }
    for g in &described.groups {
        scenario
            .groups
            .push(group_spec(g, described, &mut warnings)?);
    }
    let mut specs: Vec<&mut TopicSpec> = std::iter::once(&mut scenario.topic)
        .chain(scenario.more_topics.iter_mut())
        .collect();
    for spec in specs.iter_mut() {
        starting_offsets(spec, described, &mut warnings)?;
    }
    warnings.push("the default producer writes 20 records/s to the first topic, and the records already in the logs have null keys".to_string());
    // The scenario's own validation, with its field names, decides what is in range.
    let checked = Scenario::from_json(&scenario.to_json())
        .map_err(|e| ImportError::whole(format!("the imported scenario is refused: {e}")))?;
    Ok((checked.scenario, warnings))
}

/// The topic's logs at time 0, from the groups' offsets views: each partition ends at its
/// `LOG-END-OFFSET` and starts at the lowest committed offset of any group there, so every
/// group's lag is in the log, as on the cluster (the records below it are not: a log here
/// starts with at most `limits::STARTING_RECORDS_PER_PARTITION_MAX` records). A partition no
/// offsets row names starts empty at 0.
fn starting_offsets(
    spec: &mut TopicSpec,
    described: &Described,
    warnings: &mut Vec<String>,
) -> Result<(), ImportError> {
    let rows: Vec<(&str, &OffsetRow)> = described
        .groups
        .iter()
        .flat_map(|g| g.offsets.iter().map(move |r| (g.group_id.as_str(), r)))
        .filter(|(_, r)| r.topic == spec.name)
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    let n = spec.partitions as usize;
    let mut ends: Vec<Option<u64>> = vec![None; n];
    for (group, r) in &rows {
        let Some(end) = ends.get_mut(r.partition as usize) else {
            return Err(ImportError::at(
                r.line,
                format!(
                    "group {group} reads {}-{}, but the topic describe gives {} {} partitions",
                    r.topic, r.partition, spec.name, spec.partitions
                ),
            ));
        };
        // Each group's view was read at its own moment: the latest log end offset holds.
        let seen = r.log_end_offset.max(r.committed);
        *end = (*end).max(seen);
        if r.log_end_offset.is_none() && r.committed.is_some() {
            warnings.push(format!(
                "{}-{}: LOG-END-OFFSET was not printed; its log ends at the committed offset",
                r.topic, r.partition
            ));
        }
    }
    let most = limits::STARTING_RECORDS_PER_PARTITION_MAX as u64;
    let mut starts = Vec::with_capacity(n);
    for (p, end) in ends.iter().enumerate() {
        let end = end.unwrap_or(0);
        let lowest = rows
            .iter()
            .filter(|(_, r)| r.partition as usize == p)
            .filter_map(|(_, r)| r.committed)
            .min()
            .unwrap_or(end);
        let start = lowest.max(end.saturating_sub(most));
        for (group, r) in rows.iter().filter(|(_, r)| r.partition as usize == p) {
            if let Some(c) = r.committed.filter(|&c| c < start) {
                warnings.push(format!(
                    "group {group}: {}-{p} lags {} records, more than the {most} a log here starts with; its committed offset {c} is below the log start {start}, so auto.offset.reset decides where it reads",
                    spec.name,
                    end - c
                ));
            }
        }
        starts.push(start);
    }
    spec.starting_log_end_offsets = ends.iter().map(|e| e.unwrap_or(0)).collect();
    spec.starting_log_start_offsets = starts;
    Ok(())
}

/// A topic config's value as a number, or an error naming it.
fn parsed<T: std::str::FromStr>(line: usize, name: &str, value: &str) -> Result<T, ImportError> {
    value
        .parse()
        .map_err(|_| ImportError::at(line, format!("{name}={value} is not a whole number")))
}

fn group_spec(
    g: &DescribedGroup,
    described: &Described,
    warnings: &mut Vec<String>,
) -> Result<GroupSpec, ImportError> {
    let known = |topic: &str| described.topics.iter().any(|t| t.name == topic);
    let mut topics: Vec<String> = g.offsets.iter().map(|r| r.topic.clone()).collect();
    topics.extend(
        g.members
            .iter()
            .flat_map(|m| m.assignment.iter().flatten())
            .filter_map(|(t, _)| t.clone()),
    );
    stable_sort::sort(&mut topics);
    topics.dedup();
    if let Some(t) = topics.iter().find(|t| !known(t)) {
        return Err(ImportError::at(
            g.line,
            format!(
                "group {} reads {t}, which no pasted topic describe has",
                g.group_id
            ),
        ));
    }
    if topics.is_empty() {
        topics.push(described.topics[0].name.clone());
    }
    // Members from the members view, else the owners named in the offsets view.
    let mut members: Vec<MemberSpec> = Vec::new();
    let mut add = |name: &str, instance_id: Option<String>| {
        if !members.iter().any(|m| m.name == name) {
            members.push(MemberSpec {
                name: name.to_string(),
                instance_id,
            });
        }
    };
    for m in &g.members {
        add(&m.client_id, m.instance_id.clone());
    }
    if g.members.is_empty() {
        for r in &g.offsets {
            if let Some(client) = &r.client_id {
                add(client, None);
            }
        }
    }
    if members.len() > group_limits::MEMBERS_MAX {
        return Err(ImportError::at(
            g.line,
            format!(
                "group {} has {} members; a group here has at most {}",
                g.group_id,
                members.len(),
                group_limits::MEMBERS_MAX
            ),
        ));
    }
    let assignors = match g.assignment_strategy.as_deref() {
        None => GroupSpec::default().assignors,
        Some("range") => vec![AssignorSpec::Range],
        Some("roundrobin") => vec![AssignorSpec::RoundRobin],
        Some("sticky") => vec![AssignorSpec::Sticky],
        Some("cooperative-sticky") => vec![AssignorSpec::CooperativeSticky],
        Some(other) => {
            warnings.push(format!(
                "group {}: assignment strategy {other} is not simulated; it uses range, cooperative-sticky (the Java default)",
                g.group_id
            ));
            GroupSpec::default().assignors
        }
    };
    if g.offsets.iter().any(|r| r.consumer_id.is_some())
        || g.members.iter().any(|m| m.assignment.is_some())
    {
        warnings.push(format!(
            "group {}: its members join afresh and the assignor decides who owns what; compare with the cluster's assignment",
            g.group_id
        ));
    }
    // CURRENT-OFFSET as the group's committed offset there; `-` is none.
    let mut committed_offsets = std::collections::BTreeMap::new();
    for r in &g.offsets {
        let Some(offset) = r.committed else { continue };
        let key = format!("{}-{}", r.topic, r.partition);
        match committed_offsets.insert(key, offset) {
            Some(other) if other != offset => {
                return Err(ImportError::at(
                    r.line,
                    format!(
                    "group {}: {}-{} has CURRENT-OFFSET {offset} here and {other} on another line",
                    g.group_id, r.topic, r.partition
                ),
                ))
            }
            _ => {}
        }
    }
    Ok(GroupSpec {
        group_id: g.group_id.clone(),
        topics,
        assignors,
        members,
        committed_offsets,
        ..GroupSpec::default()
    })
}

#[cfg(test)]
mod offsets_tests;
#[cfg(test)]
mod tests;
