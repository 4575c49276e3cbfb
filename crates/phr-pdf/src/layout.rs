//! Laying the blocks out on A4 pages: wrapping text to the width, moving to a new page when a
//! block does not fit, and adding each page's header (whose document) and footer (printed on,
//! page N of M). The result is a list of simple drawing operations per page, each piece of
//! text marked with the part of the document it belongs to ([`Part`]) so that the PDF can be
//! tagged: a screen reader reads the blocks in order, the headings as headings and the tables
//! as tables, and skips the page furniture.

use crate::fonts::Faces;
use crate::model::{Block, Document, Table};

/// A4 in points.
pub(crate) const PAGE_WIDTH: f32 = 595.28;
pub(crate) const PAGE_HEIGHT: f32 = 841.89;
/// 2 cm all round: room for a printer's unprintable edge and for a hole punch.
const MARGIN: f32 = 56.7;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// Where the blocks start, below the header, and where they must end, above the footer.
const CONTENT_TOP: f32 = MARGIN + 40.0;
const CONTENT_BOTTOM: f32 = PAGE_HEIGHT - MARGIN - 24.0;

/// Body text is 12 pt: the smallest the NHS print guidance and the brief allow.
pub(crate) const BODY: f32 = 12.0;
const TITLE: f32 = 24.0;
const HEADING: f32 = 18.0;
const SUBHEADING: f32 = 14.0;
const LARGE: f32 = 20.0;
const LINE_SPACING: f32 = 1.4;
const CELL_GAP: f32 = 12.0;
const ROW_PADDING: f32 = 6.0;
/// A compact document's title, headings and row padding (its body text is still 12 pt).
const COMPACT_TITLE: f32 = 20.0;
const COMPACT_HEADING: f32 = 15.0;
const COMPACT_ROW_PADDING: f32 = 4.0;

/// The grey of the rules between rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ink {
    Text,
    Rule,
    Blue,
}

/// What a piece of text is part of, for the PDF's tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Part {
    /// Page furniture (whose document, printed on, page N of M) and a table's headings
    /// repeated on a later page: not part of what is read.
    Artifact,
    /// The document's title.
    Title,
    /// The block at this index of the document; in label-value rows and tables, the cell
    /// (row, column), where a table's row 0 is its headings.
    Block { block: usize, cell: Option<(usize, usize)> },
}

/// One drawing operation; `y` grows down the page, text is placed by its baseline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    Text { x: f32, y: f32, size: f32, bold: bool, text: String, part: Part },
    Line { x1: f32, x2: f32, y: f32, width: f32, ink: Ink },
    Bar { x: f32, top: f32, bottom: f32, width: f32, ink: Ink },
}

pub(crate) struct Layout<'f> {
    faces: &'f Faces,
    pages: Vec<Vec<Op>>,
    y: f32,
    /// The document asked for tighter spacing ([`Document::compact`]).
    compact: bool,
}

/// Lays `doc` out: the operations of each page, header and footer included.
pub(crate) fn lay_out(doc: &Document, faces: &Faces) -> Vec<Vec<Op>> {
    let mut layout = Layout { faces, pages: vec![Vec::new()], y: CONTENT_TOP, compact: doc.compact };
    let title = if doc.compact { COMPACT_TITLE } else { TITLE };
    layout.text_block(&doc.title, title, true, 0.0, 0.0, layout.gap(12.0), Part::Title);
    for (i, block) in doc.blocks.iter().enumerate() {
        let next = doc.blocks.get(i + 1);
        layout.block(i, block, next);
    }
    let total = layout.pages.len();
    let mut pages = layout.pages;
    for (n, ops) in pages.iter_mut().enumerate() {
        page_furniture(doc, faces, n + 1, total, ops);
    }
    pages
}

