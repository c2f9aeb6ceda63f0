//! Reading order: words into lines, blocks and flows, the way `pdftotext`
//! (poppler's TextOutputDev, default mode) groups them, so that our page text
//! reads like the text people compare it with. The algorithm follows
//! poppler's description (blocks grown from baseline pools, lines within a
//! block, Breuel's topological reading order with table detection, flows of
//! blocks); the code is our own.
//!
//! Everything here works in a "frame": view coordinates turned so that the
//! words of one rotation run left to right with y down.

use std::collections::BTreeMap;

/// Width of a baseline bucket, in points (poppler's textPoolStep).
const POOL_STEP: f64 = 4.0;
/// Max distance between baselines of two lines of a block, in font sizes.
const MAX_LINE_SPACING: f64 = 1.5;
/// Max font size difference for lines above/below a block.
const BLOCK_FONT_DELTA1: f64 = 0.05;
/// Max font size difference for text overlapping a block.
const BLOCK_FONT_DELTA2: f64 = 0.6;
/// Max font size difference for text left or right of a block.
const BLOCK_FONT_DELTA3: f64 = 0.2;
/// Max baseline difference inside a line, in font sizes.
const MAX_INTRA_LINE: f64 = 0.5;
/// Max inter-word spacing inside a line, in font sizes.
const MAX_WORD_SPACING: f64 = 1.5;
/// Horizontal spacing that still pulls a word into a block (pdftotext's
/// -colspacing default).
const MIN_COL_SPACING1: f64 = 0.7;
/// Spacing at which outlying words stop being pulled into a block.
const MIN_COL_SPACING2: f64 = 1.0;
/// Max vertical gap between blocks of a flow, in font sizes.
const MAX_BLOCK_SPACING: f64 = 2.5;
/// Overlap (negative spacing) that ends a line, in font sizes.
const MIN_CHAR_SPACING: f64 = -0.5;
/// Max spacing between characters of one word, in font sizes.
const MAX_CHAR_SPACING: f64 = 0.03;
/// Letter-spaced text: word break at this multiple of the smallest gap...
const WIDE_CHAR_SPACING_MUL: f64 = 1.3;
/// ...but never above this many font sizes.
const MAX_WIDE_CHAR_SPACING: f64 = 0.4;
/// Most blocks ordered by the topological sort (cubic in the worst case);
/// beyond this, blocks are read top to bottom, left to right.
const MAX_SORTED_BLOCKS: usize = 600;
/// Most words laid out by the full algorithm (a hostile page can hold a
/// million tiny glyphs); beyond this, words are read line by line, top to
/// bottom, which stays n log n.
const MAX_LAYOUT_WORDS: usize = 50_000;

/// A word as the layout sees it.
#[derive(Clone, Debug)]
pub(crate) struct LWord {
    /// Glyph indices (drawing order) of its characters.
    pub chars: Vec<u32>,
    /// Font identity (for merging word pieces).
    pub font: usize,
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
    pub base: f64,
    pub size: f64,
}

/// A word placed in a line, with whether a space follows it.
#[derive(Clone, Debug)]
pub(crate) struct OutWord {
    pub word: LWord,
    pub space_after: bool,
}

/// A block: lines of words.
#[derive(Debug)]
pub(crate) struct OutBlock {
    pub lines: Vec<Vec<OutWord>>,
}

/// A flow: blocks read one after the other.
pub(crate) type Flow = Vec<OutBlock>;

fn bucket(base: f64) -> i64 {
    let b = (base / POOL_STEP).floor();
    // clamped so that neighbouring bucket arithmetic cannot overflow
    if b.is_finite() {
        b.clamp(-1e15, 1e15) as i64
    } else {
        0
    }
}

/// Words of one rotation keyed by baseline bucket, each bucket in x order.
struct Pool {
    buckets: BTreeMap<i64, Vec<usize>>,
}

impl Pool {
    fn new(words: &[LWord], ids: impl Iterator<Item = usize>) -> Pool {
        let mut buckets: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
        for i in ids {
            buckets.entry(bucket(words[i].base)).or_default().push(i);
        }
        for v in buckets.values_mut() {
            v.sort_by(|&a, &b| words[a].x0.total_cmp(&words[b].x0));
        }
        Pool { buckets }
    }

    fn first_key(&self) -> Option<i64> {
        self.buckets
            .iter()
            .find(|(_, v)| !v.is_empty())
            .map(|(k, _)| *k)
    }

