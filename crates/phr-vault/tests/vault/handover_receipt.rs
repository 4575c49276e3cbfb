//! The receipt code a handover shows is kept in the new vault until the person says they gave
//! it: closing the app before giving it does not lose it, and the carer can still finish.

use phr_vault::{HandoverCode, KdfChoice, KdfParams, Vault};

use crate::handover::carer;
use crate::support::*;

#[test]
fn the_receipt_survives_closing_the_new_vault_and_goes_once_given() {
    let mut c = carer();
    let out = c.tmp.path().join("emma.phrhandover");
    let code = c.vault.create_handover(&c.emma, &out).unwrap();
    let target = c.tmp.path().join("emma-vault");
    let code = HandoverCode::parse(code.as_str()).unwrap();
    let got =
        Vault::accept_handover(&out, &code, &target, &pw(NEW_PW), KdfChoice::Fixed(KdfParams::FLOOR), clock()).unwrap();
    let receipt = got.receipt.as_str().to_owned();
    assert_eq!(got.vault.handover_receipt(&got.person_id).unwrap().unwrap().as_str(), receipt);
    let emma = got.person_id.clone();
    drop(got);

    // The app is closed before the code is given: it is still there when she opens it again,
    // and nothing of it is readable in the file that keeps it.
    let kept = std::fs::read_to_string(target.join("people").join(format!("{emma}.receipt"))).unwrap();
    assert!(!kept.contains(&receipt) && !kept.contains(&receipt.replace('-', "")));
    let mut v = Vault::unlock(&target, &pw(NEW_PW), clock()).unwrap();
    let again = v.handover_receipt(&emma).unwrap().unwrap();
    assert_eq!(again.as_str(), receipt);

    // The carer finishes with it; once she says it was given, it is no longer kept.
    c.vault.confirm_handover(&c.emma, again.as_str()).unwrap();
    v.receipt_given(&emma).unwrap();
    assert!(v.handover_receipt(&emma).unwrap().is_none());
    drop(v);
    let v = Vault::unlock(&target, &pw(NEW_PW), clock()).unwrap();
    assert!(v.handover_receipt(&emma).unwrap().is_none());
    assert!(!target.join("people").join(format!("{emma}.receipt")).exists());
}

#[test]
fn a_record_that_did_not_come_by_handover_has_no_receipt() {
    let c = carer();
    assert!(c.vault.handover_receipt(&c.sarah).unwrap().is_none());
}

#[test]
fn a_kept_receipt_changed_by_hand_is_reported_as_damaged() {
    let mut c = carer();
    let out = c.tmp.path().join("emma.phrhandover");
    let code = c.vault.create_handover(&c.emma, &out).unwrap();
    let target = c.tmp.path().join("emma-vault");
    let code = HandoverCode::parse(code.as_str()).unwrap();
    let got =
        Vault::accept_handover(&out, &code, &target, &pw(NEW_PW), KdfChoice::Fixed(KdfParams::FLOOR), clock()).unwrap();
    let path = target.join("people").join(format!("{}.receipt", got.person_id));
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = text.replacen("\"receipt\": \"", "\"receipt\": \"00", 1);
    std::fs::write(&path, changed).unwrap();
    let e = got.vault.handover_receipt(&got.person_id).unwrap_err();
    assert_eq!(e.code, phr_vault::ErrorCode::KeyFileDamaged);
}

/// A new recovery key (or a change of password with new keys) before the code is given keeps
/// it readable: the kept code moves to the new master key with the key file. A rotation
/// stopped after its key file and before the moved copy replaced the old one still reads.
#[test]
fn the_receipt_survives_a_key_rotation_and_one_stopped_half_way() {
    let mut c = carer();
    let out = c.tmp.path().join("emma.phrhandover");
    let code = c.vault.create_handover(&c.emma, &out).unwrap();
    let target = c.tmp.path().join("emma-vault");
    let code = HandoverCode::parse(code.as_str()).unwrap();
    let mut got =
        Vault::accept_handover(&out, &code, &target, &pw(NEW_PW), KdfChoice::Fixed(KdfParams::FLOOR), clock()).unwrap();
    let receipt = got.receipt.as_str().to_owned();
    let emma = got.person_id.clone();

    got.vault.new_recovery_key(&pw(NEW_PW)).unwrap();
    assert_eq!(got.vault.handover_receipt(&emma).unwrap().unwrap().as_str(), receipt, "after a new recovery key");
    drop(got);
    let mut v = Vault::unlock(&target, &pw(NEW_PW), clock()).unwrap();
    assert_eq!(v.handover_receipt(&emma).unwrap().unwrap().as_str(), receipt, "after unlocking again");

    // Stopped half-way: the key file is new, the kept code is still the old one's, and the
    // staged copy is waiting beside it.
    let people = target.join("people");
    let before = std::fs::read(people.join(format!("{emma}.receipt"))).unwrap();
    v.new_recovery_key(&pw(NEW_PW)).unwrap();
    std::fs::rename(people.join(format!("{emma}.receipt")), people.join(format!("{emma}.receipt.next"))).unwrap();
    std::fs::write(people.join(format!("{emma}.receipt")), before).unwrap();
    assert_eq!(v.handover_receipt(&emma).unwrap().unwrap().as_str(), receipt, "the staged copy is read");
    v.receipt_given(&emma).unwrap();
    assert!(v.handover_receipt(&emma).unwrap().is_none());
    assert!(!people.join(format!("{emma}.receipt.next")).exists(), "both copies go once it was given");
}
