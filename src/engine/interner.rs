//! Dense ids for the strings a run meets (keys, order ids), so that per-key bookkeeping is a
//! vector index instead of an ordered-map search with string comparisons on every record.
//! The map is only ever looked up, never iterated, and its hasher is the engine's fixed FNV
//! hash, so no hash order and no random state can reach the simulation.

use super::trace::TraceHasher;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::rc::Rc;

/// The engine's FNV hash as a map hasher (a word at a time, `TraceHasher::write`): deterministic,
/// no per-process random keys.
pub type FnvHasher = TraceHasher;

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
}
