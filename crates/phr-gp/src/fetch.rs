//! Fetching the record: `Patient/$everything` page by page, or GP Connect's structured
//! record; every page checked to be a JSON Bundle before anything is handed back, each
//! page, the whole record and the time all capped.

use std::collections::HashSet;
use std::fmt;

use reqwest::StatusCode;
use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde_json::{Value, json};

use crate::auth::Session;
use crate::client::{GpClient, OnProgress, Progress, Reply};
use crate::discovery::{Practice, ServerKind};
use crate::error::GpError;
use crate::spine::SspHeaders;

/// `(page name, page JSON text)`, in the order they arrived.
pub type Pages = Vec<(String, String)>;

/// A fetched record: its pages, the practice's clock when the first page left it (the `Date`
/// header), and whether only what changed since an earlier fetch was asked for.
#[derive(Debug)]
pub struct Fetched {
    pub pages: Pages,
    pub server_time: Option<std::time::SystemTime>,
    pub since_used: bool,
}

const NHS_SYSTEM: &str = "https://fhir.nhs.uk/Id/nhs-number";

impl GpClient {
    /// Fetches the whole record of the signed-in patient. `nhs_number` is required by GP
    /// Connect (it names the patient in the request); R4 uses the patient the token is for.
    /// All of it, retries included, must arrive within [`crate::Options::import_deadline`].
    pub async fn fetch_record(
        &self,
        practice: &Practice,
        session: &mut Session,
        nhs_number: Option<&str>,
        progress: OnProgress<'_>,
    ) -> Result<Pages, GpError> {
        Ok(self.fetch_record_since(practice, session, nhs_number, None, progress).await?.pages)
    }

    /// [`GpClient::fetch_record`], asking a FHIR R4 practice only for what changed after
    /// `since` (an instant the practice's own clock gave, `$everything`'s `_since`). A
    /// practice that refuses the parameter (400 or 422) is asked for the whole record
    /// instead: importing it again changes nothing that has not changed. GP Connect's
    /// structured record has no such parameter and always comes whole.
    pub async fn fetch_record_since(
        &self,
        practice: &Practice,
        session: &mut Session,
        nhs_number: Option<&str>,
        since: Option<&str>,
        progress: OnProgress<'_>,
    ) -> Result<Fetched, GpError> {
        let fetch = async {
            match practice.kind {
                ServerKind::R4 => {
                    if let Some(since) = since
                        && let Some(fetched) = self.everything(practice, session, Some(since), progress).await?
                    {
                        return Ok(fetched);
                    }
                    let whole = self.everything(practice, session, None, progress).await?;
                    whole.ok_or_else(|| GpError::invalid("The practice refused to send your record."))
                }
                ServerKind::GpConnect => {
                    let (pages, date) = self.structured_record(practice, session, nhs_number, progress).await?;
                    Ok(Fetched { pages, server_time: date, since_used: false })
                }
            }
        };
        let deadline = self.options.import_deadline;
        tokio::time::timeout(deadline, fetch).await.unwrap_or_else(|_| {
            Err(GpError::new(
                phr_core::ErrorCode::GpImportTimedOut,
                format!(
                    "Your record did not finish arriving from the practice within {}. Nothing was imported; try again later.",
                    duration(deadline)
                ),
            ))
        })
    }