    /// Takes the left-most word among the first four non-empty-able buckets
    /// (avoids starting a block or line with a superscript).
    fn take_start(&mut self, words: &[LWord]) -> Option<usize> {
        let k0 = self.first_key()?;
        let mut best = k0;
        let mut best_x = self
            .buckets
            .get(&k0)
            .and_then(|v| v.first())
            .map(|&w| words[w].x0)?;
        for (k, v) in self.buckets.range(k0 + 1..k0 + 4) {
            if let Some(&w) = v.first()
                && words[w].x0 < best_x
            {
                best = *k;
                best_x = words[w].x0;
            }
        }
        let v = self.buckets.get_mut(&best)?;
        let w = v.remove(0);
        if v.is_empty() {
            self.buckets.remove(&best);
        }
        Some(w)
    }

    fn remove(&mut self, key: i64, pos: usize) -> Option<usize> {
        let v = self.buckets.get_mut(&key)?;
        if pos >= v.len() {
            return None;
        }
        let w = v.remove(pos);
        if v.is_empty() {
            self.buckets.remove(&key);
        }
        Some(w)
    }

    fn keys_in(&self, lo: i64, hi: i64) -> Vec<i64> {
        if lo > hi {
            return Vec::new();
        }
        self.buckets.range(lo..=hi).map(|(k, _)| *k).collect()
    }
}

