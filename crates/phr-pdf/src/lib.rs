//! Printable documents as PDF: a plain document model ([`Document`]: headings, paragraphs,
//! label-value rows, tables) and [`render`], which lays it out on A4 pages and returns the PDF's
//! bytes. No IO and no clock: the caller gives the words, the dates already written out, and
//! saves the bytes where the person chose.
//!
//! Every page carries the person's name and date of birth at the top and "Printed on" and
//! "Page N of M" at the bottom, so a loose page is never mistaken for someone else's. Body text
//! is 12 pt or larger in Liberation Sans (the widths of Arial, the NHS website's fallback font),
//! embedded as a subset with a ToUnicode map, so the text can be copied, searched and read aloud;
//! and the PDF is tagged (its title and headings, paragraphs and tables in reading order, the
//! page furniture marked as artifacts, the language en-GB), so a screen reader reads it as a
//! document rather than loose lines.
//!
//! ```
//! let mut doc = phr_pdf::Document::new(
//!     "Blood glucose readings",
//!     phr_pdf::Subject { name: "Margaret Evans".into(), date_of_birth: "3 Feb 1950".into() },
//!     "4 Dec 2026",
//! );
//! doc.heading("This week")
//!     .paragraph("Your readings from 1 Dec 2026 to 7 Dec 2026.")
//!     .rows([("Average", "6.1 millimoles per litre")])
//!     .table(["Date", "Reading"], [["1 Dec 2026", "5.9 millimoles per litre"]]);
//! let pdf = phr_pdf::render(&doc).expect("a PDF");
//! assert!(pdf.starts_with(b"%PDF"));
//! ```

mod fonts;
mod layout;
mod model;
mod render;

pub use model::{Block, Document, Subject, Table};
pub use render::{PdfError, render};
