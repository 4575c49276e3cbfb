//! "Packages opened on this machine": a hash-chained JSON-lines file in the app's data folder,
//! beside the vault folder, written whether or not a vault exists (a professional opening a
//! package may have none). It holds no health data: when, which share, whose key signed it,
//! and whether it opened or why it was refused.
//!
//! Each line's `hash` is the SHA-256 (hex) of the line's JSON without `hash`, which includes
//! `prevHash`: a line changed or removed breaks the chain from there on ([`verify`]). The chain
//! (numbering, links, checks) is the audit log's, [`phr_core::hash_chain`]; only the line's
//! encoding is this log's own.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use phr_core::hash_chain::{self, BreakKind, Link};
use serde::{Deserialize, Serialize};

/// The log's file name, in the folder that holds the vault folder.
pub(crate) const FILE_NAME: &str = "packages-opened.jsonl";

/// Where the log lives for a vault folder: next to it.
pub(crate) fn path_for(vault_dir: &Path) -> PathBuf {
    match vault_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join(FILE_NAME),
        _ => PathBuf::from(FILE_NAME),
    }
}

/// What happened, as one line records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Event {
    pub share_id: Option<String>,
    pub signer: Option<String>,
    /// `None` when the package opened; the refusal's code (`SHARE_WRONG_CODE`) otherwise.
    pub refused: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    seq: u64,
    at: String,
    outcome: String,
    code: Option<String>,
    share_id: Option<String>,
    signer: Option<String>,
    prev_hash: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Line {
    #[serde(flatten)]
    body: Body,
    hash: String,
}

fn hash(body: &Body) -> [u8; 32] {
    // Serialising a struct of strings and numbers cannot fail.
    let text = serde_json::to_string(body).unwrap_or_default();
    let mut out = [0u8; 32];
    out.copy_from_slice(ring::digest::digest(&ring::digest::SHA256, text.as_bytes()).as_ref());
    out
}

impl Line {
    /// The line's place in the chain; `None` when a hash is not 64 hex digits.
    fn link(&self) -> Option<Link> {
        Some(Link {
            seq: self.body.seq,
            prev_hash: hash_chain::from_hex(&self.body.prev_hash)?,
            hash: hash_chain::from_hex(&self.hash)?,
        })
    }
}

/// Appends one line for `event` at `at`, chained to the last good line.
pub(crate) fn append(path: &Path, at: DateTime<Utc>, event: &Event) -> std::io::Result<()> {
    let existing = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let last = existing.lines().rev().find_map(|l| serde_json::from_str::<Line>(l).ok()?.link());
    let (seq, prev_hash) = hash_chain::next(last.as_ref());
    let body = Body {
        seq,
        at: at.to_rfc3339_opts(SecondsFormat::Secs, true),
        outcome: if event.refused.is_some() { "refused" } else { "opened" }.to_owned(),
        code: event.refused.clone(),
        share_id: event.share_id.clone(),
        signer: event.signer.clone(),
        prev_hash: hash_chain::to_hex(&prev_hash),
    };
    let line = Line { hash: hash_chain::to_hex(&hash(&body)), body };
    let mut text = serde_json::to_string(&line).map_err(std::io::Error::other)?;
    text.push('\n');
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    // Private to this user, and a link planted at its place is refused (O_NOFOLLOW), not
    // followed to a file of someone else's choosing.
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let mut f = options.open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

/// Checks the chain: the number of lines, or the first broken line (1-based) and why.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn verify(text: &str) -> Result<u64, (usize, &'static str)> {
    let mut lines = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line: Line = serde_json::from_str(raw).map_err(|_| (i + 1, "not a log line"))?;
        let link = line.link().ok_or((i + 1, "not a log line"))?;
        lines.push((line.body, link));
    }
    hash_chain::verify(&lines, |(_, link)| *link, |(body, _)| hash(body)).map_err(|b| {
        let why = match b.kind {
            BreakKind::Changed => "the line was changed",
            BreakKind::StartMissing { .. }
            | BreakKind::Missing { .. }
            | BreakKind::OutOfPlace { .. }
            | BreakKind::DoesNotFollow => "a line before it was changed or removed",
        };
        (b.index + 1, why)
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn opened(id: &str) -> Event {
        Event { share_id: Some(id.to_owned()), signer: Some("3F2A 91C0".to_owned()), refused: None }
    }

    #[test]
    fn lines_chain_and_a_changed_or_removed_line_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap();
        append(&path, at, &opened("a")).unwrap();
        let refused = Event { share_id: None, signer: None, refused: Some("SHARE_WRONG_CODE".to_owned()) };
        append(&path, at, &refused).unwrap();
        append(&path, at, &opened("c")).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(verify(&text), Ok(3));
        assert!(text.lines().nth(1).unwrap().contains(r#""outcome":"refused","code":"SHARE_WRONG_CODE""#));

        let changed = text.replacen(r#""shareId":"a""#, r#""shareId":"b""#, 1);
        assert_eq!(verify(&changed), Err((1, "the line was changed")));
        let removed: Vec<&str> = text.lines().enumerate().filter(|(i, _)| *i != 1).map(|(_, l)| l).collect();
        assert_eq!(verify(&removed.join("\n")), Err((2, "a line before it was changed or removed")));
    }

    /// The log is private to this user, and a link planted where it goes is refused rather
    /// than followed to a file someone else chose.
    #[cfg(unix)]
    #[test]
    fn the_log_is_private_and_a_planted_link_is_not_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap();
        append(&path, at, &opened("a")).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);

        let elsewhere = dir.path().join("chosen-by-someone-else");
        std::fs::write(&elsewhere, "").unwrap();
        let linked = dir.path().join("linked").join(FILE_NAME);
        std::fs::create_dir(linked.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &linked).unwrap();
        assert!(append(&linked, at, &opened("b")).is_err());
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "", "nothing written through the link");
    }

    /// Lines as the log has always written them (hex hashes, camelCase, `prevHash` of zeros
    /// first): a log already on someone's disk must still verify, and a new line must chain
    /// onto it.
    #[test]
    fn a_log_written_in_the_existing_format_still_verifies_and_grows() {
        // The first version's line, byte for byte; its hash is SHA-256 over the line's JSON
        // without `hash`, worked out once, outside this code.
        let written = concat!(
            r#"{"seq":1,"at":"2026-11-23T14:05:00Z","outcome":"opened","code":null,"shareId":"a","signer":"3F2A 91C0","prevHash":"0000000000000000000000000000000000000000000000000000000000000000","hash":"7cb6de89e296a3215f7f3d644e4c27124d5cf0c1362a70f3f1cfcd437470ab6d"}"#,
            "\n"
        );
        let expected = "7cb6de89e296a3215f7f3d644e4c27124d5cf0c1362a70f3f1cfcd437470ab6d";
        assert_eq!(verify(written), Ok(1));

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, written).unwrap();
        let at = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        append(&path, at, &opened("b")).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(verify(&text), Ok(2));
        let second = text.lines().nth(1).unwrap();
        assert!(second.starts_with(r#"{"seq":2,"at":"2026-11-24T09:00:00Z","outcome":"opened""#), "{second}");
        assert!(second.contains(&format!(r#""prevHash":"{expected}""#)), "{second}");
    }

    #[test]
    fn the_log_sits_beside_the_vault_folder() {
        assert_eq!(path_for(Path::new("/data/app/vault")), Path::new("/data/app").join(FILE_NAME));
        assert_eq!(path_for(Path::new("vault")), PathBuf::from(FILE_NAME));
    }
}
