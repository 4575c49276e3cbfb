//! Documents the person keeps in their record (a letter as a PDF, a photo as a JPEG or PNG) and
//! the decisions they have made (organ donation, an advance decision to refuse treatment, a
//! ReSPECT form, a lasting power of attorney for health and welfare): the file checks, the FHIR
//! R4 `DocumentReference` each is written as, and the list of decisions.
//!
//! Every one is a `DocumentReference` authored by the Patient, with the own-entry tag, its
//! `type` coded in [`DOCUMENT_TYPE_SYSTEM`] (and LOINC where LOINC has a code for it), and its
//! file, when there is one, in `content.attachment` with `contentType`, `title` (the file's
//! name), `size`, `hash` (SHA-1, base64, as FHIR R4 defines it), `creation` (the document's
//! date) and the bytes as `data`. The import pipeline keeps those bytes in the `attachment`
//! table inside the encrypted database; nothing is written as a plain file.
//!
//! Why a `DocumentReference` for the decisions too, and not a `Consent`: the advance decision,
//! the ReSPECT form and the power of attorney are papers the person holds, whose words are the
//! decision (the app records that it exists, its date and a copy, never what it decides). An
//! organ donation decision is no paper, but R4's `Consent` needs a `policy` or `policyRule`
//! and a `scope` (its codes are advance directive, research, privacy and treatment consent,
//! none of them organ donation), and "not decided" is no consent state; so it is a
//! `DocumentReference` too, its decision in the extensions [`DONATION_DECISION_EXTENSION`] and
//! [`DONOR_REGISTER_EXTENSION`] and in words in its attachment's title. All four carry the
//! category LOINC [`ADVANCE_DIRECTIVES_LOINC`] ("Advance directives"), the IPS section they
//! belong in, so an IPS export finds them by that category.

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use super::own_entry::{OwnEntryError, OwnEntryInput, OwnKind, Written, base64, trimmed};
use crate::ErrorCode;

/// The largest file the app keeps (20 MB, decimal as every size the app states): a phone's
/// photo is 2 to 8 MB and a scanned letter of a few pages under 5 MB; the bytes live inside
/// the person's database (and its backups), twice (the resource's base64 and the attachment
/// row), so a cap keeps one file from growing a record by more than about 47 MB.
pub const MAX_DOCUMENT_BYTES: u64 = 20_000_000;

/// The code system of an own document's `type` (its code is the kind's, [`OwnKind::code`]).
pub const DOCUMENT_TYPE_SYSTEM: &str = "urn:phr:fhir:code:own-document";

/// LOINC "Advance directives": the category of every decision, and the IPS section
/// (`sectionAdvanceDirectives`) they land in.
pub const ADVANCE_DIRECTIVES_LOINC: &str = "42348-3";

/// The extension holding an organ donation decision (`valueCode`: a [`DonationDecision`] code).
pub const DONATION_DECISION_EXTENSION: &str = "urn:phr:fhir:extension:organ-donation-decision";

/// The extension saying whether the decision is on the NHS Organ Donor Register (`valueBoolean`).
pub const DONOR_REGISTER_EXTENSION: &str = "urn:phr:fhir:extension:organ-donor-register";

const LOINC: &str = "http://loinc.org";

/// The LOINC document type of a decision, where LOINC has one: 75320-2 "Advance directive",
/// 100826-7 "Portable medical order form" (the family a ReSPECT form belongs to), 64298-3
/// "Power of attorney". Organ donation has none.
fn loinc_type(kind: OwnKind) -> Option<(&'static str, &'static str)> {
    match kind {
        OwnKind::AdvanceDecision => Some(("75320-2", "Advance directive")),
        OwnKind::Respect => Some(("100826-7", "Portable medical order form")),
        OwnKind::PowerOfAttorney => Some(("64298-3", "Power of attorney")),
        _ => None,
    }
}

