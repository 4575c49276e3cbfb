//! The share request's rules on both sides of every limit, as one table: each case is
//! accepted (with its last day) or refused naming the field.

use chrono::NaiveDate;
use phr_core::readings::ReadingKind;
use phr_core::record::EntryKind;
use phr_core::share::{
    ExpiryPreset, ShareRecipient, ShareSlice, check_request, default_readings_from, latest_last_day,
};

use super::day;

fn today() -> NaiveDate {
    day(2026, 11, 23)
}

struct Case {
    name: &'static str,
    recipient: ShareRecipient,
    purpose: String,
    slice: ShareSlice,
    expires_on: &'static str,
}

fn case(name: &'static str) -> Case {
    Case {
        name,
        recipient: ShareRecipient {
            name: "Jane Smith".into(),
            role: None,
            organisation: None,
            ods_code: None,
            public_key: None,
        },
        purpose: "Physiotherapy for my knee".into(),
        slice: ShareSlice { categories: vec![EntryKind::Allergy], ..ShareSlice::default() },
        expires_on: "2026-12-23",
    }
}

fn ods(name: &'static str, code: &str) -> Case {
    let mut c = case(name);
    c.recipient.ods_code = Some(code.into());
    c
}

fn purpose(name: &'static str, chars: usize) -> Case {
    Case { purpose: "é".repeat(chars), ..case(name) }
}

fn until(name: &'static str, expires_on: &'static str) -> Case {
    Case { expires_on, ..case(name) }
}

fn dates(name: &'static str, from: NaiveDate, to: NaiveDate) -> Case {
    let mut c = case(name);
    (c.slice.from, c.slice.to) = (Some(from), Some(to));
    c
}

fn readings(name: &'static str, from: NaiveDate, to: NaiveDate) -> Case {
    let mut c = case(name);
    c.slice.readings = vec![ReadingKind::Weight];
    (c.slice.readings_from, c.slice.readings_to) = (Some(from), Some(to));
    c
}

#[test]
fn every_rule_on_both_sides_of_its_limit() {
    let nobody = {
        let mut c = case("no name");
        c.recipient.name = " ".into();
        c
    };
    let nothing = {
        let mut c = case("nothing chosen");
        c.slice.categories.clear();
        c
    };
    let cases: Vec<(Case, Option<&str>)> = vec![
        (case("fine"), None),
        (nobody, Some("recipientName")),
        (ods("ODS 2", "RX"), Some("recipientOdsCode")),
        (ods("ODS 3", "RX1"), None),
        (ods("ODS 10", "A123456789"), None),
        (ods("ODS 11", "A1234567890"), Some("recipientOdsCode")),
        (ods("ODS with a space", "RX 1"), Some("recipientOdsCode")),
        (ods("ODS blank", "  "), None),
        (purpose("purpose empty", 0), Some("purpose")),
        (purpose("purpose 1", 1), None),
        (purpose("purpose 500", 500), None),
        (purpose("purpose 501", 501), Some("purpose")),
        (nothing, Some("slice")),
        (dates("from = to", day(2026, 3, 1), day(2026, 3, 1)), None),
        (dates("from after to", day(2026, 3, 2), day(2026, 3, 1)), Some("sliceTo")),
        (readings("readings from = to", day(2026, 3, 1), day(2026, 3, 1)), None),
        (readings("readings from after to", day(2026, 3, 2), day(2026, 3, 1)), Some("readingsTo")),
        (until("last day yesterday", "2026-11-22"), Some("expiresOn")),
        (until("last day today", "2026-11-23"), Some("expiresOn")),
        (until("last day tomorrow", "2026-11-24"), None),
        (until("last day 24 months on", "2028-11-23"), None),
        (until("a day more", "2028-11-24"), Some("expiresOn")),
        (until("not a date", "23/12/2026"), Some("expiresOn")),
    ];
    let mut failures = Vec::new();
    for (c, want) in cases {
        let got = check_request(&c.recipient, &c.purpose, &c.slice, c.expires_on, today());
        let field = got.as_ref().err().and_then(|p| p.first()).map(|p| p.field);
        if field != want {
            failures.push(format!("{}: got {field:?}, want {want:?}", c.name));
        }
        if let (Ok(last), None) = (&got, want)
            && last.format("%Y-%m-%d").to_string() != c.expires_on
        {
            failures.push(format!("{}: last day {last}", c.name));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn presets_and_the_default_readings_range_follow_today() {
    let last = |p: ExpiryPreset, d: NaiveDate| p.last_day(d).format("%Y-%m-%d").to_string();
    assert_eq!(last(ExpiryPreset::OneWeek, today()), "2026-11-30");
    assert_eq!(last(ExpiryPreset::OneMonth, today()), "2026-12-23");
    // The 31st becomes the month's last day.
    assert_eq!(last(ExpiryPreset::OneMonth, day(2027, 1, 31)), "2027-02-28");
    assert_eq!(last(ExpiryPreset::OneYear, day(2028, 2, 29)), "2029-02-28");
    assert_eq!(latest_last_day(today()), day(2028, 11, 23));
    assert_eq!(default_readings_from(today()), day(2026, 5, 23));
    // Every preset's last day is one the rules accept.
    for p in ExpiryPreset::ALL {
        let c = case("preset");
        let on = last(p, today());
        assert!(check_request(&c.recipient, &c.purpose, &c.slice, &on, today()).is_ok(), "{}", p.id());
    }
}
