//! The format's rules: what a scenario may hold (limits, references between its parts, time
//! order), checked before anything runs it.

use crate::engine::{self, limits, FieldPath, Part};

use super::{ActionCommand, CodecError, Scenario, FORMAT_VERSION};

/// Playback speed bounds, as multiples of real time.
pub const SPEED_MIN: f64 = 0.01;
/// See [`SPEED_MIN`].
pub const SPEED_MAX: f64 = 100.0;

/// The ids a scenario may name that layers above the format define: a lesson (`lesson`) and a
/// comparison (`view.compare`). The format knows where they sit and how a link without them
/// opens, but not which exist; the session's catalogue says, so that whether JSON is valid
/// does not depend on the lesson list.
pub trait Catalogue {
    /// Why there is no lesson with this id, if there is none.
    fn check_lesson(&self, id: &str) -> Result<(), String>;
    /// Why `scenario` cannot be compared side by side this way, if it cannot.
    fn check_comparison(&self, id: &str, scenario: &Scenario) -> Result<(), String>;
}

/// The catalogue that takes every id: the format's own rules, shape and limits, alone.
#[derive(Clone, Copy, Debug, Default)]
pub struct AnyId;

impl Catalogue for AnyId {
    fn check_lesson(&self, _id: &str) -> Result<(), String> {
        Ok(())
    }

    fn check_comparison(&self, _id: &str, _scenario: &Scenario) -> Result<(), String> {
        Ok(())
    }
}

impl Scenario {
    /// Checks the shape and limits everything the engine and the page rely on; a lesson or
    /// comparison id is not looked up (see [`Scenario::validate_with`]).
    pub fn validate(&self) -> Result<(), CodecError> {
        self.validate_with(&AnyId)
    }

    /// Checks like [`Scenario::validate`], and asks `ids` about the lesson and comparison the
    /// scenario names.
    pub fn validate_with(&self, ids: &dyn Catalogue) -> Result<(), CodecError> {
        if self.version == 0 || self.version > FORMAT_VERSION {
            return Err(CodecError::UnsupportedVersion {
                found: self.version.to_string(),
            });
        }
        let invalid = |field: FieldPath, message: String| {
            CodecError::Invalid(engine::ConfigError::new(field, message))
        };
        for (i, group) in self.groups.iter().enumerate() {
            if let Some(key) = group
                .committed_offsets
                .keys()
                .find(|k| super::groups::parse_topic_partition(k).is_none())
            {
                return Err(invalid(
                    FieldPath::at(Part::Group(i), "committed_offsets"),
                    format!("{key:?} is not \"topic-partition\" (e.g. \"orders-0\")"),
                ));
            }
        }
        self.sim_config().validate().map_err(CodecError::Invalid)?;
        if self.actions.len() > limits::ACTIONS_MAX {
            return Err(invalid(
                FieldPath::of(Part::Actions),
                format!(
                    "{} actions is above the limit of {}",
                    self.actions.len(),
                    limits::ACTIONS_MAX
                ),
            ));
        }
        let mut last = 0;
        for (i, action) in self.actions.iter().enumerate() {
            if action.at_ms > limits::RUN_MS_MAX {
                return Err(invalid(
                    FieldPath::at(Part::Action(i), "at_ms"),
                    format!(
                        "{} ms is past the longest run of {} ms",
                        action.at_ms,
                        limits::RUN_MS_MAX
                    ),
                ));
            }
            if action.at_ms < last {
                return Err(invalid(
                    FieldPath::at(Part::Action(i), "at_ms"),
                    "actions must be in time order".to_string(),
                ));
            }
            let (producers, topics) = (
                self.more_producers.len() as u32 + 1,
                self.more_topics.len() as u32 + 1,
            );
            match &action.command {
                ActionCommand::Produce { producer, .. }
                | ActionCommand::SetRate { producer, .. }
                    if *producer >= producers =>
                {
                    return Err(invalid(
                        FieldPath::at(Part::Action(i), "producer"),
                        format!("there is no producer {producer}; the scenario has {producers}"),
                    ));
                }
                ActionCommand::AddPartitions { topic, .. } if *topic >= topics => {
                    return Err(invalid(
                        FieldPath::at(Part::Action(i), "topic"),
                        format!("there is no topic {topic}; the scenario has {topics}"),
                    ));
                }
                ActionCommand::KillBroker { broker }
                | ActionCommand::ShutdownBroker { broker }
                | ActionCommand::IsolateBroker { broker, .. }
                | ActionCommand::HealBroker { broker }
                | ActionCommand::RestartBroker { broker }
                | ActionCommand::SlowBroker { broker, .. }
                    if *broker < 1 || *broker > self.cluster.brokers =>
                {
                    return Err(invalid(
                        FieldPath::at(Part::Action(i), "broker"),
                        format!(
                            "there is no broker {broker}; the cluster has brokers 1 to {}",
                            self.cluster.brokers
                        ),
                    ));
                }
                ActionCommand::Group { group, .. } if *group as usize >= self.groups.len() => {
                    return Err(invalid(
                        FieldPath::at(Part::Action(i), "group"),
                        format!(
                            "there is no consumer group {group}; the scenario has {}",
                            self.groups.len()
                        ),
                    ));
                }
                _ => {}
            }
            last = action.at_ms;
        }
        if self.view.playhead_ms > limits::RUN_MS_MAX {
            return Err(invalid(
                FieldPath::at(Part::View, "playhead_ms"),
                format!(
                    "{} ms is past the longest run of {} ms",
                    self.view.playhead_ms,
                    limits::RUN_MS_MAX
                ),
            ));
        }
        // Which ids exist is the caller's knowledge; where they sit, and that they are checked
        // here (after the playhead, before the rest of the view), is the format's, so a link's
        // repairs come in one order whoever reads it.
        if let Some(id) = &self.lesson {
            ids.check_lesson(id)
                .map_err(|message| invalid(FieldPath::of(Part::Lesson), message))?;
        }
        if let Some(id) = &self.view.compare {
            ids.check_comparison(id, self)
                .map_err(|message| invalid(FieldPath::at(Part::View, "compare"), message))?;
        }
        if self.view.topic as usize > self.more_topics.len() {
            return Err(invalid(
                FieldPath::at(Part::View, "topic"),
                format!(
                    "there is no topic {}; the scenario has {}",
                    self.view.topic,
                    self.more_topics.len() + 1
                ),
            ));
        }
        if !(SPEED_MIN..=SPEED_MAX).contains(&self.view.speed) {
            return Err(invalid(
                FieldPath::at(Part::View, "speed"),
                format!("{} is outside {SPEED_MIN} to {SPEED_MAX}", self.view.speed),
            ));
        }
        Ok(())
    }
}
