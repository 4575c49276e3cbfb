//! The structural rules: the published documents keep them, broken ones are caught by rule.

use phr_core::ips::structural_problems;
use serde_json::{Value, json};

use super::{IPS_FIXTURES, ips_fixture};

fn rules(bundle: &Value) -> Vec<&'static str> {
    structural_problems(bundle).into_iter().map(|p| p.rule).collect()
}

fn composition(b: &mut Value) -> &mut Value {
    &mut b["entry"][0]["resource"]
}

fn section_index(b: &Value, loinc: &str) -> usize {
    b["entry"][0]["resource"]["section"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["code"]["coding"][0]["code"] == loinc)
        .unwrap()
}

#[test]
fn the_published_ips_documents_keep_the_rules() {
    for name in IPS_FIXTURES {
        let problems = structural_problems(&ips_fixture(name));
        assert!(problems.is_empty(), "{name}: {problems:?}");
    }
}

#[test]
fn a_broken_document_is_caught_by_each_rule() {
    let good = ips_fixture("IPS_IG_bundle-minimal.json");
    assert_eq!(rules(&good), Vec::<&str>::new());

    let mut b = good.clone();
    b["type"] = json!("collection");
    assert_eq!(rules(&b), ["document-bundle"]);

    let mut b = good.clone();
    composition(&mut b)["type"]["coding"][0]["code"] = json!("34133-9");
    assert_eq!(rules(&b), ["composition-type"]);

    let mut b = good.clone();
    composition(&mut b).as_object_mut().unwrap().remove("subject");
    assert_eq!(rules(&b), ["subject"]);

    let mut b = good.clone();
    composition(&mut b)["author"] = json!([]);
    assert_eq!(rules(&b), ["author"]);
    composition(&mut b)["author"] = json!([{ "reference": "urn:uuid:not-here" }]);
    assert_eq!(rules(&b), ["author"]);

    // A required section missing, by its LOINC code.
    let mut b = good.clone();
    let i = section_index(&b, "48765-2");
    composition(&mut b)["section"].as_array_mut().unwrap().remove(i);
    assert_eq!(rules(&b), ["required-section"]);

    // A section with neither entries nor emptyReason; and with both.
    let mut b = good.clone();
    let i = section_index(&b, "11450-4");
    composition(&mut b)["section"][i].as_object_mut().unwrap().remove("entry");
    assert_eq!(rules(&b), ["section-empty"]);
    composition(&mut b)["section"][i]["entry"] = json!([{ "reference": b["entry"][2]["fullUrl"].clone() }]);
    composition(&mut b)["section"][i]["emptyReason"] = json!({ "coding": [{ "code": "unavailable" }] });
    assert!(rules(&b).contains(&"section-empty"), "{:?}", rules(&b));

    // A section entry that is not in the Bundle.
    let mut b = good.clone();
    let i = section_index(&b, "10160-0");
    composition(&mut b)["section"][i]["entry"] =
        json!([{ "reference": "urn:uuid:00000000-0000-0000-0000-000000000000" }]);
    assert_eq!(rules(&b), ["entry-resolves"]);

    // An entry of a type that does not belong in its section: the Patient under allergies.
    let mut b = good.clone();
    let i = section_index(&b, "48765-2");
    let subject = b["entry"][0]["resource"]["subject"].clone();
    composition(&mut b)["section"][i]["entry"] = json!([subject]);
    assert_eq!(rules(&b), ["entry-type"]);

    // No narrative on a section.
    let mut b = good.clone();
    composition(&mut b)["section"][0].as_object_mut().unwrap().remove("text");
    assert_eq!(rules(&b), ["section-narrative"]);

    // A fullUrl twice.
    let mut b = good;
    b["entry"][2]["fullUrl"] = b["entry"][1]["fullUrl"].clone();
    assert!(rules(&b).contains(&"entry-full-url"), "{:?}", rules(&b));
}
