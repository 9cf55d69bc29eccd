//! Where a producer's keys come from: the shapes of key that the articles argue about. Uniform
//! ids, a fixed list, Zipf-skewed ids, one hot key, weighted low-cardinality values (country
//! codes), timestamp seconds, unique random keys, no key, and an order lifecycle whose events
//! can be keyed by order id, by event type, or not at all. Every draw comes from the run's
//! seeded generator; the Zipf table uses only operations IEEE 754 rounds exactly (`×`, `÷`,
//! `sqrt`), so it is bit-identical natively and in wasm.

use crate::engine::cluster::ValueLabel;
use crate::engine::config::KeySource;
use crate::engine::rng::Rng;
use std::rc::Rc;

/// What an order lifecycle record is keyed by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum OrderKeyBy {
    /// `order-17`: all of an order's events share a partition, in order.
    OrderId,
    /// `PAID`: an order's events scatter over partitions.
    EventType,
    /// No key: the partitioner scatters them.
    None,
}

/// The order lifecycle's stages, in the order they happen.
pub const ORDER_STAGES: [&str; 4] = ["CREATED", "PAID", "SHIPPED", "DELIVERED"];
/// Seconds since the epoch at sim time 0, so timestamp keys look like timestamps.
pub const EPOCH_AT_SIM_START_S: u64 = 1_767_225_600;
/// Ids whose keys (`prefix` + id) are kept once made; higher ids are formatted on every draw.
pub const CACHED_ID_KEYS_MAX: u64 = 100_000;

/// One drawn key, and what ordering is about for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyDraw {
    /// The record key (`None`: null).
    pub key: Option<Rc<str>>,
    /// The entity whose order matters: the key itself, or the order id in a lifecycle.
    pub entity: Option<Rc<str>>,
    /// A short description of the value (`PAID`), when the source has one.
    pub label: Option<ValueLabel>,
    /// The id the source drew (entities, Zipf and hot-key ids below `CACHED_ID_KEYS_MAX`):
    /// the same id always names the same key and entity, so the run can remember what it
    /// looked up for it instead of hashing the key again.
    pub id: Option<u32>,
}

/// The precomputed tables and running state of a key source.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyGenerator {
    fixed: Vec<Rc<str>>,
    /// Cumulative weights for Zipf or weighted sources.
    cumulative: Vec<f64>,
    weighted_cumulative: Vec<u64>,
    /// Active orders: (order number, next stage index).
    orders: Vec<(u64, usize)>,
    next_order: u64,
    stage_names: Vec<Rc<str>>,
    /// The keys of ids drawn so far, by id (below `CACHED_ID_KEYS_MAX`): formatting a key was
    /// a sixth of a keyed run's instructions when it was done for every record.
    id_keys: Vec<Option<Rc<str>>>,
}

/// Zipf weights `1 / k^(halves/2)` for `k = 1..=count`, as a cumulative table.
fn zipf_cumulative(count: u32, halves: u32) -> Vec<f64> {
    let mut total = 0.0;
    (1..=count)
        .map(|k| {
            let k = f64::from(k);
            let mut power = 1.0;
            for _ in 0..halves / 2 {
                power *= k;
            }
            if halves % 2 == 1 {
                power *= k.sqrt();
            }
            total += 1.0 / power;
            total
        })
        .collect()
}