impl Layout<'_> {
    /// Adds `op` to the current page (there is always one).
    fn push(&mut self, op: Op) {
        if let Some(ops) = self.pages.last_mut() {
            ops.push(op);
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = CONTENT_TOP;
    }

    /// Starts a new page unless `height` more fits on this one (or this page is still empty:
    /// a block taller than a page is placed anyway rather than pushed on for ever).
    fn make_room(&mut self, height: f32) {
        if self.y + height > CONTENT_BOTTOM && self.y > CONTENT_TOP {
            self.new_page();
        }
    }

    fn line_height(size: f32) -> f32 {
        size * LINE_SPACING
    }

    /// A space between blocks: halved in a compact document.
    fn gap(&self, space: f32) -> f32 {
        if self.compact { space / 2.0 } else { space }
    }

    fn padding(&self) -> f32 {
        if self.compact { COMPACT_ROW_PADDING } else { ROW_PADDING }
    }

    fn block(&mut self, index: usize, block: &Block, next: Option<&Block>) {
        // A heading stays with at least the first lines of what follows it.
        let keep = next.map_or(0.0, |_| 3.0 * Self::line_height(BODY));
        let part = Part::Block { block: index, cell: None };
        match block {
            Block::Heading(text) => {
                let size = if self.compact { COMPACT_HEADING } else { HEADING };
                let height = self.text_height(text, size, true, CONTENT_WIDTH) + keep + self.gap(14.0);
                self.make_room(height);
                self.y += self.gap(14.0);
                self.text_block(text, size, true, 0.0, 0.0, self.gap(6.0), part);
            }
            Block::Subheading(text) => {
                let height = self.text_height(text, SUBHEADING, true, CONTENT_WIDTH) + keep + 8.0;
                self.make_room(height);
                self.y += 8.0;
                self.text_block(text, SUBHEADING, true, 0.0, 0.0, 4.0, part);
            }
            Block::Paragraph(text) => self.text_block(text, BODY, false, 0.0, 0.0, self.gap(10.0), part),
            Block::Large(text) => self.text_block(text, LARGE, true, 0.0, 0.0, 12.0, part),
            Block::Inset(text) => self.inset(text, part),
            Block::Rows(rows) => self.rows(index, rows),
            Block::Table(table) => self.table(index, table),
        }
    }

    fn text_height(&self, text: &str, size: f32, bold: bool, width: f32) -> f32 {
        wrap(self.faces, text, size, bold, width).len() as f32 * Self::line_height(size)
    }

    /// Wrapped text, line by line, each line moving to a new page when it does not fit.
    #[allow(clippy::too_many_arguments)]
    fn text_block(&mut self, text: &str, size: f32, bold: bool, indent: f32, right: f32, after: f32, part: Part) {
        let lh = Self::line_height(size);
        for line in wrap(self.faces, text, size, bold, CONTENT_WIDTH - indent - right) {
            self.make_room(lh);
            let y = self.y + size;
            self.push(Op::Text { x: MARGIN + indent, y, size, bold, text: line, part });
            self.y += lh;
        }
        self.y += after;
    }

    fn inset(&mut self, text: &str, part: Part) {
        let height = self.text_height(text, BODY, false, CONTENT_WIDTH - 20.0) + 2.0 * self.padding();
        self.make_room(height);
        let top = self.y;
        self.y += self.padding();
        self.push(Op::Bar { x: MARGIN, top, bottom: top + height, width: 5.0, ink: Ink::Blue });
        self.text_block(text, BODY, false, 20.0, 0.0, 0.0, part);
        self.y = top + height + self.gap(12.0);
    }

    fn rows(&mut self, index: usize, rows: &[(String, String)]) {
        let label_width = CONTENT_WIDTH * 0.4;
        let widths = [label_width - CELL_GAP, CONTENT_WIDTH - label_width];
        let starts = [0.0, label_width];
        for (n, (label, value)) in rows.iter().enumerate() {
            let at = Some((index, n));
            self.row(&[(label, true), (value, false)], &widths, &starts, Ink::Rule, at);
        }
        self.y += self.gap(12.0);
    }

    fn table(&mut self, index: usize, table: &Table) {
        let count = table.columns.len().max(table.rows.iter().map(Vec::len).max().unwrap_or(0));
        if count == 0 {
            return;
        }
        let widths = column_widths(self.faces, table, count);
        let mut starts = Vec::with_capacity(count);
        let mut x = 0.0;
        for w in &widths {
            starts.push(x);
            x += w + CELL_GAP;
        }
        let cell = |row: &[String], i: usize| row.get(i).map_or("", String::as_str).to_owned();
        let header: Vec<(String, bool)> = (0..count).map(|i| (cell(&table.columns, i), true)).collect();
        let header_refs: Vec<(&String, bool)> = header.iter().map(|(t, b)| (t, *b)).collect();
        let header_height = self.row_height(&header_refs, &widths);
        let mut header_on_page: Option<usize> = None;
        for (n, row) in table.rows.iter().enumerate() {
            let cells: Vec<(String, bool)> = (0..count).map(|i| (cell(row, i), false)).collect();
            let refs: Vec<(&String, bool)> = cells.iter().map(|(t, b)| (t, *b)).collect();
            let height = self.row_height(&refs, &widths);
            let need_header = header_on_page != Some(self.pages.len());
            self.make_room(height + if need_header { header_height } else { 0.0 });
            if header_on_page != Some(self.pages.len()) {
                // The headings are read once, where the table starts; repeated, they are furniture.
                let at = header_on_page.is_none().then_some((index, 0));
                self.row(&header_refs, &widths, &starts, Ink::Text, at);
                header_on_page = Some(self.pages.len());
            }
            self.row(&refs, &widths, &starts, Ink::Rule, Some((index, n + 1)));
        }
        self.y += self.gap(12.0);
    }

    fn row_height(&self, cells: &[(&String, bool)], widths: &[f32]) -> f32 {
        let lines = cells
            .iter()
            .zip(widths)
            .map(|((text, bold), w)| wrap(self.faces, text, BODY, *bold, *w).len())
            .max()
            .unwrap_or(1)
            .max(1);
        lines as f32 * Self::line_height(BODY) + 2.0 * self.padding()
    }

    /// One row of cells side by side, kept whole on one page, with a rule below. `at` is the
    /// block and row it is (`None`: furniture, not read).
    fn row(
        &mut self,
        cells: &[(&String, bool)],
        widths: &[f32],
        starts: &[f32],
        rule: Ink,
        at: Option<(usize, usize)>,
    ) {
        let height = self.row_height(cells, widths);
        self.make_room(height);
        let top = self.y + self.padding();
        let lh = Self::line_height(BODY);
        for (column, (((text, bold), width), start)) in cells.iter().zip(widths).zip(starts).enumerate() {
            let part = at.map_or(Part::Artifact, |(block, row)| Part::Block { block, cell: Some((row, column)) });
            for (n, line) in wrap(self.faces, text, BODY, *bold, *width).into_iter().enumerate() {
                let y = top + n as f32 * lh + BODY;
                self.push(Op::Text { x: MARGIN + start, y, size: BODY, bold: *bold, text: line, part });
            }
        }
        self.y += height;
        let width = if rule == Ink::Text { 1.5 } else { 0.75 };
        let y = self.y;
        self.push(Op::Line { x1: MARGIN, x2: MARGIN + CONTENT_WIDTH, y, width, ink: rule });
    }
}

