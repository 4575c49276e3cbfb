//! What the carer tests start from: a vault held by Sarah Jones ("me") who cares for one
//! person, and that person's own password.

use std::path::Path;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use phr_app::dto_person::PersonRoleInput;
use phr_app::{App, AppOptions, KdfProfile, Passphrase, PersonInput};
use phr_core::clock::FixedClock;

/// The Synthea record whose sexual health entries (the pills, the coil) the carer tests hide.
pub const KARENA: &str = "synthea-r4-smart/Karena_Pfeffer_1f99a0cb-594b-476a-b9cb-502594c1ee6b.json";
/// The cared-for person's own password in every carer test.
pub const OWN_PW: &str = "kestrel pebble harbour";

pub fn own_pw() -> Passphrase {
    Passphrase::new(OWN_PW.to_owned())
}

/// Sarah's role when she holds a lasting power of attorney for someone who is her `relationship`.
pub fn lasting_power_of_attorney(relationship: &str) -> PersonRoleInput {
    PersonRoleInput {
        kind: "caredFor".into(),
        relationship: Some(relationship.into()),
        basis: Some("lpa".into()),
        basis_ref: Some("7000-0000-1234".into()),
        review_on: Some("2027-11-23".into()),
        ..PersonRoleInput::default()
    }
}

/// Creates the vault (`pass`) with Sarah Jones as "me" and adds the person she cares for with
/// `role`; their id.
pub fn sarah_caring_for(app: &App, pass: &str, name: &str, date_of_birth: &str, role: PersonRoleInput) -> String {
    app.create_vault(Passphrase::new(pass.to_owned())).unwrap();
    let me = PersonRoleInput { kind: "me".into(), ..Default::default() };
    app.add_person(PersonInput {
        name: "Sarah Jones".into(),
        date_of_birth: "1970-04-01".into(),
        nhs_number: None,
        role: Some(me),
    })
    .unwrap();
    app.add_person(PersonInput {
        name: name.into(),
        date_of_birth: date_of_birth.into(),
        nhs_number: None,
        role: Some(role),
    })
    .unwrap()
    .id
    .as_str()
    .to_owned()
}

/// An app on a day (10:30 UTC: the same date in every time zone the suites run in), its vault
/// in `dir/vault`.
pub fn app_on(dir: &Path, year: i32, month: u32, day: u32) -> App {
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(year, month, day, 10, 30, 0).unwrap()));
    App::with_options(dir.join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor))
}

/// The app of `dir` on a later day, unlocked with `pass`.
pub fn reopen_with(dir: &Path, pass: &str, year: i32, month: u32, day: u32) -> App {
    let app = app_on(dir, year, month, day);
    app.unlock(Passphrase::new(pass.to_owned())).unwrap();
    app
}
