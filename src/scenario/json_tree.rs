//! Scenario JSON is read in two steps, so each kind of mistake gets its own message:
//! 1. the text becomes a [`JsonTree`] (serde_json's parser): a syntax error is found here,
//!    with its line and column;
//! 2. the tree is read into the document through [`TreeReader`], a serde `Deserializer` whose
//!    error is [`ValueError`], and which notes the failing value's path and every ignored
//!    field's: a value of the wrong type is found here, and said in the format's words.
//!
//! The tree keeps an object's keys in order and keeps repeated keys, so a field given twice is
//! still refused by the document's types, as it was when the text was read into them directly.

use serde::de::{self, Deserialize, Deserializer, IntoDeserializer, Unexpected, Visitor};
use std::cell::RefCell;
use std::fmt;

use super::value_error::{found, Want};
use super::ValueError;

/// A JSON value as parsed, before it is read into the document.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum JsonTree {
    Null,
    Bool(bool),
    /// A non-negative integer that fits a `u64`.
    Unsigned(u64),
    /// A negative integer that fits an `i64`.
    Signed(i64),
    /// Any other number (fractions, exponents, integers too large for 64 bits).
    Float(f64),
    Text(String),
    List(Vec<JsonTree>),
    /// Keys in the order written, repeats kept.
    Object(Vec<(String, JsonTree)>),
}

/// One step of a path into the tree: an object's key or a list's index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Step {
    Key(String),
    Index(usize),
}

impl JsonTree {
    /// The value as serde reports a value it did not expect.
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            JsonTree::Null => Unexpected::Unit,
            JsonTree::Bool(b) => Unexpected::Bool(*b),
            JsonTree::Unsigned(n) => Unexpected::Unsigned(*n),
            JsonTree::Signed(n) => Unexpected::Signed(*n),
            JsonTree::Float(x) => Unexpected::Float(*x),
            JsonTree::Text(s) => Unexpected::Str(s),
            JsonTree::List(_) => Unexpected::Seq,
            JsonTree::Object(_) => Unexpected::Map,
        }
    }

    /// The value as a message quotes it (`5`, `"six"`, `a list`).
    pub(super) fn in_words(&self) -> String {
        found(&self.unexpected())
    }

    /// The value at `steps` (an object's first entry with a key; the document refuses repeats).
    pub(super) fn at(&self, steps: &[Step]) -> Option<&JsonTree> {
        steps
            .iter()
            .try_fold(self, |tree, step| match (tree, step) {
                (JsonTree::Object(entries), Step::Key(key)) => {
                    entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
                }
                (JsonTree::List(items), Step::Index(i)) => items.get(*i),
                _ => None,
            })
    }

    /// The path, from here, to the one value inside this one (at any depth) that `error` is
    /// about: where serde could not follow the path (into a tagged or flattened object), this
    /// finds the field whose value it names. `None` when no value, or more than one, fits.
    pub(super) fn find_culprit(&self, error: &ValueError) -> Option<Vec<Step>> {
        let mut found = Vec::new();
        let mut path = Vec::new();
        self.search(error, &mut path, &mut found);
        match found.len() {
            1 => found.pop(),
            _ => None,
        }
    }

    fn search(&self, error: &ValueError, path: &mut Vec<Step>, found: &mut Vec<Vec<Step>>) {
        const MATCHES_MAX: usize = 2;
        match self {
            JsonTree::Object(entries) => {
                for (key, value) in entries {
                    if found.len() >= MATCHES_MAX {
                        return;
                    }
                    path.push(Step::Key(key.clone()));
                    if error.is_about(Some(key), value.unexpected()) {
                        found.push(path.clone());
                    }
                    value.search(error, path, found);
                    path.pop();
                }
            }
            JsonTree::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if found.len() >= MATCHES_MAX {
                        return;
                    }
                    path.push(Step::Index(i));
                    if error.is_about(None, item.unexpected()) {
                        found.push(path.clone());
                    }
                    item.search(error, path, found);
                    path.pop();
                }
            }
            _ => {}
        }
    }
}

