//! The person's own entries: what they write into their record themselves (a condition
//! diagnosed privately, a medicine bought at the chemist, an allergy the GP does not know, a
//! vaccination given abroad, a procedure, a note or diary entry), checked and written as FHIR R4
//! with the person as its author or information source.
//!
//! Each kind is the resource FHIR R4 (and UK Core, which profiles the same resources) gives
//! for a patient's own statement:
//! - a condition: `Condition` with `asserter` and `recorder` the Patient;
//! - a medicine: `MedicationStatement` with `informationSource` the Patient and the category
//!   `patientspecified` ("including over the counter medication, provided by the patient");
//!   over the counter, a supplement or prescribed elsewhere is said in the category's text;
//! - an allergy: `AllergyIntolerance` with `recorder` and `asserter` the Patient;
//! - a vaccination: `Immunization` with `primarySource` false and `reportOrigin` `recall`
//!   ("Parent/Guardian/Patient Recall" in R4's immunization-origin codes: the record is the
//!   person's memory, not the giver's); a country abroad is `location.display`;
//! - a procedure: `Procedure` with `recorder` and `asserter` the Patient;
//! - a note or diary entry: `DocumentReference` of LOINC 51855-5 "Patient Note", authored by
//!   the Patient, its text a `text/plain` attachment. A note is something the person wrote,
//!   not something measured, so it is a document and not an `Observation` (which R4 keeps for
//!   measurements and assertions about the patient, with a code and a value); a document also
//!   carries a letter or photo later, as the issue asks, through the same `content`.
//! - a document (a letter as a PDF, a photo), and the decisions a person has made (organ
//!   donation, an advance decision to refuse treatment, a ReSPECT form, a lasting power of
//!   attorney for health and welfare): `DocumentReference`s authored by the Patient, told apart
//!   by their `type` (see [`super::own_document`], which holds the file checks and the codes).
//!
//! Every resource carries `meta.tag` [`SOURCE_TAG_SYSTEM`] `you` or `carer` ("Added by you",
//! "Added by a carer"), so whoever reads an export, or this app importing it again, can tell
//! it from a GP's entry. Nothing here reads a clock: today and the time of writing come in.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use crate::ErrorCode;

/// The system of the `meta.tag` that marks a resource as the person's own (or their carer's).
pub const SOURCE_TAG_SYSTEM: &str = "urn:phr:fhir:tag:source";

/// The longest name (a condition, medicine, substance, vaccine or procedure): a name, not a letter.
pub const NAME_MAX: usize = 200;
/// The longest short field (dose, how often, why, reaction, country).
pub const SHORT_MAX: usize = 200;
/// The longest note or diary entry, and the longest note on a GP entry.
pub const TEXT_MAX: usize = 10_000;

/// What kind of entry the person adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OwnKind {
    Condition,
    Medicine,
    Allergy,
    Vaccination,
    Procedure,
    Note,
    /// A letter (PDF) or a photo (JPEG, PNG), kept inside the record.
    Document,
    /// Their organ donation decision.
    OrganDonation,
    /// An advance decision to refuse treatment (a "living will").
    AdvanceDecision,
    /// A ReSPECT form (Recommended Summary Plan for Emergency Care and Treatment).
    Respect,
    /// A lasting power of attorney for health and welfare.
    PowerOfAttorney,
}

impl OwnKind {
    pub const ALL: [OwnKind; 11] = [
        OwnKind::Condition,
        OwnKind::Medicine,
        OwnKind::Allergy,
        OwnKind::Vaccination,
        OwnKind::Procedure,
        OwnKind::Note,
        OwnKind::Document,
        OwnKind::OrganDonation,
        OwnKind::AdvanceDecision,
        OwnKind::Respect,
        OwnKind::PowerOfAttorney,
    ];

    /// The decisions a person has made (shown with "what matters to me", shared in an IPS's
    /// advance directives section).
    pub const DECISIONS: [OwnKind; 4] =
        [OwnKind::OrganDonation, OwnKind::AdvanceDecision, OwnKind::Respect, OwnKind::PowerOfAttorney];

    /// Whether it is one of [`OwnKind::DECISIONS`].
    pub fn is_decision(self) -> bool {
        Self::DECISIONS.contains(&self)
    }

