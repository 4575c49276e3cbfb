//! Sharing through the facade: a citizen previews and makes a share from an imported
//! record and their readings; a professional's app, with no vault, opens it with the code or
//! their age key and sees exactly what the preview showed, and nothing else is in the package.
//! Refusals (wrong code, expired, not for this key), the register, the audit trails, saving the
//! opened files and the document's independent FHIR validation.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::*;
use phr_app::*;
use phr_core::Clock;

/// A clock the test moves forward, to see a package expire.
#[derive(Debug)]
struct TestClock(Mutex<DateTime<Utc>>);

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

impl TestClock {
    fn set(&self, t: DateTime<Utc>) {
        *self.0.lock().unwrap() = t;
    }
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()
}

struct Citizen {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    app: App,
    clock: Arc<TestClock>,
    me: PersonId,
}

/// Moves the clock to `t`. A jump past the auto-lock time locks the record, as it would on a
/// real machine left alone that long, so the citizen unlocks it again.
fn move_clock_to(c: &Citizen, t: DateTime<Utc>) {
    c.clock.set(t);
    if c.app.lock_if_idle() {
        c.app.unlock(Passphrase::new(PASS.to_owned())).unwrap();
    }
}

/// A citizen with the Synthea record imported and a few readings (blood pressure and weight).
fn citizen() -> Citizen {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let clock = Arc::new(TestClock(Mutex::new(start())));
    let app = App::with_options(dir.join("citizen/vault"), AppOptions::with_clock(clock.clone(), KdfProfile::Floor));
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let person = add_person_matching(&app, SYNTHEA);
    app.import_files(&person, &[fixtures().join(SYNTHEA)]).unwrap();
    for (at, sys, dia) in [("2026-11-20T08:00:00Z", 128.0, 82.0), ("2026-11-21T08:00:00Z", 131.0, 84.0)] {
        app.add_reading(&person, reading(ReadingKind::BloodPressure, at, sys, Some(dia))).unwrap();
    }
    app.add_reading(&person, reading(ReadingKind::Weight, "2026-11-21T08:00:00Z", 83.7, None)).unwrap();
    Citizen { _tmp: tmp, dir, app, clock, me: person }
}

fn reading(kind: ReadingKind, at: &str, value: f64, value2: Option<f64>) -> ReadingInput {
    ReadingInput {
        kind,
        at: Some(at.into()),
        value: Some(value),
        value2,
        pulse: None,
        unit: None,
        context: None,
        arm: None,
        position: None,
        text: None,
        note: None,
        confirm: false,
    }
}

/// A professional's app on another machine: no vault at all.
fn professional(dir: &Path) -> App {
    let clock = Arc::new(phr_core::clock::FixedClock(start()));
    App::with_options(dir.join("professional/vault"), AppOptions::with_clock(clock, KdfProfile::Floor))
}

fn physio() -> ShareRecipient {
    ShareRecipient {
        name: "Sam Patel".into(),
        role: Some("Physiotherapist".into()),
        organisation: Some("Leeds Physio".into()),
        ods_code: None,
        public_key: None,
    }
}

fn request(categories: &[EntryKind], readings: &[ReadingKind], sensitive: &[Sensitivity]) -> ShareRequest {
    ShareRequest {
        recipient: physio(),
        purpose: "Physiotherapy for my knee".into(),
        slice: ShareSlice {
            categories: categories.to_vec(),
            readings: readings.to_vec(),
            include_sensitive: sensitive.to_vec(),
            ..ShareSlice::default()
        },
        expires_on: "2026-12-23".into(),
    }
}

/// Previews `req` and creates the package from that preview's draft, as the app's screens do.
fn create(c: &Citizen, req: ShareRequest, out: &Path) -> Result<ShareCreated, AppError> {
    let preview = c.app.share_preview(&c.me, req)?;
    c.app.share_create(&c.me, &preview.draft_id, out)
}

fn code(code: &str) -> ShareUnlock {
    ShareUnlock { access_code: Some(code.to_owned().into()), identity_path: None }
}

fn entries_of(c: &Citizen, kind: EntryKind) -> Vec<EntrySummary> {
    let q = TimelineQuery { kinds: vec![kind], limit: Some(200), ..TimelineQuery::default() };
    c.app.timeline(&c.me, q).unwrap().entries
}

