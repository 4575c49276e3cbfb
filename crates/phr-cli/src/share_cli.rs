//! `phr share create|open|list|revoke` and `phr key show`: consent-controlled sharing from the
//! command line. `share open` needs no vault: it is what a professional runs.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use chrono::{Days, Months, NaiveDate, Utc};
use clap::{ArgAction, Args, Subcommand};
use phr_app::SecretString;
use phr_app::{
    App, AppError, EntryKind, LeftOut, OpenedShare, ReadingKind, Sensitivity, ShareCreated, ShareInfo, ShareRecipient,
    ShareRequest, ShareSlice, ShareStatus, ShareUnlock,
};
use phr_core::ErrorCode;
use serde_json::json;

use crate::commands::resolve_person;
use crate::output::{self, emit};

#[derive(Debug, Subcommand)]
pub enum ShareCommand {
    /// Make an encrypted, signed package of part of your record for one professional
    Create(Box<CreateArgs>),
    /// Open a package someone shared with you (no vault needed): checks the signature, every
    /// file and the expiry before showing anything
    Open(OpenArgs),
    /// Every share made from this record, with its status
    List {
        #[arg(long)]
        person: Option<String>,
    },
    /// Mark a share revoked. A copy already handed over cannot be recalled; expiry is enforced by
    /// the software that opens it
    Revoke {
        /// The share's id (from `phr share list`)
        id: String,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
        #[arg(long)]
        person: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Who it is for (their name). Given a date (YYYY-MM-DD) instead, `--to` ends the date range:
    /// `--to "Sam Patel" --from 2025-01-01 --to 2025-12-31`
    #[arg(long = "to", value_name = "NAME", action = ArgAction::Append, required = true)]
    pub to: Vec<String>,
    /// Their role ("Physiotherapist")
    #[arg(long)]
    pub role: Option<String>,
    /// Their organisation
    #[arg(long)]
    pub org: Option<String>,
    /// Their organisation's ODS code
    #[arg(long)]
    pub ods: Option<String>,
    /// Their age public key (age1...): the package is sealed to it instead of an access code
    #[arg(long, value_name = "KEY")]
    pub recipient_key: Option<String>,
    /// Why you are sharing, in your words
    #[arg(long)]
    pub purpose: String,
    /// Categories, comma-separated: problem, medication, allergy, immunisation, result, report,
    /// procedure, encounter, document, referral, care_plan, goal, other
    #[arg(long, value_name = "CATS", value_delimiter = ',')]
    pub include: Vec<String>,
    /// Leave out entries (and readings) dated before this day
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// Leave out entries (and readings) dated after this day (same as a dated --to)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<String>,
    /// Reading kinds, comma-separated: bp, weight, glucose, heart_rate, ...
    #[arg(long, value_name = "KINDS", value_delimiter = ',')]
    pub readings: Vec<String>,
    /// Readings only from this day, or from this long ago (6m, 12w, 90d, 1y); by default the
    /// entries' --from
    #[arg(long, value_name = "WHEN")]
    pub readings_from: Option<String>,
    /// Readings only up to this day; by default the entries' --to / --until
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub readings_until: Option<String>,
    /// Sensitive labels to include, comma-separated: mental_health, sexual_health, social_care,
    /// held_back (left out otherwise)
    #[arg(long, value_name = "LABELS", value_delimiter = ',')]
    pub include_sensitive: Vec<String>,
    /// Share "What matters to me" (what matters most, contacts, GP practice, communication
    /// needs) and your decisions (organ donation, advance decision, ReSPECT, power of
    /// attorney); left out otherwise, whatever --include says
    #[arg(long)]
    pub what_matters: bool,
    /// Also put an International Patient Summary (ips.json) of exactly what is shared in the
    /// package, for their computer system
    #[arg(long)]
    pub ips: bool,
    /// How long it opens: 30d, 6w, 3m, 1y (at most two years), or the last day as YYYY-MM-DD
    #[arg(long, value_name = "DURATION")]
    pub expires: String,
    /// Where to write the package
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    #[arg(long)]
    pub person: Option<String>,
}

#[derive(Args)]
pub struct OpenArgs {
    /// The package file
    pub file: PathBuf,
    /// The access code you were given (or set PHR_ACCESS_CODE, or type it when asked: a code on
    /// the command line shows in the process list and shell history)
    #[arg(long, value_name = "C", conflicts_with = "identity")]
    pub code: Option<String>,
    /// Your age identity file (AGE-SECRET-KEY-1...), when it was sealed to your key
    #[arg(long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
    /// Also write the package's files, unencrypted, into this folder
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}
// The access code opens a package of health data: it must never reach a log.
phr_core::redacted_debug!(OpenArgs);

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// The record's signing key fingerprint, to read to a professional who checks a package
    Show {
        #[arg(long)]
        person: Option<String>,
    },
}

