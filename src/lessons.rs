//! Lessons: a scenario, a few short steps of text, and claims the engine checks live while the
//! lesson runs ("one partition takes most records" ✓). Each claim needs enough data before it
//! can pass or fail, so it says "watching" until then. Lessons are plain data and plain
//! functions over the simulation, so their claims are also tested natively.

use crate::engine::{partition_for_key_str, Sim};
use crate::scenario::Scenario;

/// A claim about the run that the engine checks as it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// The load is even: skew (busiest ÷ mean over the last second) below `percent`.
    SkewBelow { percent: u64 },
    /// The load is uneven: skew at least `percent`.
    SkewAtLeast { percent: u64 },
    /// The partition `key` maps to is flagged hot.
    HotPartitionOf { key: &'static str },
    /// At most `n` partitions have received any record.
    PartitionsUsedAtMost { n: u32 },
    /// Every partition has received records.
    AllPartitionsUsed,
    /// No entity's records span partitions: per-key order holds.
    OrderIntact,
    /// At least `n` entities' records span partitions: per-key order is broken.
    OrderBrokenFor { n: u64 },
    /// The last growth moved at least `percent` of the keys.
    KeysMovedAtLeast { percent: u64 },
    /// The keyless partitioner has switched partition at least `n` times.
    PartitionerSwitchedAtLeast { n: u64 },
}

/// Where a claim stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Not enough data yet.
    Watching,
    /// The run shows it.
    Holds,
    /// The run contradicts it.
    Fails,
}

/// A lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// The id in links (`"lesson": "wall-clock"`).
    pub id: &'static str,
    /// The title.
    pub title: &'static str,
    /// The scenario, as scenario JSON (its `lesson` field is set on load).
    pub scenario: &'static str,
    /// What to do and what to watch, in order.
    pub steps: &'static [&'static str],
    /// What the engine checks, with the words shown beside each check.
    pub claims: &'static [(&'static str, Claim)],
}

/// Records a claim waits for before it judges (so a few early records cannot decide it).
pub const RECORDS_BEFORE_JUDGING: u64 = 300;

/// Judges one claim against the run so far. Claims are about the main topic (index 0) and
/// its main producer; a lesson with more topics puts the one it judges first.
pub fn judge(claim: Claim, sim: &Sim) -> Verdict {
    let run = sim.topic_run(0);
    let appended = run.totals().appended;
    let load = sim.load(0);
    let topic = run.topic();
    let enough = appended >= RECORDS_BEFORE_JUDGING;
    let verdict = |holds: bool| if holds { Verdict::Holds } else { Verdict::Fails };
    match claim {
        Claim::SkewBelow { percent } if enough && load.enough_samples => verdict(load.skew_percent < percent),
        Claim::SkewAtLeast { percent } if enough && load.enough_samples => verdict(load.skew_percent >= percent),
        Claim::HotPartitionOf { key } if enough => {
            let p = partition_for_key_str(key, topic.n_partitions()) as usize;
            verdict(load.partitions.get(p).is_some_and(|l| l.hot))
        }
        Claim::PartitionsUsedAtMost { n } if enough => {
            verdict(topic.partitions.iter().filter(|l| l.end_offset() > 0).count() as u32 <= n)
        }
        Claim::AllPartitionsUsed if enough => verdict(topic.partitions.iter().all(|l| l.end_offset() > 0)),
        Claim::OrderIntact if enough => verdict(run.audit().entities_split == 0),
        Claim::OrderBrokenFor { n } => {
            if run.audit().entities_split >= n {
                Verdict::Holds
            } else if enough {
                Verdict::Fails
            } else {
                Verdict::Watching
            }
        }
        Claim::KeysMovedAtLeast { percent } => match run.resizes().last() {
            Some(r) if r.keys_tracked > 0 => verdict(r.keys_moved * 100 >= r.keys_tracked * percent),
            _ => Verdict::Watching,
        },
        Claim::PartitionerSwitchedAtLeast { n } => {
            if sim.producer(0).client().switches() >= n {
                Verdict::Holds
            } else if enough {
                Verdict::Fails
            } else {
                Verdict::Watching
            }
        }
        _ => Verdict::Watching,
    }
}

