//! The native command line over the same engine and scenario codec as the page:
//! `partition` prints Kafka's murmur2 routing for keys, `run` plays a scenario headless and
//! prints a JSON report. Its output formats are a contract other tools depend on.

use crate::engine::limits;
use crate::engine::{murmur2, to_positive};
use crate::scenario::{report, RunLength};
use crate::session::{open, replay_observed};
use clap::{Parser, Subcommand};
use std::io::{self, BufRead, Read, Write};
use std::process::ExitCode;

mod assign_consumer;
mod progress;
use progress::Progress;

/// Default length of a headless run, in ms of sim time.
pub const DEFAULT_RUN_MS: u64 = 60_000;

#[derive(Parser, Debug)]
#[command(
    name = "kafka-playground",
    version,
    about = "Kafka Partition Playground: Kafka's partitioning, simulated deterministically",
    after_help = "The web playground is built with Trunk: see README.md."
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Print KEY<TAB>MURMUR2<TAB>PARTITION for each key, as Kafka's Java producer routes it.
    ///
    /// With no KEY arguments, keys are read from standard input, one per line (an empty line is
    /// the empty key, which Kafka hashes; a trailing "\r\n" counts as the newline). Put "--"
    /// before keys that start with '-'.
    Partition {
        /// The topic's partition count (1 to 2147483647, a Java int).
        #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = parse_partitions)]
        partitions: u32,
        /// Keys, hashed as UTF-8.
        #[arg(value_name = "KEY")]
        keys: Vec<String>,
    },
    /// Compute a consumer group assignment as Kafka's Java assignor would, from a JSON request
    /// on standard input: {"topics": {"orders": 6}, "members": {"consumer1": {"topics":
    /// ["orders"], "instance_id": "host-1", "owned": ["orders-0"], "generation": 3}}}.
    ///
    /// With --protocol consumer, Kafka 4.0's server-side assignors (KIP-848) compute it as the
    /// group coordinator would: "owned" is the member's current target assignment, an optional
    /// "rack" is ignored, the order of members, topics and owned lists is Kafka's iteration
    /// order, and an optional "topic_ids": {"orders": "UUID"} gives topic ids (otherwise
    /// UUID.nameUUIDFromBytes of the name).
    Assign {
        /// classic: range, roundrobin, sticky or cooperative-sticky (its first round, transfers
        /// withheld); consumer: uniform or range.
        #[arg(long, value_name = "STRATEGY")]
        strategy: String,
        /// classic (the client-side assignors, the default) or consumer (KIP-848's server-side
        /// assignors).
        #[arg(long, value_name = "PROTOCOL", default_value = "classic", value_parser = parse_protocol)]
        protocol: String,
    },
    /// Run a scenario headless and print a JSON report (fields: docs/scenario-format.md).
    ///
    /// A run asking for more simulated work than the playground's limit is refused, naming the
    /// fields to lower; a run taking more than two seconds shows its progress on stderr.
    Run {
        /// A scenario JSON file, a share URL, or its fragment (v1.…).
        #[arg(value_name = "SCENARIO")]
        scenario: String,
        /// Sim time to stop at, in ms (default: the link's playhead, or 60000).
        #[arg(long, value_name = "T", value_parser = parse_until_ms)]
        until_ms: Option<u64>,
        /// Print one line per event instead of the report, then the trace hash.
        #[arg(long)]
        trace: bool,
    },
    /// Print what recreates a scenario on a real Kafka 4.x cluster: kafka-topics.sh and
    /// kafka-configs.sh commands, server.properties lines, producer and consumer properties
    /// (only the settings that differ from Kafka's defaults), console commands for the load and
    /// the consumers, and the scenario's actions as numbered steps.
    Export {
        /// A scenario JSON file, a share URL, or its fragment (v1.…).
        #[arg(value_name = "SCENARIO")]
        scenario: String,
        /// commands, properties or all.
        #[arg(long, value_name = "FORMAT", default_value = "all", value_parser = crate::export::ExportFormat::parse)]
        format: crate::export::ExportFormat,
    },
    /// Read what kafka-topics.sh --describe and kafka-consumer-groups.sh --describe print
    /// (Kafka 3.x and 4.x layouts; offsets, members and state views) and print a scenario with
    /// that topology as JSON; what the scenario cannot carry over is listed on stderr.
    Import {
        /// Files holding the pasted output; "-" reads standard input.
        #[arg(value_name = "FILE", required = true)]
        files: Vec<String>,
    },
}

