//! "What matters to me": the things that matter most to the person (Helm's "Top Three
//! Things"), their next of kin, carers and emergency contacts, their GP practice and their
//! communication needs, checked and written as FHIR R4 resources a professional's system reads.
//!
//! The shapes, and why:
//! - a thing that matters is a `Goal` (R4: "a desired state of health or the person's
//!   wishes", `expressedBy` the Patient, `lifecycleStatus` `active`, the words in
//!   `description.text`). R4 has no resource for "what matters to me"; a Goal expressed by the
//!   patient is what care-planning systems (and the IPS's plan of care) already list and show,
//!   where an Observation needs a code nobody has defined and a List of bare displays would
//!   be read as nothing in particular. Its place in the top three is its `identifier`
//!   ([`RANK_SYSTEM`], "1" to "3") so the order survives an export and an import.
//! - a contact is a `RelatedPerson` (its `relationship` from R4's
//!   `relatedperson-relationshiptype`: the family relation from
//!   `http://terminology.hl7.org/CodeSystem/v3-RoleCode`, and "next of kin" (`N`) and
//!   "emergency contact" (`C`) from `http://terminology.hl7.org/CodeSystem/v2-0131`, as IPS and
//!   UK Core examples write them); being their carer has no code in either, so it is said
//!   in a coding of [`CONTACT_ROLE_SYSTEM`] with its text.
//! - the GP practice is an `Organization` with its ODS code (`phr_core::fhir::practice`'s
//!   system) when the person knows it.
//! - a communication need is a `Flag` (R4: "prospective warnings of potential issues when
//!   providing care", what NHS England's Reasonable Adjustment Flag uses), `category` the
//!   Accessible Information Standard's group (information format, communication support,
//!   communication professional, contact method) and `code` the need in words. The needs
//!   carry codes of [`NEED_SYSTEM`] only: the standard's SNOMED CT concepts were not available
//!   to check here, and a wrong SNOMED code is worse than a text a professional reads.
//!
//! Every resource carries the own-entry source tag (`own_entry::SOURCE_TAG_SYSTEM`, "Added by
//! the patient" or "...carer") and the tag [`PART_TAG_SYSTEM`] naming its part, so the record,
//! an export and a share can find them. Nothing here reads a clock: the time comes in.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use super::own_entry::{Author, SOURCE_TAG_SYSTEM};
use crate::ErrorCode;

/// The tag system that names which part of "What matters to me" a resource is.
pub const PART_TAG_SYSTEM: &str = "urn:phr:fhir:tag:about-me";
/// The identifier system of a thing that matters' place in the top three ("1" to "3").
pub const RANK_SYSTEM: &str = "urn:phr:fhir:what-matters-rank";
/// The code system of the contact roles R4's codes do not have (carer).
pub const CONTACT_ROLE_SYSTEM: &str = "urn:phr:fhir:contact-role";
/// The code system of the communication needs this app offers.
pub const NEED_SYSTEM: &str = "urn:phr:fhir:communication-need";
const ROLE_CODE_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
const CONTACT_ROLE_V2: &str = "http://terminology.hl7.org/CodeSystem/v2-0131";

/// At most three things that matter most (Helm's "Top Three Things").
pub const WHAT_MATTERS_MAX: usize = 3;
/// At most this many contacts: a list to print on one page, not an address book.
pub const CONTACTS_MAX: usize = 10;
/// The longest thing that matters: a sentence or two.
pub const WHAT_MATTERS_TEXT_MAX: usize = 300;
/// The longest name, phone number, language or other short field.
pub const SHORT_MAX: usize = 200;

/// Which part of "What matters to me" a resource holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AboutPart {
    WhatMatters,
    Contact,
    GpPractice,
    CommunicationNeed,
}

impl AboutPart {
    pub const ALL: [AboutPart; 4] =
        [AboutPart::WhatMatters, AboutPart::Contact, AboutPart::GpPractice, AboutPart::CommunicationNeed];

