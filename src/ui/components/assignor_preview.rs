//! A preview of consumer group assignment on the current topic: the four built-in assignors
//! side by side for N consumers, idle consumers marked, and how many partitions change owner
//! when one consumer leaves. Pure assignor output (Kafka's own algorithms), computed at once;
//! the groups on the stage run the protocol over time, and the panel points there.

use super::use_figures;
use crate::engine::btree_collect::CollectBTree;
use crate::engine::{cooperative_sticky, sticky, StickyMember};
use crate::engine::{partition_for_group, OFFSETS_TOPIC_PARTITIONS};
use crate::engine::{range, round_robin, Member, TopicPartition};
use crate::ui::words::plural;
use std::collections::BTreeMap;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Consumers the preview allows.
const CONSUMERS_MAX: u32 = 24;

type Lists = Vec<(String, Vec<TopicPartition>)>;

fn members(n: u32, topic: &str) -> Vec<StickyMember> {
    (1..=n)
        .map(|i| StickyMember {
            member: Member {
                id: format!("consumer-{i}"),
                instance_id: None,
                topics: vec![topic.to_string()],
            },
            owned: Vec::new(),
            generation: None,
        })
        .collect()
}

/// The assignment for `n` consumers, then after consumer-1 leaves (the others reporting what
/// they own), for one strategy.
fn run(strategy: &str, topics: &BTreeMap<String, u32>, n: u32, topic: &str) -> (Lists, Lists) {
    let all = members(n, topic);
    let plain = |ms: &[StickyMember]| ms.iter().map(|m| m.member.clone()).collect::<Vec<_>>();
    let assign = |ms: &[StickyMember]| -> Lists {
        match strategy {
            "range" => range(topics, &plain(ms)),
            "roundrobin" => round_robin(topics, &plain(ms)),
            "sticky" => sticky(topics, ms).assignment,
            _ => cooperative_sticky(topics, ms).assignment,
        }
    };
    let first = assign(&all);
    let rest: Vec<StickyMember> = all
        .iter()
        .zip(&first)
        .skip(1)
        .map(|(m, (_, owned))| StickyMember {
            member: m.member.clone(),
            owned: owned.clone(),
            generation: Some(1),
        })
        .collect();
    let second = assign(&rest);
    (first, second)
}

fn moved(before: &Lists, after: &Lists) -> usize {
    let owner_before: BTreeMap<&TopicPartition, &String> = before
        .iter()
        .flat_map(|(m, ps)| ps.iter().map(move |p| (p, m)))
        .collect_map();
    after
        .iter()
        .flat_map(|(m, ps)| ps.iter().map(move |p| (p, m)))
        .filter(|(p, m)| owner_before.get(p) != Some(m))
        .count()
}

#[component]
pub fn AssignorPreview() -> Html {
    let app = use_figures();
    let consumers = use_state(|| 4u32);
    let group = use_state(|| "orders-service".to_string());
    let (topic, n_partitions) = {
        let s = app.session.borrow();
        let run = s.sim().topic_run(s.selected_topic());
        (run.name().to_string(), run.topic().n_partitions())
    };
    let n = (*consumers).clamp(1, CONSUMERS_MAX);
    // Assignments only change with the topic and the consumer count: compute them once per change.
    let results = use_memo(
        (topic.clone(), n_partitions, n),
        |(topic, partitions, n)| {
            let topics: BTreeMap<String, u32> =
                [(topic.clone(), *partitions)].into_iter().collect_map();
            ["range", "roundrobin", "sticky", "cooperative-sticky"]
                .into_iter()
                .map(|s| (s, run(s, &topics, *n, topic)))
                .collect::<Vec<_>>()
        },
    );
    let on_input = {
        let consumers = consumers.clone();
        Callback::from(move |e: InputEvent| {
            if let Ok(v) = e
                .target_unchecked_into::<HtmlInputElement>()
                .value()
                .trim()
                .parse::<u32>()
            {
                consumers.set(v.clamp(1, CONSUMERS_MAX));
            }
        })
    };
    let on_group = {
        let group = group.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            group.set(value.chars().take(249).collect());
        })
    };
    let offsets_partition = partition_for_group(&group, OFFSETS_TOPIC_PARTITIONS);
    let columns = results.iter().map(|(strategy, (first, second))| {
        let rows = first.iter().map(|(member, partitions)| {
            let idle = partitions.is_empty();
            let text = if idle {
                "idle".to_string()
            } else {
                partitions.iter().map(|p| format!("P{}", p.partition)).collect::<Vec<_>>().join(" ")
            };
            html! { <li class={classes!(idle.then_some("idle"))}><span class="who">{ member.clone() }</span>{ text }</li> }
        });
        let moves = moved(first, second);
        let note = if *strategy == "cooperative-sticky" {
            format!("consumer-1 leaves: {moves} partition(s) change owner in the first round")
        } else {
            format!("consumer-1 leaves: {moves} partition(s) change owner")
        };
        html! {
            <div class="strategy" data-strategy={*strategy}>
                <h3>{ *strategy }</h3>
                <ul>{ for rows }</ul>
                <p class="hint">{ note }</p>
            </div>
        }
    });
    html! {
        <details class="panel assign-preview" id="assign-preview">
            <summary>{ "Consumer group preview: Kafka's four assignors on this topic" }</summary>
            <div class="row">
                <label for="preview-consumers">{ "Consumers in the group" }</label>
                <input id="preview-consumers" type="number" min="1" max={CONSUMERS_MAX.to_string()} value={n.to_string()} oninput={on_input} />
            </div>
            <div class="row">
                <label for="preview-group">{ "group.id" }</label>
                <input id="preview-group" type="text" value={(*group).clone()} oninput={on_group} maxlength="249" />
                <span id="offsets-partition" class="hint">
                    { format!("commits offsets to __consumer_offsets partition {offsets_partition} (abs(hashCode) % 50, with Kafka's abs)") }
                </span>
            </div>
            <div class="strategies">{ for columns }</div>
            <p class="hint">{ format!("Computed by the same code as Kafka's Java assignors (bit-exact with Kafka's tests) for {} on {}; consumers beyond the partition count sit idle. This preview is the assignment alone, worked out at once; the groups on the stage run the protocol over time (joins, heartbeats, rebalances, commits).", plural(n, "consumer", "consumers"), plural(n_partitions, "partition", "partitions")) }</p>
        </details>
    }
}
