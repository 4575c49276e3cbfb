//! Medicines as the person takes them: the record's prescribing plans, issues, statements and
//! dispensings grouped by medicine, each medicine once, with whether it is current by its
//! source's own rules, and the words every front end says about them.
//!
//! A GP record holds one entry per authorisation and one per issue, so a medicine issued six
//! times is seven entries. Listing entries (or only those marked "active") makes a person on
//! acute medicines look as if they take nothing. Here the entries are grouped first, and
//! "current" is decided per medicine:
//!
//! - **GP Connect (STU3).** An authorisation (a MedicationRequest with intent `plan`, or its
//!   MedicationStatement) is `active` only for an active repeat or repeat-dispensing medicine;
//!   GP Connect says "'complete' should be used for all acute authorisations" (Access Record
//!   Structured, "Populating the elements in the medication FHIR profiles",
//!   nhsconnect/gpconnect `accessrecord_structured_development_medication_population.md`). So
//!   an acute medicine is never `active` in the source, and is current here when it was issued
//!   in the last [`ACUTE_CURRENT_DAYS`] days, unless it was stopped.
//! - **R4 sources** (Synthea, UK Core): a MedicationRequest or MedicationStatement whose status
//!   is `active`.
//!
//! Today is a parameter: nothing here reads a clock.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::words::status_text;
use super::{Coding, DMD, Fact, SNOMED, Sensitivity};

/// An acute medicine counts as current for 28 days after its latest issue. 28 days is the
/// NHS's usual prescribing interval ("A 28 day prescribing interval is recognised by the NHS as
/// making the best possible balance between patient convenience, good medical practice and
/// minimal drug wastage", the Department of Health as quoted by GP practices, e.g.
/// <https://grattonsurgery.nhs.uk/prescriptions/28-day-prescribing/>), and the GP Connect
/// example issues carry an expected supply of 28 days. GP Connect's own HTML view lists
/// acute medicines of the last 365 days as "Recent Acute Medication": recent, not current, so
/// that longer window is not used here.
pub const ACUTE_CURRENT_DAYS: i64 = 28;

/// A current medicine with nothing newer than this many days gets a caution to check it is
/// still taken: repeat medicines are reviewed at least once a year, and a practice "cannot
/// continue to prescribe for longer than a year without you having a medication review"
/// (<https://stmartinspracticeleeds.nhs.uk/repeat-medication---patient-information>).
pub const STALE_CURRENT_DAYS: i64 = 365;

/// How many medicines the summary names when none is current.
pub const MOST_RECENT_SHOWN: usize = 3;

/// The title the mapping gives a medicine whose name the record does not hold.
pub const UNNAMED_MEDICINE: &str = "Medicine (not named)";

/// What the summary says when the record holds no medicine entry at all.
pub const NO_MEDICINES: &str =
    "No medicines have been imported. This does not mean there are none: ask your GP practice if you are not sure.";

/// The SNOMED CT code GP systems give a medicine that lost its own code in a transfer
/// ("Transfer-degraded medication entry"): it names no medicine, so it never groups.
const DEGRADED_MEDICATION_CODE: &str = "196421000000109";

const RXNORM: &str = "http://www.nlm.nih.gov/research/umls/rxnorm";

/// How a medicine is prescribed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Course {
    /// A one-off course (GP Connect's acute and delayed prescriptions, R4's `acute`).
    Acute,
    /// A repeat prescription (R4's `continuous`).
    Repeat,
    /// A batch of repeat prescriptions the pharmacy dispenses in turn.
    RepeatDispensing,
    /// The record does not say.
    NotStated,
}

impl Course {
    pub const ALL: [Course; 4] = [Course::Acute, Course::Repeat, Course::RepeatDispensing, Course::NotStated];

    /// The course a GP Connect prescription type or an R4 `courseOfTherapyType` code names.
    pub fn from_code(code: &str) -> Option<Course> {
        let code = code.trim().to_ascii_lowercase();
        match code.as_str() {
            "repeat-dispensing" | "repeat-dispensed" | "continuous-repeat-dispensing" => Some(Course::RepeatDispensing),
            "repeat" | "continuous" | "seasonal" => Some(Course::Repeat),
            c if c.starts_with("acute") || c == "delayed-prescribing" => Some(Course::Acute),
            _ => None,
        }
    }

    /// The word people see.
    pub fn label(self) -> &'static str {
        match self {
            Course::Acute => "Acute (a one-off course)",
            Course::Repeat => "Repeat",
            Course::RepeatDispensing => "Repeat dispensing",
            Course::NotStated => "Not recorded",
        }
    }
}