    /// The tag's code.
    pub fn code(self) -> &'static str {
        match self {
            AboutPart::WhatMatters => "what-matters",
            AboutPart::Contact => "contact",
            AboutPart::GpPractice => "gp-practice",
            AboutPart::CommunicationNeed => "communication-need",
        }
    }

    pub fn resource_type(self) -> &'static str {
        match self {
            AboutPart::WhatMatters => "Goal",
            AboutPart::Contact => "RelatedPerson",
            AboutPart::GpPractice => "Organization",
            AboutPart::CommunicationNeed => "Flag",
        }
    }

    /// The section's heading, on screens and paper.
    pub fn heading(self) -> &'static str {
        match self {
            AboutPart::WhatMatters => "What matters to me",
            AboutPart::Contact => "Contacts",
            AboutPart::GpPractice => "GP practice",
            AboutPart::CommunicationNeed => "Communication needs",
        }
    }

    /// What the section says when it holds nothing.
    pub fn none(self) -> &'static str {
        match self {
            AboutPart::WhatMatters => "Nothing added yet.",
            AboutPart::Contact => "No contacts added.",
            AboutPart::GpPractice => "No GP practice added.",
            AboutPart::CommunicationNeed => "No communication needs added.",
        }
    }

    /// The part a stored resource is, from its tag.
    pub fn of_resource(r: &Value) -> Option<Self> {
        let tags = r.pointer("/meta/tag")?.as_array()?;
        let code = tags.iter().find_map(|t| {
            (t.get("system").and_then(Value::as_str) == Some(PART_TAG_SYSTEM)).then(|| t.get("code")?.as_str())?
        })?;
        Self::ALL
            .into_iter()
            .find(|p| p.code() == code && r.get("resourceType").and_then(Value::as_str) == Some(p.resource_type()))
    }
}

/// Who a contact is to the person: the family relations of v3-RoleCode a form offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Relationship {
    Spouse,
    Partner,
    Parent,
    Child,
    Sibling,
    Grandparent,
    Grandchild,
    OtherFamily,
    Friend,
    Neighbour,
    #[default]
    Other,
}

impl Relationship {
    pub const ALL: [Relationship; 11] = [
        Relationship::Spouse,
        Relationship::Partner,
        Relationship::Parent,
        Relationship::Child,
        Relationship::Sibling,
        Relationship::Grandparent,
        Relationship::Grandchild,
        Relationship::OtherFamily,
        Relationship::Friend,
        Relationship::Neighbour,
        Relationship::Other,
    ];

    /// The stable code (`phr about-me set --contact ... --relationship friend`).
    pub fn code(self) -> &'static str {
        match self {
            Relationship::Spouse => "spouse",
            Relationship::Partner => "partner",
            Relationship::Parent => "parent",
            Relationship::Child => "child",
            Relationship::Sibling => "sibling",
            Relationship::Grandparent => "grandparent",
            Relationship::Grandchild => "grandchild",
            Relationship::OtherFamily => "otherFamily",
            Relationship::Friend => "friend",
            Relationship::Neighbour => "neighbour",
            Relationship::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code().eq_ignore_ascii_case(code.trim()))
    }

    /// Its v3-RoleCode code and display; `None` for "other".
    pub fn role_code(self) -> Option<(&'static str, &'static str)> {
        Some(match self {
            Relationship::Spouse => ("SPS", "spouse"),
            Relationship::Partner => ("DOMPART", "domestic partner"),
            Relationship::Parent => ("PRN", "parent"),
            Relationship::Child => ("CHILD", "child"),
            Relationship::Sibling => ("SIB", "sibling"),
            Relationship::Grandparent => ("GRPRN", "grandparent"),
            Relationship::Grandchild => ("GRNDCHILD", "grandchild"),
            Relationship::OtherFamily => ("FAMMEMB", "family member"),
            Relationship::Friend => ("FRND", "unrelated friend"),
            Relationship::Neighbour => ("NBOR", "neighbor"),
            Relationship::Other => return None,
        })
    }

    /// The words on a form and on paper.
    pub fn label(self) -> &'static str {
        match self {
            Relationship::Spouse => "Husband, wife or civil partner",
            Relationship::Partner => "Partner",
            Relationship::Parent => "Parent",
            Relationship::Child => "Son or daughter",
            Relationship::Sibling => "Brother or sister",
            Relationship::Grandparent => "Grandparent",
            Relationship::Grandchild => "Grandchild",
            Relationship::OtherFamily => "Other family",
            Relationship::Friend => "Friend",
            Relationship::Neighbour => "Neighbour",
            Relationship::Other => "Someone else",
        }
    }
}

