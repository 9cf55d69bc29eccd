//! The client side of an export: a `producer-N.properties` per producer and a
//! `consumer-GROUP.properties` per group, each listing exactly the settings that differ from
//! the Java client's defaults, and the console commands that drive them.

use super::java_names::{
    acks_value, assignor_class, consumer_defaults as cd, partitioner_setting,
    producer_defaults as pd, reset_value, DEFAULT_ASSIGNORS,
};
use super::{ExportBlock, BOOTSTRAP};
use crate::scenario::{
    AcksSpec, CommitSpec, GroupSpec, KeysSpec, OrderKeySpec, ProcessingSpec, ProducerSpec,
    ProtocolSpec, RemoteAssignorSpec, ResetSpec, Scenario,
};

/// Every producer with the topic it writes to.
fn producers(scenario: &Scenario) -> Vec<(usize, &ProducerSpec, &str)> {
    std::iter::once(&scenario.producer)
        .chain(&scenario.more_producers)
        .enumerate()
        .map(|(i, p)| {
            let topic = p.topic.as_deref().unwrap_or(&scenario.topic.name);
            (i, p, topic)
        })
        .collect()
}

fn producer_file(i: usize) -> String {
    format!("producer-{i}.properties")
}

fn consumer_file(group: &GroupSpec) -> String {
    format!("consumer-{}.properties", super::file_word(&group.group_id))
}

/// `producer-N.properties` for each producer.
pub(super) fn producer_properties(scenario: &Scenario) -> Vec<ExportBlock> {
    producers(scenario)
        .into_iter()
        .map(|(i, p, _)| ExportBlock {
            title: producer_file(i),
            text: producer_lines(p).join("\n") + "\n",
        })
        .collect()
}

fn producer_lines(p: &ProducerSpec) -> Vec<String> {
    let mut lines = vec![
        format!("bootstrap.servers={BOOTSTRAP}"),
        "key.serializer=org.apache.kafka.common.serialization.StringSerializer".to_string(),
        "value.serializer=org.apache.kafka.common.serialization.StringSerializer".to_string(),
    ];
    if p.acks != AcksSpec::All {
        lines.push(format!("acks={}", acks_value(p.acks)));
    }
    if !p.idempotence {
        lines.push("enable.idempotence=false".to_string());
    }
    let partitioner = partitioner_setting(p.partitioner);
    if let Some(note) = partitioner.note {
        lines.push(format!("# {note}"));
    }
    if let Some(class) = partitioner.class {
        lines.push(format!("partitioner.class={class}"));
    }
    if !p.adaptive {
        lines.push("partitioner.adaptive.partitioning.enable=false".to_string());
    }
    if p.ignore_keys {
        lines.push("partitioner.ignore.keys=true".to_string());
    }
    let numbers = [
        ("batch.size", p.batch_size, pd::BATCH_SIZE),
        ("linger.ms", p.linger_ms, pd::LINGER_MS),
        (
            "delivery.timeout.ms",
            p.delivery_timeout_ms,
            pd::DELIVERY_TIMEOUT_MS,
        ),
        ("retry.backoff.ms", p.retry_backoff_ms, pd::RETRY_BACKOFF_MS),
        (
            "request.timeout.ms",
            p.request_timeout_ms,
            pd::REQUEST_TIMEOUT_MS,
        ),
        (
            "max.in.flight.requests.per.connection",
            p.max_in_flight_requests_per_connection,
            pd::MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
        ),
        (
            "retry.backoff.max.ms",
            p.retry_backoff_max_ms,
            pd::RETRY_BACKOFF_MAX_MS,
        ),
        (
            "metadata.max.age.ms",
            p.metadata_max_age_ms,
            pd::METADATA_MAX_AGE_MS,
        ),
    ];
    for (name, value, default) in numbers {
        if value != default {
            lines.push(format!("{name}={value}"));
        }
    }
    lines
}

/// `consumer-GROUP.properties` for each group.
pub(super) fn consumer_properties(scenario: &Scenario) -> Vec<ExportBlock> {
    scenario
        .groups
        .iter()
        .map(|g| ExportBlock {
            title: consumer_file(g),
            text: consumer_lines(g).join("\n") + "\n",
        })
        .collect()
}

