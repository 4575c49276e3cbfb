//! Handing a record over: the package opens only with its code, the new vault holds the record
//! whole (entries, readings, the audit chain carried on, the own-access files), and the
//! carer's vault loses the person only when the right receipt comes back.

use std::path::{Path, PathBuf};

use chrono::TimeZone;
use phr_core::audit::AuditAction;
use phr_core::person::PersonDetails;
use phr_core::person_role::{Role, RoleKind};
use phr_core::readings::ReadingKind;
use phr_vault::record_store::{ImportDocument, SourceInfo, TimelineFilter};
use phr_vault::{ErrorCode, HandoverCode, KdfChoice, KdfParams, PersonId, ReadingFilter, Vault, VaultError};
use serde_json::json;

use crate::support::*;

fn emma() -> PersonDetails {
    PersonDetails {
        name: "Emma Doe".into(),
        date_of_birth: chrono::NaiveDate::from_ymd_opt(2010, 1, 2).unwrap(),
        nhs_number: None,
    }
}

fn bundle() -> String {
    json!({
        "resourceType": "Bundle", "type": "collection",
        "entry": [
            {"fullUrl": "urn:uuid:11111111-1111-4111-8111-111111111111", "resource": {
                "resourceType": "Patient", "id": "p1",
                "name": [{"family": "Doe", "given": ["Emma"]}], "birthDate": "2010-01-02"}},
            {"fullUrl": "urn:uuid:22222222-2222-4222-8222-222222222222", "resource": {
                "resourceType": "Condition", "id": "c1",
                "code": {"coding": [{"system": "http://snomed.info/sct", "code": "195967001", "display": "Asthma"}], "text": "Asthma"},
                "subject": {"reference": "urn:uuid:11111111-1111-4111-8111-111111111111"},
                "onsetDateTime": "2015-06-01"}},
            {"fullUrl": "urn:uuid:33333333-3333-4333-8333-333333333333", "resource": {
                "resourceType": "Observation", "id": "o1", "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "2339-0", "display": "Glucose"}], "text": "Glucose"},
                "subject": {"reference": "urn:uuid:11111111-1111-4111-8111-111111111111"},
                "effectiveDateTime": "2020-02-03T09:30:00Z",
                "valueQuantity": {"value": 6.3, "unit": "mmol/L", "system": "http://unitsofmeasure.org", "code": "mmol/L"}}}
        ]
    })
    .to_string()
}

/// A carer's vault: Sarah ("me") and Emma, whom she cares for, with a record, a reading and
/// own-access files (their content is the person's business: carried byte for byte).
pub struct Carer {
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
    pub vault: Vault,
    pub sarah: PersonId,
    pub emma: PersonId,
}

pub fn carer() -> Carer {
    let (tmp, dir) = vault_dir();
    let (mut v, _) = create_with(&dir, step_clock());
    let sarah = v.add_person_as(details("Sarah Doe"), Some(Role::me())).unwrap().id;
    let role = Role { kind: RoleKind::CaredFor, relationship: Some("daughter".into()), basis: None, review_on: None };
    let emma = v.add_person_as(emma(), Some(role)).unwrap().id;
    v.import_fhir(&emma, &SourceInfo::files(), &[ImportDocument { name: "emma.json".into(), text: bundle() }]).unwrap();
    let at = chrono::FixedOffset::east_opt(0).unwrap().with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap();
    v.add_reading(&emma, &device_reading(ReadingKind::HeartRate, at, 72.0, None)).unwrap();
    let people = dir.join("people");
    // A private part (left without its key file) travels as it is; a record whose person has
    // their own key file is handed over only with their own access open (see below).
    std::fs::write(people.join(format!("{emma}.private.db")), vec![7u8; 5000]).unwrap();
    Carer { tmp, dir, vault: v, sarah, emma }
}

fn accept(package: &Path, code: &str, target: &Path) -> Result<phr_vault::HandoverAccepted, VaultError> {
    let code = HandoverCode::parse(code)?;
    Vault::accept_handover(package, &code, target, &pw(NEW_PW), KdfChoice::Fixed(KdfParams::FLOOR), clock())
}

