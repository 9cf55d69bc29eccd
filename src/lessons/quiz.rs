//! Quiz me: endless questions, each drawn from a seed and graded by the engine. A question is a
//! small random scenario (a key and a partition count, a group and a member joining or leaving,
//! a cluster with brokers down, a topic growing) and its answer is what the engine's own
//! partitioner, assignors or run give for it, never a formula written here. The same kind and
//! seed always give the same question, so a question is a link (`?quizme=KIND.SEED`).
//!
//! Simplifications: a group question gives the assignment once the rebalance has settled (for
//! cooperative-sticky, after the follow-up rebalance KIP-429 adds), and its members are static
//! (`group.instance.id`), which orders them by name; a write question shuts the
//! brokers down in a controlled shutdown (leadership and the ISR move at once) and asks about
//! the next ten seconds of writes.

use crate::engine::btree_collect::CollectBTree;
use crate::engine::{
    cooperative_sticky, partition_for_key_str, range, round_robin, sticky, Member, Rng,
    StickyMember, TopicPartition,
};
use crate::lessons::prediction::{answer_in, Answer, Question};
use crate::scenario::Scenario;
use crate::session::replay;
use std::collections::BTreeSet;

/// What a question asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum QuizKind {
    /// The partition of a key, for a partition count.
    KeyPartition,
    /// A member's partitions after another member joins or leaves, for an assignor.
    Assignment,
    /// Whether writes are acknowledged with some brokers down.
    WriteSucceeds,
    /// Which keys change partition when partitions are added.
    KeysMove,
    /// A member's partitions after another member joins or leaves, under
    /// `group.protocol=consumer` with a server-side assignor (`quiz_server`).
    ServerAssignment,
}

impl QuizKind {
    /// Every kind, in the order the page lists them.
    pub const ALL: [QuizKind; 5] = [
        QuizKind::KeyPartition,
        QuizKind::Assignment,
        QuizKind::WriteSucceeds,
        QuizKind::KeysMove,
        QuizKind::ServerAssignment,
    ];

    /// The kind's name in links.
    pub fn id(self) -> &'static str {
        match self {
            QuizKind::KeyPartition => "key",
            QuizKind::Assignment => "assign",
            QuizKind::WriteSucceeds => "write",
            QuizKind::KeysMove => "grow",
            QuizKind::ServerAssignment => "assign4",
        }
    }

    /// The kind named `id` in a link.
    pub fn from_id(id: &str) -> Option<QuizKind> {
        QuizKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The kind in words.
    pub fn title(self) -> &'static str {
        match self {
            QuizKind::KeyPartition => "A key's partition",
            QuizKind::Assignment => "A rebalance",
            QuizKind::WriteSucceeds => "A write with brokers down",
            QuizKind::KeysMove => "Adding partitions",
            QuizKind::ServerAssignment => "A Kafka 4 rebalance (group.protocol=consumer)",
        }
    }
}

/// The longest link text [`parse_link`] reads (`assign.18446744073709551615` is 27).
pub const LINK_CHARS_MAX: usize = 40;

/// The assignors a group question draws from, by their `partition.assignment.strategy` names.
pub const ASSIGNORS: [&str; 4] = ["range", "roundrobin", "sticky", "cooperative-sticky"];

/// What a question was drawn from: enough to ask the engine again (the tests do).
#[derive(Clone, Debug, PartialEq)]
pub enum Facts {
    Key {
        key: String,
        partitions: u32,
    },
    Assignment {
        assignor: &'static str,
        topic: String,
        partitions: u32,
        /// The members before the change, in join order.
        before: Vec<String>,
        /// The members after it.
        after: Vec<String>,
        /// The member whose partitions are asked for.
        asked: String,
    },
    Write {
        scenario: Box<Scenario>,
        /// When the question is asked: the brokers are down by then.
        at_ms: u64,
    },
    Grow {
        keys: Vec<String>,
        from: u32,
        to: u32,
    },
    /// A consumer-protocol group: the assignor is `group.remote.assignor` (`uniform` or
    /// `range`); the question states each member's current target.
    ServerAssignment {
        assignor: &'static str,
        topic: String,
        partitions: u32,
        /// Each member's target before the change (the members before it).
        current: Owners,
        /// The members after it.
        after: Vec<String>,
        /// The member whose partitions are asked for.
        asked: String,
    },
}

