//! Why a scenario could not be read: one error type for every decoder, in words a user can
//! act on.

use crate::engine::{self, FieldPath, Part};
use std::fmt;

use super::{ValueError, FORMAT_VERSION, JSON_BYTES_MAX};

/// Why a scenario could not be read. Each variant says what was wrong in words a user can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodecError {
    /// The input is longer than the limit.
    TooLong {
        what: &'static str,
        len: usize,
        max: usize,
    },
    /// A fragment that is not a playground link at all.
    NotAPlaygroundLink,
    /// A version this build does not know.
    UnsupportedVersion { found: String },
    /// The base64url payload is damaged.
    BadBase64(Base64Damage),
    /// A deflated payload does not inflate.
    BadDeflate(InflateFailure),
    /// The payload is not UTF-8 text.
    NotUtf8,
    /// The text is not JSON.
    NotJson(JsonSyntax),
    /// A value does not fit its field: the field's path in v1's spelling (`producer.rate_per_sec`,
    /// `more_producers[0].keys`; empty for the document itself) and why.
    WrongValue { path: String, reason: ValueError },
    /// A value outside the engine's limits.
    Invalid(engine::ConfigError),
    /// Values each within their limits that together ask for more simulated work than a run
    /// may (`limits::SIMULATED_WORK_MAX`), naming the fields to lower.
    TooMuchWork(Box<super::TooMuchWork>),
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodecError::TooLong { what, len, max } => write!(f, "the {what} is {len} long; the limit is {max}"),
            CodecError::NotAPlaygroundLink => {
                f.write_str("this is not a playground link (it should start with #v1.)")
            }
            CodecError::UnsupportedVersion { found } => write!(
                f,
                "the link is in format version {found}, which this playground does not know (it reads 1 to {FORMAT_VERSION})"
            ),
            CodecError::BadBase64(Base64Damage::Character { position, character }) => write!(
                f,
                "the link is damaged: character {position} after the version, {character}, cannot be in a playground link (it may have been changed when it was copied)"
            ),
            CodecError::BadBase64(Base64Damage::End) => f.write_str(
                "the link is damaged: its last characters are missing or changed (it may have been cut short when it was copied)"
            ),
            CodecError::BadDeflate(InflateFailure::TooLarge) => write!(
                f,
                "the link is too large: its compressed content would unpack to over {JSON_BYTES_MAX} bytes, the most a scenario may have"
            ),
            CodecError::BadDeflate(InflateFailure::Damaged) => f.write_str(
                "the link is damaged: its compressed content does not unpack (it may have been cut short or changed when it was copied)"
            ),
            CodecError::NotUtf8 => f.write_str("the link is damaged: its content is not UTF-8 text"),
            CodecError::NotJson(syntax) => write!(f, "the scenario is not valid JSON: {syntax}"),
            CodecError::WrongValue { path, reason } if path.is_empty() => {
                write!(f, "the scenario: {reason}")
            }
            CodecError::WrongValue { path, reason } => write!(f, "{path}: {reason}"),
            CodecError::Invalid(e) => write!(f, "{}: {}", wire_path(&e.field), e.message),
            CodecError::TooMuchWork(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for CodecError {}

impl From<Box<super::TooMuchWork>> for CodecError {
    fn from(e: Box<super::TooMuchWork>) -> Self {
        CodecError::TooMuchWork(e)
    }
}

/// How a link's base64url payload is damaged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base64Damage {
    /// A character base64url does not have, at this position (from 1) after `v1.`.
    Character {
        position: usize,
        /// The character, quoted (“%”).
        character: String,
    },
    /// The payload ends where no base64url text can (cut short, or its last character changed).
    End,
}

/// Why a `v1z.` link's compressed payload does not unpack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InflateFailure {
    /// It would unpack to more than the JSON limit.
    TooLarge,
    /// It is not a whole DEFLATE stream.
    Damaged,
}

/// Where and how scenario JSON is broken. Lines and columns count from 1, as editors do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonSyntax {
    /// What is wrong.
    pub problem: SyntaxProblem,
    /// The line it is on.
    pub line: usize,
    /// The column on that line (in bytes, as the parser counts).
    pub column: usize,
    /// The text around that point, quoted from the input (empty at its end).
    pub near: String,
}

