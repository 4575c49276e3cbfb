//! People in the vault with their role: the checks a form shows before submitting (details,
//! role, and the vault-wide rules: nobody added twice, one "me"), adding and changing a person
//! with their role, the role's words on People and in the banner, and the review of a cared-for
//! person's basis.

use chrono::NaiveDate;
use phr_core::person::{PersonDetails, check_details};
use phr_core::person_role::{self, Role, RoleInput, RoleKind};
use phr_vault::{PersonId, PersonRecord, Vault};

use crate::App;
use crate::ErrorCode;
use crate::ErrorField;
use crate::convert::rfc3339;
use crate::dto::{AppError, Person, PersonInput};
use crate::dto_person::{PersonRole, PersonRoleInput};
use crate::readings::local::local_today;

/// What a checked form gives: the details, and the role (`None` when not given).
struct Checked {
    details: PersonDetails,
    role: Option<Role>,
}

impl App {
    pub(crate) fn people_list(&self) -> Result<Vec<Person>, AppError> {
        let today = local_today(self.clock.now());
        self.with_vault(|v| Ok(v.people()?.iter().map(|p| person(p, today)).collect()))
    }

    pub(crate) fn person_add(&self, input: &PersonInput) -> Result<Person, AppError> {
        let today = local_today(self.clock.now());
        self.with_vault(|v| {
            v.writable()?;
            let checked = checked(Some(v), None, input, today).map_err(first)?;
            Ok(person(&v.add_person_as(checked.details, checked.role)?, today))
        })
    }

    pub(crate) fn person_update(&self, id: &PersonId, input: &PersonInput) -> Result<Person, AppError> {
        let today = local_today(self.clock.now());
        self.with_vault(|v| {
            v.writable()?;
            let current = v.person(id)?;
            let checked = checked(Some(v), Some(id), input, today).map_err(first)?;
            // Absent role on changing details: the role stays as it was.
            let role = if input.role.is_some() { checked.role } else { current.role };
            // A role change of someone with their own access needs it open (the vault refuses,
            // and keeps the refusal in their log): said on the role field.
            let updated = v.update_person_as(id, checked.details, role).map_err(|e| {
                let own = e.code == ErrorCode::OwnAccessNeeded;
                let e = AppError::from(e);
                if own { e.on_field(ErrorField::Role) } else { e }
            })?;
            Ok(person(&updated, today))
        })
    }

    /// Every problem with a person as typed, in field order: their details, their role, then
    /// the vault-wide rules (someone already added, a second "me") when the vault is open.
    /// `id` is the person being changed, when it is a change. `add_person` and
    /// `update_person` refuse with the first.
    pub(crate) fn person_problems(&self, id: Option<&PersonId>, input: &PersonInput) -> Vec<AppError> {
        let today = local_today(self.clock.now());
        self.with_vault_if_open(|v| checked(v, id, input, today).err().unwrap_or_default())
    }

    /// Records that the holder checked they still have the right to look after a cared-for
    /// person's record, with the next review date (`YYYY-MM-DD`; blank: a year from today).
    /// Audited in the person's log.
    pub fn mark_review_done(&self, id: &str, next_review_on: Option<&str>) -> Result<Person, AppError> {
        let id = crate::app::person_id(id)?;
        let today = local_today(self.clock.now());
        self.with_vault(|v| {
            let current = v.person(&id)?;
            let Some(role) = current.role.as_ref().filter(|r| r.kind == RoleKind::CaredFor) else {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    "Only the record of someone you care for has a review.",
                )
                .on_field(ErrorField::ReviewOn));
            };
            let input = RoleInput {
                kind: RoleKind::CaredFor.code(),
                relationship: role.relationship.as_deref(),
                basis: role.basis.as_ref().map(|b| b.kind.code()),
                basis_date: None,
                basis_ref: role.basis.as_ref().and_then(|b| b.reference.as_deref()),
                review_on: next_review_on,
            };
            let checked = person_role::check_role(&input, current.details.date_of_birth, today)
                .map_err(|problems| problems.into_iter().find(|p| p.field == "reviewOn"));
            let review_on = match checked {
                Ok(r) => r.review_on.unwrap_or(today),
                Err(Some(p)) => return Err(p.into()),
                // Another part of an older role no longer passes today's checks: only the date matters here.
                Err(None) => match next_review_on.map(str::trim).filter(|s| !s.is_empty()) {
                    None => person_role::default_review_on(None, current.details.date_of_birth, today),
                    Some(raw) => NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| {
                        AppError::new(ErrorCode::InvalidInput, "Enter a real review date, for example 2026-03-27.")
                            .on_field(ErrorField::ReviewOn)
                    })?,
                },
            };
            Ok(person(&v.review_role(&id, review_on)?, today))
        })
    }
}

fn first(problems: Vec<AppError>) -> AppError {
    problems.into_iter().next().unwrap_or_else(|| AppError::new(ErrorCode::InvalidInput, "Check the details."))
}

fn role_input(r: &PersonRoleInput) -> RoleInput<'_> {
    RoleInput {
        kind: &r.kind,
        relationship: r.relationship.as_deref(),
        basis: r.basis.as_deref(),
        basis_date: r.basis_date.as_deref(),
        basis_ref: r.basis_ref.as_deref(),
        review_on: r.review_on.as_deref(),
    }
}

