//! Why a scenario could not be read: one error type for every decoder, in words a user can
//! act on.

use crate::engine;
use std::fmt;

use super::FORMAT_VERSION;

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
    BadBase64(String),
    /// A deflated payload does not inflate (damaged, or larger than the JSON limit).
    BadDeflate(String),
    /// The payload is not UTF-8 text.
    NotUtf8,
    /// The JSON does not parse or does not fit the format.
    BadJson(String),
    /// A value outside the engine's limits.
    Invalid(engine::ConfigError),
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
            CodecError::BadBase64(e) => write!(f, "the link is damaged (base64url: {e})"),
            CodecError::BadDeflate(e) => write!(f, "the link is damaged (its compressed content does not unpack: {e})"),
            CodecError::NotUtf8 => f.write_str("the link's content is not UTF-8 text"),
            CodecError::BadJson(e) => write!(f, "the scenario JSON is not valid: {e}"),
            CodecError::Invalid(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for CodecError {}