#[derive(Clone, Copy)]
struct BBox {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

impl BBox {
    fn of(w: &LWord) -> BBox {
        BBox {
            x0: w.x0,
            x1: w.x1,
            y0: w.y0,
            y1: w.y1,
        }
    }
    fn add(&mut self, w: &LWord) {
        self.x0 = self.x0.min(w.x0);
        self.x1 = self.x1.max(w.x1);
        self.y0 = self.y0.min(w.y0);
        self.y1 = self.y1.max(w.y1);
    }
}

/// A block while ordering: its box, extended box, free space and size.
struct Blk {
    lines: Vec<Vec<OutWord>>,
    b: BBox,
    /// Extended box (tables: the whole table; others: widened into free
    /// space below), used by the reading-order rules.
    e: BBox,
    pri_min: f64,
    pri_max: f64,
    size: f64,
    table: Option<usize>,
    /// The block's rotation relative to the primary one (0-3).
    rot: usize,
}

/// Groups the words of one rotation into blocks (poppler's pool growth).
fn build_blocks(words: &[LWord], ids: &[usize]) -> Vec<(BBox, f64, Vec<Vec<OutWord>>)> {
    let mut pool = Pool::new(words, ids.iter().copied());
    let mut out = Vec::new();
    let mut guard = 0usize;
    while let Some(w0) = pool.take_start(words) {
        guard += 1;
        if guard > 1_000_000 {
            break;
        }
        let mut members = vec![w0];
        let mut bb = BBox::of(&words[w0]);
        let fs = words[w0].size;
        let (mut min_base, mut max_base) = (words[w0].base, words[w0].base);
        let col1 = MIN_COL_SPACING1 * fs;
        let col2 = MIN_COL_SPACING2 * fs;
        let line_space = MAX_LINE_SPACING * fs;
        let intra = MAX_INTRA_LINE * fs;
        loop {
            let mut found = false;
            // lines just above the block (overlap is strict: boxes that
            // only touch do not overlap, and whether they touch is decided
            // by the glyph positions text.rs computes as poppler does)
            let mut new_min = min_base;
            for key in pool
                .keys_in(bucket(min_base - line_space), bucket(min_base))
                .into_iter()
                .rev()
            {
                let mut pos = 0;
                while let Some(&w) = pool.buckets.get(&key).and_then(|v| v.get(pos)) {
                    let wd = &words[w];
                    if wd.base < min_base
                        && wd.base >= min_base - line_space
                        && wd.x0 < bb.x1
                        && wd.x1 > bb.x0
                        && (wd.size - fs).abs() < BLOCK_FONT_DELTA1 * fs
                    {
                        pool.remove(key, pos);
                        bb.add(wd);
                        new_min = wd.base;
                        members.push(w);
                        found = true;
                    } else {
                        pos += 1;
                    }
                }
            }
            min_base = new_min;
            // lines just below the block
            let mut new_max = max_base;
            for key in pool.keys_in(bucket(max_base), bucket(max_base + line_space)) {
                let mut pos = 0;
                while let Some(&w) = pool.buckets.get(&key).and_then(|v| v.get(pos)) {
                    let wd = &words[w];
                    if wd.base > max_base
                        && wd.base <= max_base + line_space
                        && wd.x0 < bb.x1
                        && wd.x1 > bb.x0
                        && (wd.size - fs).abs() < BLOCK_FONT_DELTA1 * fs
                    {
                        pool.remove(key, pos);
                        bb.add(wd);
                        new_max = wd.base;
                        members.push(w);
                        found = true;
                    } else {
                        pos += 1;
                    }
                }
            }
            max_base = new_max;
            // words on the block's lines, overlapping it (or close) horizontally
            for key in pool.keys_in(bucket(min_base - intra), bucket(max_base + intra)) {
                let mut pos = 0;
                while let Some(&w) = pool.buckets.get(&key).and_then(|v| v.get(pos)) {
                    let wd = &words[w];
                    if wd.base >= min_base - intra
                        && wd.base <= max_base + intra
                        && wd.x0 < bb.x1 + col1
                        && wd.x1 > bb.x0 - col1
                        && (wd.size - fs).abs() < BLOCK_FONT_DELTA2 * fs
                    {
                        pool.remove(key, pos);
                        bb.add(wd);
                        members.push(w);
                        found = true;
                    } else {
                        pos += 1;
                    }
                }
            }
            if found {
                continue;
            }
            // a few outlying words just left, then just right, of the block
            for left in [true, false] {
                let near = |wd: &LWord, bb: &BBox, min_base: f64, max_base: f64| {
                    wd.base >= min_base - intra
                        && wd.base <= max_base + intra
                        && (wd.size - fs).abs() < BLOCK_FONT_DELTA3 * fs
                        && if left {
                            wd.x1 <= bb.x0 && wd.x1 > bb.x0 - col2
                        } else {
                            wd.x0 >= bb.x1 && wd.x0 < bb.x1 + col2
                        }
                };
                let keys = pool.keys_in(bucket(min_base - intra), bucket(max_base + intra));
                let n = keys
                    .iter()
                    .filter(|k| {
                        pool.buckets.get(k).is_some_and(|v| {
                            v.iter().any(|&w| near(&words[w], &bb, min_base, max_base))
                        })
                    })
                    .count();
                if n > 0 && n <= 3 {
                    for key in keys {
                        let pos = pool.buckets.get(&key).and_then(|v| {
                            v.iter()
                                .position(|&w| near(&words[w], &bb, min_base, max_base))
                        });
                        if let Some(pos) = pos
                            && let Some(w) = pool.remove(key, pos)
                        {
                            let wd = &words[w];
                            bb.add(wd);
                            if wd.base < min_base {
                                min_base = wd.base;
                            } else if wd.base > max_base {
                                max_base = wd.base;
                            }
                            members.push(w);
                            found = true;
                        }
                    }
                }
            }
            if !found {
                break;
            }
        }
        let lines = block_lines(words, &members);
        let size = lines
            .first()
            .and_then(|l| l.first())
            .map_or(fs, |w| w.word.size);
        out.push((bb, size, lines));
    }
    out
}

/// Lines of a block (poppler's TextBlock::coalesce), each coalesced.
fn block_lines(words: &[LWord], members: &[usize]) -> Vec<Vec<OutWord>> {
    let mut pool = Pool::new(words, members.iter().copied());
    let mut lines: Vec<(f64, f64, Vec<OutWord>)> = Vec::new();
    while let Some(w0) = pool.take_start(words) {
        let fs = words[w0].size;
        let min_base = words[w0].base - MAX_INTRA_LINE * fs;
        let max_base = words[w0].base + MAX_INTRA_LINE * fs;
        let spacing = MAX_WORD_SPACING * fs;
        let mut line = vec![w0];
        let mut last = w0;
        loop {
            let mut best: Option<(i64, usize, usize)> = None;
            let mut overlap = false;
            for key in pool.keys_in(bucket(min_base), bucket(max_base)) {
                let Some(v) = pool.buckets.get(&key) else {
                    continue;
                };
                if let Some((pos, &w)) = v
                    .iter()
                    .enumerate()
                    .find(|(_, w)| words[**w].base >= min_base && words[**w].base <= max_base)
                {
                    let delta = words[w].x0 - words[last].x1;
                    if delta < MIN_CHAR_SPACING * fs {
                        overlap = true;
                        break;
                    }
                    if delta < spacing && best.is_none_or(|(_, _, b)| words[w].x0 < words[b].x0) {
                        best = Some((key, pos, w));
                    }
                }
            }
            let Some((key, pos, _)) = best else { break };
            if overlap {
                break;
            }
            if let Some(w) = pool.remove(key, pos) {
                line.push(w);
                last = w;
            } else {
                break;
            }
        }
        let base = words[w0].base;
        let x0 = words[w0].x0;
        let coalesced = coalesce_line(words, &line);
        lines.push((base, x0, coalesced));
    }
    lines.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    lines.into_iter().map(|(_, _, l)| l).collect()
}

/// Merges word pieces of a line and decides where spaces go (poppler's
/// TextLine::coalesce): letter-spaced text (all one-character words) uses
/// its smallest gap as the measure.
fn coalesce_line(words: &[LWord], line: &[usize]) -> Vec<OutWord> {
    let Some(&first) = line.first() else {
        return Vec::new();
    };
    let fs = words[first].size;
    let mut min_space = 0.0f64;
    if line.len() > 1 && line.iter().all(|&w| words[w].chars.len() == 1) {
        min_space = f64::INFINITY;
        for pair in line.windows(2) {
            if let [a, b] = pair {
                min_space = min_space.min(words[*b].x0 - words[*a].x1);
            }
        }
    }
    let space = if min_space <= 0.0 || !min_space.is_finite() {
        MAX_CHAR_SPACING * fs
    } else {
        (WIDE_CHAR_SPACING_MUL * min_space).min(MAX_WIDE_CHAR_SPACING * fs)
    };
    let mut out: Vec<OutWord> = Vec::new();
    for &wi in line {
        let w = &words[wi];
        if let Some(prev) = out.last_mut() {
            let delta = w.x0 - prev.word.x1;
            if delta >= space {
                prev.space_after = true;
            } else if prev.word.font == w.font
                && (prev.word.size - w.size).abs() < 0.05 * fs
                && prev
                    .word
                    .chars
                    .last()
                    .is_some_and(|&l| w.chars.first() == Some(&(l + 1)))
            {
                let p = &mut prev.word;
                p.chars.extend_from_slice(&w.chars);
                p.x0 = p.x0.min(w.x0);
                p.x1 = p.x1.max(w.x1);
                p.y0 = p.y0.min(w.y0);
                p.y1 = p.y1.max(w.y1);
                continue;
            }
        }
        out.push(OutWord {
            word: w.clone(),
            space_after: false,
        });
    }
    out
}

/// Maps a point of rotation `rot`'s frame back to view coordinates.
fn from_frame(rot: usize, x: f64, y: f64) -> (f64, f64) {
    match rot {
        1 => (-y, x),
        2 => (-x, -y),
        3 => (y, -x),
        _ => (x, y),
    }
}

/// Maps a view point into rotation `rot`'s frame.
fn to_frame(rot: usize, x: f64, y: f64) -> (f64, f64) {
    match rot {
        1 => (y, -x),
        2 => (-x, -y),
        3 => (-y, x),
        _ => (x, y),
    }
}

/// Lays out the words of each rotation (each in its own frame) into flows.
/// Blocks are built per rotation, then ordered all together in the frame of
/// `primary` (the rotation with the most text), as poppler does.
pub(crate) fn layout(per_rot: [Vec<LWord>; 4], primary: usize) -> Vec<Flow> {
    if per_rot.iter().map(Vec::len).sum::<usize>() > MAX_LAYOUT_WORDS {
        return simple_layout(per_rot);
    }
    let mut blks: Vec<Blk> = Vec::new();
    for (rot, words) in per_rot.iter().enumerate() {
        if words.is_empty() {
            continue;
        }
        let ids: Vec<usize> = (0..words.len()).collect();
        let mut built: Vec<Blk> = Vec::new();
        for (fb, size, lines) in build_blocks(words, &ids) {
            // the block's box, from its rotation's frame back to the view
            let mut b = BBox {
                x0: f64::INFINITY,
                x1: f64::NEG_INFINITY,
                y0: f64::INFINITY,
                y1: f64::NEG_INFINITY,
            };
            for (x, y) in [
                (fb.x0, fb.y0),
                (fb.x1, fb.y0),
                (fb.x0, fb.y1),
                (fb.x1, fb.y1),
            ] {
                let (vx, vy) = from_frame(rot, x, y);
                b.x0 = b.x0.min(vx);
                b.x1 = b.x1.max(vx);
                b.y0 = b.y0.min(vy);
                b.y1 = b.y1.max(vy);
            }
            built.push(Blk {
                lines,
                b,
                e: b,
                pri_min: -1e9,
                pri_max: 1e9,
                size,
                table: None,
                rot,
            });
        }
        // poppler creates blocks from the smallest baseline in view
        // coordinates; for rotations 1 and 2 that is the far end of our frame
        if rot == 1 || rot == 2 {
            built.reverse();
        }
        blks.extend(built);
    }
    if blks.len() > MAX_SORTED_BLOCKS {
        blks.sort_by(|a, b| {
            let (pa, pb) = (
                to_frame(primary, a.b.x0, a.b.y0),
                to_frame(primary, b.b.x0, b.b.y0),
            );
            pa.1.total_cmp(&pb.1).then(pa.0.total_cmp(&pb.0))
        });
        return blks
            .into_iter()
            .map(|b| vec![OutBlock { lines: b.lines }])
            .collect();
    }
    let n = blks.len();
    let horizontal = primary.is_multiple_of(2);
    // free space on both sides of each block along the primary direction
    // (for flows)
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let (a, o) = (blks[i].b, blks[j].b);
            let (a0, a1, o0, o1, side) = if horizontal {
                (a.x0, a.x1, o.x0, o.x1, o.y0 < a.y1 && o.y1 > a.y0)
            } else {
                (a.y0, a.y1, o.y0, o.y1, o.x0 < a.x1 && o.x1 > a.x0)
            };
            if side {
                if o0 < a0 {
                    let v = o1.min(a0);
                    if v > blks[i].pri_min {
                        blks[i].pri_min = v;
                    }
                }
                if o1 > a1 {
                    let v = o0.max(a1);
                    if v < blks[i].pri_max {
                        blks[i].pri_max = v;
                    }
                }
            }
        }
    }
    detect_tables(&mut blks);
    let order = reading_order(&blks, primary);
    // flows: consecutive blocks where the next sits below in the same
    // column space, close enough, with no larger font
    let mut flows: Vec<(f64, f64, f64, Flow)> = Vec::new();
    let mut prev: Option<usize> = None;
    let info: Vec<(BBox, f64, f64, f64, usize)> = blks
        .iter()
        .map(|b| (b.b, b.pri_min, b.pri_max, b.size, b.rot))
        .collect();
    let mut slots: Vec<Option<Blk>> = blks.into_iter().map(Some).collect();
    for i in order {
        let Some(blk) = slots.get_mut(i).and_then(Option::take) else {
            continue;
        };
        let (bb, _, _, size, _) = info[i];
        if let Some(p) = prev {
            let (pb, pmin, pmax, psize, prot) = info[p];
            let gap = match prot {
                1 => pb.x0 - bb.x1,
                2 => pb.y0 - bb.y1,
                3 => bb.x0 - pb.x1,
                _ => bb.y0 - pb.y1,
            };
            let (lo, hi) = if horizontal {
                (bb.x0, bb.x1)
            } else {
                (bb.y0, bb.y1)
            };
            let below = lo >= pmin
                && hi <= pmax
                && match primary {
                    1 => bb.x1 < pb.x1,
                    2 => bb.y1 < pb.y1,
                    3 => bb.x0 > pb.x0,
                    _ => bb.y0 > pb.y0,
                };
            if let Some(flow) = flows.last_mut()
                && below
                && gap <= MAX_BLOCK_SPACING * psize
                && size <= flow.2
                && lo >= flow.0
                && hi <= flow.1
            {
                flow.2 = size;
                flow.3.push(OutBlock { lines: blk.lines });
                prev = Some(i);
                continue;
            }
        }
        flows.push((
            blk.pri_min,
            blk.pri_max,
            size,
            vec![OutBlock { lines: blk.lines }],
        ));
        prev = Some(i);
    }
    flows.into_iter().map(|f| f.3).collect()
}