    /// Whether it may carry a file (a letter or photo): a document must, the decisions that are
    /// papers may.
    pub fn takes_file(self) -> bool {
        matches!(self, OwnKind::Document | OwnKind::AdvanceDecision | OwnKind::Respect | OwnKind::PowerOfAttorney)
    }

    /// The stable code (`phr entry add medicine`).
    pub fn code(self) -> &'static str {
        match self {
            OwnKind::Condition => "condition",
            OwnKind::Medicine => "medicine",
            OwnKind::Allergy => "allergy",
            OwnKind::Vaccination => "vaccination",
            OwnKind::Procedure => "procedure",
            OwnKind::Note => "note",
            OwnKind::Document => "document",
            OwnKind::OrganDonation => "organ-donation",
            OwnKind::AdvanceDecision => "advance-decision",
            OwnKind::Respect => "respect-form",
            OwnKind::PowerOfAttorney => "power-of-attorney",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// The FHIR resource type it is written as.
    pub fn resource_type(self) -> &'static str {
        match self {
            OwnKind::Condition => "Condition",
            OwnKind::Medicine => "MedicationStatement",
            OwnKind::Allergy => "AllergyIntolerance",
            OwnKind::Vaccination => "Immunization",
            OwnKind::Procedure => "Procedure",
            OwnKind::Note
            | OwnKind::Document
            | OwnKind::OrganDonation
            | OwnKind::AdvanceDecision
            | OwnKind::Respect
            | OwnKind::PowerOfAttorney => "DocumentReference",
        }
    }

    /// The kind a stored resource type was written from; a `DocumentReference` is a note
    /// unless its type says otherwise (see [`OwnKind::of_resource`]).
    pub fn of_resource_type(t: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.resource_type() == t)
    }

    /// The kind of a stored own resource, by its type and, for a `DocumentReference`, the code
    /// of [`super::own_document::DOCUMENT_TYPE_SYSTEM`] among `type_codes` ((system, code) of
    /// its `type`, as the entry keeps them): without one it is a note.
    pub fn of_resource(resource_type: &str, type_codes: &[(&str, &str)]) -> Option<Self> {
        let first = Self::of_resource_type(resource_type)?;
        if resource_type != "DocumentReference" {
            return Some(first);
        }
        let own = type_codes.iter().find_map(|(system, code)| {
            (*system == super::own_document::DOCUMENT_TYPE_SYSTEM).then(|| Self::from_code(code)).flatten()
        });
        Some(own.filter(|k| k.resource_type() == "DocumentReference").unwrap_or(OwnKind::Note))
    }

    /// The words on a form's heading and in lists ("A medicine").
    pub fn label(self) -> &'static str {
        match self {
            OwnKind::Condition => "A condition or illness",
            OwnKind::Medicine => "A medicine",
            OwnKind::Allergy => "An allergy or reaction",
            OwnKind::Vaccination => "A vaccination",
            OwnKind::Procedure => "An operation or procedure",
            OwnKind::Note => "A note or diary entry",
            OwnKind::Document => "A letter, photo or other document",
            OwnKind::OrganDonation => "Your organ donation decision",
            OwnKind::AdvanceDecision => "An advance decision to refuse treatment (living will)",
            OwnKind::Respect => "A ReSPECT form",
            OwnKind::PowerOfAttorney => "A lasting power of attorney for health and welfare",
        }
    }

    /// The kind in one word, to start a sentence ("Medicine added.").
    pub fn noun(self) -> &'static str {
        match self {
            OwnKind::Condition => "Condition",
            OwnKind::Medicine => "Medicine",
            OwnKind::Allergy => "Allergy",
            OwnKind::Vaccination => "Vaccination",
            OwnKind::Procedure => "Procedure",
            OwnKind::Note => "Note",
            OwnKind::Document => "Document",
            OwnKind::OrganDonation => "Organ donation decision",
            OwnKind::AdvanceDecision => "Advance decision to refuse treatment",
            OwnKind::Respect => "ReSPECT form",
            OwnKind::PowerOfAttorney => "Lasting power of attorney for health and welfare",
        }
    }

    /// What the name field is called for this kind.
    pub fn name_label(self) -> &'static str {
        match self {
            OwnKind::Condition => "Condition",
            OwnKind::Medicine => "Medicine",
            OwnKind::Allergy => "What you are allergic to",
            OwnKind::Vaccination => "Vaccine",
            OwnKind::Procedure => "Operation or procedure",
            OwnKind::Note | OwnKind::Document => "Title",
            OwnKind::OrganDonation | OwnKind::AdvanceDecision | OwnKind::Respect | OwnKind::PowerOfAttorney => {
                "Title (optional)"
            }
        }
    }

    /// What the date field means for this kind.
    pub fn date_label(self) -> &'static str {
        match self {
            OwnKind::Condition => "When it started",
            OwnKind::Medicine => "Taking it since",
            OwnKind::Allergy => "When it started",
            OwnKind::Vaccination => "When it was given",
            OwnKind::Procedure => "When it was done",
            OwnKind::Note => "Date",
            OwnKind::Document => "Date on the letter or document",
            OwnKind::OrganDonation => "When you made or registered your decision",
            OwnKind::AdvanceDecision | OwnKind::PowerOfAttorney => "Date it was signed",
            OwnKind::Respect => "Date the form was completed",
        }
    }

    /// Whether the date must be given: a decision's date is what tells whether it is the latest
    /// (an out-of-date advance decision or ReSPECT form taken as current could lead to care the
    /// person did not want).
    pub fn date_required(self) -> bool {
        self.is_decision()
    }
}

