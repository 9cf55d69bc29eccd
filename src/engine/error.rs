//! Where a refused setting sits, as a typed path: the engine names a setting by the part of the
//! run it belongs to and its field names, never in a wire format's words, so the scenario layer
//! maps the path to its own format and nothing takes an error message apart again.

use std::fmt;

/// The part of a run (or of a scenario driving it) that a setting belongs to. The engine
/// addresses topics, producers and groups by their index in the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// The cluster's own settings: brokers, placement, replication timing.
    Cluster,
    /// The run's topics as a list (how many there are).
    Topics,
    /// Topic `i` of the run.
    Topic(usize),
    /// The run's producers as a list.
    Producers,
    /// Producer `i` of the run.
    Producer(usize),
    /// The run's consumer groups as a list.
    Groups,
    /// Consumer group `g` of the run.
    Group(usize),
    /// A scenario's timed actions as a list.
    Actions,
    /// Action `i` of a scenario, in time order.
    Action(usize),
    /// What the page shows (speed, playhead, topic on stage, comparison).
    View,
    /// The lesson a scenario opens with.
    Lesson,
}

/// A typed path to one setting: its part and the field names inside it, outermost first
/// (`Part::Producer(1)` with `["keys", "prefix"]`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldPath {
    /// The part of the run the setting is in.
    pub part: Part,
    /// The field names within the part, outermost first; empty for the part itself.
    pub fields: Vec<&'static str>,
}

impl FieldPath {
    /// The part itself, with no field inside it.
    pub fn of(part: Part) -> FieldPath {
        FieldPath {
            part,
            fields: Vec::new(),
        }
    }

    /// The field `name` inside `part`.
    pub fn at(part: Part, name: &'static str) -> FieldPath {
        FieldPath::of(part).field(name)
    }

    /// This path with one more field name inside it.
    pub fn field(mut self, name: &'static str) -> FieldPath {
        self.fields.push(name);
        self
    }

    /// The field names joined with dots, as every format writes them inside a part.
    pub fn dotted_fields(&self) -> String {
        self.fields.join(".")
    }
}

impl fmt::Display for Part {
    /// The engine's own spelling: lists by their plural, items by index (`topics[1]`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Part::Cluster => f.write_str("cluster"),
            Part::Topics => f.write_str("topics"),
            Part::Topic(i) => write!(f, "topics[{i}]"),
            Part::Producers => f.write_str("producers"),
            Part::Producer(i) => write!(f, "producers[{i}]"),
            Part::Groups => f.write_str("groups"),
            Part::Group(g) => write!(f, "groups[{g}]"),
            Part::Actions => f.write_str("actions"),
            Part::Action(i) => write!(f, "actions[{i}]"),
            Part::View => f.write_str("view"),
            Part::Lesson => f.write_str("lesson"),
        }
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.part)?;
        for name in &self.fields {
            write!(f, ".{name}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_display_in_the_engines_terms() {
        let cases = [
            (FieldPath::at(Part::Cluster, "brokers"), "cluster.brokers"),
            (FieldPath::of(Part::Topics), "topics"),
            (
                FieldPath::at(Part::Topic(0), "partitions"),
                "topics[0].partitions",
            ),
            (
                FieldPath::at(Part::Topic(3), "replication_factor"),
                "topics[3].replication_factor",
            ),
            (FieldPath::of(Part::Producers), "producers"),
            (
                FieldPath::at(Part::Producer(1), "keys").field("prefix"),
                "producers[1].keys.prefix",
            ),
            (FieldPath::of(Part::Groups), "groups"),
            (
                FieldPath::at(Part::Group(2), "processing").field("threads"),
                "groups[2].processing.threads",
            ),
            (FieldPath::of(Part::Actions), "actions"),
            (FieldPath::at(Part::Action(7), "at_ms"), "actions[7].at_ms"),
            (FieldPath::at(Part::View, "speed"), "view.speed"),
            (FieldPath::of(Part::Lesson), "lesson"),
        ];
        for (path, text) in cases {
            assert_eq!(path.to_string(), text);
        }
    }

    #[test]
    fn dotted_fields_leave_out_the_part() {
        let path = FieldPath::at(Part::Group(0), "members").field("instance_id");
        assert_eq!(path.dotted_fields(), "members.instance_id");
        assert_eq!(FieldPath::of(Part::View).dotted_fields(), "");
    }
}
