//! Scenario JSON: reading it (unknown fields reported, never silently dropped) and writing it,
//! trimmed to what differs from the frozen v1 defaults.

use super::{AnyId, Catalogue, CodecError, GroupSpec, Scenario};

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
        let mut warnings = Vec::new();
        let mut de = serde_json::Deserializer::from_str(text);
        let scenario: Scenario = serde_ignored::deserialize(&mut de, |path| {
            warnings.push(format!("ignored unknown field '{path}'"));
        })
        .map_err(|e| CodecError::BadJson(e.to_string()))?;
        de.end().map_err(|e| CodecError::BadJson(e.to_string()))?;
        Ok(Decoded { scenario, warnings })
    }

    /// Compact JSON with only what differs from the v1 defaults (which are frozen: a missing
    /// field means the v1 default, in every later version too). Sections with defaults
    /// (`cluster`, `topic`, `producer`, `view`) are trimmed field by field; a tagged value such
    /// as `keys` is kept whole, so what remains always parses.
    pub fn to_json(&self) -> String {
        let mut value =
            serde_json::to_value(self).expect("a Scenario is plain data and always serializes");
        let defaults =
            serde_json::to_value(Scenario::default()).expect("the default scenario serializes");
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
        serde_json::to_string(self).expect("a Scenario is plain data and always serializes")
    }

    /// Indented JSON, for files.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a Scenario is plain data and always serializes")
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