/// Whether a condition is still there, or a medicine still taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OwnStatus {
    /// Still there; still taken.
    #[default]
    Current,
    /// Got better; stopped taking it.
    Past,
}

impl OwnStatus {
    pub fn code(self) -> &'static str {
        match self {
            OwnStatus::Current => "current",
            OwnStatus::Past => "past",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [OwnStatus::Current, OwnStatus::Past].into_iter().find(|s| s.code() == code.trim())
    }

    /// The choice's words on a form.
    pub fn label(self) -> &'static str {
        match self {
            OwnStatus::Current => "I still have it, or still take it",
            OwnStatus::Past => "In the past, or stopped",
        }
    }
}

/// Where a medicine the person takes comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MedicineType {
    /// Bought at a chemist or shop without a prescription.
    #[default]
    OverTheCounter,
    /// A vitamin, mineral or herbal supplement.
    Supplement,
    /// Prescribed somewhere the GP record does not show (privately, abroad, a hospital).
    PrescribedElsewhere,
}

impl MedicineType {
    pub const ALL: [MedicineType; 3] =
        [MedicineType::OverTheCounter, MedicineType::Supplement, MedicineType::PrescribedElsewhere];

    pub fn code(self) -> &'static str {
        match self {
            MedicineType::OverTheCounter => "overTheCounter",
            MedicineType::Supplement => "supplement",
            MedicineType::PrescribedElsewhere => "prescribedElsewhere",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            MedicineType::OverTheCounter => "Bought without a prescription",
            MedicineType::Supplement => "A vitamin or supplement",
            MedicineType::PrescribedElsewhere => "Prescribed somewhere else",
        }
    }
}

/// What the person typed. Which fields a kind uses: every kind a name and a date; a
/// condition and a medicine a status; a medicine its dose, how often, why and type; an allergy
/// its reaction; a vaccination the country it was given in (when abroad); a procedure why; a
/// note its text (any kind may have a comment in `text`).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct OwnEntryInput {
    pub name: String,
    pub date: Option<NaiveDate>,
    pub status: OwnStatus,
    pub dose: Option<String>,
    pub how_often: Option<String>,
    pub reason: Option<String>,
    pub medicine_type: MedicineType,
    pub reaction: Option<String>,
    pub country: Option<String>,
    pub text: Option<String>,
    /// A document's or decision's file, as its FHIR `Attachment` (from
    /// [`super::own_document::attachment_of`], or the one already stored when an edit keeps it).
    pub attachment: Option<Value>,
    /// An organ donation decision.
    pub decision: Option<super::own_document::DonationDecision>,
    /// Whether the organ donation decision is registered on the NHS Organ Donor Register.
    pub registered: bool,
    /// The own entry a document is about ("Condition/…", a reference to its resource).
    pub about: Option<String>,
}
crate::redacted_debug!(OwnEntryInput { status, medicine_type, decision, registered });

/// One problem with what was typed: the field it belongs beside (as the forms name it), the
/// code and the words.
#[derive(Clone, PartialEq, Eq)]
pub struct OwnEntryError {
    pub field: &'static str,
    pub code: ErrorCode,
    pub message: String,
}
crate::redacted_debug!(OwnEntryError { field, code });

