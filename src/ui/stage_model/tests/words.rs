//! The stage told in words: how a topic of many partitions folds, how the accessible labels
//! follow a rebalance, what each broker state is called, and what the live region says.

use super::*;

#[test]
fn a_topic_of_many_partitions_folds_to_its_busiest_rows() {
    // 256 partitions, keys on a few of them: the busiest twelve are drawn, the rest summed up,
    // and nothing is drawn for a partition without a row.
    let json = r#"{"version":1,"topic":{"partitions":256},"producer":{"rate_per_sec":400,"keys":{"kind":"entities","prefix":"id-","count":40}},"groups":[{"group_id":"g"}]}"#;
    let sim = run(json, 3_000);
    let m = model_of(&sim, 0, "", false);
    let fold = m.fold.as_ref().expect("256 partitions fold");
    assert_eq!(m.rows.rows.len(), FOLDED_ROWS as usize);
    assert_eq!(m.buckets.len(), FOLDED_ROWS as usize);
    assert!(m.layout.height < 600.0, "{}", m.layout.height);
    let shown: Vec<u32> = m.rows.rows.iter().map(|r| r.partition).collect();
    assert_eq!(&shown[..], &fold.shown[..]);
    let load = sim.topic_run(0).load(sim.now_ms());
    let rate = |p: u32| load.partitions[p as usize].records_per_sec;
    let busiest_drawn = m.rows.rows.iter().map(|r| rate(r.partition)).min().unwrap();
    let hidden_most = (0..256)
        .filter(|p| !fold.shown.contains(p))
        .map(rate)
        .max()
        .unwrap();
    assert!(
        busiest_drawn >= hidden_most,
        "{busiest_drawn} < {hidden_most}"
    );
    assert!(fold
        .summary
        .value()
        .starts_with("+244 partitions folded away (the busiest are drawn): "));
    assert!(m
        .replicas
        .iter()
        .all(|c| fold.shown.contains(&c.facts.partition)));
    assert!(m
        .consumers
        .links
        .iter()
        .all(|l| fold.shown.contains(&l.partition)));
    assert!(m
        .in_flight
        .flights
        .iter()
        .all(|f| fold.shown.contains(&f.partition)));
    // Sixteen partitions still draw every row.
    let sim = run(&json.replace("256", "16"), 1_000);
    let m = model_of(&sim, 0, "", false);
    assert!(m.fold.is_none());
    assert_eq!(m.rows.rows.len(), 16);
}

#[test]
fn labels_follow_a_rebalance_and_the_news_says_it() {
    // Three consumers, then c3 leaves at 8 s: its partitions' links move, its label changes,
    // and the live region says who revoked what.
    let json = r#"{"version":1,"producer":{"rate_per_sec":30},"groups":[{"group_id":"orders-service","members":[{"name":"c1"},{"name":"c2"},{"name":"c3"}]}],"actions":[{"at_ms":8000,"type":"group","group":0,"do":"crash_member","name":"c3"}]}"#;
    let scenario = Scenario::from_json(json).expect("valid").scenario;
    let mut previous: Option<StageModel> = None;
    let mut said = Vec::new();
    let owners_at = |until: u64, previous: &mut Option<StageModel>, said: &mut Vec<String>| {
        let sim = replay(&scenario, until, false).expect("runs");
        let producers = producers_of(&sim, 0);
        let input = StageInput {
            sim: &sim,
            topic: 0,
            producers: &producers,
            highlight_key: "",
            reduced_motion: false,
        };
        let m = build(&input, previous.as_ref());
        if let Some(n) = &m.news {
            said.push(n.value().to_string());
        }
        let owners: Vec<String> = m
            .consumers
            .links
            .iter()
            .map(|l| l.label.value().to_string())
            .collect();
        *previous = Some(m);
        owners
    };
    let mut before = Vec::new();
    for t in (4_000..=7_000).step_by(500) {
        before = owners_at(t, &mut previous, &mut said);
    }
    let mut after = Vec::new();
    for t in (7_500..=60_000).step_by(500) {
        after = owners_at(t, &mut previous, &mut said);
    }
    assert!(before
        .iter()
        .any(|l| l.ends_with("read by c3 (group orders-service)")));
    assert!(!after.iter().any(|l| l.contains("read by c3")), "{after:?}");
    assert_ne!(before, after);
    assert!(
        said.iter()
            .any(|s| s.contains("rebalance of orders-service")),
        "{said:?}"
    );
    let m = previous.expect("built");
    let c3 = m
        .consumers
        .consumers
        .iter()
        .find(|c| &*c.name == "c3")
        .expect("c3 drawn");
    assert_eq!(
        &*c3.texts.value().label,
        "consumer c3 (group orders-service): crashed"
    );
}

