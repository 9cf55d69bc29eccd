//! One record in a partition's row: an offset cell coloured by its key, with its offset and key,
//! and the ledger's flag when it has one. A component of its own, drawn at its place in the
//! row's sliding group ([`model::cells_anchor`]): at low rates, when a record is appended, the
//! cells already drawn keep their nodes, texts and props, and only the group moves.

use crate::ui::stage_model::{self as model, CellMarks, CELL_STEP, CELL_W};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LogCellProps {
    pub cell: model::Cell,
    pub partition: u32,
    /// `3`, for data attributes.
    pub number: AttrValue,
    /// The offset drawn at the row's group's origin ([`model::cells_anchor`], or the first
    /// cell's when the rows are sampled).
    pub anchor: u64,
    pub y: f64,
    pub row_h: f64,
    pub show_text: bool,
    pub marks: CellMarks,
}

#[component]
pub fn LogCell(props: &LogCellProps) -> Html {
    let LogCellProps {
        cell,
        y,
        row_h,
        marks,
        ..
    } = props;
    let (y, row_h) = (*y, *row_h);
    let x = (cell.offset - props.anchor) as f64 * CELL_STEP;
    let key = cell.key.as_deref();
    let (fill, ink) = cell.swatch.colours();
    let flag = cell.flag.as_ref().map(|f| f.kind);
    html! {
        <g class={classes!("cell", marks.fresh.then_some("fresh"), marks.matches.then_some("match"), marks.uncommitted.then_some("uncommitted"), flag.map(|f| f.class()), flag.is_some().then_some("flagged"))}
            data-partition={props.number.clone()} data-offset={cell.offset.to_string()} data-key={cell.key.clone().unwrap_or_else(|| "".into())}
            data-null-key={key.is_none().then_some("true")}>
            <title>{ cell.title(props.partition) }</title>
            <rect x={format!("{x:.1}")} y={format!("{:.1}", y + 3.0)} width={model::text::CELL_W} height={format!("{:.1}", row_h - 6.0)} rx="4" fill={fill} />
            if props.show_text {
                <text x={format!("{:.1}", x + 4.0)} y={format!("{:.1}", y + 14.0)} class="cell-offset" fill={ink}>{ cell.offset }</text>
                <text x={format!("{:.1}", x + CELL_W / 2.0)} y={format!("{:.1}", y + row_h - 10.0)} class="cell-key" fill={ink}>
                    { cell.key_text.clone().map_or(AttrValue::Static("null"), AttrValue::Rc) }
                </text>
            }
            if let Some(kind) = flag {
                <g class="cell-flag" aria-hidden="true">
                    <circle cx={format!("{:.1}", x + CELL_W - 5.0)} cy={format!("{:.1}", y + 5.0)} r="7" />
                    <text x={format!("{:.1}", x + CELL_W - 5.0)} y={format!("{:.1}", y + 8.5)}>{ kind.badge() }</text>
                </g>
            }
        </g>
    }
}