/// One question: its words, its choices, and the engine's answer as the set of right choices.
#[derive(Clone, Debug, PartialEq)]
pub struct QuizQuestion {
    pub kind: QuizKind,
    pub seed: u64,
    pub words: String,
    pub choices: Vec<String>,
    /// Several choices may be right (and none may be): the user picks a set.
    pub multiple: bool,
    /// The right choices, by index.
    pub answer: BTreeSet<usize>,
    /// Why, in words, with the figures the engine gave.
    pub why: String,
    pub facts: Facts,
}

impl QuizQuestion {
    /// Whether `chosen` (choice indices) is exactly the engine's answer.
    pub fn grade(&self, chosen: &BTreeSet<usize>) -> bool {
        *chosen == self.answer
    }

    /// The link text for this question (`KIND.SEED`).
    pub fn link(&self) -> String {
        format!("{}.{}", self.kind.id(), self.seed)
    }

    /// The seed of the question after this one (same kind), drawn from this one's seed.
    pub fn next_seed(&self) -> u64 {
        Rng::stream(self.seed, 1).below(1_000_000_000)
    }
}

/// Reads `KIND.SEED` (a link's `quizme` value); `None` for anything else.
pub fn parse_link(text: &str) -> Option<(QuizKind, u64)> {
    if text.len() > LINK_CHARS_MAX {
        return None;
    }
    let (kind, seed) = text.split_once('.')?;
    Some((QuizKind::from_id(kind)?, seed.parse().ok()?))
}

/// The question of `kind` drawn from `seed`.
pub fn generate(kind: QuizKind, seed: u64) -> QuizQuestion {
    let mut rng = Rng::stream(seed, 0);
    let (words, choices, multiple, answer, why, facts) = match kind {
        QuizKind::KeyPartition => key_partition(&mut rng),
        QuizKind::Assignment => assignment(&mut rng),
        QuizKind::WriteSucceeds => write_succeeds(&mut rng, seed),
        QuizKind::KeysMove => keys_move(&mut rng),
        QuizKind::ServerAssignment => super::quiz_server::server_assignment(&mut rng),
    };
    QuizQuestion {
        kind,
        seed,
        words,
        choices,
        multiple,
        answer,
        why,
        facts,
    }
}

pub(super) type Drawn = (String, Vec<String>, bool, BTreeSet<usize>, String, Facts);

/// An integer in `lo..=hi`.
pub(super) fn between(rng: &mut Rng, lo: u64, hi: u64) -> u64 {
    lo + rng.below(hi - lo + 1)
}

fn key_partition(rng: &mut Rng) -> Drawn {
    let prefix = ["order-", "user-", "device-", "account-"][rng.below(4) as usize];
    let key = format!("{prefix}{}", between(rng, 1, 9_999));
    let partitions = between(rng, 2, 12) as u32;
    let p = partition_for_key_str(&key, partitions);
    let hash = crate::engine::explain_key(&key, partitions);
    (
        format!("A producer sends a record with key {key} to a topic with {partitions} partitions, with the default partitioner. Which partition does it go to?"),
        (0..partitions).map(|i| format!("partition {i}")).collect(),
        false,
        [p as usize].into_iter().collect_set(),
        format!(
            "A keyed record goes to toPositive(murmur2(key)) % partitions: murmur2(\"{key}\") is {}, made positive {}, and {} % {partitions} = {p}. The key alone decides, whatever the load.",
            hash.murmur2, hash.positive, hash.positive
        ),
        Facts::Key { key, partitions },
    )
}

