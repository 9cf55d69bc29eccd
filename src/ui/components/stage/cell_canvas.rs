//! The partition rows' backgrounds and log cells, painted on one canvas under the stage's SVG.
//! As SVG they were three or four nodes per record, and Chromium styled, laid out and painted
//! them again whenever anything on the stage moved; on a canvas they are one bitmap, painted
//! only when a row's records, marks or size change. What each cell looks like is decided in
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

/// What painting needs beyond the props: the context and the dash patterns, made once.
struct Painter {
    ctx: CanvasRenderingContext2d,
    short_dash: JsValue,
    long_dash: JsValue,
    solid: JsValue,
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
        })
    }

    fn dash(&self, dash: Dash) -> &JsValue {
        match dash {
            Dash::Solid => &self.solid,
            Dash::Short => &self.short_dash,
            Dash::Long => &self.long_dash,
        }
    }

    /// Paints every row from scratch: a frame changes few rows, but painting them all is a few
    /// hundred canvas calls, far cheaper than tracking which pixels each row's badges reach.
    fn paint(
        &self,
        rows: &[PartitionRow],
        marked_key: &str,
        dimming: bool,
        height: f64,
        (scale_x, scale_y): (f64, f64),
    ) {
        let ctx = &self.ctx;
        let _ = ctx.set_transform(scale_x, 0.0, 0.0, scale_y, 0.0, 0.0);
        ctx.clear_rect(0.0, 0.0, WIDTH, height);
        ctx.set_line_width(1.0);
        let _ = ctx.set_line_dash(&self.solid);
        for row in rows {
            let look = RowLook::of(row);
            ctx.begin_path();
            let _ = ctx.round_rect_with_f64(model::ROW_BG_X, look.y, model::ROW_BG_W, look.h, 6.0);
            ctx.set_fill_style_str(look.fill);
            ctx.fill();
            ctx.set_stroke_style_str(look.stroke);
            ctx.stroke();
        }
        let looks = || {
            rows.iter().flat_map(move |row| {
                (0..row.log.cells.len())
                    .map(move |slot| (row, slot, CellLook::of(row, slot, marked_key, dimming)))
            })
        };
        // The boxes first, then each kind of text in one font: the cells do not overlap, so
        // the order of passes changes nothing drawn and the font is set three times, not per cell.
        let mut dash = Dash::Solid;
        for (_, _, look) in looks() {
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
        ctx.set_global_alpha(1.0);
        let _ = ctx.set_line_dash(&self.solid);
        let mut digits = itoa::Buffer::new();
        ctx.set_font(model::OFFSET_FONT);
        ctx.set_text_align("left");
        ctx.set_global_alpha(0.85);
        for (row, slot, look) in looks().filter(|(_, _, l)| l.texts) {
            let (x, y) = look.offset_at();
            ctx.set_fill_style_str(look.ink);
            let _ = ctx.fill_text(digits.format(row.log.cells[slot].offset), x, y);
        }
        ctx.set_global_alpha(1.0);
        ctx.set_font(model::KEY_FONT);
        ctx.set_text_align("center");
        for (row, slot, look) in looks().filter(|(_, _, l)| l.texts) {
            let (x, y) = look.key_at();
            ctx.set_fill_style_str(look.ink);
            let _ = ctx.fill_text(model::cell_key_text(&row.log.cells[slot]), x, y);
        }
        ctx.set_font(model::BADGE_FONT);
        ctx.set_line_width(1.2);
        ctx.set_stroke_style_str("#fff");
        for badge in looks().filter_map(|(_, _, l)| l.badge) {
            ctx.begin_path();
            let _ = ctx.arc(badge.cx, badge.cy, 7.0, 0.0, std::f64::consts::TAU);
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
        let (width_px, height_px) = *size;
        // Paints when the rows, the marked key or the canvas's size change, after the render
        // that changed them (so the canvas element exists and has its size).
        let deps = (
            props.rows.clone(),
            props.marked_key.clone(),
            props.dimming,
            props.height,
            width_px,
            height_px,
        );
        use_effect_with(
            deps,
            move |(rows, marked_key, dimming, height, width_px, height_px)| {
                let (width_px, height_px) = (*width_px, *height_px);
                if let Some(el) = canvas.cast::<HtmlCanvasElement>().filter(|_| width_px > 0) {
                    if el.width() != width_px || el.height() != height_px {
                        el.set_width(width_px);
                        el.set_height(height_px);
                    }
                    let mut painter = painter.borrow_mut();
                    if painter.is_none() {
                        *painter = Painter::new(&el);
                    }
                    if let Some(p) = &*painter {
                        let scale = (f64::from(width_px) / WIDTH, f64::from(height_px) / *height);
                        p.paint(rows, marked_key, *dimming, *height, scale);
                    }
                }
            },
        );
    }
    html! { <canvas class="stage-cells" ref={canvas} aria-hidden="true"></canvas> }
}