/// Each column's width. A column whose widest cell fits in its fair share of the width gets
/// just that (short columns, such as dates, never wrap); the other columns share what is left
/// in proportion to their widest cells, each at least as wide as its longest word allows.
fn column_widths(faces: &Faces, table: &Table, count: usize) -> Vec<f32> {
    let available = CONTENT_WIDTH - CELL_GAP * (count.saturating_sub(1)) as f32;
    let mut natural = vec![0.0f32; count];
    let mut least = vec![0.0f32; count];
    let header = table.columns.iter().map(|c| (c, true));
    let cells = table.rows.iter().flat_map(|r| r.iter().map(|c| (c, false)).enumerate());
    let all = header.enumerate().chain(cells);
    for (i, (text, bold)) in all {
        let face = faces.face(bold);
        let (Some(n), Some(l)) = (natural.get_mut(i), least.get_mut(i)) else { continue };
        *n = n.max(face.width(text, BODY));
        let longest = text.split_whitespace().map(|w| face.width(w, BODY)).fold(0.0f32, f32::max);
        *l = l.max(longest.min(available / count as f32));
    }
    let mut widths: Vec<Option<f32>> = vec![None; count];
    let mut remaining = available;
    loop {
        let open = widths.iter().filter(|w| w.is_none()).count();
        if open == 0 {
            return widths.into_iter().map(Option::unwrap_or_default).collect();
        }
        let share = remaining / open as f32;
        let mut fixed_any = false;
        for (w, n) in widths.iter_mut().zip(&natural) {
            if w.is_none() && *n <= share {
                *w = Some(*n);
                remaining -= n;
                fixed_any = true;
            }
        }
        if !fixed_any {
            break;
        }
    }
    let open_natural: f32 = widths.iter().zip(&natural).filter(|(w, _)| w.is_none()).map(|(_, n)| n).sum();
    let open_least: f32 = widths.iter().zip(&least).filter(|(w, _)| w.is_none()).map(|(_, l)| l).sum();
    let spare = (remaining - open_least).max(0.0);
    let wants: f32 = (open_natural - open_least).max(1.0);
    let mut out: Vec<f32> = widths
        .iter()
        .zip(natural.iter().zip(&least))
        .map(|(w, (n, l))| w.unwrap_or_else(|| l + spare * (n - l).max(0.0) / wants))
        .collect();
    // Whatever is left (every column fitted) goes evenly, so the table spans the page.
    let used: f32 = out.iter().sum();
    if used < available {
        let extra = (available - used) / count as f32;
        out.iter_mut().for_each(|w| *w += extra);
    }
    out
}

