//! The narrative of each IPS section (`section.text`, status `generated`): an XHTML table of
//! what the section lists, every text escaped, the person's own entries said to be reported
//! by them.

use chrono::NaiveDate;

use super::sections::IpsSection;
use crate::share::escape_html;

/// One entry as the narrative shows it.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Row {
    pub title: String,
    /// As the resource gives it.
    pub date: Option<String>,
    pub status: Option<String>,
    pub value: Option<String>,
    /// `Some(false)` the person wrote it in this app, `Some(true)` their carer did.
    pub reported_by: Option<bool>,
}
crate::redacted_debug!(Row);

const DIV_OPEN: &str = "<div xmlns=\"http://www.w3.org/1999/xhtml\">";

/// The narrative of a section with nothing in it.
pub(crate) fn nothing(s: IpsSection) -> String {
    format!("{DIV_OPEN}<p>{}</p></div>", escape_html(s.nothing_words()))
}

/// What a patient-reported entry's row says of where it came from.
pub const REPORTED_BY_PATIENT: &str = "Reported by the patient";
pub const REPORTED_BY_CARER: &str = "Reported by the patient's carer";

/// The narrative of a section listing `rows`.
pub(crate) fn table(rows: &[&Row]) -> String {
    let mut out = String::from(DIV_OPEN);
    out.push_str("<table><thead><tr><th>Entry</th><th>Date</th><th>Status</th><th>Details</th></tr></thead><tbody>");
    for r in rows {
        let mut details: Vec<String> = r.value.iter().cloned().collect();
        match r.reported_by {
            Some(false) => details.push(REPORTED_BY_PATIENT.to_owned()),
            Some(true) => details.push(REPORTED_BY_CARER.to_owned()),
            None => {}
        }
        out.push_str("<tr><td>");
        out.push_str(&escape_html(&r.title));
        out.push_str("</td><td>");
        out.push_str(&escape_html(&r.date.as_deref().map(date_words).unwrap_or_default()));
        out.push_str("</td><td>");
        out.push_str(&escape_html(r.status.as_deref().unwrap_or_default()));
        out.push_str("</td><td>");
        out.push_str(&escape_html(&details.join("; ")));
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table></div>");
    out
}

/// A FHIR date in en-GB words ("4 Dec 2026"); a partial or unreadable date as given.
fn date_words(d: &str) -> String {
    d.get(..10)
        .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
        .map_or_else(|| d.to_owned(), crate::en_gb::date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_escaped_and_own_entries_said_so() {
        let r = Row {
            title: "Fish <allergy> & co".into(),
            date: Some("2026-12-04T10:00:00Z".into()),
            status: Some("Active".into()),
            value: None,
            reported_by: Some(false),
        };
        let html = table(&[&r]);
        assert!(html.contains("Fish &lt;allergy&gt; &amp; co"), "{html}");
        assert!(html.contains("4 Dec 2026"), "{html}");
        assert!(html.contains(REPORTED_BY_PATIENT), "{html}");
        assert!(html.starts_with(DIV_OPEN) && html.ends_with("</div>"));
    }
}