impl OwnEntryError {
    pub(super) fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self { field, code: ErrorCode::InvalidInput, message: message.into() }
    }
}

/// Who wrote an entry, as its tag and its words say.
#[derive(Clone, PartialEq, Eq)]
pub enum Author {
    /// The person whose record it is.
    Person,
    /// Their carer, by first name when known.
    Carer { name: Option<String> },
}
crate::redacted_debug!(Author);

impl Author {
    /// The tag's code.
    pub fn code(&self) -> &'static str {
        match self {
            Author::Person => "you",
            Author::Carer { .. } => "carer",
        }
    }

    /// The name of the source the entry is kept under: "You", "Sarah (carer)".
    pub fn source_name(&self) -> String {
        match self {
            Author::Person => "You".to_owned(),
            Author::Carer { name: Some(n) } if !n.trim().is_empty() => format!("{} (carer)", n.trim()),
            Author::Carer { .. } => "A carer".to_owned(),
        }
    }
}

/// "Added by you", "Added by Sarah (carer)", "Added by Margaret": who added an entry, as every
/// list and detail shows it. `source_name` is the name of the source it is kept under;
/// `person_first_name` is given when the record is someone the holder cares for, so that what
/// the person added themselves is not shown to their carer as "added by you".
pub fn added_by_words(by_carer: bool, source_name: &str, person_first_name: Option<&str>) -> String {
    match (by_carer, person_first_name) {
        (true, _) if source_name.ends_with("(carer)") => format!("Added by {}", source_name.trim()),
        (true, _) => "Added by a carer".to_owned(),
        (false, Some(n)) if !n.trim().is_empty() => format!("Added by {}", n.trim()),
        (false, _) => "Added by you".to_owned(),
    }
}

/// What an export or a professional reads on a tagged resource.
fn tag_display(author: &Author) -> String {
    match author {
        Author::Person => "Added by the patient".to_owned(),
        Author::Carer { .. } => "Added by the patient's carer".to_owned(),
    }
}

pub(super) fn trimmed(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn too_long(field: &'static str, what: &str, value: Option<&str>, max: usize, out: &mut Vec<OwnEntryError>) {
    if let Some(v) = value {
        let n = v.chars().count();
        if n > max {
            out.push(OwnEntryError::new(field, format!("{what} must be {max} characters or fewer (it is {n})")));
        }
    }
}

/// Checks what was typed for `kind` against `today` (the person's local date) and returns
/// every problem, each naming its field, or nothing.
pub fn check(kind: OwnKind, input: &OwnEntryInput, today: NaiveDate) -> Vec<OwnEntryError> {
    let mut out = Vec::new();
    let name = input.name.trim();
    if name.is_empty() && !kind.is_decision() {
        out.push(OwnEntryError::new("name", format!("Enter the {}", kind.name_label().to_lowercase())));
    }
    too_long("name", kind.name_label(), Some(name), NAME_MAX, &mut out);
    if let Some(d) = input.date {
        if d > today {
            out.push(OwnEntryError::new("date", format!("{} must be today or in the past", kind.date_label())));
        }
        if d < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN) {
            out.push(OwnEntryError::new("date", format!("{} must be after 1900", kind.date_label())));
        }
    }
    too_long("dose", "The dose", trimmed(&input.dose), SHORT_MAX, &mut out);
    too_long("howOften", "How often", trimmed(&input.how_often), SHORT_MAX, &mut out);
    too_long("reason", "Why", trimmed(&input.reason), SHORT_MAX, &mut out);
    too_long("reaction", "The reaction", trimmed(&input.reaction), SHORT_MAX, &mut out);
    too_long("country", "The country", trimmed(&input.country), SHORT_MAX, &mut out);
    too_long("text", "The note", trimmed(&input.text), TEXT_MAX, &mut out);
    if kind == OwnKind::Note && trimmed(&input.text).is_none() {
        out.push(OwnEntryError::new("text", "Enter the note"));
    }
    if kind.date_required() && input.date.is_none() {
        out.push(OwnEntryError::new("date", format!("Enter the {}", kind.date_label().to_lowercase())));
    }
    if kind == OwnKind::Document && input.attachment.is_none() {
        out.push(OwnEntryError::new("file", "Choose the file to attach: a PDF, or a photo as a JPEG or PNG"));
    }
    if kind == OwnKind::OrganDonation && input.decision.is_none() {
        out.push(OwnEntryError::new("decision", "Choose your decision"));
    }
    out
}

