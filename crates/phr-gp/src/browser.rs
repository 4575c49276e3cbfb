//! Opening the practice's sign-in page: the person's own browser, or (for tests and the
//! sandbox with auto-approve) an HTTP client that follows the redirects itself.

use phr_core::ErrorCode;

use crate::error::GpError;

/// Shows the sign-in page at `url`. Must return promptly: the sign-in finishes when the
/// browser reaches the loopback redirect, not when this returns.
pub trait Browser: Send + Sync {
    fn open(&self, url: &str) -> Result<(), GpError>;
}

/// The system's default browser (`xdg-open`, `open`, `start`).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemBrowser;

impl Browser for SystemBrowser {
    fn open(&self, url: &str) -> Result<(), GpError> {
        open::that_detached(url).map_err(|e| {
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