fn consumer_lines(g: &GroupSpec) -> Vec<String> {
    if g.group_type == crate::scenario::GroupTypeSpec::Share {
        return super::share::share_consumer_lines(g);
    }
    let mut lines = vec![
        format!("bootstrap.servers={BOOTSTRAP}"),
        format!("group.id={}", g.group_id),
        "key.deserializer=org.apache.kafka.common.serialization.StringDeserializer".to_string(),
        "value.deserializer=org.apache.kafka.common.serialization.StringDeserializer".to_string(),
    ];
    if g.group_protocol == ProtocolSpec::Consumer {
        consumer_protocol_lines(g, &mut lines);
    } else {
        lines.push("# group.protocol=classic is the default".to_string());
        classic_protocol_lines(g, &mut lines);
    }
    let numbers = [
        (
            "max.poll.interval.ms",
            g.max_poll_interval_ms,
            cd::MAX_POLL_INTERVAL_MS,
        ),
        ("max.poll.records", g.max_poll_records, cd::MAX_POLL_RECORDS),
        (
            "metadata.max.age.ms",
            g.metadata_max_age_ms,
            cd::METADATA_MAX_AGE_MS,
        ),
    ];
    for (name, value, default) in numbers {
        if value != default {
            lines.push(format!("{name}={value}"));
        }
    }
    common_lines(g, &mut lines);
    lines
}

/// KIP-848: the assignor runs on the coordinator, and the session timeout and heartbeat
/// interval are the group's (broker side) settings; the Java client refuses
/// `partition.assignment.strategy`, `session.timeout.ms` and `heartbeat.interval.ms` with
/// `group.protocol=consumer` (`ConsumerConfig.checkGroupRemoteAssignor` and friends).
fn consumer_protocol_lines(g: &GroupSpec, lines: &mut Vec<String>) {
    lines.push("group.protocol=consumer".to_string());
    if g.group_remote_assignor == RemoteAssignorSpec::Range {
        lines.push("group.remote.assignor=range".to_string());
    }
    let mut group_configs = Vec::new();
    if g.group_consumer_session_timeout_ms != cd::GROUP_CONSUMER_SESSION_TIMEOUT_MS {
        group_configs.push(format!(
            "consumer.session.timeout.ms={}",
            g.group_consumer_session_timeout_ms
        ));
    }
    if g.group_consumer_heartbeat_interval_ms != cd::GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS {
        group_configs.push(format!(
            "consumer.heartbeat.interval.ms={}",
            g.group_consumer_heartbeat_interval_ms
        ));
    }
    if !group_configs.is_empty() {
        lines.push(format!(
            "# the group's own settings, on the broker: kafka-configs.sh --bootstrap-server {BOOTSTRAP} --alter --entity-type groups --entity-name {} --add-config {}",
            g.group_id,
            group_configs.join(",")
        ));
    }
}

/// The classic protocol's client-side assignors and timeouts.
fn classic_protocol_lines(g: &GroupSpec, lines: &mut Vec<String>) {
    if g.assignors != DEFAULT_ASSIGNORS {
        let classes: Vec<&str> = g.assignors.iter().map(|&a| assignor_class(a)).collect();
        lines.push(format!(
            "partition.assignment.strategy={}",
            classes.join(",")
        ));
    }
    let numbers = [
        (
            "session.timeout.ms",
            g.session_timeout_ms,
            cd::SESSION_TIMEOUT_MS,
        ),
        (
            "heartbeat.interval.ms",
            g.heartbeat_interval_ms,
            cd::HEARTBEAT_INTERVAL_MS,
        ),
    ];
    for (name, value, default) in numbers {
        if value != default {
            lines.push(format!("{name}={value}"));
        }
    }
}

