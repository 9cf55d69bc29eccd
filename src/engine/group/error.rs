//! Why a group refused a user's command, as a value: what was wrong, with the words the page
//! and the event log show.

use super::limits;
use std::fmt;

/// Why a [`super::GroupCommand`] was refused; the group is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupCommandError {
    /// The command names a member the group does not have.
    NoMember { name: String },
    /// A member name or `group.instance.id` outside the name rules, with the rule's words.
    BadName { reason: String },
    /// Adding a member under a name another member has.
    MemberExists { name: String },
    /// Adding a static member whose `group.instance.id` another member uses.
    InstanceIdInUse { instance_id: String },
    /// Adding a member to a group already at the limit.
    TooManyMembers,
    /// Closing or crashing a member that is not running.
    NotRunning { name: String },
    /// Closing a member already on its way out.
    AlreadyClosing { name: String },
    /// Restarting a member that is still running.
    StillRunning { name: String },
    /// A processing time outside its range, with the range.
    BadProcessingMs { reason: String },
    /// A `partition.assignment.strategy` list the group cannot take, and why.
    BadAssignors { reason: String },
    /// A commit mode with a value outside its range, and why.
    BadCommitMode { reason: String },
}

impl fmt::Display for GroupCommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GroupCommandError::NoMember { name } => write!(f, "no member is named {name:?}"),
            GroupCommandError::MemberExists { name } => {
                write!(f, "a member named {name:?} already exists")
            }
            GroupCommandError::InstanceIdInUse { instance_id } => write!(
                f,
                "group.instance.id {instance_id:?} is already used by another member"
            ),
            GroupCommandError::TooManyMembers => write!(
                f,
                "a group here has at most {} members",
                limits::MEMBERS_MAX
            ),
            GroupCommandError::NotRunning { name } => write!(f, "{name} is not running"),
            GroupCommandError::AlreadyClosing { name } => write!(f, "{name} is already closing"),
            GroupCommandError::StillRunning { name } => {
                write!(f, "{name} is running; close or crash it first")
            }
            GroupCommandError::BadName { reason }
            | GroupCommandError::BadProcessingMs { reason }
            | GroupCommandError::BadAssignors { reason }
            | GroupCommandError::BadCommitMode { reason } => f.write_str(reason),
        }
    }
}

impl std::error::Error for GroupCommandError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refusal_keeps_its_words() {
        let name = || "c1".to_string();
        let cases = [
            (
                GroupCommandError::NoMember { name: name() },
                "no member is named \"c1\"".to_string(),
            ),
            (
                GroupCommandError::MemberExists { name: name() },
                "a member named \"c1\" already exists".to_string(),
            ),
            (
                GroupCommandError::InstanceIdInUse {
                    instance_id: "i-1".to_string(),
                },
                "group.instance.id \"i-1\" is already used by another member".to_string(),
            ),
            (
                GroupCommandError::TooManyMembers,
                format!("a group here has at most {} members", limits::MEMBERS_MAX),
            ),
            (
                GroupCommandError::NotRunning { name: name() },
                "c1 is not running".to_string(),
            ),
            (
                GroupCommandError::AlreadyClosing { name: name() },
                "c1 is already closing".to_string(),
            ),
            (
                GroupCommandError::StillRunning { name: name() },
                "c1 is running; close or crash it first".to_string(),
            ),
            (
                GroupCommandError::BadName {
                    reason: "a name has 1 to 64 bytes".to_string(),
                },
                "a name has 1 to 64 bytes".to_string(),
            ),
            (
                GroupCommandError::BadProcessingMs {
                    reason: "9 ms is outside 0..=5 ms".to_string(),
                },
                "9 ms is outside 0..=5 ms".to_string(),
            ),
            (
                GroupCommandError::BadAssignors {
                    reason: "range is listed twice".to_string(),
                },
                "range is listed twice".to_string(),
            ),
            (
                GroupCommandError::BadCommitMode {
                    reason: "9 ms is outside 0..=5 ms".to_string(),
                },
                "9 ms is outside 0..=5 ms".to_string(),
            ),
        ];
        for (error, text) in cases {
            assert_eq!(error.to_string(), text);
        }
    }
}
