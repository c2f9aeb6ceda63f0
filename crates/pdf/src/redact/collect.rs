//! Finding the glyphs to remove: a sink that tests every glyph's shrunk box
//! against the page's areas.

use std::ops::Range;

use super::verify::Needle;
use crate::geom::{Matrix, Point, Quad};
use crate::interp::{Glyph, ImageDraw, MarkedContent, PathDraw, ShadingDraw, Sink, StreamInfo};

/// One glyph to cut out of its show operator.
#[derive(Clone, Debug)]
pub(super) struct Removal {
    /// Index of the area (in the call's list) it met.
    pub area: usize,
    /// Stream index in the page's stream table.
    pub stream: usize,
    /// Operator index in that stream.
    pub op: usize,
    /// Operand (string index for Tj/'/", array element for TJ).
    pub operand: usize,
    /// The code's bytes inside the decoded string.
    pub bytes: Range<usize>,
    /// Displacement after the glyph in text space, Tc, Tw and Th included.
    pub advance: f64,
    /// Tf size.
    pub font_size: f64,
    /// Th.
    pub h_scale: f64,
    /// Vertical writing.
    pub vertical: bool,
    /// Render mode 3.
    pub invisible: bool,
    /// The ActualText span the glyph was in (its index on the page).
    pub actual_text: Option<u32>,
}

/// An image draw that meets an area.
#[derive(Clone, Debug)]
pub(super) struct ImageHit {
    /// Index of the first area it met.
    pub area: usize,
    /// Stream index in the page's stream table.
    pub stream: usize,
    /// Operator index in that stream.
    pub op: usize,
    /// The image XObject (None for inline images).
    pub object: Option<lopdf::ObjectId>,
    /// An inline image (BI ... ID ... EI, 8.9.7).
    pub inline: bool,
    /// Its unit square in view coordinates.
    pub view: Quad,
}

/// A painted path whose every point lies inside one area: its construction
/// and painting operators go (8.5.2, 8.5.3).
#[derive(Clone, Debug)]
pub(super) struct PathHit {
    /// Index of the area that holds it.
    pub area: usize,
    /// Stream index in the page's stream table.
    pub stream: usize,
    /// Index of the first path-construction operator.
    pub first_op: usize,
    /// Index of the painting operator.
    pub op: usize,
}

/// A subpath wholly inside an area, of a path that is not.
#[derive(Clone, Debug)]
pub(super) struct SubPathHit {
    /// Index of the area that holds it.
    pub area: usize,
    /// Stream index in the page's stream table.
    pub stream: usize,
    /// Index of its first construction operator.
    pub first_op: usize,
    /// Index of its last construction operator.
    pub last_op: usize,
}

/// An operator to change for another reason than a glyph.
#[derive(Clone, Debug)]
pub(super) struct OpHit {
    /// Index of the area it met (None for an ActualText holding a value).
    #[allow(dead_code)]
    pub area: Option<usize>,
    /// Stream index in the page's stream table.
    pub stream: usize,
    /// Operator index in that stream.
    pub op: usize,
}

/// Collects the glyphs that meet an area.
pub(super) struct Collector {
    to_view: Matrix,
    areas: Vec<(usize, Quad)>,
    shrink: f64,
    needles: Vec<Needle>,
    /// Glyphs to remove.
    pub removals: Vec<Removal>,
    /// Image draws (`Do` or `BI`) that meet an area.
    pub images: Vec<ImageHit>,
    /// Painted paths wholly inside an area.
    pub paths: Vec<PathHit>,
    /// Subpaths wholly inside an area of paths that are not.
    pub subpaths: Vec<SubPathHit>,
    /// `sh` operators whose extent lies wholly inside an area.
    pub shadings: Vec<OpHit>,
    /// BDC operators whose /ActualText holds a value, and every
    /// ActualText span by its index on the page.
    pub actual_hits: Vec<OpHit>,
    /// (stream, op) of each ActualText span, by its index on the page.
    pub actual_spans: Vec<(usize, usize)>,
    /// Whether any operator met (a show, an image, a path, marked content,
    /// the `Do` of a form) is divided between two /Contents parts
    /// ([`crate::OpRef::split`]): the page must be joined into one stream
    /// before it is rewritten.
    pub split_seen: bool,
}

