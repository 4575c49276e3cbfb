//! "What matters to me" in a share: which resources are the person's "what matters to me"
//! (the things that matter most, contacts, GP practice, communication needs) and decisions
//! (organ donation, advance decision, ReSPECT form, lasting power of attorney), and each in
//! plain words for the document's reader.
//!
//! They are shared only when the person ticks the one box ([`ShareSlice::what_matters`]),
//! never through a record category: a Goal is a "Goal" and a decision a "Document" to the
//! record, but the person chose them on the "What matters to me" screen, and a share for a
//! physiotherapist about a knee should not carry their next of kin because "Documents" was
//! ticked. The rule is by content (the about-me tag, the own-document decision type), so the
//! vault that gathers and the builder that checks again agree.

use serde_json::Value;

use super::model::ShareSlice;
use crate::record::Sensitivity;
use crate::record::about_me::{self, AboutPart};
use crate::record::own_document::{self, DOCUMENT_TYPE_SYSTEM};
use crate::record::own_entry::OwnKind;

/// The document section's title, the summary's heading and the name of the tick.
pub const WHAT_MATTERS_TITLE: &str = "What matters to me";

/// The hint under the tick on the share form: what it holds, and that it is left out unless
/// ticked.
pub const WHAT_MATTERS_SHARE_HINT: &str = "What matters most to you, your next of kin and other contacts, your GP \
     practice, your communication needs, and your decisions such as organ donation or an advance decision. Left \
     out unless you tick it.";

/// What a "What matters to me" resource is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhatMattersPart {
    About(AboutPart),
    Decision(OwnKind),
}

/// The decision a `DocumentReference` whose `type` has `type_codes` ((system, code)) is, if it
/// is one the person made in this app.
pub fn decision_of_codes(resource_type: &str, type_codes: &[(&str, &str)]) -> Option<OwnKind> {
    if resource_type != "DocumentReference" {
        return None;
    }
    OwnKind::of_resource(resource_type, type_codes).filter(|k| k.is_decision())
}

/// What `resource` (R4) is, when it is part of "What matters to me"; `None` for every other
/// resource (a GP's Organization, a letter the person keeps, an imported Goal).
pub fn what_matters_part(resource: &Value) -> Option<WhatMattersPart> {
    if let Some(part) = AboutPart::of_resource(resource) {
        return Some(WhatMattersPart::About(part));
    }
    let resource_type = resource.get("resourceType").and_then(Value::as_str)?;
    let codes: Vec<(&str, &str)> = resource
        .pointer("/type/coding")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| Some((c.get("system")?.as_str()?, c.get("code")?.as_str()?)))
        .filter(|(system, _)| *system == DOCUMENT_TYPE_SYSTEM)
        .collect();
    decision_of_codes(resource_type, &codes).map(WhatMattersPart::Decision)
}

impl ShareSlice {
    /// Whether the "What matters to me" resource of record entry `entry_id`, labelled `s`, is
    /// in this slice: the box is ticked, its label is general or ticked, and it was not
    /// unticked in the preview. Categories and dates do not apply: it says how things are now.
    pub fn admits_what_matters(&self, entry_id: i64, s: Sensitivity) -> bool {
        self.what_matters
            && (s == Sensitivity::General || self.include_sensitive.contains(&s))
            && !self.exclude_entries.contains(&entry_id)
    }
}

/// One "What matters to me" resource in words: what it is ("Next of kin", "GP practice",
/// "Organ donation decision") and what it says.
#[derive(Clone, PartialEq, Eq)]
pub struct WhatMattersWords {
    pub what: String,
    pub words: String,
    /// Where it goes in the list: things that matter by their rank, then contacts, the
    /// practice, needs and decisions.
    pub order: (usize, usize),
}
crate::redacted_debug!(WhatMattersWords { order });

/// [`WhatMattersWords`] of `resource`, when it is part of "What matters to me".
pub fn what_matters_words(resource: &Value) -> Option<WhatMattersWords> {
    let part = what_matters_part(resource)?;
    // Each part a sentence without its full stop, joined into one line.
    let joined = |parts: Vec<String>| {
        parts
            .iter()
            .map(|p| p.trim().trim_end_matches('.').to_owned())
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(". ")
    };
    Some(match part {
        WhatMattersPart::About(AboutPart::WhatMatters) => {
            let (rank, item) = about_me::what_matters_of(resource);
            WhatMattersWords { what: "Matters most to me".into(), words: item.text, order: (0, rank) }
        }
        WhatMattersPart::About(AboutPart::Contact) => {
            let c = about_me::contact_of(resource);
            let roles = c.roles();
            let what = if roles.is_empty() { "Contact".to_owned() } else { roles.join(", ") };
            let mut parts = vec![c.name.clone()];
            if c.relationship != about_me::Relationship::Other {
                parts.push(c.relationship.label().to_owned());
            }
            parts.extend(c.phone.map(|p| format!("Phone {p}")));
            parts.extend(c.note);
            WhatMattersWords { what, words: joined(parts), order: (1, 0) }
        }
        WhatMattersPart::About(AboutPart::GpPractice) => {
            let p = about_me::practice_of(resource);
            let mut parts = vec![p.name];
            parts.extend(p.ods_code.map(|c| format!("ODS code {c}")));
            parts.extend(p.phone.map(|x| format!("Phone {x}")));
            parts.extend(p.address);
            WhatMattersWords { what: "GP practice".into(), words: joined(parts), order: (2, 0) }
        }
        WhatMattersPart::About(AboutPart::CommunicationNeed) => WhatMattersWords {
            what: "Communication need".into(),
            words: about_me::need_of(resource).words(),
            order: (3, 0),
        },
        WhatMattersPart::Decision(kind) => {
            let d = own_document::decisions(&[(0, kind, resource)]).into_iter().next()?;
            let mut parts = Vec::new();
            if d.title != kind.noun() {
                parts.push(d.title.clone());
            }
            parts.extend(d.statement.clone());
            parts.extend(d.date.map(|x| format!("Dated {}", crate::en_gb::date(x))));
            if d.file.is_some() {
                parts.push("A copy is in this share".into());
            }
            let words = if parts.is_empty() { "The person says they have one".to_owned() } else { joined(parts) };
            let at = OwnKind::DECISIONS.iter().position(|k| *k == kind).unwrap_or(0);
            WhatMattersWords { what: kind.noun().into(), words, order: (4, at) }
        }
    })
}
