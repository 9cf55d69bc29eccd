//! Share groups on the stage: several share consumers linked to one partition, their labels
//! saying what they hold, and each share partition's SPSO, SPEO and acquired records on its row.

use super::*;
use crate::lessons::lesson;

#[test]
fn share_consumers_share_a_partition_and_its_row_shows_what_they_hold() {
    // Share groups 1: seven share consumers on six partitions, none idle.
    let json = lesson("share-seventh-consumer")
        .expect("the lesson exists")
        .scenario;
    let mut acquired_tag_seen = false;
    let mut shared_partition_seen = false;
    for t in (8_000..14_000).step_by(500) {
        let sim = run(json, t);
        let m = model_of(&sim, 0, "", false);
        let share: Vec<&Consumer> = m
            .consumers
            .consumers
            .iter()
            .filter(|c| &*c.group == "share-group")
            .collect();
        assert_eq!(share.len(), 7);
        for c in &share {
            assert!(c.share);
            let label = &c.texts.value().label;
            assert!(
                label.starts_with(&format!("consumer {} (share group share-group): ", c.name)),
                "{label}"
            );
            assert!(label.contains(" acquired"), "{label}");
        }
        for p in 0..6u32 {
            let links = m
                .consumers
                .links
                .iter()
                .filter(|l| &*l.group == "share-group" && l.partition == p)
                .count();
            shared_partition_seen |= links >= 2;
        }
        for r in m.share_rows.iter().filter(|r| &*r.group == "share-group") {
            let label = r.label.value();
            assert!(
                label.starts_with(&format!(
                    "orders-{}, share group share-group: SPSO ",
                    r.partition
                )),
                "{label}"
            );
            for c in &r.cells {
                if let ShareCellState::Acquired { member, deliveries } = &c.state {
                    assert_eq!(&*c.tag, format!("{member}·{deliveries}"));
                    assert!(*deliveries >= 1);
                    acquired_tag_seen = true;
                }
            }
        }
        // A classic group has no share marks and its members no share words.
        assert!(m.share_rows.iter().all(|r| &*r.group == "share-group"));
        assert!(m
            .consumers
            .consumers
            .iter()
            .filter(|c| &*c.group == "consumer-group")
            .all(|c| !c.share && !c.texts.value().label.contains("share group")));
    }
    assert!(
        shared_partition_seen,
        "several share consumers read one partition"
    );
    assert!(
        acquired_tag_seen,
        "an acquired record is tagged with its member"
    );
}

// A group head counts what the group counts: a classic group its generation, a share group
// and a KIP-848 group their group epoch (never "forming" while they work).
#[test]
fn group_heads_count_generations_or_group_epochs() {
    let cases = [
        ("share-seventh-consumer", "consumer-group", " · gen. "),
        ("share-seventh-consumer", "share-group", " · epoch "),
        ("consumer-protocol", "eager", " · gen. "),
        ("consumer-protocol", "consumer", " · epoch "),
    ];
    for (lesson_id, group, counted) in cases {
        let json = lesson(lesson_id).expect("the lesson exists").scenario;
        let sim = run(json, 9_000);
        let m = model_of(&sim, 0, "", false);
        let head = m
            .consumers
            .heads
            .iter()
            .find(|h| &*h.text.facts().0 == group)
            .unwrap_or_else(|| panic!("{lesson_id}: a head for {group}"));
        let text = head.text.value();
        assert!(
            text.starts_with(&format!("{group}{counted}")),
            "{lesson_id}: {text}"
        );
    }
}