impl Collector {
    /// `areas` are (area index, quad in view coordinates); `shrink` is the
    /// fraction of a glyph box kept for the test.
    pub fn new(
        to_view: Matrix,
        areas: Vec<(usize, Quad)>,
        shrink: f64,
        needles: Vec<Needle>,
    ) -> Self {
        let shrink = if shrink.is_finite() {
            shrink.clamp(0.05, 1.0)
        } else {
            0.8
        };
        Collector {
            to_view,
            areas,
            shrink,
            needles,
            removals: Vec::new(),
            images: Vec::new(),
            paths: Vec::new(),
            subpaths: Vec::new(),
            shadings: Vec::new(),
            actual_hits: Vec::new(),
            actual_spans: Vec::new(),
            split_seen: false,
        }
    }
}

impl Sink for Collector {
    fn begin_stream(&mut self, stream: &StreamInfo) {
        self.split_seen |= stream.parent.as_ref().is_some_and(|p| p.split);
    }

    fn glyph(&mut self, g: Glyph) {
        self.split_seen |= g.origin.op.split;
        let q = shrink(&g.quad.transform(&self.to_view), self.shrink);
        let Some(&(area, _)) = self.areas.iter().find(|(_, a)| quads_meet(&q, a)) else {
            return;
        };
        self.removals.push(Removal {
            area,
            stream: g.origin.op.stream,
            op: g.origin.op.index,
            operand: g.origin.operand,
            bytes: g.origin.bytes.clone(),
            advance: g.advance,
            font_size: g.font_size,
            h_scale: g.h_scale,
            vertical: g.vertical,
            invisible: g.render_mode == 3,
            actual_text: g.actual_text,
        });
    }

    fn image(&mut self, img: &ImageDraw) {
        self.split_seen |= img.op.split;
        let q = img.quad.transform(&self.to_view);
        if let Some(&(area, _)) = self.areas.iter().find(|(_, a)| quads_meet(&q, a)) {
            self.images.push(ImageHit {
                area,
                stream: img.op.stream,
                op: img.op.index,
                object: if img.inline { None } else { img.object },
                inline: img.inline,
                view: q,
            });
        }
    }

    fn path(&mut self, p: &PathDraw) {
        self.split_seen |= p.op.split;
        // A clipping path paints nothing itself, and removing it would
        // widen what later operators may paint: it stays.
        if p.clip || !(p.fill || p.stroke) {
            return;
        }
        // A stroke reaches half the line width beyond the path's points
        // (8.5.3.2), and further at corners and ends: a path whose points
        // are inside but whose stroke pokes out of the area crosses it and
        // stays.
        let joins = p.subpaths.iter().any(|sp| sp.segments >= 2);
        let inside = |r: &crate::geom::Rect, joins: bool| -> Option<usize> {
            let half = stroke_reach(p, joins);
            if r.is_empty() || !half.is_finite() {
                return None;
            }
            let r = crate::geom::Rect::new(
                r.x_min - half,
                r.y_min - half,
                r.x_max + half,
                r.y_max + half,
            );
            let q = Quad::from_rect(&r, &self.to_view);
            self.areas
                .iter()
                .find(|(_, a)| q.0.iter().all(|pt| quad_contains(a, *pt)))
                .map(|(i, _)| *i)
        };
        let whole = PathHit {
            area: 0,
            stream: p.op.stream,
            first_op: p.first_op,
            op: p.op.index,
        };
        if let Some(area) = inside(&p.bbox, joins) {
            self.paths.push(PathHit { area, ..whole });
            return;
        }
        // Subpaths wholly inside an area go and the rest stay: a subpath
        // changes filling only within its own box (8.5.3.3), which is
        // inside the area and under the mark. One that the next subpath
        // continues from (no `m` or `re` of its own) must stay.
        let hits: Vec<Option<usize>> = p
            .subpaths
            .iter()
            .map(|sp| inside(&sp.bbox, sp.segments >= 2))
            .collect();
        let mut gone: Vec<(usize, &crate::interp::SubPath)> = Vec::new();
        for (k, sp) in p.subpaths.iter().enumerate() {
            let Some(area) = hits.get(k).copied().flatten() else {
                continue;
            };
            if p.subpaths.get(k + 1).is_none_or(|n| n.explicit_start) {
                gone.push((area, sp));
            }
        }
        if gone.is_empty() {
            return;
        }
        if gone.len() == p.subpaths.len() {
            // Every subpath is inside some area: the path goes whole.
            self.paths.push(PathHit {
                area: gone[0].0,
                ..whole
            });
            return;
        }
        for (area, sp) in gone {
            self.subpaths.push(SubPathHit {
                area,
                stream: p.op.stream,
                first_op: sp.first_op,
                last_op: sp.last_op,
            });
        }
    }

