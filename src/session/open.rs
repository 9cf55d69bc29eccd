//! Reading a scenario into the session: the format's rules, plus the ids only this layer
//! knows (the lessons and the comparisons this build offers). Links, files, the page's forms
//! and the CLI's `run` read and check scenarios through here.

use crate::compare::Variation;
use crate::scenario::{Catalogue, CodecError, Decoded, Scenario};

/// The lessons and comparisons this build offers.
struct Offered;

impl Catalogue for Offered {
    fn check_lesson(&self, id: &str) -> Result<(), String> {
        match crate::lessons::lesson(id) {
            Some(_) => Ok(()),
            None => Err(format!(
                "there is no lesson called {:?}",
                id.chars().take(40).collect::<String>()
            )),
        }
    }

    fn check_comparison(&self, id: &str, scenario: &Scenario) -> Result<(), String> {
        match Variation::from_id(id) {
            None => {
                let known: Vec<&str> = Variation::ALL.iter().map(|v| v.id()).collect();
                Err(format!(
                    "there is no comparison called {:?}; use one of {}",
                    id.chars().take(40).collect::<String>(),
                    known.join(", ")
                ))
            }
            Some(v) if !v.applies(scenario) => Err(format!("the {id:?} comparison needs something this scenario does not have (a consumer group, keys, or room for more partitions)")),
            Some(_) => Ok(()),
        }
    }
}

/// Checks a scenario's shape and limits, and that its lesson and comparison exist here.
pub fn validate(scenario: &Scenario) -> Result<(), CodecError> {
    scenario.validate_with(&Offered)
}

/// Reads scenario JSON (a file) and checks it as [`validate`] does.
pub fn from_json(text: &str) -> Result<Decoded, CodecError> {
    Scenario::from_json_with(text, &Offered)
}

/// Reads a link (a fragment, with or without `#`, or a whole URL) and checks it as
/// [`validate`] does.
pub fn from_fragment(input: &str) -> Result<Decoded, CodecError> {
    Scenario::from_fragment_with(input, &Offered)
}

/// Reads what can be kept of a link: a value outside the rules, an unknown lesson or a
/// comparison that cannot be shown resets only the part it is in, and each repair is a warning
/// ([`Scenario::from_fragment_salvaging_with`]).
pub fn from_fragment_salvaging(input: &str) -> Result<Decoded, CodecError> {
    Scenario::from_fragment_salvaging_with(input, &Offered)
}
