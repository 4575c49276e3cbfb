//! The kept GP connection: kept, read back after a lock and unlock, its rotated token kept,
//! marked updated, forgotten, each step audited without the token; the token never in plain
//! on disk; and a handover package leaves it behind.

use phr_core::audit::AuditAction;
use phr_core::secret::SecretString;
use phr_vault::{ConnectionForgotten, GpConnection, HandoverCode, KdfChoice, KdfParams, Vault};

use crate::support::*;

const TOKEN: &str = "marker-refresh-token-one";
const ROTATED: &str = "marker-refresh-token-two";

fn connection(v: &Vault) -> GpConnection {
    GpConnection {
        base: "https://gp.example/fhir".into(),
        practice_name: "Beech Tree Surgery".into(),
        client_id: "phr-desktop".into(),
        patient: Some("p1".into()),
        since: Some("2026-12-01T09:00:00Z".into()),
        refresh_token: SecretString::new(TOKEN.into()),
        connected_at: v.now(),
        updated_at: None,
    }
}

fn holds(bytes: &[u8], marker: &str) -> bool {
    bytes.windows(marker.len()).any(|w| w == marker.as_bytes())
}

#[test]
fn a_kept_connection_round_trips_is_renewed_and_forgotten_each_step_audited() {
    let (_tmp, dir) = vault_dir();
    let (mut v, _) = create_with(&dir, step_clock());
    let ada = v.add_person(details("Ada Lovelace")).unwrap().id;
    assert!(v.gp_connection(&ada).unwrap().is_none());
    v.keep_gp_connection(&ada, &connection(&v)).unwrap();
    drop(v);

    let mut v = unlock(&dir);
    let kept = v.gp_connection(&ada).unwrap().unwrap();
    assert_eq!(kept.refresh_token.expose_secret(), TOKEN);
    assert_eq!((kept.practice_name.as_str(), kept.patient.as_deref()), ("Beech Tree Surgery", Some("p1")));
    assert_eq!(kept.updated_at, None);
    assert!(!format!("{kept:?}").contains(TOKEN), "Debug hides the token");

    v.renew_gp_token(&ada, &SecretString::new(ROTATED.into())).unwrap();
    assert_eq!(v.gp_connection(&ada).unwrap().unwrap().refresh_token.expose_secret(), ROTATED);
    v.mark_gp_updated(&ada, Some("2026-12-05T10:00:00Z"), &SecretString::new(ROTATED.into())).unwrap();
    let kept = v.gp_connection(&ada).unwrap().unwrap();
    assert_eq!(kept.since.as_deref(), Some("2026-12-05T10:00:00Z"));
    assert!(kept.updated_at.is_some());

    assert!(v.forget_gp_connection(&ada, ConnectionForgotten::DisconnectedAndRevoked).unwrap());
    assert!(v.gp_connection(&ada).unwrap().is_none());
    assert!(!v.forget_gp_connection(&ada, ConnectionForgotten::Disconnected).unwrap(), "nothing left to forget");

    let log = v.audit_log(&ada).unwrap();
    let actions: Vec<_> = log.iter().map(|e| e.action).filter(|a| a.as_str().starts_with("gp_")).collect();
    assert_eq!(
        actions,
        [
            AuditAction::GpConnected,
            AuditAction::GpConnectionRenewed,
            AuditAction::GpUpdated,
            AuditAction::GpDisconnected
        ]
    );
    assert!(log.iter().any(|e| e.detail.contains("Beech Tree Surgery")));
    assert!(log.iter().all(|e| !e.detail.contains("marker-refresh")), "the audit names no token");
    assert!(v.verify_audit(&ada).unwrap().broken.is_none());
    drop(v);
    for (path, bytes) in snapshot(&dir) {
        assert!(!holds(&bytes, "marker-refresh"), "{path:?} holds a token in plain");
    }
}

#[test]
fn a_handover_package_leaves_the_kept_connection_behind() {
    let (tmp, dir) = vault_dir();
    let (mut v, _) = create_with(&dir, step_clock());
    v.add_person_as(details("Sarah Doe"), Some(phr_core::person_role::Role::me())).unwrap();
    let role = phr_core::person_role::Role {
        kind: phr_core::person_role::RoleKind::CaredFor,
        relationship: Some("son".into()),
        basis: None,
        review_on: None,
    };
    let tom = v.add_person_as(details("Tom Doe"), Some(role)).unwrap().id;
    v.keep_gp_connection(&tom, &connection(&v)).unwrap();
    let out = tmp.path().join("tom.phrhandover");
    let code = v.create_handover(&tom, &out).unwrap();
    assert!(v.gp_connection(&tom).unwrap().is_some(), "the carer's vault keeps it until the receipt");
    let code = HandoverCode::parse(code.as_str()).unwrap();
    let target = tmp.path().join("tom-vault");
    let got =
        Vault::accept_handover(&out, &code, &target, &pw(NEW_PW), KdfChoice::Fixed(KdfParams::FLOOR), clock()).unwrap();
    assert!(
        got.vault.gp_connection(&got.person_id).unwrap().is_none(),
        "the new holder connects with their own sign-in"
    );
}
