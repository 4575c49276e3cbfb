//! The navigation guard: the webview shows the app's own pages and nothing else.
//!
//! Tauri lets a webview navigate anywhere unless told otherwise, so a compromised renderer
//! could send what it read out in an address (`location.href = "https://…/?d=…"`). This guard
//! refuses every navigation that leaves the app's own origin. Pages outside the app open in
//! the person's own browser, from Rust, and only for addresses the app knows (see
//! [`crate::links`]).

use tauri::Url;
use tauri::plugin::TauriPlugin;
use tauri::{Runtime, Wry};

/// Where a built app serves its own pages from: `tauri://localhost` on Linux and macOS,
/// `http://tauri.localhost` on Windows (`https://` when the https scheme is switched on).
pub const APP_ORIGINS: &[&str] = &["tauri://localhost", "http://tauri.localhost", "https://tauri.localhost"];

/// The app's origins: the built app's, plus the dev server's (`build.devUrl` in
/// tauri.conf.json) in a development build that loads from it.
pub fn app_origins(dev_url: Option<&Url>) -> Vec<Url> {
    let mut origins: Vec<Url> = APP_ORIGINS.iter().filter_map(|o| Url::parse(o).ok()).collect();
    if tauri::is_dev() {
        origins.extend(dev_url.cloned());
    }
    origins
}

/// Whether the webview may go to `url`: only a page of one of `app_origins` (same scheme,
/// host and port), with no user name or password in it. Everything else is refused: another
/// site, another port on this computer, `file:`, `data:`, `javascript:` and `about:` alike
/// (the app never needs a blank page, and one would leave the person without the app).
pub fn navigation_allowed(url: &Url, app_origins: &[Url]) -> bool {
    url.host_str().is_some()
        && url.username().is_empty()
        && url.password().is_none()
        && app_origins.iter().any(|origin| {
            origin.host_str().is_some()
                && url.scheme() == origin.scheme()
                && url.host_str() == origin.host_str()
                && url.port_or_known_default() == origin.port_or_known_default()
        })
}

/// The guard as a plugin, so it covers every webview the app opens.
pub fn guard(dev_url: Option<&Url>) -> TauriPlugin<Wry> {
    guard_for(app_origins(dev_url))
}

fn guard_for<R: Runtime>(origins: Vec<Url>) -> TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(move |_, url| {
            let allowed = navigation_allowed(url, &origins);
            if !allowed {
                // The scheme only: the address itself may carry what a page tried to send.
                eprintln!("phr-desktop: refused to leave the app for a {}: address", url.scheme());
            }
            allowed
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn the_apps_own_pages_are_allowed() {
        let origins = app_origins(None);
        for own in [
            "tauri://localhost",
            "tauri://localhost/",
            "tauri://localhost/index.html#/record",
            "http://tauri.localhost/index.html",
            "https://tauri.localhost/assets/app.js?v=1",
        ] {
            assert!(navigation_allowed(&url(own), &origins), "{own}");
        }
    }

    #[test]
    fn every_other_address_is_refused() {
        let origins = app_origins(None);
        for other in [
            "https://evil.example/?d=secret",
            "http://evil.example/",
            "https://localhost/",
            "http://127.0.0.1:9999/",
            "http://localhost:1420/",
            "tauri://evil.example/",
            "tauri://localhost.evil.example/",
            "http://tauri.localhost:8080/",
            "https://tauri.localhost.evil.example/",
            "http://sam:pw@tauri.localhost/",
            "file:///etc/passwd",
            "data:text/html,<p>hi</p>",
            "javascript:alert(1)",
            "about:blank",
            "blob:tauri://localhost/1234",
            "ftp://tauri.localhost/",
        ] {
            assert!(!navigation_allowed(&url(other), &origins), "{other}");
        }
    }

    #[test]
    fn a_dev_server_counts_only_when_given_and_only_its_own_origin() {
        let dev = url("http://localhost:1420/");
        let origins = vec![url("tauri://localhost"), dev];
        assert!(navigation_allowed(&url("http://localhost:1420/index.html"), &origins));
        assert!(!navigation_allowed(&url("http://localhost:1421/"), &origins));
        assert!(!navigation_allowed(&url("https://localhost:1420/"), &origins));
        // A built app (custom-protocol) ignores the dev server's address.
        if !tauri::is_dev() {
            assert!(!navigation_allowed(
                &url("http://localhost:1420/"),
                &app_origins(Some(&url("http://localhost:1420/")))
            ));
        }
    }

    #[test]
    fn no_origins_allow_nothing() {
        assert!(!navigation_allowed(&url("tauri://localhost/"), &[]));
        // An origin without a host (a data: or file: address) never matches anything.
        assert!(!navigation_allowed(&url("file:///etc/passwd"), &[url("file:///")]));
    }
}
