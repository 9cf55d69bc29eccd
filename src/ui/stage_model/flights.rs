//! Records in flight, placed by sim time: a batch travels from the producer box to the log slot
//! it will be appended at (`sent → arrives`), so pausing freezes it and stepping moves it
//! exactly; a refused batch bounces back from the row for `BOUNCE_MS`. A batch's texts are
//! written when it first appears and kept while it flies.

use super::labels::PartitionNames;
use super::{Layout, PILL_W, PRODUCER_RIGHT, ROUTE_END_X};
use crate::engine::{Event, Sim};
use crate::ui::palette::Swatch;
use crate::ui::words::{plural, producer_name, shorten};
use std::rc::Rc;

/// Batches drawn in flight at most; past that a sample is drawn and the page says so.
pub const PILLS_MAX: usize = 80;
/// How long a refused send takes to bounce back, in sim time.
pub const BOUNCE_MS: u64 = 800;

/// A flying batch's texts, written once.
#[derive(Debug, PartialEq, Eq)]
pub struct FlightText {
    /// What they were written from besides the producer and batch id, so a batch of the same
    /// id in another timeline (after a fork or a new scenario) gets its own texts.
    facts: (u32, usize, u32, Option<Rc<str>>),
    /// `0.12`: producer and batch, unique among batches in flight.
    pub key: Rc<str>,
    pub title: Rc<str>,
    /// The one key (shortened), or `×5` for several records.
    pub label: Rc<str>,
    /// The record count, for `data-records`.
    pub records: Rc<str>,
}

/// A batch on its way to its partition's leader.
#[derive(Clone, Debug, PartialEq)]
pub struct Flight {
    pub producer: u32,
    pub batch_id: u64,
    pub partition: u32,
    /// `3`, for `data-partition`.
    pub number: Rc<str>,
    /// The pill's left edge and top.
    pub x: f64,
    pub y: f64,
    pub row_h: f64,
    /// How far along: 0 at the producer, 1 at the log.
    pub progress: f64,
    /// The one key's colour, or mixed.
    pub swatch: Swatch,
    pub text: Rc<FlightText>,
    pub shows_text: bool,
}

/// A send the cluster refused (NotEnoughReplicas, no leader, …), bouncing back red.
#[derive(Clone, Debug, PartialEq)]
pub struct Bounce {
    /// What its texts were written from: partition, records, error.
    facts: (u32, u32, crate::engine::ProduceError),
    /// `x0.12.3400`, unique among bounces.
    pub key: Rc<str>,
    pub title: Rc<str>,
    pub producer: u32,
    pub batch_id: u64,
    pub at_ms: u64,
    /// The pill's right edge, moving back toward the producer.
    pub x: f64,
    pub y: f64,
    pub row_h: f64,
    pub shows_text: bool,
}

/// The batches in flight to the topic from the producers on stage.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct InFlight {
    /// The batches drawn: all of them, or every `sample_every`th past `PILLS_MAX`, or none with
    /// reduced motion.
    pub flights: Vec<Flight>,
    /// Batches in flight, drawn or not.
    pub batches: usize,
    /// Records in flight, drawn or not.
    pub records: usize,
    pub sample_every: usize,
    /// Records in flight per partition.
    pub per_partition: Vec<usize>,
}

