//! Printing results: plain text for people, or JSON with `--json` for scripts.

use chrono::{DateTime, NaiveDate};
use serde::Serialize;

/// Prints `value` as pretty JSON when `json` is set, otherwise runs `text` to print words.
pub fn emit<T: Serialize>(json: bool, value: &T, text: impl FnOnce(&T)) {
    if json {
        // Serialising our own DTOs cannot fail: they hold only strings, numbers and enums.
        println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
    } else {
        text(value);
    }
}

/// `1948-07-05` as `5 Jul 1948`, the en-GB form on NHS letters.
pub fn date(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").map_or_else(|_| iso.to_owned(), |d| d.format("%-d %b %Y").to_string())
}

/// An RFC 3339 instant as `23 Nov 2026, 14:05 UTC`.
pub fn instant(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .map_or_else(|_| rfc3339.to_owned(), |t| t.format("%-d %b %Y, %H:%M UTC").to_string())
}

/// A byte count for people.
pub fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / f64::from(1 << 20)),
        n if n >= 1 << 10 => format!("{:.1} KB", n as f64 / f64::from(1 << 10)),
        n => format!("{n} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn en_gb_forms() {
        assert_eq!(date("1948-07-05"), "5 Jul 1948");
        assert_eq!(instant("2026-11-23T14:05:09Z"), "23 Nov 2026, 14:05 UTC");
        assert_eq!(bytes(1536), "1.5 KB");
        assert_eq!(date("not a date"), "not a date");
    }
}