    async fn everything(
        &self,
        practice: &Practice,
        session: &mut Session,
        since: Option<&str>,
        progress: OnProgress<'_>,
    ) -> Result<Option<Fetched>, GpError> {
        // Checked at sign-in already; a refresh may not change it, but it is checked again
        // because the id goes into every page's address.
        let patient = crate::auth::check_patient(session.patient.as_deref())?.to_owned();
        let home = origin(&practice.base)?;
        let mut url = format!("{}/Patient/{patient}/$everything", practice.base);
        if let Some(since) = since {
            let mut with = url::Url::parse(&url)
                .map_err(|_| GpError::invalid("The practice's address could not be used to ask for your record."))?;
            with.query_pairs_mut().append_pair("_since", since);
            url = with.into();
        }
        let mut server_time = None;
        let mut seen = HashSet::new();
        let mut pages: Pages = Vec::new();
        let mut resources = 0u64;
        let mut total = None;
        let mut limit = self.page_limit();
        progress(Progress::Fetching { pages: 0, resources: 0, total: None });
        loop {
            let number = pages.len() + 1;
            let what = format!("page {number} of your record");
            let reply = self.send_authed(session, &what, progress, limit, || self.http.get(&url)).await?;
            if number == 1 && since.is_some() && matches!(reply.status.as_u16(), 400 | 422) {
                // `_since` refused: the caller asks again for the whole record.
                return Ok(None);
            }
            let page = bundle(&reply, &what, &format!("page {number}"))?;
            if number == 1 {
                total = page.total;
                server_time = reply.date;
            }
            resources += page.entries;
            limit.record_left = limit.record_left.saturating_sub(reply.body.len() as u64);
            let next = page.next;
            pages.push((format!("page {number}"), reply.body));
            progress(Progress::Fetching { pages: pages.len() as u32, resources, total });
            let Some(next) = next else { break };
            // The token goes only to the practice's own service, and a loop is not followed.
            if origin(&next)? != home {
                return Err(GpError::invalid(format!(
                    "Page {number} of your record pointed to another website for the next page, which this app does not follow. Nothing was imported."
                )));
            }
            if !seen.insert(next.clone()) || pages.len() as u32 >= self.options.max_pages {
                return Err(GpError::invalid(format!(
                    "The practice's pages of your record did not come to an end (after page {number}). Nothing was imported."
                )));
            }
            url = next;
        }
        Ok(Some(Fetched { pages, server_time, since_used: since.is_some() }))
    }

    async fn structured_record(
        &self,
        practice: &Practice,
        session: &mut Session,
        nhs_number: Option<&str>,
        progress: OnProgress<'_>,
    ) -> Result<(Pages, Option<std::time::SystemTime>), GpError> {
        let Some(nhs) = nhs_number.filter(|n| !n.is_empty()) else {
            return Err(GpError::new(
                phr_core::ErrorCode::InvalidInput,
                "This practice needs your NHS number to find your record. Add it to your details, then connect again.",
            ));
        };
        // One trace id for this request, kept by its retries and by the resend after a token
        // refresh: it traces the one interaction the person asked for, so the practice's and
        // Spine's logs show the attempts together (a new id per attempt would look like new
        // requests).
        let ssp = SspHeaders::structured_record(
            practice,
            &self.options.consumer_asid,
            self.options.provider_asid.as_deref(),
        )?;
        let parameters = structured_request(nhs).to_string();
        let url = format!("{}/Patient/$gpc.getstructuredrecord", practice.base);
        progress(Progress::Fetching { pages: 0, resources: 0, total: None });
        let what = "your record";
        let limit = self.page_limit();
        let reply = self
            .send_authed(session, what, progress, limit, || ssp.apply(self.http.post(&url)).body(parameters.clone()))
            .await?;
        let resources = bundle(&reply, what, "the structured record")?.entries;
        progress(Progress::Fetching { pages: 1, resources, total: Some(resources) });
        Ok((vec![("structured record".to_owned(), reply.body)], reply.date))
    }
}

/// GP Connect's request: the patient and every clinical area.
fn structured_request(nhs: &str) -> Value {
    let areas = [
        "includeMedication",
        "includeConsultations",
        "includeProblems",
        "includeImmunisations",
        "includeUncategorisedData",
        "includeInvestigations",
        "includeReferrals",
    ];
    let mut parameter = vec![
        json!({ "name": "patientNHSNumber", "valueIdentifier": { "system": NHS_SYSTEM, "value": nhs } }),
        json!({ "name": "includeAllergies", "part": [{ "name": "includeResolvedAllergies", "valueBoolean": true }] }),
    ];
    parameter.extend(areas.iter().map(|a| json!({ "name": a })));
    json!({ "resourceType": "Parameters", "parameter": parameter })
}

/// What the client needs from a page: read in one pass over its text that builds no tree
/// (the entries are counted and skipped); the import parses the page itself.
#[derive(Debug, Deserialize)]
struct Head {
    #[serde(rename = "resourceType")]
    resource_type: Option<Value>,
    total: Option<Value>,
    entry: Option<Count>,
    link: Option<Value>,
}

/// A page as the fetch reads it: the Bundle's total, its number of entries and its next page.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Page {
    pub total: Option<u64>,
    pub entries: u64,
    pub next: Option<String>,
}