/// A document's rows without the ids that differ between two builds of the same slice (the
/// fullUrls are drawn afresh; entry ids are only in previews).
/// A row as compared: title, date, status, value.
type Row = (String, Option<String>, Option<String>, Option<String>);

fn rows(doc: &SharedDocument) -> Vec<(EntryKind, Vec<Row>)> {
    doc.sections
        .iter()
        .map(|s| {
            let rows = s.rows.iter().map(|r| (r.title.clone(), r.date.clone(), r.status.clone(), r.value_text.clone()));
            (s.kind, rows.collect())
        })
        .collect()
}

fn titles(doc: &SharedDocument) -> Vec<String> {
    doc.sections.iter().flat_map(|s| s.rows.iter().map(|r| r.title.clone())).collect()
}

/// Every file of the opened package, as text, written out by `share_save_opened`.
fn saved_texts(app: &App, dir: &Path) -> Vec<(String, String)> {
    std::fs::create_dir_all(dir).unwrap();
    let written = app.share_save_opened(dir).unwrap();
    written.iter().map(|p| (p.clone(), std::fs::read_to_string(p).unwrap())).collect()
}

#[test]
fn the_package_holds_exactly_what_the_preview_showed_and_nothing_left_out() {
    let c = citizen();
    let problems = entries_of(&c, EntryKind::Problem);
    // A problem labelled mental health whose title no other problem shares: it must not be
    // anywhere in the package. An immunisation (a category not chosen) likewise.
    let hidden = problems
        .iter()
        .find(|p| problems.iter().filter(|q| q.title.contains(&p.title) || p.title.contains(&q.title)).count() == 1)
        .unwrap();
    c.app.set_entry_sensitivity(&c.me, &hidden.id, Sensitivity::MentalHealth).unwrap();
    let vaccine = entries_of(&c, EntryKind::Immunisation).into_iter().next().unwrap();

    let req = request(&[EntryKind::Problem, EntryKind::Medication], &[ReadingKind::BloodPressure], &[]);
    let preview = c.app.share_preview(&c.me, req.clone()).unwrap();
    assert_eq!(preview.sealed_to, SealedTo::Code);
    assert_eq!(preview.not_after, "2026-12-23T23:59:59Z");
    assert_eq!(preview.entries as usize, problems.len() - 1 + entries_of(&c, EntryKind::Medication).len());
    assert_eq!(preview.readings, 2);
    assert!(preview.left_out.categories.contains(&EntryKind::Immunisation));
    assert!(preview.left_out.labels.contains(&Sensitivity::MentalHealth));
    assert!(preview.left_out.readings.contains(&ReadingKind::Weight));
    assert!(preview.withheld_by_label.contains(&WithheldCount { label: Sensitivity::MentalHealth, count: 1 }));
    assert!(!titles(&preview.document).contains(&hidden.title));
    // The preview's rows name their entries with the same id type the timeline gives.
    let preview_ids: Vec<EntryId> =
        preview.document.sections.iter().flat_map(|s| s.rows.iter().filter_map(|r| r.entry_id.clone())).collect();
    assert!(!preview_ids.is_empty());
    assert!(!preview_ids.contains(&hidden.id), "the labelled entry is not previewed");

    let out = c.dir.join("share-for-sam.phr");
    let created = c.app.share_create(&c.me, &preview.draft_id, &out).unwrap();
    let access = created.access_code.clone().unwrap();
    assert_eq!(access.len(), 19, "four groups of four: {access}");
    assert_eq!(created.bytes, std::fs::metadata(&out).unwrap().len());
    assert_eq!(created.fingerprint, c.app.signing_key(&c.me).unwrap().fingerprint);
    assert_eq!((created.share.entries, created.share.readings), (preview.entries, preview.readings));

    let pro = professional(&c.dir);
    let opened = pro.share_open(&out, code(&access.to_lowercase())).unwrap();
    assert_eq!(opened.share_id, created.share.share_id);
    assert_eq!(opened.fingerprint, created.fingerprint);
    assert_eq!(opened.purpose, "Physiotherapy for my knee");
    assert_eq!(opened.recipient, physio());
    assert_eq!(opened.not_after, "2026-12-23T23:59:59Z");
    assert_eq!(opened.included, [EntryKind::Problem, EntryKind::Medication]);
    assert_eq!(opened.left_out, preview.left_out);
    assert_eq!(rows(&opened.document), rows(&preview.document), "the slice is what the preview showed");
    assert_eq!(rows(&opened.document).iter().map(|(_, r)| r.len()).sum::<usize>(), preview.entries as usize);
    assert_eq!(opened.document.readings, preview.document.readings);
    assert_eq!(opened.document.patient, preview.document.patient);
    assert!(opened.document.sections.iter().flat_map(|s| &s.rows).all(|r| r.entry_id.is_none()));
    assert_eq!(opened.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["record.json", "summary.html"]);

    let texts = saved_texts(&pro, &c.dir.join("saved"));
    assert_eq!(texts.len(), 4, "manifest.json, manifest.sig, record.json, summary.html");
    for (name, text) in &texts {
        assert!(!text.contains(&hidden.title), "{name} holds the mental-health problem {:?}", hidden.title);
        assert!(!text.contains(&vaccine.title), "{name} holds the immunisation {:?}", vaccine.title);
        assert!(!text.contains("83.7"), "{name} holds the weight reading");
    }
    assert!(texts.iter().any(|(_, t)| t.contains(&titles(&preview.document)[0])), "the shared rows are there");
}

