//! New passphrases must be hard to guess: a weak one is refused on its field with a reason
//! and advice in plain words, a five-word suggestion is accepted, the strength hint is the
//! backend's, and a passphrase already set is never re-checked at unlock.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use phr_app::*;
use phr_core::clock::FixedClock;

const PASS: &str = "otter lantern gravel";

fn app_in(dir: &std::path::Path) -> App {
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()));
    App::with_options(dir.join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor))
}

fn pass(s: &str) -> Passphrase {
    Passphrase::new(s.to_owned())
}

#[test]
fn weak_passphrases_are_refused_with_a_reason_on_their_field() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    for (weak, says) in [("password123", "most used passwords"), ("aaaaaaaaaaaa", "like aaa or 111")] {
        let e = app.create_vault(pass(weak)).unwrap_err();
        assert_eq!((e.code, e.field), (ErrorCode::PassphraseTooWeak, Some(ErrorField::Passphrase)), "{weak}");
        assert!(e.message.starts_with("This passphrase would be too easy to guess."), "{weak}: {}", e.message);
        assert!(e.message.contains(says), "{weak}: {}", e.message);
        assert!(!app.status().exists);
    }
    // Too short is still its own reason.
    assert_eq!(app.create_vault(pass("too short")).unwrap_err().code, ErrorCode::PassphraseTooShort);

    app.create_vault(pass(PASS)).unwrap();
    let e = app.change_passphrase(pass(PASS), pass("password123")).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::PassphraseTooWeak, Some(ErrorField::NewPassphrase)));
    // The old passphrase still opens it.
    app.lock();
    app.unlock(pass(PASS)).unwrap();
}

#[test]
fn a_five_word_suggestion_is_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    let suggestion = app.suggest_passphrase();
    assert_eq!(suggestion.split(' ').count(), 5, "{suggestion}");
    assert!((0..5).any(|_| app.suggest_passphrase() != suggestion));
    let hint = app.passphrase_strength(pass(&suggestion));
    assert_eq!((hint.label.as_str(), hint.acceptable, hint.score), ("Strong", true, 4), "{suggestion}");
    app.create_vault(pass(&suggestion)).unwrap();
    app.lock();
    app.unlock(pass(&suggestion)).unwrap();
}

/// The hint the interface shows is this, word for word: it computes none of it.
#[test]
fn the_strength_hint_comes_from_the_backend() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    let weak = app.passphrase_strength(pass("password123"));
    assert_eq!((weak.label.as_str(), weak.acceptable), ("Weak", false));
    assert!(weak.score <= 2);
    assert_eq!(weak.advice[0], "This is one of the most used passwords. Choose something else.");
    let short = app.passphrase_strength(pass("otter"));
    assert_eq!(short.advice[0], "Use at least 10 characters.");
    let strong = app.passphrase_strength(pass("otter lantern gravel mosaic"));
    assert_eq!((strong.label.as_str(), strong.acceptable, strong.advice.len()), ("Strong", true, 0));
    // No vault is needed, and nothing is made.
    assert!(!app.status().exists);
}

/// A passphrase set before the rule (here, one the vault layer alone accepted) still unlocks.
#[test]
fn an_existing_weak_passphrase_is_not_re_checked_at_unlock() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()));
    let kdf = phr_vault::KdfChoice::Fixed(phr_vault::KdfParams::FLOOR);
    drop(phr_vault::Vault::create(&dir, &pass("aaaaaaaaaaaa"), kdf, clock).unwrap());
    let app = app_in(tmp.path());
    app.unlock(pass("aaaaaaaaaaaa")).unwrap();
    assert!(app.status().unlocked);
}