/// The Accessible Information Standard's four kinds of need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NeedGroup {
    /// Information in a format they can read (large print, easy read, braille, audio...).
    InformationFormat,
    /// Support to communicate (a hearing loop, an advocate...).
    CommunicationSupport,
    /// A communication professional present (an interpreter, a BSL interpreter, a lipspeaker).
    CommunicationProfessional,
    /// How to be contacted.
    ContactMethod,
}

impl NeedGroup {
    pub fn code(self) -> &'static str {
        match self {
            NeedGroup::InformationFormat => "information-format",
            NeedGroup::CommunicationSupport => "communication-support",
            NeedGroup::CommunicationProfessional => "communication-professional",
            NeedGroup::ContactMethod => "contact-method",
        }
    }

    /// As the standard names the group.
    pub fn label(self) -> &'static str {
        match self {
            NeedGroup::InformationFormat => "Information format",
            NeedGroup::CommunicationSupport => "Communication support",
            NeedGroup::CommunicationProfessional => "Communication professional",
            NeedGroup::ContactMethod => "Contact method",
        }
    }
}

/// A communication need the person can choose, as the Accessible Information Standard names
/// them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NeedKind {
    LargePrint,
    EasyRead,
    Braille,
    Audio,
    Electronic,
    /// A spoken-language interpreter; the language is its detail.
    Interpreter,
    BslInterpreter,
    Lipspeaker,
    DeafblindInterpreter,
    HearingLoop,
    Advocate,
    ContactByText,
    ContactByEmail,
    /// Anything else, said in its detail.
    #[default]
    Other,
}

impl NeedKind {
    pub const ALL: [NeedKind; 14] = [
        NeedKind::LargePrint,
        NeedKind::EasyRead,
        NeedKind::Braille,
        NeedKind::Audio,
        NeedKind::Electronic,
        NeedKind::Interpreter,
        NeedKind::BslInterpreter,
        NeedKind::Lipspeaker,
        NeedKind::DeafblindInterpreter,
        NeedKind::HearingLoop,
        NeedKind::Advocate,
        NeedKind::ContactByText,
        NeedKind::ContactByEmail,
        NeedKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NeedKind::LargePrint => "largePrint",
            NeedKind::EasyRead => "easyRead",
            NeedKind::Braille => "braille",
            NeedKind::Audio => "audio",
            NeedKind::Electronic => "electronic",
            NeedKind::Interpreter => "interpreter",
            NeedKind::BslInterpreter => "bslInterpreter",
            NeedKind::Lipspeaker => "lipspeaker",
            NeedKind::DeafblindInterpreter => "deafblindInterpreter",
            NeedKind::HearingLoop => "hearingLoop",
            NeedKind::Advocate => "advocate",
            NeedKind::ContactByText => "contactByText",
            NeedKind::ContactByEmail => "contactByEmail",
            NeedKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code().eq_ignore_ascii_case(code.trim()))
    }

    pub fn group(self) -> NeedGroup {
        match self {
            NeedKind::LargePrint | NeedKind::EasyRead | NeedKind::Braille | NeedKind::Audio | NeedKind::Electronic => {
                NeedGroup::InformationFormat
            }
            NeedKind::Interpreter
            | NeedKind::BslInterpreter
            | NeedKind::Lipspeaker
            | NeedKind::DeafblindInterpreter => NeedGroup::CommunicationProfessional,
            NeedKind::HearingLoop | NeedKind::Advocate | NeedKind::Other => NeedGroup::CommunicationSupport,
            NeedKind::ContactByText | NeedKind::ContactByEmail => NeedGroup::ContactMethod,
        }
    }

    /// The need in plain words ("Information in large print").
    pub fn label(self) -> &'static str {
        match self {
            NeedKind::LargePrint => "Information in large print",
            NeedKind::EasyRead => "Information in easy read",
            NeedKind::Braille => "Information in braille",
            NeedKind::Audio => "Information as audio",
            NeedKind::Electronic => "Information by email or as a document I can read on screen",
            NeedKind::Interpreter => "A spoken language interpreter",
            NeedKind::BslInterpreter => "A British Sign Language (BSL) interpreter",
            NeedKind::Lipspeaker => "A lipspeaker",
            NeedKind::DeafblindInterpreter => "A deafblind interpreter (manual)",
            NeedKind::HearingLoop => "A hearing loop",
            NeedKind::Advocate => "An advocate to help me",
            NeedKind::ContactByText => "Contact me by text message",
            NeedKind::ContactByEmail => "Contact me by email",
            NeedKind::Other => "Something else",
        }
    }

    /// What its detail field is called, when it has one.
    pub fn detail_label(self) -> Option<&'static str> {
        match self {
            NeedKind::Interpreter => Some("Language"),
            NeedKind::Other => Some("What you need"),
            _ => None,
        }
    }
}

