//! [`App::vocabulary`]: every user-facing word and limit the interface shows, gathered from the
//! one place each lives (mostly `phr-core`), and [`App::today`]: the dates that follow from the
//! backend's clock. The interface asks for these instead of keeping its own copies.

use chrono::NaiveDate;
use phr_core::person::{MAX_NAME_CHARS, earliest_date_of_birth};
use phr_core::readings::red_flags::Urgency;
use phr_core::record::{EntryKind as CoreKind, RangeBasis, Sensitivity as CoreSensitivity, range, words};
use phr_core::share::{self as core_share, ExpiryPreset};
use phr_vault::VaultSettings;

use crate::App;
use crate::dto_record::{ImportStage, SourceKind};
use crate::dto_share::ShareStatus;
use crate::dto_vocabulary::*;
use crate::readings::local::local_today;

/// An optional list on the reading form left as it is: the field's label says "(optional)", so
/// the first choice says what to do rather than a code ("Not said" read as jargon).
const READING_FORM_NO_CHOICE: &str = "Choose if you know";

/// After unlocking from an auto-lock, above a reading form that shows what was typed before.
const READING_FORM_KEPT_TYPING: &str = "We kept what you had typed.";

impl App {
    /// Every word and limit the interface shows. The same for every vault, locked or not.
    pub fn vocabulary(&self) -> Vocabulary {
        vocabulary(self)
    }

    /// Today by this app's clock, in this computer's time zone (as the share and person checks
    /// count it), each ready-made expiry's last day, and the readings range a new share starts
    /// with.
    pub fn today(&self) -> Today {
        today_on(local_today(self.clock.now()))
    }

    /// The file name a new share package is offered under, from this app's clock: the
    /// webview never names a file with its own date.
    pub fn share_file_name(&self) -> String {
        format!("health-record-share-{}.{}", iso(local_today(self.clock.now())), crate::SHARE_EXTENSION)
    }
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn word(code: &str, text: &str) -> Word {
    Word { code: code.to_owned(), text: text.to_owned() }
}

/// A wire enum's serialised name ("atGp"), the code the UI looks its words up by.
fn wire(v: impl serde::Serialize) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// The own-entry form's field labels: what a person reads above each box, by kind.
fn own_entry_fields() -> Vec<crate::dto_vocabulary::OwnEntryFieldWords> {
    use crate::ErrorField as F;
    use crate::dto_own_entries::OwnEntryKind as K;
    const ROWS: &[(K, F, &str, Option<&str>)] = &[
        (K::Condition, F::Status, "Do you still have it?", None),
        (K::Condition, F::Text, "Anything else you want to write down (optional)", None),
        (K::Medicine, F::MedicineType, "Where you got it", None),
        (K::Medicine, F::Dose, "Dose (optional)", Some("For example, 1 tablet or 2 puffs")),
        (K::Medicine, F::HowOften, "How often you take it (optional)", Some("For example, twice a day")),
        (K::Medicine, F::Reason, "What you take it for (optional)", None),
        (K::Medicine, F::Status, "Are you still taking it?", None),
        (K::Medicine, F::Text, "Anything else you want to write down (optional)", None),
        (K::Allergy, F::Reaction, "What happens to you (optional)", Some("For example, a rash or swelling")),
        (K::Allergy, F::Text, "Anything else you want to write down (optional)", None),
        (K::Vaccination, F::Country, "Country, if it was given outside the UK (optional)", None),
        (K::Vaccination, F::Text, "Anything else you want to write down (optional)", None),
        (K::Procedure, F::Reason, "Why it was done (optional)", None),
        (K::Procedure, F::Text, "Anything else you want to write down (optional)", None),
        (K::Note, F::Text, "Your note", None),
        (K::Document, F::File, "The file", Some("A letter as a PDF, or a photo as a JPEG or PNG, of up to 20 MB")),
        (
            K::Document,
            F::About,
            "What it is about (optional)",
            Some("One of the entries you added, such as a condition"),
        ),
        (K::Document, F::Text, "Anything else you want to write down (optional)", None),
        (K::OrganDonation, F::Decision, "Your decision", None),
        (
            K::OrganDonation,
            F::Registered,
            phr_core::record::own_document::REGISTERED_LABEL,
            Some("Only tick this if you have registered it, or changed it, on the register's website"),
        ),
        (K::OrganDonation, F::Text, "Anything else you want to write down (optional)", None),
        (
            K::AdvanceDecision,
            F::File,
            "A copy of it (optional)",
            Some("A scan as a PDF, or a photo as a JPEG or PNG, of up to 20 MB"),
        ),
        (
            K::AdvanceDecision,
            F::Text,
            "Where the signed original is kept (optional)",
            Some("For example, with my GP and my daughter"),
        ),
        (
            K::Respect,
            F::File,
            "A copy of it (optional)",
            Some("A scan as a PDF, or a photo as a JPEG or PNG, of up to 20 MB"),
        ),
        (K::Respect, F::Text, "Where the original is kept (optional)", Some("For example, at home by the front door")),
        (
            K::PowerOfAttorney,
            F::File,
            "A copy of it (optional)",
            Some("A scan as a PDF, or a photo as a JPEG or PNG, of up to 20 MB"),
        ),
        (K::PowerOfAttorney, F::Text, "Who your attorneys are, and where the original is kept (optional)", None),
    ];
    ROWS.iter()
        .map(|&(kind, field, label, hint)| crate::dto_vocabulary::OwnEntryFieldWords {
            kind,
            field,
            label: label.to_owned(),
            hint: hint.map(str::to_owned),
        })
        .collect()
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The days [`App::today`] gives, for a given today.
pub(crate) fn today_on(today: NaiveDate) -> Today {
    Today {
        date: iso(today),
        expiry_choices: ExpiryPreset::ALL
            .into_iter()
            .map(|p| ExpiryChoice {
                preset: p.id().to_owned(),
                label: p.label().to_owned(),
                last_day: iso(p.last_day(today)),
            })
            .collect(),
        latest_last_day: iso(core_share::latest_last_day(today)),
        share_readings_from: iso(core_share::default_readings_from(today)),
    }
}

fn import_stage_text(stage: ImportStage) -> &'static str {
    match stage {
        ImportStage::Discovering => "Finding your GP practice's service",
        ImportStage::SigningIn => "Waiting for you to sign in in your web browser",
        ImportStage::Fetching => "Downloading your record",
        ImportStage::Reading => "Reading your record",
        ImportStage::Storing => "Saving your record",
        ImportStage::Done => "Finished",
    }
}

/// A kind of source inside a sentence: "from Beech House (GP practice)", "from you".
fn source_text(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Gp => "GP practice",
        SourceKind::File => "file",
        SourceKind::SelfEntered => "you",
        SourceKind::Carer => "carer",
    }
}