impl<'de> Deserialize<'de> for JsonTree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TreeVisitor)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = JsonTree;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<JsonTree, E> {
        Ok(JsonTree::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<JsonTree, E> {
        Ok(JsonTree::Bool(b))
    }

    fn visit_u64<E>(self, n: u64) -> Result<JsonTree, E> {
        Ok(JsonTree::Unsigned(n))
    }

    fn visit_i64<E>(self, n: i64) -> Result<JsonTree, E> {
        Ok(if n >= 0 {
            JsonTree::Unsigned(n as u64)
        } else {
            JsonTree::Signed(n)
        })
    }

    fn visit_f64<E>(self, x: f64) -> Result<JsonTree, E> {
        Ok(JsonTree::Float(x))
    }

    fn visit_str<E>(self, s: &str) -> Result<JsonTree, E> {
        Ok(JsonTree::Text(s.to_string()))
    }

    fn visit_string<E>(self, s: String) -> Result<JsonTree, E> {
        Ok(JsonTree::Text(s))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<JsonTree, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(JsonTree::List(items))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<JsonTree, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(JsonTree::Object(entries))
    }
}

/// What reading a tree noticed on the way: the path of the first value that did not fit (the
/// innermost, as an error passes outwards) and the path of every field it ignored.
#[derive(Default)]
pub(super) struct Noticed {
    /// Where the error arose, in keys and indexes from the document's root.
    pub error_at: Option<Vec<Step>>,
    /// Each ignored value's path, as `topic.shape` (an optional value adds a `?` step).
    pub ignored: Vec<String>,
}

/// Where a [`TreeReader`] reads: a chain of steps back to the root, on the stack. (It tracks
/// what the `serde_path_to_error` and `serde_ignored` wrappers tracked, without their generic
/// wrappers around every type of the document, which were about a tenth of the page's wasm.)
#[derive(Clone, Copy)]
enum At<'p> {
    Root,
    Key(&'p At<'p>, &'p str),
    Index(&'p At<'p>, usize),
    /// Inside an optional value: no step of the error's path, a `?` in an ignored one.
    Some(&'p At<'p>),
}

impl At<'_> {
    fn steps(&self) -> Vec<Step> {
        let mut steps = Vec::new();
        let mut at = self;
        loop {
            match at {
                At::Root => break,
                At::Key(parent, key) => {
                    steps.push(Step::Key(key.to_string()));
                    at = parent;
                }
                At::Index(parent, i) => {
                    steps.push(Step::Index(*i));
                    at = parent;
                }
                At::Some(parent) => at = parent,
            }
        }
        steps.reverse();
        steps
    }

    /// The path as `serde_ignored` wrote it: steps joined by dots, `?` for an optional value.
    fn in_dots(&self) -> String {
        let mut names = Vec::new();
        let mut at = self;
        loop {
            match at {
                At::Root => break,
                At::Key(parent, key) => {
                    names.push(key.to_string());
                    at = parent;
                }
                At::Index(parent, i) => {
                    names.push(i.to_string());
                    at = parent;
                }
                At::Some(parent) => {
                    names.push("?".to_string());
                    at = parent;
                }
            }
        }
        if names.is_empty() {
            return ".".to_string();
        }
        names.reverse();
        names.join(".")
    }
}

/// Reads a [`JsonTree`] into any serde type, with [`ValueError`] for what does not fit, noting
/// where in [`Noticed`].
#[derive(Clone, Copy)]
pub(super) struct TreeReader<'de, 'p> {
    tree: &'de JsonTree,
    at: At<'p>,
    noticed: &'p RefCell<Noticed>,
}

impl<'de, 'p> TreeReader<'de, 'p> {
    /// A reader of the whole document.
    pub(super) fn new(tree: &'de JsonTree, noticed: &'p RefCell<Noticed>) -> Self {
        TreeReader {
            tree,
            at: At::Root,
            noticed,
        }
    }

    /// Keeps the first error's path: the innermost value it arose in.
    fn note<T>(
        noticed: &RefCell<Noticed>,
        at: &At<'_>,
        result: Result<T, ValueError>,
    ) -> Result<T, ValueError> {
        if result.is_err() {
            let mut noticed = noticed.borrow_mut();
            if noticed.error_at.is_none() {
                noticed.error_at = Some(at.steps());
            }
        }
        result
    }
}

/// A list's items, each read at its index.
struct TreeSeq<'de, 'p> {
    items: std::slice::Iter<'de, JsonTree>,
    count: usize,
    at: &'p At<'p>,
    noticed: &'p RefCell<Noticed>,
}

