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
    let topic = sim.topic();
    let brokers = sim.config().brokers;
    let cards = (1..=brokers).map(|b| {
        let leads: Vec<usize> = topic.replicas.iter().enumerate().filter(|(_, r)| r.first() == Some(&b)).map(|(p, _)| p).collect();
        let follows: Vec<usize> =
            topic.replicas.iter().enumerate().filter(|(_, r)| r.iter().skip(1).any(|&x| x == b)).map(|(p, _)| p).collect();
        html! {
            <li class="broker" data-broker={b.to_string()}>
                <strong>{ format!("Broker {b}") }</strong>
                <span class="leads">{ format!("leads {}", list(&leads)) }</span>
                <span class="follows">{ format!("follows {}", list(&follows)) }</span>
            </li>
        }
    });
    html! {
        <section class="panel brokers" aria-labelledby="brokers-title">
            <h2 id="brokers-title">{ format!("Cluster: {brokers} broker{}, replication factor {}, placement by {}",
                if brokers == 1 { "" } else { "s" }, sim.config().topic.replication_factor,
                match sim.config().placement {
                    crate::engine::placement::Placement::Striped => "KRaft's StripedReplicaPlacer",
                    crate::engine::placement::Placement::AdminUtils => "AdminUtils (rack-unaware)",
                }) }</h2>
            <ul class="broker-list">{ for cards }</ul>
            <p class="hint">{ "Replication itself (followers fetching, ISR, acks, failures) is not simulated yet: every replica is shown in sync and the first one leads." }</p>
        </section>
    }
}
