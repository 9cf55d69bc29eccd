//! Building a `BTreeMap` or `BTreeSet` by inserting, instead of with `collect`. std's
//! `FromIterator` for them gathers the items in a vector and stable-sorts it first, and that
//! sort is compiled again for every iterator type collected from (each `.map(..)` closure is a
//! type of its own): 14 copies of it for maps alone in the page's wasm, about 3.5 KiB each.
//! Inserting is compiled once per key and value type, and `insert` already is for nearly all
//! of them. The result is `collect`'s: for a repeated key the last value wins.

use std::collections::{BTreeMap, BTreeSet};

/// `.collect_map()` and `.collect_set()` on any iterator: `collect` into a tree, by inserting.
pub(crate) trait CollectBTree: Iterator + Sized {
    /// `collect::<BTreeMap<_, _>>()`.
    fn collect_map<K: Ord, V>(self) -> BTreeMap<K, V>
    where
        Self: Iterator<Item = (K, V)>,
    {
        let mut map = BTreeMap::new();
        for (key, value) in self {
            map.insert(key, value);
        }
        map
    }

    /// `collect::<BTreeSet<_>>()`.
    fn collect_set(self) -> BTreeSet<Self::Item>
    where
        Self::Item: Ord,
    {
        let mut set = BTreeSet::new();
        for item in self {
            set.insert(item);
        }
        set
    }
}

impl<I: Iterator> CollectBTree for I {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_what_collect_gives_also_for_repeated_keys() {
        let pairs = [(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        let ours = pairs.iter().copied().collect_map();
        let std_map: BTreeMap<_, _> = pairs.iter().copied().collect();
        assert_eq!(ours, std_map);
        assert_eq!(ours[&3], 'c', "the last value of a repeated key wins");
        let set = pairs.iter().map(|p| p.0).collect_set();
        assert_eq!(set, pairs.iter().map(|p| p.0).collect::<BTreeSet<_>>());
    }
}