/// The kinds of file a person may attach, known by their first bytes (never by their name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileType {
    Pdf,
    Jpeg,
    Png,
}

impl FileType {
    pub const ALL: [FileType; 3] = [FileType::Pdf, FileType::Jpeg, FileType::Png];

    /// The MIME type written as `contentType`.
    pub fn content_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
        }
    }

    pub fn of_content_type(t: &str) -> Option<Self> {
        let t = t.split(';').next().unwrap_or_default().trim();
        Self::ALL.into_iter().find(|f| f.content_type().eq_ignore_ascii_case(t))
    }

    /// The file name's usual ending, for a copy saved out.
    pub fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Jpeg => "jpg",
            FileType::Png => "png",
        }
    }

    /// A photo, which the entry's page can show.
    pub fn is_image(self) -> bool {
        matches!(self, FileType::Jpeg | FileType::Png)
    }

    /// What it is called in a sentence.
    pub fn words(self) -> &'static str {
        match self {
            FileType::Pdf => "a PDF",
            FileType::Jpeg => "a photo (JPEG)",
            FileType::Png => "a picture (PNG)",
        }
    }
}

/// The type of a file by its first bytes: `%PDF-` (ISO 32000), the JPEG start-of-image marker
/// `FF D8 FF`, the PNG signature `89 50 4E 47 0D 0A 1A 0A`.
pub fn sniff(bytes: &[u8]) -> Option<FileType> {
    if bytes.starts_with(b"%PDF-") {
        Some(FileType::Pdf)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileType::Jpeg)
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(FileType::Png)
    } else {
        None
    }
}

/// SHA-1 of `bytes`, base64: FHIR R4's `Attachment.hash`.
pub fn sha1_base64(bytes: &[u8]) -> String {
    base64(ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, bytes).as_ref())
}

/// Checks a file the person chose (`file_name` as it is shown to them, its bytes) and gives
/// the FHIR `Attachment` to keep it in: refused on the field `file` when it is empty, over
/// [`MAX_DOCUMENT_BYTES`] (FILE_TOO_LARGE, naming the file and the cap) or not a PDF, JPEG or
/// PNG by its first bytes (UNSUPPORTED_FORMAT, whatever its name says).
pub fn attachment_of(file_name: &str, bytes: &[u8]) -> Result<Value, OwnEntryError> {
    let len = bytes.len() as u64;
    if len > MAX_DOCUMENT_BYTES {
        return Err(OwnEntryError {
            field: "file",
            code: ErrorCode::FileTooLarge,
            message: format!(
                "{file_name} is too large ({}). The app keeps files of up to {}. Nothing was read from it.",
                crate::sizes::size_words(len),
                crate::sizes::size_words(MAX_DOCUMENT_BYTES)
            ),
        });
    }
    if bytes.is_empty() {
        return Err(OwnEntryError::new("file", format!("{file_name} is empty. Choose another file.")));
    }
    let Some(file_type) = sniff(bytes) else {
        return Err(OwnEntryError {
            field: "file",
            code: ErrorCode::UnsupportedFormat,
            message: format!(
                "{file_name} is not a PDF, JPEG or PNG file. The app keeps letters as PDFs and photos as JPEG or PNG: save it as one of those and choose it again."
            ),
        });
    };
    Ok(json!({
        "contentType": file_type.content_type(),
        "data": base64(bytes),
        "title": file_name,
        "size": len,
        "hash": sha1_base64(bytes),
    }))
}

/// What the person reads about a kept file: its name, type and size.
#[derive(Clone, PartialEq, Eq)]
pub struct FileFacts {
    pub file_name: String,
    pub file_type: Option<FileType>,
    pub size: u64,
}
crate::redacted_debug!(FileFacts { file_type, size });