impl KeyGenerator {
    /// Tables for `source`.
    pub fn new(source: &KeySource) -> Self {
        let mut g = KeyGenerator {
            fixed: Vec::new(),
            cumulative: Vec::new(),
            weighted_cumulative: Vec::new(),
            orders: Vec::new(),
            next_order: 0,
            stage_names: ORDER_STAGES.iter().map(|s| Rc::from(*s)).collect(),
            id_keys: Vec::new(),
        };
        match source {
            KeySource::Fixed(keys) => g.fixed = keys.iter().map(|k| Rc::from(k.as_str())).collect(),
            KeySource::Zipf {
                count,
                exponent_halves,
                ..
            } => g.cumulative = zipf_cumulative(*count, *exponent_halves),
            KeySource::Weighted(values) => {
                g.fixed = values.iter().map(|(k, _)| Rc::from(k.as_str())).collect();
                let mut total = 0;
                g.weighted_cumulative = values
                    .iter()
                    .map(|(_, w)| {
                        total += u64::from(*w);
                        total
                    })
                    .collect();
            }
            KeySource::HotKey { hot_key, .. } => g.fixed = vec![Rc::from(hot_key.as_str())],
            KeySource::OrderLifecycle {
                concurrent_orders, ..
            } => {
                g.orders = (0..u64::from(*concurrent_orders))
                    .map(|i| (i + 1, 0))
                    .collect();
                g.next_order = u64::from(*concurrent_orders) + 1;
            }
            _ => {}
        }
        g
    }

    /// The key `prefix` + `id`, made once per id (below `CACHED_ID_KEYS_MAX`).
    fn id_key(&mut self, prefix: &str, id: u64) -> Rc<str> {
        if id >= CACHED_ID_KEYS_MAX {
            return Rc::from(format!("{prefix}{id}"));
        }
        let i = id as usize;
        if self.id_keys.len() <= i {
            self.id_keys.resize(i + 1, None);
        }
        self.id_keys[i]
            .get_or_insert_with(|| Rc::from(format!("{prefix}{id}")))
            .clone()
    }