pub fn run(app: &App, c: ShareCommand, json: bool) -> Result<(), AppError> {
    match c {
        ShareCommand::Create(args) => create(app, *args, json),
        ShareCommand::Open(args) => open(app, args, json),
        ShareCommand::List { person } => {
            let person = resolve_person(app, person)?;
            let list = app.share_list(&person)?;
            emit(json, &list, |list| {
                if list.is_empty() {
                    println!("No shares yet. Make one with `phr share create`.");
                }
                for s in list {
                    print_info_line(s);
                }
            });
            Ok(())
        }
        ShareCommand::Revoke { id, yes, person } => {
            let person = resolve_person(app, person)?;
            if !yes {
                confirm_revoke(&id)?;
            }
            let info = app.share_revoke(&person, &id)?;
            emit(json, &info, |_| {
                println!("Revoked. A copy already handed over cannot be recalled; a package stops opening");
                println!("after its last day only in software that checks it, as this app does.");
            });
            Ok(())
        }
    }
}

pub fn key(app: &App, c: KeyCommand, json: bool) -> Result<(), AppError> {
    let KeyCommand::Show { person } = c;
    let person = resolve_person(app, person)?;
    let key = app.signing_key(&person)?;
    emit(json, &key, |k| {
        println!("{}", k.fingerprint);
    });
    Ok(())
}

fn confirm_revoke(id: &str) -> Result<(), AppError> {
    let refuse =
        || AppError::new(ErrorCode::ConfirmationRequired, format!("Share {id} was not revoked: confirm with --yes."));
    if !std::io::stdin().is_terminal() {
        return Err(refuse());
    }
    print!("Revoke share {id}? A copy already handed over cannot be recalled. [y/N] ");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).map_err(|_| refuse())?;
    if matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") { Ok(()) } else { Err(refuse()) }
}

fn create(app: &App, a: CreateArgs, json: bool) -> Result<(), AppError> {
    let person = resolve_person(app, a.person)?;
    let (names, dates): (Vec<String>, Vec<String>) = a.to.into_iter().partition(|v| iso_date(v).is_none());
    let name = match names.as_slice() {
        [one] => one.clone(),
        [] => return Err(usage("Say who the share is for: --to NAME.")),
        _ => return Err(usage("Give one recipient: --to NAME once (a second --to may only be a date).")),
    };
    let to_date = match (dates.as_slice(), a.until) {
        ([], until) => until,
        ([one], None) => Some(one.clone()),
        _ => return Err(usage("Give the end of the date range once (--to YYYY-MM-DD or --until).")),
    };
    let from = a.from.as_deref().map(date).transpose()?;
    let to = to_date.as_deref().map(date).transpose()?;
    let categories =
        a.include.iter().filter(|s| !s.trim().is_empty()).map(|s| category(s)).collect::<Result<_, _>>()?;
    let readings =
        a.readings.iter().filter(|s| !s.trim().is_empty()).map(|s| reading_kind(s)).collect::<Result<_, _>>()?;
    let include_sensitive =
        a.include_sensitive.iter().filter(|s| !s.trim().is_empty()).map(|s| label(s)).collect::<Result<_, _>>()?;
    let today = Utc::now().date_naive();
    // "Current medications and the last six months of blood pressure": readings may have a
    // range of their own.
    let readings_from = match a.readings_from.as_deref() {
        Some(s) => Some(since(s, today)?),
        None => from,
    };
    let readings_to = match a.readings_until.as_deref() {
        Some(s) => Some(date(s)?),
        None => to,
    };
    let req = ShareRequest {
        recipient: ShareRecipient {
            name,
            role: a.role,
            organisation: a.org,
            ods_code: a.ods,
            public_key: a.recipient_key,
        },
        purpose: a.purpose,
        slice: ShareSlice {
            categories,
            from,
            to,
            readings,
            readings_from,
            readings_to,
            include_sensitive,
            exclude_entries: Vec::new(),
            what_matters: a.what_matters,
            ips: a.ips,
        },
        expires_on: expires_on(&a.expires, today)?.format("%Y-%m-%d").to_string(),
    };
    // Preview, then seal exactly what the preview gathered, in one go: nothing can change the
    // record in between, as this process holds the vault.
    let preview = app.share_preview(&person, req)?;
    let created = app.share_create(&person, &preview.draft_id, &a.out)?;
    emit(json, &created, print_created);
    Ok(())
}

