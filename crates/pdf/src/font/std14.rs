//! The standard 14 fonts (ISO 32000-1 9.6.2.2): name resolution with the
//! usual aliases, and their metrics from Adobe's Core 14 AFM files.

use super::tables::{STD14, Std14Metrics};

/// Index into `STD14` (the order the generator writes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Std14(usize);

const COURIER: usize = 0;
const HELVETICA: usize = 4;
const TIMES: usize = 8;
const SYMBOL: usize = 12;
const ZAPF: usize = 13;

impl Std14 {
    /// Resolves a BaseFont name (subset prefix already removed) to a standard
    /// font: the 14 names themselves and the aliases Acrobat, poppler and
    /// MuPDF accept (Arial -> Helvetica, TimesNewRoman -> Times-Roman,
    /// CourierNew -> Courier, with ",Bold", "-BoldItalic", "PSMT", "MT"
    /// style suffixes). Other families (e.g. "ArialNarrow") are not standard.
    pub(super) fn from_name(name: &str) -> Option<Std14> {
        let compact: String = name
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        // Longer family names first so "timesnewroman" is not read as "times".
        let families: [(&str, usize); 8] = [
            ("timesnewromanps", TIMES),
            ("timesnewroman", TIMES),
            ("times", TIMES),
            ("helvetica", HELVETICA),
            ("arial", HELVETICA),
            ("couriernewps", COURIER),
            ("couriernew", COURIER),
            ("courier", COURIER),
        ];
        let (symbolic, rest) = if let Some(r) = compact.strip_prefix("symbol") {
            (Some(SYMBOL), r)
        } else if let Some(r) = compact.strip_prefix("zapfdingbats") {
            (Some(ZAPF), r)
        } else {
            (None, compact.as_str())
        };
        if let Some(idx) = symbolic {
            // Style suffixes on Symbol are ignored (there is one Symbol).
            return style_of(rest).map(|_| Std14(idx));
        }
        let (family, rest) = families
            .iter()
            .find_map(|(p, f)| compact.strip_prefix(p).map(|r| (*f, r)))?;
        let (bold, italic) = style_of(rest)?;
        Some(Std14(family + usize::from(bold) + 2 * usize::from(italic)))
    }

    /// The substitute standard font for a non-standard font (ISO 32000-1
    /// 9.6.2.2 leaves this to the reader; like poppler we pick by the
    /// descriptor flags: FixedPitch -> Courier, Serif -> Times, else
    /// Helvetica, with bold/italic from the flags or the name).
    pub(super) fn substitute(flags: u32, name: &str) -> Std14 {
        let lower = name.to_ascii_lowercase();
        // A family named in the font name beats the flags, which are often
        // missing or wrong ("Times-Italics" with no descriptor).
        let family = if lower.contains("courier") || lower.contains("mono") {
            COURIER
        } else if lower.contains("times") || lower.contains("roman") {
            TIMES
        } else if lower.contains("arial") || lower.contains("helvetica") {
            HELVETICA
        } else if flags & 1 != 0 {
            COURIER
        } else if flags & 2 != 0 {
            TIMES
        } else {
            HELVETICA
        };
        let bold = flags & (1 << 18) != 0 || lower.contains("bold") || lower.contains("black");
        let italic = flags & (1 << 6) != 0 || lower.contains("italic") || lower.contains("oblique");
        Std14(family + usize::from(bold) + 2 * usize::from(italic))
    }

    /// The metrics record.
    pub(super) fn metrics(self) -> Option<&'static Std14Metrics> {
        STD14.get(self.0)
    }

    /// True for Symbol and ZapfDingbats, whose built-in encodings are not
    /// StandardEncoding.
    pub(super) fn builtin_encoding(self) -> Option<super::glyph::BaseEncoding> {
        match self.0 {
            SYMBOL => Some(super::glyph::BaseEncoding::Symbol),
            ZAPF => Some(super::glyph::BaseEncoding::ZapfDingbats),
            _ => None,
        }
    }

    /// Advance width of a glyph by name, if the AFM lists it.
    pub(super) fn width(self, glyph: &str) -> Option<f64> {
        let m = self.metrics()?;
        m.widths
            .binary_search_by(|(n, _)| n.as_bytes().cmp(glyph.as_bytes()))
            .ok()
            .and_then(|i| m.widths.get(i))
            .map(|(_, w)| f64::from(*w))
    }

    /// A width for glyphs the AFM does not list: 600 for Courier, else 500.
    pub(super) fn default_width(self) -> f64 {
        if self.0 < HELVETICA { 600.0 } else { 500.0 }
    }

    /// Ascent and descent as poppler's built-in font table has them: the AFM
    /// values, or the FontBBox for Symbol and ZapfDingbats, which have none.
    pub(super) fn ascent_descent(self) -> (f64, f64) {
        match self.metrics() {
            Some(m) if m.ascent != 0.0 => (m.ascent, m.descent),
            Some(m) => (m.bbox[3], m.bbox[1]),
            None => (718.0, -207.0),
        }
    }
}