/// Everything beside `target` (what a refused handover must leave as it was).
fn beside(target: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(target.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_handover_carries_the_record_whole_and_removes_it_only_after_the_receipt() {
    let mut c = carer();
    let out = c.tmp.path().join("emma.phrhandover");
    let timeline =
        |v: &Vault, id: &PersonId| v.timeline(id, &TimelineFilter { limit: 50, ..Default::default() }).unwrap();
    let readings = |v: &Vault, id: &PersonId| v.list_readings(id, &ReadingFilter::default()).unwrap().0;
    let before_timeline = timeline(&c.vault, &c.emma);
    let before_readings = readings(&c.vault, &c.emma);
    assert!(before_timeline.total >= 2);
    assert_eq!(before_readings.len(), 1);

    let code = c.vault.create_handover(&c.emma, &out).unwrap();
    assert!(c.vault.handover_pending(&c.emma));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // Nothing of the record is readable in the package, and the code is typed as shown.
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"{\"format\":\"phr-handover\",\"version\":1}\n"));
    assert!(!bytes.windows(6).any(|w| w == b"Asthma"));
    assert_eq!(code.as_str().len(), 19);
    let before_log = c.vault.audit_log(&c.emma).unwrap();
    assert_eq!(before_log.last().unwrap().action, AuditAction::HandoverPackageMade);
    // The carer still has Emma.
    assert_eq!(timeline(&c.vault, &c.emma), before_timeline);

    // The other side: a new vault with its own password.
    let target = c.tmp.path().join("emma-vault");
    let got = accept(&out, code.as_str(), &target).unwrap();
    let receipt = got.receipt.as_str().to_owned();
    assert_eq!(receipt.len(), 9);
    let v = got.vault;
    assert_eq!(got.person_id, c.emma);
    let people = v.people().unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].details, emma());
    assert_eq!(people[0].role, Some(Role::me()));
    assert_eq!(timeline(&v, &c.emma), before_timeline);
    assert_eq!(readings(&v, &c.emma), before_readings);
    let log = v.audit_log(&c.emma).unwrap();
    // The chain carried is the carer's up to the package (the package entry came after it).
    assert_eq!(&log[..before_log.len() - 1], &before_log[..before_log.len() - 1]);
    assert_eq!(log.len(), before_log.len());
    assert_eq!(log.last().unwrap().action, AuditAction::HandoverReceived);
    assert_eq!(v.verify_audit(&c.emma).unwrap().broken, None);
    let name = format!("{}.private.db", c.emma);
    assert_eq!(
        std::fs::read(target.join("people").join(&name)).unwrap(),
        std::fs::read(c.dir.join("people").join(&name)).unwrap(),
        "{name} was not carried as it was"
    );
    drop(v);
    // It opens with the new password only.
    assert_eq!(Vault::unlock(&target, &pw(PW), clock()).unwrap_err().code, ErrorCode::WrongPassphrase);
    let v = Vault::unlock(&target, &pw(NEW_PW), clock()).unwrap();
    assert_eq!(timeline(&v, &c.emma), before_timeline);
    drop(v);

    // Back at the carer's: a wrong receipt removes nothing, and is recorded.
    let wrong = if receipt.starts_with('0') { "1111-1111" } else { "0000-0000" };
    assert_eq!(c.vault.confirm_handover(&c.emma, wrong).unwrap_err().code, ErrorCode::HandoverReceiptWrong);
    assert_eq!(timeline(&c.vault, &c.emma), before_timeline);
    assert_eq!(c.vault.audit_log(&c.emma).unwrap().last().unwrap().action, AuditAction::HandoverReceiptRefused);

    // The right one (typed in lower case, with a space) removes Emma and her files.
    c.vault.confirm_handover(&c.emma, &receipt.to_lowercase().replace('-', " ")).unwrap();
    assert_eq!(c.vault.person(&c.emma).unwrap_err().code, ErrorCode::PersonNotFound);
    assert!(!c.vault.handover_pending(&c.emma));
    let left: Vec<String> = std::fs::read_dir(c.dir.join("people"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(&c.emma.to_string()))
        .collect();
    assert!(left.is_empty(), "files of Emma left behind: {left:?}");
    assert_eq!(c.vault.audit_log(&c.sarah).unwrap().last().unwrap().action, AuditAction::HandoverConfirmed);
    drop(c.vault);
    let v = unlock(&c.dir);
    assert_eq!(v.people().unwrap().len(), 1);
    // The handed-over vault is untouched by all this.
    drop(Vault::unlock(&target, &pw(NEW_PW), clock()).unwrap());
}

