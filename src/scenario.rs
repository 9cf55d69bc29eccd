//! The one place wire formats live: the scenario JSON (configuration, seed, the user's timed
//! actions and what is on screen), the versioned share-link fragment that carries it, and the
//! CLI's JSON report. The engine derives no serde; everything crossing a boundary goes through
//! here, and every decoder returns an error value, never a panic.
//!
//! It checks only the format's shape and limits: which lessons and comparisons exist is the
//! session's to say, through the [`Catalogue`] it passes in.
//!
//! The format is documented in `docs/scenario-format.md`.

mod document;
mod error;
mod groups;
mod json;
mod json_tree;
mod link;
mod mapping;
mod report;
mod salvage;
mod share_groups;
mod validate;
mod value_error;
mod work;

pub use document::{
    AcksSpec, Action, ActionCommand, ClusterSpec, KeysSpec, OrderKeySpec, PartitionerSpec,
    PlacementSpec, ProducerSpec, Scenario, TopicSpec, ViewSpec, FORMAT_VERSION,
};
pub use error::{
    describe, wire_path, Base64Damage, CodecError, InflateFailure, JsonSyntax, SyntaxProblem,
};
pub use groups::{
    AssignorSpec, CommitSpec, GroupActionSpec, GroupSpec, MemberSpec, ProcessingSpec, ProtocolSpec,
    RemoteAssignorSpec, ResetSpec,
};
pub use json::{Decoded, JSON_BYTES_MAX};
pub use link::FRAGMENT_CHARS_MAX;
pub use report::{report, Report};
pub use share_groups::{AckModeSpec, GroupTypeSpec, PoisonSpec};
pub use validate::{AnyId, Catalogue, SPEED_MAX, SPEED_MIN};
pub use value_error::{ValueError, Want};
pub use work::{RunLength, TooMuchWork};