/// One thing that matters, as typed.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct WhatMatters {
    pub text: String,
}
crate::redacted_debug!(WhatMatters);

/// A contact, as typed.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Contact {
    pub name: String,
    pub relationship: Relationship,
    pub phone: Option<String>,
    pub next_of_kin: bool,
    pub carer: bool,
    pub emergency: bool,
    pub note: Option<String>,
}
crate::redacted_debug!(Contact { relationship, next_of_kin, carer, emergency });

/// The GP practice, as typed (or as the GP record names it).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct GpPractice {
    pub name: String,
    pub ods_code: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}
crate::redacted_debug!(GpPractice);

/// A communication need, as chosen: its kind and, for an interpreter, the language (for
/// "something else", what it is).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct CommunicationNeed {
    pub kind: NeedKind,
    pub detail: Option<String>,
}
crate::redacted_debug!(CommunicationNeed { kind });

impl CommunicationNeed {
    /// The need in one line: "A spoken language interpreter: Polish".
    pub fn words(&self) -> String {
        match (self.kind, self.detail.as_deref().map(str::trim).filter(|d| !d.is_empty())) {
            (NeedKind::Other, Some(d)) => d.to_owned(),
            (k, Some(d)) => format!("{}: {d}", k.label()),
            (k, None) => k.label().to_owned(),
        }
    }
}

/// What a contact does for the person: the ticks on the form and the words beside their name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactRole {
    NextOfKin,
    Carer,
    Emergency,
}

impl ContactRole {
    /// In the order a form ticks them and a page names them.
    pub const ALL: [ContactRole; 3] = [ContactRole::NextOfKin, ContactRole::Carer, ContactRole::Emergency];

    /// The stable code: the name of the contact's field that holds it (`nextOfKin`).
    pub fn code(self) -> &'static str {
        match self {
            ContactRole::NextOfKin => "nextOfKin",
            ContactRole::Carer => "carer",
            ContactRole::Emergency => "emergency",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ContactRole::NextOfKin => "Next of kin",
            ContactRole::Carer => "Carer",
            ContactRole::Emergency => "Emergency contact",
        }
    }
}

impl Contact {
    /// Whether the contact has `role`.
    pub fn has(&self, role: ContactRole) -> bool {
        match role {
            ContactRole::NextOfKin => self.next_of_kin,
            ContactRole::Carer => self.carer,
            ContactRole::Emergency => self.emergency,
        }
    }

    /// What the contact does for the person, in words: "Next of kin", "Emergency contact".
    pub fn roles(&self) -> Vec<&'static str> {
        ContactRole::ALL.into_iter().filter(|r| self.has(*r)).map(ContactRole::label).collect()
    }
}

/// One problem with what was typed: the field (as the forms name it: `whatMatters`, `name`,
/// `phone`, `detail`...), which item (its place in its list), the code and the words.
#[derive(Clone, PartialEq, Eq)]
pub struct AboutMeError {
    pub field: &'static str,
    pub index: Option<usize>,
    pub code: ErrorCode,
    pub message: String,
}
crate::redacted_debug!(AboutMeError { field, index, code });

fn problem(field: &'static str, index: Option<usize>, message: impl Into<String>) -> AboutMeError {
    AboutMeError { field, index, code: ErrorCode::InvalidInput, message: message.into() }
}