/// Commits, offset reset, processing and static members: the same under both protocols.
fn common_lines(g: &GroupSpec, lines: &mut Vec<String>) {
    match g.commit {
        CommitSpec::Auto { interval_ms } if interval_ms != cd::AUTO_COMMIT_INTERVAL_MS => {
            lines.push(format!("auto.commit.interval.ms={interval_ms}"));
        }
        CommitSpec::Auto { .. } => {}
        manual => {
            lines.push("enable.auto.commit=false".to_string());
            lines.push(format!("# the application {}", manual_commit_words(manual)));
        }
    }
    if g.auto_offset_reset != ResetSpec::Latest {
        lines.push(format!(
            "auto.offset.reset={}",
            reset_value(g.auto_offset_reset)
        ));
    }
    if g.processing_ms_per_record > 1 {
        lines.push(format!(
            "# the application takes about {} ms to process each record",
            g.processing_ms_per_record
        ));
    }
    if let ProcessingSpec::Workers { threads } = g.processing {
        lines.push(format!(
            "# the application hands records to {threads} worker threads and polls on"
        ));
    }
    for m in &g.members {
        if let Some(id) = &m.instance_id {
            lines.push(format!(
                "# {}: group.instance.id={id} (static member; set it in that member's copy)",
                m.name
            ));
        }
    }
}

fn manual_commit_words(commit: CommitSpec) -> &'static str {
    match commit {
        CommitSpec::SyncPerBatch => "calls commitSync() after processing each poll's records",
        CommitSpec::SyncPerRecord => "calls commitSync() after each record",
        CommitSpec::AsyncPerBatch => "calls commitAsync() after processing each poll's records",
        CommitSpec::BeforeProcessing => "calls commitSync() right after poll(), before processing",
        CommitSpec::Auto { .. } => "auto-commits",
    }
}

/// A shell loop or perf-test command per producer that sends at its rate.
pub(super) fn load_commands(scenario: &Scenario) -> Vec<ExportBlock> {
    producers(scenario)
        .into_iter()
        .filter(|(_, p, _)| p.rate_per_sec > 0)
        .map(|(i, p, topic)| ExportBlock {
            title: format!("Producer {i}: {} records/s to {topic}", p.rate_per_sec),
            text: load_command(i, p, topic),
        })
        .collect()
}

fn load_command(i: usize, p: &ProducerSpec, topic: &str) -> String {
    let config = producer_file(i);
    let keyless = matches!(p.keys, KeysSpec::None)
        || matches!(
            p.keys,
            KeysSpec::OrderLifecycle {
                key_by: OrderKeySpec::None,
                ..
            }
        );
    if keyless {
        // The perf tool sends keyless records of a fixed size at a set rate: exactly this load.
        return format!(
            "kafka-producer-perf-test.sh --topic {topic} --num-records 100000000 \\\n  --throughput {} --record-size {} --producer.config {config}\n",
            p.rate_per_sec,
            p.value_bytes.max(1)
        );
    }
    let literals: Vec<&str> = match &p.keys {
        KeysSpec::Entities { prefix, .. } | KeysSpec::Zipf { prefix, .. } => vec![prefix],
        KeysSpec::HotKey {
            prefix, hot_key, ..
        } => vec![prefix, hot_key],
        KeysSpec::Fixed { values } => values.iter().map(String::as_str).collect(),
        KeysSpec::Weighted { values } => values.iter().map(|(k, _)| k.as_str()).collect(),
        _ => Vec::new(),
    };
    let sep = super::key_separator(literals.iter().copied());
    let (setup, key) = key_expression(&p.keys);
    let pause = 1.0 / f64::from(p.rate_per_sec);
    format!(
        "{setup}V=$(head -c {} /dev/zero | tr '\\0' x)\nwhile true; do\n  echo \"{key}{sep}$V\"\n  sleep {pause:.4}\ndone | kafka-console-producer.sh --bootstrap-server {BOOTSTRAP} --topic {topic} \\\n  --producer.config {config} --property parse.key=true --property {}\n",
        p.value_bytes.max(1),
        super::shell_word(&format!("key.separator={sep}"))
    )
}