/// The bounded fallback: per rotation, words by baseline bucket then x, one
/// line per bucket, one flow per rotation.
fn simple_layout(per_rot: [Vec<LWord>; 4]) -> Vec<Flow> {
    let mut flows = Vec::new();
    for mut words in per_rot {
        if words.is_empty() {
            continue;
        }
        words.sort_by(|a, b| {
            bucket(a.base)
                .cmp(&bucket(b.base))
                .then(a.x0.total_cmp(&b.x0))
        });
        let mut lines: Vec<Vec<OutWord>> = Vec::new();
        let mut last: Option<i64> = None;
        for w in words {
            let k = bucket(w.base);
            if last != Some(k) {
                lines.push(Vec::new());
                last = Some(k);
            } else if let Some(prev) = lines.last_mut().and_then(|l| l.last_mut()) {
                prev.space_after = true;
            }
            if let Some(l) = lines.last_mut() {
                l.push(OutWord {
                    word: w,
                    space_after: false,
                });
            }
        }
        flows.push(vec![OutBlock { lines }]);
    }
    flows
}

fn overlap_x(a: &BBox, b: &BBox) -> bool {
    a.x0 <= b.x1 && a.x1 >= b.x0
}

fn overlap_y(a: &BBox, b: &BBox) -> bool {
    a.y0 <= b.y1 && a.y1 >= b.y0
}

