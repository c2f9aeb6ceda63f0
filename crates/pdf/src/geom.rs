//! Points, matrices, quads and rectangles.

use serde::Serialize;

/// An affine transformation `[a b c d e f]` as PDF writes it (ISO 32000-1
/// 8.3.4): a point `(x, y)` maps to `(a x + c y + e, b x + d y + f)`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Matrix(pub [f64; 6]);

impl Matrix {
    /// The identity transformation.
    pub const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// A translation.
    pub fn translate(x: f64, y: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// `self` then `other`: the matrix product `self × other`, the order PDF
    /// uses for `cm` (the new matrix is `m × CTM`).
    pub fn then(&self, other: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    /// Applies the matrix to a point.
    pub fn apply(&self, p: Point) -> Point {
        let [a, b, c, d, e, f] = self.0;
        Point {
            x: a * p.x + c * p.y + e,
            y: b * p.x + d * p.y + f,
        }
    }

    /// The inverse, when the matrix is not singular.
    pub fn invert(&self) -> Option<Matrix> {
        let [a, b, c, d, e, f] = self.0;
        let det = a * d - b * c;
        if det.abs() < 1e-12 || !det.is_finite() {
            return None;
        }
        let ia = d / det;
        let ib = -b / det;
        let ic = -c / det;
        let id = a / det;
        Some(Matrix([
            ia,
            ib,
            ic,
            id,
            -(e * ia + f * ic),
            -(e * ib + f * id),
        ]))
    }

    /// True when every entry is a finite number.
    pub fn is_finite(&self) -> bool {
        self.0.iter().all(|v| v.is_finite())
    }
}

/// A point.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Default)]
pub struct Point {
    /// Horizontal coordinate.
    pub x: f64,
    /// Vertical coordinate.
    pub y: f64,
}

/// Four corners of a possibly rotated or skewed box, in order: the glyph's
/// bottom-left, bottom-right, top-right, top-left (in its own text space).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Default)]
pub struct Quad(pub [Point; 4]);

impl Quad {
    /// The rectangle `r` mapped through `m`.
    pub fn from_rect(r: &Rect, m: &Matrix) -> Quad {
        Quad([
            m.apply(Point {
                x: r.x_min,
                y: r.y_min,
            }),
            m.apply(Point {
                x: r.x_max,
                y: r.y_min,
            }),
            m.apply(Point {
                x: r.x_max,
                y: r.y_max,
            }),
            m.apply(Point {
                x: r.x_min,
                y: r.y_max,
            }),
        ])
    }

    /// The quad mapped through `m`.
    pub fn transform(&self, m: &Matrix) -> Quad {
        Quad(self.0.map(|p| m.apply(p)))
    }

    /// True when the two quads (convex, as boxes through an affine map
    /// are) are apart by more than `tolerance` along some edge normal of
    /// either (the separating axis test): nothing of one lies on the other.
    pub fn apart_from(&self, other: &Quad, tolerance: f64) -> bool {
        for poly in [self, other] {
            for i in 0..4 {
                let a = poly.0[i];
                let b = poly.0[(i + 1) % 4];
                let (nx, ny) = (-(b.y - a.y), b.x - a.x);
                let len = (nx * nx + ny * ny).sqrt();
                // a degenerate edge (or NaN) gives no axis
                if len.is_nan() || len <= 1e-12 {
                    continue;
                }
                let proj = |q: &Quad| {
                    q.0.iter()
                        .map(|v| (v.x * nx + v.y * ny) / len)
                        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), d| {
                            (lo.min(d), hi.max(d))
                        })
                };
                let (a0, a1) = proj(self);
                let (b0, b1) = proj(other);
                if a1 < b0 - tolerance || b1 < a0 - tolerance {
                    return true;
                }
            }
        }
        false
    }

    /// The smallest axis-aligned rectangle holding the quad.
    pub fn bounds(&self) -> Rect {
        let mut r = Rect::EMPTY;
        for p in &self.0 {
            r.add_point(*p);
        }
        r
    }
}

