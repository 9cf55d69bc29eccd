//! The cluster at a glance: each broker and the partitions it leads and follows.

use super::use_app;
use yew::prelude::*;

fn list(partitions: &[usize]) -> String {
    if partitions.is_empty() {
        return "none".to_string();
    }
    if partitions.len() > 10 {
        return format!("{} partitions", partitions.len());
    }
    partitions.iter().map(|p| format!("P{p}")).collect::<Vec<_>>().join(" ")
}

#[component]
pub fn Brokers() -> Html {
    let app = use_app();
    let session = app.session.borrow();
    let sim = session.sim();
    let brokers = sim.config().brokers;
    let several = sim.topics().len() > 1;
    let cards = (1..=brokers).map(|b| {
        let lines = sim.topics().iter().map(|run| {
            let replicas = &run.topic().replicas;
            let leads: Vec<usize> = replicas.iter().enumerate().filter(|(_, r)| r.first() == Some(&b)).map(|(p, _)| p).collect();
            let follows: Vec<usize> =
                replicas.iter().enumerate().filter(|(_, r)| r.iter().skip(1).any(|&x| x == b)).map(|(p, _)| p).collect();
            html! {
                <>
                    if several { <span class="topic-name">{ run.name().to_string() }</span> }
                    <span class="leads">{ format!("leads {}", list(&leads)) }</span>
                    <span class="follows">{ format!("follows {}", list(&follows)) }</span>
                </>
            }
        });
        html! {
            <li class="broker" data-broker={b.to_string()}>
                <strong>{ format!("Broker {b}") }</strong>
                { for lines }
            </li>
        }
    });
    let factors = sim
        .topics()
        .iter()
        .map(|run| if several { format!("{} RF {}", run.name(), run.config().replication_factor) } else { format!("replication factor {}", run.config().replication_factor) })
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        <section class="panel brokers" aria-labelledby="brokers-title">
            <h2 id="brokers-title">{ format!("Cluster: {brokers} broker{}, {factors}, placement by {}",
                if brokers == 1 { "" } else { "s" },
                match sim.config().placement {
                    crate::engine::placement::Placement::Striped => "KRaft's StripedReplicaPlacer",
                    crate::engine::placement::Placement::AdminUtils => "AdminUtils (rack-unaware)",
                }) }</h2>
            <ul class="broker-list">{ for cards }</ul>
            <p class="hint">{ "Replication itself (followers fetching, ISR, acks, failures) is not simulated yet: every replica is shown in sync and the first one leads." }</p>
        </section>
    }
}