/// What is wrong with a scenario's JSON text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxProblem {
    /// It does not start the way a JSON object does (with `{`): some other text.
    NotAnObject,
    /// It ends before every `{`, `[` and `"` is closed.
    EndsEarly,
    /// Something there is not JSON (a missing comma or quote, a stray character, nesting
    /// deeper than 128, a number too large for a double).
    Broken,
    /// More text follows the scenario's closing `}`.
    TextAfterTheEnd,
}

impl fmt::Display for JsonSyntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let JsonSyntax {
            line, column, near, ..
        } = self;
        match self.problem {
            SyntaxProblem::NotAnObject => {
                f.write_str("a scenario is a JSON object, starting with {")
            }
            SyntaxProblem::EndsEarly => write!(
                f,
                "it ends at line {line}, column {column} before every {{, [ and \" is closed (it may have been cut short)"
            ),
            SyntaxProblem::Broken => write!(
                f,
                "it breaks at line {line}, column {column}, near “{near}” (a missing comma, quote or bracket, a stray character, or a number too large)"
            ),
            SyntaxProblem::TextAfterTheEnd => write!(
                f,
                "more text follows its closing }} at line {line}, column {column}, near “{near}”"
            ),
        }
    }
}

/// A configuration problem in v1's words: its path as the format spells it, then the reason.
pub fn describe(e: &engine::ConfigError) -> String {
    CodecError::Invalid(e.clone()).to_string()
}

/// The path of a setting as v1 spells it: topic 0 and producer 0 are the format's `topic` and
/// `producer`, the others are `more_topics[i - 1]` and `more_producers[i - 1]`; the rest keep
/// the engine's index.
pub fn wire_path(path: &FieldPath) -> String {
    let part = match path.part {
        Part::Cluster => "cluster".to_string(),
        Part::Topics => "more_topics".to_string(),
        Part::Topic(0) => "topic".to_string(),
        Part::Topic(i) => format!("more_topics[{}]", i - 1),
        Part::Producers => "more_producers".to_string(),
        Part::Producer(0) => "producer".to_string(),
        Part::Producer(i) => format!("more_producers[{}]", i - 1),
        Part::Groups => "groups".to_string(),
        Part::Group(g) => format!("groups[{g}]"),
        Part::Actions => "actions".to_string(),
        Part::Action(i) => format!("actions[{i}]"),
        Part::View => "view".to_string(),
        Part::Lesson => "lesson".to_string(),
    };
    if path.fields.is_empty() {
        part
    } else {
        format!("{part}.{}", path.dotted_fields())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_v1s_spelling() {
        let cases = [
            (FieldPath::at(Part::Cluster, "brokers"), "cluster.brokers"),
            (FieldPath::of(Part::Topics), "more_topics"),
            (
                FieldPath::at(Part::Topic(0), "partitions"),
                "topic.partitions",
            ),
            (
                FieldPath::at(Part::Topic(1), "partitions"),
                "more_topics[0].partitions",
            ),
            (FieldPath::at(Part::Topic(3), "name"), "more_topics[2].name"),
            (FieldPath::of(Part::Producers), "more_producers"),
            (
                FieldPath::at(Part::Producer(0), "rate_per_sec"),
                "producer.rate_per_sec",
            ),
            (
                FieldPath::at(Part::Producer(2), "keys").field("prefix"),
                "more_producers[1].keys.prefix",
            ),
            (FieldPath::of(Part::Groups), "groups"),
            (
                FieldPath::at(Part::Group(0), "group_id"),
                "groups[0].group_id",
            ),
            (
                FieldPath::at(Part::Group(1), "members").field("name"),
                "groups[1].members.name",
            ),
            (FieldPath::of(Part::Actions), "actions"),
            (FieldPath::at(Part::Action(4), "at_ms"), "actions[4].at_ms"),
            (FieldPath::at(Part::View, "compare"), "view.compare"),
            (FieldPath::of(Part::Lesson), "lesson"),
        ];
        for (path, text) in cases {
            assert_eq!(wire_path(&path), text, "{path}");
        }
    }

    #[test]
    fn an_invalid_value_reads_with_its_wire_path() {
        let e = engine::ConfigError::new(
            FieldPath::at(Part::Topic(1), "partitions"),
            "a topic needs at least 1 partition",
        );
        assert_eq!(
            CodecError::Invalid(e.clone()).to_string(),
            "more_topics[0].partitions: a topic needs at least 1 partition"
        );
        assert_eq!(describe(&e), CodecError::Invalid(e).to_string());
    }
}
