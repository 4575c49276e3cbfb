//! Opening the practice's sign-in page: the person's own browser, or (for tests and the
//! sandbox with auto-approve) an HTTP client that follows the redirects itself.

use std::process::{Child, Command, Stdio};

use phr_core::ErrorCode;

use crate::error::GpError;

/// Refuses to open the browser on an address that is not https, or plain http to this
/// computer: the sign-in page is where the person types their practice password.
pub(crate) fn check_address(url: &str) -> Result<(), GpError> {
    if url::Url::parse(url).is_ok_and(|u| crate::client::secure(&u)) {
        return Ok(());
    }
    let shown: String = url.chars().take(200).collect();
    Err(GpError::new(
        ErrorCode::GpBrowserAddressRefused,
        format!(
            "The practice's sign-in page is not at a secure address ({shown}), so the app did not open it. \
             Sign-in pages start with https://. Nothing was imported."
        ),
    ))
}

/// The secrets the front ends read from the environment for scripted use of `phr`
/// (`PHR_PASSPHRASE` and the rest), which a browser, and every helper and extension it
/// starts, would otherwise inherit. A house rule (`xtask/tests/tidy.rs`) fails when a front
/// end reads a secret-like `PHR_` variable missing here. Removed by name: the libraries read
/// no environment.
const SECRET_VARIABLES: &[&str] = &[
    "PHR_PASSPHRASE",
    "PHR_NEW_PASSPHRASE",
    "PHR_RECOVERY_KEY",
    "PHR_ACCESS_CODE",
    "PHR_OWNER_PASSPHRASE",
    "PHR_NEW_OWN_PASSPHRASE",
    "PHR_HANDOVER_CODE",
];

/// Starts `command` (a browser launcher) without [`SECRET_VARIABLES`], neither inherited nor
/// set on the command, in a process group of its own (so Ctrl-C in the terminal that runs
/// `phr` does not close the browser), with no terminal input or output.
fn launch(mut command: Command) -> std::io::Result<Child> {
    for name in SECRET_VARIABLES {
        command.env_remove(name);
    }
    command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    command.spawn()
}