fn trimmed(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn too_long(
    field: &'static str,
    index: Option<usize>,
    what: &str,
    value: Option<&str>,
    max: usize,
    out: &mut Vec<AboutMeError>,
) {
    if let Some(n) = value.map(|v| v.chars().count()).filter(|n| *n > max) {
        out.push(problem(field, index, format!("{what} must be {max} characters or fewer (it is {n})")));
    }
}

/// A phone number as people write it: digits, spaces, brackets, dashes and a leading plus, with
/// at least 7 digits and at most 15 (the international limit).
fn phone_problem(phone: &str) -> Option<&'static str> {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let allowed =
        phone.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || " ()-".contains(c) || (c == '+' && i == 0));
    if !allowed {
        return Some("Enter a phone number using only numbers, spaces and brackets, like 07700 900123");
    }
    if !(7..=15).contains(&digits) {
        return Some("Enter a phone number with between 7 and 15 digits, like 07700 900123");
    }
    None
}

/// Every problem with "What matters to me" as a whole: up to three things, each said; contacts
/// named, their phone numbers readable; the practice named when any of it is given; a need's
/// detail where it needs one (the language for an interpreter).
pub fn check(
    what_matters: &[WhatMatters],
    contacts: &[Contact],
    practice: Option<&GpPractice>,
    needs: &[CommunicationNeed],
) -> Vec<AboutMeError> {
    let mut out = Vec::new();
    if what_matters.len() > WHAT_MATTERS_MAX {
        out.push(problem(
            "whatMatters",
            None,
            format!("Choose up to {WHAT_MATTERS_MAX} things that matter most (there are {})", what_matters.len()),
        ));
    }
    for (i, w) in what_matters.iter().enumerate() {
        let text = w.text.trim();
        if text.is_empty() {
            out.push(problem("whatMatters", Some(i), "Enter what matters to you, or remove this one"));
        }
        too_long("whatMatters", Some(i), "What matters to you", Some(text), WHAT_MATTERS_TEXT_MAX, &mut out);
    }
    if contacts.len() > CONTACTS_MAX {
        out.push(problem(
            "contacts",
            None,
            format!("Add up to {CONTACTS_MAX} contacts (there are {})", contacts.len()),
        ));
    }
    for (i, c) in contacts.iter().enumerate() {
        if c.name.trim().is_empty() {
            out.push(problem("name", Some(i), "Enter the contact's name"));
        }
        too_long("name", Some(i), "The name", Some(c.name.trim()), SHORT_MAX, &mut out);
        match trimmed(&c.phone) {
            Some(p) => {
                if let Some(m) = phone_problem(p) {
                    out.push(problem("phone", Some(i), m));
                }
            }
            None if c.emergency => {
                out.push(problem("phone", Some(i), "Enter a phone number for an emergency contact"));
            }
            None => {}
        }
        too_long("note", Some(i), "The note", trimmed(&c.note), SHORT_MAX, &mut out);
    }
    if let Some(p) = practice {
        if p.name.trim().is_empty() {
            out.push(problem("practiceName", None, "Enter the name of your GP practice"));
        }
        too_long("practiceName", None, "The practice's name", Some(p.name.trim()), SHORT_MAX, &mut out);
        if let Some(code) = trimmed(&p.ods_code)
            && (code.len() > 10 || !code.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            out.push(problem("odsCode", None, "Enter the practice code as letters and numbers, like A81001"));
        }
        if let Some(m) = trimmed(&p.phone).and_then(phone_problem) {
            out.push(problem("practicePhone", None, m));
        }
        too_long("practiceAddress", None, "The address", trimmed(&p.address), SHORT_MAX, &mut out);
    }
    for (i, n) in needs.iter().enumerate() {
        let detail = trimmed(&n.detail);
        match (n.kind, detail) {
            (NeedKind::Interpreter, None) => {
                out.push(problem("detail", Some(i), "Enter the language you need an interpreter for"));
            }
            (NeedKind::Other, None) => out.push(problem("detail", Some(i), "Enter what you need")),
            _ => {}
        }
        too_long("detail", Some(i), "The detail", detail, SHORT_MAX, &mut out);
        if needs.iter().take(i).any(|m| m.kind == n.kind && m.kind != NeedKind::Other && m.detail == n.detail) {
            out.push(problem("detail", Some(i), "This need is already in the list"));
        }
    }
    out
}

