//! The stage's caption, its legend: the summary, then a note for each way of drawing that is in
//! use (followers' ticks, group marks, sampled batches, reduced motion, sampled rows).

use crate::ui::stage_model::{Notes, GROUP_MARKS_NOTE, REDUCED_MOTION_NOTE, REPLICATION_NOTE};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StageCaptionProps {
    pub summary: AttrValue,
    pub notes: Notes,
}

#[component]
pub fn StageCaption(props: &StageCaptionProps) -> Html {
    let n = &props.notes;
    html! {
        <figcaption>
            { props.summary.clone() }
            if n.replication {
                { REPLICATION_NOTE }
            }
            if n.group_marks {
                { GROUP_MARKS_NOTE }
            }
            if let Some(note) = &n.sampled_flights {
                { note.value().clone() }
            }
            if n.reduced_motion {
                { REDUCED_MOTION_NOTE }
            }
            if let Some(note) = &n.sampled_rows {
                { note.value().clone() }
            }
        </figcaption>
    }
}
