//! Text written once and kept while what it says holds: the model is rebuilt on every frame,
//! but a label is only rewritten when the facts it was written from change (a topology change,
//! a new batch, a new count). So the drawing loop hands the same `Rc<str>` to the page frame
//! after frame instead of formatting it again.

use std::rc::Rc;

/// A value (usually text) and the facts it was made from.
#[derive(Clone, Debug, PartialEq)]
pub struct Memo<K, V> {
    facts: K,
    value: V,
}

/// A text and the facts it was written from.
pub type Label<K> = Memo<K, Rc<str>>;

impl<K: PartialEq, V: Clone> Memo<K, V> {
    /// The previous value when its facts are `facts`, else a new one made from them.
    pub fn reuse_or_make(
        previous: Option<&Memo<K, V>>,
        facts: K,
        make: impl FnOnce(&K) -> V,
    ) -> Memo<K, V> {
        match previous {
            Some(p) if p.facts == facts => Memo {
                facts,
                value: p.value.clone(),
            },
            _ => {
                let value = make(&facts);
                Memo { facts, value }
            }
        }
    }

    /// The previous value when `same_facts` says its facts still hold, else the one `make`
    /// gives: for facts that cost an allocation to copy, so they are only copied when made.
    pub fn reuse_if_or_make(
        previous: Option<&Memo<K, V>>,
        same_facts: impl FnOnce(&K) -> bool,
        make: impl FnOnce() -> (K, V),
    ) -> Memo<K, V>
    where
        K: Clone,
    {
        match previous {
            Some(p) if same_facts(&p.facts) => p.clone(),
            _ => {
                let (facts, value) = make();
                Memo { facts, value }
            }
        }
    }

    pub fn value(&self) -> &V {
        &self.value
    }

    pub fn facts(&self) -> &K {
        &self.facts
    }
}

/// The per-partition names of a topic of `n` partitions: `0`, `1`, … for data attributes, and
/// `P0`, `P1`, … as the rows and buckets show them. Rewritten only when `n` changes.
#[derive(Clone, Debug, PartialEq)]
pub struct PartitionNames {
    numbers: Rc<[Rc<str>]>,
    names: Rc<[Rc<str>]>,
}

impl PartitionNames {
    pub fn reuse_or_write(previous: Option<&PartitionNames>, n: u32) -> PartitionNames {
        match previous {
            Some(p) if p.numbers.len() == n as usize => p.clone(),
            _ => PartitionNames {
                numbers: (0..n).map(|p| Rc::from(p.to_string())).collect(),
                names: (0..n).map(|p| Rc::from(format!("P{p}"))).collect(),
            },
        }
    }

    /// `7`, for `data-partition`.
    pub fn number(&self, p: u32) -> Rc<str> {
        self.numbers
            .get(p as usize)
            .cloned()
            .unwrap_or_else(|| p.to_string().into())
    }

    /// `P7`.
    pub fn name(&self, p: u32) -> Rc<str> {
        self.names
            .get(p as usize)
            .cloned()
            .unwrap_or_else(|| format!("P{p}").into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written((a, b): &(u32, u64)) -> Rc<str> {
        format!("{a}/{b}").into()
    }

    #[test]
    fn a_label_is_rewritten_only_when_its_facts_change() {
        let first = Label::reuse_or_make(None, (3_u32, 4_u64), written);
        assert_eq!(&**first.value(), "3/4");
        let same = Label::reuse_or_make(Some(&first), (3, 4), |_| unreachable!());
        assert!(Rc::ptr_eq(same.value(), first.value()));
        let changed = Label::reuse_or_make(Some(&same), (3, 5), written);
        assert_eq!(&**changed.value(), "3/5");
        let kept = Label::reuse_if_or_make(Some(&changed), |f| f.1 == 5, || unreachable!());
        assert!(Rc::ptr_eq(kept.value(), changed.value()));
    }

    #[test]
    fn partition_names_follow_the_partition_count() {
        let six = PartitionNames::reuse_or_write(None, 6);
        assert_eq!((&*six.number(5), &*six.name(5)), ("5", "P5"));
        let again = PartitionNames::reuse_or_write(Some(&six), 6);
        assert!(Rc::ptr_eq(&again.number(2), &six.number(2)));
        let eight = PartitionNames::reuse_or_write(Some(&six), 8);
        assert_eq!(&*eight.name(7), "P7");
    }
}
