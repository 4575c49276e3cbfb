//! A cared-for person's own access through the app: their own password set up and opened,
//! what they keep private gone from everything the carer reads (timeline, search, export,
//! share) and there for them, closed at a lock and at auto-lock, and what they do not let the
//! carer do refused with words that say who decided.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

#[allow(dead_code)]
mod carer;
#[allow(dead_code)]
mod common;

use std::sync::{Arc, Mutex};

use carer::*;
use chrono::{DateTime, TimeZone, Utc};
use common::*;
use phr_app::dto_person::PersonRoleInput;
use phr_app::*;
use phr_core::Clock;

/// Words only Karena's sexual health entries hold (the pills, the coil).
const HIDDEN_WORDS: [&str; 4] = ["Camila", "Errin", "Trinessa", "Liletta"];

#[derive(Debug)]
struct TestClock(Mutex<DateTime<Utc>>);

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

struct Setup {
    app: App,
    clock: Arc<TestClock>,
    karena: String,
    _dir: tempfile::TempDir,
}

/// Sarah ("me") cares for Karena under a lasting power of attorney; Karena's GP record is
/// imported by Sarah, and Karena has her own password.
fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(TestClock(Mutex::new(Utc.with_ymd_and_hms(2026, 11, 23, 10, 30, 0).unwrap())));
    let app = App::with_options(dir.path().join("vault"), AppOptions::with_clock(clock.clone(), KdfProfile::Floor));
    let karena = sarah_caring_for(&app, PASS, "Karena Pfeffer", "1994-12-21", lasting_power_of_attorney("daughter"));
    app.import_files(&karena, &[fixtures().join(KARENA)]).unwrap();
    Setup { app, clock, karena, _dir: dir }
}

fn with_own_access() -> (Setup, String) {
    let s = setup();
    let made = s.app.set_own_access(&s.karena, own_pw()).unwrap();
    assert!(made.status.has_own_access && !made.status.open);
    (s, made.recovery_key)
}

fn limits(hidden: &[Sensitivity], allowed: &[CarerPermission]) -> OwnLimitsInput {
    OwnLimitsInput { hidden: hidden.to_vec(), allowed: allowed.to_vec(), show_count: true }
}

const ALL: [CarerPermission; 4] =
    [CarerPermission::Readings, CarerPermission::Import, CarerPermission::Share, CarerPermission::Export];

/// Karena opens her own access, keeps sexual health private with `allowed`, and closes it.
fn hide_sexual_health(s: &Setup, allowed: &[CarerPermission]) -> OwnLimitsChanged {
    s.app.open_own_access(&s.karena, own_pw()).unwrap();
    let changed = s.app.set_own_limits(&s.karena, limits(&[Sensitivity::SexualHealth], allowed)).unwrap();
    s.app.close_own_access().unwrap();
    changed
}

fn every_title(s: &Setup) -> String {
    let q = TimelineQuery { limit: Some(200), show: Some(TimelineShow::Everything), ..TimelineQuery::default() };
    let mut out = String::new();
    let mut page = s.app.timeline(&s.karena, q.clone()).unwrap();
    loop {
        for e in &page.entries {
            out.push_str(&e.title);
            out.push('\n');
        }
        let Some(next) = page.next_cursor.clone() else { break };
        page = s.app.timeline(&s.karena, TimelineQuery { cursor: Some(next), ..q.clone() }).unwrap();
    }
    out
}

fn holds_hidden(text: &str) -> Vec<&'static str> {
    HIDDEN_WORDS.into_iter().filter(|w| text.contains(w)).collect()
}

#[test]
fn a_weak_or_wrong_own_password_is_refused_at_its_field() {
    let s = setup();
    let weak = s.app.set_own_access(&s.karena, Passphrase::new("short".into())).unwrap_err();
    assert_eq!(weak.field, Some(ErrorField::OwnPassword));
    s.app.set_own_access(&s.karena, own_pw()).unwrap();
    let wrong = s.app.open_own_access(&s.karena, Passphrase::new("kestrel pebble harbor".into())).unwrap_err();
    assert_eq!(wrong.code, ErrorCode::OwnPasswordWrong);
    assert_eq!(wrong.field, Some(ErrorField::OwnPassword));
    assert!(!s.app.own_access_status(&s.karena).unwrap().open);
    // Only the person themselves (own access open) reads or changes their limits.
    let closed = s.app.own_limits(&s.karena).unwrap_err();
    assert_eq!(closed.code, ErrorCode::OwnAccessNeeded);
    // The carer's attempt to change them fails the same way, and her log keeps it, as it
    // keeps the wrong own password: only she can change what she keeps private.
    let change = s.app.set_own_limits(&s.karena, limits(&[], &ALL)).unwrap_err();
    assert_eq!(change.code, ErrorCode::OwnAccessNeeded);
    let refused: Vec<String> = s
        .app
        .audit_log(&s.karena)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AuditAction::OwnAccessRefused)
        .map(|e| e.detail)
        .collect();
    assert_eq!(
        refused,
        ["a wrong own password was typed", "a change of what is kept private, without their own access open"],
        "each refused attempt is in her log"
    );
    assert!(s.app.private_entries(&s.karena, None).is_err());
}