fn print_created(c: &ShareCreated) {
    println!("Package written to {} ({}).", c.path, output::bytes(c.bytes));
    println!("For {} until {}.", recipient_line(&c.share.recipient), output::instant(&c.share.not_after));
    println!();
    match &c.access_code {
        Some(code) => {
            println!("Access code (give it to them by another channel than the file, e.g. by phone):");
            println!();
            println!("    {code}");
        }
        None => println!("Sealed to their key: only they can open it, with their identity file."),
    }
    println!();
    println!("Your key's fingerprint, for them to check: {}", c.fingerprint);
    println!("Share id: {}", c.share.share_id);
}

fn open(app: &App, a: OpenArgs, json: bool) -> Result<(), AppError> {
    let unlock = match (a.code, a.identity) {
        (Some(code), None) => ShareUnlock { access_code: Some(SecretString::new(code)), identity_path: None },
        (None, Some(path)) => ShareUnlock { access_code: None, identity_path: Some(path.display().to_string()) },
        (None, None) => ShareUnlock { access_code: Some(access_code_from_env_or_prompt()?), identity_path: None },
        (Some(_), Some(_)) => return Err(usage("Give --code or --identity, not both.")),
    };
    let opened = app.share_open(&a.file, unlock)?;
    let saved = match &a.out {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| {
                AppError::new(ErrorCode::Io, format!("Could not make the folder {}: {e}", dir.display()))
            })?;
            app.share_save_opened(dir)?
        }
        None => Vec::new(),
    };
    app.share_close_opened();
    if json {
        emit(true, &json!({ "opened": opened, "saved": saved }), |_| {});
    } else {
        print_opened(&opened);
        if let Some(dir) = &a.out {
            println!();
            println!("Saved {} files, NOT encrypted, in {}.", saved.len(), dir.display());
        }
    }
    Ok(())
}

fn access_code_from_env_or_prompt() -> Result<SecretString, AppError> {
    if let Ok(code) = std::env::var("PHR_ACCESS_CODE") {
        return Ok(SecretString::new(code));
    }
    rpassword::prompt_password("Access code: ").map(SecretString::new).map_err(|_| {
        AppError::new(ErrorCode::InvalidInput, "No terminal to ask on: use --code, PHR_ACCESS_CODE or --identity")
    })
}

fn print_opened(o: &OpenedShare) {
    let s = &o.subject;
    let nhs = s.nhs_number.as_deref().map(|n| format!(", NHS number {n}")).unwrap_or_default();
    println!("Shared record of {} (born {}{nhs})", s.name, output::date(&s.birth_date));
    println!("{}.", o.made_by);
    println!("Signed by the key with fingerprint {}: check it with the person by phone.", o.fingerprint);
    println!("Made {}; opens until {}.", output::instant(&o.created), output::instant(&o.not_after));
    println!("For: {}", recipient_line(&o.recipient));
    println!("Why: {}", o.purpose);
    println!("Included: {}", kinds(&o.included));
    println!("Left out: {}", left_out(&o.left_out));
    if let Some(ips) = &o.ips {
        println!("{ips}");
    }
    for section in &o.document.sections {
        println!();
        println!("{}", section.title);
        if section.rows.is_empty() {
            println!("  none");
        }
        for r in &section.rows {
            let date = r.date.as_deref().map(|d| output::date(d.get(..10).unwrap_or(d))).unwrap_or_default();
            let extra: Vec<&str> =
                [r.value_text.as_deref(), r.flag.as_deref(), r.status.as_deref()].into_iter().flatten().collect();
            let extra = if extra.is_empty() { String::new() } else { format!("  ({})", extra.join(", ")) };
            println!("  {date:<12} {}{extra}", r.title);
        }
    }
    if let Some(rows) = &o.document.what_matters {
        println!();
        println!("{}", phr_core::share::WHAT_MATTERS_TITLE);
        if rows.is_empty() {
            println!("  none");
        }
        for r in rows {
            println!("  {}: {}", r.what, r.words);
        }
    }
    for group in &o.document.readings {
        println!();
        println!("{} readings", group.kind.core().label());
        for r in &group.rows {
            println!("  {:<24} {}", output::instant(&r.at), r.value_text);
        }
    }
}

