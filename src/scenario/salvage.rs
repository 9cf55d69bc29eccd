//! Opening what can be kept of a link that breaks a rule: the part a refused value sits in is
//! reset or left out, and each repair is reported.

use crate::engine::{limits, FieldPath, Part};

use super::error::describe;
use super::link::fragment_json;
use super::{ActionCommand, AnyId, Catalogue, CodecError, Decoded, Scenario, ViewSpec};

impl Scenario {
    /// Reads a link like [`Scenario::from_fragment`], but keeps what it can: a value outside
    /// the rules resets only the part it is in (an action and those after it, one group, one
    /// added topic or producer, the view, the lesson, or one section to its default), and each
    /// repair is added to the warnings, saying what was wrong and what was dropped. Links that
    /// do not decode at all (damaged, wrong version, not JSON) are still an error. Lesson and
    /// comparison ids are not looked up (see [`Scenario::from_fragment_salvaging_with`]).
    pub fn from_fragment_salvaging(input: &str) -> Result<Decoded, CodecError> {
        Scenario::from_fragment_salvaging_with(input, &AnyId)
    }

    /// Salvages a link like [`Scenario::from_fragment_salvaging`], checking it with `ids`
    /// ([`Scenario::validate_with`]): an id they refuse is repaired like any other value.
    pub fn from_fragment_salvaging_with(
        input: &str,
        ids: &dyn Catalogue,
    ) -> Result<Decoded, CodecError> {
        let Some(text) = fragment_json(input)? else {
            return Ok(Decoded {
                scenario: Scenario::default(),
                warnings: Vec::new(),
            });
        };
        let Decoded {
            mut scenario,
            mut warnings,
        } = Scenario::parse_json(&text)?;
        // Each repair removes or resets something, so this ends; the bound is a second guard.
        for _ in 0..64 {
            match scenario.validate_with(ids) {
                Ok(()) => return Ok(Decoded { scenario, warnings }),
                Err(CodecError::Invalid(e)) => match scenario.repair(&e.field) {
                    Some(what) => warnings.push(format!("{}, so {what}", describe(&e))),
                    None => return Err(CodecError::Invalid(e)),
                },
                Err(other) => return Err(other),
            }
        }
        scenario
            .validate_with(ids)
            .map(|()| Decoded { scenario, warnings })
    }