/// The one check behind `check_person`, `add_person` and `update_person`.
fn checked(
    vault: Option<&Vault>,
    id: Option<&PersonId>,
    input: &PersonInput,
    today: NaiveDate,
) -> Result<Checked, Vec<AppError>> {
    let mut problems = Vec::new();
    let details = match check_details(&input.name, &input.date_of_birth, input.nhs_number.as_deref(), today) {
        Ok(d) => Some(d),
        Err(ps) => {
            problems.extend(ps.into_iter().map(AppError::from));
            None
        }
    };
    // The role's date checks need a date of birth: an unreadable one is already a problem
    // above, so the role is checked against today (no false "over 16" refusal).
    let dob = details.as_ref().map_or_else(
        || NaiveDate::parse_from_str(input.date_of_birth.trim(), "%Y-%m-%d").unwrap_or(today).min(today),
        |d| d.date_of_birth,
    );
    let role = match input.role.as_ref() {
        None => None,
        Some(r) => match person_role::check_role(&role_input(r), dob, today) {
            Ok(role) => Some(role),
            Err(ps) => {
                problems.extend(ps.into_iter().map(AppError::from));
                None
            }
        },
    };
    if let (Some(v), Some(d)) = (vault, details.as_ref()) {
        match v.people() {
            Ok(people) => {
                let others: Vec<&PersonRecord> = people.iter().filter(|p| Some(&p.id) != id).collect();
                if let Err(e) = person_role::check_not_already_added(d, others.iter().map(|o| &o.details)) {
                    problems.push(e.into());
                }
                if let Err(e) = person_role::check_one_me(role.as_ref(), others.iter().map(|o| o.role.as_ref())) {
                    problems.push(e.into());
                }
            }
            Err(e) => problems.push(e.into()),
        }
    }
    // Field order as the form asks: name, date of birth, NHS number, then the role's fields.
    problems.sort_by_key(|p| p.field.map_or(usize::MAX, field_rank));
    match (problems.is_empty(), details) {
        (true, Some(details)) => Ok(Checked { details, role }),
        _ => Err(problems),
    }
}

fn field_rank(f: ErrorField) -> usize {
    const ORDER: [&str; 9] =
        ["name", "dateOfBirth", "nhsNumber", "role", "relationship", "basis", "basisDate", "basisRef", "reviewOn"];
    let name = f.name();
    ORDER.iter().position(|n| *n == name).unwrap_or(ORDER.len())
}

/// A person as People and the record screens show them, with "today" for the review.
pub(crate) fn person(p: &PersonRecord, today: NaiveDate) -> Person {
    let role = p.role.as_ref();
    let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let role_words = match role {
        None => person_role::ROLE_NOT_SET.to_owned(),
        Some(r) if r.kind == RoleKind::Me => RoleKind::Me.label().to_owned(),
        Some(r) => {
            match r.relationship.as_deref().filter(|c| *c != "other").and_then(person_role::relationship_label) {
                Some(label) => format!("Your {}", label.to_lowercase()),
                None => "Someone you care for".to_owned(),
            }
        }
    };
    let name = &p.details.name;
    let prompt = match role {
        None => Some(person_role::ROLE_NOT_SET_PROMPT.to_owned()),
        Some(r) if r.review_due(today) => Some(person_role::review_prompt(name)),
        Some(_) => None,
    };
    Person {
        id: p.id.to_string().into(),
        name: name.clone(),
        date_of_birth: iso(p.details.date_of_birth),
        nhs_number: p.details.nhs_number.as_ref().map(ToString::to_string),
        created_at: rfc3339(p.created_at),
        updated_at: rfc3339(p.updated_at),
        role: role.map(|r| PersonRole {
            kind: r.kind.code().to_owned(),
            relationship: r.relationship.clone(),
            relationship_label: r.relationship.as_deref().and_then(person_role::relationship_label).map(Into::into),
            basis: r.basis.as_ref().map(|b| b.kind.code().to_owned()),
            basis_label: r.basis.as_ref().map(|b| b.kind.label().to_owned()),
            basis_date: r.basis.as_ref().map(|b| iso(b.date)),
            basis_ref: r.basis.as_ref().and_then(|b| b.reference.clone()),
            review_on: r.review_on.map(iso),
            review_due: r.review_due(today),
            access: crate::care_access::access_info(p, today),
        }),
        role_words,
        banner: person_role::banner(name, role),
        prompt,
    }
}

/// The role's words for `vocabulary()`.
pub(crate) fn words() -> crate::dto_person::PersonWords {
    use crate::dto_person::{PersonChoice, PersonWords};
    use phr_core::person_role::BasisKind;
    let choice = |code: &str, text: &str, hint: &str| PersonChoice {
        code: code.to_owned(),
        text: text.to_owned(),
        hint: hint.to_owned(),
    };
    PersonWords {
        roles: RoleKind::ALL.into_iter().map(|k| choice(k.code(), k.label(), k.hint())).collect(),
        relationships: person_role::RELATIONSHIPS
            .iter()
            .map(|(code, text)| crate::dto_vocabulary::Word { code: (*code).to_owned(), text: (*text).to_owned() })
            .collect(),
        bases: BasisKind::ALL.into_iter().map(|k| choice(k.code(), k.label(), k.hint())).collect(),
        bases_needing_reference: BasisKind::ALL
            .into_iter()
            .filter(|k| k.needs_reference())
            .map(|k| k.code().to_owned())
            .collect(),
        role_not_set: person_role::ROLE_NOT_SET.to_owned(),
        review_due: person_role::REVIEW_DUE.to_owned(),
        basis_not_recorded: person_role::BASIS_NOT_RECORDED.to_owned(),
        review_confirm: person_role::REVIEW_CONFIRM.to_owned(),
        review_ended_hint: person_role::REVIEW_ENDED_HINT.to_owned(),
    }
}