#[test]
fn a_sensitive_entry_is_shared_only_when_its_label_is_ticked() {
    let c = citizen();
    let problem = entries_of(&c, EntryKind::Problem).into_iter().next().unwrap();
    c.app.set_entry_sensitivity(&c.me, &problem.id, Sensitivity::SexualHealth).unwrap();

    let without = c.app.share_preview(&c.me, request(&[EntryKind::Problem], &[], &[])).unwrap();
    assert!(!titles(&without.document).contains(&problem.title));
    let other_label = c.app.share_preview(&c.me, request(&[EntryKind::Problem], &[], &[Sensitivity::MentalHealth]));
    assert!(!titles(&other_label.unwrap().document).contains(&problem.title));

    let ticked = request(&[EntryKind::Problem], &[], &[Sensitivity::SexualHealth]);
    let with = c.app.share_preview(&c.me, ticked.clone()).unwrap();
    assert!(titles(&with.document).contains(&problem.title));
    assert!(!with.left_out.labels.contains(&Sensitivity::SexualHealth));

    let out = c.dir.join("p.phr");
    let created = create(&c, ticked, &out).unwrap();
    let opened = professional(&c.dir).share_open(&out, code(created.access_code.as_deref().unwrap())).unwrap();
    assert!(titles(&opened.document).contains(&problem.title));

    // Unticked in the preview: left out again.
    let mut unticked = request(&[EntryKind::Problem], &[], &[Sensitivity::SexualHealth]);
    unticked.slice.exclude_entries = vec![problem.id.clone()];
    assert!(!titles(&c.app.share_preview(&c.me, unticked).unwrap().document).contains(&problem.title));
}

