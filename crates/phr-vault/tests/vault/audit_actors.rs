//! Every audit entry names who acted: the holder as "you" on their own record and as a carer
//! (by the "me" person's first name) on someone they care for's, or the person through their
//! own access once the vault is told so. Who acted is hashed: changing it breaks the chain;
//! entries written before actors were kept still verify.

use phr_core::audit::{Actor, AuditAction, GENESIS, entry_hash};
use phr_core::person_role::{Basis, BasisKind, Role, RoleKind};
use phr_vault::{PersonId, Vault};

use crate::support::*;

fn cared_for() -> Role {
    Role {
        kind: RoleKind::CaredFor,
        relationship: Some("mother".into()),
        basis: Some(Basis { kind: BasisKind::Consent, date: t0().date_naive(), reference: None }),
        review_on: None,
    }
}

/// A vault held by Sarah Jones ("me") who looks after Margaret Jones.
fn sarah_and_margaret() -> (tempfile::TempDir, Vault, PersonId, PersonId) {
    let (tmp, dir) = vault_dir();
    let (mut v, _) = create_with(&dir, step_clock());
    let sarah = v.add_person_as(details("Sarah Jones"), Some(Role::me())).expect("add me").id;
    let margaret = v.add_person_as(details("Margaret Jones"), Some(cared_for())).expect("add mother").id;
    (tmp, v, sarah, margaret)
}

fn newest_actor(v: &Vault, id: &PersonId) -> Option<Actor> {
    v.audit_log(id).expect("log").last().expect("an entry").actor.clone()
}

#[test]
fn each_actor_lands_in_the_entry() {
    let (_tmp, mut v, sarah, margaret) = sarah_and_margaret();
    assert_eq!(newest_actor(&v, &sarah), Some(Actor::You));
    assert_eq!(newest_actor(&v, &margaret), Some(Actor::Carer { name: Some("Sarah".into()) }));
    v.update_person(&margaret, details("Margaret Ann Jones")).expect("update");
    assert_eq!(newest_actor(&v, &margaret), Some(Actor::Carer { name: Some("Sarah".into()) }));

    // Margaret's own access open: entries on her record name her, and only on hers.
    let owner = Actor::Owner { name: "Margaret".into() };
    v.set_actor(Some((margaret.clone(), owner.clone())));
    assert_eq!(v.actor_on(&margaret).expect("actor"), owner);
    v.update_person(&margaret, details("Margaret Jones")).expect("update");
    assert_eq!(newest_actor(&v, &margaret), Some(owner));
    v.update_person(&sarah, details("Sarah Ann Jones")).expect("update");
    assert_eq!(newest_actor(&v, &sarah), Some(Actor::You));
    v.set_actor(None);
    v.update_person(&margaret, details("Margaret A Jones")).expect("update");
    assert_eq!(newest_actor(&v, &margaret), Some(Actor::Carer { name: Some("Sarah".into()) }));

    for id in [&sarah, &margaret] {
        assert_eq!(v.verify_audit(id).expect("verify").broken, None);
    }
}

#[test]
fn a_carer_with_no_me_in_the_vault_is_your_carer() {
    let (_tmp, dir) = vault_dir();
    let (mut v, _) = create_with(&dir, step_clock());
    let margaret = v.add_person_as(details("Margaret Jones"), Some(cared_for())).expect("add").id;
    assert_eq!(newest_actor(&v, &margaret), Some(Actor::Carer { name: None }));
    assert_eq!(Actor::Carer { name: None }.words(), "Your carer");
    // A record whose role was never set is the holder's: "you", as before roles were kept.
    let unset = v.add_person(details("Ada Lovelace")).expect("add").id;
    assert_eq!(newest_actor(&v, &unset), Some(Actor::You));
}

/// Rewriting who acted in the database (another name, another kind, or none at all to pass
/// the entry off as one written before actors were kept) is caught at that entry.
#[test]
fn changing_who_acted_breaks_the_chain() {
    for tamper in [
        "UPDATE audit_log SET actor_name = 'Tom' WHERE seq = 2",
        "UPDATE audit_log SET actor = 'you', actor_name = NULL WHERE seq = 2",
        "UPDATE audit_log SET actor = 'owner', actor_name = 'Margaret' WHERE seq = 2",
        "UPDATE audit_log SET actor = NULL, actor_name = NULL WHERE seq = 2",
    ] {
        let (_tmp, mut v, _sarah, margaret) = sarah_and_margaret();
        v.update_person(&margaret, details("Margaret Ann Jones")).expect("update");
        let db = v.debug_open_person_db_for_tests(&margaret).expect("open");
        db.execute(tamper, []).expect("tamper");
        let broken = v.verify_audit(&margaret).expect("verify").broken.expect(tamper);
        assert_eq!((broken.seq, broken.reason.as_str()), (2, "entry 2 was changed after it was written"), "{tamper}");
    }
}

