//! Pages outside the app, opened in the person's own web browser from Rust.
//!
//! The webview has no opener permission and never navigates away from the app (a link would
//! replace the whole interface). Only pages from Rust's own tables open: the sources of the
//! red-flag table's advice, named by their row, and the NHS pages of the meanings table, whose
//! address is checked against the table. A compromised webview cannot open an address of its
//! choosing.
//!
//! The same goes for a PDF the app saved: it opens in the system's viewer, named by the
//! handle its save gave back, never by a path.
//!
//! Test seam: in an `e2e` build only, `PHR_E2E_NO_BROWSER` keeps the browser (and the PDF
//! viewer) closed (the end-to-end suite checks the request is accepted; a release build always
//! opens it).

use phr_app::{App, AppError, FileHandle};

/// Opens where the advice of the red-flag row `rule` comes from (an NHS or NICE page), in a
/// browser started by phr-app without the app's secret variables.
pub fn open_advice_source(app: &App, rule: &str) -> Result<(), AppError> {
    app.touch()?;
    if browser_kept_closed() {
        return app.advice_source(rule).map(|_| ());
    }
    app.open_advice_source(rule)
}

/// Opens the NHS website page of an entry's meaning; only the meanings table's addresses open.
pub fn open_meaning_page(app: &App, url: &str) -> Result<(), AppError> {
    app.touch()?;
    if browser_kept_closed() {
        return app.meaning_page(url).map(|_| ());
    }
    app.open_meaning_page(url)
}

/// Opens a PDF the app just saved (`choice`, as the save gave it back) in the system's viewer,
/// started by phr-app without the app's secret variables.
pub fn open_saved_pdf(app: &App, choice: &FileHandle) -> Result<(), AppError> {
    app.touch()?;
    if browser_kept_closed() {
        return Ok(());
    }
    app.open_saved_pdf(choice)
}

#[cfg(feature = "e2e")]
fn browser_kept_closed() -> bool {
    crate::e2e_seams::browser_kept_closed()
}

/// A release build has no seams: the browser always opens.
#[cfg(not(feature = "e2e"))]
fn browser_kept_closed() -> bool {
    false
}