/// What a resource is written with besides its content: its id and version, who wrote it,
/// the reference to the person, and when.
pub struct Written<'a> {
    pub id: &'a str,
    pub version: u32,
    pub author: &'a Author,
    pub patient: &'a str,
    pub now: DateTime<Utc>,
}
crate::redacted_debug!(Written<'a> { version });

fn base(part: AboutPart, w: &Written<'_>) -> Map<String, Value> {
    let now = w.now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let who = match w.author {
        Author::Person => "Added by the patient",
        Author::Carer { .. } => "Added by the patient's carer",
    };
    let mut r = Map::new();
    r.insert("resourceType".into(), json!(part.resource_type()));
    r.insert("id".into(), json!(w.id));
    r.insert(
        "meta".into(),
        json!({
            "versionId": w.version.to_string(),
            "lastUpdated": now,
            "tag": [
                { "system": SOURCE_TAG_SYSTEM, "code": w.author.code(), "display": who },
                { "system": PART_TAG_SYSTEM, "code": part.code(), "display": part.heading() },
            ],
        }),
    );
    r
}

fn phone_telecom(phone: &str) -> Value {
    json!([{ "system": "phone", "value": phone }])
}

/// The Goal for the thing that matters at `rank` (1 to 3).
pub fn what_matters_resource(item: &WhatMatters, rank: usize, w: &Written<'_>) -> Value {
    let mut r = base(AboutPart::WhatMatters, w);
    r.insert("identifier".into(), json!([{ "system": RANK_SYSTEM, "value": rank.to_string() }]));
    r.insert("lifecycleStatus".into(), json!("active"));
    r.insert(
        "priority".into(),
        json!({ "coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/goal-priority",
            "code": "high-priority",
            "display": "High Priority",
        }] }),
    );
    r.insert(
        "category".into(),
        json!([{ "coding": [{ "system": PART_TAG_SYSTEM, "code": AboutPart::WhatMatters.code(), "display": "What matters to me" }], "text": "What matters to me" }]),
    );
    r.insert("description".into(), json!({ "text": item.text.trim() }));
    r.insert("subject".into(), json!({ "reference": w.patient }));
    r.insert("expressedBy".into(), json!({ "reference": w.patient }));
    Value::Object(r)
}

/// The RelatedPerson for a contact.
pub fn contact_resource(c: &Contact, w: &Written<'_>) -> Value {
    let mut r = base(AboutPart::Contact, w);
    r.insert("active".into(), json!(true));
    r.insert("patient".into(), json!({ "reference": w.patient }));
    let mut relationship = Vec::new();
    if let Some((code, display)) = c.relationship.role_code() {
        relationship.push(json!({
            "coding": [{ "system": ROLE_CODE_SYSTEM, "code": code, "display": display }],
            "text": c.relationship.label(),
        }));
    } else {
        relationship.push(json!({ "text": c.relationship.label() }));
    }
    if c.next_of_kin {
        relationship.push(json!({ "coding": [{ "system": CONTACT_ROLE_V2, "code": "N", "display": "Next-of-Kin" }], "text": "Next of kin" }));
    }
    if c.emergency {
        relationship.push(json!({ "coding": [{ "system": CONTACT_ROLE_V2, "code": "C", "display": "Emergency Contact" }], "text": "Emergency contact" }));
    }
    if c.carer {
        relationship.push(json!({ "coding": [{ "system": CONTACT_ROLE_SYSTEM, "code": "carer", "display": "Carer" }], "text": "Carer" }));
    }
    r.insert("relationship".into(), Value::Array(relationship));
    r.insert("name".into(), json!([{ "text": c.name.trim() }]));
    if let Some(p) = trimmed(&c.phone) {
        r.insert("telecom".into(), phone_telecom(p));
    }
    if let Some(n) = trimmed(&c.note) {
        // RelatedPerson has no note; a professional reads the narrative.
        r.insert(
            "text".into(),
            json!({ "status": "additional", "div": format!("<div xmlns=\"http://www.w3.org/1999/xhtml\">{}</div>", escape(n)) }),
        );
    }
    Value::Object(r)
}

