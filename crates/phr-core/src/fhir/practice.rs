//! Which GP practice a fetched record comes from: its ODS code and name, read from the
//! Patient's registered practice (or, failing that, the one ODS-coded Organization present),
//! so every entry can show the practice and its ODS code as its provenance.

use serde_json::Value;

use super::json::{arr, s};
use super::read::IncomingResource;
use super::resolve::Resolver;

/// The identifier system of NHS Organisation Data Service codes (R4 UK Core and GP Connect
/// STU3 both spell it so).
pub const ODS_CODE_SYSTEM: &str = "https://fhir.nhs.uk/Id/ods-organization-code";

/// A practice as the record names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Practice {
    /// The ODS code, as the Organization gives it (trimmed).
    pub ods_code: String,
    /// `Organization.name`, when it has one.
    pub name: Option<String>,
}

/// Finds the practice in an import's resources (R4 or STU3; read lean or whole): the
/// Organization a Patient's `generalPractitioner`, then `managingOrganization`, points at
/// (contained ones too) that has an ODS code; else the only Organization whose ODS code has
/// a GP practice's shape (a letter and five digits). `None` when neither says: a hospital
/// lab's code (`RGD12`) is not taken for the practice, and several practices are not
/// guessed between. Only the Patients and Organizations are parsed, so this stays cheap
/// beside the import itself.
pub fn practice_of(resources: &[IncomingResource<'_>]) -> Option<Practice> {
    let resolver = Resolver::new(resources);
    for (i, r) in resources.iter().enumerate() {
        if r.resource_type != "Patient" {
            continue;
        }
        let Some(patient) = resolver.value(i) else { continue };
        // In GP Connect generalPractitioner names the GP (a Practitioner) and
        // managingOrganization the practice; in UK Core generalPractitioner is the practice.
        let references = arr(&patient, "generalPractitioner").into_iter().chain(arr(&patient, "managingOrganization"));
        for reference in references.filter_map(|p| s(p, "reference")) {
            let Some(target) = resolver.resolve_value(reference, &patient, r.full_url.as_deref()) else { continue };
            if let Some(practice) = coded_organization(&target) {
                return Some(practice);
            }
        }
    }
    let mut found: Option<Practice> = None;
    for (i, r) in resources.iter().enumerate() {
        if r.resource_type != "Organization" {
            continue;
        }
        let Some(practice) = resolver.value(i).and_then(|v| coded_organization(&v)) else { continue };
        if !practice_shaped(&practice.ods_code) {
            continue;
        }
        match &found {
            // The same practice repeated across the pages or documents of one fetch.
            Some(f) if f.ods_code.eq_ignore_ascii_case(&practice.ods_code) => {}
            Some(_) => return None,
            None => found = Some(practice),
        }
    }
    found
}

/// An Organization with an ODS code, as a [`Practice`].
fn coded_organization(v: &Value) -> Option<Practice> {
    if s(v, "resourceType") != Some("Organization") {
        return None;
    }
    let ods_code = arr(v, "identifier")
        .into_iter()
        .filter(|i| s(i, "system").is_some_and(|sys| sys.trim_end_matches('/') == ODS_CODE_SYSTEM))
        .find_map(|i| s(i, "value"))?;
    Some(Practice { ods_code: ods_code.to_owned(), name: s(v, "name").map(str::to_owned) })
}

/// A GP practice's ODS code is a letter and five digits (`A81001`); trusts, their sites,
/// pharmacies and commissioners have other shapes. Used only when the Patient names no
/// practice, to tell the practice from the other Organizations a record mentions.
fn practice_shaped(code: &str) -> bool {
    match code.as_bytes() {
        [letter, digits @ ..] => {
            digits.len() == 5 && letter.is_ascii_alphabetic() && digits.iter().all(u8::is_ascii_digit)
        }
        [] => false,
    }
}