pub fn in_flight(
    sim: &Sim,
    topic: u32,
    producers: &[u32],
    layout: &Layout,
    names: &PartitionNames,
    reduced_motion: bool,
    previous: &[Flight],
) -> InFlight {
    let now = sim.now_ms();
    let logs = &sim.topic_run(topic).topic().partitions;
    // In arrival order; each batch starts at the log slot after the records ahead of it.
    let batches: Vec<_> = sim
        .batches_in_flight()
        .filter(|(_, p, _)| producers.contains(p))
        .collect();
    let sample_every = batches.len().div_ceil(PILLS_MAX).max(1);
    let mut per_partition = vec![0_usize; layout.n_partitions as usize];
    let mut flights = Vec::new();
    let mut records = 0;
    for (i, &(arrives_at, producer, batch)) in batches.iter().enumerate() {
        let p = batch.partition;
        let count = batch.records.len();
        records += count;
        if per_partition.len() <= p as usize {
            per_partition.resize(p as usize + 1, 0);
        }
        let queued = &mut per_partition[p as usize];
        let log_len = logs.get(p as usize).map_or(0, |l| l.records.len()) + *queued;
        *queued += count;
        if reduced_motion || i % sample_every != 0 || !layout.shows(p) {
            continue;
        }
        let latency = u64::from(sim.producer(producer).config().latency_ms);
        let slot = log_len.min(layout.visible_cells.saturating_sub(1));
        let target_x = super::cell_x(slot);
        let sent_at = arrives_at.saturating_sub(latency);
        let progress = if latency == 0 {
            1.0
        } else {
            (now.saturating_sub(sent_at) as f64 / latency as f64).clamp(0.0, 1.0)
        };
        let first_key = batch.records[0].key.as_deref();
        let one_key = batch.records.iter().all(|r| r.key.as_deref() == first_key);
        let bytes = batch.estimated_bytes();
        let facts = (p, count, bytes, batch.records[0].key.clone());
        let text = previous
            .iter()
            .find(|f| f.producer == producer && f.batch_id == batch.id && f.text.facts == facts)
            .map(|f| f.text.clone())
            .unwrap_or_else(|| {
                Rc::new(FlightText {
                    facts,
                    key: format!("{producer}.{}", batch.id).into(),
                    title: format!(
                        "batch b{} of {} for partition {p}: {}, {} bytes, in flight",
                        batch.id,
                        producer_name(producer),
                        plural(count, "record", "records"),
                        bytes
                    )
                    .into(),
                    label: if count == 1 {
                        shorten(first_key.unwrap_or("null"), 6)
                    } else {
                        format!("×{count}")
                    }
                    .into(),
                    records: count.to_string().into(),
                })
            });
        flights.push(Flight {
            producer,
            batch_id: batch.id,
            partition: p,
            number: names.number(p),
            x: PRODUCER_RIGHT + (target_x - PRODUCER_RIGHT) * progress,
            y: layout.row_y(p) + 7.0,
            row_h: layout.row_h,
            progress,
            swatch: if one_key {
                Swatch::of_key(first_key)
            } else {
                Swatch::MixedKeys
            },
            text,
            shows_text: layout.shows_pill_text(),
        });
    }
    InFlight {
        flights,
        batches: batches.len(),
        records,
        sample_every,
        per_partition,
    }
}

/// The refused sends of the last `BOUNCE_MS` to the topic's partitions on stage.
pub fn bounces(
    sim: &Sim,
    topic: u32,
    producers: &[u32],
    layout: &Layout,
    previous: &[Bounce],
) -> Vec<Bounce> {
    let now = sim.now_ms();
    sim.event_log()
        .recent
        .iter()
        .filter_map(|e| match e {
            Event::ProduceFailed {
                at_ms,
                producer,
                topic: t,
                partition,
                batch_id,
                error,
                records,
                ..
            } if *t == topic
                && layout.shows(*partition)
                && at_ms + BOUNCE_MS >= now
                && producers.contains(producer) =>
            {
                Some((*at_ms, *producer, *partition, *batch_id, error, *records))
            }
            _ => None,
        })
        .take(PILLS_MAX)
        .map(|(at_ms, producer, p, batch_id, error, records)| {
            let age = now.saturating_sub(at_ms) as f64 / BOUNCE_MS as f64;
            let facts = (p, records, *error);
            let kept = previous.iter().find(|b| {
                b.producer == producer
                    && b.batch_id == batch_id
                    && b.at_ms == at_ms
                    && b.facts == facts
            });
            let (key, title) = match kept {
                Some(b) => (b.key.clone(), b.title.clone()),
                None => (
                    format!("x{producer}.{batch_id}.{at_ms}").into(),
                    format!(
                        "{}: batch b{batch_id} ({}) refused by partition {p}: {error}",
                        producer_name(producer),
                        plural(records, "record", "records")
                    )
                    .into(),
                ),
            };
            Bounce {
                facts,
                key,
                title,
                producer,
                batch_id,
                at_ms,
                x: ROUTE_END_X - (ROUTE_END_X - PRODUCER_RIGHT) * age.min(1.0),
                y: layout.row_y(p) + 7.0,
                row_h: layout.row_h,
                shows_text: layout.shows_pill_text(),
            }
        })
        .collect()
}

impl Bounce {
    /// The pill's left edge.
    pub fn left_x(&self) -> f64 {
        self.x - PILL_W
    }

    /// Where its ✕ is centred.
    pub fn text_x(&self) -> f64 {
        self.x - PILL_W / 2.0
    }

    pub fn height(&self) -> f64 {
        (self.row_h - 14.0).max(4.0)
    }

    pub fn text_y(&self) -> f64 {
        self.y + (self.row_h - 14.0) / 2.0 + 4.0
    }
}

impl Flight {
    pub fn height(&self) -> f64 {
        self.row_h - 14.0
    }

    /// Where its text is centred.
    pub fn text_x(&self) -> f64 {
        self.x + PILL_W / 2.0
    }

    pub fn text_y(&self) -> f64 {
        self.y + (self.row_h - 14.0) / 2.0 + 4.0
    }
}
