//! The producer side of the stage: the producer box (who writes to the topic, at what rate,
//! with which keys and partitioner), one bucket per partition for the record accumulator's
//! batches, and the partition each producer sends its next record without a key to.

use super::labels::{Memo, PartitionNames};
use super::Layout;
use crate::engine::{KeySource, PartitionerKind, Sim};
use crate::ui::words::{
    describe_keys, partitioner_label, partitioner_short, plural, producer_name, shorten,
};
use std::rc::Rc;

/// What a producer's texts are written from.
#[derive(Clone, Debug, PartialEq)]
pub struct ProducerFacts {
    pub index: u32,
    pub rate_per_sec: u32,
    pub key_source: KeySource,
    pub partitioner: PartitionerKind,
    pub adaptive: bool,
    /// Whether several producers write to the topic (the next-partition mark then names it).
    pub several: bool,
}

/// A producer's texts, written once per change of its facts.
#[derive(Clone, Debug, PartialEq)]
pub struct ProducerTexts {
    /// `producer-1`.
    pub name: Rc<str>,
    /// `20 rec/s · 10000 ids user-…`.
    pub keys_line: Rc<str>,
    /// `sticky 3.3+`.
    pub partitioner_line: &'static str,
    /// `producer-1 sends 20 records/s (10000 ids user-…) with the … partitioner`.
    pub sentence: Rc<str>,
    /// The next-partition mark beside a bucket: `sticky ▸`, or `producer-2 next ▸`.
    pub next_mark: Rc<str>,
}

/// One producer's lines in the producer box.
#[derive(Clone, Debug, PartialEq)]
pub struct ProducerEntry {
    pub index: u32,
    /// The first line's baseline.
    pub y: f64,
    pub texts: Memo<ProducerFacts, Rc<ProducerTexts>>,
    /// Where its next record without a key goes, if its partitioner has decided.
    pub next_keyless: Option<u32>,
}

impl ProducerEntry {
    pub fn texts(&self) -> &ProducerTexts {
        self.texts.value()
    }
}

/// The producers writing to the topic, in index order.
pub fn producer_entries(
    sim: &Sim,
    producers: &[u32],
    layout: &Layout,
    previous: &[ProducerEntry],
) -> Vec<ProducerEntry> {
    let several = producers.len() > 1;
    producers
        .iter()
        .enumerate()
        .map(|(slot, &index)| {
            let producer = sim.producer(index);
            let config = producer.config();
            let rate_per_sec = producer.rate_per_sec();
            let same = |f: &ProducerFacts| {
                f.index == index
                    && f.rate_per_sec == rate_per_sec
                    && f.key_source == config.key_source
                    && f.partitioner == config.partitioner
                    && f.adaptive == config.adaptive
                    && f.several == several
            };
            let texts = Memo::reuse_if_or_make(previous.get(slot).map(|p| &p.texts), same, || {
                let facts = ProducerFacts {
                    index,
                    rate_per_sec,
                    key_source: config.key_source.clone(),
                    partitioner: config.partitioner,
                    adaptive: config.adaptive,
                    several,
                };
                let texts = Rc::new(write_texts(&facts));
                (facts, texts)
            });
            ProducerEntry {
                index,
                y: layout.producer_line_y(slot),
                texts,
                next_keyless: next_keyless_partition(sim, index, layout.n_partitions),
            }
        })
        .collect()
}

fn write_texts(f: &ProducerFacts) -> ProducerTexts {
    let name = producer_name(f.index);
    let keys = describe_keys(&f.key_source, false);
    let mark = match f.partitioner {
        PartitionerKind::BuiltIn | PartitionerKind::StickyLegacy => "sticky",
        PartitionerKind::RoundRobinLegacy
        | PartitionerKind::RoundRobin
        | PartitionerKind::RoundRobinKafka9965 => "next",
    };
    ProducerTexts {
        keys_line: format!("{} rec/s · {}", f.rate_per_sec, shorten(&keys, 18)).into(),
        partitioner_line: partitioner_short(f.partitioner, f.adaptive),
        sentence: format!(
            "{name} sends {} records/s ({keys}) with the {} partitioner",
            f.rate_per_sec,
            partitioner_label(f.partitioner, f.adaptive)
        )
        .into(),
        next_mark: if f.several {
            format!("{name} {mark} ▸")
        } else {
            format!("{mark} ▸")
        }
        .into(),
        name: name.into(),
    }
}