/// An axis-aligned rectangle.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Rect {
    /// Left edge.
    pub x_min: f64,
    /// Lower edge in PDF user space, upper edge in view coordinates.
    pub y_min: f64,
    /// Right edge.
    pub x_max: f64,
    /// Upper edge in PDF user space, lower edge in view coordinates.
    pub y_max: f64,
}

impl Rect {
    /// The empty rectangle (adding any point makes it that point).
    pub const EMPTY: Rect = Rect {
        x_min: f64::INFINITY,
        y_min: f64::INFINITY,
        x_max: f64::NEG_INFINITY,
        y_max: f64::NEG_INFINITY,
    };

    /// A rectangle from two corners in any order.
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
        Rect {
            x_min: x0.min(x1),
            y_min: y0.min(y1),
            x_max: x0.max(x1),
            y_max: y0.max(y1),
        }
    }

    /// True when no point was ever added.
    pub fn is_empty(&self) -> bool {
        self.x_min > self.x_max || self.y_min > self.y_max
    }

    /// Grows the rectangle to hold `p`.
    pub fn add_point(&mut self, p: Point) {
        self.x_min = self.x_min.min(p.x);
        self.y_min = self.y_min.min(p.y);
        self.x_max = self.x_max.max(p.x);
        self.y_max = self.y_max.max(p.y);
    }

    /// Grows the rectangle to hold `other`.
    pub fn union(&mut self, other: &Rect) {
        self.x_min = self.x_min.min(other.x_min);
        self.y_min = self.y_min.min(other.y_min);
        self.x_max = self.x_max.max(other.x_max);
        self.y_max = self.y_max.max(other.y_max);
    }

    /// Width.
    pub fn width(&self) -> f64 {
        self.x_max - self.x_min
    }

    /// Height.
    pub fn height(&self) -> f64 {
        self.y_max - self.y_min
    }

    /// True when the two rectangles share some area or touch.
    pub fn intersects(&self, other: &Rect) -> bool {
        self.x_min <= other.x_max
            && other.x_min <= self.x_max
            && self.y_min <= other.y_max
            && other.y_min <= self.y_max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_order_matches_pdf() {
        // scale then translate: (1,1) -> (2,2) -> (12,2)
        let m = Matrix([2.0, 0.0, 0.0, 2.0, 0.0, 0.0]).then(&Matrix::translate(10.0, 0.0));
        assert_eq!(m.apply(Point { x: 1.0, y: 1.0 }), Point { x: 12.0, y: 2.0 });
        let inv = m.invert().unwrap();
        let p = inv.apply(Point { x: 12.0, y: 2.0 });
        assert!((p.x - 1.0).abs() < 1e-9 && (p.y - 1.0).abs() < 1e-9);
    }

    #[test]
    fn quads_apart() {
        let r = |x0, y0, x1, y1| Quad::from_rect(&Rect::new(x0, y0, x1, y1), &Matrix::IDENTITY);
        let b = r(0.0, 0.0, 10.0, 10.0);
        assert!(r(11.0, 0.0, 12.0, 5.0).apart_from(&b, 0.5));
        assert!(!r(10.2, 0.0, 12.0, 5.0).apart_from(&b, 0.5));
        assert!(!r(5.0, 5.0, 20.0, 20.0).apart_from(&b, 0.0));
        // a diamond beside the box's corner: apart only along its own edges
        let h = std::f64::consts::FRAC_1_SQRT_2;
        let rot = Matrix([h, h, -h, h, 0.0, 0.0]);
        let d = Quad::from_rect(
            &Rect::new(0.0, 0.0, 2.0, 2.0),
            &rot.then(&Matrix::translate(12.5, 11.0)),
        );
        assert!(d.apart_from(&b, 0.1));
        assert!(
            !d.transform(&Matrix::translate(-3.0, -3.0))
                .apart_from(&b, 0.1)
        );
    }
}
