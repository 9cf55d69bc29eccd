//! Export: what recreates a scenario on a real Kafka 4.x cluster, as the commands and the
//! properties files an operator would type, so a learner can check on a real cluster what the
//! playground showed. Every setting printed is one that differs from Kafka's own default, under
//! Kafka's full name; what a real cluster cannot reproduce exactly is said in a closing note.
//! Plain text out, no clock and no I/O: the CLI prints it, the page shows it with copy buttons.

mod clients;
mod java_names;
mod offsets;
mod share;
mod steps;
mod topics;

use crate::scenario::Scenario;

/// Where a broker or client is reached in the commands (the quickstart's address).
pub const BOOTSTRAP: &str = "localhost:9092";

/// `text` as one shell word: as it is when it needs no quoting, else in single quotes (a group
/// id or a key may hold spaces, quotes or `$`; a topic name cannot).
pub(crate) fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-=:/,@+".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// A `key.separator` for the console producer that none of `keys` contains.
pub(crate) fn key_separator<'a>(keys: impl Iterator<Item = &'a str> + Clone) -> char {
    [':', '|', ';', '~', '^', '#']
        .into_iter()
        .find(|&sep| keys.clone().all(|k| !k.contains(sep)))
        .unwrap_or('\u{1f}')
}

/// `text` inside a double-quoted shell string, where `\`, `"`, `$` and backquotes are special.
pub(crate) fn in_double_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\\"$`".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` as a file name part: characters a shell or a file system could trip on become `_`.
pub(crate) fn file_word(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Which parts to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// Shell commands: topics, broker settings, load, consumers and the steps.
    Commands,
    /// The `producer-*.properties` and `consumer-*.properties` files.
    Properties,
    /// Both, and the note on what cannot be reproduced.
    All,
}

impl ExportFormat {
    /// Reads `commands`, `properties` or `all`.
    pub fn parse(text: &str) -> Result<ExportFormat, String> {
        match text {
            "commands" => Ok(ExportFormat::Commands),
            "properties" => Ok(ExportFormat::Properties),
            "all" => Ok(ExportFormat::All),
            other => Err(format!(
                "--format is \"{other}\"; expected commands, properties or all"
            )),
        }
    }
}

/// One block of the export: a file to save or commands to paste, with its own copy button.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportBlock {
    /// What the block is, e.g. "Create the topics" or "producer-0.properties".
    pub title: String,
    /// The text, ready to paste or save.
    pub text: String,
}

/// Everything that recreates `scenario`, in the order an operator would do it.
pub fn export(scenario: &Scenario, format: ExportFormat) -> Vec<ExportBlock> {
    let commands = format != ExportFormat::Properties;
    let properties = format != ExportFormat::Commands;
    let mut blocks = Vec::new();
    if commands {
        blocks.extend(topics::broker_settings(scenario));
        blocks.push(topics::create_topics(scenario));
    }
    if properties {
        blocks.extend(clients::producer_properties(scenario));
        blocks.extend(clients::consumer_properties(scenario));
    }
    if commands {
        blocks.extend(clients::load_commands(scenario));
        blocks.extend(offsets::committed_offsets(scenario));
        blocks.extend(clients::consumer_commands(scenario));
        blocks.extend(steps::steps(scenario));
    }
    if format == ExportFormat::All {
        blocks.push(not_reproduced(scenario));
    }
    blocks
}

/// The export as one text: each block under a `# ── title ──` line.
pub fn export_text(scenario: &Scenario, format: ExportFormat) -> String {
    let mut out = String::new();
    for block in export(scenario, format) {
        out.push_str(&format!("# ── {} ──\n{}\n", block.title, block.text));
        if !block.text.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// What a real cluster cannot replay exactly.
fn not_reproduced(scenario: &Scenario) -> ExportBlock {
    let mut lines = vec![
        "# A real cluster recreates the topology, the settings and the steps, not the run itself:"
            .to_string(),
        format!(
            "# - the records: the playground draws keys from seed {}; the load commands draw their own,",
            scenario.seed
        ),
        "#   so which key comes when differs (each key's partition does not: murmur2 is the same).".to_string(),
        "# - timing: network and disk latency, GC pauses and the moment you type each step differ,".to_string(),
        "#   so counts (records lost, duplicated, paused partition-seconds) differ too; what they show".to_string(),
        "#   (none or some, which partitions, which consumer) is what to compare.".to_string(),
        "# - console consumers process instantly and auto-commit; the commit modes, worker threads".to_string(),
        "#   and processing times the playground simulates need a small client of your own, with".to_string(),
        "#   the consumer properties above.".to_string(),
    ];
    if scenario.cluster.replica_latency_ms > 0 {
        lines.push(format!(
            "# - replica_latency_ms ({} ms between brokers) is not a Kafka setting: add it with tc netem.",
            scenario.cluster.replica_latency_ms
        ));
    }
    ExportBlock {
        title: "What a real cluster will not reproduce".to_string(),
        text: lines.join("\n") + "\n",
    }
}

#[cfg(test)]
mod tests;