/// Parses what follows a family name: "", "mt", "psmt", ",bold", "-bolditalic",
/// "-boldoblique", "-roman", "-italicmt" ... Returns (bold, italic), or None
/// when something else follows (another family such as "arialnarrow").
fn style_of(rest: &str) -> Option<(bool, bool)> {
    let mut bold = false;
    let mut italic = false;
    let mut s = rest;
    while !s.is_empty() {
        let tokens: [(&str, u8); 12] = [
            (",", 0),
            ("-", 0),
            ("bold", 1),
            ("italic", 2),
            ("oblique", 2),
            ("roman", 0),
            ("regular", 0),
            ("medium", 0),
            ("normal", 0),
            ("psmt", 0),
            ("ps", 0),
            ("mt", 0),
        ];
        let (len, kind) = tokens
            .iter()
            .find(|(t, _)| s.starts_with(t))
            .map(|(t, k)| (t.len(), *k))?;
        match kind {
            1 => bold = true,
            2 => italic = true,
            _ => {}
        }
        s = s.get(len..)?;
    }
    Some((bold, italic))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> Option<&'static str> {
        Std14::from_name(s)
            .and_then(|f| f.metrics())
            .map(|m| m.name)
    }

    #[test]
    fn names_and_aliases() {
        assert_eq!(name("Helvetica"), Some("Helvetica"));
        assert_eq!(name("Arial"), Some("Helvetica"));
        assert_eq!(name("ArialMT"), Some("Helvetica"));
        assert_eq!(name("Arial,Bold"), Some("Helvetica-Bold"));
        assert_eq!(name("Arial-BoldItalicMT"), Some("Helvetica-BoldOblique"));
        assert_eq!(name("Helvetica-Oblique"), Some("Helvetica-Oblique"));
        assert_eq!(name("TimesNewRoman"), Some("Times-Roman"));
        assert_eq!(name("TimesNewRomanPSMT"), Some("Times-Roman"));
        assert_eq!(name("TimesNewRomanPS-BoldMT"), Some("Times-Bold"));
        assert_eq!(name("Times-BoldItalic"), Some("Times-BoldItalic"));
        assert_eq!(name("Times New Roman,Italic"), Some("Times-Italic"));
        assert_eq!(name("CourierNew"), Some("Courier"));
        assert_eq!(
            name("CourierNewPS-BoldItalicMT"),
            Some("Courier-BoldOblique")
        );
        assert_eq!(name("Symbol"), Some("Symbol"));
        assert_eq!(name("SymbolMT,Bold"), Some("Symbol"));
        assert_eq!(name("ZapfDingbats"), Some("ZapfDingbats"));
        assert_eq!(name("ArialNarrow"), None);
        assert_eq!(name("ArialUnicodeMS"), None);
        assert_eq!(name("Calibri"), None);
    }

    #[test]
    fn metrics() {
        let helv = Std14::from_name("Helvetica").unwrap();
        assert_eq!(helv.width("A"), Some(667.0));
        assert_eq!(helv.width("space"), Some(278.0));
        assert_eq!(helv.ascent_descent(), (718.0, -207.0));
        let times_bold = Std14::from_name("Times-Bold").unwrap();
        assert_eq!(times_bold.width("A"), Some(722.0));
        let courier = Std14::from_name("Courier").unwrap();
        assert_eq!(courier.width("Euro"), Some(600.0));
        let symbol = Std14::from_name("Symbol").unwrap();
        assert_eq!(symbol.width("alpha"), Some(631.0));
        assert_eq!(symbol.ascent_descent(), (1010.0, -293.0));
        assert_eq!(
            Std14::substitute(2 | (1 << 18), "X")
                .metrics()
                .unwrap()
                .name,
            "Times-Bold"
        );
        assert_eq!(
            Std14::substitute(1, "X-Italic").metrics().unwrap().name,
            "Courier-Oblique"
        );
        assert_eq!(
            Std14::substitute(0, "Times-Italics")
                .metrics()
                .unwrap()
                .name,
            "Times-Italic"
        );
    }

    #[test]
    fn widths_are_sorted() {
        for m in &super::super::tables::STD14 {
            assert!(
                m.widths
                    .windows(2)
                    .all(|w| w[0].0.as_bytes() < w[1].0.as_bytes())
            );
        }
    }
}
