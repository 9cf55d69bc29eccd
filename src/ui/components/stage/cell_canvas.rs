//! The partition rows' backgrounds and log cells, painted on one canvas under the stage's SVG.
//! As SVG they were three or four nodes per record for Yew to diff and Chromium to style and
//! lay out; on a canvas they are one bitmap, and a frame paints again only the rows whose
//! records or marks changed. What each cell looks like is decided in
//! [`model::CellLook`]; this component only carries it out. The rows' accessible names, the
//! pointer's tooltip and every other part of the stage stay in the SVG above it.

use crate::ui::stage_model::{self as model, CellLook, Dash, PartitionRow, RowLook, WIDTH};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ResizeObserver, ResizeObserverEntry};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CellCanvasProps {
    pub rows: Vec<PartitionRow>,
    /// The inspected or pointed-at key: its records are outlined.
    pub marked_key: AttrValue,
    /// A key is pointed at: the other records fade.
    pub dimming: bool,
    /// The stage's height in stage units (its width is [`WIDTH`]).
    pub height: f64,
}

/// What painting needs beyond the props: the context and the dash patterns, made once, and
/// what was last painted, so a frame paints again only the rows that changed.
struct Painter {
    ctx: CanvasRenderingContext2d,
    short_dash: JsValue,
    long_dash: JsValue,
    solid: JsValue,
    painted: Option<Painted>,
    /// The row being painted's cells, each worked out once per paint (kept to reuse its space).
    looks: Vec<CellLook>,
}

/// What the canvas shows.
struct Painted {
    rows: Vec<PartitionRow>,
    marked_key: AttrValue,
    dimming: bool,
    height: f64,
    size_px: (u32, u32),
}

impl Painter {
    fn new(canvas: &HtmlCanvasElement) -> Option<Painter> {
        let ctx = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let array = |segments: &[f64]| -> JsValue {
            segments
                .iter()
                .map(|&s| JsValue::from_f64(s))
                .collect::<js_sys::Array>()
                .into()
        };
        Some(Painter {
            ctx,
            short_dash: array(Dash::Short.segments()),
            long_dash: array(Dash::Long.segments()),
            solid: array(Dash::Solid.segments()),
            painted: None,
            looks: Vec::new(),
        })
    }

    fn dash(&self, dash: Dash) -> &JsValue {
        match dash {
            Dash::Solid => &self.solid,
            Dash::Short => &self.short_dash,
            Dash::Long => &self.long_dash,
        }
    }

    /// Paints `want`: everything when the marked key, the size or the number of rows changed,
    /// else only the rows that differ from what is on the canvas. Each row is painted inside
    /// its band of whole device pixels whether it is painted alone or with all the others, so
    /// both give the same pixels (`CellLook` keeps every stroke and badge inside the band).
    fn paint(&mut self, want: Painted) {
        let (width_px, height_px) = (f64::from(want.size_px.0), f64::from(want.size_px.1));
        let (scale_x, scale_y) = (width_px / WIDTH, height_px / want.height);
        let last = self.painted.take().filter(|last| {
            last.marked_key == want.marked_key
                && last.dimming == want.dimming
                && last.height == want.height
                && last.size_px == want.size_px
                && last.rows.len() == want.rows.len()
        });
        let ctx = &self.ctx;
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        if last.is_none() {
            ctx.clear_rect(0.0, 0.0, width_px, height_px);
        }
        let mut digits = itoa::Buffer::new();
        let mut looks = std::mem::take(&mut self.looks);
        for (i, row) in want.rows.iter().enumerate() {
            if last
                .as_ref()
                .is_some_and(|last| model::paints_alike(&last.rows[i], row))
            {
                continue;
            }
            // Neighbouring rows meet on the same rounded line.
            let top = (row.y * scale_y).round();
            let bottom = ((row.y + row.row_h) * scale_y).round();
            if last.is_some() {
                ctx.clear_rect(0.0, top, width_px, bottom - top);
            }
            ctx.save();
            ctx.begin_path();
            ctx.rect(0.0, top, width_px, bottom - top);
            ctx.clip();
            let _ = ctx.set_transform(scale_x, 0.0, 0.0, scale_y, 0.0, 0.0);
            looks.clear();
            looks.extend(
                (0..row.log.cells.len())
                    .map(|slot| CellLook::of(row, slot, &want.marked_key, want.dimming)),
            );
            self.paint_row(row, &looks, &mut digits);
            ctx.restore();
        }
        self.looks = looks;
        self.painted = Some(want);
    }

