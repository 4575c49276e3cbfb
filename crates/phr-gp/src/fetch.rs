//! Fetching the record: `Patient/$everything` page by page, or GP Connect's structured
//! record; every page checked to be a JSON Bundle before anything is handed back.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::auth::Session;
use crate::client::{GpClient, OnProgress, Progress, Reply};
use crate::discovery::{Practice, ServerKind};
use crate::error::GpError;
use crate::spine::SspHeaders;

/// `(page name, page JSON text)`, in the order they arrived.
pub type Pages = Vec<(String, String)>;

const NHS_SYSTEM: &str = "https://fhir.nhs.uk/Id/nhs-number";

impl GpClient {
    /// Fetches the whole record of the signed-in patient. `nhs_number` is required by GP
    /// Connect (it names the patient in the request); R4 uses the patient the token is for.
    pub async fn fetch_record(
        &self,
        practice: &Practice,
        session: &mut Session,
        nhs_number: Option<&str>,
        progress: OnProgress<'_>,
    ) -> Result<Pages, GpError> {
        match practice.kind {
            ServerKind::R4 => self.everything(practice, session, progress).await,
            ServerKind::GpConnect => self.structured_record(practice, session, nhs_number, progress).await,
        }
    }

    async fn everything(
        &self,
        practice: &Practice,
        session: &mut Session,
        progress: OnProgress<'_>,
    ) -> Result<Pages, GpError> {
        let Some(patient) = session.patient.clone() else {
            return Err(GpError::invalid(
                "The practice did not say whose record this sign-in opens. Try connecting again.",
            ));
        };
        let home = origin(&practice.base)?;
        let mut url = format!("{}/Patient/{patient}/$everything", practice.base);
        let mut seen = HashSet::new();
        let mut pages: Pages = Vec::new();
        let mut resources = 0u64;
        let mut total = None;
        progress(Progress::Fetching { pages: 0, resources: 0, total: None });
        loop {
            let number = pages.len() + 1;
            let what = format!("page {number} of your record");
            let reply = self.send_authed(session, &what, progress, || self.http.get(&url)).await?;
            let bundle = bundle(&reply, &what, &format!("page {number}"))?;
            if number == 1 {
                total = bundle.get("total").and_then(Value::as_u64);
            }
            resources += bundle.get("entry").and_then(Value::as_array).map_or(0, |e| e.len() as u64);
            let next = next_link(&bundle);
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
        Ok(pages)
    }

    async fn structured_record(
        &self,
        practice: &Practice,
        session: &mut Session,
        nhs_number: Option<&str>,
        progress: OnProgress<'_>,
    ) -> Result<Pages, GpError> {
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
        let reply = self
            .send_authed(session, what, progress, || ssp.apply(self.http.post(&url)).body(parameters.clone()))
            .await?;
        let bundle = bundle(&reply, what, "the structured record")?;
        let resources = bundle.get("entry").and_then(Value::as_array).map_or(0, |e| e.len() as u64);
        progress(Progress::Fetching { pages: 1, resources, total: Some(resources) });
        Ok(vec![("structured record".to_owned(), reply.body)])
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

/// A successful reply whose body is a FHIR Bundle; otherwise the reason, naming the page.
pub(crate) fn bundle(reply: &Reply, what: &str, page: &str) -> Result<Value, GpError> {
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
    let value: Value = serde_json::from_str(&reply.body).map_err(|e| {
        GpError::invalid(format!(
            "The practice sent {page} of your record damaged: it is not valid JSON (line {}, column {}: {}). Nothing was imported; try again later.",
            e.line(),
            e.column(),
            strip_position(&e.to_string())
        ))
    })?;
    let resource_type = value.get("resourceType");
    if resource_type.and_then(Value::as_str) != Some("Bundle") {
        let kind = resource_type.and_then(Value::as_str).unwrap_or("not a FHIR resource");
        return Err(GpError::invalid(format!(
            "The practice sent {page} of your record as something other than a FHIR Bundle ({kind}). Nothing was imported."
        )));
    }
    Ok(value)
}

/// The address of the page after `bundle`, if it names one.
pub(crate) fn next_link(bundle: &Value) -> Option<String> {
    bundle
        .get("link")
        .and_then(Value::as_array)
        .and_then(|links| links.iter().find(|l| l["relation"] == "next"))
        .and_then(|l| l["url"].as_str())
        .map(str::to_owned)
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
        let mut session = self.sign_in(&practice, browser, nhs_number, progress).await?;
        let pages = self.fetch_record(&practice, &mut session, nhs_number, progress).await?;
        Ok((practice, pages))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: &str) -> Reply {
        Reply { status: StatusCode::from_u16(status).unwrap(), body: body.to_owned() }
    }

    #[test]
    fn damaged_pages_are_named_with_their_position() {
        let e = bundle(&reply(200, "{\"resourceType\": \"Bundle\",\n  \"entry\": [}"), "page 2", "page 2").unwrap_err();
        assert_eq!(e.code, phr_core::ErrorCode::GpResponseInvalid);
        assert!(e.message.contains("page 2") && e.message.contains("line 2, column 13"), "{e}");
        let e = bundle(&reply(200, r#"{"resourceType":"Patient"}"#), "page 1", "page 1").unwrap_err();
        assert!(e.message.contains("(Patient)"), "{e}");
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
    fn the_structured_request_names_the_patient() {
        let p = structured_request("9999999999");
        assert_eq!(p["parameter"][0]["valueIdentifier"]["value"], "9999999999");
        assert_eq!(p["parameter"].as_array().unwrap().len(), 9);
    }
}