/// Finds table cells: a block, its nearest neighbours right, below and
/// diagonally, aligned in both directions, share a table id; the cells of a
/// table then take the table's box as their extended box, other blocks are
/// widened into the free space below them.
#[allow(clippy::needless_range_loop)]
fn detect_tables(blks: &mut [Blk]) {
    let n = blks.len();
    let mut tables = 0usize;
    for i in 0..n {
        let b1 = blks[i].b;
        let (mut right, mut below, mut diag): (Option<usize>, Option<usize>, Option<usize>) =
            (None, None, None);
        let (mut bx0, mut by0, mut bx1, mut by1) = (f64::MAX, f64::MAX, f64::MAX, f64::MAX);
        for j in 0..n {
            if i == j {
                continue;
            }
            let b2 = blks[j].b;
            if b2.y0 <= b1.y1 && b2.y1 >= b1.y0 && b2.x0 > b1.x1 && b2.x0 < bx0 {
                bx0 = b2.x0;
                right = Some(j);
            } else if b2.x0 <= b1.x1 && b2.x1 >= b1.x0 && b2.y0 > b1.y1 && b2.y0 < by0 {
                by0 = b2.y0;
                below = Some(j);
            } else if b2.x0 > b1.x1 && b2.x0 < bx1 && b2.y0 > b1.y1 && b2.y0 < by1 {
                bx1 = b2.x0;
                by1 = b2.y0;
                diag = Some(j);
            }
        }
        let (Some(r), Some(d), Some(g)) = (right, below, diag) else {
            continue;
        };
        let (f2, f3, f4) = (blks[r].b, blks[d].b, blks[g].b);
        let bad = overlap_x(&f3, &f4)
            || overlap_y(&f2, &f4)
            || overlap_x(&f2, &f3)
            || overlap_y(&f2, &f3);
        let good = overlap_x(&f4, &f2) && overlap_y(&f4, &f3);
        if bad || !good {
            continue;
        }
        let fs = blks[i]
            .size
            .min(blks[r].size)
            .min(blks[d].size)
            .min(blks[g].size);
        let dx = fs * MIN_COL_SPACING1;
        let dy = fs * MAX_INTRA_LINE;
        let cx = |b: &BBox| (b.x0 + b.x1) / 2.0;
        let cy = |b: &BBox| (b.y0 + b.y1) / 2.0;
        let mut cor_x = 0;
        let mut cor_y = 0;
        if (cx(&b1) - cx(&f3)).abs() <= dx && (cx(&f2) - cx(&f4)).abs() <= dx {
            cor_x += 1;
        }
        if (cy(&b1) - cy(&f2)).abs() <= dy && (cy(&f3) - cy(&f4)).abs() <= dy {
            cor_y += 1;
        }
        if (b1.x0 - f3.x0).abs() <= dx && (f2.x0 - f4.x0).abs() <= dx {
            cor_x += 1;
        }
        if (b1.x1 - f3.x1).abs() <= dx && (f2.x1 - f4.x1).abs() <= dx {
            cor_x += 1;
        }
        if (b1.y0 - f2.y0).abs() <= dy && (f3.y0 - f4.y0).abs() <= dy {
            cor_y += 1;
        }
        if (b1.y1 - f2.y1).abs() <= dy && (f3.y1 - f4.y1).abs() <= dy {
            cor_y += 1;
        }
        if cor_x > 0 && cor_y > 0 {
            let id = [i, r, d, g]
                .iter()
                .filter_map(|&k| blks[k].table)
                .max()
                .unwrap_or_else(|| {
                    tables += 1;
                    tables - 1
                });
            for k in [i, r, d, g] {
                blks[k].table = Some(id);
            }
        }
    }
    // tables take their whole box
    let mut env: Vec<Option<BBox>> = vec![None; tables];
    for b in blks.iter() {
        if let Some(t) = b.table
            && let Some(slot) = env.get_mut(t)
        {
            let e = slot.get_or_insert(b.b);
            e.x0 = e.x0.min(b.b.x0);
            e.x1 = e.x1.max(b.b.x1);
            e.y0 = e.y0.min(b.b.y0);
            e.y1 = e.y1.max(b.b.y1);
        }
    }
    for b in blks.iter_mut() {
        if let Some(e) = b.table.and_then(|t| env.get(t).copied().flatten()) {
            b.e = e;
        }
    }
    // other blocks widen into the free space below them
    for i in 0..n {
        if blks[i].table.is_some() {
            continue;
        }
        let b1 = blks[i].b;
        let (mut xmax, mut xmin) = (f64::MAX, f64::MIN);
        for (j, o) in blks.iter().enumerate() {
            if i == j {
                continue;
            }
            let b2 = o.b;
            if b1.y0 <= b2.y1 && b1.y1 >= b2.y0 {
                if b2.x0 < xmax && b2.x0 > b1.x1 {
                    xmax = b2.x0;
                }
                if b2.x1 > xmin && b2.x1 < b1.x0 {
                    xmin = b2.x1;
                }
            }
        }
        let mut e = blks[i].e;
        for (j, o) in blks.iter().enumerate() {
            if i == j {
                continue;
            }
            let b2 = o.b;
            if b2.x1 > e.x1 && b2.x1 <= xmax && b2.y0 >= b1.y1 {
                e.x1 = b2.x1;
            }
            if b2.x0 < e.x0 && b2.x0 >= xmin && b2.y0 >= b1.y1 {
                e.x0 = b2.x0;
            }
        }
        blks[i].e = e;
    }
}