#[test]
fn a_wrong_code_or_an_expired_package_is_refused_with_its_reason_and_logged() {
    let c = citizen();
    let out = c.dir.join("p.phr");
    let created = create(&c, request(&[EntryKind::Medication], &[], &[]), &out).unwrap();
    let access = created.access_code.unwrap();

    // The citizen's own app, vault unlocked, as the professional's would be with none.
    let wrong = c.app.share_open(&out, code("ABCD-EFGH-JKMN-PQRS")).unwrap_err();
    assert_eq!((wrong.code, wrong.field), (ErrorCode::ShareWrongCode, Some(ErrorField::AccessCode)));
    let malformed = c.app.share_open(&out, code("ABCD")).unwrap_err();
    assert_eq!(malformed.code, ErrorCode::ShareAccessCodeMalformed);
    let none = c.app.share_open(&out, ShareUnlock { access_code: None, identity_path: None }).unwrap_err();
    assert_eq!((none.code, none.field), (ErrorCode::InvalidInput, Some(ErrorField::AccessCode)));
    let not_a_package = c.app.share_open(&fixtures().join(SYNTHEA), code(&access)).unwrap_err();
    assert_eq!(not_a_package.code, ErrorCode::ShareNotAPackage);

    // The last second it opens, then a second later it is refused.
    move_clock_to(&c, Utc.with_ymd_and_hms(2026, 12, 23, 23, 59, 59).unwrap());
    c.app.share_open(&out, code(&access)).unwrap();
    move_clock_to(&c, Utc.with_ymd_and_hms(2026, 12, 24, 0, 0, 0).unwrap());
    let expired = c.app.share_open(&out, code(&access)).unwrap_err();
    assert_eq!(expired.code, ErrorCode::ShareExpired);
    assert!(expired.message.contains("23 Dec 2026"), "{}", expired.message);

    let audit = c.app.audit_log(&c.me).unwrap();
    let opened: Vec<_> = audit.iter().filter(|a| a.action == AuditAction::SharePackageOpened).collect();
    assert_eq!(opened.len(), 1, "only the package that opened is in the person's log");
    assert!(opened[0].detail.contains(created.share.share_id.as_str()));

    let log = std::fs::read_to_string(c.dir.join("citizen/packages-opened.jsonl")).unwrap();
    let outcomes: Vec<(String, Option<String>)> = log
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["outcome"].as_str().unwrap().to_owned(), v["code"].as_str().map(str::to_owned))
        })
        .collect();
    let refused = |code: &str| ("refused".to_owned(), Some(code.to_owned()));
    assert_eq!(
        outcomes,
        [
            refused("SHARE_WRONG_CODE"),
            refused("SHARE_ACCESS_CODE_MALFORMED"),
            refused("INVALID_INPUT"),
            refused("SHARE_NOT_A_PACKAGE"),
            ("opened".to_owned(), None),
            refused("SHARE_EXPIRED"),
        ]
    );
    assert!(!log.contains("Dino") && !log.contains(&access), "the machine log holds no health data or code");
}

/// Runs Debian's `age-keygen` into `path`, returning the public key (`age1...`); `None` when it
/// is missing (the skip is recorded; under CI the test fails).
fn age_keygen(path: &Path) -> Option<String> {
    let keygen = repo::tool("age-keygen", "a package sealed to a key age-keygen made")?;
    let out = std::process::Command::new(keygen).arg("-o").arg(path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(path).unwrap();
    let line = text.lines().find(|l| l.starts_with("# public key: ")).unwrap();
    Some(line.trim_start_matches("# public key: ").to_owned())
}

#[test]
fn a_package_sealed_to_a_professionals_key_opens_only_with_their_identity() {
    let c = citizen();
    let (mine, theirs) = (c.dir.join("sam.txt"), c.dir.join("other.txt"));
    let Some(public) = age_keygen(&mine) else { return };
    age_keygen(&theirs).unwrap();

    let mut bad = request(&[EntryKind::Allergy, EntryKind::Medication], &[], &[]);
    bad.recipient.public_key = Some("age1notakey".into());
    let e = c.app.share_preview(&c.me, bad).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::ShareRecipientKeyInvalid, Some(ErrorField::RecipientKey)));

    let mut req = request(&[EntryKind::Allergy, EntryKind::Medication], &[], &[]);
    req.recipient.public_key = Some(format!("  {public}\n"));
    assert_eq!(c.app.share_preview(&c.me, req.clone()).unwrap().sealed_to, SealedTo::Key);
    let out = c.dir.join("p.phr");
    let created = create(&c, req, &out).unwrap();
    assert_eq!(created.access_code, None);
    assert_eq!(created.share.sealed_to, SealedTo::Key);
    assert_eq!(created.share.recipient.public_key.as_deref(), Some(public.as_str()));

    let pro = professional(&c.dir);
    let identity = |p: &Path| ShareUnlock { access_code: None, identity_path: Some(p.display().to_string()) };
    let opened = pro.share_open(&out, identity(&mine)).unwrap();
    assert_eq!(opened.share_id, created.share.share_id);
    let e = pro.share_open(&out, identity(&theirs)).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::ShareNotForYou, Some(ErrorField::IdentityPath)));
    assert_eq!(pro.share_open(&out, code("ABCD-EFGH-JKMN-PQRS")).unwrap_err().code, ErrorCode::ShareNotForYou);
}