/// Checks a note on a GP entry: something to say, and not too long.
pub fn check_annotation(text: &str) -> Option<OwnEntryError> {
    let t = text.trim();
    if t.is_empty() {
        return Some(OwnEntryError::new("text", "Enter your note"));
    }
    let n = t.chars().count();
    (n > TEXT_MAX)
        .then(|| OwnEntryError::new("text", format!("Your note must be {TEXT_MAX} characters or fewer (it is {n})")))
}

/// What a resource is written with besides the input: its id, its version, who wrote it, the
/// reference to the person, and when.
pub struct Written<'a> {
    pub id: &'a str,
    /// 1 for a new entry; one more at each edit.
    pub version: u32,
    pub author: &'a Author,
    /// The reference to the person: "Patient/…" or a bundle's `urn:uuid:…`.
    pub patient: &'a str,
    pub now: DateTime<Utc>,
}
crate::redacted_debug!(Written<'a> { version });

fn text_cc(text: &str) -> Value {
    json!({ "text": text })
}

pub(super) fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub(super) fn unbase64(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(text.trim()).ok()
}

/// The `meta` of an own resource: its version, when it was written, and who wrote it.
fn tag_meta(w: &Written<'_>, now: &str) -> Value {
    json!({
        "versionId": w.version.to_string(),
        "lastUpdated": now,
        "tag": [{ "system": SOURCE_TAG_SYSTEM, "code": w.author.code(), "display": tag_display(w.author) }],
    })
}

/// The FHIR R4 resource for an entry that passed [`check`].
pub fn resource(kind: OwnKind, input: &OwnEntryInput, w: &Written<'_>) -> Value {
    let name = input.name.trim();
    let now = w.now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let date = input.date.map(|d| d.format("%Y-%m-%d").to_string());
    let person = json!({ "reference": w.patient });
    if kind == OwnKind::Document || kind.is_decision() {
        return super::own_document::resource(kind, input, w, tag_meta(w, &now));
    }
    let mut r = Map::new();
    r.insert("resourceType".into(), json!(kind.resource_type()));
    r.insert("id".into(), json!(w.id));
    r.insert("meta".into(), tag_meta(w, &now));
    let comment = trimmed(&input.text).filter(|_| kind != OwnKind::Note);
    let note = comment.map(|t| json!([{ "text": t }]));
    let current = input.status == OwnStatus::Current;
    match kind {
        OwnKind::Condition => {
            r.insert(
                "clinicalStatus".into(),
                json!({ "coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                    "code": if current { "active" } else { "resolved" },
                }] }),
            );
            r.insert(
                "category".into(),
                json!([{ "coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/condition-category",
                    "code": "problem-list-item",
                    "display": "Problem List Item",
                }] }]),
            );
            r.insert("code".into(), text_cc(name));
            r.insert("subject".into(), person.clone());
            if let Some(d) = &date {
                r.insert("onsetDateTime".into(), json!(d));
            }
            r.insert("recordedDate".into(), json!(now));
            r.insert("recorder".into(), person.clone());
            r.insert("asserter".into(), person);
        }
        OwnKind::Medicine => {
            r.insert("status".into(), json!(if current { "active" } else { "stopped" }));
            r.insert(
                "category".into(),
                json!({
                    "coding": [{
                        "system": "http://terminology.hl7.org/CodeSystem/medication-statement-category",
                        "code": "patientspecified",
                        "display": "Patient Specified",
                    }],
                    "text": input.medicine_type.label(),
                }),
            );
            r.insert("medicationCodeableConcept".into(), text_cc(name));
            r.insert("subject".into(), person.clone());
            if let Some(d) = &date {
                r.insert("effectivePeriod".into(), json!({ "start": d }));
            }
            r.insert("dateAsserted".into(), json!(now));
            r.insert("informationSource".into(), person);
            if let Some(why) = trimmed(&input.reason) {
                r.insert("reasonCode".into(), json!([text_cc(why)]));
            }
            let dosage: Vec<&str> = [trimmed(&input.dose), trimmed(&input.how_often)].into_iter().flatten().collect();
            if !dosage.is_empty() {
                r.insert("dosage".into(), json!([{ "text": dosage.join(", ") }]));
            }
        }
        OwnKind::Allergy => {
            r.insert(
                "clinicalStatus".into(),
                json!({ "coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
                    "code": "active",
                }] }),
            );
            r.insert("code".into(), text_cc(name));
            r.insert("patient".into(), person.clone());
            if let Some(d) = &date {
                r.insert("onsetDateTime".into(), json!(d));
            }
            r.insert("recordedDate".into(), json!(now));
            r.insert("recorder".into(), person.clone());
            r.insert("asserter".into(), person);
            if let Some(reaction) = trimmed(&input.reaction) {
                r.insert("reaction".into(), json!([{ "manifestation": [text_cc(reaction)] }]));
            }
        }
        OwnKind::Vaccination => {
            r.insert("status".into(), json!("completed"));
            r.insert("vaccineCode".into(), text_cc(name));
            r.insert("patient".into(), person);
            match &date {
                Some(d) => r.insert("occurrenceDateTime".into(), json!(d)),
                None => r.insert("occurrenceString".into(), json!("Date not known")),
            };
            r.insert("recorded".into(), json!(now));
            r.insert("primarySource".into(), json!(false));
            r.insert(
                "reportOrigin".into(),
                json!({ "coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/immunization-origin",
                    "code": "recall",
                    "display": "Parent/Guardian/Patient Recall",
                }] }),
            );
            if let Some(country) = trimmed(&input.country) {
                r.insert("location".into(), json!({ "display": country }));
            }
        }
        OwnKind::Procedure => {
            r.insert("status".into(), json!("completed"));
            r.insert("code".into(), text_cc(name));
            r.insert("subject".into(), person.clone());
            if let Some(d) = &date {
                r.insert("performedDateTime".into(), json!(d));
            }
            r.insert("recorder".into(), person.clone());
            r.insert("asserter".into(), person);
            if let Some(why) = trimmed(&input.reason) {
                r.insert("reasonCode".into(), json!([text_cc(why)]));
            }
        }
        OwnKind::Note => {
            let text = trimmed(&input.text).unwrap_or_default();
            r.insert("status".into(), json!("current"));
            r.insert(
                "type".into(),
                json!({
                    "coding": [{ "system": "http://loinc.org", "code": "51855-5", "display": "Patient Note" }],
                    "text": "Your own note",
                }),
            );
            r.insert("subject".into(), person.clone());
            r.insert("date".into(), json!(now));
            r.insert("author".into(), json!([person]));
            r.insert("description".into(), json!(name));
            let mut attachment = json!({
                "contentType": "text/plain; charset=utf-8",
                "data": base64(text.as_bytes()),
                "title": name,
            });
            if let (Some(d), Some(a)) = (&date, attachment.as_object_mut()) {
                a.insert("creation".into(), json!(d));
            }
            r.insert("content".into(), json!([{ "attachment": attachment }]));
        }
        // Written by `own_document::resource` above.
        OwnKind::Document
        | OwnKind::OrganDonation
        | OwnKind::AdvanceDecision
        | OwnKind::Respect
        | OwnKind::PowerOfAttorney => {}
    }
    if let Some(n) = note {
        r.insert("note".into(), n);
    }
    Value::Object(r)
}

