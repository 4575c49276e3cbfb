//! Plain-English words for the coded values a record entry carries: statuses, result flags and
//! the code systems. One table each; every front end asks for these rather than keeping its own.

/// FHIR status codes (conditions, medicines, results, encounters, documents...) in plain
/// English. Codes are matched lower-case; a code not here is shown as it arrived.
pub const STATUSES: &[(&str, &str)] = &[
    ("active", "Active"),
    ("recurrence", "Active (come back)"),
    ("relapse", "Active (come back)"),
    ("inactive", "Not active"),
    ("remission", "In remission"),
    ("resolved", "Resolved"),
    ("completed", "Completed"),
    ("entered-in-error", "Entered in error"),
    ("stopped", "Stopped"),
    ("on-hold", "On hold"),
    ("intended", "Planned"),
    ("not-taken", "Not taken"),
    ("cancelled", "Cancelled"),
    ("draft", "Draft"),
    // A result's statuses. "final" is the normal case and reads as done ("Complete"), never
    // as "final" (which can alarm); every other result status says plainly what is not
    // finished or what changed, so an early result is never taken for the last word.
    ("final", "Complete"),
    ("preliminary", "Not the final result yet"),
    ("amended", "Changed since it was first given"),
    ("corrected", "Corrected"),
    ("registered", "Waiting for the result"),
    ("partial", "Not the full result yet"),
    ("unknown", "Not known"),
    ("confirmed", "Confirmed"),
    ("unconfirmed", "Not confirmed"),
    ("provisional", "Provisional"),
    ("differential", "One of several possibilities"),
    ("refuted", "Ruled out"),
    ("not-done", "Not done"),
    ("in-progress", "In progress"),
    ("planned", "Planned"),
    ("finished", "Finished"),
    ("current", "Current"),
    ("superseded", "Replaced by a newer version"),
    ("revoked", "Withdrawn"),
    ("proposed", "Proposed"),
    ("accepted", "Accepted"),
    ("achieved", "Achieved"),
];

/// A result flag: the interpretation code, the short word on its tag, and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagWords {
    /// The HL7 interpretation code, lower-case ("h").
    pub code: &'static str,
    /// The word on the tag ("High").
    pub word: &'static str,
    /// What it means, to follow the word ("above the normal range").
    pub meaning: &'static str,
}

/// The flags a result may carry, so a flag never rests on colour alone.
pub const FLAGS: &[FlagWords] = &[
    FlagWords { code: "h", word: "High", meaning: "above the normal range" },
    FlagWords { code: "l", word: "Low", meaning: "below the normal range" },
    FlagWords { code: "hh", word: "Critically high", meaning: "far above the normal range" },
    FlagWords { code: "ll", word: "Critically low", meaning: "far below the normal range" },
    FlagWords { code: "a", word: "Abnormal", meaning: "outside the normal range" },
];

/// What a result's own words mean, when it has no interpretation code ("Positive").
/// Matched lower-case.
pub const RESULT_WORDS: &[(&str, &str)] = &[
    ("positive", "the test found what it looks for"),
    ("detected", "the test found what it looks for"),
    ("negative", "the test did not find what it looks for"),
    ("not detected", "the test did not find what it looks for"),
];

/// What any other word starting "critical" means.
pub const CRITICAL_MEANING: &str = "far outside the normal range";

/// What any other flag on a result marked abnormal means.
pub const ABNORMAL_MEANING: &str = "outside the normal range";

/// The code systems the app names ([`super::Coding::system_name`]) and what each one is.
pub const CODE_SYSTEMS: &[(&str, &str)] = &[
    ("SNOMED CT", "the clinical terms used across the NHS"),
    ("dm+d", "the NHS dictionary of medicines and devices"),
    ("LOINC", "international codes for tests and measurements"),
    ("Read v2", "older codes used by GP practices"),
    ("Read CTV3", "older codes used by GP practices"),
    ("ICD-10", "the international classification of diseases"),
    ("UCUM", "units of measurement"),
];

/// A status code in plain English, if the table knows it.
pub fn status_text(code: &str) -> Option<&'static str> {
    let code = code.trim().to_lowercase();
    STATUSES.iter().find(|(c, _)| *c == code).map(|(_, text)| *text)
}