impl<'de> de::SeqAccess<'de> for TreeSeq<'de, '_> {
    type Error = ValueError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ValueError> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let at = At::Index(self.at, self.count);
        self.count += 1;
        let reader = TreeReader {
            tree: item,
            at,
            noticed: self.noticed,
        };
        TreeReader::note(self.noticed, &at, seed.deserialize(reader)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

impl TreeSeq<'_, '_> {
    /// As serde's `SeqDeserializer::end`: items the type did not take are an error.
    fn end(self) -> Result<(), ValueError> {
        match self.items.len() {
            0 => Ok(()),
            remaining => Err(de::Error::invalid_length(
                self.count + remaining,
                &ExpectedIn(self.count, "sequence"),
            )),
        }
    }
}

/// An object's entries, each value read at its key.
struct TreeMap<'de, 'p> {
    entries: std::slice::Iter<'de, (String, JsonTree)>,
    value: Option<&'de (String, JsonTree)>,
    count: usize,
    at: &'p At<'p>,
    noticed: &'p RefCell<Noticed>,
}

impl<'de> de::MapAccess<'de> for TreeMap<'de, '_> {
    type Error = ValueError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ValueError> {
        let Some(entry) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(entry);
        self.count += 1;
        let key: de::value::BorrowedStrDeserializer<'de, ValueError> =
            de::value::BorrowedStrDeserializer::new(&entry.0);
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, ValueError> {
        let (key, value) = self
            .value
            .take()
            .expect("MapAccess::next_value called before next_key");
        let at = At::Key(self.at, key);
        let reader = TreeReader {
            tree: value,
            at,
            noticed: self.noticed,
        };
        TreeReader::note(self.noticed, &at, seed.deserialize(reader))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

impl TreeMap<'_, '_> {
    /// As serde's `MapDeserializer::end`: entries the type did not take are an error.
    fn end(self) -> Result<(), ValueError> {
        match self.entries.len() {
            0 => Ok(()),
            remaining => Err(de::Error::invalid_length(
                self.count + remaining,
                &ExpectedIn(self.count, "map"),
            )),
        }
    }
}

/// serde's words for how many items a list or object was expected to have.
struct ExpectedIn(usize, &'static str);

impl de::Expected for ExpectedIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => write!(f, "1 element in {}", self.1),
            n => write!(f, "{n} elements in {}", self.1),
        }
    }
}

impl<'de> TreeReader<'de, '_> {
    /// A list's items, each read at its index; items the type did not take are an error.
    fn visit_list<V: Visitor<'de>>(
        &self,
        items: &'de [JsonTree],
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        let mut seq = TreeSeq {
            items: items.iter(),
            count: 0,
            at: &self.at,
            noticed: self.noticed,
        };
        visitor
            .visit_seq(&mut seq)
            .and_then(|value| seq.end().map(|()| value))
    }

    /// An object's entries, each value read at its key; entries the type did not take are an
    /// error.
    fn visit_object<V: Visitor<'de>>(
        &self,
        entries: &'de [(String, JsonTree)],
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        let mut map = TreeMap {
            entries: entries.iter(),
            value: None,
            count: 0,
            at: &self.at,
            noticed: self.noticed,
        };
        visitor
            .visit_map(&mut map)
            .and_then(|value| map.end().map(|()| value))
    }
}

/// A value that is neither a list nor an object, handed to the visitor as what it is.
fn visit_scalar<'de, V: Visitor<'de>>(
    tree: &'de JsonTree,
    visitor: V,
) -> Result<V::Value, ValueError> {
    match tree {
        JsonTree::Null => visitor.visit_unit(),
        JsonTree::Bool(b) => visitor.visit_bool(*b),
        JsonTree::Unsigned(n) => visitor.visit_u64(*n),
        JsonTree::Signed(n) => visitor.visit_i64(*n),
        JsonTree::Float(x) => visitor.visit_f64(*x),
        JsonTree::Text(s) => visitor.visit_borrowed_str(s),
        // The callers read lists and objects themselves.
        JsonTree::List(_) | JsonTree::Object(_) => {
            Err(de::Error::invalid_type(tree.unexpected(), &visitor))
        }
    }
}

impl<'de> Deserializer<'de> for TreeReader<'de, '_> {
    type Error = ValueError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        let result = match self.tree {
            JsonTree::List(items) => self.visit_list(items, visitor),
            JsonTree::Object(entries) => self.visit_object(entries, visitor),
            scalar => visit_scalar(scalar, visitor),
        };
        TreeReader::note(self.noticed, &self.at, result)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        let at = self.at;
        let result = match self.tree {
            JsonTree::Null => visitor.visit_none(),
            _ => visitor.visit_some(TreeReader {
                tree: self.tree,
                at: At::Some(&at),
                noticed: self.noticed,
            }),
        };
        TreeReader::note(self.noticed, &at, result)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        let (noticed, at) = (self.noticed, self.at);
        TreeReader::note(noticed, &at, visitor.visit_newtype_struct(self))
    }

    /// The v1 document's plain enums are names (`"partitioner": "built_in"`); anything but a
    /// string is refused with the list of names.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        let result = match self.tree {
            JsonTree::Text(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            other => Err(ValueError::WrongType {
                expected: Want::OneOf(variants),
                got: found(&other.unexpected()),
            }),
        };
        TreeReader::note(self.noticed, &self.at, result)
    }

    /// A section of the document is an object. (serde would also take a list of the fields'
    /// values in order, which the format does not offer.)
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        match self.tree {
            JsonTree::List(_) => TreeReader::note(
                self.noticed,
                &self.at,
                Err(ValueError::WrongType {
                    expected: Want::Object,
                    got: found(&Unexpected::Seq),
                }),
            ),
            // Not through `deserialize_any`: a struct's visitor is never handed a list, so its
            // derived `visit_seq` is not compiled (a third of each section's reading code).
            JsonTree::Object(entries) => {
                let result = self.visit_object(entries, visitor);
                TreeReader::note(self.noticed, &self.at, result)
            }
            scalar => TreeReader::note(self.noticed, &self.at, visit_scalar(scalar, visitor)),
        }
    }

    /// A value no field takes (an unknown field's): its path is noted for a warning.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        self.noticed.borrow_mut().ignored.push(self.at.in_dots());
        self.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier
    }
}
