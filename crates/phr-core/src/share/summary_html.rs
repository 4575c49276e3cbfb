//! `summary.html`: the page a professional reads or prints, self-contained (inline CSS, no
//! scripts, nothing fetched: a Content-Security-Policy forbids both), every text escaped.

use std::fmt::Write;

use chrono::{DateTime, NaiveDate};

use super::consent::recipient_display;
use super::model::{ShareConsent, made_by_words};
use super::read::{SharedDocument, SharedRow};
use super::what_matters::WHAT_MATTERS_TITLE;
use crate::readings::ReadingKind;
use crate::readings::red_flags;
use crate::record::{EntryKind, Sensitivity};

const STYLE: &str = "
body { font-family: system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; color: #1d1d1d; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.25rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 2px solid #005eb8; padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin-top: 1.25rem; }
dl.facts { display: grid; grid-template-columns: 12rem 1fr; gap: 0.3rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.fingerprint { font-family: ui-monospace, 'Cascadia Mono', Consolas, monospace; font-size: 1.05rem; letter-spacing: 0.05em; }
.note { color: #4c6272; }
table { border-collapse: collapse; width: 100%; margin-top: 0.5rem; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid #d8dde0; }
th { background: #f0f4f5; }
.flag { font-weight: 600; color: #8a1538; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; color: #000; }
  h2 { break-after: avoid; border-color: #000; }
  table { break-inside: auto; }
  tr { break-inside: avoid; }
  th { background: none; }
  .note { color: #000; }
}
";

/// The summary page for `doc` shared under `consent` by the key with `signer_fingerprint`.
pub fn render_summary(consent: &ShareConsent, doc: &SharedDocument, signer_fingerprint: &str) -> String {
    let e = escape_html;
    let p = &doc.patient;
    let mut h = String::with_capacity(16 * 1024);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(h, "<title>Shared health record: {}</title>", e(&p.name));
    let _ = writeln!(h, "<style>{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(h, "<h1>Shared health record: {}</h1>", e(&p.name));
    h.push_str(
        "<p class=\"note\">A copy of part of a personal health record, chosen by the person who holds it. \
         It holds only what they chose to share.</p>\n",
    );

    h.push_str("<h2>About this share</h2>\n<dl class=\"facts\">\n");
    fact(&mut h, "About", &p.name);
    if let Some(b) = p.birth_date {
        fact(&mut h, "Date of birth", &en_gb(b));
    }
    if let Some(n) = &p.nhs_number {
        fact(&mut h, "NHS number", &nhs_spaced(n));
    }
    fact(&mut h, "Made by", &made_by_words(consent.made_by.as_ref(), &p.name));
    let _ = writeln!(
        h,
        "<dt>Shared by</dt><dd>The holder of this record, signed with the record's key. Fingerprint: \
         <span class=\"fingerprint\">{}</span><br><span class=\"note\">Check this fingerprint with the person by \
         phone before you rely on this record.</span></dd>",
        e(signer_fingerprint)
    );
    fact(&mut h, "Shared with", &recipient_display(&consent.recipient));
    if let Some(ods) = consent.recipient.ods_code.as_deref().filter(|c| !c.trim().is_empty()) {
        fact(&mut h, "Organisation code (ODS)", ods);
    }
    fact(&mut h, "Why", &consent.purpose);
    fact(
        &mut h,
        "Made on",
        &format!("{} at {} UTC", en_gb(consent.created.date_naive()), consent.created.format("%H:%M")),
    );
    fact(&mut h, "Valid until", &en_gb(consent.not_after.date_naive()));
    fact(&mut h, "Included", &included(consent));
    let left = consent.slice.left_out();
    let mut left_words: Vec<String> = left.categories.iter().map(|k| k.label().to_string()).collect();
    left_words.extend(left.labels.iter().map(|s| format!("entries labelled \u{201c}{}\u{201d}", s.label())));
    left_words.extend(left.readings.iter().map(|k| format!("{} readings", k.label())));
    if !consent.slice.what_matters {
        left_words.push(WHAT_MATTERS_TITLE.to_owned());
    }
    fact(&mut h, "Left out", &if left_words.is_empty() { "Nothing".to_string() } else { left_words.join("; ") });
    h.push_str("</dl>\n");
    h.push_str(
        "<p class=\"note\">\u{201c}Left out\u{201d} lists every category, label and kind of reading that was not \
         chosen, whether or not the record holds any.</p>\n",
    );

    for section in &doc.sections {
        let _ = writeln!(h, "<h2>{}</h2>", e(&section.title));
        if section.rows.is_empty() {
            h.push_str("<p>None in this share.</p>\n");
            continue;
        }
        h.push_str(
            "<table>\n<thead><tr><th>Entry</th><th>Date</th><th>Status</th><th>Value</th></tr></thead>\n<tbody>\n",
        );
        for row in &section.rows {
            entry_row(&mut h, row);
        }
        h.push_str("</tbody>\n</table>\n");
    }
    if let Some(rows) = &doc.what_matters {
        let _ = writeln!(h, "<h2>{WHAT_MATTERS_TITLE}</h2>");
        if rows.is_empty() {
            h.push_str("<p>None in this share.</p>\n");
        } else {
            h.push_str("<p class=\"note\">In the person's own words, as they wrote them in their record.</p>\n");
            h.push_str("<table>\n<thead><tr><th>What</th><th>Details</th></tr></thead>\n<tbody>\n");
            for row in rows {
                let _ = writeln!(h, "<tr><td>{}</td><td>{}</td></tr>", e(&row.what), e(&row.words));
            }
            h.push_str("</tbody>\n</table>\n");
        }
    }
    if !doc.readings.is_empty() || !consent.slice.readings.is_empty() {
        h.push_str("<h2>Readings</h2>\n");
        if doc.readings.is_empty() {
            h.push_str("<p>None in this share.</p>\n");
        }
        for group in &doc.readings {
            let _ = writeln!(h, "<h3>{}</h3>", e(group.kind.label()));
            h.push_str("<table>\n<thead><tr><th>Taken</th><th>Reading</th></tr></thead>\n<tbody>\n");
            for r in &group.rows {
                let flag = red_flag_html(r.red_flag.as_deref(), true);
                let _ = writeln!(h, "<tr><td>{}</td><td>{}{flag}</td></tr>", e(&when(&r.at)), e(&r.value_text));
            }
            h.push_str("</tbody>\n</table>\n");
        }
    }
    h.push_str("</body>\n</html>\n");
    h
}

fn fact(h: &mut String, label: &str, text: &str) {
    let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", escape_html(label), escape_html(text));
}

fn entry_row(h: &mut String, row: &SharedRow) {
    let e = escape_html;
    let mut value = row.value_text.as_deref().map(e).unwrap_or_default();
    if let Some(flag) = &row.flag {
        let _ = write!(value, " <span class=\"flag\">{}</span>", e(flag));
    }
    value.push_str(&red_flag_html(row.red_flag.as_deref(), false));
    let _ = writeln!(
        h,
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        e(&row.title),
        e(&row.date.as_deref().map(date_text).unwrap_or_default()),
        e(&row.status.as_deref().map(status_text).unwrap_or_default()),
        value
    );
}

/// A red flag in words, never colour alone: "Red flag: urgent. Very high blood pressure.", then
/// (for a reading, where it is what the person was told) the advice and its source.
fn red_flag_html(id: Option<&str>, with_advice: bool) -> String {
    let Some(row) = id.and_then(red_flags::rule) else { return String::new() };
    let e = escape_html;
    let mut out = format!("<br><span class=\"flag\">{}.</span> {}.", e(row.urgency.flag_text()), e(row.headline));
    if with_advice {
        let _ = write!(
            out,
            " <span class=\"note\">Advice given: {} Source: {} ({}), reviewed {}.</span>",
            e(row.advice),
            e(row.source.title),
            e(row.source.url),
            e(&date_text(row.reviewed))
        );
    }
    out
}

/// "Problems, Medications (1 Jan 2026 to 30 Jun 2026); Blood pressure readings (from 1 May 2026)".
fn included(consent: &ShareConsent) -> String {
    let s = &consent.slice;
    let mut parts = Vec::new();
    let cats: Vec<&str> = EntryKind::ALL
        .into_iter()
        .filter(|k| *k != EntryKind::Patient && s.categories.contains(k))
        .map(EntryKind::label)
        .collect();
    if !cats.is_empty() {
        parts.push(format!("{}{}", cats.join(", "), range(s.from, s.to)));
    }
    let kinds: Vec<String> = ReadingKind::ALL
        .into_iter()
        .filter(|k| s.readings.contains(k))
        .map(|k| format!("{} readings", k.label()))
        .collect();
    if !kinds.is_empty() {
        parts.push(format!("{}{}", kinds.join(", "), range(s.readings_from, s.readings_to)));
    }
    if s.what_matters {
        parts.push(WHAT_MATTERS_TITLE.to_owned());
    }
    let ticked: Vec<&str> =
        Sensitivity::ALL.into_iter().filter(|l| s.include_sensitive.contains(l)).map(Sensitivity::label).collect();
    if !ticked.is_empty() {
        parts.push(format!("including entries labelled {}", ticked.join(", ")));
    }
    if parts.is_empty() { "Nothing".to_string() } else { parts.join("; ") }
}

fn range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> String {
    match (from, to) {
        (Some(f), Some(t)) => format!(" ({} to {})", en_gb(f), en_gb(t)),
        (Some(f), None) => format!(" (from {})", en_gb(f)),
        (None, Some(t)) => format!(" (up to {})", en_gb(t)),
        (None, None) => String::new(),
    }
}

/// "23 Nov 2026".
pub(crate) fn en_gb(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// An ISO date as FHIR gives it (a day, a month, a year or a date-time) in en-GB words.
fn date_text(iso: &str) -> String {
    let iso = iso.trim();
    if let Some(d) = iso.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        return en_gb(d);
    }
    if let Some(d) = iso.get(..7).and_then(|m| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok()) {
        return d.format("%b %Y").to_string();
    }
    iso.to_string()
}

/// A reading's time as it was taken, in its own offset: "23 Nov 2026, 08:15".
fn when(rfc3339: &str) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => format!("{}, {}", en_gb(t.date_naive()), t.format("%H:%M")),
        Err(_) => date_text(rfc3339),
    }
}

/// FHIR status codes in the app's words ("final" -> "Complete"), or, for a code the app's table
/// does not know, the code in words ("on-the-way" -> "On the way").
fn status_text(code: &str) -> String {
    if let Some(known) = crate::record::words::status_text(code) {
        return known.to_string();
    }
    let words = code.replace('-', " ");
    let mut c = words.chars();
    match c.next() {
        Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// "943 476 5919".
fn nhs_spaced(n: &str) -> String {
    let digits: String = n.chars().filter(char::is_ascii_digit).collect();
    match (digits.len(), digits.get(..3), digits.get(3..6), digits.get(6..)) {
        (10, Some(a), Some(b), Some(c)) => format!("{a} {b} {c}"),
        _ => n.to_string(),
    }
}

/// `text` safe inside HTML text and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_formats_for_people() {
        assert_eq!(
            escape_html("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(nhs_spaced("9434765919"), "943 476 5919");
        assert_eq!(date_text("2026-11-23T10:00:00Z"), "23 Nov 2026");
        assert_eq!(date_text("2019-03"), "Mar 2019");
        assert_eq!(date_text("2019"), "2019");
        assert_eq!(when("2026-11-23T08:15:00+01:00"), "23 Nov 2026, 08:15");
        assert_eq!(status_text("entered-in-error"), "Entered in error");
        assert_eq!(status_text("preliminary"), "Not the final result yet");
        assert_eq!(status_text("on-the-way"), "On the way");
    }
}