fn parse_partitions(text: &str) -> Result<u32, String> {
    let n: i64 = text.trim().parse().map_err(|_| {
        format!(
            "'{text}' is not a whole number; give the topic's partition count, e.g. --partitions 6"
        )
    })?;
    if n < 1 {
        return Err(format!(
            "{n} is below 1: a topic has at least one partition"
        ));
    }
    if n > i64::from(limits::CLI_PARTITIONS_MAX) {
        return Err(format!(
            "{n} is above {}, the most a Java int partition count can hold",
            limits::CLI_PARTITIONS_MAX
        ));
    }
    Ok(n as u32)
}

fn parse_protocol(text: &str) -> Result<String, String> {
    match text {
        "classic" | "consumer" => Ok(text.to_string()),
        _ => Err(format!(
            "'{text}' is not a group protocol; give classic or consumer (group.protocol)"
        )),
    }
}

fn parse_until_ms(text: &str) -> Result<u64, String> {
    let t: u64 = text
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a whole number of milliseconds"))?;
    if t > limits::RUN_MS_MAX {
        return Err(format!(
            "{t} ms is past the longest run of {} ms (one day)",
            limits::RUN_MS_MAX
        ));
    }
    Ok(t)
}

/// Runs the CLI with the process's arguments.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout with success, usage errors to stderr.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Cmd::Partition { partitions, keys } => run_partition(partitions, &keys),
        Cmd::Run {
            scenario,
            until_ms,
            trace,
        } => run_scenario(&scenario, until_ms, trace),
        Cmd::Assign { strategy, protocol } if protocol == "consumer" => {
            run_assign_consumer(&strategy)
        }
        Cmd::Assign { strategy, .. } => run_assign(&strategy),
        Cmd::Export { scenario, format } => run_export(&scenario, format),
        Cmd::Import { files } => run_import(&files),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("kafka-playground: {message}");
            ExitCode::FAILURE
        }
    }
}

fn partition_line(key: &str, n: u32) -> String {
    let hash = murmur2(key.as_bytes());
    let partition = to_positive(hash) as u32 % n;
    format!("{key}\t{hash}\t{partition}")
}

fn run_partition(n: u32, keys: &[String]) -> Result<(), String> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let write_err = |e: io::Error| format!("could not write the output: {e}");
    if !keys.is_empty() {
        for key in keys {
            writeln!(out, "{}", partition_line(key, n)).map_err(write_err)?;
        }
        return out.flush().map_err(write_err);
    }
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut line = Vec::new();
    let mut line_no = 0u64;
    loop {
        line.clear();
        let read = input
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("could not read standard input: {e}"))?;
        if read == 0 {
            break;
        }
        line_no += 1;
        if line.last() == Some(&b'\n') {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
        }
        let key = std::str::from_utf8(&line).map_err(|_| {
            let _ = out.flush();
            format!(
                "line {line_no} of standard input is not valid UTF-8; keys are read as UTF-8 text"
            )
        })?;
        writeln!(out, "{}", partition_line(key, n)).map_err(write_err)?;
    }
    out.flush().map_err(write_err)
}

fn run_export(arg: &str, format: crate::export::ExportFormat) -> Result<(), String> {
    let decoded = load_scenario(arg)?;
    for warning in &decoded.warnings {
        eprintln!("kafka-playground: warning: {warning}");
    }
    let text = crate::export::export_text(&decoded.scenario, format);
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| format!("could not write the output: {e}"))
}

fn run_import(files: &[String]) -> Result<(), String> {
    let mut texts = Vec::new();
    for file in files {
        let text = if file == "-" {
            let mut text = String::new();
            io::stdin()
                .lock()
                .take(crate::import::IMPORT_BYTES_MAX as u64 + 1)
                .read_to_string(&mut text)
                .map_err(|e| format!("could not read standard input as UTF-8 text: {e}"))?;
            text
        } else {
            let bytes = std::fs::read(file).map_err(|e| format!("could not read {file}: {e}"))?;
            String::from_utf8(bytes).map_err(|_| format!("{file} is not UTF-8 text"))?
        };
        let name = if file == "-" { "standard input" } else { file };
        texts.push((name.to_string(), text));
    }
    let described = crate::import::read(&texts).map_err(|e| e.to_string())?;
    let (scenario, warnings) = crate::import::to_scenario(&described).map_err(|e| e.to_string())?;
    for warning in &warnings {
        eprintln!("kafka-playground: note: {warning}");
    }
    let mut out = io::stdout().lock();
    writeln!(out, "{}", scenario.to_json_pretty())
        .and_then(|()| out.flush())
        .map_err(|e| format!("could not write the output: {e}"))
}