/// A log written before actors were kept (v1 entries, no actor) verifies, and the entries
/// that follow it name who acted and verify with it.
#[test]
fn entries_from_before_actors_still_verify() {
    let (_tmp, dir) = vault_dir();
    let (mut v, _) = create_with(&dir, step_clock());
    let id = v.add_person(details("Ada Lovelace")).expect("add").id;
    let db = v.debug_open_person_db_for_tests(&id).expect("open");
    // Rewrite entry 1 as an older app wrote it: no actor, the v1 hash.
    let at = v.audit_log(&id).expect("log")[0].at;
    let v1 = entry_hash(&GENESIS, 1, at, AuditAction::PersonCreated, "record created");
    db.execute("UPDATE audit_log SET actor = NULL, actor_name = NULL, hash = ?1 WHERE seq = 1", [&v1[..]])
        .expect("as v1");
    drop(db);
    // The key file's anchor named the v2 hash: this test rewrites history, so it checks the chain itself.
    let log = v.audit_log(&id).expect("log");
    assert_eq!(log[0].actor, None);
    assert_eq!(phr_core::audit::verify_chain(&log), Ok(1));
    v.update_person(&id, details("Ada King")).expect("update");
    let log = v.audit_log(&id).expect("log");
    assert_eq!(log[1].actor, Some(Actor::You));
    assert_eq!(phr_core::audit::verify_chain(&log), Ok(2));
}

#[test]
fn an_unknown_actor_is_reported_where_it_is() {
    let (_tmp, v, _sarah, margaret) = sarah_and_margaret();
    let db = v.debug_open_person_db_for_tests(&margaret).expect("open");
    db.execute_batch("PRAGMA ignore_check_constraints = ON; UPDATE audit_log SET actor = 'robot' WHERE seq = 1;")
        .expect("tamper");
    let broken = v.verify_audit(&margaret).expect("verify").broken.expect("caught");
    assert_eq!(broken.seq, 1);
    assert!(broken.reason.contains("who acted"), "{}", broken.reason);
}

/// At 16 the young person agrees, with their own password, that their carer may go on: the
/// basis becomes their own agreement from today with a review a year on, and the entry names
/// them. Refused for a record not looked after with parental responsibility.
#[test]
fn a_young_person_at_sixteen_lets_their_carer_continue() {
    let (_tmp, dir) = vault_dir();
    let (mut v, _) = create_with(&dir, step_clock());
    v.add_person_as(details("Sarah Jones"), Some(Role::me())).expect("add me");
    let mut parental = cared_for();
    parental.basis = Some(Basis { kind: BasisKind::Parental, date: t0().date_naive(), reference: None });
    parental.relationship = Some("daughter".into());
    let emma = v.add_person_as(details("Emma Jones"), Some(parental)).expect("add").id;
    let own = pw("heron quartz lantern");
    v.set_own_access(&emma, &own).expect("own access");
    let session = v.open_own_access(&emma, &own).expect("open");

    let today = chrono::NaiveDate::from_ymd_opt(2027, 3, 1).expect("date");
    let record = v.continue_after_sixteen(&session, today).expect("agreed");
    let role = record.role.expect("role");
    let basis = role.basis.expect("basis");
    assert_eq!((basis.kind, basis.date), (BasisKind::Consent, today));
    assert_eq!(role.review_on, chrono::NaiveDate::from_ymd_opt(2028, 3, 1));
    assert_eq!(newest_actor(&v, &emma), Some(Actor::Owner { name: "Emma".into() }));
    assert_eq!(v.actor_on(&emma).expect("actor"), Actor::Carer { name: Some("Sarah".into()) }, "the holder acts again");
    assert_eq!(v.verify_audit(&emma).expect("verify").broken, None);

    // Done once: the basis is no longer parental responsibility.
    let again = v.continue_after_sixteen(&session, today).unwrap_err();
    assert_eq!(again.code, phr_core::ErrorCode::InvalidInput);
}