#[test]
fn a_broker_state_is_said_in_one_place_and_the_news_says_a_broker_stopped() {
    use crate::engine::BrokerState;
    let look = |alive, slow_delay_ms, fenced, isolated, clients_cut| {
        let l = broker_look(&BrokerState {
            alive,
            slow_delay_ms,
            fenced,
            isolated,
            clients_cut,
            session_expires_ms: None,
        });
        (l.words, l.class, l.serving)
    };
    assert_eq!(
        look(true, 0, false, false, false),
        ("running", "running", true)
    );
    assert_eq!(
        look(true, 200, false, false, false),
        ("slowed", "slowed", true)
    );
    assert_eq!(
        look(false, 200, false, false, false),
        ("stopped, not yet fenced", "stopped", false)
    );
    assert_eq!(
        look(false, 0, true, false, false),
        ("stopped, fenced", "stopped fenced", false)
    );
    assert_eq!(
        look(true, 0, false, true, false),
        (
            "cut off from the cluster, clients still reach it",
            "isolated",
            true
        )
    );
    assert_eq!(
        look(true, 0, true, true, true),
        (
            "cut off from the cluster and its clients, fenced",
            "isolated",
            false
        )
    );
    // Broker 1 is killed at 2 s: its header, its replicas and the live region say so.
    let json = r#"{"version":1,"topic":{"partitions":2},"producer":{"rate_per_sec":20},"actions":[{"at_ms":2000,"type":"kill_broker","broker":1}]}"#;
    let frames = replayed_frames(json, &[1_900, 2_100]);
    let m = frames.last().expect("two frames");
    assert_eq!(
        m.brokers[0].label.value().as_ref(),
        "broker 1: stopped, not yet fenced, leads 0 partitions"
    );
    let news = m.news.as_ref().expect("news after the kill");
    assert!(
        news.value().starts_with("broker 1: stopped"),
        "{}",
        news.value()
    );
    let down: Vec<&str> = m
        .replicas
        .iter()
        .filter(|c| c.facts.broker == 1)
        .map(|c| c.label.value().as_ref())
        .collect();
    assert!(!down.is_empty());
    // Crashed but not yet fenced: the controller still counts it in the ISR.
    for label in down {
        assert!(
            label.contains(": follower, in sync, broker stopped, log end "),
            "{label}"
        );
    }
}

/// Models built one after another from the previous, each from a replay (so the scenario's
/// actions are applied, as the page's session applies them).
fn replayed_frames(json: &str, times: &[u64]) -> Vec<StageModel> {
    let scenario = Scenario::from_json(json).expect("valid").scenario;
    let mut models: Vec<StageModel> = Vec::new();
    for &t in times {
        let sim = replay(&scenario, t, false).expect("runs");
        let producers = producers_of(&sim, 0);
        let input = StageInput {
            sim: &sim,
            topic: 0,
            producers: &producers,
            highlight_key: "",
            reduced_motion: false,
        };
        let model = build(&input, models.last());
        models.push(model);
    }
    models
}

#[test]
fn a_new_leader_wears_its_election_mark_for_a_while_and_the_news_says_it() {
    // Broker 2 leads orders-0 and is shut down at 2 s: the controller moves the leadership to
    // the next replica in the ISR, in epoch 1.
    let json = r#"{"version":1,"topic":{"partitions":1},"producer":{"rate_per_sec":20},"actions":[{"at_ms":2000,"type":"shutdown_broker","broker":2}]}"#;
    let frames = replayed_frames(json, &[1_900, 2_000, 2_100, 4_900, 5_100]);
    let leader_of = |m: &StageModel| {
        m.replicas
            .iter()
            .find(|c| c.facts.role == ReplicaRole::Leader)
            .cloned()
            .expect("a leader")
    };
    assert_eq!(leader_of(&frames[0]).facts.broker, 2);
    assert!(frames[0].replicas.iter().all(|c| c.elected.is_none()));
    let new = leader_of(&frames[1]);
    assert_ne!(new.facts.broker, 2);
    let b = new.facts.broker;
    let e = new.elected.clone().expect("the new leader is marked");
    assert_eq!((e.epoch, e.at_ms), (1, 2_000));
    assert_eq!(&*e.text, "elected e1");
    assert!(
        new.label.value().ends_with(", elected leader, epoch 1"),
        "{}",
        new.label.value()
    );
    let news = frames[1].news.as_ref().expect("news of the election");
    assert!(
        news.value()
            .contains(&format!("orders-0: broker {b} elected leader, epoch 1")),
        "{}",
        news.value()
    );
    // The mark stays for ELECTED_SHOWN_MS, then the chip is a plain leader again.
    assert_eq!(leader_of(&frames[2]).elected, Some(e.clone()));
    assert_eq!(leader_of(&frames[3]).elected, Some(e));
    let later = leader_of(&frames[4]);
    assert_eq!(later.elected, None);
    assert!(!later.label.value().contains("elected"));
    // The first frame of a run (or after a jump back) has no past, so nothing is new.
    let jumped = replayed_frames(json, &[2_100]);
    assert!(jumped[0].replicas.iter().all(|c| c.elected.is_none()));
}
