//! Opening the practice's sign-in page: the person's own browser, or (for tests and the
//! sandbox with auto-approve) an HTTP client that follows the redirects itself.

use std::ffi::OsString;
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

/// The prefix of this app's own environment variables. None is for the browser: among them
/// is `PHR_PASSPHRASE`, the vault's passphrase for scripted use of `phr`, which a browser
/// (and every helper and extension it starts) would otherwise inherit.
const OWN_VARIABLES: &str = "PHR_";

/// Starts `command` (a browser launcher) without this app's variables, neither inherited
/// ones nor any set on the command, in a process group of its own (so Ctrl-C in the
/// terminal that runs `phr` does not close the browser), with no terminal input or output.
fn launch(mut command: Command) -> std::io::Result<Child> {
    let own = |name: &std::ffi::OsStr| name.to_string_lossy().starts_with(OWN_VARIABLES);
    let mut names: Vec<OsString> = std::env::vars_os().map(|(name, _)| name).filter(|n| own(n)).collect();
    names.extend(command.get_envs().map(|(name, _)| name.to_owned()).filter(|n| own(n)));
    for name in names {
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

    /// The variable this test's child run reads to know where to write what the fake
    /// browser saw.
    const CHILD_OUT: &str = "BROWSER_ENV_TEST_OUT";

    /// The browser is started through [`launch`] as a fake browser (`sh -c 'env'`). This
    /// test runs itself again as a child process with `PHR_PASSPHRASE` and another `PHR_`
    /// variable in its environment, so they are inherited as they would be by `phr import gp`;
    /// the child launches the fake browser, which writes its environment to a file.
    #[cfg(unix)]
    #[test]
    fn the_browser_inherits_no_phr_variables() {
        if let Some(out) = std::env::var_os(CHILD_OUT) {
            let mut fake = Command::new("sh");
            fake.arg("-c").arg("env > \"$0\"").arg(&out).env("PHR_SET_ON_COMMAND", "x");
            let status = launch(fake).unwrap().wait().unwrap();
            assert!(status.success());
            return;
        }
        let dir = std::env::temp_dir().join(format!("phr-gp-browser-env-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("env.txt");
        let status = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "browser::tests::the_browser_inherits_no_phr_variables", "--test-threads=1"])
            .env(CHILD_OUT, &out)
            .env("PHR_PASSPHRASE", "correct-horse-battery-staple")
            .env("PHR_VAULT", "/tmp/vault")
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
        for line in seen.lines() {
            assert!(!line.starts_with("PHR_"), "the browser inherited {line}");
        }
    }
}