/// Reads a scenario from a file path, a URL or a fragment.
fn load_scenario(arg: &str) -> Result<crate::scenario::Decoded, String> {
    let path = std::path::Path::new(arg);
    if path.is_file() {
        let meta = std::fs::metadata(path).map_err(|e| format!("could not read {arg}: {e}"))?;
        if meta.len() > crate::scenario::JSON_BYTES_MAX as u64 {
            return Err(format!(
                "{arg} is {} bytes; a scenario file is at most {} bytes",
                meta.len(),
                crate::scenario::JSON_BYTES_MAX
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| format!("could not read {arg}: {e}"))?;
        let text = String::from_utf8(bytes).map_err(|_| format!("{arg} is not UTF-8 text"))?;
        return open::from_json_for_run(&text).map_err(|e| format!("{arg}: {e}"));
    }
    let looks_like_link = arg.contains('#') || arg.starts_with('v') && arg.contains('.');
    if looks_like_link {
        return open::from_fragment_for_run(arg)
            .map_err(|e| format!("the link could not be read: {e}"));
    }
    if path.exists() {
        return Err(format!("{arg} is not a regular file"));
    }
    Err(format!(
        "{arg}: no such file, and not a share link (links contain '#v1.')"
    ))
}

fn run_scenario(arg: &str, until_ms: Option<u64>, trace: bool) -> Result<(), String> {
    let decoded = load_scenario(arg)?;
    for warning in &decoded.warnings {
        eprintln!("kafka-playground: warning: {warning}");
    }
    let scenario = decoded.scenario;
    let (until, length) = match until_ms {
        Some(until) => (until, RunLength::UntilMs),
        None if scenario.view.playhead_ms > 0 => (scenario.view.playhead_ms, RunLength::Playhead),
        None => (DEFAULT_RUN_MS, RunLength::CliDefault),
    };
    // The run is checked as it will run: for its length, with no comparison beside it.
    scenario
        .check_work(until, length, None)
        .map_err(|e| e.to_string())?;
    let mut progress = Progress::new(until);
    let sim = replay_observed(&scenario, until, trace, &mut |sim| progress.observe(sim))
        .map_err(|e| e.to_string())?;
    progress.finish(&sim);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let write_err = |e: io::Error| format!("could not write the output: {e}");
    if trace {
        for event in sim.event_log().captured.iter().flatten() {
            writeln!(out, "{event}").map_err(write_err)?;
        }
        writeln!(
            out,
            "# events={} trace_hash={:016x}",
            sim.event_log().total,
            sim.event_log().hash()
        )
        .map_err(write_err)?;
    } else {
        let json = serde_json::to_string_pretty(&report(&sim)).expect("the report is plain data");
        writeln!(out, "{json}").map_err(write_err)?;
    }
    out.flush().map_err(write_err)
}

/// The longest `assign` request read, in bytes.
const ASSIGN_REQUEST_BYTES_MAX: u64 = 64 * 1024 * 1024;

/// Reads the `assign` request from standard input, up to `ASSIGN_REQUEST_BYTES_MAX`.
fn read_assign_request() -> Result<serde_json::Value, String> {
    let mut text = String::new();
    io::stdin()
        .take(ASSIGN_REQUEST_BYTES_MAX + 1)
        .read_to_string(&mut text)
        .map_err(|e| format!("could not read the request from standard input: {e}"))?;
    if text.len() as u64 > ASSIGN_REQUEST_BYTES_MAX {
        return Err(format!(
            "the request is over {ASSIGN_REQUEST_BYTES_MAX} bytes"
        ));
    }
    serde_json::from_str(&text).map_err(|e| format!("the request is not valid JSON: {e}"))
}

fn run_assign_consumer(strategy: &str) -> Result<(), String> {
    // Refused before reading standard input, as the classic path refuses.
    let assignor = assign_consumer::parse_strategy(strategy)?;
    let request = read_assign_request()?;
    let json = assign_consumer::assign_consumer(assignor, &request)?;
    println!("{json}");
    Ok(())
}

fn run_assign(strategy: &str) -> Result<(), String> {
    use crate::engine::{
        cooperative_sticky, range, round_robin, sticky, Member, StickyMember, TopicPartition,
    };
    let strategies = "range, roundrobin, sticky, cooperative-sticky";
    if !matches!(
        strategy,
        "range" | "roundrobin" | "sticky" | "cooperative-sticky"
    ) {
        return Err(format!(
            "unknown strategy {strategy:?}; Kafka's built-in assignors are {strategies}"
        ));
    }
    let request = read_assign_request()?;
    let topics_json = request
        .get("topics")
        .and_then(|t| t.as_object())
        .ok_or("the request needs \"topics\": {TOPIC: PARTITIONS, ...}")?;
    let mut topics = std::collections::BTreeMap::new();
    for (name, count) in topics_json {
        let n = count
            .as_u64()
            .filter(|&n| n >= 1 && n <= u64::from(i32::MAX as u32))
            .ok_or_else(|| format!("topics.{name}: the partition count must be a whole number from 1 to 2147483647"))?;
        topics.insert(name.clone(), n as u32);
    }
    let members_json = request
        .get("members")
        .and_then(|m| m.as_object())
        .ok_or("the request needs \"members\": {MEMBER: {\"topics\": [...]}, ...}")?;
    let mut members: Vec<StickyMember> = Vec::with_capacity(members_json.len());
    let mut instance_ids = std::collections::BTreeSet::new();
    for (id, spec) in members_json {
        let subscribed = spec
            .get("topics")
            .and_then(|t| t.as_array())
            .ok_or_else(|| format!("members.{id}: \"topics\" must be a list of topic names"))?;
        let mut member_topics = Vec::new();
        for t in subscribed {
            let t = t
                .as_str()
                .ok_or_else(|| format!("members.{id}.topics: every topic is a string"))?;
            if !topics.contains_key(t) {
                eprintln!("kafka-playground: warning: {id} subscribes to {t:?}, which has no metadata; Kafka's assignor skips it");
            }
            member_topics.push(t.to_string());
        }
        let instance_id = match spec.get("instance_id") {
            None | Some(serde_json::Value::Null) => None,
            Some(v) => Some(
                v.as_str()
                    .ok_or_else(|| format!("members.{id}.instance_id must be a string"))?
                    .to_string(),
            ),
        };
        if let Some(i) = &instance_id {
            if !instance_ids.insert(i.clone()) {
                // The coordinator fences the older member with the same group.instance.id.
                return Err(format!("members {id} and another share group.instance.id {i:?}; Kafka allows one member per instance id (the other is fenced)"));
            }
        }
        let mut owned = Vec::new();
        if let Some(list) = spec.get("owned") {
            let list = list.as_array().ok_or_else(|| {
                format!("members.{id}.owned must be a list of \"TOPIC-PARTITION\" strings")
            })?;
            for item in list {
                let text = item.as_str().ok_or_else(|| {
                    format!("members.{id}.owned: every entry is a \"TOPIC-PARTITION\" string")
                })?;
                let parsed = text.rsplit_once('-').and_then(|(topic, p)| {
                    p.parse::<u32>()
                        .ok()
                        .filter(|_| !topic.is_empty())
                        .map(|p| (topic, p))
                });
                let (topic, partition) = parsed.ok_or_else(|| {
                    format!(
                        "members.{id}.owned: {text:?} is not TOPIC-PARTITION (e.g. \"orders-0\")"
                    )
                })?;
                owned.push(TopicPartition {
                    topic: topic.to_string(),
                    partition,
                });
            }
        }
        let generation = match spec.get("generation") {
            None | Some(serde_json::Value::Null) => None,
            Some(v) => Some(
                v.as_i64()
                    .and_then(|g| i32::try_from(g).ok())
                    .ok_or_else(|| format!("members.{id}.generation must be a Java int"))?,
            ),
        };
        members.push(StickyMember {
            member: Member {
                id: id.clone(),
                instance_id,
                topics: member_topics,
            },
            owned,
            generation,
        });
    }
    let plain: Vec<Member> = members.iter().map(|m| m.member.clone()).collect();
    let assignment = match strategy {
        "range" => range(&topics, &plain),
        "roundrobin" => round_robin(&topics, &plain),
        "sticky" => sticky(&topics, &members).assignment,
        _ => cooperative_sticky(&topics, &members).assignment,
    };
    let mut out = serde_json::Map::new();
    for (id, partitions) in assignment {
        out.insert(
            id,
            serde_json::Value::from(
                partitions
                    .iter()
                    .map(|tp| tp.to_string())
                    .collect::<Vec<_>>(),
            ),
        );
    }
    let json = serde_json::json!({ "assignment": out });
    println!("{json}");
    Ok(())
}
