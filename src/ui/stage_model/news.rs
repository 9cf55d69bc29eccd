//! What changed on the stage since the last frame, in words, for the polite live region: a
//! broker stopping or coming back, a replica leaving or rejoining the ISR, a new leader, and a
//! rebalance moving partitions between members. Found by comparing the new model with the
//! previous one, so it needs nothing but what is drawn.

use super::cluster::{BrokerHead, ReplicaChip};
use super::consumers::Consumers;
use super::labels::Label;
use std::fmt::Write;
use std::rc::Rc;

/// What is compared: the brokers' headers, the replicas and the consumers.
pub type Said<'a> = (&'a [BrokerHead], &'a [ReplicaChip], &'a Consumers);

/// At most this many changes are said at once; the rest are counted.
const SAID_MAX: usize = 4;

/// The newest notable change, or the previous one when nothing notable changed (`None` at the
/// start or after a jump back in time, when differences are not events).
pub fn news(
    topic_name: &str,
    now: Said<'_>,
    before: Option<(Said<'_>, &Option<Label<u64>>)>,
    now_ms: u64,
) -> Option<Label<u64>> {
    let (heads, chips, consumers) = now;
    let ((old_heads, old_chips, old_consumers), old_news) = before?;
    let mut said: Vec<String> = Vec::new();
    for h in heads {
        if let Some(old) = old_heads.iter().find(|o| o.broker == h.broker) {
            if old.look != h.look {
                said.push(format!("broker {}: {}", h.broker, h.look.words));
            }
        }
    }
    for c in chips {
        let f = &c.facts;
        let Some(old) = old_chips
            .iter()
            .find(|o| o.facts.partition == f.partition && o.facts.broker == f.broker)
        else {
            continue;
        };
        // Formatted only for a change: a steady frame writes nothing here.
        let (b, p) = (f.broker, f.partition);
        if old.facts.in_sync && !f.in_sync {
            said.push(format!("broker {b} left the ISR of {topic_name}-{p}"));
        } else if !old.facts.in_sync && f.in_sync {
            said.push(format!("broker {b} rejoined the ISR of {topic_name}-{p}"));
        }
        if let Some(e) = c.elected.as_ref().filter(|e| e.at_ms == now_ms) {
            said.push(format!(
                "{topic_name}-{p}: broker {b} elected leader, epoch {}",
                e.epoch
            ));
        }
    }
    for head in &consumers.heads {
        let group = &head.text.facts().0;
        let round = head.text.facts().1;
        let mut moves = String::new();
        for c in consumers.consumers.iter().filter(|c| c.group == *group) {
            let owned = |links: &[super::consumers::OwnerLink]| -> Vec<u32> {
                links
                    .iter()
                    .filter(|l| l.group == *group && l.member == c.name)
                    .map(|l| l.partition)
                    .collect()
            };
            let (was, is) = (owned(&old_consumers.links), owned(&consumers.links));
            let list = |ps: Vec<u32>| {
                ps.iter()
                    .map(|p| format!("{topic_name}-{p}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let revoked: Vec<u32> = was.iter().copied().filter(|p| !is.contains(p)).collect();
            let added: Vec<u32> = is.iter().copied().filter(|p| !was.contains(p)).collect();
            if !revoked.is_empty() {
                let _ = write!(moves, ", {} revoked {}", c.name, list(revoked));
            }
            if !added.is_empty() {
                let _ = write!(moves, ", {} got {}", c.name, list(added));
            }
        }
        if !moves.is_empty() {
            said.push(format!("rebalance of {group}: {}{moves}", round.words()));
        }
    }
    if said.is_empty() {
        return old_news.clone();
    }
    let more = said.len().saturating_sub(SAID_MAX);
    said.truncate(SAID_MAX);
    let mut text = said.join("; ");
    if more > 0 {
        let _ = write!(text, "; and {more} more");
    }
    Some(Label::reuse_or_make(None, now_ms, |_| Rc::from(text)))
}