    fn shading(&mut self, sh: &ShadingDraw) {
        self.split_seen |= sh.op.split;
        // A shading paints all of its extent (8.7.4.3): it goes only when
        // that extent lies wholly inside an area; otherwise it stays and
        // the mark covers its inside part.
        let Some(r) = sh.extent.filter(|r| !r.is_empty()) else {
            return;
        };
        if ![r.x_min, r.y_min, r.x_max, r.y_max]
            .iter()
            .all(|v| v.is_finite())
        {
            return;
        }
        let q = Quad::from_rect(&r, &self.to_view);
        if let Some(&(area, _)) = self
            .areas
            .iter()
            .find(|(_, a)| q.0.iter().all(|pt| quad_contains(a, *pt)))
        {
            self.shadings.push(OpHit {
                area: Some(area),
                stream: sh.op.stream,
                op: sh.op.index,
            });
        }
    }

    fn begin_marked(&mut self, mc: &MarkedContent) {
        self.split_seen |= mc.op.split;
        let Some(text) = &mc.actual_text else { return };
        if let Some(i) = mc.actual_text_index {
            let i = i as usize;
            if self.actual_spans.len() <= i && i < 1 << 20 {
                self.actual_spans.resize(i + 1, (usize::MAX, usize::MAX));
            }
            if let Some(slot) = self.actual_spans.get_mut(i) {
                *slot = (mc.op.stream, mc.op.index);
            }
        }
        if self.needles.iter().any(|n| n.found_in(text)) {
            self.actual_hits.push(OpHit {
                area: None,
                stream: mc.op.stream,
                op: mc.op.index,
            });
        }
    }
}

/// How far a path's stroke can reach beyond its points, in default user
/// space (infinite when unknown). Half the line width along its segments
/// (8.5.3.2); a projecting square cap reaches its corners at √2 times that
/// (8.4.3.3); a miter join reaches its tip at up to the miter limit times
/// that (8.4.3.5: the miter length over the line width is at most the
/// limit, beyond which the join is bevelled). Round and bevel joins and
/// butt and round caps stay within half the width. `joins` says whether
/// the path has a corner at all (a subpath of two segments or more).
pub(super) fn stroke_reach(p: &PathDraw, joins: bool) -> f64 {
    if !p.stroke {
        return 0.0;
    }
    if !p.line_width.is_finite() {
        return f64::INFINITY;
    }
    let half = p.line_width.abs() / 2.0;
    let mut factor = 1.0f64;
    if p.line_cap == 2 {
        factor = factor.max(std::f64::consts::SQRT_2);
    }
    if joins && p.line_join == 0 {
        if !p.miter_limit.is_finite() {
            return f64::INFINITY;
        }
        // A limit below 1 is meaningless (every miter is at least the
        // line width long): such joins are all bevelled.
        factor = factor.max(p.miter_limit);
    }
    half * factor
}