fn share_status_text(status: ShareStatus) -> &'static str {
    match status {
        ShareStatus::Active => "Active",
        ShareStatus::Expired => "Expired",
        ShareStatus::Revoked => "Sharing stopped",
    }
}

fn vocabulary(app: &App) -> Vocabulary {
    let stages = [
        ImportStage::Discovering,
        ImportStage::SigningIn,
        ImportStage::Fetching,
        ImportStage::Reading,
        ImportStage::Storing,
        ImportStage::Done,
    ];
    let auto_lock = VaultSettings::AUTO_LOCK_RANGE;
    Vocabulary {
        entry_kinds: CoreKind::LISTED
            .into_iter()
            .map(|k| EntryKindWords {
                kind: k.into(),
                one: k.one().to_owned(),
                many: k.label().to_owned(),
                range_filter: range::offers_range_filter(k),
            })
            .collect(),
        sensitivities: CoreSensitivity::ALL
            .into_iter()
            .map(|s| SensitivityWords {
                label: s.into(),
                text: s.label().to_owned(),
                hint: s.hint().to_owned(),
                in_sentence: s.in_sentence().to_owned(),
                share_warning: s.share_warning().map(str::to_owned),
            })
            .collect(),
        statuses: words::STATUSES.iter().map(|(c, t)| word(c, t)).collect(),
        flags: words::FLAGS
            .iter()
            .map(|f| FlagWord { code: f.code.to_owned(), word: f.word.to_owned(), meaning: f.meaning.to_owned() })
            .collect(),
        result_words: words::RESULT_WORDS.iter().map(|(c, t)| word(c, t)).collect(),
        critical_meaning: words::CRITICAL_MEANING.to_owned(),
        abnormal_meaning: words::ABNORMAL_MEANING.to_owned(),
        urgencies: Urgency::ALL
            .into_iter()
            .map(|u| UrgencyWords {
                urgency: u.into(),
                label: u.label().to_owned(),
                meaning: u.meaning().to_owned(),
                flag_text: u.flag_text().to_owned(),
                is_red_flag: u.is_red_flag(),
            })
            .collect(),
        range: RangeWords {
            filter_label: range::FILTER_LABEL.to_owned(),
            filter_hint: range::FILTER_HINT.to_owned(),
            bases: [RangeBasis::Interpretation, RangeBasis::ReferenceRange, RangeBasis::Guidance]
                .into_iter()
                .map(|b| RangeBasisWords { basis: b.into(), text: b.sentence().to_owned() })
                .collect(),
        },
        code_systems: words::CODE_SYSTEMS.iter().map(|(c, t)| word(c, t)).collect(),
        summary_sections: words::SUMMARY_SECTIONS
            .iter()
            .map(|s| SummarySectionWords {
                code: s.code.to_owned(),
                heading: s.heading.to_owned(),
                none: s.none.to_owned(),
            })
            .collect(),
        no_known_allergies: words::NO_KNOWN_ALLERGIES.to_owned(),
        pdf: PdfWords {
            save: crate::printable::SAVE.to_owned(),
            saving: crate::printable::SAVING.to_owned(),
            saved_as: crate::printable::SAVED_AS.to_owned(),
            open: crate::printable::OPEN.to_owned(),
            not_encrypted: crate::printable::NOT_ENCRYPTED.to_owned(),
            recovery_key_after: crate::printable::RECOVERY_KEY_AFTER.to_owned(),
        },
        reading_form: ReadingFormWords {
            no_choice: READING_FORM_NO_CHOICE.to_owned(),
            kept_typing: READING_FORM_KEPT_TYPING.to_owned(),
        },
        gp_connection: crate::gp_connection::words(),
        record_words: RecordWords {
            administrative: phr_core::record::place::ADMINISTRATIVE_HEADING.to_owned(),
            administrative_hint: phr_core::record::place::ADMINISTRATIVE_HINT.to_owned(),
            details_for_professional: phr_core::record::import_words::DETAILS_HEADING.to_owned(),
            view_summary: phr_core::record::import_words::VIEW_SUMMARY.to_owned(),
            file_import_failed: phr_core::record::import_words::FILE_IMPORT_FAILED.to_owned(),
            gp_import_failed: phr_core::record::import_words::GP_IMPORT_FAILED.to_owned(),
        },
        sources: [SourceKind::Gp, SourceKind::File, SourceKind::SelfEntered, SourceKind::Carer]
            .into_iter()
            .map(|kind| SourceKindWords { kind, text: source_text(kind).to_owned() })
            .collect(),
        import_stages: stages
            .into_iter()
            .map(|stage| ImportStageWords { stage, text: import_stage_text(stage).to_owned() })
            .collect(),
        share_statuses: [ShareStatus::Active, ShareStatus::Expired, ShareStatus::Revoked]
            .into_iter()
            .map(|status| ShareStatusWords { status, text: share_status_text(status).to_owned() })
            .collect(),
        reading_kinds: app.reading_kinds(),
        units: phr_core::readings::kind::UNIT_LABELS.iter().map(|(c, t)| word(c, t)).collect(),
        reading_origins: phr_core::readings::Origin::ALL
            .into_iter()
            .map(|o| word(&wire(crate::ReadingOrigin::from(o)), o.label()))
            .collect(),
        reading_source_filters: phr_core::readings::SourceFilter::ALL
            .into_iter()
            .map(|f| word(&wire(crate::ReadingSourceFilter::from(f)), f.label()))
            .collect(),
        expiry_presets: ExpiryPreset::ALL.into_iter().map(|p| word(p.id(), p.label())).collect(),
        text_sizes: crate::preferences::text_size_words(),
        people: crate::people::words(),
        handover: crate::handover::words(),
        own_entries: crate::own_entries::words(),
        own_entry_fields: own_entry_fields(),
        about_me: crate::about_me::words(),
        share_what_matters: crate::dto_share::ShareWhatMattersWords::new(),
        share_ips: crate::dto_share::ShareIpsWords::new(),
        reminders: crate::reminders::words(),
        limits: Limits {
            name_max_chars: count(MAX_NAME_CHARS),
            earliest_date_of_birth: iso(earliest_date_of_birth()),
            purpose_max_chars: count(core_share::MAX_PURPOSE_CHARS),
            share_max_months: core_share::MAX_SHARE_MONTHS,
            ods_code_min_chars: count(*core_share::ODS_CODE_CHARS.start()),
            ods_code_max_chars: count(*core_share::ODS_CODE_CHARS.end()),
            auto_lock_min_minutes: *auto_lock.start(),
            auto_lock_max_minutes: *auto_lock.end(),
            passphrase_min_chars: count(phr_core::passphrase::MIN_PASSPHRASE_CHARS),
        },
    }
}
