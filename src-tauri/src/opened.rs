//! Files the desktop asks the app to open (a double-clicked `.phrshare` or `.phrbackup`), at
//! start-up from the process's arguments, or later from a second launch, which the
//! single-instance plugin turns into a call here while that second process exits.
//!
//! The path stays in Rust: it is kept until the webview asks (`opened_file`), then handed to
//! `phr_app::App::file_opened`, which gives the webview a one-time handle and the file's name.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Mutex;

use tauri::{AppHandle, Manager};

/// The file waiting for the webview to ask for it.
#[derive(Debug, Default)]
pub struct Waiting(Mutex<Option<PathBuf>>);

impl Waiting {
    pub fn new(path: Option<PathBuf>) -> Self {
        Self(Mutex::new(path))
    }

    fn take(&self) -> Option<PathBuf> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

/// The file to open among the app's arguments (without the program's name): the first that is
/// not an option (nor `--vault-dir`'s folder) and names a shared record or a backup.
pub fn from_args(args: impl IntoIterator<Item = OsString>) -> Option<PathBuf> {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--vault-dir" {
            args.next();
            continue;
        }
        if arg.to_str().is_some_and(|a| a.starts_with('-')) {
            continue;
        }
        let path = PathBuf::from(arg);
        if phr_app::opened_kind(&path).is_some() {
            return Some(path);
        }
    }
    None
}

/// The waiting file, as a choice for its screen; `None` when there is none.
///
/// The window asks once, right after showing its first screen: the start-up signal
/// (`startup.rs`) is given here.
pub fn take(handle: &AppHandle, app: &phr_app::App) -> Option<phr_app::OpenedFile> {
    if let Some(report) = handle.try_state::<crate::startup::Report>() {
        report.first_screen_shown();
    }
    let path = handle.try_state::<Waiting>()?.take()?;
    app.file_opened(path)
}

/// A second launch of the app (`argv` with its program name, `cwd` its folder): its file goes
/// to the webview as a choice (`file-opened`), and the window comes to the front.
pub fn second_launch(handle: &AppHandle, argv: Vec<String>, cwd: String) {
    let file = from_args(argv.into_iter().skip(1).map(OsString::from)).map(|p| PathBuf::from(&cwd).join(p));
    if let Some(path) = file
        && let Some(app) = handle.try_state::<phr_app::App>()
        && let Some(opened) = app.file_opened(path)
        && let Err(e) = crate::commands::FILE_OPENED.emit(handle, &opened)
    {
        eprintln!("phr-desktop: could not hand an opened file to the window: {e}");
    }
    if let Some(window) = handle.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(args: &[&str], expect: Option<&str>) {
        let got = from_args(args.iter().map(OsString::from));
        assert_eq!(got, expect.map(PathBuf::from), "args {args:?}");
    }

    #[test]
    fn the_file_is_the_first_share_or_backup_that_is_not_an_option() {
        check(&["/home/ada/Ada.phrshare"], Some("/home/ada/Ada.phrshare"));
        check(&["--vault-dir", "/v.phrshare", "b.phrbackup"], Some("b.phrbackup"));
        check(&["--vault-dir=/v", "notes.txt", "a.phrshare"], Some("a.phrshare"));
        check(&["--flag.phrshare"], None);
        check(&["package.age"], None);
        check(&[], None);
    }
}
