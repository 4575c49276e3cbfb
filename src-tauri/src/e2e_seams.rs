//! Test seams for the desktop end-to-end suite, compiled only with the `e2e` feature (which
//! `cargo xtask e2e` and the workspace's test build switch on; a release build has none).
//!
//! WebDriver cannot drive a native dialog, so when one of these variables is set its value
//! stands in for the person's pick instead of showing that dialog. They grant nothing a person
//! could not pick themselves: the path is kept behind a handle like any dialog's choice and
//! goes through the same checks after.

use crate::dialogs::{Question, Seam};

/// The variable that stands in for a dialog.
fn variable(seam: Seam) -> &'static str {
    match seam {
        Seam::DeviceFile => "PHR_E2E_DEVICE_FILE",
        Seam::SharePath => "PHR_E2E_SHARE_SAVE_PATH",
        Seam::SharePackage => "PHR_E2E_SHARE_FILE",
        Seam::ShareSaveDir => "PHR_E2E_SHARE_SAVE_DIR",
        Seam::PdfPath => "PHR_E2E_PDF_SAVE_PATH",
        Seam::AttachmentFile => "PHR_E2E_ATTACHMENT_FILE",
    }
}

/// The path the suite set for this dialog, if any.
pub fn path(seam: Seam) -> Option<String> {
    std::env::var_os(variable(seam)).filter(|p| !p.is_empty()).and_then(|p| p.into_string().ok())
}

/// Whether the suite asked that no web browser be opened (`PHR_E2E_NO_BROWSER`): a link to
/// an advice source is then accepted without opening one.
pub fn browser_kept_closed() -> bool {
    std::env::var_os("PHR_E2E_NO_BROWSER").is_some_and(|v| !v.is_empty())
}

/// The variable that answers a question.
fn question_variable(question: Question) -> &'static str {
    match question {
        Question::GpAddress => "PHR_E2E_GP_ADDRESS_ANSWER",
    }
}

/// The suite's answer to a question (`connect` or `cancel`), if it set one; the dialog is
/// shown otherwise.
pub fn answer(question: Question) -> Option<bool> {
    match std::env::var(question_variable(question)).ok()?.as_str() {
        "connect" => Some(true),
        "cancel" => Some(false),
        _ => None,
    }
}