    /// One row: its background, its cells' boxes, then each kind of text in one font (the
    /// cells do not overlap, so the order of passes changes nothing drawn, and the font is set
    /// three times a row, not once per cell).
    fn paint_row(&self, row: &PartitionRow, looks: &[CellLook], digits: &mut itoa::Buffer) {
        let ctx = &self.ctx;
        let bg = RowLook::of(row);
        ctx.set_global_alpha(1.0);
        ctx.set_line_width(1.0);
        let _ = ctx.set_line_dash(&self.solid);
        ctx.begin_path();
        let _ = ctx.round_rect_with_f64(model::ROW_BG_X, bg.y, model::ROW_BG_W, bg.h, 6.0);
        ctx.set_fill_style_str(bg.fill);
        ctx.fill();
        ctx.set_stroke_style_str(bg.stroke);
        ctx.stroke();
        let mut dash = Dash::Solid;
        for look in looks {
            ctx.begin_path();
            let _ = ctx.round_rect_with_f64(look.x, look.y, look.w, look.h, 4.0);
            ctx.set_global_alpha(look.fill_alpha);
            ctx.set_fill_style_str(look.fill);
            ctx.fill();
            ctx.set_global_alpha(look.stroke_alpha);
            ctx.set_stroke_style_str(look.stroke);
            ctx.set_line_width(look.stroke_w);
            if look.dash != dash {
                dash = look.dash;
                let _ = ctx.set_line_dash(self.dash(dash));
            }
            ctx.stroke();
        }
        let _ = ctx.set_line_dash(&self.solid);
        if row.shows_text() {
            // Neighbouring cells often share their text colour: it is set only when it changes.
            let mut ink = "";
            let mut set_ink = |colour: &'static str| {
                if colour != ink {
                    ink = colour;
                    ctx.set_fill_style_str(colour);
                }
            };
            ctx.set_font(model::OFFSET_FONT);
            ctx.set_text_align("left");
            ctx.set_global_alpha(0.85);
            for (look, cell) in looks.iter().zip(&row.log.cells) {
                let (x, y) = look.offset_at();
                set_ink(look.ink);
                let _ = ctx.fill_text(digits.format(cell.offset), x, y);
            }
            ctx.set_global_alpha(1.0);
            ctx.set_font(model::KEY_FONT);
            ctx.set_text_align("center");
            for (look, cell) in looks.iter().zip(&row.log.cells) {
                let (x, y) = look.key_at();
                set_ink(look.ink);
                let _ = ctx.fill_text(model::cell_key_text(cell), x, y);
            }
        }
        ctx.set_global_alpha(1.0);
        ctx.set_font(model::BADGE_FONT);
        ctx.set_text_align("center");
        ctx.set_line_width(model::BADGE_RING_W);
        ctx.set_stroke_style_str("#fff");
        for badge in looks.iter().filter_map(|look| look.badge) {
            ctx.begin_path();
            let _ = ctx.arc(badge.cx, badge.cy, badge.r, 0.0, std::f64::consts::TAU);
            ctx.set_fill_style_str(badge.fill);
            ctx.fill();
            ctx.stroke();
            ctx.set_fill_style_str("#fff");
            let _ = ctx.fill_text(badge.text, badge.cx, badge.cy + 3.5);
        }
    }
}

#[component]
pub fn CellCanvas(props: &CellCanvasProps) -> Html {
    let canvas = use_node_ref();
    // The canvas's size in device pixels, as a ResizeObserver last reported it.
    let size = use_state_eq(|| (0u32, 0u32));
    {
        let canvas = canvas.clone();
        let size = size.setter();
        use_effect_with((), move |_| {
            let observer = canvas.cast::<HtmlCanvasElement>().and_then(|el| {
                let on_resize =
                    Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                        let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
                        if let Ok(entry) = entries.get(0).dyn_into::<ResizeObserverEntry>() {
                            let r = entry.content_rect();
                            size.set((
                                (r.width() * ratio).round() as u32,
                                (r.height() * ratio).round() as u32,
                            ));
                        }
                    });
                let observer = ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
                observer.observe(&el);
                Some((observer, on_resize))
            });
            move || {
                if let Some((observer, _on_resize)) = observer {
                    observer.disconnect();
                }
            }
        });
    }
    let painter = use_mut_ref(|| None::<Painter>);
    {
        let canvas = canvas.clone();
        let size_px = *size;
        // The component renders only when its props or its size changed: each render paints,
        // after it (so the canvas element exists and has its size).
        let want = Painted {
            rows: props.rows.clone(),
            marked_key: props.marked_key.clone(),
            dimming: props.dimming,
            height: props.height,
            size_px,
        };
        use_effect(move || {
            let Some(el) = canvas.cast::<HtmlCanvasElement>().filter(|_| size_px.0 > 0) else {
                return;
            };
            let mut painter = painter.borrow_mut();
            if (el.width(), el.height()) != size_px {
                // Resizing clears the canvas: everything is painted again.
                el.set_width(size_px.0);
                el.set_height(size_px.1);
                if let Some(p) = &mut *painter {
                    p.painted = None;
                }
            }
            if painter.is_none() {
                *painter = Painter::new(&el);
            }
            if let Some(p) = &mut *painter {
                p.paint(want);
            }
        });
    }
    html! { <canvas class="stage-cells" ref={canvas} aria-hidden="true"></canvas> }
}