#[test]
fn a_package_opens_only_with_its_code_and_a_refused_one_writes_nothing() {
    let mut c = carer();
    let out = c.tmp.path().join("emma.phrhandover");
    let code = c.vault.create_handover(&c.emma, &out).unwrap();
    let target = c.tmp.path().join("new");
    let around = beside(&target);

    // A typing slip is caught before any work; a well-formed wrong code does not open it.
    assert_eq!(accept(&out, "K7QM-2XD9", &target).unwrap_err().code, ErrorCode::HandoverCodeMalformed);
    let other = loop {
        let o = c.vault.create_handover(&c.emma, &c.tmp.path().join("other.phrhandover")).unwrap();
        if o.as_str() != code.as_str() {
            break o;
        }
    };
    std::fs::remove_file(c.tmp.path().join("other.phrhandover")).unwrap();
    assert_eq!(accept(&out, other.as_str(), &target).unwrap_err().code, ErrorCode::HandoverWrongCode);
    assert_eq!(beside(&target), around, "a refused handover left something behind");

    // A changed byte deep inside, or a package cut short: damaged, nothing written.
    let bytes = std::fs::read(&out).unwrap();
    let damaged = c.tmp.path().join("damaged.phrhandover");
    let mut changed = bytes.clone();
    let at = changed.len() - 100;
    changed[at] ^= 1;
    std::fs::write(&damaged, &changed).unwrap();
    let around = beside(&target);
    let e = accept(&damaged, code.as_str(), &target).unwrap_err();
    assert_eq!(e.code, ErrorCode::HandoverPackageDamaged, "{e}");
    std::fs::write(&damaged, &bytes[..bytes.len() - 5000]).unwrap();
    assert_eq!(accept(&damaged, code.as_str(), &target).unwrap_err().code, ErrorCode::HandoverPackageDamaged);
    assert_eq!(beside(&target), around, "a damaged package left something behind");

    // A newer package asks for a newer app; it is not called damaged.
    let mut newer = bytes.clone();
    let header = b"{\"format\":\"phr-handover\",\"version\":1}";
    newer.splice(..header.len(), b"{\"format\":\"phr-handover\",\"version\":2}".iter().copied());
    std::fs::write(&damaged, &newer).unwrap();
    let e = accept(&damaged, code.as_str(), &target).unwrap_err();
    assert_eq!(e.code, ErrorCode::UnsupportedVersion);
    assert!(e.message.contains("newer version of the app"), "{}", e.message);

    // Only into a new or empty folder.
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("notes.txt"), b"mine").unwrap();
    assert_eq!(accept(&out, code.as_str(), &target).unwrap_err().code, ErrorCode::HandoverTargetNotEmpty);
    assert_eq!(std::fs::read(target.join("notes.txt")).unwrap(), b"mine");
    std::fs::remove_file(target.join("notes.txt")).unwrap();
    // An empty folder is fine, and the newest package's receipt is the one the carer takes.
    let got = accept(&out, code.as_str(), &target).unwrap();
    assert_eq!(
        c.vault.confirm_handover(&c.emma, got.receipt.as_str()).unwrap_err().code,
        ErrorCode::HandoverReceiptWrong,
        "the receipt of a package replaced by a newer one was taken"
    );
}

