//! Consumer partition assignors as Kafka's Java client runs them on the group leader
//! (kafka-semantics.md §3): `range`, `roundrobin`, `sticky` and `cooperative-sticky`, with
//! Kafka's member order (static members by `group.instance.id`, then dynamic ones by member id,
//! compared as Java's `String.compareTo` compares: UTF-16 code units) and its partition order.
//! Topics without metadata are skipped, as Kafka skips them. Each is a pure function from the
//! partition counts and the members' subscriptions (and, for the sticky ones, what they own) to
//! every member's list, in the order Kafka returns it.
//!
//! `server/` holds the other side of Kafka 4: the group coordinator's own assignors for the
//! consumer protocol (KIP-848), `uniform` and `range`, behind `server::assign`.

mod range;
mod round_robin;
pub mod server;
mod sticky;
mod types;

pub use range::range;
pub use round_robin::round_robin;
pub use sticky::{cooperative_sticky, sticky, StickyMember, StickyResult};
pub use types::{member_order, Assignment, Member, TopicPartition};

use crate::engine::java::java_string_cmp;
use crate::engine::stable_sort;

/// Every member with an empty list, in input order.
fn empty_assignment(members: &[Member]) -> Assignment {
    members.iter().map(|m| (m.id.clone(), Vec::new())).collect()
}

/// The subscribed topics, each once, in `String.compareTo` order.
fn java_sorted_topics<'a>(topics: impl Iterator<Item = &'a String>) -> Vec<&'a String> {
    let mut v: Vec<&String> = topics.collect();
    stable_sort::sort_by(&mut v, |a, b| java_string_cmp(a, b));
    v.dedup();
    v
}