/// What one record entry is to its medicine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Role {
    /// A prescribing plan (GP Connect's authorisation: a MedicationRequest with intent `plan`).
    Authorisation,
    /// A prescription issued (a MedicationRequest with intent `order`).
    #[default]
    Issue,
    /// A MedicationStatement: what is or was taken (GP Connect's summary of an authorisation).
    Statement,
    /// A MedicationDispense: what a pharmacy handed over.
    Dispense,
    /// A MedicationAdministration: a dose given.
    Administration,
}

impl Role {
    pub const ALL: [Role; 5] =
        [Role::Authorisation, Role::Issue, Role::Statement, Role::Dispense, Role::Administration];

    /// The word people see.
    pub fn label(self) -> &'static str {
        match self {
            Role::Authorisation => "Prescribing plan",
            Role::Issue => "Prescription issued",
            Role::Statement => "Medicine summary",
            Role::Dispense => "Handed over by a pharmacy",
            Role::Administration => "Dose given",
        }
    }
}

/// Whose rules decide whether a medicine is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rules {
    /// GP Connect's STU3 structured record.
    GpConnectStu3,
    /// FHIR R4.
    R4,
}

/// What a medicine resource says beyond its entry, read from its R4 form
/// (`phr_core::fhir::medicine_facts`).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct MedicineFacts {
    pub role: Role,
    pub course: Option<Course>,
    /// The logical ids of the plans it is based on (`basedOn`).
    pub based_on: Vec<String>,
    /// `groupIdentifier`: GP Connect gives a repeat's plan and all its issues one.
    pub group: Option<String>,
    pub dose: Option<String>,
    /// When it was issued or handed over, as written.
    pub issued: Option<String>,
    /// GP Connect's last issue date on a MedicationStatement, as written.
    pub last_issued: Option<String>,
}
crate::redacted_debug!(MedicineFacts { role });

/// One medicine entry of the record, as the grouping reads it.
#[derive(Clone, PartialEq)]
pub struct MedicineItem {
    pub entry_id: i64,
    /// The source's key: references between resources hold only within one source.
    pub source: String,
    pub logical_id: String,
    pub rules: Rules,
    pub title: String,
    pub codes: Vec<Coding>,
    pub status: Option<String>,
    /// The entry's date as written (authored, effective, handed over...).
    pub date: Option<String>,
    pub sensitivity: Sensitivity,
    pub facts: MedicineFacts,
}
crate::redacted_debug!(MedicineItem { entry_id, sensitivity });

/// Why a medicine is or is not current.
#[derive(Clone, PartialEq, Eq)]
pub enum Currency {
    /// GP Connect: an active plan or statement (an active repeat, or repeat dispensing).
    ActiveAuthorisation(Course),
    /// GP Connect: issued in the last [`ACUTE_CURRENT_DAYS`] days and not stopped.
    RecentIssue,
    /// R4: an active MedicationRequest or MedicationStatement.
    ActiveInRecord,
    /// Stopped or cancelled.
    Stopped,
    /// GP Connect: last issued more than [`ACUTE_CURRENT_DAYS`] days ago, not active.
    IssuedLongAgo,
    /// Any other status (completed, on hold, not taken...), or none.
    NotActive(Option<String>),
    /// Every entry of it was entered in error.
    EnteredInError,
}
crate::redacted_debug!(Currency);

impl Currency {
    pub fn is_current(&self) -> bool {
        matches!(self, Currency::ActiveAuthorisation(_) | Currency::RecentIssue | Currency::ActiveInRecord)
    }

    /// "Current" or "Not current".
    pub fn label(&self) -> &'static str {
        if self.is_current() { "Current" } else { "Not current" }
    }

    /// Why, in a sentence.
    pub fn reason(&self) -> String {
        match self {
            Currency::ActiveAuthorisation(Course::Repeat) => "An active repeat prescription.".into(),
            Currency::ActiveAuthorisation(Course::RepeatDispensing) => "Active repeat dispensing.".into(),
            Currency::ActiveAuthorisation(_) => "An active prescription.".into(),
            Currency::RecentIssue => format!("Issued in the last {ACUTE_CURRENT_DAYS} days."),
            Currency::ActiveInRecord => "The record marks it as active.".into(),
            Currency::Stopped => "Stopped.".into(),
            Currency::IssuedLongAgo => format!("Last issued more than {ACUTE_CURRENT_DAYS} days ago."),
            Currency::NotActive(Some(status)) => {
                let words = status_text(status).map_or_else(|| status.replace('-', " "), str::to_string);
                format!("The record marks it as {}.", words.to_lowercase())
            }
            Currency::NotActive(None) => "The record does not say it is active.".into(),
            Currency::EnteredInError => "Entered in error.".into(),
        }
    }
}

