//! Scenario JSON is read in two steps, so each kind of mistake gets its own message:
//! 1. the text becomes a [`JsonTree`] (serde_json's parser): a syntax error is found here,
//!    with its line and column;
//! 2. the tree is read into the document through [`TreeReader`], a serde `Deserializer` whose
//!    error is [`ValueError`], wrapped in `serde_path_to_error` for the field's path: a value of
//!    the wrong type is found here, and said in the format's words.
//!
//! The tree keeps an object's keys in order and keeps repeated keys, so a field given twice is
//! still refused by the document's types, as it was when the text was read into them directly.

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, Deserialize, Deserializer, IntoDeserializer, Unexpected, Visitor};
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

/// Reads a [`JsonTree`] into any serde type, with [`ValueError`] for what does not fit.
#[derive(Clone, Copy)]
pub(super) struct TreeReader<'a>(pub &'a JsonTree);

impl<'de> IntoDeserializer<'de, ValueError> for TreeReader<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for TreeReader<'de> {
    type Error = ValueError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        match self.0 {
            JsonTree::Null => visitor.visit_unit(),
            JsonTree::Bool(b) => visitor.visit_bool(*b),
            JsonTree::Unsigned(n) => visitor.visit_u64(*n),
            JsonTree::Signed(n) => visitor.visit_i64(*n),
            JsonTree::Float(x) => visitor.visit_f64(*x),
            JsonTree::Text(s) => visitor.visit_borrowed_str(s),
            JsonTree::List(items) => {
                let mut seq = SeqDeserializer::new(items.iter().map(TreeReader));
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            JsonTree::Object(entries) => {
                let mut map =
                    MapDeserializer::new(entries.iter().map(|(k, v)| (k.as_str(), TreeReader(v))));
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        match self.0 {
            JsonTree::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        visitor.visit_newtype_struct(self)
    }

    /// The v1 document's plain enums are names (`"partitioner": "built_in"`); anything but a
    /// string is refused with the list of names.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        match self.0 {
            JsonTree::Text(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            other => Err(ValueError::WrongType {
                expected: Want::OneOf(variants),
                got: found(&other.unexpected()),
            }),
        }
    }

    /// A section of the document is an object. (serde would also take a list of the fields'
    /// values in order, which the format does not offer.)
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        match self.0 {
            JsonTree::List(_) => Err(ValueError::WrongType {
                expected: Want::Object,
                got: found(&Unexpected::Seq),
            }),
            _ => self.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}
