//! The demo practice's list of its made-up patients (`/demo/patients` on the sandbox), so the
//! app can show a first-time user whose details to add. Only the sandbox serves this list.

use serde::Deserialize;

use crate::client::{GpClient, check_base};
use crate::error::GpError;

/// One made-up patient as the demo practice lists them. Shaped like a person's details, so
/// `Debug` leaves them out.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoListing {
    pub name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// Ten digits, no spaces.
    pub nhs_number: String,
    /// The FHIR base that serves this patient's record.
    pub url: String,
}

phr_core::redacted_debug!(DemoListing);

impl GpClient {
    /// The made-up patients of the demo practice at `base` (its root, not `/gpconnect`).
    pub async fn demo_patients(&self, base: &str) -> Result<Vec<DemoListing>, GpError> {
        let base = check_base(base)?;
        let noop = |_: crate::Progress| {};
        let reply = self
            .send("the demo practice's list of patients", &noop, self.small_reply_limit(), || {
                self.http.get(format!("{base}/demo/patients"))
            })
            .await?;
        if !reply.status.is_success() {
            return Err(GpError::invalid(format!(
                "The demo practice at {base} did not list its patients (it answered {}).",
                reply.status
            )));
        }
        serde_json::from_str(&reply.body)
            .map_err(|e| GpError::invalid(format!("The demo practice's list of patients could not be read: {e}.")))
    }
}