#[test]
fn the_register_lists_revokes_and_expires_shares_with_audit_entries() {
    let c = citizen();
    let first = create(&c, request(&[EntryKind::Medication], &[], &[]), &c.dir.join("a.phr")).unwrap();
    move_clock_to(&c, start() + Duration::hours(1));
    let mut later = request(&[EntryKind::Allergy], &[ReadingKind::BloodPressure], &[]);
    later.expires_on = "2027-01-31".into();
    let second = create(&c, later, &c.dir.join("b.phr")).unwrap();

    let list = c.app.share_list(&c.me).unwrap();
    assert_eq!(list, [second.share.clone(), first.share.clone()], "newest first");
    assert!(list.iter().all(|s| s.status == ShareStatus::Active && s.revoked_at.is_none()));

    let revoked = c.app.share_revoke(&c.me, &first.share.share_id).unwrap();
    assert_eq!(revoked.status, ShareStatus::Revoked);
    assert_eq!(revoked.revoked_at.as_deref(), Some("2026-11-23T15:05:00Z"));
    assert_eq!(c.app.share_revoke(&c.me, &first.share.share_id).unwrap(), revoked, "twice is a no-op");
    let unknown = c.app.share_revoke(&c.me, "00000000-0000-4000-8000-000000000000").unwrap_err();
    assert_eq!(unknown.code, ErrorCode::ShareNotFound);

    move_clock_to(&c, Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap());
    let statuses: Vec<_> = c.app.share_list(&c.me).unwrap().iter().map(|s| s.status).collect();
    assert_eq!(statuses, [ShareStatus::Active, ShareStatus::Revoked]);
    move_clock_to(&c, Utc.with_ymd_and_hms(2027, 2, 1, 0, 0, 0).unwrap());
    let statuses: Vec<_> = c.app.share_list(&c.me).unwrap().iter().map(|s| s.status).collect();
    assert_eq!(statuses, [ShareStatus::Expired, ShareStatus::Revoked]);

    let audit = c.app.audit_log(&c.me).unwrap();
    let actions: Vec<_> = audit.iter().map(|a| a.action).collect();
    assert_eq!(actions.iter().filter(|a| **a == AuditAction::ShareCreated).count(), 2);
    assert_eq!(actions.iter().filter(|a| **a == AuditAction::ShareRevoked).count(), 1);
    assert!(c.app.verify_audit(Some(&c.me)).unwrap()[0].ok);
    // The Consent is kept in the record as an entry.
    let other = entries_of(&c, EntryKind::Other);
    assert!(other.iter().any(|e| e.title.contains("Sam Patel")), "{other:?}");
}

#[test]
fn a_request_is_checked_before_anything_is_gathered() {
    let c = citizen();
    let base = request(&[EntryKind::Medication], &[], &[]);
    let cases: Vec<(ShareRequest, ErrorCode, &str)> = vec![
        (ShareRequest { purpose: "  ".into(), ..base.clone() }, ErrorCode::InvalidInput, "purpose"),
        (
            ShareRequest { recipient: ShareRecipient { name: " ".into(), ..physio() }, ..base.clone() },
            ErrorCode::InvalidInput,
            "recipientName",
        ),
        (ShareRequest { expires_on: "23/12/2026".into(), ..base.clone() }, ErrorCode::InvalidInput, "expiresOn"),
        (ShareRequest { expires_on: "2026-11-23".into(), ..base.clone() }, ErrorCode::InvalidInput, "expiresOn"),
        (ShareRequest { expires_on: "2028-11-24".into(), ..base.clone() }, ErrorCode::InvalidInput, "expiresOn"),
        (request(&[], &[], &[Sensitivity::MentalHealth]), ErrorCode::ShareNothingSelected, "slice"),
    ];
    for (req, code, field) in cases {
        let e = c.app.share_preview(&c.me, req.clone()).unwrap_err();
        assert_eq!((e.code, e.field.map(ErrorField::name).as_deref()), (code, Some(field)), "{req:?}: {}", e.message);
        let out = c.dir.join("never.phr");
        assert_eq!(create(&c, req, &out).unwrap_err().code, code);
        assert!(!out.exists());
    }
    // Two years ahead to the day is allowed.
    let far = ShareRequest { expires_on: "2028-11-23".into(), ..base };
    assert_eq!(c.app.share_preview(&c.me, far).unwrap().not_after, "2028-11-23T23:59:59Z");
    assert!(c.app.share_list(&c.me).unwrap().is_empty());
    assert!(!c.app.audit_log(&c.me).unwrap().iter().any(|a| a.action == AuditAction::ShareCreated));
}

