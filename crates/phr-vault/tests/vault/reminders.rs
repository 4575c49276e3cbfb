//! Reminders round trip through the person's encrypted database: set, read back after a lock
//! and unlock, ticked taken, removed, each change in the audit log; the medicine's name never
//! on disk in plain; the last backup read from the log.

use chrono::{NaiveTime, TimeZone, Utc};
use phr_core::ErrorCode;
use phr_core::audit::AuditAction;
use phr_core::readings::ReadingKind;
use phr_core::reminders::ReminderWhat;

use crate::support::*;

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

#[test]
fn reminders_round_trip_and_every_change_is_audited() {
    let (tmp, dir) = vault_dir();
    let (mut v, _) = create_with(&dir, step_clock());
    let ada = v.add_person(details("Ada Lovelace")).unwrap().id;
    let bp = v.add_reminder(&ada, &ReminderWhat::BpWeek, &[t(8, 0), t(20, 0)]).unwrap();
    let glucose =
        v.add_reminder(&ada, &ReminderWhat::Reading { kind: ReadingKind::BloodGlucose }, &[t(7, 30)]).unwrap();
    let med = v
        .add_reminder(&ada, &ReminderWhat::Medicine { name: "Zopiclonexa 7.5 mg".into() }, &[t(8, 0), t(22, 0)])
        .unwrap();
    v.add_reminder(&ada, &ReminderWhat::Backup { weeks: 4 }, &[]).unwrap();
    v.add_reminder(&ada, &ReminderWhat::Review { days_before: 14 }, &[]).unwrap();
    let fired = Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap();
    v.set_reminder_taken(&ada, med.id, fired, true).unwrap();
    assert_eq!(
        v.set_reminder_taken(&ada, bp.id, fired, true).unwrap_err().code,
        ErrorCode::InvalidInput,
        "only a medicine is ticked"
    );
    v.set_reminder_details_shown(&ada, true).unwrap();
    v.create_backup(&tmp.path().join("b.phrbackup")).unwrap();
    drop(v);

    let mut v = unlock(&dir);
    let all = v.reminders(&ada).unwrap();
    let whats: Vec<_> = all.iter().map(|r| r.what.clone()).collect();
    assert_eq!(
        whats,
        [
            ReminderWhat::BpWeek,
            ReminderWhat::Reading { kind: ReadingKind::BloodGlucose },
            ReminderWhat::Medicine { name: "Zopiclonexa 7.5 mg".into() },
            ReminderWhat::Backup { weeks: 4 },
            ReminderWhat::Review { days_before: 14 },
        ]
    );
    assert_eq!(all[0].times, [t(8, 0), t(20, 0)]);
    assert_eq!(all[1], glucose);
    assert_eq!(v.reminders_taken(&ada, fired).unwrap(), [(med.id, fired)]);
    assert!(v.reminder_details_shown(&ada).unwrap());
    assert!(v.last_backup_at(&ada).unwrap().is_some());

    let gone = v.remove_reminder(&ada, med.id).unwrap();
    assert_eq!(gone.id, med.id);
    assert!(v.reminders_taken(&ada, fired).unwrap().is_empty(), "its ticks go with it");
    assert_eq!(v.remove_reminder(&ada, med.id).unwrap_err().code, ErrorCode::ReminderNotFound);
    let log = v.audit_log(&ada).unwrap();
    let changed = log.iter().filter(|e| e.action == AuditAction::RemindersChanged).count();
    assert_eq!(changed, 7, "five set, the details setting, one removed");
    assert!(log.iter().any(|e| e.action == AuditAction::ReminderDone));
    assert!(log.iter().all(|e| !e.detail.contains("Zopiclonexa")), "the audit names no medicine");
    drop(v);

    // The medicine's name is inside the encrypted database only.
    for (path, bytes) in snapshot(&dir) {
        assert!(!bytes.windows(11).any(|w| w == b"Zopiclonexa"), "{path:?} holds the name in plain");
    }
}

#[test]
fn a_new_record_has_no_reminders_no_backup_and_names_nothing() {
    let (_tmp, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let bob = v.add_person(details("Bob Smith")).unwrap().id;
    assert!(v.reminders(&bob).unwrap().is_empty());
    assert!(!v.reminder_details_shown(&bob).unwrap());
    assert_eq!(v.last_backup_at(&bob).unwrap(), None);
    assert_eq!(v.reminder(&bob, 42).unwrap_err().code, ErrorCode::ReminderNotFound);
}