    /// Draws the next key at sim time `now_ms`.
    pub fn draw(&mut self, source: &KeySource, rng: &mut Rng, now_ms: u64) -> KeyDraw {
        let same = |key: Rc<str>| KeyDraw {
            key: Some(key.clone()),
            entity: Some(key),
            label: None,
            id: None,
        };
        let by_id = |key: Rc<str>, id: u64| KeyDraw {
            id: (id < CACHED_ID_KEYS_MAX).then_some(id as u32),
            ..same(key)
        };
        match source {
            KeySource::Fixed(_) => {
                let i = rng.below(self.fixed.len() as u64) as usize;
                same(self.fixed[i].clone())
            }
            KeySource::Entities { prefix, count } => {
                let id = rng.below(u64::from(*count));
                by_id(self.id_key(prefix, id), id)
            }
            KeySource::Zipf { prefix, .. } => {
                let total = *self
                    .cumulative
                    .last()
                    .expect("a Zipf source has at least one id");
                // 53 random bits as a fraction: exact in f64.
                let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
                let i = self
                    .cumulative
                    .partition_point(|&c| c <= u)
                    .min(self.cumulative.len() - 1);
                by_id(self.id_key(prefix, i as u64), i as u64)
            }
            KeySource::HotKey {
                prefix,
                count,
                share_permille,
                ..
            } => {
                if rng.below(1000) < u64::from(*share_permille) {
                    same(self.fixed[0].clone())
                } else {
                    let id = rng.below(u64::from(*count));
                    by_id(self.id_key(prefix, id), id)
                }
            }
            KeySource::Weighted(_) => {
                let total = *self
                    .weighted_cumulative
                    .last()
                    .expect("a weighted source has a value");
                let x = rng.below(total);
                let i = self.weighted_cumulative.partition_point(|&c| c <= x);
                same(self.fixed[i].clone())
            }
            KeySource::TimestampSecond => {
                same(Rc::from((EPOCH_AT_SIM_START_S + now_ms / 1000).to_string()))
            }
            KeySource::RandomUnique => same(Rc::from(format!("{:016x}", rng.next_u64()))),
            KeySource::None => KeyDraw {
                key: None,
                entity: None,
                label: None,
                id: None,
            },
            KeySource::OrderLifecycle { key_by, .. } => {
                let slot = rng.below(self.orders.len() as u64) as usize;
                let (order, stage) = self.orders[slot];
                let order_id: Rc<str> = Rc::from(format!("order-{order}"));
                let stage_name = self.stage_names[stage].clone();
                let label = ValueLabel::order_stage(stage);
                if stage + 1 == ORDER_STAGES.len() {
                    self.orders[slot] = (self.next_order, 0);
                    self.next_order += 1;
                } else {
                    self.orders[slot].1 = stage + 1;
                }
                let key = match key_by {
                    OrderKeyBy::OrderId => Some(order_id.clone()),
                    OrderKeyBy::EventType => Some(stage_name.clone()),
                    OrderKeyBy::None => None,
                };
                KeyDraw {
                    key,
                    entity: Some(order_id),
                    label: Some(label),
                    id: None,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draws(source: KeySource, n: usize) -> Vec<KeyDraw> {
        let mut g = KeyGenerator::new(&source);
        let mut rng = Rng::new(42);
        (0..n)
            .map(|i| g.draw(&source, &mut rng, i as u64 * 10))
            .collect()
    }

    #[test]
    fn zipf_makes_the_first_ids_dominate() {
        let d = draws(
            KeySource::Zipf {
                prefix: "id-".into(),
                count: 100,
                exponent_halves: 2,
            },
            20_000,
        );
        let first = d
            .iter()
            .filter(|k| k.key.as_deref() == Some("id-0"))
            .count();
        let last = d
            .iter()
            .filter(|k| k.key.as_deref() == Some("id-99"))
            .count();
        // With s = 1, id-0 has weight 1 and id-99 1/100: H(100) ≈ 5.19, so ≈19% and ≈0.19%.
        assert!((3400..4300).contains(&first), "id-0 drawn {first} times");
        assert!(last < 120, "id-99 drawn {last} times");
    }

    #[test]
    fn hot_key_gets_its_share() {
        let source = KeySource::HotKey {
            prefix: "u-".into(),
            count: 1000,
            hot_key: "celebrity".into(),
            share_permille: 800,
        };
        let d = draws(source, 10_000);
        let hot = d
            .iter()
            .filter(|k| k.key.as_deref() == Some("celebrity"))
            .count();
        assert!((7700..8300).contains(&hot), "{hot}");
    }

    #[test]
    fn weighted_values_follow_their_weights() {
        let source = KeySource::Weighted(vec![
            ("US".into(), 70),
            ("DE".into(), 20),
            ("FR".into(), 10),
        ]);
        let d = draws(source, 10_000);
        let us = d.iter().filter(|k| k.key.as_deref() == Some("US")).count();
        assert!((6700..7300).contains(&us), "{us}");
    }

    #[test]
    fn timestamp_keys_change_once_a_second() {
        let d = draws(KeySource::TimestampSecond, 250);
        assert_eq!(d[0].key.as_deref(), Some("1767225600"));
        assert_eq!(d[99].key.as_deref(), Some("1767225600"));
        assert_eq!(d[100].key.as_deref(), Some("1767225601"));
    }

    #[test]
    fn order_lifecycle_emits_each_orders_stages_in_order() {
        let source = KeySource::OrderLifecycle {
            key_by: OrderKeyBy::EventType,
            concurrent_orders: 5,
        };
        let d = draws(source, 400);
        let mut last_stage = std::collections::BTreeMap::new();
        for k in &d {
            let stage = ORDER_STAGES
                .iter()
                .position(|s| Some(*s) == k.label.as_deref())
                .unwrap();
            let entity = k.entity.clone().unwrap();
            let previous = last_stage.insert(entity.clone(), stage);
            assert_eq!(stage, previous.map_or(0, |p| p + 1), "{entity}");
            assert_eq!(k.key.as_deref(), k.label.as_deref(), "keyed by event type");
        }
    }

    #[test]
    fn zipf_table_is_exact_arithmetic() {
        // s = 1.5: 1 + 1/(2*sqrt 2) + 1/(3*sqrt 3).
        let c = zipf_cumulative(3, 3);
        let expected = 1.0 + 1.0 / (2.0 * 2f64.sqrt()) + 1.0 / (3.0 * 3f64.sqrt());
        assert_eq!(c[2], expected);
    }
}