/// The file an own document keeps, from its `content.attachment` (none when it has no bytes).
pub fn file_facts(r: &Value) -> Option<FileFacts> {
    let a = r.pointer("/content/0/attachment")?;
    a.get("data")?;
    Some(FileFacts {
        file_name: a.get("title").and_then(Value::as_str).unwrap_or("File").to_owned(),
        file_type: a.get("contentType").and_then(Value::as_str).and_then(FileType::of_content_type),
        size: a.get("size").and_then(Value::as_u64).unwrap_or_default(),
    })
}

/// The attachment (with its bytes) an own document keeps, for an edit that keeps the file.
pub fn stored_attachment(r: &Value) -> Option<Value> {
    r.pointer("/content/0/attachment").filter(|a| a.get("data").is_some()).cloned()
}

/// Replaces the bytes of every attachment in `resource` longer than a line of text with a
/// sentence saying how large they are: the entry's page shows the resource as it is stored,
/// and a letter's base64 is neither readable nor small.
pub fn leave_out_file_bytes(resource: &mut Value) {
    let Some(content) = resource.get_mut("content").and_then(Value::as_array_mut) else { return };
    for c in content {
        if let Some(data) = c.pointer_mut("/attachment/data") {
            let len = data.as_str().map_or(0, str::len);
            if len > 200 {
                let bytes = (len as u64 / 4) * 3;
                *data = json!(format!(
                    "(the file, about {}, is kept in the record and not shown here)",
                    crate::sizes::size_words(bytes)
                ));
            }
        }
    }
}

/// An organ donation decision, as the NHS Organ Donor Register records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DonationDecision {
    /// They want to donate their organs and tissue.
    OptIn,
    /// They do not want to donate.
    OptOut,
    /// They have not decided.
    NotDecided,
}

impl DonationDecision {
    pub const ALL: [DonationDecision; 3] =
        [DonationDecision::OptIn, DonationDecision::OptOut, DonationDecision::NotDecided];

    pub fn code(self) -> &'static str {
        match self {
            DonationDecision::OptIn => "opt-in",
            DonationDecision::OptOut => "opt-out",
            DonationDecision::NotDecided => "not-decided",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.code() == code.trim())
    }

    /// The choice on the form, in the person's words.
    pub fn label(self) -> &'static str {
        match self {
            DonationDecision::OptIn => "I want to donate my organs and tissue",
            DonationDecision::OptOut => "I do not want to donate my organs and tissue",
            DonationDecision::NotDecided => "I have not decided",
        }
    }

    /// The decision in a sentence about the person, for anyone reading the record.
    fn statement(self, registered: bool) -> String {
        let what = match self {
            DonationDecision::OptIn => "Wants to donate their organs and tissue",
            DonationDecision::OptOut => "Does not want to donate their organs and tissue",
            DonationDecision::NotDecided => "Has not decided about organ donation",
        };
        if registered {
            format!("{what}. Registered on the NHS Organ Donor Register.")
        } else {
            format!("{what}. Not registered on the NHS Organ Donor Register.")
        }
    }
}

/// The words of the "registered" box.
pub const REGISTERED_LABEL: &str = "I have registered my decision on the NHS Organ Donor Register";

/// Where to read more about each decision (opened in the person's browser through the
/// meaning-page launcher, never fetched): (kind, address, link words).
pub const DECISION_PAGES: &[(OwnKind, &str, &str)] = &[
    (
        OwnKind::OrganDonation,
        "https://www.organdonation.nhs.uk/register-your-decision/",
        "Register or change your decision on the NHS Organ Donor Register",
    ),
    (
        OwnKind::AdvanceDecision,
        "https://www.nhs.uk/conditions/end-of-life-care/planning-ahead/advance-decision-to-refuse-treatment/",
        "Advance decision to refuse treatment on the NHS website",
    ),
    (OwnKind::Respect, "https://www.resus.org.uk/respect", "About ReSPECT forms (Resuscitation Council UK)"),
    (OwnKind::PowerOfAttorney, "https://www.gov.uk/power-of-attorney", "Lasting power of attorney on GOV.UK"),
];

