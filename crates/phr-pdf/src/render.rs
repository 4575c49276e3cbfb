//! Drawing the laid-out pages with krilla and finishing the PDF: its title and language (en-GB)
//! in the metadata, the fonts embedded as subsets.

use std::fmt;

use krilla::Document as PdfDocument;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;

use crate::fonts::Faces;
use crate::layout::{Ink, Op, PAGE_HEIGHT, PAGE_WIDTH, lay_out};
use crate::model::Document;

/// The PDF could not be made. Nothing the person typed causes it (any text lays out); it means
/// the embedded fonts or the PDF writer failed, a bug to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError(String);

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not make the PDF: {}", self.0)
    }
}

impl std::error::Error for PdfError {}

/// `doc` as the bytes of a PDF file: A4 pages, each with the person's name and date of birth
/// at the top and the day printed and its page number at the bottom.
pub fn render(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let faces = Faces::load().ok_or_else(|| PdfError("the embedded fonts did not load".into()))?;
    let pages = lay_out(doc, &faces);
    let mut pdf = PdfDocument::new();
    let metadata = Metadata::new().title(doc.title.clone()).language("en-GB".into()).creator("phr".into());
    pdf.set_metadata(metadata);
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or_else(|| PdfError("page size".into()))?;
    for ops in &pages {
        let mut page = pdf.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            draw(&mut surface, &faces, op);
        }
        surface.finish();
        page.finish();
    }
    pdf.finish().map_err(|e| PdfError(format!("{e:?}")))
}

/// The NHS's colours: text #212b32, rules #d8dde0, blue #005eb8.
fn colour(ink: Ink) -> rgb::Color {
    match ink {
        Ink::Text => rgb::Color::new(0x21, 0x2b, 0x32),
        Ink::Rule => rgb::Color::new(0xd8, 0xdd, 0xe0),
        Ink::Blue => rgb::Color::new(0x00, 0x5e, 0xb8),
    }
}

fn fill(ink: Ink) -> Fill {
    Fill { paint: colour(ink).into(), ..Fill::default() }
}

fn draw(surface: &mut Surface<'_>, faces: &Faces, op: &Op) {
    match op {
        Op::Text { x, y, size, bold, text } => {
            let face = faces.face(*bold);
            let glyphs = face.glyphs(text);
            surface.set_fill(Some(fill(Ink::Text)));
            surface.set_stroke(None);
            surface.draw_glyphs(Point::from_xy(*x, *y), &glyphs, face.font.clone(), text, *size, false);
        }
        Op::Line { x1, x2, y, width, ink } => {
            let mut path = PathBuilder::new();
            path.move_to(*x1, *y);
            path.line_to(*x2, *y);
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke { paint: colour(*ink).into(), width: *width, ..Stroke::default() }));
                surface.draw_path(&path);
            }
        }
        Op::Bar { x, top, bottom, width, ink } => {
            let mut path = PathBuilder::new();
            if let Some(rect) = Rect::from_xywh(*x, *top, *width, bottom - top) {
                path.push_rect(rect);
            }
            if let Some(path) = path.finish() {
                surface.set_stroke(None);
                surface.set_fill(Some(fill(*ink)));
                surface.draw_path(&path);
            }
        }
    }
}
