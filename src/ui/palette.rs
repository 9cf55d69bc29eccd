//! Colours that stay distinguishable with the common colour-vision deficiencies: the Okabe–Ito
//! palette. Colour is never the only cue; every cell also carries its key as text.

use crate::engine::{murmur2, to_positive};

/// Okabe–Ito, without black (used for text).
pub const KEY_COLOURS: [&str; 7] = [
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
];
/// Text colour that reads on each of `KEY_COLOURS`.
pub const KEY_TEXT: [&str; 7] = ["#000", "#000", "#fff", "#000", "#fff", "#fff", "#000"];
/// Null keys are grey.
pub const NULL_KEY_COLOUR: &str = "#999999";

/// The palette slot of a key: the same key is the same colour everywhere.
pub fn key_slot(key: Option<&str>) -> Option<usize> {
    key.map(|k| (to_positive(murmur2(k.as_bytes())) as usize / 7) % KEY_COLOURS.len())
}

/// Fill and text colour for a key.
pub fn key_colours(key: Option<&str>) -> (&'static str, &'static str) {
    match key_slot(key) {
        Some(i) => (KEY_COLOURS[i], KEY_TEXT[i]),
        None => (NULL_KEY_COLOUR, "#000"),
    }
}
