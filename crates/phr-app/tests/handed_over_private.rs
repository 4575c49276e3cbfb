//! A record handed over with entries its person had kept private from their carer: in the
//! person's own vault those entries are theirs. Nothing new is sealed away from them, no
//! carer's note speaks about them, and their own password brings the kept entries back into
//! the record (then is no longer needed). Hazard H-45.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

#[allow(dead_code)]
mod carer;
#[allow(dead_code)]
mod common;

use std::path::Path;
use std::sync::Arc;

use carer::*;
use common::*;
use phr_app::*;

const NEW_PASS: &str = "copper meadow violin harbour";

fn app_at(dir: &Path) -> App {
    App::with_options(dir.to_path_buf(), AppOptions::with_clock(Arc::new(SystemClock), KdfProfile::Floor))
}

fn titles(app: &App, id: &str) -> Vec<String> {
    let q = TimelineQuery { limit: Some(500), show: Some(TimelineShow::Everything), ..TimelineQuery::default() };
    let mut out = Vec::new();
    let mut page = app.timeline(id, q.clone()).unwrap();
    loop {
        out.extend(page.entries.iter().map(|e| e.title.clone()));
        let Some(next) = page.next_cursor.clone() else { break };
        page = app.timeline(id, TimelineQuery { cursor: Some(next), ..q.clone() }).unwrap();
    }
    out
}

/// The pills and the coil in Karena's GP record (sexual health).
fn sexual_health(titles: &[String]) -> bool {
    titles.iter().any(|t| ["Camila", "Errin", "Trinessa", "Liletta"].iter().any(|w| t.contains(w)))
}

/// Sarah cares for Karena, who keeps one allergy or problem private and hides sexual health;
/// Sarah hands the record over and Karena receives it into her own vault. Karena's app, her id
/// there, and the title she kept private.
fn handed_over(tmp: &Path) -> (App, String, String) {
    let carer = app_at(&tmp.join("carer"));
    let karena = sarah_caring_for(&carer, PASS, "Karena Pfeffer", "1994-12-21", lasting_power_of_attorney("daughter"));
    carer.import_files(&karena, &[fixtures().join(KARENA)]).unwrap();
    carer.set_own_access(&karena, own_pw()).unwrap();
    let all = titles(&carer, &karena);
    let chosen = carer
        .timeline(
            &karena,
            TimelineQuery { limit: Some(500), show: Some(TimelineShow::Everything), ..Default::default() },
        )
        .unwrap()
        .entries
        .into_iter()
        .filter(|e| all.iter().filter(|t| **t == e.title).count() == 1)
        .find(|e| e.kind == EntryKind::Allergy || e.kind == EntryKind::Problem)
        .expect("an allergy or problem with a title of its own");
    carer.open_own_access(&karena, own_pw()).unwrap();
    let hide = OwnLimitsInput {
        hidden: vec![Sensitivity::SexualHealth],
        allowed: vec![CarerPermission::Export],
        show_count: true,
    };
    carer.set_own_limits(&karena, hide).unwrap();
    carer.keep_entry_private(&karena, chosen.id.as_str()).unwrap();
    carer.close_own_access().unwrap();
    assert!(!titles(&carer, &karena).contains(&chosen.title), "kept from the carer");
    assert!(!sexual_health(&titles(&carer, &karena)), "kept from the carer");

    // Her record is handed over with her own access open: without it, refused.
    let out = tmp.join("karena.phrhandover");
    let place = carer.file_chosen_for(&karena, FilePurpose::SaveHandover, vec![out.clone()]).unwrap().handle;
    assert_eq!(carer.handover_create_to(&karena, &place).unwrap_err().code, ErrorCode::OwnAccessNeeded);
    assert!(!out.exists());
    carer.open_own_access(&karena, own_pw()).unwrap();
    let place = carer.file_chosen_for(&karena, FilePurpose::SaveHandover, vec![out.clone()]).unwrap().handle;
    let made = carer.handover_create_to(&karena, &place).unwrap();
    carer.close_own_access().unwrap();
    // In the carer's vault nothing changed: what she keeps private stays so.
    assert!(!titles(&carer, &karena).contains(&chosen.title));
    let status = carer.own_access_status(&karena).unwrap();
    assert!(
        status.can_have && status.has_own_access && status.words.private_line.is_some(),
        "still kept from her carer"
    );
    let own = app_at(&tmp.join("karena-vault"));
    let file = own.file_chosen(FilePurpose::OpenHandover, vec![out]).unwrap().handle;
    own.handover_accept_from(&file, SecretString::new(made.code.clone()), Passphrase::new(NEW_PASS.to_owned()))
        .unwrap();
    let id = own.list_people().unwrap()[0].id.as_str().to_owned();
    (own, id, chosen.title)
}

#[test]
fn their_own_password_brings_back_what_they_kept_from_their_carer() {
    let tmp = tempfile::tempdir().unwrap();
    let (own, karena, kept) = handed_over(tmp.path());

    // Before: the entry is apart, and the section offers to bring it back, in words for her.
    assert!(!titles(&own, &karena).contains(&kept));
    let status = own.own_access_status(&karena).unwrap();
    assert!(status.can_have && status.has_own_access && !status.open, "offered to her");
    let line = status.words.private_line.clone().expect("she is told some entries are apart");
    assert!(line.contains("your entries"), "{line}");
    assert!(!line.contains("Karena keeps"), "no carer's words about herself: {line}");
    assert_eq!(status.words.record_line, None, "no note for a carer beside her own lists");
    assert_eq!(status.private_count, None);

    // Her own password brings everything back and is then no longer needed.
    let after = own.open_own_access(&karena, own_pw()).unwrap();
    assert!(after.brought_back.is_some(), "she is told the entries are back");
    assert!(!after.open && !after.has_own_access && !after.can_have, "nothing stays open or apart");
    assert_eq!(own.own_access_open(), None);
    let now = titles(&own, &karena);
    assert_eq!(now.iter().filter(|t| **t == kept).count(), 1, "back in her record, once");
    assert!(sexual_health(&now), "her sexual health entries are back too: {now:?}");

    // And it stays so after a lock.
    own.lock();
    own.unlock(Passphrase::new(NEW_PASS.to_owned())).unwrap();
    assert!(titles(&own, &karena).contains(&kept));
    assert!(!own.own_access_status(&karena).unwrap().can_have);
}

#[test]
fn nothing_new_is_sealed_away_from_the_person_in_their_own_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let (own, karena, _) = handed_over(tmp.path());

    // What arrives in her own vault is hers, whatever her old limits said.
    let report = own.import_files(&karena, &[fixtures().join(KARENA)]).unwrap();
    assert_eq!(report.outcome.kept_private, None, "{:?}", report.outcome.kept_private);
    let now = titles(&own, &karena);
    assert!(sexual_health(&now), "her sexual health entries arrived in her record: {now:?}");

    // Her own password then brings back what was apart, with nothing doubled.
    own.open_own_access(&karena, own_pw()).unwrap();
    let after = titles(&own, &karena);
    let mut seen = std::collections::BTreeMap::new();
    for t in &after {
        *seen.entry(t.clone()).or_insert(0) += 1;
    }
    let before: std::collections::BTreeMap<String, usize> = now.iter().fold(Default::default(), |mut m, t| {
        *m.entry(t.clone()).or_insert(0) += 1;
        m
    });
    for (t, n) in &seen {
        assert!(*n <= before.get(t).copied().unwrap_or(0).max(1), "{t} doubled: {n}");
    }
}
