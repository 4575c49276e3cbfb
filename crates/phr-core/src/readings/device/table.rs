//! Reading a CSV export line by line: its header, its rows with their 1-based line numbers,
//! columns found by name, and the problems of rows that cannot be split.

use super::RowProblem;

/// A CSV file split into a header and rows, each with the line it starts on.
#[derive(Debug)]
pub(crate) struct Table {
    /// Column names, trimmed (a byte-order mark removed).
    pub header: Vec<String>,
    /// Rows after the header: (line, cells trimmed), blank lines left out. A record keeps its
    /// cells in one buffer: a Dexcom export has a dozen columns and 100,000 rows.
    pub rows: Vec<(u32, csv::StringRecord)>,
    /// Lines the CSV reader could not split.
    pub problems: Vec<RowProblem>,
}

impl Table {
    /// Reads `text`, skipping `skip_records` non-blank records (returned as the preamble) and
    /// taking the next as the header.
    pub fn read(text: &str, skip_records: usize) -> (Table, Vec<Vec<String>>) {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let mut preamble = Vec::new();
        let mut header: Option<(u32, Vec<String>)> = None; // (line, names)
        let mut rows = Vec::new();
        let mut problems = Vec::new();
        let mut record = csv::StringRecord::new();
        // The reader's own line count skips blank lines; count newlines before each record's
        // byte offset instead. Offsets only grow, so the count moves forward with them.
        let newlines: Vec<usize> = text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i).collect();
        let bytes = text.as_bytes();
        let mut before = 0usize; // newlines before the last offset asked about
        let mut line_at = |byte: u64| {
            let mut byte = usize::try_from(byte).unwrap_or(usize::MAX);
            // A record's position can point at blank lines the reader skipped before it.
            while bytes.get(byte).is_some_and(|b| matches!(b, b'\n' | b'\r')) {
                byte += 1;
            }
            if before.checked_sub(1).and_then(|i| newlines.get(i)).is_some_and(|n| *n >= byte) {
                before = newlines.partition_point(|n| *n < byte);
            }
            while newlines.get(before).is_some_and(|n| *n < byte) {
                before += 1;
            }
            u32::try_from(before + 1).unwrap_or(u32::MAX)
        };
        loop {
            let line = line_at(reader.position().byte());
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map_or(line, |p| line_at(p.byte()));
                    // Trimming copies the record: only when a cell needs it.
                    if record.iter().any(|c| c.len() != c.trim().len()) {
                        record.trim();
                    }
                    if record.iter().all(str::is_empty) {
                        continue;
                    }
                    let owned = || record.iter().map(str::to_string).collect::<Vec<String>>();
                    if preamble.len() < skip_records {
                        preamble.push(owned());
                    } else if header.is_none() {
                        header = Some((line, owned()));
                    } else {
                        // A copy at its exact size; `record`'s buffers are reused for the next.
                        rows.push((line, record.clone()));
                    }
                }
                Err(e) => problems.push(RowProblem { line, reason: format!("the line cannot be read as CSV ({e})") }),
            }
        }
        let header = header.map(|(_, h)| h).unwrap_or_default();
        (Table { header, rows, problems }, preamble)
    }

    /// Index of the first column whose name matches any of `names` (case and spaces ignored).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        let key = |s: &str| s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect::<String>();
        names.iter().find_map(|n| {
            let n = key(n);
            self.header.iter().position(|h| key(h) == n)
        })
    }

    /// The name of column `index` (from [`Self::column`]); empty when there is no such column.
    pub fn column_name(&self, index: usize) -> &str {
        self.header.get(index).map_or("", String::as_str)
    }

    /// Index of the first column whose name starts with `prefix` (case ignored).
    pub fn column_starting(&self, prefix: &str) -> Option<usize> {
        let prefix = prefix.to_lowercase();
        self.header.iter().position(|h| h.to_lowercase().starts_with(&prefix))
    }
}

/// The cell at `index`, or a problem naming the column when the row is too short.
pub(crate) fn cell<'a>(cells: &'a csv::StringRecord, index: usize, name: &str) -> Result<&'a str, String> {
    cells.get(index).ok_or_else(|| format!("the row has no \"{name}\" column (it is too short)"))
}

/// The number in a cell, or a reason naming the column. Accepts a decimal comma ("5,6").
pub(crate) fn number(text: &str, name: &str) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("\"{name}\" is empty"));
    }
    t.replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("\"{name}\" is \"{t}\", which is not a number"))
}

/// An optional number: empty is `None`.
pub(crate) fn optional_number(text: Option<&str>, name: &str) -> Result<Option<f64>, String> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => number(t, name).map(Some),
    }
}