/// The header (name, date of birth, a rule) and footer (a rule, printed on, page N of M).
fn page_furniture(doc: &Document, faces: &Faces, page: usize, total: usize, ops: &mut Vec<Op>) {
    let baseline = MARGIN + BODY;
    // A document that is no one person's (a recovery key) has no date of birth to show.
    let born = match doc.subject.date_of_birth.as_str() {
        "" => String::new(),
        date => format!("Date of birth: {date}"),
    };
    let born_width = faces.regular.width(&born, BODY);
    let name_room = CONTENT_WIDTH - born_width - CELL_GAP;
    let name = fit(faces, &doc.subject.name, BODY, true, name_room);
    let furniture = Part::Artifact;
    ops.push(Op::Text { x: MARGIN, y: baseline, size: BODY, bold: true, text: name, part: furniture });
    if !born.is_empty() {
        let x = MARGIN + CONTENT_WIDTH - born_width;
        ops.push(Op::Text { x, y: baseline, size: BODY, bold: false, text: born, part: furniture });
    }
    ops.push(Op::Line { x1: MARGIN, x2: MARGIN + CONTENT_WIDTH, y: baseline + 8.0, width: 0.75, ink: Ink::Rule });

    let foot = PAGE_HEIGHT - MARGIN;
    ops.push(Op::Line { x1: MARGIN, x2: MARGIN + CONTENT_WIDTH, y: foot - BODY - 6.0, width: 0.75, ink: Ink::Rule });
    let printed = format!("Printed on {}", doc.printed_on);
    ops.push(Op::Text { x: MARGIN, y: foot, size: BODY, bold: false, text: printed, part: furniture });
    let number = format!("Page {page} of {total}");
    let width = faces.regular.width(&number, BODY);
    let x = MARGIN + CONTENT_WIDTH - width;
    ops.push(Op::Text { x, y: foot, size: BODY, bold: false, text: number, part: furniture });
}

/// `text` cut to fit `width` on one line, ending in "…" when cut.
fn fit(faces: &Faces, text: &str, size: f32, bold: bool, width: f32) -> String {
    let face = faces.face(bold);
    if face.width(text, size) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if face.width(&format!("{out}…"), size) > width {
            out.pop();
            break;
        }
    }
    format!("{}…", out.trim_end())
}

/// `text` broken into lines no wider than `width`: at spaces where it can, inside a word only
/// when the word alone is too wide; a line break in the text always starts a new line.
pub(crate) fn wrap(faces: &Faces, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let face = faces.face(bold);
    let space = face.width(" ", size);
    let mut lines = Vec::new();
    for hard in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0;
        for word in hard.split_whitespace() {
            let word_width = face.width(word, size);
            if !line.is_empty() && line_width + space + word_width <= width {
                line.push(' ');
                line.push_str(word);
                line_width += space + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if word_width <= width {
                line.push_str(word);
                line_width = word_width;
                continue;
            }
            // A word wider than the line (a long code or address) is broken where it must be.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if face.width(&piece, size) > width && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line_width = face.width(&piece, size);
            line = piece;
        }
        lines.push(line);
    }
    lines
}
