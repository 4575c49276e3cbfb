//! Who made a package: a carer's package names them in the signed manifest, one the person made
//! names the person, and a package from before the manifest said so (the pinned v1 manifest)
//! still opens and reads as made by the person.

use phr_core::share::{MakerRole, ShareConsent, ShareMaker, made_by_line};
use phr_share::{AccessCode, Manifest, ManifestMaker, ManifestMakerRole, SealTo};

use crate::support::*;

fn sealed_by(maker: Option<ShareMaker>) -> phr_share::OpenedPackage {
    let consent = ShareConsent { made_by: maker, ..consent() };
    let code = AccessCode::parse(CODE).unwrap();
    let package =
        phr_share::seal_with_work_factor(&consent, &subject(), files(), &key().0, &SealTo::AccessCode(code), FAST)
            .unwrap();
    open(&package, &by_code()).unwrap()
}

#[test]
fn a_carers_package_names_the_carer_beside_the_person_it_is_for() {
    let opened = sealed_by(Some(ShareMaker { name: "Sarah".into(), role: MakerRole::Carer }));
    let maker = opened.manifest.made_by.clone().unwrap();
    assert_eq!(maker, ManifestMaker { name: "Sarah".into(), role: ManifestMakerRole::Carer });
    let json = String::from_utf8(opened.manifest_json.clone()).unwrap();
    assert!(json.contains("\"madeBy\": {\n    \"name\": \"Sarah\",\n    \"role\": \"carer\"\n  }"), "{json}");
    let line = made_by_line(Some(&ShareMaker::from(maker)), &opened.manifest.subject.name);
    assert_eq!(line, "Made by Sarah (carer) for Ada Example");
}

#[test]
fn a_package_the_person_made_names_the_person() {
    let opened = sealed_by(Some(ShareMaker { name: "Ada Example".into(), role: MakerRole::Person }));
    let maker = opened.manifest.made_by.clone().unwrap();
    assert_eq!(maker.role, ManifestMakerRole::Person);
    assert!(String::from_utf8_lossy(&opened.manifest_json).contains("\"role\": \"self\""));
    let line = made_by_line(Some(&ShareMaker::from(maker)), &opened.manifest.subject.name);
    assert_eq!(line, "Made by Ada Example");
}

#[test]
fn a_v1_manifest_without_made_by_reads_as_made_by_the_person() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/share/golden/manifest.json");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(!text.contains("madeBy"), "the pinned manifest is one made before packages said who made them");
    let manifest: Manifest = serde_json::from_str(&text).unwrap();
    assert!(manifest.made_by.is_none());
    assert_eq!(made_by_line(None, &manifest.subject.name), "Made by Ada Example");
    // And a package made without a maker is written as before: no `madeBy` at all.
    assert!(!String::from_utf8_lossy(&sealed_by(None).manifest_json).contains("madeBy"));
}

#[test]
fn an_unnamed_carer_is_still_said_to_be_a_carer() {
    let carer = ShareMaker { name: " ".into(), role: MakerRole::Carer };
    assert_eq!(made_by_line(Some(&carer), "Ada Example"), "Made by their carer for Ada Example");
}
