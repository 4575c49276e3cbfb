//! Drawing the laid-out pages with krilla and finishing the PDF: its title and language (en-GB)
//! in the metadata, the fonts embedded as subsets, and tagged (a structure tree a screen
//! reader follows: the title and headings as headings, paragraphs, label-value rows and tables
//! as tables with their header cells, in reading order; the page's header, footer and rules
//! marked as artifacts so they are not read on every page).

use std::collections::HashMap;
use std::fmt;
use std::num::NonZeroU16;

use krilla::Document as PdfDocument;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, Node, SpanTag, TableHeaderScope, Tag, TagGroup, TagKind, TagTree,
};

use crate::fonts::Faces;
use crate::layout::{Ink, Op, PAGE_HEIGHT, PAGE_WIDTH, Part, lay_out};
use crate::model::{Block, Document};

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
    let mut marked: HashMap<Part, Vec<Identifier>> = HashMap::new();
    for ops in &pages {
        let mut page = pdf.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            if let Some((part, id)) = draw(&mut surface, &faces, op) {
                marked.entry(part).or_default().push(id);
            }
        }
        surface.finish();
        page.finish();
    }
    pdf.set_tag_tree(tag_tree(doc, &mut marked));
    pdf.finish().map_err(|e| PdfError(format!("{e:?}")))
}

/// The group of `tag` holding what was drawn for `part` (empty groups are left out by krilla).
fn group(tag: impl Into<TagKind>, part: Part, marked: &mut HashMap<Part, Vec<Identifier>>) -> TagGroup {
    let ids = marked.remove(&part).unwrap_or_default();
    TagGroup::with_children(tag, ids.into_iter().map(Node::from).collect())
}

fn heading(level: u16, text: &str) -> TagKind {
    Tag::Hn(NonZeroU16::new(level).unwrap_or(NonZeroU16::MIN), Some(text.to_owned())).into()
}

/// The document's structure in reading order: each block as its tag, with the text drawn for it.
fn tag_tree(doc: &Document, marked: &mut HashMap<Part, Vec<Identifier>>) -> TagTree {
    let mut tree = TagTree::new().with_lang(Some("en-GB".to_owned()));
    tree.push(group(heading(1, &doc.title), Part::Title, marked));
    for (i, block) in doc.blocks.iter().enumerate() {
        let whole = Part::Block { block: i, cell: None };
        let cell = |row: usize, column: usize| Part::Block { block: i, cell: Some((row, column)) };
        match block {
            Block::Heading(text) => tree.push(group(heading(2, text), whole, marked)),
            Block::Subheading(text) => tree.push(group(heading(3, text), whole, marked)),
            Block::Paragraph(_) | Block::Inset(_) | Block::Large(_) => tree.push(group(Tag::P, whole, marked)),
            Block::Rows(rows) => {
                let mut table = TagGroup::new(Tag::Table);
                for n in 0..rows.len() {
                    let mut tr = TagGroup::new(Tag::TR);
                    tr.push(group(Tag::TH(TableHeaderScope::Row), cell(n, 0), marked));
                    tr.push(group(Tag::TD, cell(n, 1), marked));
                    table.push(tr);
                }
                tree.push(table);
            }
            Block::Table(t) => {
                let columns = t.columns.len().max(t.rows.iter().map(Vec::len).max().unwrap_or(0));
                let mut table = TagGroup::new(Tag::Table);
                let mut head = TagGroup::new(Tag::TR);
                for c in 0..columns {
                    head.push(group(Tag::TH(TableHeaderScope::Column), cell(0, c), marked));
                }
                table.push(head);
                for n in 0..t.rows.len() {
                    let mut tr = TagGroup::new(Tag::TR);
                    for c in 0..columns {
                        tr.push(group(Tag::TD, cell(n + 1, c), marked));
                    }
                    table.push(tr);
                }
                tree.push(table);
            }
        }
    }
    tree
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

/// Draws `op`, marked: text as a span of its part (returned, for the tag tree), or as an
/// artifact when it is page furniture; rules and bars always as artifacts.
fn draw(surface: &mut Surface<'_>, faces: &Faces, op: &Op) -> Option<(Part, Identifier)> {
    let artifact = |kind| ContentTag::Artifact(Artifact::with_kind(kind));
    match op {
        Op::Text { x, y, size, bold, text, part } => {
            let id = match part {
                Part::Artifact => {
                    surface.start_tagged(artifact(ArtifactType::PaginationOther));
                    None
                }
                _ => Some(surface.start_tagged(ContentTag::Span(SpanTag::empty()))),
            };
            let face = faces.face(*bold);
            let glyphs = face.glyphs(text);
            surface.set_fill(Some(fill(Ink::Text)));
            surface.set_stroke(None);
            surface.draw_glyphs(Point::from_xy(*x, *y), &glyphs, face.font.clone(), text, *size, false);
            surface.end_tagged();
            return id.map(|id| (*part, id));
        }
        Op::Line { x1, x2, y, width, ink } => {
            surface.start_tagged(artifact(ArtifactType::Layout));
            let mut path = PathBuilder::new();
            path.move_to(*x1, *y);
            path.line_to(*x2, *y);
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke { paint: colour(*ink).into(), width: *width, ..Stroke::default() }));
                surface.draw_path(&path);
            }
            surface.end_tagged();
        }
        Op::Bar { x, top, bottom, width, ink } => {
            surface.start_tagged(artifact(ArtifactType::Layout));
            let mut path = PathBuilder::new();
            if let Some(rect) = Rect::from_xywh(*x, *top, *width, bottom - top) {
                path.push_rect(rect);
            }
            if let Some(path) = path.finish() {
                surface.set_stroke(None);
                surface.set_fill(Some(fill(*ink)));
                surface.draw_path(&path);
            }
            surface.end_tagged();
        }
    }
    None
}
