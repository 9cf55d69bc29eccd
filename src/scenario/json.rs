//! Scenario JSON: reading it (unknown fields reported, never silently dropped) and writing it,
//! trimmed to what differs from the frozen v1 defaults.

use serde::Deserialize as _;
use std::cell::RefCell;

use super::error::{JsonSyntax, SyntaxProblem};
use super::json_tree::{JsonTree, Noticed, Step, TreeReader};
use super::{AnyId, Catalogue, CodecError, GroupSpec, Scenario, ValueError, Want};

/// The longest scenario JSON accepted, in bytes.
pub const JSON_BYTES_MAX: usize = 256 * 1024;

/// A scenario that was read, with what was ignored along the way (nothing is dropped silently).
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The scenario.
    pub scenario: Scenario,
    /// One line per thing ignored or adjusted, for the page's notice and the CLI's stderr.
    pub warnings: Vec<String>,
}

impl Scenario {
    /// Reads scenario JSON and checks its shape and limits ([`Scenario::validate`]).
    pub fn from_json(text: &str) -> Result<Decoded, CodecError> {
        Scenario::from_json_with(text, &AnyId)
    }

    /// Reads scenario JSON and checks it with `ids` ([`Scenario::validate_with`]).
    pub fn from_json_with(text: &str, ids: &dyn Catalogue) -> Result<Decoded, CodecError> {
        let decoded = Scenario::parse_json(text)?;
        decoded.scenario.validate_with(ids)?;
        Ok(decoded)
    }

    /// Parses scenario JSON without checking values against the rules.
    pub(super) fn parse_json(text: &str) -> Result<Decoded, CodecError> {
        if text.len() > JSON_BYTES_MAX {
            return Err(CodecError::TooLong {
                what: "scenario JSON",
                len: text.len(),
                max: JSON_BYTES_MAX,
            });
        }
        let tree = parse_tree(text)?;
        if !matches!(tree, JsonTree::Object(_)) {
            return Err(CodecError::WrongValue {
                path: String::new(),
                reason: ValueError::WrongType {
                    expected: Want::Object,
                    got: tree.in_words(),
                },
            });
        }
        let noticed = RefCell::new(Noticed::default());
        let scenario = Scenario::deserialize(TreeReader::new(&tree, &noticed));
        let noticed = noticed.into_inner();
        let scenario =
            scenario.map_err(|e| wrong_value(&tree, noticed.error_at.unwrap_or_default(), e))?;
        let warnings = noticed
            .ignored
            .iter()
            .map(|path| format!("ignored unknown field '{path}'"))
            .collect();
        Ok(Decoded { scenario, warnings })
    }

    /// Compact JSON with only what differs from the v1 defaults (which are frozen: a missing
    /// field means the v1 default, in every later version too). Sections with defaults
    /// (`cluster`, `topic`, `producer`, `view`) are trimmed field by field; a tagged value such
    /// as `keys` is kept whole, so what remains always parses.
    pub fn to_json(&self) -> String {
        let mut value = self.to_value();
        let defaults = Scenario::default().to_value();
        if let (Some(object), Some(default)) = (value.as_object_mut(), defaults.as_object()) {
            for section in ["cluster", "topic", "producer", "view"] {
                if let (Some(fields), Some(default_fields)) = (
                    object.get_mut(section).and_then(|v| v.as_object_mut()),
                    default.get(section).and_then(|v| v.as_object()),
                ) {
                    fields.retain(|k, v| default_fields.get(k) != Some(v));
                }
            }
            // Further topics and producers are trimmed like the main ones, and groups against a
            // default group, entry by entry, so an added entry costs only what makes it differ.
            let default_group =
                serde_json::to_value(GroupSpec::default()).expect("the default group serializes");
            let lists = [
                ("more_topics", default.get("topic")),
                ("more_producers", default.get("producer")),
                ("groups", Some(&default_group)),
            ];
            for (list, entry_default) in lists {
                if let (Some(entries), Some(default_fields)) = (
                    object.get_mut(list).and_then(|v| v.as_array_mut()),
                    entry_default.and_then(|v| v.as_object()),
                ) {
                    for entry in entries.iter_mut().filter_map(|e| e.as_object_mut()) {
                        entry.retain(|k, v| default_fields.get(k) != Some(v));
                    }
                }
            }
            object.retain(|k, v| {
                k == "version"
                    || default.get(k) != Some(v)
                        && !(v.is_object() && v.as_object().is_some_and(|o| o.is_empty()))
            });
        }
        value.to_string()
    }

