//! The lessons, in the order the page lists them: plain data (a scenario as JSON, steps of
//! text, and claims), so adding one needs no code, and every one is tested natively.

use super::{Claim, GroupMetric, Lesson, ReplicationMetric};

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
            ("orders' events span partitions: their order is lost", Claim::OrderBrokenFor { n: 5, by_ms: 20_000 }),
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
            "The checks judge the first ten whole seconds of the run, so they decide at 10 s and stay.",
        ],
        claims: &[
            ("in each of the first ten seconds, one partition takes at least 90% of the records", Claim::BusiestEachSecondAtLeast { percent: 90, seconds: 10 }),
            ("the hot partition moves: at least three partitions take a turn", Claim::HotPartitionMovedAtLeast { partitions: 3, seconds: 10 }),
        ],
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
        scenario: r#"{"version":1,"topic":{"name":"accounts","partitions":6},"producer":{"rate_per_sec":40,"metadata_max_age_ms":10000,"keys":{"kind":"entities","prefix":"acc-","count":24}},"actions":[{"at_ms":5000,"type":"add_partitions","total":8}],"view":{"speed":1}}"#,
        steps: &[
            "24 accounts on 6 partitions. At 5 s the topic grows to 8 partitions (scripted). The producer sees them at its next metadata refresh (metadata.max.age.ms, 10 s here instead of Kafka's 5 minutes), so from 10 s on.",
            "The mapping is toPositive(murmur2(key)) % count, with no consistent hashing, so most keys move. The remap box under 'Add partitions' lists them.",
            "Old records stay where they were: each moved account now has records in two partitions, and the audit shows where its order breaks.",
        ],
        claims: &[
            ("at least half the keys moved", Claim::KeysMovedAtLeast { percent: 50 }),
            ("moved accounts now span two partitions", Claim::OrderBrokenFor { n: 5, by_ms: 20_000 }),
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
    Lesson {
        id: "idle-consumer",
        title: "Groups 1: seven consumers, six partitions, one idle",
        scenario: r#"{"version":1,"producer":{"rate_per_sec":60,"keys":{"kind":"entities","prefix":"order-","count":1000}},"groups":[{"group_id":"orders-service","members":[{"name":"c1"},{"name":"c2"},{"name":"c3"},{"name":"c4"},{"name":"c5"},{"name":"c6"},{"name":"c7"}]}],"view":{"speed":1}}"#,
        steps: &[
            "Seven consumers join one group reading a six-partition topic that a thousand order ids keep busy on every partition. The group waits group.initial.rebalance.delay.ms (3 s) for members, then the leader runs the range assignor.",
            "A partition is read by exactly one member of a group, so the seventh member gets nothing and sits idle (the dashed consumer on the stage, with no link).",
            "More consumers than partitions buys only standbys. Crash one of the six busy members: after session.timeout.ms the idle one takes its partition. Kafka 4's share groups put the seventh to work: see \u{201c}Kafka 4: share groups put the seventh consumer to work\u{201d}.",
        ],
        claims: &[
            ("every partition receives records, so six members have work", Claim::AllPartitionsUsed),
            ("one member is idle", Claim::GroupAtLeast { group: 0, metric: GroupMetric::IdleMembers, value: 1, by_ms: 10_000 }),
            ("and only one", Claim::GroupAtMost { group: 0, metric: GroupMetric::IdleMembers, value: 1, by_ms: 20_000 }),
        ],
    },
    Lesson {
        id: "two-groups",
        title: "Groups 2: two groups read the same topic independently",
        scenario: r#"{"version":1,"producer":{"rate_per_sec":60},"groups":[{"group_id":"fraud-detection","auto_offset_reset":"earliest"},{"group_id":"accounting","auto_offset_reset":"earliest","members":[{"name":"a1"}],"processing_ms_per_record":5}],"view":{"speed":1}}"#,
        steps: &[
            "Two services read the same orders: fraud detection with three consumers, accounting with one.",
            "Each group has its own committed offsets (in its own __consumer_offsets partition), so each reads every record: this is Kafka's fan-out.",
            "Crash a fraud-detection consumer: only that group rebalances; accounting does not notice.",
        ],
        claims: &[
            ("fraud detection processes nearly every record", Claim::GroupAtLeast { group: 0, metric: GroupMetric::ProcessedPercent, value: 90, by_ms: 30_000 }),
            ("accounting, alone, also processes nearly every record", Claim::GroupAtLeast { group: 1, metric: GroupMetric::ProcessedPercent, value: 90, by_ms: 30_000 }),
        ],
    },
    Lesson {
        id: "rebalance-triggers",
        title: "Groups 3: what triggers a rebalance",
        scenario: r#"{"version":1,"producer":{"rate_per_sec":60},"groups":[{"group_id":"orders-service","session_timeout_ms":10000,"metadata_max_age_ms":5000,"members":[{"name":"c1"},{"name":"c2"}]}],"actions":[{"at_ms":8000,"type":"group","do":"add_member","name":"c3"},{"at_ms":11000,"type":"group","do":"close_member","name":"c1"},{"at_ms":13000,"type":"add_partitions","total":8},{"at_ms":17000,"type":"group","do":"crash_member","name":"c2"}],"view":{"speed":1}}"#,
        steps: &[
            "Watch the rebalance timeline in the group's card as the scripted actions happen.",
            "After the first assignment (6 s: the group waits group.initial.rebalance.delay.ms, twice, while members arrive), at 8 s a member joins; at 11 s one closes and sends LeaveGroup; at 13 s the topic grows to 8 partitions, and the group's leader rejoins when its next metadata refresh shows it (metadata.max.age.ms: 5 s here, 5 minutes by default, so on a real cluster new partitions can wait minutes for an owner); at 17 s a member crashes.",
            "The crash is the slow one: nothing happens until session.timeout.ms (10 s here, 45 s by default) passes without a heartbeat.",
        ],
        claims: &[("join, leave, new partitions and a crash each rebalance", Claim::GroupAtLeast { group: 0, metric: GroupMetric::Rebalances, value: 5, by_ms: 30_000 })],
    },
    Lesson {
        id: "strategies-side-by-side",
        title: "Groups 4: eager versus cooperative, same seed, same departure",
        scenario: r#"{"version":1,"topic":{"partitions":24},"producer":{"rate_per_sec":120,"keys":{"kind":"entities","prefix":"order-","count":1000}},"groups":[{"group_id":"range","assignors":["range"],"processing_ms_per_record":28,"max_poll_records":100,"members":[{"name":"c1"},{"name":"c2"},{"name":"c3"},{"name":"c4"}]},{"group_id":"roundrobin","assignors":["roundrobin"],"processing_ms_per_record":28,"max_poll_records":100,"members":[{"name":"c1"},{"name":"c2"},{"name":"c3"},{"name":"c4"}]},{"group_id":"sticky","assignors":["sticky"],"processing_ms_per_record":28,"max_poll_records":100,"members":[{"name":"c1"},{"name":"c2"},{"name":"c3"},{"name":"c4"}]},{"group_id":"coop-sticky","assignors":["cooperative-sticky"],"processing_ms_per_record":28,"max_poll_records":100,"members":[{"name":"c1"},{"name":"c2"},{"name":"c3"},{"name":"c4"}]}],"actions":[{"at_ms":10000,"type":"group","group":0,"do":"close_member","name":"c2"},{"at_ms":10000,"type":"group","group":1,"do":"close_member","name":"c2"},{"at_ms":10000,"type":"group","group":2,"do":"close_member","name":"c2"},{"at_ms":10000,"type":"group","group":3,"do":"close_member","name":"c2"},{"at_ms":17000,"type":"group","group":0,"do":"restart_member","name":"c2"},{"at_ms":17000,"type":"group","group":1,"do":"restart_member","name":"c2"},{"at_ms":17000,"type":"group","group":2,"do":"restart_member","name":"c2"},{"at_ms":17000,"type":"group","group":3,"do":"restart_member","name":"c2"}],"view":{"speed":1}}"#,
        steps: &[
            "Four groups with the four assignors read the same 24 partitions (a thousand order ids) with busy consumers (28 ms a record); at 10 s the same member of each leaves, and at 17 s it comes back.",
            "range, roundrobin and sticky rebalance eagerly: each member revokes everything when it next calls poll() and rejoins, so for a moment every partition stops at once (the stage's links all drop).",
            "cooperative-sticky keeps the partitions that stay and moves only what must move, in two rounds when a partition changes hands: at most the moving six stop. Two rounds take longer, so in partition-seconds per rebalance (each card's \u{201c}per rebalance\u{201d}, counted after the first join) it is not always cheaper; what it buys is that the rest never stop.",
            "cooperative-sticky's card also shows duplicates: with auto-commit, what a member read from a partition during the first round is not committed when that partition is revoked (the Java consumer auto-commits before each JoinGroup, ConsumerCoordinator.onJoinPrepare, but not when onJoinComplete revokes), so the new owner reads it again. Commit in onPartitionsRevoked to avoid it.",
            "Kafka 4's consumer protocol (KIP-848) drops the stop-the-world rebalance altogether: see the lesson \u{201c}Kafka 4: the consumer protocol, no stop-the-world\u{201d}; share groups (KIP-932) own no partitions at all.",
        ],
        claims: &[
            ("an eager rebalance stops all 24 partitions at once", Claim::GroupAtLeast { group: 0, metric: GroupMetric::MostPausedAtOnce, value: 24, by_ms: 25_000 }),
            ("cooperative-sticky never stops more than the six that move", Claim::GroupAtMost { group: 3, metric: GroupMetric::MostPausedAtOnce, value: 6, by_ms: 25_000 }),
            ("cooperative-sticky stops fewer at once than sticky", Claim::GroupBelow { group: 3, than: 2, metric: GroupMetric::MostPausedAtOnce, by_ms: 25_000 }),
            ("cooperative revocation without a commit re-reads records", Claim::GroupAtLeast { group: 3, metric: GroupMetric::Duplicated, value: 1, by_ms: 25_000 }),
        ],
    },
    Lesson {
        id: "static-membership",
        title: "Groups 5: static membership survives a restart",
        scenario: r#"{"version":1,"producer":{"rate_per_sec":60},"groups":[{"group_id":"orders-service","session_timeout_ms":15000,"members":[{"name":"c1","instance_id":"host-1"},{"name":"c2","instance_id":"host-2"},{"name":"c3","instance_id":"host-3"}]}],"actions":[{"at_ms":8000,"type":"group","do":"crash_member","name":"c2"},{"at_ms":12000,"type":"group","do":"restart_member","name":"c2"}],"view":{"speed":1}}"#,
        steps: &[
            "Every consumer has a group.instance.id: static members.",
            "At 8 s c2 is killed (a rolling deploy), and at 12 s it comes back, within session.timeout.ms (15 s).",
            "The coordinator gives the new process a new member id, fences the old one, and hands back the same partitions without a rebalance.",
            "Try it with dynamic members: one rebalance, and a long one. The new c2 joins as a stranger, so c1 and c3 give up their partitions and rejoin, and the coordinator waits for the old c2 until its session expires, 15 s after its last heartbeat (about 21 s): that costs every partition about 9 s more than the static restart.",
        ],
        claims: &[("the restart causes no rebalance", Claim::GroupAtMost { group: 0, metric: GroupMetric::Rebalances, value: 1, by_ms: 28_000 })],
    },
    Lesson {
        id: "auto-commit-loss",
        title: "Groups 6: auto-commit with worker threads loses records; commit after processing duplicates them",
        scenario: r#"{"version":1,"producer":{"rate_per_sec":200,"keys":{"kind":"entities","prefix":"user-","count":50}},"groups":[{"group_id":"auto-workers","auto_offset_reset":"earliest","session_timeout_ms":6000,"heartbeat_interval_ms":1000,"commit":{"mode":"auto","interval_ms":1000},"processing":{"mode":"workers","threads":4},"processing_ms_per_record":60,"max_poll_records":50,"members":[{"name":"c1"},{"name":"c2"}]},{"group_id":"commit-after","auto_offset_reset":"earliest","session_timeout_ms":6000,"heartbeat_interval_ms":1000,"commit":{"mode":"sync_per_batch"},"processing_ms_per_record":12,"max_poll_records":50,"members":[{"name":"c1"},{"name":"c2"}]}],"actions":[{"at_ms":15000,"type":"group","group":0,"do":"crash_member","name":"c1"},{"at_ms":15000,"type":"group","group":1,"do":"crash_member","name":"c1"}],"view":{"speed":1}}"#,
        steps: &[
            "Two groups read the same orders; in each, c1 crashes at 15 s.",
            "auto-workers: poll() hands records to worker threads and returns at once, and auto-commit commits what poll returned, processed or not. The crash drops the queued records, and the group restarts after them: lost.",
            "commit-after: the poll loop processes, then commitSync. The crash loses only the commit, so the new owner reads some records again: duplicates, never loss (at-least-once).",
        ],
        claims: &[
            ("auto-commit with workers loses records", Claim::GroupAtLeast { group: 0, metric: GroupMetric::Lost, value: 1, by_ms: 30_000 }),
            ("commit after processing loses nothing", Claim::GroupAtMost { group: 1, metric: GroupMetric::Lost, value: 0, by_ms: 30_000 }),
            ("commit after processing reprocesses some records", Claim::GroupAtLeast { group: 1, metric: GroupMetric::Duplicated, value: 1, by_ms: 30_000 }),
        ],
    },
    Lesson {
        id: "offset-reset",
        title: "Groups 7: auto.offset.reset decides where a new group starts",
        scenario: r#"{"version":1,"producer":{"rate_per_sec":60},"groups":[{"group_id":"from-earliest","auto_offset_reset":"earliest","members":[]},{"group_id":"from-latest","auto_offset_reset":"latest","members":[]},{"group_id":"no-reset","auto_offset_reset":"none","members":[]}],"actions":[{"at_ms":10000,"type":"group","group":0,"do":"add_member","name":"c1"},{"at_ms":10000,"type":"group","group":1,"do":"add_member","name":"c1"},{"at_ms":10000,"type":"group","group":2,"do":"add_member","name":"c1"}],"view":{"speed":1}}"#,
        steps: &[
            "Three new groups start reading at 10 s, when the topic already holds 10 s of records. None has a committed offset yet.",
            "earliest starts at the log start and reads the backlog; latest starts at the high watermark and sees only new records (Kafka's default).",
            "none refuses to guess: the consumer fails with NoOffsetForPartitionException.",
        ],
        claims: &[
            ("earliest reads the backlog too", Claim::GroupAtLeast { group: 0, metric: GroupMetric::ProcessedPercent, value: 90, by_ms: 30_000 }),
            ("latest skips what was there", Claim::GroupAtMost { group: 1, metric: GroupMetric::ProcessedPercent, value: 80, by_ms: 30_000 }),
            ("none fails", Claim::GroupAtLeast { group: 2, metric: GroupMetric::FailedMembers, value: 1, by_ms: 30_000 }),
        ],
    },
    Lesson {
        id: "slow-consumer",
        title: "Groups 8: the slow consumer that exceeds max.poll.interval.ms",
        scenario: r#"{"version":1,"producer":{"rate_per_sec":100},"groups":[{"group_id":"orders-service","auto_offset_reset":"earliest","max_poll_interval_ms":5000,"commit":{"mode":"sync_per_batch"},"members":[{"name":"c1"},{"name":"c2"}]}],"actions":[{"at_ms":6000,"type":"group","do":"set_processing_ms","name":"c1","processing_ms_per_record":40}],"view":{"speed":1}}"#,
        steps: &[
            "At 6 s c1 gets slow: 40 ms a record, and poll() can return up to 500 records, 20 s of work, while max.poll.interval.ms is 5 s here.",
            "The poll timer expires: c1's heartbeat thread sends LeaveGroup and the group rebalances without it.",
            "When c1 finally finishes and calls commitSync, it is no longer in the group: CommitFailedException, and its records are processed again by the new owner. Fix: smaller max.poll.records or faster processing.",
        ],
        claims: &[
            ("the slow member's commit fails", Claim::GroupAtLeast { group: 0, metric: GroupMetric::CommitFailures, value: 1, by_ms: 30_000 }),
            ("the group rebalances around it", Claim::GroupAtLeast { group: 0, metric: GroupMetric::Rebalances, value: 2, by_ms: 30_000 }),
        ],
    },
    Lesson {
        id: "parallel-within-partition",
        title: "Groups 9: never parallelise within a partition",
        scenario: r#"{"version":1,"producer":{"rate_per_sec":100,"keys":{"kind":"order_lifecycle","key_by":"order_id","concurrent_orders":20}},"groups":[{"group_id":"in-order","auto_offset_reset":"earliest","processing_ms_per_record":5},{"group_id":"workers","auto_offset_reset":"earliest","processing":{"mode":"workers","threads":4},"processing_ms_per_record":5}],"view":{"speed":1}}"#,
        steps: &[
            "Orders go CREATED → PAID → SHIPPED → DELIVERED, keyed by order id, so each order's events are in order within one partition.",
            "in-order processes each partition's records one after another in the poll loop: every order's events are handled in order.",
            "workers hands records to four threads, which finish in any order: SHIPPED can be handled before PAID. Parallelise across partitions (more partitions and consumers), or per key, never across a partition's records.",
        ],
        claims: &[
            ("the poll loop keeps per-order order", Claim::GroupAtMost { group: 0, metric: GroupMetric::OutOfOrder, value: 0, by_ms: 30_000 }),
            ("worker threads break it", Claim::GroupAtLeast { group: 1, metric: GroupMetric::OutOfOrder, value: 1, by_ms: 30_000 }),
        ],
    },
    Lesson {
        id: "replication-basics",
        title: "Replication 1: a leader, its followers, and the high watermark",
        scenario: r#"{"version":1,"cluster":{"replica_latency_ms":20},"topic":{"name":"orders","partitions":3},"producer":{"rate_per_sec":50},"view":{"speed":0.25}}"#,
        steps: &[
            "Each partition has three replicas on three brokers; ★ marks the leader, which takes every write. The followers fetch from it, 20 ms away.",
            "In the Cluster panel, each replica's bar is its log end offset (LEO); the tick is its high watermark (HW). The leader's HW is the lowest LEO of the in-sync replicas, learnt on their next fetch, so it trails the LEO by a round trip.",
            "Consumers read only below the HW, and acks=all (the producer default since Kafka 3.0) answers once the HW covers the record: every acknowledged record is on all in-sync replicas. Kill a follower, then the leader, and watch who takes over.",
        ],
        claims: &[
            ("acks=all records are acknowledged once all in-sync replicas have them", Claim::ReplicationAtLeast { metric: ReplicationMetric::Acked { producer: 0 }, value: 1_000, by_ms: 30_000 }),
            ("with every broker up, no partition is under-replicated", Claim::ReplicationAtMost { metric: ReplicationMetric::UnderReplicated, value: 0, by_ms: 30_000 }),
        ],
    },
    Lesson {
        id: "isr-shrink-expand",
        title: "Replication 2: a slow follower leaves the ISR and comes back",
        scenario: r#"{"version":1,"cluster":{"replica_latency_ms":10,"replica_lag_time_max_ms":10000},"topic":{"name":"orders","partitions":3},"producer":{"rate_per_sec":50},"actions":[{"at_ms":2000,"type":"slow_broker","broker":2,"delay_ms":15000},{"at_ms":17000,"type":"slow_broker","broker":2,"delay_ms":0}],"view":{"speed":1}}"#,
        steps: &[
            "At 2 s broker 2 gets slow: each of its fetches takes 15 s more (a sick disk, a long GC pause). replica.lag.time.max.ms is 10 s here (30 s by default).",
            "The leader checks every half of that: a follower not caught up for 10 s leaves the ISR, and the HW moves on without it (a follower at the leader's log end is never out of sync, however rarely it fetches).",
            "At 17 s broker 2 recovers; once its log end reaches the HW it rejoins the ISR. While it was out, acks=all needed one replica fewer.",
        ],
        claims: &[
            ("the slow follower drops out of the ISR", Claim::ReplicationAtLeast { metric: ReplicationMetric::IsrShrinks, value: 1, by_ms: 30_000 }),
            ("and rejoins once it has caught up", Claim::ReplicationAtLeast { metric: ReplicationMetric::IsrExpands, value: 1, by_ms: 30_000 }),
        ],
    },
    Lesson {
        id: "acks-table",
        title: "Replication 3: the acks table, when the leader dies",
        scenario: r#"{"version":1,"seed":3,"cluster":{"replica_latency_ms":20},"topic":{"name":"t","partitions":1},"producer":{"rate_per_sec":200,"acks":"0","keys":{"kind":"none"}},"more_producers":[{"rate_per_sec":200,"acks":"1","keys":{"kind":"none"}},{"rate_per_sec":200,"keys":{"kind":"none"}}],"actions":[{"at_ms":5003,"type":"kill_broker","broker":2}],"view":{"speed":0.25}}"#,
        steps: &[
            "Three producers write to one partition: acks=0, acks=1 and acks=all. At 5 s its leader (broker 2) crashes. The controller notices only when its session times out: its last heartbeat was at 4 s, broker.session.timeout.ms is 9 s, so it is fenced at 13 s and a follower takes over. Until then the partition has no working leader: requests in flight to it fail with NetworkException, and the producer, which cannot connect to it, keeps new batches in its accumulator.",
            "acks=0 counts a record as sent when it leaves: whatever was on its way to the dead leader, only on it, or sent while it lay dead, is gone, and the producer never hears. acks=1 answers after the leader's append: records the followers had not fetched yet are lost with it.",
            "acks=all answers only when the HW covers the record, so every acknowledged record is on the new leader; its requests in flight to the dead leader fail with NetworkException and are retried once the producer's metadata names the new leader. Compare the three 'acknowledged but lost' counts in the Cluster panel.",
        ],
        claims: &[
            ("acks=0 loses records", Claim::ReplicationAtLeast { metric: ReplicationMetric::AckedLost { producer: 0 }, value: 1, by_ms: 30_000 }),
            ("acks=1 loses acknowledged records", Claim::ReplicationAtLeast { metric: ReplicationMetric::AckedLost { producer: 1 }, value: 1, by_ms: 30_000 }),
            ("acks=all loses none", Claim::ReplicationAtMost { metric: ReplicationMetric::AckedLost { producer: 2 }, value: 0, by_ms: 30_000 }),
        ],
    },
    Lesson {
        id: "min-insync-replicas",
        title: "Replication 4: acks=all with min.insync.replicas=2 on three replicas",
        scenario: r#"{"version":1,"cluster":{"replica_latency_ms":5},"topic":{"name":"payments","partitions":1,"min_insync_replicas":2},"producer":{"rate_per_sec":40,"request_timeout_ms":10000,"keys":{"kind":"none"}},"actions":[{"at_ms":5000,"type":"kill_broker","broker":1},{"at_ms":16000,"type":"kill_broker","broker":3}],"view":{"speed":1}}"#,
        steps: &[
            "Three replicas, min.insync.replicas=2, acks=all: the setting for data you cannot lose.",
            "At 5 s a follower (broker 1) crashes. It stays in the ISR until the controller fences it at 13 s (last heartbeat at 4 s plus broker.session.timeout.ms, 9 s): for 8 s the HW waits for it and acks=all writes stall. Fenced, it leaves the ISR; two replicas remain in sync, the held writes are acknowledged and new ones go on.",
            "At 16 s the other follower (broker 3) crashes: another stall, and at 25 s, fenced, it leaves the ISR, which is down to one, below min.insync.replicas. The HW no longer moves, so the writes held since 16 s wait until request.timeout.ms (10 s here, 30 s by default) expires them; the producer retries them, and the leader now refuses every write before appending it (NotEnoughReplicasException; the producer retries until delivery.timeout.ms).",
            "Nothing acknowledged is ever lost; the price is that the partition stops taking writes. A controlled shutdown (Shut down) moves the broker out of the ISR at once, without the stall. min.insync.replicas only applies to acks=all, and Kafka checks it against min(min.insync.replicas, replication factor).",
        ],
        claims: &[
            ("with two brokers down, writes are refused", Claim::ReplicationAtLeast { metric: ReplicationMetric::NotEnoughReplicas { producer: 0 }, value: 1, by_ms: 30_000 }),
            ("no acknowledged record is lost", Claim::ReplicationAtMost { metric: ReplicationMetric::AckedLost { producer: 0 }, value: 0, by_ms: 30_000 }),
        ],
    },
    Lesson {
        id: "unclean-election",
        title: "Replication 5: unclean leader election trades data for availability",
        scenario: r#"{"version":1,"cluster":{"brokers":2,"unclean_leader_election":true},"topic":{"name":"payments","partitions":1,"replication_factor":2},"producer":{"rate_per_sec":20,"keys":{"kind":"none"}},"actions":[{"at_ms":3000,"type":"shutdown_broker","broker":1},{"at_ms":8000,"type":"kill_broker","broker":2},{"at_ms":12000,"type":"restart_broker","broker":1},{"at_ms":20000,"type":"restart_broker","broker":2}],"view":{"speed":1}}"#,
        steps: &[
            "Two brokers, unclean.leader.election.enable=true. At 3 s the follower (broker 1) shuts down cleanly: the controller takes it out of the ISR at once, and the leader keeps writing alone, and acknowledging (min.insync.replicas is 1). (Had it crashed, it would have stayed in the ISR for the 9 s session timeout, and the leader would have acknowledged nothing meanwhile.)",
            "At 8 s the leader crashes. At 12 s broker 1 comes back, but the controller still counts the crashed leader until its session times out, at 17 s. Then, with unclean election, broker 1 becomes leader although it is not in the ISR, with a log that ends at 3 s. Writes resume.",
            "At 20 s the old leader returns, truncates its log to the new leader's epoch end offset, and the records only it had (3 s to 8 s, all acknowledged) are gone: the stage draws them as a truncated tail on its replica. With the setting off (Kafka's default) the partition would have stayed offline until broker 2 came back, losing nothing: Kafka prefers unavailability over data loss.",
        ],
        claims: &[
            ("acknowledged records are lost", Claim::ReplicationAtLeast { metric: ReplicationMetric::AckedLost { producer: 0 }, value: 50, by_ms: 30_000 }),
            ("the returning leader truncates its log", Claim::ReplicationAtLeast { metric: ReplicationMetric::Truncated, value: 1, by_ms: 30_000 }),
        ],
    },
    Lesson {
        id: "clean-election-waits",
        title: "Replication 6: without unclean election, the partition waits and loses nothing",
        scenario: r#"{"version":1,"cluster":{"brokers":2},"topic":{"name":"payments","partitions":1,"replication_factor":2},"producer":{"rate_per_sec":20,"keys":{"kind":"none"}},"actions":[{"at_ms":3000,"type":"shutdown_broker","broker":1},{"at_ms":8000,"type":"kill_broker","broker":2},{"at_ms":12000,"type":"restart_broker","broker":1}],"view":{"speed":1}}"#,
        steps: &[
            "The same failures as the previous lesson, with Kafka's default: unclean.leader.election.enable=false.",
            "Broker 1 returns at 12 s; at 17 s the controller fences the crashed leader. Broker 1 is not in the ISR, so it may not lead: the partition goes OFFLINE. The requests in flight when the leader crashed fail with NetworkException; after that the records wait in the producer's accumulator, first because it cannot connect to the dead leader, then because the partition has no leader (RecordAccumulator.ready holds them) instead of being sent.",
            "Nothing acknowledged is lost; restart broker 2 (within delivery.timeout.ms, 2 minutes) and the retried records get through.",
        ],
        claims: &[
            ("the partition stays offline", Claim::ReplicationAtLeast { metric: ReplicationMetric::OfflinePartitions, value: 1, by_ms: 30_000 }),
            ("no acknowledged record is lost", Claim::ReplicationAtMost { metric: ReplicationMetric::AckedLost { producer: 0 }, value: 0, by_ms: 30_000 }),
        ],
    },
    Lesson {
        id: "partitions-recovery",
        title: "Replication 7: more partitions, longer recovery",
        scenario: r#"{"version":1,"topic":{"name":"many","partitions":48,"replication_factor":2},"producer":{"rate_per_sec":100},"more_topics":[{"name":"few","partitions":4,"replication_factor":2}],"more_producers":[{"topic":"few","rate_per_sec":100}],"actions":[{"at_ms":5000,"type":"kill_broker","broker":1},{"at_ms":5000,"type":"kill_broker","broker":2},{"at_ms":15000,"type":"restart_broker","broker":1}],"view":{"speed":1}}"#,
        steps: &[
            "Two topics with the same traffic: “many” with 48 partitions, “few” with 4, two replicas each on three brokers. At 5 s brokers 1 and 2 crash together; the controller fences them at 13 s, when their sessions time out (until then the partitions they led have no working leader); broker 1 returns at 15 s.",
            "Every partition with both replicas on those brokers goes offline, and every partition led by them needs an election. Each is handled one by one by the controller: more partitions, more elections, more partition-time unavailable (the playground elects instantly; a real controller takes time per partition, which makes the gap wider). The unavailable time is counted from the fencing: the 8 s before it, with dead leaders still counted, come on top for both.",
            "Compare the unavailable time in the run report (or the OFFLINE rows in the Cluster panel, per topic tab).",
        ],
        claims: &[("“many” loses at least 4× the partition-time of “few”", Claim::UnavailableTimes { topic: 0, than: 1, factor: 4, by_ms: 30_000 })],
    },
    Lesson {
        id: "truncation-detected",
        title: "Replication 8: a consumer detects truncation and does not re-read the log",
        scenario: r#"{"version":1,"cluster":{"brokers":2,"unclean_leader_election":true},"topic":{"name":"payments","partitions":1,"replication_factor":2},"producer":{"rate_per_sec":20,"keys":{"kind":"none"}},"groups":[{"group_id":"billing","topics":["payments"],"auto_offset_reset":"earliest","members":[{"name":"c1"}]}],"actions":[{"at_ms":3000,"type":"shutdown_broker","broker":1},{"at_ms":8000,"type":"kill_broker","broker":2},{"at_ms":12000,"type":"restart_broker","broker":1},{"at_ms":20000,"type":"restart_broker","broker":2}],"view":{"speed":1}}"#,
        steps: &[
            "Replication 5's failures with a consumer reading along: at 17 s, when the controller fences the crashed leader, broker 1 becomes leader uncleanly, with a log that ends near offset 58, while the consumer has read up to about 158.",
            "Its position carries the leader epoch of the last record it fetched (KIP-320). Seeing a new leader, it asks it for the end offset of that epoch (OffsetsForLeaderEpoch): 58. The log diverged there, so it seeks back to 58 instead of resetting to the start by auto.offset.reset=earliest: no record is read twice.",
            "The records the new leader writes at 58 and on are new ones that took the old offsets; the group's ledger follows records by identity, so none counts as a duplicate. With auto.offset.reset=none the consumer would stop with LogTruncationException instead, for the application to decide.",
        ],
        claims: &[
            ("the consumer detects the truncation", Claim::GroupAtLeast { group: 0, metric: GroupMetric::TruncationsDetected, value: 1, by_ms: 30_000 }),
            ("no record is processed twice", Claim::GroupAtMost { group: 0, metric: GroupMetric::Duplicated, value: 0, by_ms: 30_000 }),
        ],
    },
    Lesson {
        id: "retention-log-start",
        title: "Retention moves the log start: a slow group falls off the end",
        scenario: r#"{"version":1,"topic":{"name":"clicks","partitions":1,"replication_factor":3,"retention_ms":10000,"segment_ms":2000},"producer":{"rate_per_sec":10,"keys":{"kind":"none"}},"groups":[{"group_id":"slow","topics":["clicks"],"auto_offset_reset":"earliest","processing_ms_per_record":500,"max_poll_records":5,"members":[{"name":"c1"}]},{"group_id":"fast","topics":["clicks"],"auto_offset_reset":"earliest","members":[{"name":"f1"}]}],"view":{"speed":1}}"#,
        steps: &[
            "retention.ms is 10 s and segment.ms 2 s: the log rolls a new segment every 2 s, and the broker's retention task deletes whole segments whose newest record is older than 10 s. The task first runs at 30 s (log.initial.task.delay.ms), then every 5 minutes (log.retention.check.interval.ms), Kafka's defaults. The producer writes 10 records a second; group “slow” processes 2 a second, group “fast” keeps up.",
            "At 30 s the task deletes the segments up to offset 189: the log start offset moves there (log_start_offset in the run report). “fast” read them long ago.",
            "“slow” has only read to offset 55. At its next poll the fetch answers OFFSET_OUT_OF_RANGE, and it resets by auto.offset.reset=earliest to the new log start, skipping 134 records it never read: lag that outgrows retention is data loss for that group. (The playground holds the newest 2000 records of a partition; a group further behind than that is flagged the same way, as records the playground no longer holds.)",
        ],
        claims: &[
            ("the slow group skips records retention deleted", Claim::GroupAtLeast { group: 0, metric: GroupMetric::SkippedByRetention, value: 1, by_ms: 40_000 }),
            ("the fast group skips none", Claim::GroupAtMost { group: 1, metric: GroupMetric::SkippedByRetention, value: 0, by_ms: 40_000 }),
        ],
    },
    Lesson {
        id: "zombie-leader",
        title: "Replication 9: a zombie leader accepts writes it will lose",
        scenario: r#"{"version":1,"topic":{"name":"payments","partitions":1,"min_insync_replicas":2},"producer":{"rate_per_sec":50,"acks":"1","keys":{"kind":"none"}},"more_producers":[{"rate_per_sec":50,"keys":{"kind":"none"}}],"actions":[{"at_ms":5000,"type":"isolate_broker","broker":2},{"at_ms":20000,"type":"heal_broker","broker":2}],"view":{"speed":1}}"#,
        steps: &[
            "Three brokers; broker 2 leads payments-0. Two producers write to it: producer-1 with acks=1, producer-2 with acks=all (min.insync.replicas=2).",
            "At 5 s broker 2 is cut off from the controller and the other brokers, but the producers can still reach it: a partial network partition, as in Jepsen's analyses of Kafka. It still believes it leads, so it acknowledges acks=1 writes it cannot replicate; the acks=all writes wait, because its followers cannot fetch and its ISR cannot shrink without the controller.",
            "At 13 s the controller, which has heard nothing from it since its heartbeat at 4 s (broker.session.timeout.ms, 9 s), fences it and elects broker 3. The producers move to the new leader at their next metadata refresh. The zombie's acks=1 records exist only on the zombie.",
            "At 20 s the network heals: broker 2 learns the new leader epoch and truncates its divergent tail. Every acks=1 write it took alone is gone; acks=all lost nothing.",
        ],
        claims: &[
            ("acks=1 writes acknowledged by the zombie are lost", Claim::ReplicationAtLeast { metric: ReplicationMetric::AckedLost { producer: 0 }, value: 1, by_ms: 30_000 }),
            ("acks=all loses nothing", Claim::ReplicationAtMost { metric: ReplicationMetric::AckedLost { producer: 1 }, value: 0, by_ms: 30_000 }),
            ("the healed zombie truncates what only it had", Claim::ReplicationAtLeast { metric: ReplicationMetric::Truncated, value: 1, by_ms: 30_000 }),
        ],
    },
    Lesson {
        id: "retries-reorder",
        title: "Producer 1: retries without idempotence reorder records, idempotence keeps order",
        scenario: r#"{"version":1,"cluster":{"brokers":2,"broker_session_timeout_ms":1500,"broker_heartbeat_interval_ms":500},"topic":{"name":"plain","partitions":1,"replication_factor":2},"producer":{"rate_per_sec":400,"latency_ms":20,"linger_ms":0,"batch_size":200,"delivery_timeout_ms":15000,"idempotence":false,"keys":{"kind":"fixed","values":["order-1","order-2","order-3"]}},"more_topics":[{"name":"idempotent","partitions":1,"replication_factor":2}],"more_producers":[{"topic":"idempotent","rate_per_sec":400,"latency_ms":20,"linger_ms":0,"batch_size":200,"delivery_timeout_ms":15000,"keys":{"kind":"fixed","values":["order-1","order-2","order-3"]}}],"groups":[{"group_id":"plain-reader","topics":["plain"]},{"group_id":"idempotent-reader","topics":["idempotent"]}],"actions":[{"at_ms":1000,"type":"slow_broker","broker":1,"delay_ms":300},{"at_ms":1000,"type":"slow_broker","broker":2,"delay_ms":300},{"at_ms":3000,"type":"kill_broker","broker":1},{"at_ms":6000,"type":"restart_broker","broker":1},{"at_ms":12000,"type":"kill_broker","broker":2}],"view":{"speed":0.25}}"#,
        steps: &[
            "Two producers send the same three keys, one to each topic, with acks=all and Kafka's default max.in.flight.requests.per.connection=5 (delivery.timeout.ms is 15 s here, to keep the run small): “plain” with enable.idempotence=false, “idempotent” with Kafka's default (true). Both brokers are slowed at 1 s, so five requests wait at each leader.",
            "At 3 s broker 1 crashes, at 12 s broker 2 (broker 1 is back by then): each topic's leader dies once with requests in flight (broker sessions are 1.5 s here, 9 s by default, so the controller fences each crashed leader and elects the other broker quickly). The requests fail with NetworkException and go back to the front of the queue one by one (RecordAccumulator.reenqueue), so without idempotence the retries reach the new leader newest first: the “plain” group sees records of a key out of order.",
            "With idempotence each batch carries a sequence number: retries go back in sequence order, a retried partition sends one batch at a time (shouldStopDrainBatchesForPartition), and the leader refuses a gap (OutOfOrderSequenceException). The “idempotent” group sees every key in order, and nothing twice.",
        ],
        claims: &[
            ("without idempotence, a key's records arrive out of order", Claim::GroupAtLeast { group: 0, metric: GroupMetric::OutOfOrder, value: 1, by_ms: 30_000 }),
            ("with idempotence, every key stays in order", Claim::GroupAtMost { group: 1, metric: GroupMetric::OutOfOrder, value: 0, by_ms: 30_000 }),
        ],
    },
    Lesson {
        id: "adaptive-slow-broker",
        title: "Producer 2: adaptive partitioning sends less to a slow broker",
        scenario: r#"{"version":1,"topic":{"name":"metrics","partitions":6,"replication_factor":1},"producer":{"rate_per_sec":1000,"batch_size":2048,"keys":{"kind":"none"}},"actions":[{"at_ms":0,"type":"slow_broker","broker":1,"delay_ms":1000}],"view":{"speed":1,"compare":"adaptive"}}"#,
        steps: &[
            "Six partitions on three brokers, one replica each, and records without keys. Broker 1 is slow: it handles each produce request a second late.",
            "The producer sends at most five requests at a time to each broker (max.in.flight.requests.per.connection), each with one batch per partition, so batches for broker 1's partitions queue up in the accumulator.",
            "With partitioner.adaptive.partitioning.enable (Kafka's default), the built-in partitioner weighs partitions by their queue (BuiltInPartitioner.updatePartitionLoadStats) and sends fewer records to the slow broker's partitions; the side-by-side copy with it off spreads them evenly, and their queues keep growing.",
        ],
        claims: &[("the slow broker's partitions get less than a fifth of the records", Claim::SlowLeaderShareBelow { percent: 20, by_ms: 20_000 })],
    },
    Lesson {
        id: "consumer-protocol",
        title: "Kafka 4: the consumer protocol, no stop-the-world",
        scenario: r#"{"version":1,"topic":{"partitions":24},"producer":{"rate_per_sec":120,"keys":{"kind":"entities","prefix":"order-","count":1000}},"groups":[{"group_id":"eager","assignors":["range"],"processing_ms_per_record":28,"max_poll_records":100,"members":[{"name":"c1"},{"name":"c2"},{"name":"c3"},{"name":"c4"}]},{"group_id":"cooperative","assignors":["cooperative-sticky"],"processing_ms_per_record":28,"max_poll_records":100,"members":[{"name":"c1"},{"name":"c2"},{"name":"c3"},{"name":"c4"}]},{"group_id":"consumer","group_protocol":"consumer","processing_ms_per_record":28,"max_poll_records":100,"members":[{"name":"c1"},{"name":"c2"},{"name":"c3"},{"name":"c4"}]},{"group_id":"consumer-1s","group_protocol":"consumer","processing_ms_per_record":28,"max_poll_records":100,"members":[{"name":"c1"},{"name":"c2"},{"name":"c3"},{"name":"c4"}],"group_consumer_heartbeat_interval_ms":1000}],"actions":[{"at_ms":10000,"type":"group","group":0,"do":"close_member","name":"c2"},{"at_ms":10000,"type":"group","group":1,"do":"close_member","name":"c2"},{"at_ms":10000,"type":"group","group":2,"do":"close_member","name":"c2"},{"at_ms":10000,"type":"group","group":3,"do":"close_member","name":"c2"},{"at_ms":17000,"type":"group","group":0,"do":"restart_member","name":"c2"},{"at_ms":17000,"type":"group","group":1,"do":"restart_member","name":"c2"},{"at_ms":17000,"type":"group","group":2,"do":"restart_member","name":"c2"},{"at_ms":17000,"type":"group","group":3,"do":"restart_member","name":"c2"}],"view":{"speed":1}}"#,
        steps: &[
            "Four groups read 24 partitions with busy consumers; at 10 s c2 of each closes, at 17 s it returns. eager: classic with range; cooperative: classic with cooperative-sticky; consumer and consumer-1s: Kafka 4's consumer protocol (KIP-848, uniform assignor) with heartbeats every 5 s (the default) and 1 s.",
            "The consumer protocol has no JoinGroup and no barrier: a departure bumps the group epoch, the coordinator computes a new target assignment, and each member moves to it on its own heartbeat, revoking first; a partition goes to its new owner only once released (UNRELEASED_PARTITIONS). Only the six moving partitions stop, in one round.",
            "Each step waits for a heartbeat, so the interval sets the price: at 5 s the pause in partition-seconds (each card's \u{201c}per rebalance\u{201d}) is above eager's, at 1 s well below. What it buys for sure: nobody stops for anybody else, and no duplicates, since the consumer auto-commits before it revokes (autoCommitSyncBeforeRevocation). Simplified: the broker's heartbeat and session bounds are widened, and a heartbeat is answered at once.",
        ],
        claims: &[
            ("an eager rebalance stops all 24 partitions at once", Claim::GroupAtLeast { group: 0, metric: GroupMetric::MostPausedAtOnce, value: 24, by_ms: 25_000 }),
            ("the consumer protocol never stops more than the six that move", Claim::GroupAtMost { group: 2, metric: GroupMetric::MostPausedAtOnce, value: 6, by_ms: 25_000 }),
            ("with 1 s heartbeats it pauses fewer partition-seconds than eager", Claim::GroupBelow { group: 3, than: 0, metric: GroupMetric::RebalancePause, by_ms: 25_000 }),
            ("auto-commit before revocation: no duplicates", Claim::GroupAtMost { group: 2, metric: GroupMetric::Duplicated, value: 0, by_ms: 25_000 }),
        ],
    },
    Lesson {
        id: "share-seventh-consumer",
        title: "Kafka 4: share groups put the seventh consumer to work",
        scenario: r#"{"version":1,"producer":{"rate_per_sec":150,"keys":{"kind":"entities","prefix":"order-","count":30}},"groups":[{"group_id":"consumer-group","processing_ms_per_record":20,"max_poll_records":10,"members":[{"name":"c1"},{"name":"c2"},{"name":"c3"},{"name":"c4"},{"name":"c5"},{"name":"c6"},{"name":"c7"}]},{"group_id":"share-group","type":"share","processing_ms_per_record":20,"max_poll_records":10,"members":[{"name":"s1"},{"name":"s2"},{"name":"s3"},{"name":"s4"},{"name":"s5"},{"name":"s6"},{"name":"s7"}]}],"view":{"speed":1}}"#,
        steps: &[
            "Two groups of seven read the same six partitions. \u{201c}consumer-group\u{201d} is a consumer group: one member per partition, so one sits idle. \u{201c}share-group\u{201d} is a share group (KIP-932, Kafka 4.2's queues): its SimpleAssignor gives every member every partition.",
            "A share consumer's poll() acquires records under a lock (group.share.record.lock.duration.ms, 30 s) and acknowledges them at its next poll; the broker gives each record to one member at a time, so all seven work.",
            "The price: two members process one partition's records at once, so per-key order is not kept. Simplified: fetches and acknowledgements are answered at once, and the assignor is Kafka's of late 2024.",
        ],
        claims: &[
            ("the consumer group leaves one member idle", Claim::GroupAtLeast { group: 0, metric: GroupMetric::IdleMembers, value: 1, by_ms: 10_000 }),
            ("all seven share consumers process records", Claim::GroupAtLeast { group: 1, metric: GroupMetric::BusyMembers, value: 7, by_ms: 15_000 }),
            ("the share group breaks per-key order", Claim::GroupAtLeast { group: 1, metric: GroupMetric::OutOfOrder, value: 1, by_ms: 20_000 }),
            ("the consumer group keeps it", Claim::GroupAtMost { group: 0, metric: GroupMetric::OutOfOrder, value: 0, by_ms: 20_000 }),
        ],
    },
    Lesson {
        id: "share-lock-expiry",
        title: "Share groups: a crashed consumer's records come back after the lock expires",
        scenario: r#"{"version":1,"topic":{"partitions":3},"producer":{"rate_per_sec":60,"keys":{"kind":"entities","prefix":"order-","count":100}},"groups":[{"group_id":"queue","type":"share","processing_ms_per_record":50,"max_poll_records":10,"members":[{"name":"s1"},{"name":"s2"},{"name":"s3"}]}],"actions":[{"at_ms":10000,"type":"group","group":0,"do":"crash_member","name":"s1"}],"view":{"speed":2}}"#,
        steps: &[
            "Three share consumers read three partitions; at 10 s s1 crashes holding acquired records, some processed but not acknowledged (implicit mode acknowledges them at the next poll, which never comes).",
            "The broker keeps them ACQUIRED by s1 until their acquisition lock expires, group.share.record.lock.duration.ms (30 s) after they were acquired: nobody else gets them meanwhile.",
            "At about 40 s the locks expire, the records become AVAILABLE, and s2 or s3 acquires them with delivery count 2: the ones s1 had processed are processed twice. A graceful close would have released them at once.",
        ],
        claims: &[
            ("no lock expires before the 30 s lock duration has passed", Claim::GroupAtLeast { group: 0, metric: GroupMetric::ShareFirstLockExpiryMs, value: 39_000, by_ms: 45_000 }),
            ("the crashed consumer's locks expire", Claim::GroupAtLeast { group: 0, metric: GroupMetric::ShareLocksExpired, value: 1, by_ms: 45_000 }),
            ("its records are delivered again", Claim::GroupAtLeast { group: 0, metric: GroupMetric::ShareRedelivered, value: 1, by_ms: 45_000 }),
            ("what it processed unacknowledged is processed twice", Claim::GroupAtLeast { group: 0, metric: GroupMetric::Duplicated, value: 1, by_ms: 45_000 }),
        ],
    },
    Lesson {
        id: "poison-message",
        title: "Poison message: rejected or redelivered until archived",
        scenario: r#"{"version":1,"topic":{"partitions":3},"producer":{"rate_per_sec":50,"keys":{"kind":"entities","prefix":"order-","count":20}},"groups":[{"group_id":"reject","type":"share","share_acknowledgement_mode":"explicit","poison_keys":["order-7"],"on_poison":"reject","processing_ms_per_record":10,"members":[{"name":"r1"},{"name":"r2"}]},{"group_id":"release","type":"share","share_acknowledgement_mode":"explicit","poison_keys":["order-7"],"processing_ms_per_record":10,"members":[{"name":"l1"},{"name":"l2"}]},{"group_id":"implicit","type":"share","poison_keys":["order-7"],"processing_ms_per_record":10,"members":[{"name":"i1"},{"name":"i2"}]}],"view":{"speed":1}}"#,
        steps: &[
            "Three share groups read the same records; processing \u{201c}order-7\u{201d} always throws (the scenario's poison_keys).",
            "\u{201c}reject\u{201d} (explicit acknowledgement) rejects it: ARCHIVED at once, never redelivered. \u{201c}release\u{201d} releases it: it is redelivered at once until its delivery count reaches group.share.delivery.count.limit (5), then archived. Either way the queue moves on.",
            "\u{201c}implicit\u{201d} cannot acknowledge one record: the exception stops the consumer, its records wait for their locks, and the next consumer to get the poison record stops too, the classic poison-pill story.",
        ],
        claims: &[
            ("rejected poison records are archived, never redelivered", Claim::GroupAtMost { group: 0, metric: GroupMetric::ShareRedelivered, value: 0, by_ms: 20_000 }),
            ("the reject group rejects them", Claim::GroupAtLeast { group: 0, metric: GroupMetric::ShareRejected, value: 1, by_ms: 20_000 }),
            ("released ones come back four more times", Claim::GroupAtLeast { group: 1, metric: GroupMetric::ShareRedelivered, value: 4, by_ms: 20_000 }),
            ("then the delivery limit archives them", Claim::GroupAtLeast { group: 1, metric: GroupMetric::ShareArchived, value: 1, by_ms: 20_000 }),
            ("in implicit mode both consumers stop", Claim::GroupAtLeast { group: 2, metric: GroupMetric::FailedMembers, value: 2, by_ms: 20_000 }),
        ],
    },
];