#[test]
fn a_professional_with_no_vault_opens_saves_and_closes_a_package() {
    let c = citizen();
    let out = c.dir.join("p.phr");
    let created = create(&c, request(&[EntryKind::Medication], &[], &[]), &out).unwrap();
    let pro = professional(&c.dir);
    assert!(!pro.status().exists);
    assert_eq!(pro.share_save_opened(&c.dir).unwrap_err().code, ErrorCode::InvalidInput, "nothing open yet");

    let opened = pro.share_open(&out, code(created.access_code.as_deref().unwrap())).unwrap();
    assert!(!pro.status().exists, "opening made no vault");
    let log = std::fs::read_to_string(c.dir.join("professional/packages-opened.jsonl")).unwrap();
    assert_eq!(log.lines().count(), 1);
    assert!(log.contains(created.share.share_id.as_str()) && log.contains(&created.fingerprint.to_string()));
    assert!(!log.contains(&opened.subject.name));

    let folder = c.dir.join("saved");
    std::fs::create_dir(&folder).unwrap();
    let written = pro.share_save_opened(&folder).unwrap();
    let names: Vec<_> =
        written.iter().map(|p| Path::new(p).file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["manifest.json", "manifest.sig", "record.json", "summary.html"]);
    let manifest_bytes = std::fs::read(folder.join("manifest.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_slice(&manifest_bytes).unwrap();
    // The saved signature verifies the saved manifest with the key it names.
    let sig = std::fs::read_to_string(folder.join("manifest.sig")).unwrap();
    let sig = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, sig.trim()).unwrap();
    let public = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        manifest["signer"]["publicKey"].as_str().unwrap(),
    )
    .unwrap();
    ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, &public)
        .verify(&manifest_bytes, &sig)
        .expect("the saved signature verifies the saved manifest");
    assert_eq!(manifest["shareId"], created.share.share_id.as_str());
    for f in &opened.files {
        let bytes = std::fs::read(folder.join(&f.name)).unwrap();
        assert_eq!(bytes.len() as u64, f.bytes);
        let listed = manifest["files"].as_array().unwrap().iter().find(|m| m["name"] == f.name.as_str()).unwrap();
        assert_eq!(listed["sha256"], f.sha256.as_str());
    }
    let again = pro.share_save_opened(&folder).unwrap_err();
    assert_eq!((again.code, again.field), (ErrorCode::InvalidInput, Some(ErrorField::Dir)));
    assert!(again.message.contains("manifest.json"), "{}", again.message);

    pro.share_close_opened();
    let empty = c.dir.join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_eq!(pro.share_save_opened(&empty).unwrap_err().code, ErrorCode::InvalidInput);
    assert_eq!(std::fs::read_dir(&empty).unwrap().count(), 0);

    // Locking (as the idle limit does) forgets an opened record too.
    pro.share_open(&out, code(created.access_code.as_deref().unwrap())).unwrap();
    pro.lock();
    assert_eq!(pro.share_save_opened(&empty).unwrap_err().code, ErrorCode::InvalidInput, "forgotten on lock");
}

#[test]
fn the_opened_document_passes_fhir_validate() {
    let c = citizen();
    let out = c.dir.join("p.phr");
    let req = request(
        &[EntryKind::Problem, EntryKind::Medication, EntryKind::Immunisation, EntryKind::Result],
        &[ReadingKind::BloodPressure, ReadingKind::Weight],
        &[],
    );
    let created = create(&c, req, &out).unwrap();
    let pro = professional(&c.dir);
    pro.share_open(&out, code(created.access_code.as_deref().unwrap())).unwrap();
    let folder = c.dir.join("saved");
    std::fs::create_dir(&folder).unwrap();
    pro.share_save_opened(&folder).unwrap();
    let record = folder.join("record.json");
    let bundle: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&record).unwrap()).unwrap();
    assert_eq!(bundle["type"], "document");
    assert_eq!(bundle["entry"][0]["resource"]["resourceType"], "Composition");

    repo::assert_valid_fhir(&[&record], "the saved shared document");
}

