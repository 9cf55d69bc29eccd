//! What a user can do to a consumer group (add, close, crash or restart a member, change its
//! processing time, the assignors, the commit mode or the offset reset), and how the group
//! applies it: every check comes first, so a refusal leaves the group unchanged.

use super::client::{AppState, Consumer, MemberStatus};
use super::config::{
    check_assignors, check_commit, check_name, check_range, AssignorKind, CommitMode, OffsetReset,
};
use super::error::GroupCommandError;
use super::event::{GroupEvent, GroupEventKind};
use super::limits;
use super::log_view::LogView;
use super::protocol::RebalanceReason;
use super::runtime::{ConsumerGroup, Pending};

/// A user action on the group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupCommand {
    /// A new member starts.
    AddMember {
        name: String,
        instance_id: Option<String>,
    },
    /// Graceful close: finish in-flight work, commit if auto, leave if dynamic.
    CloseMember { name: String },
    /// kill -9: no leave, no commit, in-flight work lost.
    CrashMember { name: String },
    /// A closed, crashed or failed member starts again (a static one keeps its instance id).
    RestartMember { name: String },
    /// Changes one member's processing time per record.
    SetProcessingMs {
        name: String,
        processing_ms_per_record: u32,
    },
    /// Every member rejoins with the new assignor list.
    SetAssignors { assignors: Vec<AssignorKind> },
    /// Every member commits this way from now on.
    SetCommitMode { commit: CommitMode },
    /// Every member resets this way from now on.
    SetOffsetReset { reset: OffsetReset },
}

impl ConsumerGroup {
    /// Applies a user command at `now_ms` (after advancing to it). Refusals leave the state
    /// unchanged.
    pub fn apply(
        &mut self,
        now_ms: u64,
        command: &GroupCommand,
        logs: &dyn LogView,
        events: &mut Vec<GroupEvent>,
    ) -> Result<(), GroupCommandError> {
        // It may change a member's status or partitions, hence its phase.
        self.phases_dirty = true;
        let result = self.apply_command(now_ms, command, logs, events);
        self.note_phases();
        result
    }

    fn apply_command(
        &mut self,
        now_ms: u64,
        command: &GroupCommand,
        logs: &dyn LogView,
        events: &mut Vec<GroupEvent>,
    ) -> Result<(), GroupCommandError> {
        self.advance_to(now_ms, logs, events);
        let find = |group: &ConsumerGroup, name: &str| {
            group
                .members
                .iter()
                .position(|c| c.name == name)
                .ok_or_else(|| GroupCommandError::NoMember {
                    name: name.to_string(),
                })
        };
        match command {
            GroupCommand::AddMember { name, instance_id } => {
                check_name(name).map_err(|reason| GroupCommandError::BadName { reason })?;
                if self.members.iter().any(|c| c.name == *name) {
                    return Err(GroupCommandError::MemberExists { name: name.clone() });
                }
                if instance_id.is_some() && self.share.is_some() {
                    return Err(GroupCommandError::BadName {
                        reason: "a share group has no static membership (group.instance.id)"
                            .to_string(),
                    });
                }
                if let Some(inst) = instance_id {
                    check_name(inst).map_err(|reason| GroupCommandError::BadName { reason })?;
                    if self
                        .members
                        .iter()
                        .any(|c| c.instance_id.as_ref() == Some(inst))
                    {
                        return Err(GroupCommandError::InstanceIdInUse {
                            instance_id: inst.clone(),
                        });
                    }
                }
                if self.members.len() >= limits::MEMBERS_MAX {
                    return Err(GroupCommandError::TooManyMembers);
                }
                self.start_member(name, instance_id.clone());
                events.push(self.event(self.members.len() - 1, GroupEventKind::Started));
            }
            GroupCommand::CloseMember { name } => {
                let i = find(self, name)?;
                if !self.members[i].status.is_running() {
                    return Err(GroupCommandError::NotRunning { name: name.clone() });
                }
                if self.members[i].closing {
                    return Err(GroupCommandError::AlreadyClosing { name: name.clone() });
                }
                self.members[i].closing = true;
                if self.members[i].app == AppState::Idle {
                    self.bump_app(i);
                    self.schedule(
                        self.now_ms,
                        Pending::App {
                            member: i,
                            epoch: self.members[i].app_epoch,
                        },
                    );
                }
            }
            GroupCommand::CrashMember { name } => {
                let i = find(self, name)?;
                if !self.members[i].status.is_running() {
                    return Err(GroupCommandError::NotRunning { name: name.clone() });
                }
                self.stop_member(i, MemberStatus::Crashed);
                events.push(self.event(i, GroupEventKind::Crashed));
            }
            GroupCommand::RestartMember { name } => {
                let i = find(self, name)?;
                if self.members[i].status.is_running() {
                    return Err(GroupCommandError::StillRunning { name: name.clone() });
                }
                let old = &self.members[i];
                let mut c = Consumer::new(
                    &old.name,
                    old.instance_id.clone(),
                    self.config.assignors.clone(),
                    old.processing_ms_per_record,
                );
                c.incarnation = old.incarnation.wrapping_add(1);
                c.heartbeat_epoch = old.heartbeat_epoch + 1;
                c.poll_timer_epoch = old.poll_timer_epoch + 1;
                c.app_epoch = old.app_epoch + 1;
                c.stopped_ms = old.stopped_ms;
                c.alive_ms = old.alive_ms;
                c.consumed = old.consumed;
                c.processed = old.processed;
                c.last_poll_ms = self.now_ms;
                self.members[i] = c;
                self.init_member(i);
                events.push(self.event(i, GroupEventKind::Started));
            }
            GroupCommand::SetProcessingMs {
                name,
                processing_ms_per_record,
            } => {
                let i = find(self, name)?;
                check_range(
                    *processing_ms_per_record,
                    0,
                    limits::PROCESSING_MS_PER_RECORD_MAX,
                    " ms",
                )
                .map_err(|reason| GroupCommandError::BadProcessingMs { reason })?;
                self.members[i].processing_ms_per_record = *processing_ms_per_record;
            }
            GroupCommand::SetAssignors { assignors } => {
                check_assignors(assignors)
                    .map_err(|reason| GroupCommandError::BadAssignors { reason })?;
                self.config.assignors = assignors.clone();
                for c in &mut self.members {
                    c.assignors = assignors.clone();
                    if c.status.is_running() {
                        c.rejoin = Some(RebalanceReason::SubscriptionChange);
                    }
                }
            }
            GroupCommand::SetCommitMode { commit } => {
                check_commit(commit)
                    .map_err(|reason| GroupCommandError::BadCommitMode { reason })?;
                self.config.commit = *commit;
            }
            GroupCommand::SetOffsetReset { reset } => self.config.auto_offset_reset = *reset,
        }
        Ok(())
    }
}