/// The length of a JSON array, its items skipped unread; anything else counts 0.
#[derive(Debug)]
struct Count(u64);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Counter;
        impl<'de> Visitor<'de> for Counter {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Count, A::Error> {
                let mut n = 0;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    n += 1;
                }
                Ok(Count(n))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Count, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Count(0))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Count, E> {
                Ok(Count(0))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Count, E> {
                Ok(Count(0))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Count, E> {
                Ok(Count(0))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Count, E> {
                Ok(Count(0))
            }
            fn visit_str<E>(self, _: &str) -> Result<Count, E> {
                Ok(Count(0))
            }
            fn visit_unit<E>(self) -> Result<Count, E> {
                Ok(Count(0))
            }
        }
        d.deserialize_any(Counter)
    }
}

/// A successful reply whose body is a FHIR Bundle; otherwise the reason, naming the page.
pub(crate) fn bundle(reply: &Reply, what: &str, page: &str) -> Result<Page, GpError> {
    match reply.status {
        s if s.is_success() => {}
        StatusCode::FORBIDDEN => {
            return Err(GpError::auth(format!("The practice did not allow this app to read {what}.")));
        }
        StatusCode::NOT_FOUND => {
            return Err(GpError::new(
                phr_core::ErrorCode::GpServerError,
                format!(
                    "The practice could not find {what} (404). Check that your details, such as your NHS number, are right."
                ),
            ));
        }
        s => {
            return Err(GpError::new(
                phr_core::ErrorCode::GpServerError,
                format!(
                    "The practice's service could not send {what}: it answered {s}{}. Nothing was imported.",
                    outcome_said(&reply.body)
                ),
            ));
        }
    }
    let head: Head = match serde_json::from_str(&reply.body) {
        Ok(head) => head,
        // Valid JSON of another shape (an array, a string): not a FHIR resource.
        Err(e) if e.classify() == serde_json::error::Category::Data => {
            return Err(GpError::invalid(format!(
                "The practice sent {page} of your record as something other than a FHIR Bundle (not a FHIR resource). Nothing was imported."
            )));
        }
        Err(e) => {
            return Err(GpError::invalid(format!(
                "The practice sent {page} of your record damaged: it is not valid JSON (line {}, column {}: {}). Nothing was imported; try again later.",
                e.line(),
                e.column(),
                strip_position(&e.to_string())
            )));
        }
    };
    let resource_type = head.resource_type.as_ref().and_then(Value::as_str);
    if resource_type != Some("Bundle") {
        let kind = resource_type.unwrap_or("not a FHIR resource");
        return Err(GpError::invalid(format!(
            "The practice sent {page} of your record as something other than a FHIR Bundle ({kind}). Nothing was imported."
        )));
    }
    Ok(Page {
        total: head.total.as_ref().and_then(Value::as_u64),
        entries: head.entry.map_or(0, |c| c.0),
        next: head.link.as_ref().and_then(next_link),
    })
}

/// The address of the next page in a Bundle's `link`, if it names one.
fn next_link(links: &Value) -> Option<String> {
    links
        .as_array()
        .and_then(|links| links.iter().find(|l| l["relation"] == "next"))
        .and_then(|l| l["url"].as_str())
        .map(str::to_owned)
}

/// A time in plain words: "1 hour", "30 minutes", "2 seconds".
fn duration(d: std::time::Duration) -> String {
    let secs = d.as_secs();
    let plural = |n: u64, unit: &str| if n == 1 { format!("1 {unit}") } else { format!("{n} {unit}s") };
    if secs >= 3600 && secs.is_multiple_of(3600) {
        plural(secs / 3600, "hour")
    } else if secs >= 60 {
        plural(secs.div_ceil(60), "minute")
    } else {
        plural(secs.max(1), "second")
    }
}

/// What an OperationOutcome reply says, as ` (its diagnostics)`, or nothing: a refused GP
/// Connect request names the header or parameter at fault there.
fn outcome_said(body: &str) -> String {
    let Ok(outcome) = serde_json::from_str::<Value>(body) else { return String::new() };
    if outcome.get("resourceType").and_then(Value::as_str) != Some("OperationOutcome") {
        return String::new();
    }
    let said = |path: &str| outcome.pointer(path).and_then(Value::as_str);
    said("/issue/0/diagnostics")
        .or_else(|| said("/issue/0/details/coding/0/display"))
        .map(|d| format!(" ({})", d.chars().take(300).collect::<String>()))
        .unwrap_or_default()
}