/// Every lesson, in the order the page lists them.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        id: "key-user-id",
        title: "Key design 1: a user id spreads load evenly",
        scenario: r#"{"version":1,"topic":{"name":"clicks","partitions":6},"producer":{"rate_per_sec":200,"keys":{"kind":"entities","prefix":"user-","count":10000}},"view":{"speed":1}}"#,
        steps: &[
            "Ten thousand users, each record keyed by its user id.",
            "murmur2 scatters ids evenly, so every partition gets about a sixth of the traffic.",
            "And every user's events stay in one partition, in order: consumers can rely on it.",
        ],
        claims: &[
            ("all six partitions receive records", Claim::AllPartitionsUsed),
            ("no partition takes more than 1.5× its share", Claim::SkewBelow { percent: 150 }),
            ("per-user order holds", Claim::OrderIntact),
        ],
    },
    Lesson {
        id: "key-null",
        title: "Key design 2: no key spreads load, but promises no order",
        scenario: r#"{"version":1,"topic":{"name":"metrics","partitions":6},"producer":{"rate_per_sec":400,"batch_size":2048,"linger_ms":20,"keys":{"kind":"none"}},"view":{"speed":0.25}}"#,
        steps: &[
            "Records without a key go where the partitioner puts them. Since Kafka 3.3 it sticks to one partition until about batch.size bytes have gone there, then picks another at random.",
            "Watch the producer column: one batch fills (sticky ▸), leaves, and the marker jumps.",
            "Over time every partition gets its share; but two records of the same entity can land anywhere.",
        ],
        claims: &[
            ("the sticky partitioner moves on after each batch.size of bytes", Claim::PartitionerSwitchedAtLeast { n: 10 }),
            ("every partition receives records", Claim::AllPartitionsUsed),
        ],
    },
    Lesson {
        id: "key-country",
        title: "Key design 3: a country code makes a hot partition",
        scenario: r#"{"version":1,"topic":{"name":"orders","partitions":6},"producer":{"rate_per_sec":200,"keys":{"kind":"weighted","values":[["US",60],["DE",15],["FR",10],["NL",10],["BE",5]]}},"view":{"speed":1}}"#,
        steps: &[
            "Five country codes, and the US sends 60% of the orders.",
            "A key's partition is fixed, so the US partition takes 60% of the load whatever the partition count.",
            "Low cardinality also leaves partitions idle: five keys can use five partitions at most.",
        ],
        claims: &[
            ("the US partition is hot", Claim::HotPartitionOf { key: "US" }),
            ("at most five partitions receive anything", Claim::PartitionsUsedAtMost { n: 5 }),
            ("the busiest partition takes at least 2.5× its share", Claim::SkewAtLeast { percent: 250 }),
        ],
    },
    Lesson {
        id: "order-state-machine-broken",
        title: "The order state machine, broken: keyed by event type",
        scenario: r#"{"version":1,"topic":{"name":"orders","partitions":6},"producer":{"rate_per_sec":30,"keys":{"kind":"order_lifecycle","key_by":"event_type","concurrent_orders":8}},"view":{"speed":1}}"#,
        steps: &[
            "Each order goes CREATED → PAID → SHIPPED → DELIVERED, and every event is keyed by its type.",
            "All PAID events share one partition, all SHIPPED another: one order's events are spread over several partitions.",
            "A consumer reading those partitions in parallel can see SHIPPED before PAID. The ordering audit below the table names each order as it breaks.",
        ],
        claims: &[
            ("orders' events span partitions: their order is lost", Claim::OrderBrokenFor { n: 5 }),
            ("four keys use at most four partitions", Claim::PartitionsUsedAtMost { n: 4 }),
        ],
    },
    Lesson {
        id: "order-state-machine-fixed",
        title: "The order state machine, fixed: keyed by order id",
        scenario: r#"{"version":1,"topic":{"name":"orders","partitions":6},"producer":{"rate_per_sec":30,"keys":{"kind":"order_lifecycle","key_by":"order_id","concurrent_orders":8}},"view":{"speed":1}}"#,
        steps: &[
            "The same orders, now keyed by order id.",
            "Every event of an order lands in the same partition, in the order it was produced, so any consumer sees CREATED before PAID before SHIPPED.",
            "Many orders also spread the load over all partitions.",
        ],
        claims: &[
            ("every order's events stay in one partition, in order", Claim::OrderIntact),
            ("all partitions share the work", Claim::AllPartitionsUsed),
        ],
    },
    Lesson {
        id: "wall-clock",
        title: "The wall-clock fallacy: a timestamp is a terrible key",
        scenario: r#"{"version":1,"topic":{"name":"events","partitions":6},"producer":{"rate_per_sec":300,"keys":{"kind":"timestamp_second"}},"view":{"speed":1}}"#,
        steps: &[
            "Every record is keyed by the second it was sent in.",
            "For a whole second every record has the same key, so one partition takes everything while the others idle; then the next second picks another.",
            "Watch the rate column: one partition is hot, and the hot one moves every second.",
        ],
        claims: &[("one partition takes the whole last second's traffic", Claim::SkewAtLeast { percent: 400 })],
    },
    Lesson {
        id: "global-order",
        title: "Global ordering needs one partition",
        scenario: r#"{"version":1,"topic":{"name":"ledger","partitions":1},"producer":{"rate_per_sec":50,"keys":{"kind":"entities","prefix":"account-","count":50}},"view":{"speed":1}}"#,
        steps: &[
            "Kafka orders records within a partition, never across partitions.",
            "With one partition, every record of every key is in one total order; the price is that one partition (and one consumer) carries everything.",
            "Try growing the topic to 2 partitions: the audit at once reports keys whose records now sit in two partitions.",
        ],
        claims: &[("one partition holds everything, in one order", Claim::PartitionsUsedAtMost { n: 1 }), ("no key's order is split", Claim::OrderIntact)],
    },
    Lesson {
        id: "hot-key",
        title: "Hot partitions: one celebrity key",
        scenario: r#"{"version":1,"topic":{"name":"likes","partitions":6},"producer":{"rate_per_sec":300,"keys":{"kind":"hot_key","prefix":"user-","count":5000,"hot_key":"celebrity","share":0.5}},"view":{"speed":1}}"#,
        steps: &[
            "Half of all likes are for one celebrity; the other half spread over five thousand users.",
            "All of the celebrity's records hash to one partition, which takes over half the load: more partitions would not help.",
            "Fixes: a compound key (celebrity#0 … celebrity#7, merged downstream), or the hot key's traffic on a topic of its own.",
        ],
        claims: &[("the celebrity's partition is hot", Claim::HotPartitionOf { key: "celebrity" }), ("skew is at least 2.5×", Claim::SkewAtLeast { percent: 250 })],
    },
    Lesson {
        id: "hot-key-salted",
        title: "Hot partitions, fixed: a compound key",
        scenario: r#"{"version":1,"topic":{"name":"likes","partitions":6},"producer":{"rate_per_sec":300,"keys":{"kind":"weighted","values":[["celebrity#0",1],["celebrity#1",1],["celebrity#2",1],["celebrity#3",1],["celebrity#4",1],["celebrity#5",1],["celebrity#6",1],["celebrity#7",1],["celebrity#8",1],["celebrity#9",1],["celebrity#10",1],["celebrity#11",1]]}},"view":{"speed":1}}"#,
        steps: &[
            "The celebrity's likes now carry a suffix: celebrity#0 … celebrity#11, chosen per record.",
            "Twelve keys spread over the partitions, so no single one is hot.",
            "The price: the celebrity's likes are in several partitions, so per-celebrity order is gone, and a consumer must merge the counts.",
        ],
        claims: &[("no partition is more than 2× its share", Claim::SkewBelow { percent: 200 })],
    },
    Lesson {
        id: "hot-key-own-topic",
        title: "Hot partitions, fixed: the hot key gets a topic of its own",
        scenario: r#"{"version":1,"topic":{"name":"likes","partitions":6},"producer":{"rate_per_sec":150,"keys":{"kind":"entities","prefix":"user-","count":5000}},"more_topics":[{"name":"celebrity-likes","partitions":3}],"more_producers":[{"topic":"celebrity-likes","rate_per_sec":150,"keys":{"kind":"none"}}],"view":{"speed":1}}"#,
        steps: &[
            "The same traffic as the celebrity lesson, split at the source: a second producer sends the celebrity's likes to a topic of their own.",
            "“likes” now carries only the five thousand ordinary users, evenly; switch the stage to “celebrity-likes” with the tabs above it.",
            "The celebrity's likes need no key (a count does not care about order), so the sticky partitioner spreads them over that topic's partitions in batches.",
            "The price: consumers read two topics, and anything keyed by user across both must be joined downstream.",
        ],
        claims: &[("“likes” is evenly loaded", Claim::SkewBelow { percent: 200 }), ("every partition of “likes” is used", Claim::AllPartitionsUsed)],
    },
    Lesson {
        id: "random-keys",
        title: "Bad keys: a random key per record",
        scenario: r#"{"version":1,"topic":{"name":"events","partitions":6},"producer":{"rate_per_sec":200,"keys":{"kind":"random_unique"}},"view":{"speed":1}}"#,
        steps: &[
            "Every record gets a fresh random key.",
            "The load is perfectly even, but the key means nothing: related records never meet in a partition, and compaction and joins by key are useless.",
            "If you do not need grouping, send no key at all: the sticky partitioner then builds bigger batches.",
        ],
        claims: &[("the load is even", Claim::SkewBelow { percent: 150 }), ("all partitions are used", Claim::AllPartitionsUsed)],
    },
    Lesson {
        id: "add-partitions",
        title: "Adding partitions breaks the key mapping",
        scenario: r#"{"version":1,"topic":{"name":"accounts","partitions":6},"producer":{"rate_per_sec":40,"keys":{"kind":"entities","prefix":"acc-","count":24}},"actions":[{"at_ms":5000,"type":"add_partitions","total":8}],"view":{"speed":1}}"#,
        steps: &[
            "24 accounts on 6 partitions. At 5 s the topic grows to 8 partitions (scripted).",
            "The mapping is toPositive(murmur2(key)) % count, with no consistent hashing, so most keys move. The remap box under 'Add partitions' lists them.",
            "Old records stay where they were: each moved account now has records in two partitions, and the audit shows where its order breaks.",
        ],
        claims: &[
            ("at least half the keys moved", Claim::KeysMovedAtLeast { percent: 50 }),
            ("moved accounts now span two partitions", Claim::OrderBrokenFor { n: 5 }),
        ],
    },
    Lesson {
        id: "sizing",
        title: "Sizing the partition count",
        scenario: r#"{"version":1,"topic":{"name":"payments","partitions":3},"producer":{"rate_per_sec":600,"keys":{"kind":"entities","prefix":"acct-","count":20000}},"view":{"speed":1}}"#,
        steps: &[
            "Partitions are the unit of parallelism: a group can use at most one consumer per partition, so three partitions cap it at three consumers.",
            "Rules of thumb: at least twice the consumers you plan (room to grow without repartitioning), about one partition per 10 MB/s, and at least target ÷ what one consumer handles.",
            "Open the sizing calculator in the sidebar, enter your numbers, and apply: the run restarts with that many partitions. Size up front: adding partitions later moves keys (see that lesson).",
        ],
        claims: &[
            ("every partition carries load: each adds parallelism", Claim::AllPartitionsUsed),
            ("uniform account ids keep the partitions even", Claim::SkewBelow { percent: 150 }),
        ],
    },
];

/// The lesson with this id.
pub fn lesson(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.id == id)
}

/// A lesson's scenario, with its id set so the page shows the lesson.
pub fn lesson_scenario(lesson: &Lesson) -> Scenario {
    let mut scenario = Scenario::from_json(lesson.scenario).expect("lesson scenarios are valid (tested)").scenario;
    scenario.lesson = Some(lesson.id.to_string());
    scenario
}
