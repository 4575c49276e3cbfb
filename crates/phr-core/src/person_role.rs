//! Who a person in the vault is to the person who holds it (themselves, or someone they care
//! for), what gives the holder the right to look after a cared-for person's record and when
//! that is next checked, and the vault-wide rules on people (one "me", nobody added twice).
//!
//! Pure: "today" is always a parameter.

use chrono::{Datelike, Months, NaiveDate};

use crate::error::ErrorCode;
use crate::person::{DetailsError, PersonDetails};

/// Whether the record is the holder's own or someone they care for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoleKind {
    Me,
    CaredFor,
}

impl RoleKind {
    pub const ALL: [RoleKind; 2] = [RoleKind::Me, RoleKind::CaredFor];

    /// The stable code: stored in the person's database, used on the wire and by `phr`.
    pub fn code(self) -> &'static str {
        match self {
            RoleKind::Me => "me",
            RoleKind::CaredFor => "caredFor",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// What people read: "Me", "Someone I care for".
    pub fn label(self) -> &'static str {
        match self {
            RoleKind::Me => "Me",
            RoleKind::CaredFor => "Someone I care for",
        }
    }

    /// Under the choice on the form.
    pub fn hint(self) -> &'static str {
        match self {
            RoleKind::Me => "This is my own health record.",
            RoleKind::CaredFor => "I look after this person's health record for them.",
        }
    }
}

/// What a person shows when their role was never set (a vault made before roles were kept).
pub const ROLE_NOT_SET: &str = "Role not set";
/// What a person whose role was never set is asked.
pub const ROLE_NOT_SET_PROMPT: &str = "Tell us if this is your own record or the record of someone you care for.";
/// The tag on a cared-for person whose review date has come.
pub const REVIEW_DUE: &str = "Review due";
/// The action that records a review: the holder still has the right.
pub const REVIEW_CONFIRM: &str = "Yes, I still have the right to look after this record";
/// What to do when the right has ended.
pub const REVIEW_ENDED_HINT: &str =
    "If you no longer have the right, change their details to give the new reason, or remove them from the app.";
/// The tag on a cared-for person with no basis recorded.
pub const BASIS_NOT_RECORDED: &str = "Reason not recorded";

/// Who a cared-for person is to the holder. Codes are stable (stored, and typed with `phr`).
pub const RELATIONSHIPS: &[(&str, &str)] = &[
    ("mother", "Mother"),
    ("father", "Father"),
    ("partner", "Partner"),
    ("wife", "Wife"),
    ("husband", "Husband"),
    ("son", "Son"),
    ("daughter", "Daughter"),
    ("child", "Child"),
    ("sister", "Sister"),
    ("brother", "Brother"),
    ("grandmother", "Grandmother"),
    ("grandfather", "Grandfather"),
    ("grandchild", "Grandchild"),
    ("other-relative", "Other relative"),
    ("friend", "Friend"),
    ("neighbour", "Neighbour"),
    ("other", "Someone else"),
];

/// The relationship's label ("Mother") for a known code.
pub fn relationship_label(code: &str) -> Option<&'static str> {
    RELATIONSHIPS.iter().find(|(c, _)| *c == code).map(|(_, t)| *t)
}

/// What gives the holder the right to look after someone else's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BasisKind {
    /// The person agreed.
    Consent,
    /// A registered lasting power of attorney for health and welfare.
    Lpa,
    /// Parental responsibility for a child under 16.
    Parental,
    /// A deputy appointed by the Court of Protection.
    Deputy,
    /// A best-interests decision for someone who cannot decide for themselves.
    BestInterests,
}

impl BasisKind {
    pub const ALL: [BasisKind; 5] =
        [BasisKind::Consent, BasisKind::Lpa, BasisKind::Parental, BasisKind::Deputy, BasisKind::BestInterests];