/// Launches the first of `commands` that starts, and reaps it on a thread of its own when it
/// ends (launchers such as `xdg-open` hand the page to the running browser and exit).
fn launch_first(commands: Vec<Command>) -> std::io::Result<()> {
    let mut last = std::io::Error::new(std::io::ErrorKind::NotFound, "no way to open a web browser was found");
    for command in commands {
        match launch(command) {
            Ok(mut child) => {
                let _ = std::thread::Builder::new().name("phr-gp-browser".into()).spawn(move || child.wait());
                return Ok(());
            }
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// Opens `url` in the system's browser, started without the app's secret variables. For
/// addresses from the app's own tables (the NHS and NICE pages advice cites); a GP sign-in
/// goes through [`SystemBrowser`], which checks the address first.
pub fn open_page(url: &str) -> std::io::Result<()> {
    launch_first(open::commands(url))
}

/// Opens the file at `path` (a PDF the person just saved) with the system's viewer for it,
/// started without the app's secret variables, as [`open_page`] is.
pub fn open_file(path: &std::path::Path) -> std::io::Result<()> {
    launch_first(open::commands(path))
}

/// Shows the sign-in page at `url`. Must return promptly: the sign-in finishes when the
/// browser reaches the loopback redirect, not when this returns.
pub trait Browser: Send + Sync {
    fn open(&self, url: &str) -> Result<(), GpError>;
}

/// The system's default browser (`xdg-open`, `open`, `start`), started without this app's
/// `PHR_` variables, and only on https or on http to this computer.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemBrowser;

impl Browser for SystemBrowser {
    fn open(&self, url: &str) -> Result<(), GpError> {
        check_address(url)?;
        launch_first(open::commands(url)).map_err(|e| {
            GpError::new(
                ErrorCode::GpAuthFailed,
                format!("Could not open your web browser to sign in to the practice ({e}). Open this address in your browser: {url}"),
            )
        })
    }
}

/// Fetches the sign-in page with an HTTP GET that follows redirects, on its own thread: only
/// useful where the page approves at once (the sandbox with auto-approve), which redirects
/// back to the loopback listener. Only in a `test-seams` build.
#[cfg(feature = "test-seams")]
#[derive(Debug, Default, Clone, Copy)]
pub struct HttpBrowser;

#[cfg(feature = "test-seams")]
impl Browser for HttpBrowser {
    fn open(&self, url: &str) -> Result<(), GpError> {
        let url = url.to_owned();
        std::thread::Builder::new()
            .name("phr-gp-http-browser".into())
            .spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
                rt.block_on(async move {
                    crate::client::install_crypto();
                    if let Ok(client) = reqwest::Client::builder().build() {
                        // Errors surface as the sign-in timing out or the state not matching.
                        let _ = client.get(&url).send().await;
                    }
                });
            })
            .map(|_| ())
            .map_err(|e| GpError::new(ErrorCode::Internal, format!("Could not start the sign-in helper: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_http_to_this_computer_is_opened() {
        assert!(check_address("https://gp.example/authorize?x=1").is_ok());
        assert!(check_address("http://127.0.0.1:8080/authorize").is_ok());
        for refused in ["http://gp.example/authorize", "file:///etc/passwd", "javascript:alert(1)", "gp.example"] {
            assert_eq!(check_address(refused).unwrap_err().code, ErrorCode::GpBrowserAddressRefused, "{refused}");
            assert_eq!(SystemBrowser.open(refused).unwrap_err().code, ErrorCode::GpBrowserAddressRefused);
        }
    }

    /// Where the test's child run is told it is the child: a `--skip` filter (harmless to
    /// the test harness) on its command line.
    const CHILD_MARK: &str = "phr-gp-browser-env-child";

    /// The browser is started through [`launch`] as a fake browser (`sh -c 'env > file'`).
    /// This test runs itself again as a child process with `PHR_PASSPHRASE`, another `PHR_`
    /// secret and a variable to keep in its environment, so they are inherited as they would
    /// be by `phr import gp`; the child launches the fake browser, which writes its
    /// environment to the file the parent named (`BROWSER_ENV_TEST_OUT`, read by the shell).
    #[cfg(unix)]
    #[test]
    fn the_browser_inherits_no_phr_secrets() {
        if std::env::args().any(|a| a == CHILD_MARK) {
            let mut fake = Command::new("sh");
            fake.arg("-c").arg("env > \"$BROWSER_ENV_TEST_OUT\"").env("PHR_NEW_PASSPHRASE", "set on the command");
            let status = launch(fake).unwrap().wait().unwrap();
            assert!(status.success());
            return;
        }
        let dir = std::env::temp_dir().join(format!("phr-gp-browser-env-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("env.txt");
        let status = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "browser::tests::the_browser_inherits_no_phr_secrets", "--test-threads=1"])
            .args(["--skip", CHILD_MARK])
            .env("BROWSER_ENV_TEST_OUT", &out)
            .env("PHR_PASSPHRASE", "correct-horse-battery-staple")
            .env("PHR_RECOVERY_KEY", "7K3M-9QXD")
            .env("BROWSER_ENV_TEST_KEPT", "kept")
            .status()
            .unwrap();
        assert!(status.success());
        let seen = std::fs::read_to_string(&out).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(
            seen.contains("BROWSER_ENV_TEST_KEPT=kept"),
            "the fake browser did not run with the child's environment:\n{seen}"
        );
        assert!(!seen.contains("correct-horse-battery-staple"), "{seen}");
        for name in SECRET_VARIABLES {
            assert!(!seen.lines().any(|l| l.starts_with(&format!("{name}="))), "the browser inherited {name}:\n{seen}");
        }
        assert!(!seen.contains("set on the command") && !seen.contains("7K3M-9QXD"), "{seen}");
    }
}