    /// Every field, defaults included (what `to_json` wrote before links were trimmed).
    pub fn to_json_full(&self) -> String {
        self.to_value().to_string()
    }

    /// Indented JSON, for files.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.to_value()).expect("a JSON value always serializes")
    }

    /// The document as a JSON value. Every writer goes through it, so the document's derived
    /// `Serialize` is compiled for one serializer (serde_json's value serializer) instead of
    /// one per output format: the page's wasm is smaller, and the text is the same, because
    /// the value keeps the fields' order (`preserve_order`).
    fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("a Scenario is plain data and always serializes")
    }
}

/// The text as a JSON tree, or where and how it is not JSON.
fn parse_tree(text: &str) -> Result<JsonTree, CodecError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let syntax = |e: serde_json::Error, problem: SyntaxProblem| {
        let problem = if !text.trim_start().starts_with('{') {
            SyntaxProblem::NotAnObject
        } else if e.classify() == serde_json::error::Category::Eof {
            SyntaxProblem::EndsEarly
        } else {
            problem
        };
        CodecError::NotJson(JsonSyntax {
            problem,
            line: e.line(),
            column: e.column(),
            near: text_near(text, e.line(), e.column()),
        })
    };
    let tree = JsonTree::deserialize(&mut de).map_err(|e| syntax(e, SyntaxProblem::Broken))?;
    de.end()
        .map_err(|e| syntax(e, SyntaxProblem::TextAfterTheEnd))?;
    Ok(tree)
}

/// A few characters of `text` around a 1-based line and byte column, for a message to quote.
fn text_near(text: &str, line: usize, column: usize) -> String {
    const BEFORE_CHARS: usize = 12;
    const AFTER_CHARS: usize = 8;
    let Some(line_text) = text.lines().nth(line.saturating_sub(1)) else {
        return String::new();
    };
    let mut at = column.saturating_sub(1).min(line_text.len());
    while !line_text.is_char_boundary(at) {
        at -= 1;
    }
    let (before, after) = line_text.split_at(at);
    let before: Vec<char> = before.chars().rev().take(BEFORE_CHARS).collect();
    let mut near: String = before.into_iter().rev().collect();
    near.extend(after.chars().take(AFTER_CHARS));
    near.trim().to_string()
}

/// A value that does not fit, with its path in v1's spelling (`more_producers[0].rate_per_sec`,
/// empty for the document itself). The document's fields are named as the format names them,
/// so the tracked path already is the wire path. Where serde could not follow it (inside a
/// tagged or flattened object: `keys`, an action), the path stops at that object, and the
/// tree says which of its fields holds the value the error is about.
fn wrong_value(tree: &JsonTree, mut steps: Vec<Step>, reason: ValueError) -> CodecError {
    if let Some(rest) = tree.at(&steps).and_then(|t| t.find_culprit(&reason)) {
        steps.extend(rest);
    }
    let mut path = String::new();
    for step in &steps {
        match step {
            Step::Index(i) => path.push_str(&format!("[{i}]")),
            Step::Key(key) if path.is_empty() => path.push_str(key),
            Step::Key(key) => {
                path.push('.');
                path.push_str(key);
            }
        }
    }
    // What an unknown name is of: its field, or for a list's item the list's name, singular.
    let field = match steps.as_slice() {
        [.., Step::Key(key)] => Some(key.clone()),
        [.., Step::Key(list), Step::Index(_)] => {
            Some(list.strip_suffix('s').unwrap_or(list).to_string())
        }
        _ => None,
    };
    CodecError::WrongValue {
        path,
        reason: reason.with_field(field.as_deref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_json_object_is_the_default_scenario() {
        let decoded = Scenario::from_json("{\"version\":1}").unwrap();
        assert_eq!(decoded.scenario, Scenario::default());
    }
}