fn print_info_line(s: &ShareInfo) {
    let status = match s.status {
        ShareStatus::Active => "active",
        ShareStatus::Expired => "expired",
        ShareStatus::Revoked => "revoked",
    };
    println!(
        "{}  {:<7}  made {}  until {}  for {}: {}",
        s.share_id,
        status,
        output::date(s.created.get(..10).unwrap_or(&s.created)),
        output::date(s.not_after.get(..10).unwrap_or(&s.not_after)),
        recipient_line(&s.recipient),
        s.purpose
    );
}

fn recipient_line(r: &ShareRecipient) -> String {
    [Some(r.name.as_str()), r.role.as_deref(), r.organisation.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
}

fn kinds(list: &[EntryKind]) -> String {
    if list.is_empty() {
        return "no record categories".into();
    }
    list.iter().map(|k| in_sentence(k.core().label())).collect::<Vec<_>>().join(", ")
}

/// A heading's words inside a sentence: only the first letter lowered, so "To discuss with my
/// GP" keeps its GP.
fn in_sentence(label: &str) -> String {
    let mut chars = label.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

fn left_out(l: &LeftOut) -> String {
    let mut parts = Vec::new();
    if !l.categories.is_empty() {
        parts.push(kinds(&l.categories));
    }
    if !l.labels.is_empty() {
        let labels: Vec<&str> = l.labels.iter().map(|s| s.core().in_sentence()).collect();
        parts.push(format!("entries labelled {}", labels.join(", ")));
    }
    if !l.readings.is_empty() {
        let readings: Vec<String> = l.readings.iter().map(|k| in_sentence(k.core().label())).collect();
        parts.push(format!("readings of {}", readings.join(", ")));
    }
    if parts.is_empty() { "nothing".into() } else { parts.join("; ") }
}

/// A command line the CLI cannot act on. The message names the flag, so the error names no
/// field (fields are the app's form inputs, not flags).
fn usage(message: &str) -> AppError {
    AppError::new(ErrorCode::InvalidInput, message)
}

fn iso_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

fn date(s: &str) -> Result<NaiveDate, AppError> {
    iso_date(s).ok_or_else(|| usage(&format!("{s:?} is not a date: use YYYY-MM-DD.")))
}

fn category(s: &str) -> Result<EntryKind, AppError> {
    crate::record_cli::parse_kind(s.trim())
}

fn reading_kind(s: &str) -> Result<ReadingKind, AppError> {
    phr_core::readings::ReadingKind::parse(s.trim()).map(ReadingKind::from).ok_or_else(|| {
        let known: Vec<&str> = phr_core::readings::ReadingKind::ALL.iter().map(|k| k.as_str()).collect();
        AppError::new(
            ErrorCode::UnknownReadingKind,
            format!("{s:?} is not a kind of reading. Use one of: {}.", known.join(", ")),
        )
    })
}

/// `mental_health`, `mental-health`, `Mental health`.
pub(crate) fn label(s: &str) -> Result<Sensitivity, AppError> {
    let key: String =
        s.trim().chars().map(|c| if c == '-' || c == ' ' { '_' } else { c }).flat_map(char::to_lowercase).collect();
    let parsed = phr_core::record::Sensitivity::parse(&key).map(Sensitivity::from);
    parsed.filter(|l| *l != Sensitivity::General).ok_or_else(|| {
        usage(&format!("{s:?} is not a sensitive label. Use mental_health, sexual_health, social_care or held_back."))
    })
}

/// `30d`, `6w`, `3m`, `1y` from `today`, or a last day as `YYYY-MM-DD`.
fn expires_on(s: &str, today: NaiveDate) -> Result<NaiveDate, AppError> {
    let s = s.trim();
    if let Some(d) = iso_date(s) {
        return Ok(d);
    }
    let bad = || usage(&format!("{s:?} is not a duration: use e.g. 30d, 6w, 3m, 1y or a date YYYY-MM-DD."));
    let split = s.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (n, unit) = s.split_at(split);
    let n: u32 = n.parse().map_err(|_| bad())?;
    let day = match unit.to_lowercase().as_str() {
        "d" => today.checked_add_days(Days::new(n.into())),
        "w" => today.checked_add_days(Days::new(u64::from(n) * 7)),
        "m" => today.checked_add_months(Months::new(n)),
        "y" => n.checked_mul(12).and_then(|m| today.checked_add_months(Months::new(m))),
        _ => None,
    };
    day.ok_or_else(bad)
}

/// A first day as `YYYY-MM-DD`, or `6m`, `12w`, `90d`, `1y` before `today`.
fn since(s: &str, today: NaiveDate) -> Result<NaiveDate, AppError> {
    let s = s.trim();
    if let Some(d) = iso_date(s) {
        return Ok(d);
    }
    let bad = || usage(&format!("{s:?} is not a day or a time ago: use e.g. 6m, 12w, 90d, 1y or YYYY-MM-DD."));
    let split = s.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (n, unit) = s.split_at(split);
    let n: u32 = n.parse().map_err(|_| bad())?;
    let day = match unit.to_lowercase().as_str() {
        "d" => today.checked_sub_days(Days::new(n.into())),
        "w" => today.checked_sub_days(Days::new(u64::from(n) * 7)),
        "m" => today.checked_sub_months(Months::new(n)),
        "y" => n.checked_mul(12).and_then(|m| today.checked_sub_months(Months::new(m))),
        _ => None,
    };
    day.ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_since() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(since("6m", today).unwrap(), NaiveDate::from_ymd_opt(2026, 5, 23).unwrap());
        assert_eq!(since("2w", today).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 9).unwrap());
        assert_eq!(since("2026-01-31", today).unwrap(), NaiveDate::from_ymd_opt(2026, 1, 31).unwrap());
        for bad in ["", "m", "6", "6x", "soon"] {
            assert_eq!(since(bad, today).unwrap_err().code, ErrorCode::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn durations_and_dates() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let d = |s: &str| expires_on(s, today).map(|d| d.to_string());
        assert_eq!(d("30d").unwrap(), "2026-12-23");
        assert_eq!(d("6w").unwrap(), "2027-01-04");
        assert_eq!(d("3m").unwrap(), "2027-02-23");
        assert_eq!(d("1Y").unwrap(), "2027-11-23");
        assert_eq!(d("2027-01-31").unwrap(), "2027-01-31");
        for bad in ["", "d", "30", "30x", "-3d", "soon"] {
            assert_eq!(d(bad).unwrap_err().code, ErrorCode::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn labels_and_kinds() {
        assert_eq!(label("Mental health").unwrap(), Sensitivity::MentalHealth);
        assert_eq!(label("held-back").unwrap(), Sensitivity::HeldBack);
        assert!(label("general").is_err());
        assert_eq!(category("care_plan").unwrap(), EntryKind::CarePlan);
        assert_eq!(category("allergies").unwrap(), EntryKind::Allergy);
        assert_eq!(category("Test results").unwrap(), EntryKind::Result);
        assert_eq!(category("medications").unwrap(), EntryKind::Medication);
        assert_eq!(in_sentence(Sensitivity::HeldBack.core().label()), "to discuss with my GP");
        assert_eq!(reading_kind("bp").unwrap(), ReadingKind::BloodPressure);
    }

    #[test]
    fn an_access_code_on_the_command_line_is_not_in_debug() {
        let args = OpenArgs {
            file: PathBuf::from("ada-share.age"),
            code: Some("K7QM-2XD9-4HRT-8WPA".to_owned()),
            identity: None,
            out: None,
        };
        let command = ShareCommand::Open(args);
        for shown in [format!("{command:?}"), format!("{command:#?}")] {
            assert!(!shown.contains("K7QM"), "{shown}");
        }
    }
}
