//! The records the groups' ledgers flag (lost by a commit that ran ahead of processing,
//! processed twice, processed out of per-key order), found on the cells drawn, so a flagged
//! record is marked where it sits with the moment it was flagged. Keys are also made readable
//! here: a cell is 50 units wide, so a long key keeps its head and its distinguishing tail.

use crate::engine::Sim;
use std::rc::Rc;

/// What a ledger said of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    /// Committed past but never processed (a commit ahead of processing, then a crash).
    Lost,
    ProcessedTwice,
    OutOfOrder,
}

impl FlagKind {
    /// The badge's text, one or two characters, so it fits on a cell.
    pub fn badge(self) -> &'static str {
        match self {
            FlagKind::Lost => "✕",
            FlagKind::ProcessedTwice => "2×",
            FlagKind::OutOfOrder => "⇅",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            FlagKind::Lost => "lost: committed past, never processed",
            FlagKind::ProcessedTwice => "processed twice",
            FlagKind::OutOfOrder => "processed out of per-key order",
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            FlagKind::Lost => "lost",
            FlagKind::ProcessedTwice => "twice",
            FlagKind::OutOfOrder => "reordered",
        }
    }
}

/// One flag on a drawn cell: what, when, and the member involved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellFlag {
    pub kind: FlagKind,
    pub at_ms: u64,
    pub member: Rc<str>,
}

/// A flagged record of one partition: its offset and key, and the flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flagged {
    pub offset: u64,
    pub key: Option<Rc<str>>,
    pub flag: CellFlag,
}

/// Every record the ledgers of the groups reading `topic_name` flag on partition `p`, the first
/// flag of each record (lost before twice before out of order), in offset order.
pub fn flagged_on(sim: &Sim, topic_name: &str, p: u32) -> Vec<Flagged> {
    let mut out: Vec<Flagged> = Vec::new();
    for g in sim.groups() {
        let summary = g.ledger();
        let lists = [
            (FlagKind::Lost, &summary.lost),
            (FlagKind::ProcessedTwice, &summary.duplicates),
            (FlagKind::OutOfOrder, &summary.out_of_order),
        ];
        for (kind, list) in lists {
            for i in list
                .iter()
                .filter(|i| i.tp.partition == p && i.tp.topic == topic_name)
            {
                if out.iter().any(|f| f.offset == i.offset && f.key == i.key) {
                    continue;
                }
                out.push(Flagged {
                    offset: i.offset,
                    key: i.key.clone(),
                    flag: CellFlag {
                        kind,
                        at_ms: i.at_ms,
                        member: i.member.as_str().into(),
                    },
                });
            }
        }
    }
    out.sort_by_key(|f| f.offset);
    out
}

/// Whether any group reading the topic has flagged anything: rows skip the search otherwise.
pub fn any_flagged(sim: &Sim) -> bool {
    sim.groups().iter().any(|g| {
        let s = g.ledger();
        !(s.lost.is_empty() && s.duplicates.is_empty() && s.out_of_order.is_empty())
    })
}

/// A row's flags in a few words, short enough for the space after its newest cell: the
/// gravest kind, how many of its records were flagged so (`20+` once a ledger's list is full),
/// and when the first was, to a tenth of a second: `✕20+ lost 15.0s`. The `last` frame's text
/// is kept when it says the same.
pub fn row_summary(flagged: &[Flagged], last: Option<&Rc<str>>) -> Option<Rc<str>> {
    let kinds = [
        FlagKind::Lost,
        FlagKind::ProcessedTwice,
        FlagKind::OutOfOrder,
    ];
    let kind = kinds
        .into_iter()
        .find(|k| flagged.iter().any(|f| f.flag.kind == *k))?;
    let of_kind = || flagged.iter().filter(|f| f.flag.kind == kind);
    let n = of_kind().count();
    let first_ms = of_kind().map(|f| f.flag.at_ms).min().unwrap_or(0);
    let word = match kind {
        FlagKind::Lost => "lost",
        FlagKind::ProcessedTwice => "twice",
        FlagKind::OutOfOrder => "reorder",
    };
    let full = if n >= crate::engine::group_limits::LEDGER_INSTANCES_MAX {
        "+"
    } else {
        ""
    };
    let text = format!(
        "{}{n}{full} {word} {}.{}s",
        kind.badge(),
        first_ms / 1000,
        first_ms % 1000 / 100
    );
    match last {
        Some(l) if **l == *text => Some(l.clone()),
        _ => Some(text.into()),
    }
}

/// Keys up to this many characters are drawn whole on a cell.
pub const KEY_CHARS_MAX: usize = 9;

/// A key as a cell shows it: whole up to `KEY_CHARS_MAX` characters, else its first two and
/// its last five around an ellipsis (`order-000123` → `or…00123`), since keys that share a
/// prefix differ at the end.
pub fn key_text(key: &Rc<str>) -> Rc<str> {
    let n = key.chars().count();
    if n <= KEY_CHARS_MAX {
        return key.clone();
    }
    let head: String = key.chars().take(2).collect();
    let tail: String = key.chars().skip(n - 5).collect();
    format!("{head}…{tail}").into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_keys_keep_their_head_and_tail() {
        let cases = [
            ("user-17", "user-17"),
            ("SHIPPED", "SHIPPED"),
            ("user-1234", "user-1234"),
            ("order-000123", "or…00123"),
            ("PAYMENT_RECEIVED", "PA…EIVED"),
        ];
        for (key, shown) in cases {
            assert_eq!(&*key_text(&Rc::from(key)), shown, "{key}");
        }
        let short: Rc<str> = "id-7".into();
        assert!(
            Rc::ptr_eq(&key_text(&short), &short),
            "a short key is not copied"
        );
    }
}