/// Whether an allergy entry's title records that there are none ("No known allergies", "No
/// known drug allergy", "NKDA"), rather than an allergy: such an entry is not an allergy to show.
pub fn records_no_known_allergy(title: &str) -> bool {
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let no_known = |rest: &[&str]| match rest {
        ["drug", word, ..] | [word, ..] => word.starts_with("allerg"),
        [] => false,
    };
    let phrase = words
        .windows(2)
        .enumerate()
        .any(|(i, pair)| pair == ["no", "known"] && words.get(i + 2..).is_some_and(no_known));
    phrase || words.iter().any(|w| matches!(*w, "nka" | "nkd" | "nkda"))
}

/// A section of the record summary: its code, its heading, and what it says when it is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SummarySection {
    pub code: &'static str,
    pub heading: &'static str,
    pub none: &'static str,
}

/// The record summary's sections, in the order every front end shows them. Allergies come
/// first: a missing allergy list must never read as "no allergies".
pub const SUMMARY_SECTIONS: &[SummarySection] = &[
    SummarySection {
        code: "allergies",
        heading: "Allergies and reactions",
        none: "No allergy information has been imported. This does not mean there are none: ask your GP practice if you are not sure.",
    },
    SummarySection {
        code: "problems",
        heading: "Active problems and conditions",
        none: "No active problems are recorded.",
    },
    // Never "no current medicines" alone: with medicines recorded but none current the summary
    // names the most recent ones (`medicines::Medicines::statement`); this is for none at all.
    SummarySection { code: "medications", heading: "Current medicines", none: super::medicines::NO_MEDICINES },
    SummarySection { code: "results", heading: "Recent test results", none: "No test results are recorded." },
    SummarySection { code: "immunisations", heading: "Vaccinations", none: "No vaccinations are recorded." },
];

/// What the summary says when the record holds an entry recording no known allergies.
pub const NO_KNOWN_ALLERGIES: &str = "No known allergies recorded.";

/// The summary section with this code.
pub fn summary_section(code: &str) -> Option<&'static SummarySection> {
    SUMMARY_SECTIONS.iter().find(|s| s.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_that_records_no_allergy_is_told_apart() {
        for yes in ["No known allergies", "No known allergy", "No known drug allergies", "NKDA", "Allergy: NKA"] {
            assert!(records_no_known_allergy(yes), "{yes}");
        }
        for no in ["Penicillin", "Allergy to nuts", "No known", "Known allergy to latex", "Nkdx"] {
            assert!(!records_no_known_allergy(no), "{no}");
        }
    }

    #[test]
    fn the_summary_starts_with_allergies_and_says_medicines() {
        let codes: Vec<&str> = SUMMARY_SECTIONS.iter().map(|s| s.code).collect();
        assert_eq!(codes, ["allergies", "problems", "medications", "results", "immunisations"]);
        let medicines = summary_section("medications").map(|s| s.heading);
        assert_eq!(medicines, Some("Current medicines"));
        // An empty allergy list must not read as "no allergies".
        let allergies = summary_section("allergies").map(|s| s.none).unwrap_or_default();
        assert!(allergies.contains("does not mean there are none"), "{allergies}");
        assert!(SUMMARY_SECTIONS.iter().all(|s| !s.heading.contains("Medication")));
    }

    #[test]
    fn a_result_that_is_not_final_says_so_and_a_final_one_does_not_alarm() {
        // Not finished yet: each says so in words, so it is never taken for the last word.
        for (code, says) in [
            ("preliminary", "Not the final result yet"),
            ("registered", "Waiting for the result"),
            ("partial", "Not the full result yet"),
            ("amended", "Changed since it was first given"),
            ("corrected", "Corrected"),
            ("entered-in-error", "Entered in error"),
            ("cancelled", "Cancelled"),
        ] {
            assert_eq!(status_text(code), Some(says), "{code}");
        }
        // The normal case reads as done, not as "final".
        assert_eq!(status_text("final"), Some("Complete"));
        assert!(STATUSES.iter().all(|(_, text)| !text.starts_with("Final")));
    }
}
