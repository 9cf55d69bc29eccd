//! Why a value in a scenario does not fit its field, in words a user can act on: "expected a
//! whole number ≥ 0, got -5", not serde's "invalid value: integer `-5`, expected u32". It is the
//! error type the document is read through ([`super::json_tree`]), so serde hands it what was
//! found as a typed `Unexpected` and it never sees serde's sentences.

use serde::de::{self, Expected, Unexpected};
use std::fmt;

/// Why a value does not fit its field (the field's path is kept beside it, in
/// [`super::CodecError::WrongValue`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueError {
    /// A value of the wrong kind, or outside what its kind holds.
    WrongType {
        /// What the field takes.
        expected: Want,
        /// What was there, as the JSON wrote it (`-5`, `2.5`, `"six"`, `a list`).
        got: String,
    },
    /// A name that is none of the field's names (`"partitioner": "foo"`).
    UnknownName {
        /// What the name is of, from the field (`partitioner`); set with the path.
        what: String,
        /// The name found.
        got: String,
        /// The names the field takes.
        names: &'static [&'static str],
    },
    /// A field this object does not have, where unknown fields are not allowed.
    UnknownField {
        /// The field found.
        got: String,
        /// The fields the object has.
        fields: &'static [&'static str],
    },
    /// A field the object needs is not there.
    MissingField(&'static str),
    /// A field given twice in one object.
    DuplicateField(&'static str),
    /// A list with the wrong number of items (a weighted key is `["US", 70]`).
    WrongLength {
        /// Items found.
        len: usize,
        /// Items expected.
        expected: usize,
    },
    /// Anything else serde reports (no field of the v1 document produces one today).
    Other(String),
}

/// What kind of value a field takes, in the format's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Want {
    /// An integer (given a fraction, or text).
    WholeNumber,
    /// An unsigned integer, given a negative one.
    WholeNumberAtLeastZero,
    /// An integer no larger than this, given a larger one.
    WholeNumberUpTo(u64),
    /// Any number.
    Number,
    /// `true` or `false`.
    TrueOrFalse,
    /// A JSON string.
    Text,
    /// A JSON array.
    List,
    /// A JSON array of exactly this many items.
    ListOf(usize),
    /// A JSON object.
    Object,
    /// One of these names.
    OneOf(&'static [&'static str]),
    /// A kind serde names that the v1 document does not use, as serde names it.
    Other(String),
}

impl ValueError {
    /// Whether this error is about the value `value` under `key` (`None` in a list): the
    /// unknown name, the wrongly typed scalar, or the unknown field itself.
    pub(super) fn is_about(&self, key: Option<&str>, value: Unexpected<'_>) -> bool {
        let scalar = !matches!(value, Unexpected::Seq | Unexpected::Map);
        match self {
            ValueError::UnknownName { got, .. } => {
                matches!(value, Unexpected::Str(_)) && found(&value) == format!("{got:?}")
            }
            ValueError::WrongType { got, .. } => scalar && found(&value) == *got,
            ValueError::UnknownField { got, .. } => key == Some(got.as_str()),
            _ => false,
        }
    }

    /// Sets what an unknown name is of, from the field's name (the last key of its path).
    pub(super) fn with_field(mut self, field: Option<&str>) -> Self {
        if let ValueError::UnknownName { what, .. } = &mut self {
            *what = match field {
                // The tags of the format's tagged objects, said as what they choose.
                Some("type") => "action type".to_string(),
                Some("do") => "group action".to_string(),
                Some("kind") => "kind of keys".to_string(),
                Some("mode") => "mode".to_string(),
                Some(field) => field.to_string(),
                None => "name".to_string(),
            };
        }
        self
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueError::WrongType { expected, got } => write!(f, "expected {expected}, got {got}"),
            ValueError::UnknownName { what, got, names } => {
                write!(
                    f,
                    "unknown {what} {got:?}; expected one of {}",
                    names.join(", ")
                )
            }
            ValueError::UnknownField { got, fields: [] } => {
                write!(f, "unknown field {got:?}; this object has no fields")
            }
            ValueError::UnknownField { got, fields } => {
                write!(
                    f,
                    "unknown field {got:?}; expected one of {}",
                    fields.join(", ")
                )
            }
            ValueError::MissingField(field) => write!(f, "the field {field:?} is missing"),
            ValueError::DuplicateField(field) => write!(f, "the field {field:?} is given twice"),
            ValueError::WrongLength { len, expected } => {
                write!(f, "expected a list of {expected} items, got {len}")
            }
            ValueError::Other(message) => f.write_str(message),
        }
    }
}

impl fmt::Display for Want {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Want::WholeNumber => f.write_str("a whole number"),
            Want::WholeNumberAtLeastZero => f.write_str("a whole number ≥ 0"),
            Want::WholeNumberUpTo(max) => write!(f, "a whole number up to {max}"),
            Want::Number => f.write_str("a number"),
            Want::TrueOrFalse => f.write_str("true or false"),
            Want::Text => f.write_str("a string in double quotes"),
            Want::List => f.write_str("a list [ … ]"),
            Want::ListOf(n) => write!(f, "a list of {n} items"),
            Want::Object => f.write_str("an object { … }"),
            Want::OneOf(names) => write!(f, "one of {}", names.join(", ")),
            Want::Other(kind) => f.write_str(kind),
        }
    }
}