/// One entry beneath a medicine: a plan, an issue, a statement...
#[derive(Clone, PartialEq)]
pub struct MedicineEvent {
    pub entry_id: i64,
    pub role: Role,
    pub title: String,
    /// The date it is listed by (issued, else the entry's date), as written.
    pub date: Option<String>,
    pub status: Option<String>,
    pub dose: Option<String>,
}
crate::redacted_debug!(MedicineEvent { entry_id, role });

impl MedicineEvent {
    /// The status in words ("Completed"), or as it arrived.
    pub fn status_text(&self) -> Option<String> {
        self.status.as_deref().map(|s| status_text(s).map_or_else(|| s.to_string(), str::to_string))
    }
}

/// A medicine, once, with everything the record holds about it.
#[derive(Clone, PartialEq)]
pub struct Medicine {
    /// What grouped it: `sct:<code>`, `rxnorm:<code>`, `name:<normalised name>` or `entry:<id>`.
    pub key: String,
    pub name: String,
    pub course: Course,
    pub dose: Option<String>,
    pub first_issued: Option<NaiveDate>,
    pub last_issued: Option<NaiveDate>,
    /// The newest date anything about it carries (issue, plan, statement).
    pub last_recorded: Option<NaiveDate>,
    /// The status of its newest plan or statement, else of its newest entry (a FHIR code).
    pub status: Option<String>,
    pub currency: Currency,
    /// The most guarded label among its entries.
    pub sensitivity: Sensitivity,
    /// Newest first.
    pub events: Vec<MedicineEvent>,
}
crate::redacted_debug!(Medicine { sensitivity });

impl Medicine {
    pub fn is_current(&self) -> bool {
        self.currency.is_current()
    }

    /// The status in words ("Completed"), or as it arrived.
    pub fn status_text(&self) -> Option<String> {
        self.status.as_deref().map(|s| status_text(s).map_or_else(|| s.to_string(), str::to_string))
    }

    /// "1 Jun 2019 (7 years ago)".
    pub fn last_issued_text(&self, today: NaiveDate) -> Option<String> {
        self.last_issued.map(|d| dated(d, today))
    }

    /// "28 Mar 2019".
    pub fn first_issued_text(&self) -> Option<String> {
        self.first_issued.map(date_text)
    }

    /// When it was last heard of, for a sentence: "last issued 1 Jun 2019 (7 years ago)",
    /// "last recorded 3 Mar 2017 (9 years ago)", or "date not known".
    pub fn when_text(&self, today: NaiveDate) -> String {
        match (self.last_issued, self.last_recorded) {
            (Some(d), _) => format!("last issued {}", dated(d, today)),
            (None, Some(d)) => format!("last recorded {}", dated(d, today)),
            (None, None) => "date not known".to_string(),
        }
    }

    /// A caution when it counts as current but nothing about it is newer than
    /// [`STALE_CURRENT_DAYS`] days.
    pub fn caution(&self, today: NaiveDate) -> Option<String> {
        if !self.is_current() {
            return None;
        }
        let (date, what) = match self.last_issued {
            Some(d) => (d, "Last issued"),
            None => (self.last_recorded?, "Last recorded"),
        };
        ((today - date).num_days() > STALE_CURRENT_DAYS)
            .then(|| format!("{what} over a year ago: check with your GP practice that it is still taken."))
    }

    /// "Prescriptions and records (7)": the heading over its entries.
    pub fn events_heading(&self) -> String {
        format!("Prescriptions and records ({})", self.events.len())
    }

    /// Its details, labelled, in the order every front end shows them.
    pub fn details(&self, today: NaiveDate) -> Vec<Fact> {
        let mut out = vec![Fact::new("Acute or repeat", self.course.label())];
        if let Some(d) = &self.dose {
            out.push(Fact::new("Dose", d.clone()));
        }
        out.push(Fact::new("First issued", self.first_issued_text().unwrap_or_else(|| "Not recorded".into())));
        out.push(Fact::new("Last issued", self.last_issued_text(today).unwrap_or_else(|| "Not recorded".into())));
        if self.last_issued.is_none()
            && let Some(d) = self.last_recorded
        {
            out.push(Fact::new("Last recorded", dated(d, today)));
        }
        out.push(Fact::new("Status", self.status_text().unwrap_or_else(|| "Not recorded".into())));
        out
    }
}

/// The record's medicines, each once: current first, then the most recently heard of.
#[derive(Debug, Clone, PartialEq)]
pub struct Medicines {
    pub today: NaiveDate,
    pub list: Vec<Medicine>,
}