/// The page about `kind`'s decision: (address, link words).
pub fn decision_page(kind: OwnKind) -> Option<(&'static str, &'static str)> {
    DECISION_PAGES.iter().find(|(k, _, _)| *k == kind).map(|(_, url, words)| (*url, *words))
}

/// The title of a document or decision: what the person typed, else the kind's name.
fn title_of(kind: OwnKind, input: &OwnEntryInput) -> String {
    let name = input.name.trim();
    if name.is_empty() { kind.noun().to_owned() } else { name.to_owned() }
}

/// The `DocumentReference` of a document or decision that passed `own_entry::check`.
pub(super) fn resource(kind: OwnKind, input: &OwnEntryInput, w: &Written<'_>, meta: Value) -> Value {
    let now = w.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let person = json!({ "reference": w.patient });
    let date = input.date.map(|d| d.format("%Y-%m-%d").to_string());
    let title = title_of(kind, input);
    let mut r = Map::new();
    r.insert("resourceType".into(), json!("DocumentReference"));
    r.insert("id".into(), json!(w.id));
    r.insert("meta".into(), meta);
    if kind == OwnKind::OrganDonation {
        let decision = input.decision.unwrap_or(DonationDecision::NotDecided);
        r.insert(
            "extension".into(),
            json!([
                { "url": DONATION_DECISION_EXTENSION, "valueCode": decision.code() },
                { "url": DONOR_REGISTER_EXTENSION, "valueBoolean": input.registered },
            ]),
        );
    }
    r.insert("status".into(), json!("current"));
    let mut codings = vec![json!({ "system": DOCUMENT_TYPE_SYSTEM, "code": kind.code(), "display": kind.noun() })];
    if let Some((code, display)) = loinc_type(kind) {
        codings.push(json!({ "system": LOINC, "code": code, "display": display }));
    }
    r.insert("type".into(), json!({ "coding": codings, "text": kind.noun() }));
    if kind.is_decision() {
        r.insert(
            "category".into(),
            json!([{ "coding": [{ "system": LOINC, "code": ADVANCE_DIRECTIVES_LOINC, "display": "Advance directives" }] }]),
        );
    }
    r.insert("subject".into(), person.clone());
    r.insert("date".into(), json!(now));
    r.insert("author".into(), json!([person]));
    r.insert("description".into(), json!(title));
    let mut attachment = match (&input.attachment, kind) {
        (Some(a), k) if k.takes_file() => a.clone(),
        // No file: the attachment names what it is (FHIR needs one `content`), with no bytes.
        (_, OwnKind::OrganDonation) => {
            json!({ "title": input.decision.unwrap_or(DonationDecision::NotDecided).statement(input.registered) })
        }
        _ => json!({ "title": format!("{}: no copy kept in this record", kind.noun()) }),
    };
    if let Some(a) = attachment.as_object_mut() {
        match &date {
            Some(d) => a.insert("creation".into(), json!(d)),
            None => a.remove("creation"),
        };
    }
    r.insert("content".into(), json!([{ "attachment": attachment }]));
    if let Some(about) = input.about.as_deref().filter(|_| kind == OwnKind::Document) {
        r.insert("context".into(), json!({ "related": [{ "reference": about }] }));
    }
    // R4's DocumentReference has no `note`: the person's comment is kept in an extension.
    if let Some(t) = trimmed(&input.text) {
        let mut ext = r.get("extension").and_then(Value::as_array).cloned().unwrap_or_default();
        ext.push(json!({ "url": COMMENT_EXTENSION, "valueString": t }));
        r.insert("extension".into(), Value::Array(ext));
    }
    Value::Object(r)
}

/// The extension holding the person's comment on a document or decision (R4's
/// `DocumentReference` has no `note`).
pub const COMMENT_EXTENSION: &str = "urn:phr:fhir:extension:own-comment";

