//! The two embedded faces (Liberation Sans regular and bold, SIL Open Font License, see
//! `fonts/SOURCE`) and their measures: text becomes one glyph per character (Latin text needs
//! no shaping), each glyph keeping the character it came from for the PDF's ToUnicode map.

use std::ops::Range;

use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

static REGULAR: &[u8] = include_bytes!("../fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/LiberationSans-Bold.ttf");

/// A face: krilla's font to draw with and skrifa's tables to measure with.
pub(crate) struct Face {
    pub(crate) font: Font,
    data: &'static [u8],
    units_per_em: f32,
}

/// The regular and bold faces.
pub(crate) struct Faces {
    pub(crate) regular: Face,
    pub(crate) bold: Face,
}

impl Faces {
    pub(crate) fn load() -> Option<Self> {
        Some(Self { regular: Face::load(REGULAR)?, bold: Face::load(BOLD)? })
    }

    pub(crate) fn face(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }
}

impl Face {
    fn load(data: &'static [u8]) -> Option<Self> {
        let font_ref = skrifa::FontRef::new(data).ok()?;
        let units_per_em = f32::from(font_ref.metrics(Size::unscaled(), LocationRef::default()).units_per_em);
        let font = Font::new(krilla::Data::from(data), 0)?;
        (units_per_em > 0.0).then_some(Self { font, data, units_per_em })
    }

    /// Each character's glyph and advance (in ems), with its byte range in `text`. A character
    /// the face lacks is drawn as the empty box (glyph 0) but still copies as itself.
    pub(crate) fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        let Ok(font_ref) = skrifa::FontRef::new(self.data) else { return Vec::new() };
        let charmap = font_ref.charmap();
        let metrics = font_ref.glyph_metrics(Size::unscaled(), LocationRef::default());
        text.char_indices()
            .map(|(at, c)| {
                let glyph = charmap.map(c).unwrap_or(skrifa::GlyphId::NOTDEF);
                let advance = metrics.advance_width(glyph).unwrap_or(0.0) / self.units_per_em;
                let range: Range<usize> = at..at + c.len_utf8();
                KrillaGlyph {
                    glyph_id: GlyphId::new(glyph.to_u32()),
                    text_range: range,
                    x_advance: advance,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    y_advance: 0.0,
                    location: None,
                }
            })
            .collect()
    }

    /// The width of `text` set at `size` points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        self.glyphs(text).iter().map(|g| g.x_advance).sum::<f32>() * size
    }
}