#[test]
fn the_person_at_their_own_record_is_named_in_the_status_words() {
    let s = setup();
    let before = s.app.own_access_status(&s.karena).unwrap();
    assert!(before.can_have && !before.has_own_access && !before.open);
    assert_eq!(before.words.set_up, "Set up Karena's own password");
    assert_eq!(before.words.keyboard, "Give the keyboard to Karena.");
    assert_eq!(before.words.private_line, None);
    assert_eq!(before.words.record_line, None);
    let me = s.app.list_people().unwrap().into_iter().find(|p| p.name == "Sarah Jones").unwrap();
    assert!(!s.app.own_access_status(me.id.as_str()).unwrap().can_have);
    assert!(s.app.set_own_access(me.id.as_str(), own_pw()).is_err(), "only someone cared for");
}

#[test]
fn what_she_keeps_private_is_in_nothing_the_carer_reads_and_is_there_for_her() {
    let (s, _) = with_own_access();
    assert!(!holds_hidden(&every_title(&s)).is_empty(), "the fixture holds sexual health entries");

    let changed = hide_sexual_health(&s, &ALL);
    assert!(changed.to_private > 0);
    assert_eq!(changed.message, format!("{} entries are now private.", changed.to_private));

    // The carer: timeline, search, export and share hold none of it.
    assert_eq!(holds_hidden(&every_title(&s)), Vec::<&str>::new());
    for word in HIDDEN_WORDS {
        let hits = s.app.search_record(&s.karena, word, None).unwrap();
        assert!(hits.is_empty(), "search for {word} found {} entries", hits.len());
    }
    let out = s._dir.path().join("karena.json");
    s.app.export_fhir(&s.karena, &out).unwrap();
    assert_eq!(holds_hidden(&std::fs::read_to_string(&out).unwrap()), Vec::<&str>::new());
    let req = ShareRequest {
        recipient: ShareRecipient {
            name: "Sam Patel".into(),
            role: Some("Practice nurse".into()),
            organisation: None,
            ods_code: None,
            public_key: None,
        },
        purpose: "Her medicines review".into(),
        slice: ShareSlice {
            categories: vec![EntryKind::Medication, EntryKind::Problem, EntryKind::Procedure],
            include_sensitive: vec![Sensitivity::SexualHealth, Sensitivity::MentalHealth],
            ..ShareSlice::default()
        },
        expires_on: "2026-12-23".into(),
    };
    let preview = s.app.share_preview(&s.karena, req).unwrap();
    let shared = serde_json::to_string(&preview.document).unwrap();
    assert_eq!(holds_hidden(&shared), Vec::<&str>::new());

    // The carer reads how many, because she lets them.
    let status = s.app.own_access_status(&s.karena).unwrap();
    assert!(!status.open);
    assert_eq!(status.private_count, Some(u64::from(changed.to_private)));
    assert_eq!(
        status.words.private_line.as_deref(),
        Some(format!("Karena keeps {} entries private.", changed.to_private).as_str())
    );
    assert_eq!(
        status.words.record_line,
        Some(format!(
            "Karena keeps {} entries private. These lists may not show everything: ask Karena or their GP before you act on them.",
            changed.to_private
        ))
    );

    // Karena sees them in her private entries, each opening in full.
    s.app.open_own_access(&s.karena, own_pw()).unwrap();
    assert_eq!(s.app.own_access_open().as_deref(), Some(s.karena.as_str()));
    let page = s.app.private_entries(&s.karena, None).unwrap();
    let titles: String = page.entries.iter().map(|e| e.title.clone() + "\n").collect();
    assert!(!holds_hidden(&titles).is_empty(), "{titles}");
    let one = s.app.private_entry(&s.karena, page.entries[0].id.as_str()).unwrap();
    assert_eq!(one.entry.title, page.entries[0].title);
    let mine = s.app.own_limits(&s.karena).unwrap();
    let sexual = mine.labels.iter().find(|l| l.sensitivity == Sensitivity::SexualHealth).unwrap();
    assert!(sexual.hidden);
    assert_eq!(sexual.words, "Keep sexual health entries private from your carer");
    assert!(mine.permissions.iter().all(|p| p.allowed));

    // While her own access is open, the audit log names her as who acted; the carer is named
    // for what they did.
    let log = s.app.audit_log(&s.karena).unwrap();
    let limits_entry = log.iter().rev().find(|e| e.detail.contains("kept private from the carer changed")).unwrap();
    assert_eq!(limits_entry.who.as_deref(), Some("Karena"), "{}", limits_entry.detail);
    assert!(log.iter().any(|e| e.who.as_deref() == Some("Sarah (carer)")));

    // Showing them again brings them back into the record.
    let back = s.app.set_own_limits(&s.karena, limits(&[], &ALL)).unwrap();
    assert_eq!(back.to_record, changed.to_private);
    s.app.close_own_access().unwrap();
    assert!(!holds_hidden(&every_title(&s)).is_empty());
}