/// The package is sealed from the document the preview showed, kept as a draft: not gathered
/// again (its consent keeps the preview's time), sealed once, forgotten at a lock, and refused
/// as stale when the record changed in between, with nothing written.
#[test]
fn a_share_is_sealed_from_its_preview_and_refused_when_the_record_changed_since() {
    let c = citizen();
    let req = request(&[EntryKind::Medication], &[ReadingKind::BloodPressure], &[]);
    let out = c.dir.join("share.phr");

    // The record changes after the preview: nothing is sealed; the person is to look again.
    let before = c.app.share_preview(&c.me, req.clone()).unwrap();
    c.app.add_reading(&c.me, reading(ReadingKind::BloodPressure, "2026-11-22T08:00:00Z", 140.0, Some(90.0))).unwrap();
    let e = c.app.share_create(&c.me, &before.draft_id, &out).unwrap_err();
    assert_eq!(e.code, ErrorCode::SharePreviewStale, "{}", e.message);
    assert!(!out.exists());
    assert!(c.app.share_list(&c.me).unwrap().is_empty());
    let again = c.app.share_preview(&c.me, req.clone()).unwrap();
    assert_eq!(again.readings, before.readings + 1, "the new preview shows the new reading");

    // A label changed after the preview is a change too.
    let med = entries_of(&c, EntryKind::Medication).into_iter().next().unwrap();
    c.app.set_entry_sensitivity(&c.me, &med.id, Sensitivity::SexualHealth).unwrap();
    assert_eq!(c.app.share_create(&c.me, &again.draft_id, &out).unwrap_err().code, ErrorCode::SharePreviewStale);

    // Sealed from the draft: the consent is the previewed one, made at the preview's time.
    let preview = c.app.share_preview(&c.me, req.clone()).unwrap();
    // Within the auto-lock time: a lock would forget the draft.
    c.clock.set(start() + chrono::Duration::minutes(4));
    // A package that could not be written keeps the draft: the same preview is sealed again.
    let nowhere = c.dir.join("no such folder").join("share.phr");
    assert_eq!(c.app.share_create(&c.me, &preview.draft_id, &nowhere).unwrap_err().code, ErrorCode::Io);
    let created = c.app.share_create(&c.me, &preview.draft_id, &out).unwrap();
    assert_eq!(created.share.created, "2026-11-23T14:05:00Z");
    assert_eq!(created.share.readings, preview.readings);
    assert_eq!(created.share.entries, preview.entries);
    // A draft is sealed once.
    let twice = c.app.share_create(&c.me, &preview.draft_id, &c.dir.join("twice.phr")).unwrap_err();
    assert_eq!(twice.code, ErrorCode::SharePreviewStale);

    // Locking forgets the draft; so does a newer preview.
    let kept = c.app.share_preview(&c.me, req.clone()).unwrap();
    c.app.lock();
    c.app.unlock(Passphrase::new(PASS.to_owned())).unwrap();
    assert_eq!(c.app.share_create(&c.me, &kept.draft_id, &out).unwrap_err().code, ErrorCode::SharePreviewStale);
    let older = c.app.share_preview(&c.me, req.clone()).unwrap();
    let newer = c.app.share_preview(&c.me, req).unwrap();
    assert_ne!(older.draft_id, newer.draft_id);
    assert_eq!(c.app.share_create(&c.me, &older.draft_id, &out).unwrap_err().code, ErrorCode::SharePreviewStale);
    assert_eq!(c.app.share_list(&c.me).unwrap().len(), 1);
}

/// The author agent of the Provenance in a package's record.json (its FHIR document).
fn provenance_author(texts: &[(String, String)]) -> serde_json::Value {
    let record = &texts.iter().find(|(name, _)| name.ends_with("record.json")).unwrap().1;
    let bundle: serde_json::Value = serde_json::from_str(record).unwrap();
    let entries = bundle["entry"].as_array().unwrap();
    let provenance = entries.iter().map(|e| &e["resource"]).find(|r| r["resourceType"] == "Provenance").unwrap();
    let agents = provenance["agent"].as_array().unwrap();
    assert_eq!(agents.len(), 1, "{agents:?}");
    assert_eq!(agents[0]["type"]["coding"][0]["code"], "author");
    agents[0].clone()
}