impl Medicines {
    pub fn current(&self) -> impl Iterator<Item = &Medicine> {
        self.list.iter().filter(|m| m.is_current())
    }

    pub fn current_count(&self) -> usize {
        self.current().count()
    }

    /// The medicines the summary shows: the current ones, or, when none is current, the
    /// [`MOST_RECENT_SHOWN`] most recent (a medicine only ever entered in error is not one).
    pub fn shown(&self) -> Vec<&Medicine> {
        if self.current_count() > 0 {
            self.current().collect()
        } else {
            self.list.iter().filter(|m| m.currency != Currency::EnteredInError).take(MOST_RECENT_SHOWN).collect()
        }
    }

    /// What the summary says above the medicines it shows: nothing when some are current;
    /// "No current medicines. Most recent: …" when medicines were recorded but none is current;
    /// [`NO_MEDICINES`] when there are none at all. It never says "none" without saying what
    /// was issued last.
    pub fn statement(&self) -> Option<String> {
        if self.list.is_empty() {
            return Some(NO_MEDICINES.to_string());
        }
        if self.current_count() > 0 {
            return None;
        }
        let named: Vec<String> =
            self.shown().iter().map(|m| format!("{}, {}", m.name, m.when_text(self.today))).collect();
        if named.is_empty() {
            // Every medicine entry was entered in error: there is nothing to name.
            return Some("No current medicines. Every medicine entry in the record was entered in error.".into());
        }
        Some(format!("No current medicines. Most recent: {}.", named.join("; ")))
    }

    /// The heading over the medicines the summary does not show ("Other medicines in the
    /// record (8)"), if there are any.
    pub fn others_heading(&self) -> Option<String> {
        let others = self.list.len().saturating_sub(self.shown().len());
        (others > 0).then(|| format!("Other medicines in the record ({others})"))
    }

    /// What "current" means, in words, for a note beside the list.
    pub fn rule_text() -> String {
        format!(
            "Current means an active repeat prescription, or a one-off (acute) prescription issued in the last {ACUTE_CURRENT_DAYS} days, or a medicine the record marks as active."
        )
    }
}

/// A date for people: "1 Jun 2019".
pub fn date_text(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// A date with how long ago it was: "1 Jun 2019 (7 years ago)"; a date after today alone.
pub fn dated(d: NaiveDate, today: NaiveDate) -> String {
    match how_long_ago(d, today) {
        Some(ago) => format!("{} ({ago})", date_text(d)),
        None => date_text(d),
    }
}

/// How long before today a date was, in the largest unit that fits: "today", "yesterday",
/// "5 days ago", "3 weeks ago", "4 months ago", "7 years ago". None for a date after today.
pub fn how_long_ago(d: NaiveDate, today: NaiveDate) -> Option<String> {
    let days = (today - d).num_days();
    let months = months_between(d, today);
    let count = |n: i64, unit: &str| if n == 1 { format!("1 {unit} ago") } else { format!("{n} {unit}s ago") };
    Some(match days {
        ..0 => return None,
        0 => "today".into(),
        1 => "yesterday".into(),
        2..=13 => count(days, "day"),
        _ if months < 2 => count(days / 7, "week"),
        _ if months < 12 => count(months, "month"),
        _ => count(months / 12, "year"),
    })
}

/// Whole calendar months from `from` to `to` (0 when `to` is earlier).
fn months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    let mut months = i64::from(to.year() - from.year()) * 12 + i64::from(to.month()) - i64::from(from.month());
    if to.day() < from.day() {
        months -= 1;
    }
    months.max(0)
}

/// The calendar day a FHIR date or dateTime names, as written (its first ten characters);
/// None for a year or a month alone.
pub fn day_of(d: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(d.trim().get(..10)?, "%Y-%m-%d").ok()
}

/// The key a medicine's code gives: dm+d and SNOMED CT first (dm+d's identifiers are SNOMED CT
/// concepts, so they share one space), then RxNorm.
fn code_key(codes: &[Coding]) -> Option<String> {
    let code_in = |systems: &[&str]| {
        codes.iter().find_map(|c| {
            let system = c.system.as_deref()?.trim_end_matches('/');
            let code = c.code.as_deref()?.trim();
            (systems.contains(&system) && !code.is_empty() && code != DEGRADED_MEDICATION_CODE).then_some(code)
        })
    };
    code_in(&[SNOMED, "https://snomed.info/sct", DMD, "http://dmd.nhs.uk", "https://fhir.nhs.uk/Id/dmd"])
        .map(|c| format!("sct:{c}"))
        .or_else(|| code_in(&[RXNORM]).map(|c| format!("rxnorm:{c}")))
}

