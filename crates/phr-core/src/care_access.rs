//! Time limits on a carer's access to the record of someone they care for, as NHS proxy access
//! has them (DAPB3051): access past its review date is paused until the carer checks they
//! still have the right, with a warning beforehand; a child's record (parental
//! responsibility) warns three months before the 16th birthday and is paused from it.
//!
//! Pure: "today" is always a parameter. The holder's own record, and a record whose role was
//! never set, have no time limits.

use chrono::{Days, Months, NaiveDate};

use crate::error::ErrorCode;
use crate::person_role::{BasisKind, PARENTAL_AGE_LIMIT, Role, RoleKind, birthday};

/// How many days before the review date the carer is warned. A carer who needs the record in
/// an emergency should never find it paused without weeks of notice (hazard log H-40).
pub const REVIEW_WARNING_DAYS: u64 = 30;
/// How many months before a child's 16th birthday the carer is warned (Patients Know Best and
/// NHS proxy access give three months' notice).
pub const SIXTEEN_WARNING_MONTHS: u32 = 3;

/// Whether the carer may open the record today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccessState {
    /// Nothing limits it.
    Open,
    /// Open, with a warning of a pause to come (or a review due today).
    Warning,
    /// Paused: the carer can open the person's page (and do the review, when that is the
    /// reason) and nothing else.
    Suspended,
}

impl AccessState {
    /// The stable code on the wire.
    pub fn code(self) -> &'static str {
        match self {
            AccessState::Open => "open",
            AccessState::Warning => "warning",
            AccessState::Suspended => "suspended",
        }
    }
}

/// Why the access is limited, with the date that matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccessReason {
    /// The review is due on this date (today or within [`REVIEW_WARNING_DAYS`]).
    ReviewSoon(NaiveDate),
    /// The review was due on this date, which has passed.
    ReviewPassed(NaiveDate),
    /// A child turns 16 on this date (within [`SIXTEEN_WARNING_MONTHS`]).
    SixteenSoon(NaiveDate),
    /// A child turned 16 on this date.
    Sixteen(NaiveDate),
}

/// A carer's access to one record today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CareAccess {
    pub state: AccessState,
    /// `None` when open.
    pub reason: Option<AccessReason>,
}

impl CareAccess {
    pub const OPEN: CareAccess = CareAccess { state: AccessState::Open, reason: None };

    pub fn allows_record(&self) -> bool {
        self.state != AccessState::Suspended
    }

    /// Whether doing the review opens the record again (a pause at 16 needs the young person).
    pub fn review_reopens(&self) -> bool {
        matches!(self.reason, Some(AccessReason::ReviewPassed(_) | AccessReason::ReviewSoon(_)))
    }

    /// The short tag on People and the person's page: "Review due", "Access paused".
    pub fn tag(&self) -> Option<&'static str> {
        match self.reason? {
            AccessReason::ReviewSoon(_) => Some(REVIEW_DUE_SOON),
            AccessReason::ReviewPassed(_) | AccessReason::Sixteen(_) => Some(ACCESS_PAUSED),
            AccessReason::SixteenSoon(_) => Some(TURNS_SIXTEEN_SOON),
        }
    }

    /// What the carer reads about it, naming the person (`name`: their full name) and the date.
    pub fn message(&self, name: &str) -> Option<String> {
        let date = crate::en_gb::date;
        let first = name.split_whitespace().next().unwrap_or(name);
        Some(match self.reason? {
            AccessReason::ReviewSoon(on) => format!(
                "Check that you still have the right to look after {name}'s record by {}. If you do not, \
                 you will not be able to open their record after that date until you do.",
                date(on)
            ),
            AccessReason::ReviewPassed(on) => format!(
                "You cannot open {name}'s record until you check that you still have the right to look \
                 after it. The check was due on {}. It takes one click below.",
                date(on)
            ),
            AccessReason::SixteenSoon(on) => format!(
                "{name} turns 16 on {}. From that day you will not be able to open their record unless \
                 {first} takes it over, or agrees with their own password that you can keep looking after it.",
                date(on)
            ),
            AccessReason::Sixteen(on) => format!(
                "{name} turned 16 on {}. You cannot open their record unless {first} takes it over, or \
                 agrees with their own password that you can keep looking after it.",
                date(on)
            ),
        })
    }

    /// The refusal of a command on the record while access is paused.
    pub fn refusal(&self, name: &str) -> Option<CareAccessRefused> {
        if self.allows_record() {
            return None;
        }
        Some(CareAccessRefused {
            code: ErrorCode::CareAccessSuspended,
            review_reopens: self.review_reopens(),
            message: self.message(name).unwrap_or_default(),
        })
    }
}

/// Why a command on a record was refused: the code, the words, and whether the review is the
/// way back (else the young person is).
#[derive(Clone, PartialEq, Eq)]
pub struct CareAccessRefused {
    pub code: ErrorCode,
    pub review_reopens: bool,
    pub message: String,
}
crate::redacted_debug!(CareAccessRefused { code, review_reopens });

/// The tag of a record whose review is due within [`REVIEW_WARNING_DAYS`] (or today).
pub const REVIEW_DUE_SOON: &str = "Review due soon";
/// The tag of a record the carer cannot open for now.
pub const ACCESS_PAUSED: &str = "Access paused";
/// The tag of a child's record whose 16th birthday is less than three months away.
pub const TURNS_SIXTEEN_SOON: &str = "Turns 16 soon";