/// The Organization for the GP practice.
pub fn practice_resource(p: &GpPractice, w: &Written<'_>) -> Value {
    let mut r = base(AboutPart::GpPractice, w);
    if let Some(code) = trimmed(&p.ods_code) {
        r.insert(
            "identifier".into(),
            json!([{ "system": crate::fhir::ODS_CODE_SYSTEM, "value": code.to_uppercase() }]),
        );
    }
    r.insert("active".into(), json!(true));
    r.insert(
        "type".into(),
        json!([{ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/organization-type", "code": "prov", "display": "Healthcare Provider" }], "text": "GP practice" }]),
    );
    r.insert("name".into(), json!(p.name.trim()));
    if let Some(phone) = trimmed(&p.phone) {
        r.insert("telecom".into(), phone_telecom(phone));
    }
    if let Some(a) = trimmed(&p.address) {
        r.insert("address".into(), json!([{ "text": a }]));
    }
    Value::Object(r)
}

/// The Flag for a communication need.
pub fn need_resource(n: &CommunicationNeed, w: &Written<'_>) -> Value {
    let mut r = base(AboutPart::CommunicationNeed, w);
    let group = n.kind.group();
    r.insert("status".into(), json!("active"));
    r.insert(
        "category".into(),
        json!([{ "coding": [{ "system": NEED_SYSTEM, "code": group.code(), "display": group.label() }], "text": group.label() }]),
    );
    let mut code = json!({ "coding": [{ "system": NEED_SYSTEM, "code": n.kind.code(), "display": n.kind.label() }], "text": n.words() });
    if let (Some(d), Some(c)) = (trimmed(&n.detail), code.as_object_mut()) {
        // The detail is kept on its own too, so an edit form reads it back exactly.
        c.insert("extension".into(), json!([{ "url": format!("{NEED_SYSTEM}/detail"), "valueString": d }]));
    }
    r.insert("code".into(), code);
    r.insert("subject".into(), json!({ "reference": w.patient }));
    r.insert("author".into(), json!({ "reference": w.patient }));
    Value::Object(r)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

fn text_of(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_owned)
}

/// A stored Goal's rank (1 to 3) and what matters; the inverse of [`what_matters_resource`].
pub fn what_matters_of(r: &Value) -> (usize, WhatMatters) {
    let rank = r
        .get("identifier")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|i| i.get("system").and_then(Value::as_str) == Some(RANK_SYSTEM))
        .and_then(|i| i.get("value")?.as_str()?.parse().ok())
        .unwrap_or(WHAT_MATTERS_MAX);
    (rank, WhatMatters { text: text_of(r.pointer("/description/text")).unwrap_or_default() })
}

/// A stored RelatedPerson as a contact; the inverse of [`contact_resource`].
pub fn contact_of(r: &Value) -> Contact {
    let mut c = Contact {
        name: text_of(r.pointer("/name/0/text")).unwrap_or_default(),
        phone: r
            .get("telecom")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|t| t.get("system").and_then(Value::as_str) == Some("phone"))
            .and_then(|t| text_of(t.get("value"))),
        ..Contact::default()
    };
    for rel in r.get("relationship").and_then(Value::as_array).into_iter().flatten() {
        let system = rel.pointer("/coding/0/system").and_then(Value::as_str);
        let code = rel.pointer("/coding/0/code").and_then(Value::as_str).unwrap_or_default();
        match (system, code) {
            (Some(CONTACT_ROLE_V2), "N") => c.next_of_kin = true,
            (Some(CONTACT_ROLE_V2), "C") => c.emergency = true,
            (Some(CONTACT_ROLE_SYSTEM), "carer") => c.carer = true,
            (Some(ROLE_CODE_SYSTEM), code) => {
                c.relationship = Relationship::ALL
                    .into_iter()
                    .find(|k| k.role_code().is_some_and(|(rc, _)| rc == code))
                    .unwrap_or_default();
            }
            _ => {}
        }
    }
    c.note = r.pointer("/text/div").and_then(Value::as_str).and_then(|d| {
        let inner = d.split_once('>')?.1.rsplit_once("</div>")?.0;
        Some(unescape(inner))
    });
    c
}

/// A stored Organization as the practice; the inverse of [`practice_resource`].
pub fn practice_of(r: &Value) -> GpPractice {
    GpPractice {
        name: text_of(r.get("name")).unwrap_or_default(),
        ods_code: text_of(r.pointer("/identifier/0/value")),
        phone: text_of(r.pointer("/telecom/0/value")),
        address: text_of(r.pointer("/address/0/text")),
    }
}

/// A stored Flag as a need; the inverse of [`need_resource`].
pub fn need_of(r: &Value) -> CommunicationNeed {
    let kind = r
        .pointer("/code/coding")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|c| c.get("system").and_then(Value::as_str) == Some(NEED_SYSTEM))
        .and_then(|c| NeedKind::from_code(c.get("code")?.as_str()?))
        .unwrap_or_default();
    let detail = text_of(r.pointer("/code/extension/0/valueString"))
        .or_else(|| (kind == NeedKind::Other).then(|| text_of(r.pointer("/code/text"))).flatten());
    CommunicationNeed { kind, detail }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(author: &Author) -> Written<'_> {
        Written {
            id: "a1",
            version: 1,
            author,
            patient: "Patient/p1",
            now: DateTime::<Utc>::from_timestamp(1_796_000_000, 0).unwrap(),
        }
    }

    #[test]
    fn each_part_reads_back_what_it_wrote() {
        let you = Author::Person;
        let w = WhatMatters { text: "Walking my dog every morning".into() };
        let r = what_matters_resource(&w, 2, &written(&you));
        assert_eq!(AboutPart::of_resource(&r), Some(AboutPart::WhatMatters));
        assert_eq!(r.pointer("/expressedBy/reference"), Some(&json!("Patient/p1")));
        assert_eq!(what_matters_of(&r), (2, w));

        let c = Contact {
            name: "Sarah Evans".into(),
            relationship: Relationship::Child,
            phone: Some("07700 900123".into()),
            next_of_kin: true,
            carer: true,
            emergency: true,
            note: Some("Works nights <call after 2pm> & text first".into()),
        };
        let r = contact_resource(&c, &written(&you));
        assert_eq!(AboutPart::of_resource(&r), Some(AboutPart::Contact));
        assert_eq!(r.pointer("/relationship/0/coding/0/code"), Some(&json!("CHILD")));
        assert_eq!(r.pointer("/relationship/0/coding/0/system"), Some(&json!(ROLE_CODE_SYSTEM)));
        assert_eq!(contact_of(&r), c);
        assert_eq!(c.roles(), ["Next of kin", "Carer", "Emergency contact"]);

        let p = GpPractice {
            name: "Riverside Surgery".into(),
            ods_code: Some("A81001".into()),
            phone: Some("0113 496 0000".into()),
            address: Some("1 River Street, Leeds".into()),
        };
        let r = practice_resource(&p, &written(&you));
        assert_eq!(AboutPart::of_resource(&r), Some(AboutPart::GpPractice));
        assert_eq!(practice_of(&r), p);

        for kind in NeedKind::ALL {
            let n = CommunicationNeed { kind, detail: kind.detail_label().map(|_| "Polish".to_owned()) };
            let r = need_resource(&n, &written(&you));
            assert_eq!(AboutPart::of_resource(&r), Some(AboutPart::CommunicationNeed));
            assert_eq!(need_of(&r), n, "{}", kind.code());
        }
    }

    #[test]
    fn problems_name_their_field_and_item() {
        let four: Vec<WhatMatters> = (0..4).map(|i| WhatMatters { text: format!("Thing {i}") }).collect();
        let e = check(&four, &[], None, &[]);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].field, "whatMatters");

        let contacts = [
            Contact { name: "Ann".into(), phone: Some("call me".into()), ..Contact::default() },
            Contact { name: " ".into(), emergency: true, ..Contact::default() },
        ];
        let fields: Vec<(&str, Option<usize>)> =
            check(&[], &contacts, None, &[]).iter().map(|e| (e.field, e.index)).collect();
        assert_eq!(fields, [("phone", Some(0)), ("name", Some(1)), ("phone", Some(1))]);

        let needs = [CommunicationNeed { kind: NeedKind::Interpreter, detail: None }];
        assert_eq!(check(&[], &[], None, &needs)[0].field, "detail");
        let fine = [
            CommunicationNeed { kind: NeedKind::Interpreter, detail: Some("Polish".into()) },
            CommunicationNeed { kind: NeedKind::LargePrint, detail: None },
        ];
        assert!(check(&[], &[], None, &fine).is_empty());
        assert_eq!(fine[0].words(), "A spoken language interpreter: Polish");
    }

    #[test]
    fn a_phone_number_is_digits_as_people_write_them() {
        assert_eq!(phone_problem("07700 900123"), None);
        assert_eq!(phone_problem("+44 (0)113 496 0000"), None);
        assert!(phone_problem("123").is_some());
        assert!(phone_problem("ring Sarah").is_some());
    }
}
