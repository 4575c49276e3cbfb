//! Each device parser on a file's text (with the owner check and every row shown as the
//! app shows it), and the generic CSV reader with a column mapping taken from the input.

use chrono::{FixedOffset, Offset, Utc};
use phr_core::readings::ReadingKind;
use phr_core::readings::device::{
    self, ColumnMapping, DeviceFormat, check_owner, detect_format, file_owner, other_person_question,
};

/// The offset of times a file gives without one: British Summer Time.
fn offset() -> FixedOffset {
    FixedOffset::east_opt(3600).unwrap_or(Utc.fix())
}

/// The text as the app reads a device file: invalid UTF-8 replaced, a byte-order mark dropped.
fn text(data: &[u8]) -> String {
    let text = String::from_utf8_lossy(data);
    text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned()
}

fn parse_as(data: &[u8], format: DeviceFormat) {
    let text = text(data);
    let _ = detect_format(&text);
    read(&text, Some(format), None);
}

/// Parses `text` and shows what the app shows of the result: each reading, each problem,
/// whom the file names and the question when it is someone else.
fn read(text: &str, format: Option<DeviceFormat>, mapping: Option<&ColumnMapping>) {
    let Ok(parse) = device::parse(text, format, mapping, offset(), crate::now()) else { return };
    for row in &parse.rows {
        let _ = row.reading.display();
        let _ = row.reading.unit();
        let _ = phr_core::readings::units::format_value(row.reading.kind, row.reading.value.unwrap_or_default());
    }
    let owner = file_owner(text, parse.format);
    if let Some(o) = &owner {
        let _ = o.birth_dates();
    }
    let person = phr_core::person::PersonDetails {
        name: "Ada Example".to_owned(),
        date_of_birth: chrono::NaiveDate::from_ymd_opt(1970, 3, 14).unwrap_or_default(),
        nhs_number: None,
    };
    if let device::OwnerCheck::Differs { name, date_of_birth } = check_owner(owner.as_ref(), &person) {
        let _ = other_person_question(&person.name, name, date_of_birth);
    }
}

/// A Dexcom CLARITY CSV export.
pub fn device_dexcom(data: &[u8]) {
    parse_as(data, DeviceFormat::DexcomClarity);
}

/// A LibreView CSV export.
pub fn device_libreview(data: &[u8]) {
    parse_as(data, DeviceFormat::LibreView);
}

/// An OMRON connect CSV export.
pub fn device_omron(data: &[u8]) {
    parse_as(data, DeviceFormat::OmronConnect);
}

/// An iHealth CSV export or cloud API JSON.
pub fn device_ihealth(data: &[u8]) {
    parse_as(data, DeviceFormat::IHealth);
}

/// Open mHealth JSON data points.
pub fn device_openmhealth(data: &[u8]) {
    parse_as(data, DeviceFormat::OpenMHealth);
}

/// Units the generic mapping may name, as people type them, and none.
const UNITS: &[Option<&str>] = &[None, Some("mmol/L"), Some("mg/dL"), Some("kg"), Some("lb"), Some("Cel"), Some("°F")];

/// A generic CSV through a column mapping chosen by the input's first line, the rest being
/// the file. The first line's bytes, in order: the time column, the value column, the second
/// value column (0 for none, else the column after subtracting one), the reading kind, the
/// unit ([`UNITS`], anything past them naming none), the offset in quarter hours from -48,
/// and whatever follows as the time format (none when empty). Column numbers wrap round the
/// header's columns, so every input names real columns.
pub fn device_generic(data: &[u8]) {
    let (control, file) = match data.iter().position(|b| *b == b'\n') {
        Some(at) => (data.get(..at).unwrap_or_default(), data.get(at + 1..).unwrap_or_default()),
        None => (data, &[][..]),
    };
    let text = text(file);
    // Without a mapping the reader lists the header's columns, as the mapping step does.
    let Ok(columns) = device::parse(&text, Some(DeviceFormat::GenericCsv), None, offset(), crate::now()) else {
        return;
    };
    let columns = columns.columns;
    let byte = |i: usize| control.get(i).copied().unwrap_or(0);
    let column = |b: u8| match columns.len() {
        0 => format!("column {b}"),
        n => columns.get(usize::from(b) % n).cloned().unwrap_or_default(),
    };
    let kinds = ReadingKind::ALL;
    let mapping = ColumnMapping {
        time_column: column(byte(0)),
        value_column: column(byte(1)),
        value2_column: (byte(2) > 0).then(|| column(byte(2) - 1)),
        kind: kinds.get(usize::from(byte(3)) % kinds.len()).copied().unwrap_or(ReadingKind::BloodGlucose),
        unit: UNITS.get(usize::from(byte(4))).copied().flatten().map(str::to_owned),
        utc_offset_minutes: (byte(5) > 0).then(|| (i32::from(byte(5)) - 48) * 15),
        time_format: control.get(6..).filter(|f| !f.is_empty()).map(|f| String::from_utf8_lossy(f).into_owned()),
    };
    read(&text, None, Some(&mapping));
}
