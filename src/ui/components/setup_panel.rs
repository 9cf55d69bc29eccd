//! The scenario's starting configuration. Changing it starts a new run (the actions taken so
//! far belong to the old configuration), so the button says so.

use super::use_figures;
use crate::engine::limits;
use crate::engine::PartitionerKind;
use crate::scenario::{
    Decoded, KeysSpec, OrderKeySpec, PlacementSpec, ProducerSpec, Scenario, TopicSpec,
};
use crate::session::SessionAction;
use crate::ui::words::{partitioner_label, plural, producer_name};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Clone, PartialEq)]
struct Form {
    topic: String,
    partitions: String,
    brokers: String,
    replication: String,
    placement: String,
    keys_kind: String,
    keys_list: String,
    prefix: String,
    count: String,
    rate: String,
    latency: String,
    seed: String,
    exponent: String,
    hot_key: String,
    share_percent: String,
    weighted: String,
    key_by: String,
    orders: String,
    partitioner: String,
    adaptive: bool,
    ignore_keys: bool,
    batch_size: String,
    linger: String,
    value_bytes: String,
    /// Further topics and producers, kept whole; edited by adding and removing entries.
    more_topics: Vec<TopicSpec>,
    more_producers: Vec<ProducerSpec>,
    new_topic: String,
    new_topic_partitions: String,
    new_producer_topic: String,
    new_producer_rate: String,
    new_producer_keys: String,
}

/// Key sources offered for an added producer: a few that show different things side by side.
const ADDED_PRODUCER_KEYS: [(&str, &str); 4] = [
    ("none", "no key (null)"),
    ("entities", "100 user ids"),
    ("hot_key", "one hot key (50%)"),
    ("weighted", "country codes"),
];

fn added_producer_keys(preset: &str) -> KeysSpec {
    match preset {
        "entities" => KeysSpec::Entities {
            prefix: "user-".into(),
            count: 100,
        },
        "hot_key" => KeysSpec::HotKey {
            prefix: "user-".into(),
            count: 100,
            hot_key: "celebrity".into(),
            share: 0.5,
        },
        "weighted" => KeysSpec::Weighted {
            values: vec![
                ("US".into(), 70),
                ("DE".into(), 15),
                ("FR".into(), 10),
                ("NL".into(), 5),
            ],
        },
        _ => KeysSpec::None,
    }
}

