//! The share-link fragment: `#v1.` plus the JSON in base64url, or `#v1z.` plus the JSON
//! deflated (raw DEFLATE) in base64url, whichever is shorter; and reading either back, bounded.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use super::error::{Base64Damage, InflateFailure};
use super::{AnyId, Catalogue, CodecError, Decoded, Scenario, FORMAT_VERSION, JSON_BYTES_MAX};

/// The longest share-link fragment accepted, in characters.
pub const FRAGMENT_CHARS_MAX: usize = 128 * 1024;

impl Scenario {
    /// The share-link fragment, without the `#`: `v1.` then the JSON in base64url, or `v1z.`
    /// then the JSON deflated (raw DEFLATE, RFC 1951) in base64url when that is shorter, which
    /// it is for anything beyond a few fields.
    pub fn to_fragment(&self) -> String {
        let json = self.to_json();
        let plain = format!("v{FORMAT_VERSION}.{}", URL_SAFE_NO_PAD.encode(&json));
        let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 10);
        let compressed = format!("v{FORMAT_VERSION}z.{}", URL_SAFE_NO_PAD.encode(deflated));
        if compressed.len() < plain.len() {
            compressed
        } else {
            plain
        }
    }

    /// Reads a fragment (with or without `#`), a whole URL, or an empty fragment (the default),
    /// and checks its shape and limits ([`Scenario::validate`]).
    pub fn from_fragment(input: &str) -> Result<Decoded, CodecError> {
        Scenario::from_fragment_with(input, &AnyId)
    }

    /// Reads a link like [`Scenario::from_fragment`] and checks it with `ids`
    /// ([`Scenario::validate_with`]).
    pub fn from_fragment_with(input: &str, ids: &dyn Catalogue) -> Result<Decoded, CodecError> {
        match fragment_json(input)? {
            Some(text) => Scenario::from_json_with(&text, ids),
            None => Ok(Decoded {
                scenario: Scenario::default(),
                warnings: Vec::new(),
            }),
        }
    }
}

/// The scenario JSON a link carries (`None` for an empty fragment), unpacked from `v1.` or
/// `v1z.`, or why it cannot be.
pub(super) fn fragment_json(input: &str) -> Result<Option<String>, CodecError> {
    if input.len() > FRAGMENT_CHARS_MAX {
        return Err(CodecError::TooLong {
            what: "link",
            len: input.len(),
            max: FRAGMENT_CHARS_MAX,
        });
    }
    let fragment = match input.find('#') {
        Some(i) => &input[i + 1..],
        None => input,
    };
    if fragment.is_empty() {
        return Ok(None);
    }
    let Some(rest) = fragment.strip_prefix('v') else {
        return Err(CodecError::NotAPlaygroundLink);
    };
    let Some((version, payload)) = rest.split_once('.') else {
        return Err(CodecError::NotAPlaygroundLink);
    };
    let (version, deflated) = match version.strip_suffix('z') {
        Some(v) => (v, true),
        None => (version, false),
    };
    if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CodecError::NotAPlaygroundLink);
    }
    if version != "1" {
        return Err(CodecError::UnsupportedVersion {
            found: version.chars().take(12).collect(),
        });
    }
    let payload = payload.trim_end_matches('=');
    let bytes = URL_SAFE_NO_PAD.decode(payload).map_err(|e| {
        CodecError::BadBase64(match e {
            // The offset is a byte's; a character that is not ASCII starts with a byte base64
            // refuses, so it is a character boundary (and if not, the message still reads).
            base64::DecodeError::InvalidByte(offset, byte) => Base64Damage::Character {
                position: payload.get(..offset).map_or(offset, |s| s.chars().count()) + 1,
                character: format!(
                    "“{}”",
                    payload
                        .get(offset..)
                        .and_then(|s| s.chars().next())
                        .unwrap_or(char::from(byte))
                        .escape_debug()
                ),
            },
            base64::DecodeError::InvalidLength(_)
            | base64::DecodeError::InvalidLastSymbol(_, _)
            | base64::DecodeError::InvalidPadding => Base64Damage::End,
        })
    })?;
    let bytes = if deflated {
        // The limit stops a small link from inflating into something huge.
        miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, JSON_BYTES_MAX).map_err(|e| {
            CodecError::BadDeflate(match e.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => InflateFailure::TooLarge,
                _ => InflateFailure::Damaged,
            })
        })?
    } else {
        bytes
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| CodecError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_round_trips_through_a_fragment() {
        let s = Scenario::default();
        let decoded = Scenario::from_fragment(&format!("#{}", s.to_fragment())).unwrap();
        assert_eq!(decoded.scenario, s);
        assert!(decoded.warnings.is_empty());
    }
}