impl std::error::Error for ValueError {}

impl de::Error for ValueError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        ValueError::Other(message.to_string())
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        ValueError::WrongType {
            expected: want(&unexpected, expected),
            got: found(&unexpected),
        }
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        ValueError::invalid_type(unexpected, expected)
    }

    fn invalid_length(len: usize, expected: &dyn Expected) -> Self {
        match want(&Unexpected::Seq, expected) {
            Want::ListOf(n) => ValueError::WrongLength { len, expected: n },
            other => ValueError::WrongType {
                expected: other,
                got: format!("a list of {len} items"),
            },
        }
    }

    fn unknown_variant(variant: &str, names: &'static [&'static str]) -> Self {
        ValueError::UnknownName {
            what: "name".to_string(),
            got: shorten(variant),
            names,
        }
    }

    fn unknown_field(field: &str, fields: &'static [&'static str]) -> Self {
        ValueError::UnknownField {
            got: shorten(field),
            fields,
        }
    }

    fn missing_field(field: &'static str) -> Self {
        ValueError::MissingField(field)
    }

    fn duplicate_field(field: &'static str) -> Self {
        ValueError::DuplicateField(field)
    }
}

/// What the field takes, from serde's name for the Rust type it reads into. These names are
/// serde's `Expected` texts for the few kinds the v1 document uses (`u32`, `f64`, `a boolean`,
/// `struct ProducerSpec`, …): type names, not messages, and anything else is passed through.
fn want(unexpected: &Unexpected<'_>, expected: &dyn Expected) -> Want {
    let kind = expected.to_string();
    let max = match kind.as_str() {
        "u8" => Some(u64::from(u8::MAX)),
        "u16" => Some(u64::from(u16::MAX)),
        "u32" => Some(u64::from(u32::MAX)),
        "u64" => Some(u64::MAX),
        _ => None,
    };
    if let Some(max) = max {
        return match *unexpected {
            Unexpected::Signed(n) if n < 0 => Want::WholeNumberAtLeastZero,
            Unexpected::Unsigned(n) if n > max => Want::WholeNumberUpTo(max),
            // Integers beyond 64 bits arrive as doubles.
            Unexpected::Float(x) if x.fract() == 0.0 && x < 0.0 => Want::WholeNumberAtLeastZero,
            Unexpected::Float(x) if x.fract() == 0.0 && x > max as f64 => {
                Want::WholeNumberUpTo(max)
            }
            _ => Want::WholeNumber,
        };
    }
    match kind.as_str() {
        "i8" | "i16" | "i32" | "i64" => Want::WholeNumber,
        "f32" | "f64" => Want::Number,
        "a boolean" => Want::TrueOrFalse,
        "a string" | "a borrowed string" | "a character" => Want::Text,
        "a sequence" => Want::List,
        "a map" => Want::Object,
        _ => {
            if let Some(n) = kind
                .strip_prefix("a tuple of size ")
                .and_then(|n| n.parse().ok())
            {
                Want::ListOf(n)
            } else if kind.starts_with("struct ") || kind.starts_with("internally tagged enum ") {
                // An internally tagged enum is an object whose tag says which variant it is.
                Want::Object
            } else {
                Want::Other(kind)
            }
        }
    }
}

/// What was found, as the JSON wrote it (or what kind of thing it was).
pub(super) fn found(unexpected: &Unexpected<'_>) -> String {
    match *unexpected {
        Unexpected::Bool(b) => b.to_string(),
        Unexpected::Unsigned(n) => n.to_string(),
        Unexpected::Signed(n) => n.to_string(),
        // `{:?}` keeps the fraction visible: 2.0 reads "2.0", not "2".
        Unexpected::Float(x) => format!("{x:?}"),
        Unexpected::Char(c) => format!("{:?}", c.to_string()),
        Unexpected::Str(s) => format!("{:?}", shorten(s)),
        Unexpected::Unit => "null".to_string(),
        Unexpected::Seq => "a list".to_string(),
        Unexpected::Map => "an object".to_string(),
        Unexpected::Bytes(_) => "bytes".to_string(),
        Unexpected::Option => "an optional value".to_string(),
        Unexpected::NewtypeStruct | Unexpected::NewtypeVariant => "a wrapped value".to_string(),
        Unexpected::Enum
        | Unexpected::UnitVariant
        | Unexpected::TupleVariant
        | Unexpected::StructVariant => "a name".to_string(),
        Unexpected::Other(what) => what.to_string(),
    }
}

/// A name or text from the input, cut to a length a message can hold.
fn shorten(text: &str) -> String {
    const CHARS_MAX: usize = 40;
    if text.chars().count() <= CHARS_MAX {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(CHARS_MAX).collect();
        short.push('…');
        short
    }
}