/// Which partition producer `index` sends its next record without a key to, if its
/// partitioner has decided: the producer client answers, so the stage never reads partitioner
/// state.
pub fn next_keyless_partition(sim: &Sim, index: u32, n_partitions: u32) -> Option<u32> {
    sim.producer(index)
        .client()
        .next_keyless_partition(n_partitions)
        .map(|next| next.partition)
}

/// One partition's batches in the producers' accumulators.
#[derive(Clone, Debug, PartialEq)]
pub struct Bucket {
    pub partition: u32,
    /// `3` for data attributes.
    pub number: Rc<str>,
    /// `P3`.
    pub name: Rc<str>,
    pub y: f64,
    pub row_h: f64,
    pub records: usize,
    pub batches: usize,
    /// How full the fullest open batch is, of `batch.size` (0 to 1).
    pub fill: f64,
    /// The producers whose next keyless record goes here, as the mark says them.
    pub next_mark: Option<Rc<str>>,
    /// The inspected key's partition.
    pub routed: bool,
    pub shows_text: bool,
}

impl Bucket {
    /// The vertical middle of the bucket.
    pub fn cy(&self) -> f64 {
        self.y + self.row_h / 2.0
    }

    /// The bucket's tooltip.
    pub fn title(&self) -> String {
        format!(
            "producer batches for partition {}: {}, {} waiting; the open batch is {:.0}% of batch.size",
            self.partition,
            plural(self.batches, "batch", "batches"),
            plural(self.records, "record", "records"),
            self.fill * 100.0
        )
    }

    /// What the bucket says: `P3`, `P3 · 5` (records in one batch), `P3 · 9/2b`.
    pub fn label(&self) -> BucketLabel<'_> {
        BucketLabel(self)
    }
}

/// A bucket's text, written when drawn.
pub struct BucketLabel<'a>(&'a Bucket);

impl BucketLabel<'_> {
    /// The partition's name alone, when nothing waits (no text to write).
    pub fn as_name(&self) -> Option<&Rc<str>> {
        (self.0.records == 0).then_some(&self.0.name)
    }
}

impl std::fmt::Display for BucketLabel<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let b = self.0;
        match (b.records, b.batches) {
            (0, _) => write!(f, "{}", b.name),
            (r, 1) => write!(f, "{} · {r}", b.name),
            (r, n) => write!(f, "{} · {r}/{n}b", b.name),
        }
    }
}

/// The accumulators, one bucket per partition: with several producers on the topic their
/// waiting records add up and the fullest open batch shows.
pub fn buckets(
    sim: &Sim,
    entries: &[ProducerEntry],
    layout: &Layout,
    names: &PartitionNames,
    routed_partition: u32,
) -> Vec<Bucket> {
    let clients: Vec<_> = entries
        .iter()
        .map(|e| sim.producer(e.index).client())
        .collect();
    layout
        .shown()
        .map(|p| {
            let (mut records, mut batches, mut fill) = (0, 0, 0.0_f64);
            for client in &clients {
                let waiting = client.waiting(p);
                records += waiting.records;
                batches += waiting.batches;
                fill = fill.max(waiting.open_batch_fill);
            }
            Bucket {
                partition: p,
                number: names.number(p),
                name: names.name(p),
                y: layout.row_y(p),
                row_h: layout.row_h,
                records,
                batches,
                fill,
                next_mark: next_mark(entries, p),
                routed: p == routed_partition,
                shows_text: layout.shows_pill_text(),
            }
        })
        .collect()
}

/// The producers' next-partition marks on bucket `p`: one producer's own text, or several
/// joined (only when two producers point at the same partition).
fn next_mark(entries: &[ProducerEntry], p: u32) -> Option<Rc<str>> {
    let mut here = entries.iter().filter(|e| e.next_keyless == Some(p));
    let first = here.next()?;
    let Some(second) = here.next() else {
        return Some(first.texts().next_mark.clone());
    };
    let joined = [first, second]
        .into_iter()
        .chain(here)
        .map(|e| e.texts().next_mark.trim_end_matches(" ▸"))
        .collect::<Vec<_>>()
        .join(", ");
    Some(format!("{joined} ▸").into())
}

/// Records waiting in the producers' batches, for the caption.
pub fn queued_records(sim: &Sim, entries: &[ProducerEntry]) -> usize {
    entries
        .iter()
        .map(|e| sim.producer(e.index).client().queued_records())
        .sum()
}