    /// The stable code (stored, on the wire, `phr person add --basis`).
    pub fn code(self) -> &'static str {
        match self {
            BasisKind::Consent => "consent",
            BasisKind::Lpa => "lpa",
            BasisKind::Parental => "parental",
            BasisKind::Deputy => "deputy",
            BasisKind::BestInterests => "best-interests",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            BasisKind::Consent => "They agreed to it",
            BasisKind::Lpa => "Lasting power of attorney for health and welfare",
            BasisKind::Parental => "Parental responsibility",
            BasisKind::Deputy => "Court-appointed deputy",
            BasisKind::BestInterests => "Best interests decision",
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            BasisKind::Consent => "They have said you can look after their health record.",
            BasisKind::Lpa => {
                "You are their attorney. You will need the reference number on the registered \
                 lasting power of attorney."
            }
            BasisKind::Parental => "You are their parent or guardian and they are under 16.",
            BasisKind::Deputy => "The Court of Protection has made you their deputy for health and welfare.",
            BasisKind::BestInterests => {
                "They cannot make this decision for themselves, and it was decided that this is in \
                 their best interests."
            }
        }
    }

    /// Whether a reference must be given (an LPA's is on the registered document).
    pub fn needs_reference(self) -> bool {
        matches!(self, BasisKind::Lpa)
    }
}

/// The basis as recorded: what it is, from when, and its reference when it has one.
#[derive(Clone, PartialEq, Eq)]
pub struct Basis {
    pub kind: BasisKind,
    pub date: NaiveDate,
    pub reference: Option<String>,
}
crate::redacted_debug!(Basis { kind });

/// A person's role in the vault. A role that was never set is `None` where it is held.
#[derive(Clone, PartialEq, Eq)]
pub struct Role {
    pub kind: RoleKind,
    /// A relationship code from [`RELATIONSHIPS`]; only for someone cared for.
    pub relationship: Option<String>,
    pub basis: Option<Basis>,
    /// When the holder is next asked to check the basis still holds.
    pub review_on: Option<NaiveDate>,
}
crate::redacted_debug!(Role { kind });

impl Role {
    pub fn me() -> Self {
        Self { kind: RoleKind::Me, relationship: None, basis: None, review_on: None }
    }

    /// The review date has come (today or earlier). Only someone cared for is reviewed.
    pub fn review_due(&self, today: NaiveDate) -> bool {
        self.kind == RoleKind::CaredFor && self.review_on.is_some_and(|d| d <= today)
    }
}

/// The longest reference accepted: an LPA's is 13 characters; more is a paste gone wrong.
pub const MAX_REFERENCE_CHARS: usize = 40;
/// How far ahead a review may be set: a review further off is almost certainly a wrong year.
pub const MAX_REVIEW_MONTHS: u32 = 36;
/// A new basis is reviewed after this many months unless the person chooses another date.
pub const DEFAULT_REVIEW_MONTHS: u32 = 12;
/// Parental responsibility is for a child under this age.
pub const PARENTAL_AGE_LIMIT: u32 = 16;