/// The quad shrunk about its centre along its own two axes.
pub(super) fn shrink(q: &Quad, keep: f64) -> Quad {
    let [a, b, c, d] = q.0;
    // The quad is a parallelogram: a + s*(b-a) + t*(d-a), s,t in [0,1].
    let lo = (1.0 - keep) / 2.0;
    let hi = 1.0 - lo;
    let at = |s: f64, t: f64| Point {
        x: a.x + s * (b.x - a.x) + t * (d.x - a.x),
        y: a.y + s * (b.y - a.y) + t * (d.y - a.y),
    };
    let _ = c;
    Quad([at(lo, lo), at(hi, lo), at(hi, hi), at(lo, hi)])
}

/// Whether a convex quad (either winding) holds a point, edges included.
pub(super) fn quad_contains(q: &Quad, p: Point) -> bool {
    let mut sign = 0.0f64;
    for i in 0..4 {
        let a = q.0[i];
        let b = q.0[(i + 1) % 4];
        let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
        if cross.abs() < 1e-9 {
            continue;
        }
        if sign == 0.0 {
            sign = cross.signum();
        } else if cross.signum() != sign {
            return false;
        }
    }
    // A degenerate quad (all crosses zero) holds only points on it.
    let b = q.bounds();
    sign != 0.0 || (b.x_min <= p.x && p.x <= b.x_max && b.y_min <= p.y && p.y <= b.y_max)
}

/// Whether two convex quads share a point (separating axis theorem; a
/// degenerate quad works too, its zero-length edges give no axis).
pub(super) fn quads_meet(p: &Quad, q: &Quad) -> bool {
    for poly in [p, q] {
        for i in 0..4 {
            let a = poly.0[i];
            let b = poly.0[(i + 1) % 4];
            let axis = Point {
                x: -(b.y - a.y),
                y: b.x - a.x,
            };
            if axis.x.abs() + axis.y.abs() < 1e-12 {
                continue;
            }
            let proj = |r: &Quad| {
                let mut lo = f64::INFINITY;
                let mut hi = f64::NEG_INFINITY;
                for v in &r.0 {
                    let d = v.x * axis.x + v.y * axis.y;
                    lo = lo.min(d);
                    hi = hi.max(d);
                }
                (lo, hi)
            };
            let (a0, a1) = proj(p);
            let (b0, b1) = proj(q);
            if a1 < b0 || b1 < a0 {
                return false;
            }
        }
    }
    // With every axis degenerate (both quads points) compare directly.
    let pb = p.bounds();
    let qb = q.bounds();
    pb.intersects(&qb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::Rect;

    fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Quad {
        Quad::from_rect(&Rect::new(x0, y0, x1, y1), &Matrix::IDENTITY)
    }

    #[test]
    fn meet_and_miss() {
        assert!(quads_meet(&rect(0., 0., 10., 10.), &rect(5., 5., 20., 20.)));
        assert!(!quads_meet(
            &rect(0., 0., 10., 10.),
            &rect(11., 0., 20., 10.)
        ));
        // a diamond whose bounding boxes overlap but shapes do not
        let d = Quad([
            Point { x: 15.0, y: 10.0 },
            Point { x: 20.0, y: 15.0 },
            Point { x: 15.0, y: 20.0 },
            Point { x: 10.0, y: 15.0 },
        ]);
        assert!(!quads_meet(&rect(0., 0., 11., 11.), &d));
        assert!(quads_meet(&rect(0., 0., 14., 14.), &d));
    }

    #[test]
    fn containment() {
        let a = rect(0., 0., 10., 10.);
        assert!(quad_contains(&a, Point { x: 5.0, y: 5.0 }));
        assert!(quad_contains(&a, Point { x: 10.0, y: 0.0 }));
        assert!(!quad_contains(&a, Point { x: 10.5, y: 5.0 }));
    }

    #[test]
    fn shrink_keeps_centre() {
        let s = shrink(&rect(0., 0., 10., 20.), 0.8);
        let b = s.bounds();
        assert!((b.x_min - 1.0).abs() < 1e-9 && (b.x_max - 9.0).abs() < 1e-9);
        assert!((b.y_min - 2.0).abs() < 1e-9 && (b.y_max - 18.0).abs() < 1e-9);
    }
}
