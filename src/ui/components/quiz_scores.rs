//! Scores, kept in the browser's `localStorage` so they outlive a reload: for each lesson
//! prediction whether its last answer was right, and Quiz me's tally per kind. The stored text
//! is a few tab-separated lines, read back bounded (a damaged or oversized value is ignored,
//! never trusted), and a window event tells the progress view to read it again.

use std::collections::BTreeMap;

/// The `localStorage` key.
const STORAGE_KEY: &str = "kafka-playground.quiz.v1";
/// The window event sent after a change.
pub const CHANGED_EVENT: &str = "kafka-playground-quiz-scores";
/// The longest stored text read back, in bytes.
const STORED_BYTES_MAX: usize = 32 * 1024;
/// The most lines kept (each lesson prediction and each quiz kind is one).
const LINES_MAX: usize = 256;
/// The highest tally kept per quiz kind.
const TALLY_MAX: u64 = 1_000_000;

/// Every score.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scores {
    /// (lesson id, prediction index) → whether its last answer was right.
    pub predictions: BTreeMap<(String, usize), bool>,
    /// Quiz kind id → (right, asked).
    pub quiz: BTreeMap<String, (u64, u64)>,
}

impl Scores {
    /// How many of a lesson's predictions were last answered right, and how many were answered.
    pub fn lesson(&self, id: &str) -> (usize, usize) {
        let answered: Vec<bool> = self
            .predictions
            .iter()
            .filter(|((l, _), _)| l == id)
            .map(|(_, &right)| right)
            .collect();
        (answered.iter().filter(|&&r| r).count(), answered.len())
    }

    fn to_text(&self) -> String {
        let mut lines: Vec<String> = self
            .predictions
            .iter()
            .map(|((id, i), right)| format!("p\t{id}\t{i}\t{}", u8::from(*right)))
            .collect();
        lines.extend(
            self.quiz
                .iter()
                .map(|(kind, (right, asked))| format!("q\t{kind}\t{right}\t{asked}")),
        );
        lines.truncate(LINES_MAX);
        lines.join("\n")
    }

    fn from_text(text: &str) -> Scores {
        let mut scores = Scores::default();
        if text.len() > STORED_BYTES_MAX {
            return scores;
        }
        for line in text.lines().take(LINES_MAX) {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                ["p", id, i, right] if id.len() <= 64 => {
                    if let (Ok(i), Ok(right)) = (i.parse::<usize>(), right.parse::<u8>()) {
                        if i < 64 {
                            scores.predictions.insert((id.to_string(), i), right == 1);
                        }
                    }
                }
                ["q", kind, right, asked] if kind.len() <= 16 => {
                    if let (Ok(r), Ok(a)) = (right.parse::<u64>(), asked.parse::<u64>()) {
                        if r <= a && a <= TALLY_MAX {
                            scores.quiz.insert(kind.to_string(), (r, a));
                        }
                    }
                }
                _ => {}
            }
        }
        scores
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The scores stored in this browser (none if storage is refused).
pub fn load() -> Scores {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .map(|t| Scores::from_text(&t))
        .unwrap_or_default()
}

fn save(scores: &Scores) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, &scores.to_text());
    }
    announce();
}

fn announce() {
    if let Some(w) = web_sys::window() {
        if let Ok(e) = web_sys::CustomEvent::new(CHANGED_EVENT) {
            let _ = w.dispatch_event(&e);
        }
    }
}

/// Keeps the latest answer to prediction `index` of lesson `id`.
pub fn record_prediction(id: &str, index: usize, right: bool) {
    let mut scores = load();
    scores.predictions.insert((id.to_string(), index), right);
    save(&scores);
}

/// Counts one Quiz me answer of kind `kind`.
pub fn record_quiz(kind: &str, right: bool) {
    let mut scores = load();
    let tally = scores.quiz.entry(kind.to_string()).or_insert((0, 0));
    if tally.1 < TALLY_MAX {
        tally.1 += 1;
        tally.0 += u64::from(right);
    }
    save(&scores);
}

/// Forgets every score.
pub fn clear() {
    if let Some(s) = storage() {
        let _ = s.remove_item(STORAGE_KEY);
    }
    announce();
}