impl Form {
    fn from_scenario(s: &Scenario) -> Form {
        let mut f = Form {
            topic: s.topic.name.clone(),
            partitions: s.topic.partitions.to_string(),
            brokers: s.cluster.brokers.to_string(),
            replication: s.topic.replication_factor.to_string(),
            placement: match s.cluster.placement {
                PlacementSpec::Striped => "striped",
                PlacementSpec::AdminUtils => "admin_utils",
            }
            .to_string(),
            keys_kind: String::new(),
            keys_list: String::new(),
            prefix: "user-".to_string(),
            count: "12".to_string(),
            rate: s.producer.rate_per_sec.to_string(),
            latency: s.producer.latency_ms.to_string(),
            seed: s.seed.to_string(),
            exponent: "1".to_string(),
            hot_key: "celebrity".to_string(),
            share_percent: "50".to_string(),
            weighted: "US=70, DE=15, FR=10, NL=5".to_string(),
            key_by: "order_id".to_string(),
            orders: "20".to_string(),
            partitioner: PartitionerKind::from(s.producer.partitioner)
                .name()
                .to_string(),
            adaptive: s.producer.adaptive,
            ignore_keys: s.producer.ignore_keys,
            batch_size: s.producer.batch_size.to_string(),
            linger: s.producer.linger_ms.to_string(),
            value_bytes: s.producer.value_bytes.to_string(),
            more_topics: s.more_topics.clone(),
            more_producers: s.more_producers.clone(),
            new_topic: String::new(),
            new_topic_partitions: "3".to_string(),
            new_producer_topic: String::new(),
            new_producer_rate: "10".to_string(),
            new_producer_keys: "none".to_string(),
        };
        f.keys_kind = match &s.producer.keys {
            KeysSpec::Fixed { values } => {
                f.keys_list = values.join("\n");
                "fixed"
            }
            KeysSpec::Entities { prefix, count } => {
                (f.prefix, f.count) = (prefix.clone(), count.to_string());
                "entities"
            }
            KeysSpec::Zipf {
                prefix,
                count,
                exponent,
            } => {
                (f.prefix, f.count, f.exponent) =
                    (prefix.clone(), count.to_string(), exponent.to_string());
                "zipf"
            }
            KeysSpec::HotKey {
                prefix,
                count,
                hot_key,
                share,
            } => {
                (f.prefix, f.count, f.hot_key) =
                    (prefix.clone(), count.to_string(), hot_key.clone());
                f.share_percent = format!("{}", (share * 100.0).round());
                "hot_key"
            }
            KeysSpec::Weighted { values } => {
                f.weighted = values
                    .iter()
                    .map(|(k, w)| format!("{k}={w}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                "weighted"
            }
            KeysSpec::TimestampSecond => "timestamp_second",
            KeysSpec::RandomUnique => "random_unique",
            KeysSpec::OrderLifecycle {
                key_by,
                concurrent_orders,
            } => {
                f.key_by = match key_by {
                    OrderKeySpec::OrderId => "order_id",
                    OrderKeySpec::EventType => "event_type",
                    OrderKeySpec::None => "none",
                }
                .to_string();
                f.orders = concurrent_orders.to_string();
                "order_lifecycle"
            }
            KeysSpec::None => "none",
        }
        .to_string();
        f
    }

    /// Builds the scenario, or says which field is wrong and why.
    fn to_scenario(&self, speed: f64) -> Result<Scenario, String> {
        fn number<T: TryFrom<i128>>(label: &str, text: &str) -> Result<T, String> {
            let text = text.trim();
            if text.is_empty() {
                return Err(format!("{label} is empty"));
            }
            let n: i128 = text
                .parse()
                .map_err(|_| format!("{label}: '{text}' is not a whole number"))?;
            if n < 0 {
                return Err(format!("{label}: {n} is negative"));
            }
            T::try_from(n).map_err(|_| format!("{label}: {n} is far too large"))
        }
        let mut s = Scenario::default();
        s.topic.name = self.topic.trim().to_string();
        s.topic.partitions = number("Partitions", &self.partitions)?;
        s.cluster.brokers = number("Brokers", &self.brokers)?;
        s.topic.replication_factor = number("Replication factor", &self.replication)?;
        s.cluster.placement = if self.placement == "admin_utils" {
            PlacementSpec::AdminUtils
        } else {
            PlacementSpec::Striped
        };
        s.producer.rate_per_sec = number("Rate", &self.rate)?;
        s.producer.latency_ms = number("Latency", &self.latency)?;
        s.seed = number("Seed", &self.seed)?;
        let kind = PartitionerKind::from_name(&self.partitioner)
            .ok_or_else(|| format!("Unknown partitioner '{}'", self.partitioner))?;
        s.producer.partitioner = kind.into();
        s.producer.adaptive = self.adaptive;
        s.producer.ignore_keys = self.ignore_keys;
        s.producer.batch_size = number("batch.size", &self.batch_size)?;
        s.producer.linger_ms = number("linger.ms", &self.linger)?;
        s.producer.value_bytes = number("Value size", &self.value_bytes)?;
        s.producer.keys =
            match self.keys_kind.as_str() {
                "fixed" => KeysSpec::Fixed {
                    values: self
                        .keys_list
                        .split(['\n', ','])
                        .map(str::trim)
                        .filter(|k| !k.is_empty())
                        .map(String::from)
                        .collect(),
                },
                "none" => KeysSpec::None,
                "zipf" => KeysSpec::Zipf {
                    prefix: self.prefix.clone(),
                    count: number("How many ids", &self.count)?,
                    exponent: self.exponent.trim().parse().map_err(|_| {
                        format!("Zipf exponent: '{}' is not a number", self.exponent)
                    })?,
                },
                "hot_key" => {
                    let percent: u32 = number("Hot key share", &self.share_percent)?;
                    if percent > 100 {
                        return Err(format!("Hot key share: {percent}% is above 100%"));
                    }
                    KeysSpec::HotKey {
                        prefix: self.prefix.clone(),
                        count: number("How many ids", &self.count)?,
                        hot_key: self.hot_key.clone(),
                        share: f64::from(percent) / 100.0,
                    }
                }
                "weighted" => {
                    let mut values = Vec::new();
                    for part in self
                        .weighted
                        .split([',', '\n'])
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                    {
                        let (key, weight) = part.rsplit_once('=').ok_or_else(|| {
                            format!("Weighted keys: '{part}' should look like KEY=WEIGHT")
                        })?;
                        values.push((
                            key.trim().to_string(),
                            number(&format!("Weight of {}", key.trim()), weight)?,
                        ));
                    }
                    KeysSpec::Weighted { values }
                }
                "timestamp_second" => KeysSpec::TimestampSecond,
                "random_unique" => KeysSpec::RandomUnique,
                "order_lifecycle" => KeysSpec::OrderLifecycle {
                    key_by: match self.key_by.as_str() {
                        "event_type" => OrderKeySpec::EventType,
                        "none" => OrderKeySpec::None,
                        _ => OrderKeySpec::OrderId,
                    },
                    concurrent_orders: number("Orders at a time", &self.orders)?,
                },
                _ => KeysSpec::Entities {
                    prefix: self.prefix.clone(),
                    count: number("How many ids", &self.count)?,
                },
            };
        s.more_topics = self.more_topics.clone();
        s.more_producers = self.more_producers.clone();
        s.view.speed = speed;
        crate::session::open::validate(&s).map_err(|e| e.to_string())?;
        Ok(s)
    }
}

/// An added producer's keys, in a few words.
fn keys_words(keys: &KeysSpec) -> &'static str {
    match keys {
        KeysSpec::None => "null keys",
        KeysSpec::Entities { .. } => "user ids",
        KeysSpec::HotKey { .. } => "one hot key",
        KeysSpec::Weighted { .. } => "country codes",
        _ => "keys as set in its link",
    }
}

#[component]
pub fn SetupPanel() -> Html {
    let app = use_figures();
    let (scenario, speed) = {
        let s = app.session.borrow();
        (s.scenario(), s.speed())
    };
    // The form lives in a mutable ref, updated on every keystroke, so that a submit right after
    // typing (before any re-render) reads what was typed, not the previous render's values.
    let form = use_mut_ref(|| Form::from_scenario(&scenario));
    let rerender = use_force_update();
    let error = use_state(|| None::<String>);

    // Each field edits one member of the form.
    let field = |set: fn(&mut Form, String)| {
        let form = form.clone();
        let rerender = rerender.clone();
        Callback::from(move |e: Event| {
            let value = match e.target_dyn_into::<HtmlInputElement>() {
                Some(input) => input.value(),
                None => match e.target_dyn_into::<HtmlSelectElement>() {
                    Some(select) => select.value(),
                    None => e
                        .target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                        .value(),
                },
            };
            let before = (
                form.borrow().keys_kind.clone(),
                form.borrow().partitioner.clone(),
            );
            set(&mut form.borrow_mut(), value);
            // Only the key source and the partitioner change which fields are shown.
            if (
                form.borrow().keys_kind.clone(),
                form.borrow().partitioner.clone(),
            ) != before
            {
                rerender.force_update();
            }
        })
    };
    let toggled = |set: fn(&mut Form, bool)| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            set(
                &mut form.borrow_mut(),
                e.target_unchecked_into::<HtmlInputElement>().checked(),
            )
        })
    };
    let typed =
        |set: fn(&mut Form, String)| field(set).reform(|e: InputEvent| -> Event { e.into() });
    let on_apply = {
        let form = form.clone();
        let error = error.clone();
        let d = app.dispatcher();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let result = form.borrow().to_scenario(speed);
            match result {
                Ok(scenario) => {
                    error.set(None);
                    d.dispatch(SessionAction::Load(Box::new(Decoded {
                        scenario,
                        warnings: Vec::new(),
                    })));
                }
                Err(message) => error.set(Some(format!(
                    "{}. Nothing was changed; the current run goes on.",
                    message.trim_end_matches('.')
                ))),
            }
        })
    };
    // Adding and removing topics and producers edits the form; Apply starts the run with them.
    let edit = |change: fn(&mut Form) -> Result<(), String>| {
        let form = form.clone();
        let rerender = rerender.clone();
        let error = error.clone();
        Callback::from(move |_: MouseEvent| {
            let result = change(&mut form.borrow_mut());
            error.set(result.err());
            rerender.force_update();
        })
    };
    let remove_topic = |i: usize| {
        let form = form.clone();
        let rerender = rerender.clone();
        Callback::from(move |_: MouseEvent| {
            let mut f = form.borrow_mut();
            if i < f.more_topics.len() {
                let name = f.more_topics.remove(i).name;
                // Its producers go with it: a producer needs a topic to write to.
                f.more_producers
                    .retain(|p| p.topic.as_deref() != Some(name.as_str()));
            }
            drop(f);
            rerender.force_update();
        })
    };
    let remove_producer = |i: usize| {
        let form = form.clone();
        let rerender = rerender.clone();
        Callback::from(move |_: MouseEvent| {
            let mut f = form.borrow_mut();
            if i < f.more_producers.len() {
                f.more_producers.remove(i);
            }
            drop(f);
            rerender.force_update();
        })
    };
    let on_add_topic = edit(|f| {
        let name = f.new_topic.trim().to_string();
        if f.more_topics.len() + 1 >= limits::TOPICS_MAX {
            return Err(format!(
                "A scenario has at most {} topics.",
                limits::TOPICS_MAX
            ));
        }
        let partitions: u32 =
            f.new_topic_partitions.trim().parse().map_err(|_| {
                "New topic: the partition count must be a whole number.".to_string()
            })?;
        let replication_factor = f.replication.trim().parse().unwrap_or(1);
        let topic = TopicSpec {
            name,
            partitions,
            replication_factor,
            ..TopicSpec::default()
        };
        // The same rules as a whole scenario, so a bad topic is refused here with its reason.
        let mut probe = Scenario::default();
        probe.topic.name = f.topic.trim().to_string();
        probe.cluster.brokers = f.brokers.trim().parse().unwrap_or(1);
        probe.topic.replication_factor = replication_factor.min(probe.cluster.brokers);
        probe.more_topics = f.more_topics.clone();
        probe.more_topics.push(topic.clone());
        probe.validate().map_err(|e| format!("New topic: {e}"))?;
        f.more_topics.push(topic);
        f.new_topic.clear();
        Ok(())
    });
    let on_add_producer = edit(|f| {
        if f.more_producers.len() + 1 >= limits::PRODUCERS_MAX {
            return Err(format!(
                "A scenario has at most {} producers.",
                limits::PRODUCERS_MAX
            ));
        }
        let rate: u32 = f
            .new_producer_rate
            .trim()
            .parse()
            .map_err(|_| "New producer: the rate must be a whole number.".to_string())?;
        if rate > limits::RATE_PER_SEC_MAX {
            return Err(format!(
                "New producer: the rate is at most {} records/s.",
                limits::RATE_PER_SEC_MAX
            ));
        }
        let topic = f
            .more_topics
            .iter()
            .find(|t| t.name == f.new_producer_topic)
            .map(|t| t.name.clone());
        f.more_producers.push(ProducerSpec {
            topic,
            rate_per_sec: rate,
            keys: added_producer_keys(&f.new_producer_keys),
            ..ProducerSpec::default()
        });
        Ok(())
    });
    let form = form.borrow().clone();
    let kind = form.keys_kind.clone();
    let main_topic = form.topic.trim().to_string();
    html! {
        <section class="panel setup" aria-labelledby="setup-title">
            <h2 id="setup-title">{ "Scenario setup" }</h2>
            <form onsubmit={on_apply} class="grid-form" novalidate=true>
                <label for="setup-topic">{ "Topic" }</label>
                <input id="setup-topic" type="text" value={form.topic.clone()} oninput={typed(|f, v| f.topic = v)} maxlength="249" />
                <label for="setup-partitions">{ "Partitions" }</label>
                <input id="setup-partitions" type="number" min="1" max={limits::PARTITIONS_MAX.to_string()}
                    value={form.partitions.clone()} oninput={typed(|f, v| f.partitions = v)} />
                <label for="setup-brokers">{ "Brokers" }</label>
                <input id="setup-brokers" type="number" min="1" max={limits::BROKERS_MAX.to_string()}
                    value={form.brokers.clone()} oninput={typed(|f, v| f.brokers = v)} />
                <label for="setup-rf">{ "Replication factor" }</label>
                <input id="setup-rf" type="number" min="1" max={limits::BROKERS_MAX.to_string()}
                    value={form.replication.clone()} oninput={typed(|f, v| f.replication = v)} />
                <label for="setup-placement">{ "Placement" }</label>
                <select id="setup-placement" onchange={field(|f, v| f.placement = v)}>
                    <option value="striped" selected={form.placement == "striped"}>{ "striped (KRaft)" }</option>
                    <option value="admin_utils" selected={form.placement == "admin_utils"}>{ "AdminUtils (ZooKeeper era)" }</option>
                </select>
                <label for="setup-keys">{ "Keys" }</label>
                <select id="setup-keys" onchange={field(|f, v| f.keys_kind = v)}>
                    { for [
                        ("entities", "entity ids (uniform)"),
                        ("zipf", "skewed ids (Zipf)"),
                        ("hot_key", "one hot key"),
                        ("weighted", "weighted values (countries)"),
                        ("fixed", "fixed list"),
                        ("timestamp_second", "timestamp (second)"),
                        ("random_unique", "random unique"),
                        ("order_lifecycle", "order lifecycle"),
                        ("none", "no key (null)"),
                    ].into_iter().map(|(value, label)| html! {
                        <option value={value} selected={kind == value}>{ label }</option>
                    }) }
                </select>
                if kind == "fixed" {
                    <label for="setup-list">{ "Key list" }</label>
                    <textarea id="setup-list" rows="3" value={form.keys_list.clone()} oninput={typed(|f, v| f.keys_list = v)}
                        aria-describedby="setup-list-hint" />
                    <span id="setup-list-hint" class="hint span2">{ "One key per line or comma-separated." }</span>
                }
                if matches!(kind.as_str(), "entities" | "zipf" | "hot_key") {
                    <label for="setup-prefix">{ "Id prefix" }</label>
                    <input id="setup-prefix" type="text" value={form.prefix.clone()} oninput={typed(|f, v| f.prefix = v)} />
                    <label for="setup-count">{ "How many ids" }</label>
                    <input id="setup-count" type="number" min="1" max={limits::ENTITY_COUNT_MAX.to_string()}
                        value={form.count.clone()} oninput={typed(|f, v| f.count = v)} />
                }
                if kind == "zipf" {
                    <label for="setup-exponent">{ "Zipf exponent" }</label>
                    <select id="setup-exponent" onchange={field(|f, v| f.exponent = v)}>
                        { for ["0.5", "1", "1.5", "2", "2.5", "3"].into_iter().map(|e| html! {
                            <option value={e} selected={form.exponent == e}>{ e }</option>
                        }) }
                    </select>
                }
                if kind == "hot_key" {
                    <label for="setup-hot">{ "Hot key" }</label>
                    <input id="setup-hot" type="text" value={form.hot_key.clone()} oninput={typed(|f, v| f.hot_key = v)} />
                    <label for="setup-share">{ "Its share (%)" }</label>
                    <input id="setup-share" type="number" min="0" max="100" value={form.share_percent.clone()} oninput={typed(|f, v| f.share_percent = v)} />
                }
                if kind == "weighted" {
                    <label for="setup-weighted">{ "Values" }</label>
                    <textarea id="setup-weighted" rows="2" value={form.weighted.clone()} oninput={typed(|f, v| f.weighted = v)}
                        aria-describedby="setup-weighted-hint" />
                    <span id="setup-weighted-hint" class="hint span2">{ "KEY=WEIGHT, comma-separated, e.g. US=70, DE=15." }</span>
                }
                if kind == "order_lifecycle" {
                    <label for="setup-keyby">{ "Key events by" }</label>
                    <select id="setup-keyby" onchange={field(|f, v| f.key_by = v)}>
                        <option value="order_id" selected={form.key_by == "order_id"}>{ "order id" }</option>
                        <option value="event_type" selected={form.key_by == "event_type"}>{ "event type" }</option>
                        <option value="none" selected={form.key_by == "none"}>{ "nothing (null)" }</option>
                    </select>
                    <label for="setup-orders">{ "Orders at a time" }</label>
                    <input id="setup-orders" type="number" min="1" max={limits::CONCURRENT_ORDERS_MAX.to_string()}
                        value={form.orders.clone()} oninput={typed(|f, v| f.orders = v)} />
                }
                <label for="setup-rate">{ "Rate (records/s)" }</label>
                <input id="setup-rate" type="number" min="0" max={limits::RATE_PER_SEC_MAX.to_string()}
                    value={form.rate.clone()} oninput={typed(|f, v| f.rate = v)} />
                <label for="setup-latency">{ "Latency to leader (ms)" }</label>
                <input id="setup-latency" type="number" min="0" max={limits::LATENCY_MS_MAX.to_string()}
                    value={form.latency.clone()} oninput={typed(|f, v| f.latency = v)} />
                <label for="setup-partitioner">{ "Partitioner" }</label>
                <select id="setup-partitioner" onchange={field(|f, v| f.partitioner = v)}
                    title="Decides records without a key (and, for RoundRobinPartitioner, all records)">
                    { for PartitionerKind::ALL.iter().map(|k| html! {
                        <option value={k.name()} selected={form.partitioner == k.name()}>{ partitioner_label(*k, false) }</option>
                    }) }
                </select>
                if form.partitioner == PartitionerKind::BuiltIn.name() {
                    <label class="check span2">
                        <input id="setup-adaptive" type="checkbox" checked={form.adaptive} onchange={toggled(|f, v| f.adaptive = v)} />
                        { " adaptive: weigh partitions by queued batches" }
                    </label>
                    <label class="check span2">
                        <input id="setup-ignore-keys" type="checkbox" checked={form.ignore_keys} onchange={toggled(|f, v| f.ignore_keys = v)} />
                        { " partitioner.ignore.keys" }
                    </label>
                }
                <label for="setup-batch">{ "batch.size (bytes)" }</label>
                <input id="setup-batch" type="number" min="1" max={limits::BATCH_SIZE_MAX.to_string()}
                    value={form.batch_size.clone()} oninput={typed(|f, v| f.batch_size = v)} />
                <label for="setup-linger">{ "linger.ms" }</label>
                <input id="setup-linger" type="number" min="0" max={limits::LINGER_MS_MAX.to_string()}
                    value={form.linger.clone()} oninput={typed(|f, v| f.linger = v)} />
                <label for="setup-value">{ "Value size (bytes)" }</label>
                <input id="setup-value" type="number" min="0" max={limits::VALUE_BYTES_MAX.to_string()}
                    value={form.value_bytes.clone()} oninput={typed(|f, v| f.value_bytes = v)} />
                <label for="setup-seed">{ "Seed" }</label>
                <input id="setup-seed" type="number" min="0" value={form.seed.clone()} oninput={typed(|f, v| f.seed = v)} />
                <fieldset class="span2 more" id="setup-more">
                    <legend>{ "More topics and producers" }</legend>
                    <ul class="entries">
                        { for form.more_topics.iter().enumerate().map(|(i, t)| html! {
                            <li data-topic={t.name.clone()}>
                                { format!("Topic “{}”: {}, RF {}", t.name, plural(t.partitions, "partition", "partitions"), t.replication_factor) }
                                <button type="button" class="secondary small" onclick={remove_topic(i)}
                                    aria-label={format!("Remove topic {}", t.name)}>{ "Remove" }</button>
                            </li>
                        }) }
                        { for form.more_producers.iter().enumerate().map(|(i, p)| html! {
                            <li data-producer={(i + 1).to_string()}>
                                { format!("{} → “{}”: {} records/s, {}", producer_name(i as u32 + 1),
                                    p.topic.clone().unwrap_or_else(|| main_topic.clone()), p.rate_per_sec, keys_words(&p.keys)) }
                                <button type="button" class="secondary small" onclick={remove_producer(i)}
                                    aria-label={format!("Remove {}", producer_name(i as u32 + 1))}>{ "Remove" }</button>
                            </li>
                        }) }
                    </ul>
                    <div class="row">
                        <label for="new-topic">{ "New topic" }</label>
                        <input id="new-topic" type="text" placeholder="clicks" maxlength="249" value={form.new_topic.clone()} oninput={typed(|f, v| f.new_topic = v)} />
                        <label for="new-topic-partitions" class="sr-only">{ "Partitions of the new topic" }</label>
                        <input id="new-topic-partitions" type="number" min="1" max={limits::PARTITIONS_MAX.to_string()} class="narrow"
                            value={form.new_topic_partitions.clone()} oninput={typed(|f, v| f.new_topic_partitions = v)} title="Partitions" />
                        <button id="add-topic" type="button" class="secondary" onclick={on_add_topic}>{ "Add topic" }</button>
                    </div>
                    <div class="row">
                        <label for="new-producer-topic">{ "New producer to" }</label>
                        <select id="new-producer-topic" onchange={field(|f, v| f.new_producer_topic = v)}>
                            <option value="" selected={form.new_producer_topic.is_empty()}>{ main_topic.clone() }</option>
                            { for form.more_topics.iter().map(|t| html! {
                                <option value={t.name.clone()} selected={form.new_producer_topic == t.name}>{ t.name.clone() }</option>
                            }) }
                        </select>
                        <label for="new-producer-keys" class="sr-only">{ "Keys of the new producer" }</label>
                        <select id="new-producer-keys" onchange={field(|f, v| f.new_producer_keys = v)}>
                            { for ADDED_PRODUCER_KEYS.iter().map(|(value, label)| html! {
                                <option value={*value} selected={form.new_producer_keys == *value}>{ *label }</option>
                            }) }
                        </select>
                        <label for="new-producer-rate" class="sr-only">{ "Rate of the new producer (records/s)" }</label>
                        <input id="new-producer-rate" type="number" min="0" max={limits::RATE_PER_SEC_MAX.to_string()} class="narrow"
                            value={form.new_producer_rate.clone()} oninput={typed(|f, v| f.new_producer_rate = v)} title="Records/s" />
                        <button id="add-producer" type="button" class="secondary" onclick={on_add_producer}>{ "Add producer" }</button>
                    </div>
                    <p class="hint">{ "New topics take the replication factor above; new producers use the default batching. The stage shows one topic at a time." }</p>
                </fieldset>
                <button id="apply-setup" type="submit" class="span2">{ "Apply and start a new run" }</button>
            </form>
            if let Some(e) = (*error).clone() {
                <p id="setup-error" class="field-error" role="alert">{ e }</p>
            }
        </section>
    }
}