/// Reads back what a stored own resource says, for an edit form: the inverse of [`resource`]
/// for every field it writes.
pub fn input_of(kind: OwnKind, r: &Value) -> OwnEntryInput {
    if kind == OwnKind::Document || kind.is_decision() {
        return super::own_document::input_of(kind, r);
    }
    let text_at = |v: &Value| v.get("text").and_then(Value::as_str).map(str::to_owned);
    let date_of = |v: Option<&Value>| {
        v.and_then(Value::as_str).and_then(|s| NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok())
    };
    let mut input =
        OwnEntryInput { text: r.get("note").and_then(|n| n.get(0)).and_then(text_at), ..OwnEntryInput::default() };
    let status_code =
        |v: Option<&Value>| v.and_then(|c| c.pointer("/coding/0/code")).and_then(Value::as_str).map(str::to_owned);
    match kind {
        OwnKind::Condition => {
            input.name = r.get("code").and_then(text_at).unwrap_or_default();
            input.date = date_of(r.get("onsetDateTime"));
            if status_code(r.get("clinicalStatus")).as_deref() == Some("resolved") {
                input.status = OwnStatus::Past;
            }
        }
        OwnKind::Medicine => {
            input.name = r.get("medicationCodeableConcept").and_then(text_at).unwrap_or_default();
            input.date = date_of(r.pointer("/effectivePeriod/start"));
            if r.get("status").and_then(Value::as_str) != Some("active") {
                input.status = OwnStatus::Past;
            }
            input.reason = r.pointer("/reasonCode/0").and_then(text_at);
            let category = r.get("category").and_then(text_at).unwrap_or_default();
            input.medicine_type = MedicineType::ALL.into_iter().find(|t| t.label() == category).unwrap_or_default();
            if let Some(d) = r.pointer("/dosage/0/text").and_then(Value::as_str) {
                // Written as "dose, how often"; the how often is after the last comma.
                match d.rsplit_once(", ") {
                    Some((dose, often)) => {
                        input.dose = Some(dose.to_owned());
                        input.how_often = Some(often.to_owned());
                    }
                    None => input.dose = Some(d.to_owned()),
                }
            }
        }
        OwnKind::Allergy => {
            input.name = r.get("code").and_then(text_at).unwrap_or_default();
            input.date = date_of(r.get("onsetDateTime"));
            input.reaction = r.pointer("/reaction/0/manifestation/0").and_then(text_at);
        }
        OwnKind::Vaccination => {
            input.name = r.get("vaccineCode").and_then(text_at).unwrap_or_default();
            input.date = date_of(r.get("occurrenceDateTime"));
            input.country = r.pointer("/location/display").and_then(Value::as_str).map(str::to_owned);
        }
        OwnKind::Procedure => {
            input.name = r.get("code").and_then(text_at).unwrap_or_default();
            input.date = date_of(r.get("performedDateTime"));
            input.reason = r.pointer("/reasonCode/0").and_then(text_at);
        }
        OwnKind::Note => {
            input.name = r.get("description").and_then(Value::as_str).unwrap_or_default().to_owned();
            input.date = date_of(r.pointer("/content/0/attachment/creation"));
            input.text = r
                .pointer("/content/0/attachment/data")
                .and_then(Value::as_str)
                .and_then(unbase64)
                .and_then(|b| String::from_utf8(b).ok());
        }
        OwnKind::Document
        | OwnKind::OrganDonation
        | OwnKind::AdvanceDecision
        | OwnKind::Respect
        | OwnKind::PowerOfAttorney => {}
    }
    input
}