fn assignment(rng: &mut Rng) -> Drawn {
    // A sticky assignor breaks ties by the order the members reach it, which in Kafka follows
    // their member ids (a random UUID each): draw again until the answer is the same whatever
    // that order, so the question's words decide it. Range and roundrobin always are.
    let mut attempts = 0;
    let (assignor, topic, partitions, before, after, change, asked, first, settled) = loop {
        attempts += 1;
        let assignor = if attempts > ASSIGNMENT_DRAWS_MAX {
            "range"
        } else {
            ASSIGNORS[rng.below(ASSIGNORS.len() as u64) as usize]
        };
        let topic = "orders".to_string();
        let n_before = between(rng, 2, 4) as usize;
        let partitions = between(rng, n_before as u64, 9) as u32;
        let before: Vec<String> = (1..=n_before).map(|i| format!("c{i}")).collect();
        let joins = rng.below(2) == 0;
        let (after, change) = if joins {
            let joiner = format!("c{}", n_before + 1);
            let mut after = before.clone();
            after.push(joiner.clone());
            (after, format!("{joiner} joins"))
        } else {
            let leaver = before[rng.below(n_before as u64) as usize].clone();
            let after = before.iter().filter(|m| **m != leaver).cloned().collect();
            (after, format!("{leaver} stops and its session times out"))
        };
        let asked = after[rng.below(after.len() as u64) as usize].clone();
        let (first, settled) = settle(assignor, &topic, partitions, &before, &after, 0);
        if order_free(
            assignor, &topic, partitions, &before, &after, &asked, &first, &settled,
        ) {
            break (
                assignor, topic, partitions, before, after, change, asked, first, settled,
            );
        }
    };
    let owned = settled
        .iter()
        .find(|(m, _)| *m == asked)
        .map(|(_, ps)| ps.clone())
        .unwrap_or_default();
    let had = first
        .iter()
        .find(|(m, _)| *m == asked)
        .map(|(_, ps)| ps.clone())
        .unwrap_or_default();
    let list = |ps: &BTreeSet<u32>| {
        if ps.is_empty() {
            "none".to_string()
        } else {
            ps.iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let rule = match assignor {
        "range" => "range gives each member a consecutive block of partitions, members in id order, the first members one extra when it does not divide evenly, ignoring who owned what",
        "roundrobin" => "roundrobin deals the partitions out one by one over the members in id order, ignoring who owned what",
        "sticky" => "sticky keeps every partition with its owner where the balance allows and moves as few as it can",
        _ => "cooperative-sticky balances like sticky, keeping partitions with their owners; a partition that moves is first revoked, then assigned in a follow-up rebalance",
    };
    let words = format!(
        "Static group members {} (each its own group.instance.id) read topic {topic} ({partitions} partitions) with partition.assignment.strategy={assignor}. Then {change}. Once the group has settled, which partitions does {asked} own? (Pick none if it owns none.)",
        before.join(", "),
    );
    let why = format!(
        "{rule}. {asked} owned {} before and owns {} after.",
        list(&had),
        list(&owned)
    );
    (
        words,
        (0..partitions).map(|p| format!("{topic}-{p}")).collect(),
        true,
        owned.iter().map(|&p| p as usize).collect_set(),
        why,
        Facts::Assignment {
            assignor,
            topic,
            partitions,
            before,
            after,
            asked,
        },
    )
}

/// How many draws a group question tries before it falls back to range, whose answer never
/// depends on the members' order.
const ASSIGNMENT_DRAWS_MAX: u32 = 16;

/// Whether every set of member ids (Kafka's sticky assignors break ties by the member id's
/// place in a Java HashMap), in either order, gives `asked` the same partitions, before and after.
#[allow(clippy::too_many_arguments)]
fn order_free(
    assignor: &str,
    topic: &str,
    partitions: u32,
    before: &[String],
    after: &[String],
    asked: &str,
    first: &Owners,
    settled: &Owners,
) -> bool {
    if matches!(assignor, "range" | "roundrobin") {
        return true;
    }
    let mut everyone: Vec<String> = before.to_vec();
    everyone.extend(after.iter().filter(|m| !before.contains(m)).cloned());
    let of = |owners: &Owners, m: &str| owners.iter().find(|(x, _)| x == m).map(|(_, p)| p.clone());
    let reversed: Vec<String> = everyone.iter().rev().cloned().collect();
    (1..=ID_DRAWS).all(|variant| {
        [&everyone, &reversed].iter().all(|order| {
            let pick = |list: &[String]| -> Vec<String> {
                order.iter().filter(|m| list.contains(m)).cloned().collect()
            };
            let (f, s) = settle(
                assignor,
                topic,
                partitions,
                &pick(before),
                &pick(after),
                variant,
            );
            before.iter().all(|m| of(&f, m) == of(first, m)) && of(&s, asked) == of(settled, asked)
        })
    })
}

/// How many sets of member ids a sticky question is tried with.
pub(super) const ID_DRAWS: u64 = 12;

/// Each member's partitions.
pub type Owners = Vec<(String, BTreeSet<u32>)>;

/// The assignment of `before` (a first rebalance, nothing owned), then the assignment of
/// `after` once settled, each by Kafka's assignor `assignor`, with member ids drawn as
/// `variant` says (0: the names themselves).
pub fn settle(
    assignor: &str,
    topic: &str,
    partitions: u32,
    before: &[String],
    after: &[String],
    variant: u64,
) -> (Owners, Owners) {
    let first = assign(assignor, topic, partitions, before, &[], 1, variant);
    let mut settled = assign(assignor, topic, partitions, after, &first, 1, variant);
    if assignor == "cooperative-sticky" {
        // KIP-429's follow-up rebalance hands out what the first one revoked.
        settled = assign(assignor, topic, partitions, after, &settled, 2, variant);
    }
    (first, settled)
}

/// A member id as Kafka makes one, `client.id-UUID`, the UUID drawn from `variant` (for 0,
/// the name alone).
pub(super) fn member_id(name: &str, variant: u64) -> String {
    if variant == 0 {
        return name.to_string();
    }
    let draw = name
        .bytes()
        .fold(variant, |h, b| Rng::stream(h, u64::from(b)).next_u64());
    format!("{name}-{draw:016x}")
}

/// One rebalance by `assignor` of `members`, who owned `owned` in generation `generation`
/// (a member not in `owned` is new: no generation, as a joining consumer sends).
fn assign(
    assignor: &str,
    topic: &str,
    partitions: u32,
    members: &[String],
    owned: &[(String, BTreeSet<u32>)],
    generation: i32,
    variant: u64,
) -> Owners {
    let per_topic = [(topic.to_string(), partitions)].into_iter().collect_map();
    let member = |name: &String| Member {
        id: member_id(name, variant),
        // Static members: range and roundrobin order members by group.instance.id then.
        instance_id: Some(name.clone()),
        topics: vec![topic.to_string()],
    };
    let lists = match assignor {
        "range" => range(&per_topic, &members.iter().map(member).collect::<Vec<_>>()),
        "roundrobin" => round_robin(&per_topic, &members.iter().map(member).collect::<Vec<_>>()),
        _ => {
            let sticky_members: Vec<StickyMember> = members
                .iter()
                .map(|id| {
                    let had = owned.iter().find(|(m, _)| m == id);
                    StickyMember {
                        member: member(id),
                        owned: had
                            .map(|(_, ps)| {
                                ps.iter()
                                    .map(|&p| TopicPartition {
                                        topic: topic.to_string(),
                                        partition: p,
                                    })
                                    .collect()
                            })
                            .unwrap_or_default(),
                        generation: had.map(|_| generation),
                    }
                })
                .collect();
            if assignor == "sticky" {
                sticky(&per_topic, &sticky_members).assignment
            } else {
                cooperative_sticky(&per_topic, &sticky_members).assignment
            }
        }
    };
    lists
        .into_iter()
        .map(|(id, tps)| {
            let name = id.split('-').next().unwrap_or_default().to_string();
            (name, tps.into_iter().map(|tp| tp.partition).collect_set())
        })
        .collect()
}

/// When a write question is asked, in sim ms; the brokers go down at 1 s.
const WRITE_ASKED_AT_MS: u64 = 2_000;
/// How far ahead a write question looks.
const WRITE_WITHIN_MS: u64 = 10_000;

/// The scenario of a write question: one partition, `brokers` brokers, replicas placed by
/// Kafka's placer, producer writing from the start, `down` shut down at 1 s.
pub fn write_scenario(
    seed: u64,
    brokers: u32,
    rf: u32,
    min_isr: u32,
    acks: &str,
    down: &[u32],
) -> Scenario {
    let actions: Vec<String> = down
        .iter()
        .map(|b| format!(r#"{{"at_ms":1000,"type":"shutdown_broker","broker":{b}}}"#))
        .collect();
    let idempotence = acks == "all";
    let json = format!(
        r#"{{"version":1,"seed":{seed},"cluster":{{"brokers":{brokers}}},"topic":{{"name":"payments","partitions":1,"replication_factor":{rf},"min_insync_replicas":{min_isr}}},"producer":{{"rate_per_sec":20,"acks":"{acks}","idempotence":{idempotence}}},"actions":[{}]}}"#,
        actions.join(",")
    );
    Scenario::from_json(&json)
        .expect("write questions draw valid scenarios (tested)")
        .scenario
}

fn write_succeeds(rng: &mut Rng, seed: u64) -> Drawn {
    let brokers = between(rng, 3, 5) as u32;
    let rf = between(rng, 1, brokers.min(3) as u64) as u32;
    let min_isr = between(rng, 1, rf as u64) as u32;
    let acks = ["0", "1", "all", "all"][rng.below(4) as usize];
    // Which brokers hold the partition's replicas is the placer's: read it from the run.
    let probe = write_scenario(seed, brokers, rf, min_isr, acks, &[]);
    let replicas: Vec<u32> = replay(&probe, 0, false)
        .ok()
        .and_then(|sim| {
            sim.topic_run(0)
                .replication(0)
                .map(|r| r.replicas.iter().map(|x| x.broker).collect())
        })
        .unwrap_or_default();
    let n_down = rng.below(rf as u64 + 1) as usize;
    let mut down: Vec<u32> = replicas.clone();
    // A partial Fisher-Yates shuffle picks which replicas' brokers go down.
    for i in 0..n_down.min(down.len()) {
        let j = i + rng.below((down.len() - i) as u64) as usize;
        down.swap(i, j);
    }
    down.truncate(n_down);
    down.sort_unstable();
    let scenario = write_scenario(seed, brokers, rf, min_isr, acks, &down);
    let (yes, why) = match replay(&scenario, WRITE_ASKED_AT_MS, false) {
        Ok(sim) => {
            let answer = answer_in(
                Question::WritesSucceed {
                    producer: 0,
                    within_ms: WRITE_WITHIN_MS,
                },
                &scenario,
                &sim,
            );
            let state = sim.topic_run(0).replication(0);
            let leader = state
                .and_then(|r| r.leader)
                .map_or("no leader".to_string(), |b| format!("broker {b} leads"));
            let isr = state.map_or(String::new(), |r| {
                r.isr
                    .iter()
                    .map(|b| b.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            });
            let rule = match acks {
                "all" => format!("acks=all writes need a leader and an ISR of at least min.insync.replicas={min_isr} (NotEnoughReplicasException otherwise)"),
                "1" => "acks=1 writes need only a leader".to_string(),
                _ => "acks=0 writes are counted once they leave, but they leave only towards a leader".to_string(),
            };
            (
                answer == Answer::YesNo(true),
                format!("After the shutdowns {leader} and the ISR is [{isr}]: {rule}."),
            )
        }
        Err(e) => (false, format!("The run could not start: {e}")),
    };
    let down_words = if down.is_empty() {
        "No broker is down".to_string()
    } else {
        let list: Vec<String> = down.iter().map(|b| b.to_string()).collect();
        format!(
            "Broker{} {} (holding {}) {} shut down",
            if down.len() > 1 { "s" } else { "" },
            list.join(" and "),
            if down.len() > 1 {
                "replicas"
            } else {
                "a replica"
            },
            if down.len() > 1 { "are" } else { "is" }
        )
    };
    let replica_words: Vec<String> = replicas.iter().map(|b| b.to_string()).collect();
    (
        format!(
            "{brokers} brokers; topic payments has 1 partition with replication factor {rf} (replicas on brokers {}) and min.insync.replicas={min_isr}; the producer uses acks={acks}. {down_words}. Will the producer's writes of the next 10 s be acknowledged?",
            replica_words.join(", ")
        ),
        vec!["yes".to_string(), "no".to_string()],
        false,
        [if yes { 0 } else { 1 }].into_iter().collect_set(),
        why,
        Facts::Write {
            scenario: Box::new(scenario),
            at_ms: WRITE_ASKED_AT_MS,
        },
    )
}

fn keys_move(rng: &mut Rng) -> Drawn {
    let from = between(rng, 2, 8) as u32;
    let to = from + between(rng, 1, 8) as u32;
    let mut keys: Vec<String> = Vec::new();
    while keys.len() < 6 {
        let key = format!("user-{}", between(rng, 1, 999));
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let moved: BTreeSet<usize> = keys
        .iter()
        .enumerate()
        .filter(|(_, k)| partition_for_key_str(k, from) != partition_for_key_str(k, to))
        .map(|(i, _)| i)
        .collect_set();
    let each: Vec<String> = keys
        .iter()
        .map(|k| {
            format!(
                "{k}: {} → {}",
                partition_for_key_str(k, from),
                partition_for_key_str(k, to)
            )
        })
        .collect();
    (
        format!("Topic users grows from {from} to {to} partitions. Which of these keys now go to a different partition than before? (Pick none if none moves.)"),
        keys.clone(),
        true,
        moved,
        format!(
            "A key's partition is murmur2(key) % partitions, so changing the count moves every key whose hash gives another remainder: {}. Kafka never moves the records already written.",
            each.join("; ")
        ),
        Facts::Grow { keys, from, to },
    )
}
