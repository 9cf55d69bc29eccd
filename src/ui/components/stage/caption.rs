//! The stage's caption, its legend: the summary, then, folded away under "How to read the
//! picture" so the stage stays uncluttered, a note for each way of drawing that is in use
//! (replicas and followers' ticks, owner links and group marks, sampled batches, reduced
//! motion, sampled rows).

use crate::ui::stage_model::{
    Notes, GROUP_MARKS_NOTE, LEGEND_SUMMARY, REDUCED_MOTION_NOTE, REPLICATION_NOTE,
};
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
            <details class="legend">
            <summary>{ LEGEND_SUMMARY }</summary>
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
            </details>
        </figcaption>
    }
}
