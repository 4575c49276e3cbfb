//! The printable summary: escaped text, no scripts or anything fetched, a print stylesheet,
//! en-GB dates, the fingerprint, who it is for and why, and what was left out.

use phr_core::readings::ReadingKind;
use phr_core::record::{EntryKind, Sensitivity};
use phr_core::share::{
    ShareSlice, SharedDocument, SharedReadingGroup, SharedReadingRow, SharedRow, SharedSection, SharedSubject,
    escape_html, render_summary,
};

use super::{FINGERPRINT, consent, day, slice_of};

fn doc(title: &str) -> SharedDocument {
    SharedDocument {
        patient: SharedSubject {
            name: "Ann <b>O'Neill</b>".into(),
            birth_date: Some(day(1980, 2, 29)),
            nhs_number: Some("9434765919".into()),
        },
        sections: vec![
            SharedSection {
                kind: EntryKind::Medication,
                title: "Medicines".into(),
                rows: vec![SharedRow {
                    resource_id: "urn:uuid:x".into(),
                    entry_id: None,
                    title: title.into(),
                    date: Some("2026-03-04T10:00:00Z".into()),
                    status: Some("active".into()),
                    value_text: None,
                    flag: None,
                    red_flag: None,
                }],
            },
            SharedSection { kind: EntryKind::Allergy, title: "Allergies".into(), rows: vec![] },
        ],
        readings: vec![SharedReadingGroup {
            kind: ReadingKind::BloodPressure,
            rows: vec![SharedReadingRow {
                at: "2026-06-01T08:15:00+01:00".into(),
                value_text: "128/82 mmHg".into(),
                red_flag: None,
            }],
        }],
        consent: None,
        what_matters: None,
    }
}

fn slice() -> ShareSlice {
    ShareSlice { readings: vec![ReadingKind::BloodPressure], ..slice_of(&[EntryKind::Medication, EntryKind::Allergy]) }
}

#[test]
fn every_text_is_escaped_and_nothing_runs_or_loads() {
    let mut c = consent(slice());
    c.purpose = "<script>alert('purpose')</script>".into();
    c.recipient.name = "<img src=x onerror=alert(1)>".into();
    let html = render_summary(&c, &doc("<script>alert(1)</script> & tablets"), FINGERPRINT);
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "a script tag in the summary");
    assert!(!lower.contains("<img"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; tablets"));
    assert!(html.contains("&lt;script&gt;alert(&#39;purpose&#39;)&lt;/script&gt;"));
    assert!(html.contains("Ann &lt;b&gt;O&#39;Neill&lt;/b&gt;"));
    // Only the page's own tags, none that runs, links or loads, no attribute that could.
    const TAGS: [&str; 23] = [
        "!doctype", "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "dl", "dt", "dd", "span",
        "br", "table", "thead", "tbody", "tr", "th", "td", "/",
    ];
    for tag in lower.split('<').skip(1).map(|t| t.split('>').next().unwrap()) {
        let name = tag.split_whitespace().next().unwrap_or_default();
        assert!(TAGS.iter().any(|t| name == *t || (name.starts_with('/') && TAGS.contains(&&name[1..]))), "<{tag}>");
        assert!(!tag.contains(" src=") && !tag.contains(" href=") && !tag.contains(" on"), "<{tag}>");
    }
    // Nothing fetched: no URLs to load, and a policy that forbids it.
    for bad in ["@import", "url(", "http://", "https://"] {
        assert!(!lower.contains(bad), "the summary contains {bad}");
    }
    assert!(html.contains("default-src 'none'"));
    assert!(html.contains("@media print"));
}

#[test]
fn escape_html_covers_markup_quotes_and_ampersands() {
    assert_eq!(escape_html("<script>"), "&lt;script&gt;");
    assert_eq!(escape_html("a & \"b\" 'c'"), "a &amp; &quot;b&quot; &#39;c&#39;");
    assert_eq!(escape_html("plain"), "plain");
}

#[test]
fn the_summary_says_who_for_whom_why_when_and_what_was_left_out() {
    let c = consent(ShareSlice { include_sensitive: vec![Sensitivity::MentalHealth], ..slice() });
    let html = render_summary(&c, &doc("Amoxicillin 500mg capsules"), FINGERPRINT);
    for expected in [
        "29 Feb 1980",
        "943 476 5919",
        FINGERPRINT,
        "Check this fingerprint with the person by phone",
        "Jane Smith (Physiotherapist), Knee Clinic",
        "<dt>Organisation code (ODS)</dt><dd>RX1</dd>",
        "Physiotherapy for my knee",
        "23 Nov 2026",
        "23 Dec 2026",
        "Amoxicillin 500mg capsules",
        "4 Mar 2026",
        "Active",
        "None in this share.",
        "1 Jun 2026, 08:15",
        "128/82 mmHg",
        "Blood pressure",
    ] {
        assert!(html.contains(expected), "the summary lacks {expected:?}");
    }
    let left = html.split("<dt>Left out</dt>").nth(1).unwrap().split("</dd>").next().unwrap();
    assert!(left.contains("Problems") && left.contains("Sexual health") && left.contains("To discuss with my GP"));
    assert!(!left.contains("Mental health"), "a ticked label is not left out");
    assert!(!left.contains("Medicines"));
    assert!(!left.chars().any(|ch| ch.is_ascii_digit()), "left out gives no counts: {left}");
    assert!(!html.contains("<dt>ODS code</dt>"), "the professional reads the organisation code in words first");
}

#[test]
fn the_summary_says_who_made_the_share_a_carer_for_the_person_or_the_person() {
    use phr_core::share::{MakerRole, ShareMaker};
    let made_by = |c: &phr_core::share::ShareConsent| {
        let html = render_summary(c, &doc("Amoxicillin 500mg capsules"), FINGERPRINT);
        html.split("<dt>Made by</dt><dd>").nth(1).unwrap().split("</dd>").next().unwrap().to_owned()
    };
    let mut c = consent(slice());
    c.made_by = Some(ShareMaker { name: "Sarah".into(), role: MakerRole::Carer });
    assert_eq!(made_by(&c), "Sarah (carer) for Ann &lt;b&gt;O&#39;Neill&lt;/b&gt;");
    c.made_by = Some(ShareMaker { name: "Ann O'Neill".into(), role: MakerRole::Person });
    assert_eq!(made_by(&c), "Ann O&#39;Neill");
    // A consent that does not say (made before the app recorded it) was made by the person.
    c.made_by = None;
    assert_eq!(made_by(&c), "Ann &lt;b&gt;O&#39;Neill&lt;/b&gt;");
}