/// A medicine's name as a key: lower case, spaces collapsed, none between a number and its
/// unit ("Citalopram 20 mg Tablets" and "citalopram 20mg tablets" are one). The strength
/// stays: 10 mg and 20 mg tablets are different medicines.
pub fn name_key(name: &str) -> Option<String> {
    let lower = name.trim().to_lowercase();
    if lower.is_empty() || lower == UNNAMED_MEDICINE.to_lowercase() {
        return None;
    }
    let mut out = String::new();
    let mut words = lower.split_whitespace().peekable();
    while let Some(w) = words.next() {
        out.push_str(w);
        if let Some(next) = words.peek() {
            let number_then_unit = w.chars().last().is_some_and(|c| c.is_ascii_digit())
                && next.chars().next().is_some_and(char::is_alphabetic);
            if !number_then_unit {
                out.push(' ');
            }
        }
    }
    Some(format!("name:{out}"))
}

/// The logical id a reference names: its last path segment ("MedicationRequest/abc" → "abc").
fn referenced_id(reference: &str) -> &str {
    reference.trim().rsplit('/').next().unwrap_or(reference)
}

struct Sets(Vec<usize>);

impl Sets {
    fn root(&mut self, mut i: usize) -> usize {
        while let Some(&p) = self.0.get(i) {
            if p == i {
                break;
            }
            let grand = self.0.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.0.get_mut(i) {
                *slot = grand;
            }
            i = p;
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra != rb
            && let Some(slot) = self.0.get_mut(ra.max(rb))
        {
            *slot = ra.min(rb);
        }
    }
}

fn is_status(item: &MedicineItem, codes: &[&str]) -> bool {
    item.status.as_deref().is_some_and(|s| codes.contains(&s.trim().to_ascii_lowercase().as_str()))
}

/// A plan or a statement: what GP Connect's authorisation and its summary are.
fn is_plan(item: &MedicineItem) -> bool {
    matches!(item.facts.role, Role::Authorisation | Role::Statement)
}

fn is_named(item: &MedicineItem) -> bool {
    item.title != UNNAMED_MEDICINE && !item.title.trim().is_empty()
}

/// The date an item is listed by: when it was issued, else its own date.
fn listed_date(item: &MedicineItem) -> Option<&str> {
    item.facts.issued.as_deref().or(item.date.as_deref())
}

/// Groups the record's medicine entries by medicine and decides which are current on `today`.
///
/// Entries join one medicine when one is based on the other (an issue on its plan, a statement
/// on its plan), when they share a GP Connect group identifier, a medicine code (dm+d, SNOMED
/// CT, RxNorm) or a normalised name. An entry with none of these stands alone.
pub fn group_medicines(items: Vec<MedicineItem>, today: NaiveDate) -> Medicines {
    let mut sets = Sets((0..items.len()).collect());
    let mut first_with: HashMap<String, usize> = HashMap::new();
    let mut link = |sets: &mut Sets, key: String, i: usize| match first_with.get(&key) {
        Some(&j) => sets.join(i, j),
        None => {
            first_with.insert(key, i);
        }
    };
    for (i, item) in items.iter().enumerate() {
        // An entry is reachable by its own id, within its source.
        link(&mut sets, format!("id\u{1f}{}\u{1f}{}", item.source, item.logical_id), i);
        if let Some(g) = &item.facts.group {
            link(&mut sets, format!("group\u{1f}{}\u{1f}{g}", item.source), i);
        }
        if let Some(k) = code_key(&item.codes) {
            link(&mut sets, k, i);
        }
        if let Some(k) = name_key(&item.title) {
            link(&mut sets, k, i);
        }
    }
    for (i, item) in items.iter().enumerate() {
        for reference in &item.facts.based_on {
            let key = format!("id\u{1f}{}\u{1f}{}", item.source, referenced_id(reference));
            if let Some(&j) = first_with.get(&key) {
                sets.join(i, j);
            }
        }
    }
    let mut groups: Vec<(usize, Vec<&MedicineItem>)> = Vec::new();
    let mut slot_of: HashMap<usize, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let root = sets.root(i);
        let slot = *slot_of.entry(root).or_insert_with(|| {
            groups.push((root, Vec::new()));
            groups.len() - 1
        });
        if let Some((_, members)) = groups.get_mut(slot) {
            members.push(item);
        }
    }
    let mut list: Vec<Medicine> = groups.into_iter().map(|(_, members)| medicine(members, today)).collect();
    list.sort_by(|a, b| {
        b.is_current()
            .cmp(&a.is_current())
            .then_with(|| b.last_recorded.cmp(&a.last_recorded))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    Medicines { today, list }
}

/// One medicine from its entries.
fn medicine(mut members: Vec<&MedicineItem>, today: NaiveDate) -> Medicine {
    // Newest first; undated last; ties by entry id (import order) for a stable order.
    members.sort_by(|a, b| {
        let (da, db) = (listed_date(a).and_then(day_of), listed_date(b).and_then(day_of));
        db.cmp(&da).then_with(|| b.entry_id.cmp(&a.entry_id))
    });
    let live: Vec<&MedicineItem> = members.iter().copied().filter(|m| !is_status(m, &["entered-in-error"])).collect();
    let governing = live.iter().copied().find(|m| is_plan(m)).or_else(|| live.first().copied());

    let name = members
        .iter()
        .filter(|m| is_named(m))
        .find(|m| is_plan(m))
        .or_else(|| members.iter().find(|m| is_named(m)))
        .map_or_else(|| UNNAMED_MEDICINE.to_string(), |m| m.title.clone());
    let course =
        live.iter().filter(|m| is_plan(m)).chain(live.iter()).find_map(|m| m.facts.course).unwrap_or(Course::NotStated);
    let dose = live.iter().find_map(|m| m.facts.dose.clone());

    let issue_days: Vec<NaiveDate> = live
        .iter()
        .filter(|m| matches!(m.facts.role, Role::Issue | Role::Dispense))
        .filter_map(|m| m.facts.issued.as_deref().and_then(day_of))
        .collect();
    let stated_last: Vec<NaiveDate> =
        live.iter().filter_map(|m| m.facts.last_issued.as_deref().and_then(day_of)).collect();
    let first_issued = issue_days.iter().min().copied();
    let last_issued = issue_days.iter().chain(&stated_last).max().copied();
    let last_recorded = members
        .iter()
        .filter_map(|m| listed_date(m).and_then(day_of))
        .chain(last_issued)
        .filter(|d| *d <= today)
        .max()
        .or(last_issued);

    let currency = currency(&live, governing, course, last_issued, today);
    let key = members
        .iter()
        .find_map(|m| code_key(&m.codes))
        .or_else(|| members.iter().find_map(|m| name_key(&m.title)))
        .unwrap_or_else(|| format!("entry:{}", members.first().map_or(0, |m| m.entry_id)));
    let sensitivity = members
        .iter()
        .map(|m| m.sensitivity)
        .max_by_key(|s| match s {
            Sensitivity::General => 0,
            Sensitivity::HeldBack => 2,
            _ => 1,
        })
        .unwrap_or(Sensitivity::General);
    Medicine {
        key,
        name,
        course,
        dose,
        first_issued,
        last_issued,
        last_recorded,
        status: governing.or_else(|| members.first().copied()).and_then(|m| m.status.clone()),
        currency,
        sensitivity,
        events: members
            .iter()
            .map(|m| MedicineEvent {
                entry_id: m.entry_id,
                role: m.facts.role,
                title: m.title.clone(),
                date: listed_date(m).map(str::to_string),
                status: m.status.clone(),
                dose: m.facts.dose.clone(),
            })
            .collect(),
    }
}

/// Whether a medicine is current, by the rules of the sources its entries came from.
fn currency(
    live: &[&MedicineItem],
    governing: Option<&MedicineItem>,
    course: Course,
    last_issued: Option<NaiveDate>,
    today: NaiveDate,
) -> Currency {
    let Some(governing) = governing else { return Currency::EnteredInError };
    let active = |m: &&&MedicineItem| is_status(m, &["active"]);
    let gp = |m: &&&MedicineItem| m.rules == Rules::GpConnectStu3;
    // GP Connect: an active authorisation (plan or statement).
    if live.iter().filter(gp).filter(active).any(|m| is_plan(m)) {
        return Currency::ActiveAuthorisation(course);
    }
    // R4: an active MedicationRequest (plan or order) or MedicationStatement.
    if live
        .iter()
        .filter(|m| m.rules == Rules::R4)
        .filter(active)
        .any(|m| matches!(m.facts.role, Role::Authorisation | Role::Issue | Role::Statement))
    {
        return Currency::ActiveInRecord;
    }
    let stopped = is_status(governing, &["stopped", "cancelled"]);
    if stopped {
        return Currency::Stopped;
    }
    if live.iter().any(|m| m.rules == Rules::GpConnectStu3)
        && let Some(last) = last_issued
    {
        return if (today - last).num_days() <= ACUTE_CURRENT_DAYS {
            Currency::RecentIssue
        } else {
            Currency::IssuedLongAgo
        };
    }
    Currency::NotActive(governing.status.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn snomed(code: &str) -> Vec<Coding> {
        vec![Coding { system: Some(SNOMED.into()), code: Some(code.into()), display: None }]
    }

    fn item(id: i64, title: &str, role: Role, status: &str, date: &str) -> MedicineItem {
        MedicineItem {
            entry_id: id,
            source: "gp".into(),
            logical_id: format!("r{id}"),
            rules: Rules::GpConnectStu3,
            title: title.into(),
            codes: Vec::new(),
            status: Some(status.into()),
            date: Some(date.into()),
            sensitivity: Sensitivity::General,
            facts: MedicineFacts {
                role,
                issued: (role == Role::Issue).then(|| date.to_string()),
                ..MedicineFacts::default()
            },
        }
    }

    #[test]
    fn ages_read_in_the_largest_unit_that_fits() {
        let today = day("2026-11-23");
        let ago = |d: &str| how_long_ago(day(d), today);
        assert_eq!(ago("2026-11-23").as_deref(), Some("today"));
        assert_eq!(ago("2026-11-22").as_deref(), Some("yesterday"));
        assert_eq!(ago("2026-11-10").as_deref(), Some("13 days ago"));
        assert_eq!(ago("2026-11-09").as_deref(), Some("2 weeks ago"));
        assert_eq!(ago("2026-09-24").as_deref(), Some("8 weeks ago"));
        assert_eq!(ago("2026-09-23").as_deref(), Some("2 months ago"));
        assert_eq!(ago("2025-11-24").as_deref(), Some("11 months ago"));
        assert_eq!(ago("2025-11-23").as_deref(), Some("1 year ago"));
        assert_eq!(ago("2019-06-01").as_deref(), Some("7 years ago"));
        assert_eq!(ago("2026-11-24"), None);
        assert_eq!(dated(day("2019-06-01"), today), "1 Jun 2019 (7 years ago)");
    }

    #[test]
    fn names_key_by_case_space_and_strength() {
        assert_eq!(name_key("Citalopram 20 mg  Tablets"), name_key("citalopram 20mg tablets"));
        assert_ne!(name_key("Citalopram 20mg tablets"), name_key("Citalopram 10mg tablets"));
        assert_eq!(name_key(UNNAMED_MEDICINE), None);
        assert_eq!(name_key("  "), None);
    }

    #[test]
    fn courses_read_from_gp_connect_and_r4_codes() {
        assert_eq!(Course::from_code("acute"), Some(Course::Acute));
        assert_eq!(Course::from_code("delayed-prescribing"), Some(Course::Acute));
        assert_eq!(Course::from_code("Repeat"), Some(Course::Repeat));
        assert_eq!(Course::from_code("repeat-dispensing"), Some(Course::RepeatDispensing));
        assert_eq!(Course::from_code("continuous"), Some(Course::Repeat));
        assert_eq!(Course::from_code("other"), None);
    }

    #[test]
    fn an_acute_issue_is_current_for_exactly_28_days() {
        let issued = "2026-10-26";
        let at = |today: &str| {
            let plan = item(1, "Amoxicillin 500mg capsules", Role::Authorisation, "completed", issued);
            let issue = item(2, "Amoxicillin 500mg capsules", Role::Issue, "completed", issued);
            group_medicines(vec![plan, issue], day(today))
        };
        let inside = at("2026-11-23");
        assert_eq!(inside.list.len(), 1);
        assert_eq!(inside.list[0].currency, Currency::RecentIssue, "28 days after the issue");
        assert_eq!(inside.statement(), None);
        let outside = at("2026-11-24");
        assert_eq!(outside.list[0].currency, Currency::IssuedLongAgo, "29 days after the issue");
        assert_eq!(
            outside.statement().as_deref(),
            Some(
                "No current medicines. Most recent: Amoxicillin 500mg capsules, last issued 26 Oct 2026 (4 weeks ago)."
            )
        );
    }

    #[test]
    fn a_stopped_medicine_is_not_current_even_when_issued_last_week() {
        let plan = item(1, "Ramipril 5mg capsules", Role::Authorisation, "stopped", "2026-01-01");
        let issue = item(2, "Ramipril 5mg capsules", Role::Issue, "completed", "2026-11-16");
        let m = group_medicines(vec![plan, issue], day("2026-11-23"));
        assert_eq!(m.list[0].currency, Currency::Stopped);
    }

    #[test]
    fn an_active_repeat_is_current_and_says_when_it_is_stale() {
        let mut plan = item(1, "Aspirin 75mg dispersible tablets", Role::Authorisation, "active", "2016-08-11");
        plan.facts.course = Some(Course::Repeat);
        let issue = item(2, "Aspirin 75mg dispersible tablets", Role::Issue, "completed", "2016-09-11");
        let m = group_medicines(vec![plan, issue], day("2026-11-23"));
        let aspirin = &m.list[0];
        assert_eq!(aspirin.currency, Currency::ActiveAuthorisation(Course::Repeat));
        assert_eq!(aspirin.currency.reason(), "An active repeat prescription.");
        assert_eq!(
            aspirin.caution(m.today).as_deref(),
            Some("Last issued over a year ago: check with your GP practice that it is still taken.")
        );
    }

    #[test]
    fn entries_group_by_code_link_and_name_and_an_unnamed_one_alone() {
        let mut a = item(1, "Citalopram 20mg tablets", Role::Authorisation, "completed", "2019-03-28");
        a.codes = snomed("321987003");
        let mut b = item(2, "CITALOPRAM 20 mg tablets", Role::Issue, "completed", "2019-05-01");
        b.codes = snomed("321987003");
        let c = item(3, "citalopram 20mg Tablets", Role::Issue, "completed", "2019-06-01");
        let mut linked = item(4, UNNAMED_MEDICINE, Role::Issue, "completed", "2019-03-28");
        linked.facts.based_on = vec!["MedicationRequest/r5".into()];
        let plan = item(5, "Paracetamol 500mg tablets", Role::Authorisation, "completed", "2019-03-28");
        let alone = item(6, UNNAMED_MEDICINE, Role::Issue, "completed", "2018-01-01");
        let m = group_medicines(vec![a, b, c, linked, plan, alone], day("2026-11-23"));
        let names: Vec<(&str, usize)> = m.list.iter().map(|m| (m.name.as_str(), m.events.len())).collect();
        assert_eq!(names, [("Citalopram 20mg tablets", 3), ("Paracetamol 500mg tablets", 2), (UNNAMED_MEDICINE, 1)]);
        let citalopram = &m.list[0];
        assert_eq!(citalopram.key, "sct:321987003");
        assert_eq!(citalopram.first_issued, Some(day("2019-05-01")));
        assert_eq!(citalopram.last_issued, Some(day("2019-06-01")));
    }

    #[test]
    fn a_medicine_only_entered_in_error_is_never_named_as_most_recent() {
        let wrong = item(1, "Warfarin 1mg tablets", Role::Issue, "entered-in-error", "2026-01-01");
        let old = item(2, "Ramipril 5mg capsules", Role::Issue, "completed", "2020-01-01");
        let m = group_medicines(vec![wrong.clone(), old], day("2026-11-23"));
        assert_eq!(m.list[0].currency, Currency::EnteredInError, "listed, newest first");
        assert_eq!(
            m.statement().as_deref(),
            Some("No current medicines. Most recent: Ramipril 5mg capsules, last issued 1 Jan 2020 (6 years ago).")
        );
        let only_wrong = group_medicines(vec![wrong], day("2026-11-23"));
        assert_eq!(
            only_wrong.statement().as_deref(),
            Some("No current medicines. Every medicine entry in the record was entered in error.")
        );
    }

    #[test]
    fn the_degraded_code_never_groups_different_medicines() {
        let mut a = item(1, "Atenolol 50mg tablets", Role::Issue, "completed", "2019-01-01");
        a.codes = snomed(DEGRADED_MEDICATION_CODE);
        let mut b = item(2, "Metformin 500mg tablets", Role::Issue, "completed", "2019-01-02");
        b.codes = snomed(DEGRADED_MEDICATION_CODE);
        assert_eq!(group_medicines(vec![a, b], day("2026-11-23")).list.len(), 2);
    }

    #[test]
    fn r4_active_is_current_and_nothing_recorded_says_so() {
        let mut active = item(1, "Loratadine 5 MG Chewable Tablet", Role::Issue, "active", "1996-03-03");
        active.rules = Rules::R4;
        let mut stopped = item(2, "Camila 28 Day Pack", Role::Issue, "stopped", "2016-11-06");
        stopped.rules = Rules::R4;
        let m = group_medicines(vec![stopped, active], day("2026-11-23"));
        assert_eq!(m.current_count(), 1);
        assert_eq!(m.list[0].name, "Loratadine 5 MG Chewable Tablet");
        assert_eq!(m.list[0].currency, Currency::ActiveInRecord);
        assert_eq!(m.statement(), None);
        let none = group_medicines(Vec::new(), day("2026-11-23"));
        assert_eq!(none.statement().as_deref(), Some(NO_MEDICINES));
    }
}