#[test]
fn the_confirmation_says_what_will_move_before_anything_does() {
    let (s, _) = with_own_access();
    s.app.open_own_access(&s.karena, own_pw()).unwrap();
    let lines =
        s.app.check_own_limits(&s.karena, limits(&[Sensitivity::MentalHealth], &[CarerPermission::Readings])).unwrap();
    assert!(
        lines.contains(
            &"Entries labelled mental health will move to your private part. Your carer will not see them.".to_owned()
        ),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l.contains("no longer be able to: export their record")), "{lines:?}");
    assert!(s.app.own_limits(&s.karena).unwrap().labels.iter().all(|l| !l.hidden), "nothing saved yet");
}

#[test]
fn own_access_closes_at_a_lock_and_at_auto_lock() {
    let (s, _) = with_own_access();
    s.app.open_own_access(&s.karena, own_pw()).unwrap();
    s.app.lock();
    assert_eq!(s.app.own_access_open(), None);
    s.app.unlock(Passphrase::new(PASS.to_owned())).unwrap();
    assert!(!s.app.own_access_status(&s.karena).unwrap().open);

    s.app.open_own_access(&s.karena, own_pw()).unwrap();
    assert!(s.app.own_access_status(&s.karena).unwrap().open);
    *s.clock.0.lock().unwrap() += chrono::Duration::hours(2);
    assert!(s.app.lock_if_idle());
    assert_eq!(s.app.own_access_open(), None);
    s.app.unlock(Passphrase::new(PASS.to_owned())).unwrap();
    let after = s.app.own_access_status(&s.karena).unwrap();
    assert!(!after.open);
}

#[test]
fn what_she_does_not_allow_is_refused_with_who_decided() {
    let (s, recovery) = with_own_access();
    hide_sexual_health(&s, &[]);
    let reading = ReadingInput {
        kind: ReadingKind::Weight,
        at: Some("2026-11-23T09:00:00+00:00".into()),
        value: Some(70.0),
        value2: None,
        pulse: None,
        unit: None,
        context: None,
        arm: None,
        position: None,
        text: None,
        note: None,
        confirm: false,
    };
    let refused = [
        ("readings", s.app.add_reading(&s.karena, reading.clone()).map(drop).unwrap_err()),
        ("import", s.app.import_files(&s.karena, &[fixtures().join(KARENA)]).map(drop).unwrap_err()),
        ("export", s.app.export_fhir(&s.karena, &s._dir.path().join("x.json")).map(drop).unwrap_err()),
        ("export readings", s.app.export_readings(&s.karena, &s._dir.path().join("r.csv")).map(drop).unwrap_err()),
    ];
    // Every PDF of her record is an export too; a share needs "make shares".
    let pdf = |name: &str| s._dir.path().join(name);
    let share = ShareRequest {
        recipient: ShareRecipient {
            name: "Sam Patel".into(),
            role: Some("Physiotherapist".into()),
            organisation: None,
            ods_code: None,
            public_key: None,
        },
        purpose: "Physiotherapy for my knee".into(),
        slice: ShareSlice { categories: vec![EntryKind::Problem], ..ShareSlice::default() },
        expires_on: "2026-12-23".into(),
    };
    let refused_too = [
        ("summary pdf", s.app.export_summary_pdf(&s.karena, &pdf("s.pdf")).map(drop).unwrap_err()),
        ("appointment pdf", s.app.export_appointment_summary_pdf(&s.karena, &pdf("a.pdf")).map(drop).unwrap_err()),
        ("emergency card pdf", s.app.export_emergency_card_pdf(&s.karena, &pdf("e.pdf")).map(drop).unwrap_err()),
        ("bp week pdf", s.app.export_bp_week_pdf(&s.karena, &pdf("b.pdf")).map(drop).unwrap_err()),
        ("glucose pdf", s.app.export_glucose_report_pdf(&s.karena, None, None, &pdf("g.pdf")).map(drop).unwrap_err()),
        ("share preview", s.app.share_preview(&s.karena, share).map(drop).unwrap_err()),
        ("share create", s.app.share_create(&s.karena, "draft", &pdf("p.phrshare")).map(drop).unwrap_err()),
    ];
    for (what, e) in &refused_too[..5] {
        assert!(e.message.contains("not to let you export this record"), "{what}: {}", e.message);
    }
    for (what, e) in &refused_too[5..] {
        assert!(e.message.contains("not to let you make shares of this record"), "{what}: {}", e.message);
    }
    for name in ["s.pdf", "a.pdf", "e.pdf", "b.pdf", "g.pdf", "p.phrshare"] {
        assert!(!pdf(name).exists(), "{name} was written");
    }
    for (what, e) in refused.iter().chain(&refused_too) {
        assert_eq!(e.code, ErrorCode::CarerNotAllowed, "{what}: {}", e.message);
        assert!(e.message.starts_with("Karena has chosen not to let you "), "{what}: {}", e.message);
        assert!(e.message.ends_with("Only Karena can change this, with their own password."), "{what}");
    }
    assert_eq!(
        refused[1].1.message,
        "Karena has chosen not to let you import into this record. Only Karena can change this, with their own password."
    );
    assert!(!s._dir.path().join("x.json").exists());

    // With her own access open (she is at the keyboard), the same is allowed. Opened with her
    // recovery key and a new password, which then opens it.
    s.app
        .open_own_access_with_recovery(&s.karena, recovery.into(), Passphrase::new("marble heron quietly".into()))
        .unwrap();
    s.app.add_reading(&s.karena, reading).unwrap();
    s.app.close_own_access().unwrap();
    s.app.open_own_access(&s.karena, Passphrase::new("marble heron quietly".into())).unwrap();
    s.app.close_own_access().unwrap();
}