fn extension<'v>(r: &'v Value, url: &str) -> Option<&'v Value> {
    r.get("extension")?.as_array()?.iter().find(|e| e.get("url").and_then(Value::as_str) == Some(url))
}

/// Reads back what [`resource`] wrote, for an edit form (the file itself is not read: an
/// edit keeps the stored one unless another is chosen).
pub(super) fn input_of(kind: OwnKind, r: &Value) -> OwnEntryInput {
    let title = r.get("description").and_then(Value::as_str).unwrap_or_default();
    let name = if kind.is_decision() && title == kind.noun() { String::new() } else { title.to_owned() };
    let date = r
        .pointer("/content/0/attachment/creation")
        .and_then(Value::as_str)
        .and_then(|s| NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok());
    OwnEntryInput {
        name,
        date,
        text: extension(r, COMMENT_EXTENSION)
            .and_then(|e| e.get("valueString"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        decision: extension(r, DONATION_DECISION_EXTENSION)
            .and_then(|e| e.get("valueCode"))
            .and_then(Value::as_str)
            .and_then(DonationDecision::from_code),
        registered: extension(r, DONOR_REGISTER_EXTENSION).and_then(|e| e.get("valueBoolean")).and_then(Value::as_bool)
            == Some(true),
        about: r.pointer("/context/related/0/reference").and_then(Value::as_str).map(str::to_owned),
        ..OwnEntryInput::default()
    }
}

/// One decision the person has made, as "what matters to me", a share and an IPS show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Decision {
    pub kind: OwnKind,
    /// The entry it is kept in.
    pub entry_id: i64,
    /// The title the person gave it, or the kind's name.
    pub title: String,
    /// When it was made, signed or completed.
    pub date: Option<NaiveDate>,
    /// The organ donation decision in a sentence ("Wants to donate ... Registered on ...").
    pub statement: Option<String>,
    /// The kept file, when there is one.
    pub file: Option<FileFacts>,
    /// Whether it is the newest of its kind the record holds (by its date, then by when it
    /// was added): an older one is shown as replaced, never as the person's current decision.
    pub latest: bool,
}
crate::redacted_debug!(Decision { kind, entry_id, date, latest });

/// The decisions among the person's own resources ((entry id, kind, resource), in the order
/// they were added, oldest first), newest first within each kind, each marked whether it is
/// the latest of its kind, kinds in [`OwnKind::DECISIONS`]'s order.
pub fn decisions(own: &[(i64, OwnKind, &Value)]) -> Vec<Decision> {
    let mut out = Vec::new();
    for kind in OwnKind::DECISIONS {
        let mut of_kind: Vec<Decision> = own
            .iter()
            .filter(|(_, k, _)| *k == kind)
            .map(|(entry_id, _, r)| {
                let input = input_of(kind, r);
                Decision {
                    kind,
                    entry_id: *entry_id,
                    title: title_of(kind, &input),
                    date: input.date,
                    statement: (kind == OwnKind::OrganDonation)
                        .then(|| input.decision.unwrap_or(DonationDecision::NotDecided).statement(input.registered)),
                    file: file_facts(r),
                    latest: false,
                }
            })
            .collect();
        // Newest date first; the same date (or none), the one added later first.
        of_kind.sort_by(|a, b| b.date.cmp(&a.date).then(b.entry_id.cmp(&a.entry_id)));
        if let Some(first) = of_kind.first_mut() {
            first.latest = true;
        }
        out.extend(of_kind);
    }
    out
}

/// What to say of a decision that is not the latest of its kind.
pub fn replaced_words(kind: OwnKind) -> String {
    format!(
        "A newer {} is in this record: this one may no longer apply.",
        kind.noun().to_lowercase().replace("respect", "ReSPECT")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::own_entry::{Author, check, input_of as read_back, resource as write};
    use chrono::{DateTime, Utc};

    const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F'];

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
    }

    fn written(author: &Author) -> Written<'_> {
        Written {
            id: "d1",
            version: 1,
            author,
            patient: "Patient/p1",
            now: DateTime::<Utc>::from_timestamp(1_796_000_000, 0).unwrap(),
        }
    }

    #[test]
    fn files_are_known_by_their_first_bytes_not_their_name() {
        assert_eq!(sniff(PDF), Some(FileType::Pdf));
        assert_eq!(sniff(PNG), Some(FileType::Png));
        assert_eq!(sniff(JPEG), Some(FileType::Jpeg));
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(b"PK\x03\x04 a Word document"), None);
        assert_eq!(sniff(b""), None);
        // A text file named like a PDF is refused, and says so naming the file.
        let e = attachment_of("letter.pdf", b"Dear Dr Smith").unwrap_err();
        assert_eq!((e.field, e.code), ("file", ErrorCode::UnsupportedFormat));
        assert!(e.message.starts_with("letter.pdf is not a PDF, JPEG or PNG file"), "{}", e.message);
        // A PDF named like a photo is kept as the PDF it is.
        let a = attachment_of("scan.jpg", PDF).unwrap();
        assert_eq!(a["contentType"], "application/pdf");
        assert_eq!(attachment_of("empty.pdf", b"").unwrap_err().field, "file");
    }

    #[test]
    fn a_file_over_the_cap_is_refused_naming_it_and_the_cap() {
        let mut big = PDF.to_vec();
        big.resize(usize::try_from(MAX_DOCUMENT_BYTES).unwrap() + 1, b' ');
        let e = attachment_of("big scan.pdf", &big).unwrap_err();
        assert_eq!((e.field, e.code), ("file", ErrorCode::FileTooLarge));
        assert!(e.message.contains("big scan.pdf"), "{}", e.message);
        assert!(e.message.contains("20 MB"), "{}", e.message);
        big.truncate(usize::try_from(MAX_DOCUMENT_BYTES).unwrap());
        assert!(attachment_of("just fits.pdf", &big).is_ok());
    }

    #[test]
    fn the_attachment_has_its_type_title_size_hash_and_date() {
        let input = OwnEntryInput {
            name: "Letter from the eye clinic".into(),
            date: NaiveDate::from_ymd_opt(2026, 3, 15),
            attachment: Some(attachment_of("eye-clinic.pdf", PDF).unwrap()),
            about: Some("Condition/c1".into()),
            text: Some("New glasses".into()),
            ..OwnEntryInput::default()
        };
        assert!(check(OwnKind::Document, &input, today()).is_empty());
        let r = write(OwnKind::Document, &input, &written(&Author::Person));
        assert_eq!(r["resourceType"], "DocumentReference");
        assert_eq!(r["author"][0]["reference"], "Patient/p1");
        assert_eq!(r["type"]["coding"][0]["system"], DOCUMENT_TYPE_SYSTEM);
        assert_eq!(r["type"]["coding"][0]["code"], "document");
        let a = &r["content"][0]["attachment"];
        assert_eq!(a["contentType"], "application/pdf");
        assert_eq!(a["title"], "eye-clinic.pdf");
        assert_eq!(a["size"], PDF.len() as u64);
        assert_eq!(a["creation"], "2026-03-15");
        // SHA-1 of the bytes, base64 (checked against `sha1sum`'s hex for the same bytes).
        let hex: String = {
            let b = crate::record::own_entry::unbase64(a["hash"].as_str().unwrap()).unwrap();
            b.iter().map(|x| format!("{x:02x}")).collect()
        };
        assert_eq!(hex.len(), 40);
        assert_eq!(sha1_base64(b"abc"), "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
        assert_eq!(crate::record::own_entry::unbase64(a["data"].as_str().unwrap()).unwrap(), PDF);
        assert_eq!(r["context"]["related"][0]["reference"], "Condition/c1");
        assert!(r.get("category").is_none(), "a letter is no advance directive");
        let back = read_back(OwnKind::Document, &r);
        assert_eq!(back.name, input.name);
        assert_eq!(back.date, input.date);
        assert_eq!(back.about, input.about);
        assert_eq!(back.text, input.text);
        assert_eq!(file_facts(&r).unwrap().file_type, Some(FileType::Pdf));
        let codes: Vec<(&str, &str)> = vec![(DOCUMENT_TYPE_SYSTEM, "document")];
        assert_eq!(OwnKind::of_resource("DocumentReference", &codes), Some(OwnKind::Document));
        assert_eq!(OwnKind::of_resource("DocumentReference", &[("http://loinc.org", "51855-5")]), Some(OwnKind::Note));
    }

    #[test]
    fn a_document_needs_its_file_and_a_decision_its_date() {
        let no_file = OwnEntryInput { name: "Letter".into(), ..OwnEntryInput::default() };
        let fields: Vec<&str> = check(OwnKind::Document, &no_file, today()).iter().map(|e| e.field).collect();
        assert_eq!(fields, ["file"]);
        let nothing = OwnEntryInput::default();
        let fields: Vec<&str> = check(OwnKind::OrganDonation, &nothing, today()).iter().map(|e| e.field).collect();
        assert_eq!(fields, ["date", "decision"]);
        let fields: Vec<&str> = check(OwnKind::Respect, &nothing, today()).iter().map(|e| e.field).collect();
        assert_eq!(fields, ["date"], "a ReSPECT form needs no title and may be kept without a copy");
    }

    #[test]
    fn decisions_are_advance_directives_an_ips_finds() {
        let dated = |d: u32| OwnEntryInput {
            date: NaiveDate::from_ymd_opt(2025, 1, d),
            decision: Some(DonationDecision::OptIn),
            registered: true,
            ..OwnEntryInput::default()
        };
        let you = Author::Person;
        for kind in OwnKind::DECISIONS {
            let r = write(kind, &dated(1), &written(&you));
            assert_eq!(r["category"][0]["coding"][0]["code"], ADVANCE_DIRECTIVES_LOINC, "{}", kind.code());
            assert_eq!(r["category"][0]["coding"][0]["system"], LOINC);
            assert_eq!(r["author"][0]["reference"], "Patient/p1");
            assert_eq!(r["description"], kind.noun());
            assert!(r["content"][0]["attachment"].get("data").is_none());
            assert_eq!(r["content"][0]["attachment"]["creation"], "2025-01-01");
        }
        let organ = write(OwnKind::OrganDonation, &dated(1), &written(&you));
        assert_eq!(
            organ["content"][0]["attachment"]["title"],
            "Wants to donate their organs and tissue. Registered on the NHS Organ Donor Register."
        );
        let back = read_back(OwnKind::OrganDonation, &organ);
        assert_eq!((back.decision, back.registered, back.name.as_str()), (Some(DonationDecision::OptIn), true, ""));
        let advance = write(OwnKind::AdvanceDecision, &dated(1), &written(&you));
        assert_eq!(advance["type"]["coding"][1]["code"], "75320-2");

        // Two ReSPECT forms: the later-dated is the latest, whichever was added first.
        let newer = write(OwnKind::Respect, &dated(20), &written(&you));
        let older = write(OwnKind::Respect, &dated(2), &written(&you));
        let list = decisions(&[
            (1, OwnKind::Respect, &newer),
            (2, OwnKind::Respect, &older),
            (3, OwnKind::OrganDonation, &organ),
        ]);
        let seen: Vec<(OwnKind, i64, bool)> = list.iter().map(|d| (d.kind, d.entry_id, d.latest)).collect();
        assert_eq!(
            seen,
            [(OwnKind::OrganDonation, 3, true), (OwnKind::Respect, 1, true), (OwnKind::Respect, 2, false)]
        );
        assert_eq!(
            replaced_words(OwnKind::Respect),
            "A newer ReSPECT form is in this record: this one may no longer apply."
        );
    }
}
