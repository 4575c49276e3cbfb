//! Sharing: the citizen's preview and share, the share register, the record's signing key, and
//! a professional opening a package (no vault needed).
//!
//! Making a share: check the request ([`request`]), gather the slice and build the FHIR
//! document ([`prepare`]: `Vault::share_contents`, `phr_core::share::build_document`), read it
//! back for the preview with the same reader a professional's app uses and keep it as a draft
//! ([`draft`]), then seal exactly that draft (`phr_share::seal`) and write the file inside the
//! register's transaction (`Vault::register_share`) ([`make`]). The register and the signing
//! key are in [`register`]; opening a package in [`open`].

mod draft;
mod files;
mod make;
mod open;
mod opened_log;
mod prepare;
mod register;
mod request;

pub(crate) use draft::Draft;
pub(crate) use files::MAX_PACKAGE_BYTES;
pub(crate) use open::OpenedState;