/// The carer's access today to the record of someone born on `date_of_birth` with `role`.
/// The 16th birthday comes before the review: past it, a review does not reopen the record.
pub fn care_access(role: Option<&Role>, date_of_birth: NaiveDate, today: NaiveDate) -> CareAccess {
    let Some(role) = role.filter(|r| r.kind == RoleKind::CaredFor) else { return CareAccess::OPEN };
    let limited = |state, reason| CareAccess { state, reason: Some(reason) };
    if role.basis.as_ref().is_some_and(|b| b.kind == BasisKind::Parental) {
        let sixteen = birthday(date_of_birth, PARENTAL_AGE_LIMIT);
        if today >= sixteen {
            return limited(AccessState::Suspended, AccessReason::Sixteen(sixteen));
        }
        let warn_from = sixteen.checked_sub_months(Months::new(SIXTEEN_WARNING_MONTHS)).unwrap_or(sixteen);
        if today >= warn_from {
            // A review due sooner still pauses the record first.
            if let Some(on) = role.review_on.filter(|on| *on < today) {
                return limited(AccessState::Suspended, AccessReason::ReviewPassed(on));
            }
            return limited(AccessState::Warning, AccessReason::SixteenSoon(sixteen));
        }
    }
    match role.review_on {
        Some(on) if on < today => limited(AccessState::Suspended, AccessReason::ReviewPassed(on)),
        Some(on) if today.checked_add_days(Days::new(REVIEW_WARNING_DAYS)).is_none_or(|w| on <= w) => {
            limited(AccessState::Warning, AccessReason::ReviewSoon(on))
        }
        _ => CareAccess::OPEN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::person_role::Basis;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cared_for(basis: BasisKind, review_on: Option<&str>) -> Role {
        Role {
            kind: RoleKind::CaredFor,
            relationship: Some("mother".into()),
            basis: Some(Basis { kind: basis, date: d("2025-01-01"), reference: None }),
            review_on: review_on.map(d),
        }
    }

    /// One table for both sides of every date that matters.
    #[test]
    fn access_by_date() {
        let adult = d("1950-05-01");
        let child = d("2011-03-15");
        let lpa = cared_for(BasisKind::Lpa, Some("2026-12-31"));
        let parent = cared_for(BasisKind::Parental, Some("2027-03-15"));
        use AccessReason::*;
        use AccessState::*;
        let cases: &[(&Role, NaiveDate, &str, AccessState, Option<AccessReason>)] = &[
            (&lpa, adult, "2026-11-30", Open, None),
            (&lpa, adult, "2026-12-01", Warning, Some(ReviewSoon(d("2026-12-31")))),
            (&lpa, adult, "2026-12-31", Warning, Some(ReviewSoon(d("2026-12-31")))),
            (&lpa, adult, "2027-01-01", Suspended, Some(ReviewPassed(d("2026-12-31")))),
            (&parent, child, "2026-12-14", Open, None),
            (&parent, child, "2026-12-15", Warning, Some(SixteenSoon(d("2027-03-15")))),
            (&parent, child, "2027-03-14", Warning, Some(SixteenSoon(d("2027-03-15")))),
            (&parent, child, "2027-03-15", Suspended, Some(Sixteen(d("2027-03-15")))),
            (&parent, child, "2030-01-01", Suspended, Some(Sixteen(d("2027-03-15")))),
        ];
        let mut failures = Vec::new();
        for (role, dob, today, state, reason) in cases {
            let got = care_access(Some(role), *dob, d(today));
            if (got.state, got.reason) != (*state, *reason) {
                failures.push(format!("{today}: got {got:?}, expected {state:?} {reason:?}"));
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn the_holders_own_record_and_an_unset_role_are_never_limited() {
        assert_eq!(care_access(Some(&Role::me()), d("2011-03-15"), d("2040-01-01")), CareAccess::OPEN);
        assert_eq!(care_access(None, d("2011-03-15"), d("2040-01-01")), CareAccess::OPEN);
    }

    #[test]
    fn a_child_whose_review_passed_before_sixteen_is_paused_for_the_review() {
        let parent = cared_for(BasisKind::Parental, Some("2027-01-01"));
        let got = care_access(Some(&parent), d("2011-03-15"), d("2027-02-01"));
        assert_eq!(got.reason, Some(AccessReason::ReviewPassed(d("2027-01-01"))));
        assert!(got.review_reopens());
    }

    #[test]
    fn the_words_name_the_person_and_the_date() {
        let passed =
            care_access(Some(&cared_for(BasisKind::Lpa, Some("2026-12-31"))), d("1950-05-01"), d("2027-01-02"));
        assert_eq!(passed.tag(), Some("Access paused"));
        let refusal = passed.refusal("Margaret Jones").unwrap();
        assert_eq!(refusal.code, ErrorCode::CareAccessSuspended);
        assert!(refusal.review_reopens);
        assert!(refusal.message.contains("Margaret Jones's record"), "{}", refusal.message);
        assert!(refusal.message.contains("31 Dec 2026"), "{}", refusal.message);
        let sixteen = care_access(Some(&cared_for(BasisKind::Parental, None)), d("2011-03-15"), d("2027-03-15"));
        let refusal = sixteen.refusal("Emma Smith").unwrap();
        assert!(!refusal.review_reopens);
        assert!(refusal.message.starts_with("Emma Smith turned 16 on 15 Mar 2027."), "{}", refusal.message);
        assert!(refusal.message.contains("unless Emma takes it over"), "{}", refusal.message);
        let soon = care_access(Some(&cared_for(BasisKind::Parental, None)), d("2011-03-15"), d("2027-01-01"));
        assert_eq!(soon.tag(), Some("Turns 16 soon"));
        assert_eq!(soon.refusal("Emma Smith"), None);
    }
}