/// Whether a stored resource was written by the person or their carer in this app: its
/// `meta.tag`, and who (`Some(true)` a carer).
pub fn tagged_by_carer(r: &Value) -> Option<bool> {
    r.pointer("/meta/tag")?.as_array()?.iter().find_map(|t| {
        (t.get("system").and_then(Value::as_str) == Some(SOURCE_TAG_SYSTEM))
            .then(|| t.get("code").and_then(Value::as_str) == Some("carer"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"Side effects"), "U2lkZSBlZmZlY3Rz");
    }

    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
    }

    fn written<'a>(author: &'a Author) -> Written<'a> {
        Written {
            id: "e1",
            version: 1,
            author,
            patient: "Patient/p1",
            now: DateTime::<Utc>::from_timestamp(1_796_000_000, 0).unwrap(),
        }
    }

    /// Text a person might type: letters, digits, punctuation and accents, not only spaces.
    fn words() -> impl Strategy<Value = String> {
        "[A-Za-z0-9éü'(),./-][A-Za-z0-9éü'(),./ -]{0,40}"
            .prop_map(|s| s.trim().to_owned())
            .prop_filter("not empty", |s| !s.is_empty())
    }

    fn optional() -> impl Strategy<Value = Option<String>> {
        proptest::option::of(words().prop_filter("no list separator", |s| !s.contains(", ")))
    }

    proptest! {
        /// What a form writes, an edit form reads back: every field of every kind.
        #[test]
        fn every_kind_reads_back_what_it_wrote(
            k in 0usize..6,
            name in words(),
            days in proptest::option::of(0i64..40_000),
            past in any::<bool>(),
            t in 0usize..3,
            dose in optional(),
            how_often in optional(),
            reason in optional(),
            reaction in optional(),
            country in optional(),
            text in optional(),
        ) {
            let kind = OwnKind::ALL[k];
            let mut input = OwnEntryInput {
                name,
                date: days.map(|d| today() - chrono::Days::new(d.unsigned_abs())),
                status: if past { OwnStatus::Past } else { OwnStatus::Current },
                medicine_type: MedicineType::ALL[t],
                text: text.or_else(|| (kind == OwnKind::Note).then(|| "A note".to_owned())),
                ..OwnEntryInput::default()
            };
            match kind {
                OwnKind::Medicine => {
                    input.dose = dose;
                    input.how_often = how_often.filter(|_| input.dose.is_some());
                    input.reason = reason;
                }
                OwnKind::Procedure => input.reason = reason,
                OwnKind::Allergy => input.reaction = reaction,
                OwnKind::Vaccination => input.country = country,
                OwnKind::Condition | OwnKind::Note => {}
                // Only the first six kinds are drawn here (own_document's tests hold the rest).
                _ => {}
            }
            if !matches!(kind, OwnKind::Condition | OwnKind::Medicine) {
                input.status = OwnStatus::Current;
            }
            if kind != OwnKind::Medicine {
                input.medicine_type = MedicineType::default();
            }
            prop_assert!(check(kind, &input, today()).is_empty());
            let r = resource(kind, &input, &written(&Author::Person));
            prop_assert_eq!(r["resourceType"].as_str(), Some(kind.resource_type()));
            prop_assert_eq!(tagged_by_carer(&r), Some(false));
            prop_assert!(input_of(kind, &r) == input, "{} read back differently: {}", kind.code(), r);
        }

        /// A date after today is refused on the date field, whatever the kind.
        #[test]
        fn a_future_date_is_refused_on_its_field(k in 0usize..6, ahead in 1u64..10_000) {
            let kind = OwnKind::ALL[k];
            let input = OwnEntryInput {
                name: "Something".into(),
                date: Some(today() + chrono::Days::new(ahead)),
                text: Some("A note".into()),
                ..OwnEntryInput::default()
            };
            let problems = check(kind, &input, today());
            prop_assert_eq!(problems.len(), 1);
            prop_assert_eq!(problems[0].field, "date");
        }
    }

    #[test]
    fn the_patient_is_the_author_or_source_of_every_kind() {
        let you = Author::Person;
        let input = OwnEntryInput { name: "Thing".into(), text: Some("Note".into()), ..OwnEntryInput::default() };
        let at = |kind: OwnKind, pointer: &str| resource(kind, &input, &written(&you)).pointer(pointer).cloned();
        let p = Some(json!("Patient/p1"));
        assert_eq!(at(OwnKind::Condition, "/asserter/reference"), p);
        assert_eq!(at(OwnKind::Medicine, "/informationSource/reference"), p);
        assert_eq!(at(OwnKind::Allergy, "/recorder/reference"), p);
        assert_eq!(at(OwnKind::Allergy, "/asserter/reference"), p);
        assert_eq!(at(OwnKind::Vaccination, "/primarySource"), Some(json!(false)));
        assert_eq!(at(OwnKind::Vaccination, "/reportOrigin/coding/0/code"), Some(json!("recall")));
        assert_eq!(at(OwnKind::Procedure, "/asserter/reference"), p);
        assert_eq!(at(OwnKind::Note, "/author/0/reference"), p);
        let carer = Author::Carer { name: Some("Sarah".into()) };
        let r = resource(OwnKind::Medicine, &input, &written(&carer));
        assert_eq!(tagged_by_carer(&r), Some(true));
        assert_eq!(carer.source_name(), "Sarah (carer)");
    }

    #[test]
    fn long_fields_are_refused_naming_the_field() {
        let input = OwnEntryInput {
            name: "n".repeat(NAME_MAX + 1),
            reaction: Some("r".repeat(SHORT_MAX + 1)),
            ..OwnEntryInput::default()
        };
        let fields: Vec<&str> = check(OwnKind::Allergy, &input, today()).iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "reaction"]);
        assert_eq!(check_annotation(" ").map(|e| e.field), Some("text"));
        assert!(check_annotation("Stopped in May, side effects").is_none());
    }

    #[test]
    fn added_by_names_who() {
        assert_eq!(added_by_words(false, "You", None), "Added by you");
        assert_eq!(added_by_words(true, "Sarah (carer)", None), "Added by Sarah (carer)");
        assert_eq!(added_by_words(false, "You", Some("Margaret")), "Added by Margaret");
        assert_eq!(added_by_words(true, &Author::Carer { name: None }.source_name(), None), "Added by a carer");
    }
}