/// A role as typed: codes and `YYYY-MM-DD` dates, blanks meaning not given.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RoleInput<'a> {
    pub kind: &'a str,
    pub relationship: Option<&'a str>,
    pub basis: Option<&'a str>,
    pub basis_date: Option<&'a str>,
    pub basis_ref: Option<&'a str>,
    pub review_on: Option<&'a str>,
}
crate::redacted_debug!(RoleInput<'a>);

fn given(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// A person's age in whole years on `on`.
pub fn age_on(date_of_birth: NaiveDate, on: NaiveDate) -> u32 {
    let mut years = on.year() - date_of_birth.year();
    if (on.month(), on.day()) < (date_of_birth.month(), date_of_birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// The day someone turns `years` old (29 February birthdays fall on 28 February in other years).
pub fn birthday(date_of_birth: NaiveDate, years: u32) -> NaiveDate {
    date_of_birth.checked_add_months(Months::new(years.saturating_mul(12))).unwrap_or(NaiveDate::MAX)
}

/// The review date offered for a new basis: a year from today, or a child's 16th birthday if
/// that comes first (parental responsibility ends there).
pub fn default_review_on(kind: Option<BasisKind>, date_of_birth: NaiveDate, today: NaiveDate) -> NaiveDate {
    let year = today.checked_add_months(Months::new(DEFAULT_REVIEW_MONTHS)).unwrap_or(today);
    match kind {
        Some(BasisKind::Parental) => year.min(birthday(date_of_birth, PARENTAL_AGE_LIMIT)).max(today),
        _ => year,
    }
}

fn problem(field: &'static str, message: impl Into<String>) -> DetailsError {
    DetailsError { field, code: ErrorCode::InvalidInput, message: message.into() }
}

fn date(field: &'static str, raw: &str, what: &str) -> Result<NaiveDate, DetailsError> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| problem(field, format!("Enter a real {what}, for example 2026-03-27.")))
}

/// Checks a role as typed for a person born on `date_of_birth`, returning every problem in
/// field order. Someone cared for needs a relationship and a basis; the basis date defaults
/// to today and the review date to [`default_review_on`].
pub fn check_role(
    input: &RoleInput<'_>,
    date_of_birth: NaiveDate,
    today: NaiveDate,
) -> Result<Role, Vec<DetailsError>> {
    let Some(kind) = RoleKind::from_code(input.kind) else {
        return Err(vec![problem("role", "Choose if this is your own record or someone you care for.")]);
    };
    if kind == RoleKind::Me {
        return Ok(Role::me());
    }
    let mut problems = Vec::new();
    let relationship = match given(input.relationship) {
        None => {
            problems.push(problem("relationship", "Choose who this person is to you."));
            None
        }
        Some(code) => match relationship_label(code) {
            Some(_) => Some(code.to_owned()),
            None => {
                problems.push(problem("relationship", "Choose who this person is to you from the list."));
                None
            }
        },
    };
    let basis_kind = match given(input.basis).map(BasisKind::from_code) {
        None => {
            problems.push(problem("basis", "Choose what gives you the right to look after their record."));
            None
        }
        Some(None) => {
            problems
                .push(problem("basis", "Choose what gives you the right to look after their record from the list."));
            None
        }
        Some(Some(k)) => Some(k),
    };
    if basis_kind == Some(BasisKind::Parental) && age_on(date_of_birth, today) >= PARENTAL_AGE_LIMIT {
        problems.push(problem(
            "basis",
            "Parental responsibility is only for a child under 16. This person is 16 or over, so \
             choose another reason, such as their own agreement.",
        ));
    }
    let basis_date = match given(input.basis_date) {
        None => Some(today),
        Some(raw) => match date("basisDate", raw, "date") {
            Ok(d) if d > today => {
                problems.push(problem("basisDate", "The date must be today or in the past."));
                None
            }
            Ok(d) if d < date_of_birth => {
                problems.push(problem("basisDate", "The date must be on or after their date of birth."));
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                problems.push(e);
                None
            }
        },
    };
    let reference = given(input.basis_ref).map(|r| r.split_whitespace().collect::<Vec<_>>().join(" "));
    match (&reference, basis_kind) {
        (None, Some(k)) if k.needs_reference() => problems.push(problem(
            "basisRef",
            "Enter the reference number of the lasting power of attorney. It is on the registered document.",
        )),
        (Some(r), _) if r.chars().count() > MAX_REFERENCE_CHARS || r.chars().any(char::is_control) => problems
            .push(problem("basisRef", format!("The reference must be {MAX_REFERENCE_CHARS} characters or fewer."))),
        _ => {}
    }
    let latest_review = today.checked_add_months(Months::new(MAX_REVIEW_MONTHS)).unwrap_or(today);
    let review_on = match given(input.review_on) {
        None => Some(default_review_on(basis_kind, date_of_birth, today)),
        Some(raw) => match date("reviewOn", raw, "review date") {
            Ok(d) if d < today => {
                problems.push(problem("reviewOn", "The review date must be today or in the future."));
                None
            }
            Ok(d) if d > latest_review => {
                problems.push(problem("reviewOn", "The review date must be within 3 years."));
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                problems.push(e);
                None
            }
        },
    };
    match (problems.is_empty(), basis_kind, basis_date) {
        (true, Some(kind), Some(date)) => {
            Ok(Role { kind: RoleKind::CaredFor, relationship, basis: Some(Basis { kind, date, reference }), review_on })
        }
        _ => Err(problems),
    }
}

/// [`check_role`], stopping at the first problem.
pub fn validate_role(input: &RoleInput<'_>, date_of_birth: NaiveDate, today: NaiveDate) -> Result<Role, DetailsError> {
    check_role(input, date_of_birth, today).map_err(|problems| {
        problems.into_iter().next().unwrap_or_else(|| problem("role", "Check who this person is to you."))
    })
}

/// The sentence on every screen of a cared-for person's record: "You are looking after
/// Margaret Jones's record (your mother)." `None` for the holder's own record.
pub fn banner(name: &str, role: Option<&Role>) -> Option<String> {
    let role = role.filter(|r| r.kind == RoleKind::CaredFor)?;
    let who = role
        .relationship
        .as_deref()
        .and_then(relationship_label)
        .filter(|_| role.relationship.as_deref() != Some("other"))
        .map(|label| format!(" (your {})", label.to_lowercase()))
        .unwrap_or_default();
    Some(format!("You are looking after {name}'s record{who}."))
}

/// What a person is asked when their review date has come.
pub fn review_prompt(name: &str) -> String {
    format!("It is time to check that you still have the right to look after {name}'s record.")
}

/// A name as compared for duplicates: case and spacing ignored.
fn name_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The refusal when `candidate` is someone already in the vault (`others`: everyone else):
/// the same NHS number, or the same name (case and spacing ignored) and date of birth. Two
/// entries for one person would split their record in two.
pub fn check_not_already_added<'a>(
    candidate: &PersonDetails,
    others: impl IntoIterator<Item = &'a PersonDetails>,
) -> Result<(), DetailsError> {
    let key = name_key(&candidate.name);
    for other in others {
        if candidate.nhs_number.is_some() && candidate.nhs_number == other.nhs_number {
            return Err(DetailsError {
                field: "nhsNumber",
                code: ErrorCode::PersonAlreadyAdded,
                message: "Someone with this NHS number is already in the app. Each person can only \
                          be added once: open their record instead."
                    .into(),
            });
        }
        if other.date_of_birth == candidate.date_of_birth && name_key(&other.name) == key {
            return Err(DetailsError {
                field: "name",
                code: ErrorCode::PersonAlreadyAdded,
                message: "Someone with this name and date of birth is already in the app. Each \
                          person can only be added once: open their record instead."
                    .into(),
            });
        }
    }
    Ok(())
}

/// The refusal when `role` is "me" and someone else already is: a vault has one holder.
pub fn check_one_me<'a>(
    role: Option<&Role>,
    others: impl IntoIterator<Item = Option<&'a Role>>,
) -> Result<(), DetailsError> {
    let is_me = |r: Option<&Role>| r.is_some_and(|r| r.kind == RoleKind::Me);
    if is_me(role) && others.into_iter().any(is_me) {
        return Err(problem(
            "role",
            "Someone else in the app is already set as you. Only one person can be you: choose \
             someone I care for.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn ages_count_whole_years() {
        assert_eq!(age_on(d("2010-06-15"), d("2026-06-14")), 15);
        assert_eq!(age_on(d("2010-06-15"), d("2026-06-15")), 16);
        assert_eq!(birthday(d("2008-02-29"), 16), d("2024-02-29"));
        assert_eq!(birthday(d("2008-02-29"), 1), d("2009-02-28"));
    }
}
