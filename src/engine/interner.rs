//! Dense ids for the strings a run meets (keys, order ids), so that per-key bookkeeping is a
//! vector index instead of an ordered-map search with string comparisons on every record.
//! The map is only ever looked up, never iterated, and its hasher is a fixed FNV-1a, so no
//! hash order and no random state can reach the simulation.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// FNV-1a as a `Hasher`: deterministic, no per-process random keys.
#[derive(Clone, Copy, Debug)]
pub struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> Self {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// Strings to dense ids, up to a capacity.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Interner {
    ids: HashMap<Rc<str>, u32, BuildHasherDefault<FnvHasher>>,
    names: Vec<Rc<str>>,
}

impl Interner {
    /// The id of `name`, adding it if there is room for `capacity` names; `None` when full.
    pub fn intern(&mut self, name: &Rc<str>, capacity: usize) -> Option<u32> {
        if let Some(&id) = self.ids.get(name) {
            return Some(id);
        }
        if self.names.len() >= capacity {
            return None;
        }
        let id = self.names.len() as u32;
        self.ids.insert(name.clone(), id);
        self.names.push(name.clone());
        Some(id)
    }

    /// The name of an id.
    pub fn name(&self, id: u32) -> &Rc<str> {
        &self.names[id as usize]
    }

    /// How many names have ids.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether no name has an id yet.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}