/// serde_json's message without its trailing " at line L column C" (we say it ourselves).
fn strip_position(message: &str) -> &str {
    message.rsplit_once(" at line ").map_or(message, |(m, _)| m)
}

pub(crate) fn origin(url: &str) -> Result<url::Origin, GpError> {
    url::Url::parse(url)
        .map(|u| u.origin())
        .map_err(|_| GpError::invalid(format!("The practice gave an address this app cannot read: {url}")))
}

impl GpClient {
    /// The whole journey: discover the practice at `base`, sign in through `browser`, fetch
    /// the record. Returns the practice and the pages, or an error and nothing.
    pub async fn fetch_all(
        &self,
        base: &str,
        browser: &dyn crate::Browser,
        nhs_number: Option<&str>,
        progress: OnProgress<'_>,
    ) -> Result<(Practice, Pages), GpError> {
        progress(Progress::Discovering);
        let practice = self.discover(base).await?;
        let mut session = self.sign_in(&practice, browser, progress).await?;
        let pages = self.fetch_record(&practice, &mut session, nhs_number, progress).await?;
        Ok((practice, pages))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: &str) -> Reply {
        Reply { status: StatusCode::from_u16(status).unwrap(), body: body.to_owned(), date: None }
    }

    #[test]
    fn damaged_pages_are_named_with_their_position() {
        let e = bundle(&reply(200, "{\"resourceType\": \"Bundle\",\n  \"entry\": [}"), "page 2", "page 2").unwrap_err();
        assert_eq!(e.code, phr_core::ErrorCode::GpResponseInvalid);
        assert!(e.message.contains("page 2") && e.message.contains("line 2, column 13"), "{e}");
        let e = bundle(&reply(200, r#"{"resourceType":"Patient"}"#), "page 1", "page 1").unwrap_err();
        assert!(e.message.contains("(Patient)"), "{e}");
        let e = bundle(&reply(200, "[1, 2]"), "page 1", "page 1").unwrap_err();
        assert!(e.message.contains("(not a FHIR resource)"), "{e}");
        assert_eq!(bundle(&reply(404, "{}"), "your record", "x").unwrap_err().code, phr_core::ErrorCode::GpServerError);
    }

    #[test]
    fn a_refusal_says_what_the_practice_said() {
        let body = r#"{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid",
            "details":{"coding":[{"code":"BAD_REQUEST","display":"Bad request"}]},"diagnostics":"The Ssp-To header is missing"}]}"#;
        let e = bundle(&reply(400, body), "your record", "x").unwrap_err();
        assert_eq!(e.code, phr_core::ErrorCode::GpServerError);
        assert!(e.message.contains("400 Bad Request (The Ssp-To header is missing)"), "{e}");
        let e = bundle(&reply(400, "not json"), "your record", "x").unwrap_err();
        assert!(e.message.contains("answered 400 Bad Request. Nothing"), "{e}");
    }

    #[test]
    fn a_page_is_read_in_one_pass_for_its_total_entries_and_next_page() {
        let body = r#"{"resourceType":"Bundle","total":3,"entry":[{"resource":{"a":[1,{"b":2}]}},{},{}],
            "link":[{"relation":"self","url":"https://a/1"},{"relation":"next","url":"https://a/2"}]}"#;
        let page = bundle(&reply(200, body), "page 1", "page 1").unwrap();
        assert_eq!(page, Page { total: Some(3), entries: 3, next: Some("https://a/2".into()) });
        // Odd shapes count as nothing rather than failing the page.
        let page =
            bundle(&reply(200, r#"{"resourceType":"Bundle","entry":{},"total":"x","link":7}"#), "p", "p").unwrap();
        assert_eq!(page, Page::default());
    }

    #[test]
    fn times_in_plain_words() {
        use std::time::Duration;
        assert_eq!(duration(Duration::from_secs(3600)), "1 hour");
        assert_eq!(duration(Duration::from_secs(1800)), "30 minutes");
        assert_eq!(duration(Duration::from_millis(200)), "1 second");
    }

    #[test]
    fn the_structured_request_names_the_patient() {
        let p = structured_request("9999999999");
        assert_eq!(p["parameter"][0]["valueIdentifier"]["value"], "9999999999");
        assert_eq!(p["parameter"].as_array().unwrap().len(), 9);
    }
}
