//! The document model: what a printed page says, with no layout in it. Front ends build it from
//! the app's DTOs; [`crate::render`] lays it out.

use std::fmt;

/// Whose document this is, shown at the top of every page. The date is already written out
/// ("3 Feb 1950"): the model holds words, not dates.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Subject {
    pub name: String,
    pub date_of_birth: String,
}

/// A table: column headings and rows of cells (a short row is padded with empty cells). A row
/// is never split across pages; the headings are repeated on each page the table runs onto.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// One block of the document, in reading order.
#[derive(Clone, PartialEq, Eq)]
pub enum Block {
    /// A section heading (18 pt bold); kept on the same page as what follows it.
    Heading(String),
    /// A heading within a section (14 pt bold).
    Subheading(String),
    /// Body text (12 pt), wrapped to the page; a line break in the text starts a new line.
    Paragraph(String),
    /// Text set apart with a blue bar beside it, as the NHS's inset text: something to notice.
    Inset(String),
    /// Large bold text (20 pt) that must be read exactly, such as a recovery key.
    Large(String),
    /// Label and value rows ("Blood pressure" "128/82 mmHg"), the label in bold.
    Rows(Vec<(String, String)>),
    /// A table with column headings.
    Table(Table),
}

/// A printable document: a title, whose it is, the day it was printed (written out, "4 Dec
/// 2026"), and its blocks. Build it with the chaining methods or push to `blocks`.
#[derive(Clone, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    pub subject: Subject,
    pub printed_on: String,
    pub blocks: Vec<Block>,
    /// Tighter spacing and smaller headings (body text stays 12 pt), for a page that must fit
    /// on one sheet, such as the appointment summary.
    pub compact: bool,
}

impl Document {
    /// An empty document; the title is printed at the top of the first page.
    pub fn new(title: impl Into<String>, subject: Subject, printed_on: impl Into<String>) -> Self {
        Self { title: title.into(), subject, printed_on: printed_on.into(), blocks: Vec::new(), compact: false }
    }

    /// Lays the document out tighter: smaller headings and less space between blocks and rows.
    pub fn compact(&mut self) -> &mut Self {
        self.compact = true;
        self
    }

    pub fn push(&mut self, block: Block) -> &mut Self {
        self.blocks.push(block);
        self
    }

    pub fn heading(&mut self, text: impl Into<String>) -> &mut Self {
        self.push(Block::Heading(text.into()))
    }

    pub fn subheading(&mut self, text: impl Into<String>) -> &mut Self {
        self.push(Block::Subheading(text.into()))
    }

    pub fn paragraph(&mut self, text: impl Into<String>) -> &mut Self {
        self.push(Block::Paragraph(text.into()))
    }

    pub fn inset(&mut self, text: impl Into<String>) -> &mut Self {
        self.push(Block::Inset(text.into()))
    }

    pub fn large(&mut self, text: impl Into<String>) -> &mut Self {
        self.push(Block::Large(text.into()))
    }

    /// Label-value rows; nothing is added when `rows` is empty.
    pub fn rows<L: Into<String>, V: Into<String>>(&mut self, rows: impl IntoIterator<Item = (L, V)>) -> &mut Self {
        let rows: Vec<(String, String)> = rows.into_iter().map(|(l, v)| (l.into(), v.into())).collect();
        if rows.is_empty() {
            return self;
        }
        self.push(Block::Rows(rows))
    }

    /// A table; nothing is added when it has no rows (say so in a paragraph instead).
    pub fn table<C, R, S>(
        &mut self,
        columns: impl IntoIterator<Item = C>,
        rows: impl IntoIterator<Item = R>,
    ) -> &mut Self
    where
        C: Into<String>,
        R: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let rows: Vec<Vec<String>> = rows.into_iter().map(|r| r.into_iter().map(Into::into).collect()).collect();
        if rows.is_empty() {
            return self;
        }
        let columns = columns.into_iter().map(Into::into).collect();
        self.push(Block::Table(Table { columns, rows }))
    }
}

// The blocks hold a person's health data and maybe a secret (a recovery key): Debug shows only
// their shape, since a `{:?}` reaches logs and error chains.
impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Document").field("blocks", &self.blocks).finish_non_exhaustive()
    }
}

impl fmt::Debug for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Block::Heading(_) => f.write_str("Heading"),
            Block::Subheading(_) => f.write_str("Subheading"),
            Block::Paragraph(_) => f.write_str("Paragraph"),
            Block::Inset(_) => f.write_str("Inset"),
            Block::Large(_) => f.write_str("Large"),
            Block::Rows(rows) => write!(f, "Rows({})", rows.len()),
            Block::Table(t) => write!(f, "Table({}x{})", t.rows.len(), t.columns.len()),
        }
    }
}

impl fmt::Debug for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Subject(..)")
    }
}

impl fmt::Debug for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Table({}x{})", self.rows.len(), self.columns.len())
    }
}
