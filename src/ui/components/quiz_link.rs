//! Quiz links: the address bar's query carries the quiz, beside the fragment that carries the
//! scenario, so a share link keeps both. `?quiz` opens a lesson in quiz mode (its predictions
//! pause the run and ask), `?quizme=KIND.SEED` opens one Quiz me question. The fragment is left
//! alone: rewriting the query keeps it, and rewriting the fragment (the app does it) keeps the
//! query.

use crate::lessons::quiz::{parse_link, QuizKind};

fn query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The query's parameters other than the quiz's own, as they were.
fn other_params(query: &str) -> Vec<String> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| !(*p == "quiz" || p.starts_with("quiz=") || p.starts_with("quizme=")))
        .map(str::to_string)
        .collect()
}

/// Whether the page was opened in quiz mode (`?quiz`).
pub fn quiz_mode() -> bool {
    query()
        .trim_start_matches('?')
        .split('&')
        .any(|p| p == "quiz" || p == "quiz=1")
}

/// The Quiz me question the page was opened on (`?quizme=KIND.SEED`), if it names one.
pub fn quiz_me() -> Option<(QuizKind, u64)> {
    query()
        .trim_start_matches('?')
        .split('&')
        .find_map(|p| p.strip_prefix("quizme="))
        .and_then(parse_link)
}

/// The query for quiz mode `on` and Quiz me question `question` (a `KIND.SEED`), keeping any
/// other parameter.
fn query_with(query: &str, on: bool, question: Option<&str>) -> String {
    let mut params = other_params(query);
    if on {
        params.push("quiz".to_string());
    }
    if let Some(q) = question {
        params.push(format!("quizme={q}"));
    }
    if params.is_empty() {
        String::new()
    } else {
        format!("?{}", params.join("&"))
    }
}

fn replace_query(new_query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{new_query}{hash}")),
        );
    }
}

/// Turns quiz mode on or off in the address bar (so the share link carries it).
pub fn set_quiz_mode(on: bool) {
    let q = query();
    let question = q
        .trim_start_matches('?')
        .split('&')
        .find_map(|p| p.strip_prefix("quizme="))
        .map(str::to_string);
    replace_query(&query_with(&q, on, question.as_deref()));
}

/// Names Quiz me question `question` (`KIND.SEED`) in the address bar.
pub fn set_quiz_me(question: &str) {
    let q = query();
    replace_query(&query_with(&q, quiz_mode(), Some(question)));
}

/// A link to this page with the given quiz query and scenario fragment.
pub fn link(on: bool, question: Option<&str>, fragment: &str) -> String {
    let location = web_sys::window().map(|w| w.location());
    let origin = location
        .as_ref()
        .and_then(|l| l.origin().ok())
        .unwrap_or_default();
    let path = location
        .as_ref()
        .and_then(|l| l.pathname().ok())
        .unwrap_or_default();
    let query = query_with(&query(), on, question);
    format!("{origin}{path}{query}#{fragment}")
}
