//! A Patient Online style GP practice server on loopback, with synthetic patients: for a new
//! user's first try, for demos, and for the GP client's tests.
//!
//! Two FHIR bases on one server:
//! - `/` is FHIR R4 (`Patient/{id}/$everything`, paged through `Bundle.link` next), serving
//!   two Synthea patients (Karena Pfeffer, Louis Erdman);
//! - `/gpconnect` is GP Connect Access Record Structured (STU3,
//!   `Patient/$gpc.getstructuredrecord`), serving Jane Jackson. Like a GP Connect provider it
//!   refuses a request without valid Spine headers (`Ssp-TraceID`, `Ssp-From`, `Ssp-To` =
//!   [`SANDBOX_ASID`], `Ssp-InteractionID`) with a 400 `BAD_REQUEST` OperationOutcome naming
//!   the header; its CapabilityStatement states its ASID for the client to use.
//!
//! Both share one SMART App Launch 2 style authorisation server: its SMART configuration
//! (issuer, S256, the public client's `none`, v2 and v1 scopes,
//! `authorization_response_iss_parameter_supported`), `/authorize` (a page listing the
//! patients with an Approve button each and a Deny; or straight back with a code when
//! auto-approve is on; redirects carry `state` and `iss`; a `resource` must name one of its
//! bases), `/token` (authorisation code with PKCE S256; refresh tokens, each working once and
//! replaced by the next, as a rotating server's do), `/revoke` (RFC 7009) and, when the
//! `registration` fault switch is on, `/register` (RFC 7591 dynamic client registration). `$everything`
//! takes `_since` (only entries whose `meta.lastUpdated` is later). What `/authorize`,
//! `/token` and `/revoke` were sent, each `_since` and each refresh token issued for lasting
//! access (`offline_access`) are kept in [`Stats`] for tests to read.
//! `/demo/patients` lists the patients (name, date of birth, NHS number, which base) so a demo
//! user can create a matching person. The data is made up: Synthea's synthetic people, and GP
//! Connect's published examples. Each Synthea Patient is given a test NHS number (valid
//! Modulus 11, from the PDS sandbox's list) at start-up and the demo practice as its GP (an
//! Organization with a made-up ODS code, [`DEMO_PRACTICE_ODS_CODE`], added to its record);
//! nothing else in a resource is changed. Jane Jackson keeps GP Connect's own practice.
//!
//! Faults for tests ([`Faults`]) are set at start or at run time (`POST /_faults` with JSON,
//! or [`Sandbox::set_faults`]), so one server can serve several tests. Some apply to the
//! record endpoints (slow, 500, 429, dropped, malformed, endless, huge, trickling, expired
//! tokens), others to discovery and sign-in (no S256, secret-keeping clients only, v1 scopes
//! only, an error redirect, a wrong or missing `iss`, a token reply without `patient`).

// Tests may unwrap: a panic there is a failed test, which is what we want.
#![cfg_attr(test, allow(clippy::unwrap_used))]

mod auth;
mod config;
mod faults;
mod fhir;
mod page;
mod patients;
mod server;
mod spine;

pub use config::{Config, Faults, Stats};
pub use patients::{DEMO_PRACTICE_ODS_CODE, DemoPatient, Flavour};
pub use server::Sandbox;
pub use spine::{ASID_SYSTEM, GET_STRUCTURED_RECORD, PROVIDER_ASID_EXTENSION, SANDBOX_ASID};