/// Makes a code-sealed share of `c`'s problems, opens it as the professional would, and gives
/// who made it as the opened screen, the summary and the register say it, and the Provenance
/// author of its record.json.
fn made_by_everywhere(c: &Citizen, saved: &str) -> (String, String, String, serde_json::Value) {
    let out = c.dir.join(format!("{saved}.phr"));
    let created = create(c, request(&[EntryKind::Problem], &[], &[]), &out).unwrap();
    let pro = professional(&c.dir);
    let opened = pro.share_open(&out, code(created.access_code.as_deref().unwrap())).unwrap();
    let texts = saved_texts(&pro, &c.dir.join(saved));
    let summary = &texts.iter().find(|(name, _)| name.ends_with("summary.html")).unwrap().1;
    let fact = summary.split("<dt>Made by</dt><dd>").nth(1).unwrap().split("</dd>").next().unwrap().to_owned();
    let manifest = &texts.iter().find(|(name, _)| name.ends_with("manifest.json")).unwrap().1;
    assert!(manifest.contains("\"madeBy\""), "the signed manifest says who made it");
    let listed = c.app.share_list(&c.me).unwrap().into_iter().find(|s| s.share_id == created.share.share_id).unwrap();
    assert_eq!(created.share.made_by, listed.made_by);
    (opened.made_by, fact, listed.made_by, provenance_author(&texts))
}

#[test]
fn a_share_made_by_a_carer_names_them_and_one_made_for_me_names_the_person() {
    // The person's own record (no carer): made by them.
    let c = citizen();
    let name = c.app.list_people().unwrap().into_iter().find(|p| p.id == c.me).unwrap().name;
    let (opened, fact, listed, author) = made_by_everywhere(&c, "own");
    assert_eq!(opened, format!("Made by {name}"));
    assert_eq!(fact, name);
    assert_eq!(listed, opened);
    // Its record.json: the person is the author, with nobody acting on their behalf.
    assert!(author["who"]["reference"].as_str().unwrap().starts_with("urn:uuid:"), "{author}");
    assert!(author.get("onBehalfOf").is_none(), "{author}");

    // The same record held by Sarah Jones ("me" in the vault) as someone she cares for.
    use phr_app::dto_person::PersonRoleInput;
    let role = PersonRoleInput {
        kind: "caredFor".into(),
        relationship: Some("mother".into()),
        basis: Some("lpa".into()),
        basis_ref: Some("7000-0000-1234".into()),
        review_on: Some("2027-06-01".into()),
        ..PersonRoleInput::default()
    };
    let person = c.app.list_people().unwrap().into_iter().find(|p| p.id == c.me).unwrap();
    c.app
        .update_person(
            &c.me,
            PersonInput {
                name: person.name.clone(),
                date_of_birth: person.date_of_birth,
                nhs_number: None,
                role: Some(role),
            },
        )
        .unwrap();
    let sarah = PersonInput {
        name: "Sarah Jones".into(),
        date_of_birth: "1970-04-01".into(),
        nhs_number: None,
        role: Some(PersonRoleInput { kind: "me".into(), ..PersonRoleInput::default() }),
    };
    c.app.add_person(sarah).unwrap();
    let (opened, fact, listed, author) = made_by_everywhere(&c, "by-carer");
    assert_eq!(opened, format!("Made by Sarah (carer) for {name}"));
    assert_eq!(fact, format!("Sarah (carer) for {}", name.replace('\'', "&#39;")));
    assert_eq!(listed, opened);
    // Its record.json names Sarah too: the author is her, a carer, on behalf of the Patient.
    assert_eq!(author["who"]["type"], "RelatedPerson");
    assert_eq!(author["who"]["display"], "Sarah (carer)");
    assert!(author["onBehalfOf"]["reference"].as_str().unwrap().starts_with("urn:uuid:"), "{author}");
}