/// The carer cannot empty Karena's private part by changing roles: making herself "someone I
/// care for" and Karena "me" is refused on the role field (and kept in Karena's log), and a
/// role Karena changes herself, with her own access open, leaves her limits as they were.
#[test]
fn a_carer_cannot_change_roles_to_lift_the_limits() {
    let (s, _) = with_own_access();
    hide_sexual_health(&s, &[CarerPermission::Readings]);
    let sarah = s.app.list_people().unwrap().into_iter().find(|p| p.name == "Sarah Jones").unwrap().id;
    let as_role = |name: &str, dob: &str, role: PersonRoleInput| PersonInput {
        name: name.into(),
        date_of_birth: dob.into(),
        nhs_number: None,
        role: Some(role),
    };
    let me = PersonRoleInput { kind: "me".into(), ..Default::default() };
    // Sarah is no longer "me" (allowed: she has no own access), then Karena is to be "me".
    s.app
        .update_person(sarah.as_str(), as_role("Sarah Jones", "1970-04-01", lasting_power_of_attorney("mother")))
        .unwrap();
    let e = s.app.update_person(&s.karena, as_role("Karena Pfeffer", "1994-12-21", me.clone())).unwrap_err();
    assert_eq!(e.code, ErrorCode::OwnAccessNeeded, "{}", e.message);
    assert_eq!(e.field, Some(ErrorField::Role));
    let karena = s.app.list_people().unwrap().into_iter().find(|p| p.id.as_str() == s.karena).unwrap();
    assert_eq!(karena.role.unwrap().kind, "caredFor");
    let activity = s.app.carer_activity(&s.karena).unwrap();
    let refusals = activity.actors.iter().flat_map(|a| &a.entries).filter(|e| e.what.contains("refused")).count();
    assert_eq!(refusals, 1, "the refusal is kept in Karena's log");

    // What she keeps private stays so, and what she does not allow stays refused.
    assert!(holds_hidden(&every_title(&s)).is_empty());
    let e = s.app.export_fhir(&s.karena, &s._dir.path().join("x.json")).unwrap_err();
    assert_eq!(e.code, ErrorCode::CarerNotAllowed);

    // With her own access open she may change it; her limits do not follow the role.
    s.app.open_own_access(&s.karena, own_pw()).unwrap();
    s.app.update_person(&s.karena, as_role("Karena Pfeffer", "1994-12-21", me)).unwrap();
    s.app.close_own_access().unwrap();
    let e = s.app.export_fhir(&s.karena, &s._dir.path().join("x.json")).unwrap_err();
    assert_eq!(e.code, ErrorCode::CarerNotAllowed, "the limits still apply");
    assert!(holds_hidden(&every_title(&s)).is_empty());
    s.app.open_own_access(&s.karena, own_pw()).unwrap();
    let status = s.app.own_access_status(&s.karena).unwrap();
    assert!(status.open && status.brought_back.is_none(), "nothing was brought back into the record");
    s.app.close_own_access().unwrap();
    assert!(holds_hidden(&every_title(&s)).is_empty());
}