/// Shell lines that set up the key draw, and the expression that draws one key.
fn key_expression(keys: &KeysSpec) -> (String, String) {
    let random = "$(( (RANDOM << 15 | RANDOM) % N ))";
    match keys {
        KeysSpec::Entities { prefix, count }
        | KeysSpec::Zipf { prefix, count, .. }
        | KeysSpec::HotKey { prefix, count, .. } => {
            let approx = match keys {
                KeysSpec::Zipf { .. } => "# Zipf-skewed in the playground; uniform here\n",
                KeysSpec::HotKey { .. } => {
                    "# the hot key's extra share is left out here: send it from a second loop\n"
                }
                _ => "",
            };
            (
                format!("{approx}N={count}\n"),
                format!("{}{random}", super::in_double_quotes(prefix)),
            )
        }
        KeysSpec::Fixed { values } => (
            format!("KEYS=({})\nN=${{#KEYS[@]}}\n", shell_words(values.iter())),
            format!("${{KEYS[{random}]}}"),
        ),
        KeysSpec::Weighted { values } => {
            // Each key repeated by its weight (weights reduced by their common divisor).
            let divisor = values.iter().fold(0, |g, (_, w)| gcd(g, *w)).max(1);
            let repeated: Vec<&String> = values
                .iter()
                .flat_map(|(k, w)| std::iter::repeat_n(k, (*w / divisor).min(1000) as usize))
                .collect();
            (
                format!(
                    "KEYS=({})\nN=${{#KEYS[@]}}\n",
                    shell_words(repeated.into_iter())
                ),
                format!("${{KEYS[{random}]}}"),
            )
        }
        KeysSpec::TimestampSecond => (String::new(), "$(date +%s)".to_string()),
        KeysSpec::RandomUnique => (
            String::new(),
            "$(cat /proc/sys/kernel/random/uuid)".to_string(),
        ),
        KeysSpec::OrderLifecycle {
            key_by,
            concurrent_orders,
        } => {
            let key = match key_by {
                OrderKeySpec::EventType => {
                    "$(echo CREATED PAID SHIPPED DELIVERED | cut -d' ' -f$(( RANDOM % 4 + 1 )))"
                }
                _ => "order-$(( (RANDOM << 15 | RANDOM) % N ))",
            };
            (
                format!("# order events, about {concurrent_orders} orders open at a time\nN={concurrent_orders}\n"),
                key.to_string(),
            )
        }
        KeysSpec::None => (String::new(), String::new()),
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Words quoted for a bash array.
fn shell_words<'a>(words: impl Iterator<Item = &'a String>) -> String {
    words
        .map(|w| format!("'{}'", w.replace('\'', "'\\''")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One console consumer per member, in its own terminal.
pub(super) fn consumer_commands(scenario: &Scenario) -> Vec<ExportBlock> {
    scenario
        .groups
        .iter()
        .map(|g| {
            let topics = if g.topics.is_empty() {
                scenario.topic.name.clone()
            } else {
                g.topics.join("|")
            };
            if g.group_type == crate::scenario::GroupTypeSpec::Share {
                return ExportBlock {
                    title: format!("Share group {}: {} consumers", g.group_id, g.members.len()),
                    text: super::share::share_consumer_commands(g, &topics, &consumer_file(g)),
                };
            }
            let mut text = format!(
                "# One terminal per member; watch the group with:\n#   kafka-consumer-groups.sh --bootstrap-server {BOOTSTRAP} --describe --group {} --members --verbose\n",
                super::shell_word(&g.group_id)
            );
            for m in &g.members {
                let instance = m
                    .instance_id
                    .as_ref()
                    .map(|id| {
                        format!(
                            " --consumer-property {}",
                            super::shell_word(&format!("group.instance.id={id}"))
                        )
                    })
                    .unwrap_or_default();
                text.push_str(&format!(
                    "# {}\nkafka-console-consumer.sh --bootstrap-server {BOOTSTRAP} --include '{topics}' \\\n  --consumer.config {}{instance} \\\n  --property print.key=true --property print.partition=true --property print.offset=true\n",
                    m.name,
                    consumer_file(g)
                ));
            }
            ExportBlock {
                title: format!(
                    "Group {}: {} consumer{}",
                    g.group_id,
                    g.members.len(),
                    if g.members.len() == 1 { "" } else { "s" }
                ),
                text,
            }
        })
        .collect()
}