#[test]
fn a_receipt_with_no_handover_waiting_is_refused() {
    let mut c = carer();
    assert_eq!(c.vault.confirm_handover(&c.emma, "7KQM-2XD9").unwrap_err().code, ErrorCode::HandoverNotWaiting);
    assert!(c.vault.person(&c.emma).is_ok());
    // An existing file is never replaced by a package.
    let out = c.tmp.path().join("taken");
    std::fs::write(&out, b"keep").unwrap();
    assert!(c.vault.create_handover(&c.emma, &out).is_err());
    assert_eq!(std::fs::read(&out).unwrap(), b"keep");
    assert!(!c.vault.handover_pending(&c.emma));
}

/// With the person's own access set up and an entry kept private from the carer, the private
/// part travels whole: in the new vault (their own) their own password opens it and brings
/// what it held back into the record, then is no longer needed.
#[test]
fn the_private_part_travels_with_the_record_and_opens_with_their_own_password() {
    use phr_core::carer_limits::{CarerAllow, CarerLimits};
    let mut c = carer();
    std::fs::remove_file(c.dir.join("people").join(format!("{}.private.db", c.emma))).unwrap();
    let own = pw("kestrel pebble harbour");
    c.vault.set_own_access(&c.emma, &own).unwrap();
    let session = c.vault.open_own_access(&c.emma, &own).unwrap();
    let limits = CarerLimits {
        hidden: Vec::new(),
        hidden_entries: vec!["Condition/c1".into()],
        allow: CarerAllow { readings: true, import: true, share: true, export: true },
        show_count: true,
    };
    c.vault.set_carer_limits(&session, limits).unwrap();
    let filter = TimelineFilter { limit: 50, ..Default::default() };
    let titles = |rows: Vec<phr_vault::record_store::EntryRow>| rows.into_iter().map(|e| e.title).collect::<Vec<_>>();
    let private_before = titles(c.vault.private_timeline(&session, &filter).unwrap().entries);
    assert!(private_before.iter().any(|t| t.contains("Asthma")), "{private_before:?}");
    let shared_before = titles(c.vault.timeline(&c.emma, &filter).unwrap().entries);
    assert!(!shared_before.iter().any(|t| t.contains("Asthma")), "{shared_before:?}");

    let out = c.tmp.path().join("emma.phrhandover");
    // Her record is handed over with her own access open: without it, refused, nothing written.
    assert_eq!(c.vault.create_handover(&c.emma, &out).unwrap_err().code, ErrorCode::OwnAccessNeeded);
    assert!(!out.exists());
    let code = c.vault.create_handover_as_owner(&session, &out).unwrap();
    // Her signature that the record is hers is in the package only: here the limits still apply.
    assert!(c.vault.carer_limits(&c.emma).unwrap().is_some());
    assert!(!c.vault.has_private_part_to_bring_back(&c.emma).unwrap());
    let target = c.tmp.path().join("emma-vault");
    let mut v = accept(&out, code.as_str(), &target).unwrap().vault;
    let people = |d: &Path, n: &str| std::fs::read(d.join("people").join(format!("{}.{n}", c.emma))).unwrap();
    assert_eq!(people(&target, "private.db"), people(&c.dir, "private.db"), "the private part as it was");
    let carried: serde_json::Value = serde_json::from_slice(&people(&target, "own.key")).unwrap();
    let mut kept: serde_json::Value = serde_json::from_slice(&people(&c.dir, "own.key")).unwrap();
    assert!(kept.get("own_record").is_none(), "the carer's copy is not marked");
    kept["own_record"] = carried["own_record"].clone();
    assert_eq!(carried, kept, "the own key file as it was, with her signature that the record is hers");
    assert_eq!(titles(v.timeline(&c.emma, &filter).unwrap().entries), shared_before);
    assert!(v.has_private_part_to_bring_back(&c.emma).unwrap());
    assert_eq!(v.carer_limits(&c.emma).unwrap(), None, "no carer's limits in their own vault");
    v.open_own_access(&c.emma, &own).unwrap();
    let now = titles(v.timeline(&c.emma, &filter).unwrap().entries);
    for t in private_before.iter().chain(&shared_before) {
        assert!(now.contains(t), "{t} is in their record: {now:?}");
    }
    assert!(!v.has_own_access(&c.emma), "nothing is kept apart from them any more");
    assert_eq!(v.verify_audit(&c.emma).unwrap().broken, None);
}
