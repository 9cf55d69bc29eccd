//! `assign --protocol consumer`: the request JSON of `assign` run through Kafka 4.0's
//! server-side assignors (`uniform`, `range`) as the KIP-848 coordinator runs them. A member's
//! `owned` is its current target assignment; the order of `members`, of each `topics` list and
//! of each `owned` list is the order Kafka iterates them; `rack` is accepted and ignored, as the
//! 4.0 server assignors ignore racks; `topic_ids` gives topics their `Uuid.toString()` ids
//! (otherwise `UUID.nameUUIDFromBytes` of the name).

use serde_json::{Map, Value};

use crate::engine::server_assignors::{
    assign, ServerAssignor, ServerGroupSpec, ServerMember, ServerTopic, TopicId,
};
use crate::engine::TopicPartition;

/// The server-side assignor named by `--strategy`.
pub(super) fn parse_strategy(strategy: &str) -> Result<ServerAssignor, String> {
    ServerAssignor::parse(strategy).ok_or_else(|| {
        let names: Vec<&str> = ServerAssignor::ALL.iter().map(|a| a.name()).collect();
        format!(
            "unknown strategy {strategy:?} for --protocol consumer; Kafka 4.0's server-side assignors (group.remote.assignor) are {}",
            names.join(", ")
        )
    })
}

/// Runs the request through `assignor`; the output line's JSON.
pub(super) fn assign_consumer(assignor: ServerAssignor, request: &Value) -> Result<Value, String> {
    let topics = read_topics(request)?;
    let spec = read_members(request, &topics)?;
    let assignment = assign(assignor, &spec, &topics).map_err(|e| e.to_string())?;
    let mut out = Map::new();
    for (id, partitions) in assignment {
        let names: Vec<String> = partitions.iter().map(|tp| tp.to_string()).collect();
        out.insert(id, Value::from(names));
    }
    Ok(serde_json::json!({ "assignment": out }))
}

fn read_topics(request: &Value) -> Result<Vec<ServerTopic>, String> {
    let topics_json = request
        .get("topics")
        .and_then(Value::as_object)
        .ok_or("the request needs \"topics\": {TOPIC: PARTITIONS, ...}")?;
    let ids_json = match request.get("topic_ids") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_object().ok_or(
            "\"topic_ids\" must be an object: {TOPIC: UUID}, each Uuid as Uuid.toString() prints it (22 base64url characters)",
        )?),
    };
    if let Some(ids) = ids_json {
        if let Some(name) = ids.keys().find(|n| !topics_json.contains_key(*n)) {
            return Err(format!("topic_ids.{name}: {name:?} is not in \"topics\""));
        }
    }
    let mut topics = Vec::with_capacity(topics_json.len());
    for (name, count) in topics_json {
        let partitions = count
            .as_u64()
            .filter(|&n| n >= 1 && n <= u64::from(i32::MAX as u32))
            .ok_or_else(|| {
                format!("topics.{name}: the partition count must be a whole number from 1 to 2147483647")
            })?;
        let id = match ids_json.and_then(|ids| ids.get(name)) {
            None => TopicId::name_based(name),
            Some(v) => {
                let text = v.as_str().ok_or_else(|| {
                    format!("topic_ids.{name} must be a string (Uuid.toString())")
                })?;
                TopicId::parse(text).map_err(|e| format!("topic_ids.{name}: {e}"))?
            }
        };
        topics.push(ServerTopic {
            name: name.clone(),
            id,
            partitions: partitions as u32,
        });
    }
    Ok(topics)
}

fn read_members(request: &Value, topics: &[ServerTopic]) -> Result<ServerGroupSpec, String> {
    let members_json = request
        .get("members")
        .and_then(Value::as_object)
        .ok_or("the request needs \"members\": {MEMBER: {\"topics\": [...]}, ...}")?;
    let mut members = Vec::with_capacity(members_json.len());
    let mut instance_ids = std::collections::BTreeMap::new();
    for (id, spec) in members_json {
        let subscribed = spec
            .get("topics")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("members.{id}: \"topics\" must be a list of topic names"))?;
        let mut subscribed_topics = Vec::with_capacity(subscribed.len());
        for t in subscribed {
            let t = t
                .as_str()
                .ok_or_else(|| format!("members.{id}.topics: every topic is a string"))?;
            if !topics.iter().any(|topic| topic.name == t) {
                return Err(format!(
                    "members.{id}.topics: {t:?} is not in \"topics\"; give its partition count (the coordinator would skip a subscription without metadata)"
                ));
            }
            subscribed_topics.push(t.to_string());
        }
        let instance_id = optional_string(spec, "instance_id", id)?;
        if let Some(i) = &instance_id {
            if let Some(other) = instance_ids.insert(i.clone(), id.clone()) {
                return Err(format!("members.{id}.instance_id: {other} has group.instance.id {i:?} too; the coordinator keeps one member per instance id (it fences the other)"));
            }
        }
        // Racks are read so that a malformed one is refused, and then ignored (KAFKA-16694).
        optional_string(spec, "rack", id)?;
        if let Some(g) = spec.get("generation").filter(|g| !g.is_null()) {
            g.as_i64()
                .and_then(|g| i32::try_from(g).ok())
                .ok_or_else(|| format!("members.{id}.generation must be a Java int"))?;
        }
        let assignment = read_owned(spec, id, topics)?;
        members.push(ServerMember {
            member_id: id.clone(),
            instance_id,
            subscribed_topics,
            assignment,
        });
    }
    Ok(ServerGroupSpec { members })
}

fn optional_string(spec: &Value, field: &str, id: &str) -> Result<Option<String>, String> {
    match spec.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_str()
            .map(|s| Some(s.to_string()))
            .ok_or_else(|| format!("members.{id}.{field} must be a string")),
    }
}

/// `owned`, in order; entries of topics or partitions that no longer exist are dropped with a
/// note on stderr, as the coordinator drops them from a target assignment.
fn read_owned(
    spec: &Value,
    id: &str,
    topics: &[ServerTopic],
) -> Result<Vec<TopicPartition>, String> {
    let Some(list) = spec.get("owned").filter(|v| !v.is_null()) else {
        return Ok(Vec::new());
    };
    let list = list.as_array().ok_or_else(|| {
        format!("members.{id}.owned must be a list of \"TOPIC-PARTITION\" strings")
    })?;
    let mut owned = Vec::with_capacity(list.len());
    for item in list {
        let text = item.as_str().ok_or_else(|| {
            format!("members.{id}.owned: every entry is a \"TOPIC-PARTITION\" string")
        })?;
        let (topic, partition) = text
            .rsplit_once('-')
            .and_then(|(topic, p)| {
                p.parse::<u32>()
                    .ok()
                    .filter(|_| !topic.is_empty())
                    .map(|p| (topic, p))
            })
            .ok_or_else(|| {
                format!("members.{id}.owned: {text:?} is not TOPIC-PARTITION (e.g. \"orders-0\")")
            })?;
        let exists = topics
            .iter()
            .any(|t| t.name == topic && partition < t.partitions);
        if !exists {
            eprintln!("kafka-playground: note: members.{id}.owned: {text} no longer exists and is dropped");
            continue;
        }
        owned.push(TopicPartition {
            topic: topic.to_string(),
            partition,
        });
    }
    Ok(owned)
}