/// Reading order by T. M. Breuel's two rules ("High Performance Document
/// Layout Analysis", 2003) as a depth-first topological sort, with table
/// cells read row by row.
fn reading_order(blks: &[Blk], primary: usize) -> Vec<usize> {
    let n = blks.len();
    // (1) "above" in the primary direction, for blocks that overlap across it
    let rule1 = |a: usize, b: usize| {
        let (a, b) = (&blks[a].e, &blks[b].e);
        let overlap = if primary.is_multiple_of(2) {
            (a.x0 <= b.x0 && b.x0 <= a.x1) || (b.x0 <= a.x0 && a.x0 <= b.x1)
        } else {
            (a.y0 <= b.y0 && b.y0 <= a.y1) || (b.y0 <= a.y0 && a.y0 <= b.y1)
        };
        overlap
            && match primary {
                1 => a.x1 > b.x1,
                2 => a.y1 > b.y1,
                3 => a.x0 < b.x0,
                _ => a.y0 < b.y0,
            }
    };
    // (2) "left of" in the candidate block's own writing direction (poppler
    // uses the block's rotation here, so vertical margin text that starts
    // below is still read before the text it runs beside)
    let rule2 = |a: usize, b: usize| {
        let (ea, eb) = (&blks[a].e, &blks[b].e);
        let cmp = match blks[a].rot {
            1 => ea.y0 - eb.y1,
            2 => eb.x1 - ea.x0,
            3 => eb.y0 - ea.y1,
            _ => ea.x1 - eb.x0,
        };
        cmp <= 0.0
    };
    // Blocks recently found lying between two others: checked first, since
    // the same few blocks (a full-width heading, a footer) separate most
    // pairs; this keeps the cubic search short on real pages.
    let mut cache: Vec<usize> = Vec::with_capacity(4);
    let mut before = |b2: usize, b1: usize| -> bool {
        let (x1, x2) = (&blks[b1], &blks[b2]);
        if let (Some(t1), Some(t2)) = (x1.table, x2.table)
            && t1 == t2
        {
            // same table: row by row, left to right
            return (x2.b.x1 <= x1.b.x0 && x2.b.y0 <= x1.b.y1 && x2.b.y1 >= x1.b.y0)
                || x2.b.y1 <= x1.b.y0;
        }
        if rule1(b2, b1) {
            return true;
        }
        if !rule2(b2, b1) {
            return false;
        }
        let between = |b3: usize| b3 != b1 && b3 != b2 && rule1(b1, b3) && rule1(b3, b2);
        if let Some(k) = cache.iter().position(|&b3| between(b3)) {
            let b3 = cache.remove(k);
            cache.insert(0, b3);
            return false;
        }
        match (0..n).find(|&b3| between(b3)) {
            Some(b3) => {
                cache.insert(0, b3);
                cache.truncate(4);
                false
            }
            None => true,
        }
    };
    let mut visited = vec![false; n];
    let mut out = Vec::with_capacity(n);
    for start in 0..n {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(top) = stack.last_mut() {
            let b1 = top.0;
            let mut next = None;
            while top.1 < n {
                let b2 = top.1;
                top.1 += 1;
                if !visited[b2] && before(b2, b1) {
                    next = Some(b2);
                    break;
                }
            }
            match next {
                Some(b2) => {
                    visited[b2] = true;
                    stack.push((b2, 0));
                }
                None => {
                    out.push(b1);
                    stack.pop();
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(i: u32, x0: f64, base: f64, len: usize) -> LWord {
        LWord {
            chars: (i..i + len as u32).collect(),
            font: 0,
            x0,
            x1: x0 + 5.0 * len as f64,
            y0: base - 8.0,
            y1: base + 2.0,
            base,
            size: 10.0,
        }
    }

    #[test]
    fn letter_spaced_text_merges_into_words() {
        // C A R D   O N: gaps of 3 inside the words, 9 between them
        let mut ws = Vec::new();
        let mut x = 0.0;
        for (i, gap) in [3.0, 3.0, 3.0, 9.0, 3.0, 0.0].iter().enumerate() {
            ws.push(word(i as u32 * 2, x, 100.0, 1));
            x += 5.0 + gap;
        }
        let line: Vec<usize> = (0..ws.len()).collect();
        let out = coalesce_line(&ws, &line);
        assert_eq!(
            out.len(),
            6,
            "pieces not from consecutive glyphs stay apart"
        );
        // consecutive glyph indices: merged
        let mut ws2 = Vec::new();
        let mut x = 0.0;
        for (i, gap) in [3.0, 3.0, 3.0, 9.0, 3.0, 0.0].iter().enumerate() {
            ws2.push(word(i as u32, x, 100.0, 1));
            x += 5.0 + gap;
        }
        let out = coalesce_line(&ws2, &line);
        let lens: Vec<usize> = out.iter().map(|w| w.word.chars.len()).collect();
        assert_eq!(lens, [4, 2]);
        assert!(out[0].space_after && !out[1].space_after);
    }

    #[test]
    fn two_columns_read_column_by_column() {
        let mut ws = Vec::new();
        let mut i = 0;
        for line in 0..5 {
            let base = 100.0 + line as f64 * 12.0;
            for (x, n) in [(50.0, 3), (68.0, 4), (300.0, 3), (318.0, 4)] {
                ws.push(word(i, x, base, n));
                i += 10;
            }
        }
        let flows = layout([ws, Vec::new(), Vec::new(), Vec::new()], 0);
        let firsts: Vec<f64> = flows
            .iter()
            .flat_map(|f| f.iter())
            .flat_map(|b| b.lines.iter())
            .map(|l| l[0].word.x0)
            .collect();
        assert_eq!(
            firsts,
            [
                50.0, 50.0, 50.0, 50.0, 50.0, 300.0, 300.0, 300.0, 300.0, 300.0
            ]
        );
    }

    #[test]
    fn very_many_words_take_the_bounded_path() {
        let mut ws = Vec::new();
        for k in 0..(MAX_LAYOUT_WORDS as u32 + 1) {
            let line = k / 500;
            ws.push(word(k, f64::from(k % 500) * 7.0, f64::from(line) * 12.0, 1));
        }
        let flows = layout([ws, Vec::new(), Vec::new(), Vec::new()], 0);
        let lines: usize = flows
            .iter()
            .flat_map(|f| f.iter())
            .map(|b| b.lines.len())
            .sum();
        assert_eq!(lines, MAX_LAYOUT_WORDS / 500 + 1);
    }
}
