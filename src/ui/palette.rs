//! Colours that stay distinguishable with the common colour-vision deficiencies: the Okabe–Ito
//! palette. Colour is never the only cue; every cell also carries its key as text. Models name
//! colours as values ([`Swatch`], [`GroupColour`]); only drawing turns them into CSS.

use crate::engine::{murmur2, to_positive};

/// Okabe–Ito, without black (used for text).
pub const KEY_COLOURS: [&str; 7] = [
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
];
/// Text colour that reads on each of `KEY_COLOURS`.
pub const KEY_TEXT: [&str; 7] = ["#000", "#000", "#fff", "#000", "#fff", "#fff", "#000"];
/// Null keys are grey.
pub const NULL_KEY_COLOUR: &str = "#999999";
/// A batch holding several keys has no one key's colour.
const MIXED_KEYS_COLOUR: &str = "#3b4556";
/// The consumer groups' marks, in scenario order (then round again).
const GROUP_COLOURS: [&str; 4] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"];

/// The palette slot of a key: the same key is the same colour everywhere.
pub fn key_slot(key: Option<&str>) -> Option<usize> {
    key.map(|k| (to_positive(murmur2(k.as_bytes())) as usize / 7) % KEY_COLOURS.len())
}

/// Fill and text colour for a key.
pub fn key_colours(key: Option<&str>) -> (&'static str, &'static str) {
    Swatch::of_key(key).colours()
}

/// What a record or a batch is painted with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Swatch {
    /// The key's slot in [`KEY_COLOURS`].
    Key(u8),
    /// A record without a key.
    NullKey,
    /// A batch whose records carry different keys.
    MixedKeys,
}

impl Swatch {
    /// The swatch of one key.
    pub fn of_key(key: Option<&str>) -> Swatch {
        match key_slot(key) {
            Some(slot) => Swatch::Key(slot as u8),
            None => Swatch::NullKey,
        }
    }

    /// Fill and text colour.
    pub fn colours(self) -> (&'static str, &'static str) {
        match self {
            Swatch::Key(slot) => (KEY_COLOURS[slot as usize], KEY_TEXT[slot as usize]),
            Swatch::NullKey => (NULL_KEY_COLOUR, "#000"),
            Swatch::MixedKeys => (MIXED_KEYS_COLOUR, "#fff"),
        }
    }
}

/// The colour of the `index`th consumer group of the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupColour(pub usize);

impl GroupColour {
    /// As CSS.
    pub fn css(self) -> &'static str {
        GROUP_COLOURS[self.0 % GROUP_COLOURS.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swatches_are_the_key_colours() {
        assert_eq!(Swatch::of_key(None).colours(), (NULL_KEY_COLOUR, "#000"));
        for key in ["US", "order-123", "vip-customer-42", ""] {
            let slot = key_slot(Some(key)).expect("a key has a slot");
            assert_eq!(
                Swatch::of_key(Some(key)).colours(),
                (KEY_COLOURS[slot], KEY_TEXT[slot])
            );
        }
        assert_eq!(Swatch::MixedKeys.colours(), ("#3b4556", "#fff"));
        assert_eq!(GroupColour(5).css(), GroupColour(1).css());
    }
}