    /// Resets or removes the part of the scenario `field` points into; says what it did, or
    /// `None` when there is no part to drop.
    fn repair(&mut self, field: &FieldPath) -> Option<String> {
        match field.part {
            Part::Action(i) => {
                let dropped = self.actions.len().saturating_sub(i);
                self.actions.truncate(i);
                Some(format!(
                    "dropped action {} and the {} after it",
                    i + 1,
                    dropped.saturating_sub(1)
                ))
            }
            Part::Group(g) if g < self.groups.len() => {
                let id = self.groups.remove(g).group_id;
                // Actions name groups by index: the removed group's go, later groups' shift.
                self.actions.retain_mut(|a| match &mut a.command {
                    ActionCommand::Group { group, .. } if *group as usize == g => false,
                    ActionCommand::Group { group, .. } if *group as usize > g => {
                        *group -= 1;
                        true
                    }
                    _ => true,
                });
                Some(format!("left out consumer group {id:?} and its actions"))
            }
            Part::Topic(0) => {
                self.topic = Scenario::default().topic;
                Some("used the default main topic".to_string())
            }
            Part::Topic(i) if i <= self.more_topics.len() => {
                let name = self.more_topics.remove(i - 1).name;
                Some(format!("left out topic {name:?}"))
            }
            Part::Producer(0) => {
                self.producer = Scenario::default().producer;
                Some("used the default main producer".to_string())
            }
            Part::Producer(i) if i <= self.more_producers.len() => {
                self.more_producers.remove(i - 1);
                Some(format!("left out producer {}", i + 1))
            }
            Part::View => {
                let playhead_ms = self.view.playhead_ms.min(limits::RUN_MS_MAX);
                self.view = ViewSpec {
                    playhead_ms,
                    ..ViewSpec::default()
                };
                Some("reset what is shown (speed, topic on stage, comparison)".to_string())
            }
            Part::Lesson => {
                self.lesson = None;
                Some("opened it without a lesson".to_string())
            }
            Part::Cluster => {
                self.cluster = Scenario::default().cluster;
                Some("used the default cluster".to_string())
            }
            Part::Group(_)
            | Part::Topic(_)
            | Part::Producer(_)
            | Part::Topics
            | Part::Producers
            | Part::Groups
            | Part::Actions => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Action, GroupSpec, ProducerSpec, TopicSpec};

    /// A scenario with two added topics, two added producers and two groups.
    fn full() -> Scenario {
        Scenario {
            more_topics: vec![
                TopicSpec {
                    name: "a".to_string(),
                    ..TopicSpec::default()
                },
                TopicSpec {
                    name: "b".to_string(),
                    ..TopicSpec::default()
                },
            ],
            more_producers: vec![ProducerSpec::default(), ProducerSpec::default()],
            groups: vec![
                GroupSpec {
                    group_id: "g0".to_string(),
                    ..GroupSpec::default()
                },
                GroupSpec {
                    group_id: "g1".to_string(),
                    ..GroupSpec::default()
                },
            ],
            ..Scenario::default()
        }
    }

    #[test]
    fn repairs_follow_the_typed_path() {
        let cases: [(FieldPath, Option<&str>); 13] = [
            (
                FieldPath::at(Part::Topic(2), "partitions"),
                Some("left out topic \"b\""),
            ),
            (
                FieldPath::at(Part::Topic(1), "name"),
                Some("left out topic \"a\""),
            ),
            (FieldPath::at(Part::Topic(3), "name"), None),
            (
                FieldPath::at(Part::Topic(0), "partitions"),
                Some("used the default main topic"),
            ),
            (
                FieldPath::at(Part::Producer(2), "rate_per_sec"),
                Some("left out producer 3"),
            ),
            (
                FieldPath::at(Part::Producer(0), "rate_per_sec"),
                Some("used the default main producer"),
            ),
            (
                FieldPath::at(Part::Group(1), "group_id"),
                Some("left out consumer group \"g1\" and its actions"),
            ),
            (FieldPath::at(Part::Group(2), "group_id"), None),
            (
                FieldPath::at(Part::Cluster, "brokers"),
                Some("used the default cluster"),
            ),
            (
                FieldPath::at(Part::View, "speed"),
                Some("reset what is shown (speed, topic on stage, comparison)"),
            ),
            (
                FieldPath::of(Part::Lesson),
                Some("opened it without a lesson"),
            ),
            (FieldPath::of(Part::Topics), None),
            (FieldPath::of(Part::Actions), None),
        ];
        for (path, what) in cases {
            assert_eq!(full().repair(&path).as_deref(), what, "{path}");
        }
    }

    #[test]
    fn a_bad_action_drops_it_and_those_after_it() {
        let actions = (0..4)
            .map(|i| {
                Action::from_command(
                    i * 10,
                    &crate::engine::Command::SetRate {
                        producer: 0,
                        rate_per_sec: 1,
                    },
                )
            })
            .collect();
        let mut s = Scenario {
            actions,
            ..Scenario::default()
        };
        let what = s.repair(&FieldPath::at(Part::Action(1), "at_ms"));
        assert_eq!(what.as_deref(), Some("dropped action 2 and the 2 after it"));
        assert_eq!(s.actions.len(), 1);
    }

    #[test]
    fn removing_a_group_drops_its_actions_and_shifts_later_ones() {
        let mut s = full();
        let group = |g: u32| {
            Action::from_command(
                0,
                &crate::engine::Command::Group {
                    group: g,
                    command: crate::engine::group::GroupCommand::CrashMember {
                        name: "c".to_string(),
                    },
                },
            )
        };
        s.actions = vec![group(0), group(1)];
        s.repair(&FieldPath::at(Part::Group(0), "rtt_ms"));
        assert_eq!(s.actions, vec![group(0)]);
        assert_eq!(s.groups.len(), 1);
        assert_eq!(s.groups[0].group_id, "g1");
    }
}
