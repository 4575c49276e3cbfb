//! What a person reads first after an import: one sentence saying the record is ready and
//! what it holds ("Your record from Demo Practice is ready: 128 entries, including 4
//! conditions, 12 medicines and 3 allergies."), what was kept apart, and what to do when
//! parts could not be read. The technical report sits behind "Details for a professional".

use super::EntryKind;

/// The link to the technical report.
pub const DETAILS_HEADING: &str = "Details for a professional";

/// The primary action after an import.
pub const VIEW_SUMMARY: &str = "View your summary";

/// What to do next when an import of files failed (nothing was changed).
pub const FILE_IMPORT_FAILED: &str = "Nothing was changed in the record. Check that the file is this person's \
     health record (a FHIR file, ending in .json), then try again. If it still does not work, ask whoever gave you \
     the file for a new copy.";

/// What to do next when an import from a GP practice failed (nothing was changed).
pub const GP_IMPORT_FAILED: &str = "Nothing was changed in the record. Try again in a few minutes. If it still \
     does not work, contact your GP practice and tell them what the message says.";

/// The kinds named after "including", in this order, when the record holds any.
const NAMED: [EntryKind; 5] =
    [EntryKind::Problem, EntryKind::Medication, EntryKind::Allergy, EntryKind::Immunisation, EntryKind::Result];

/// How many to name at most.
const NAMED_MAX: usize = 3;

/// A kind inside a sentence, one and many: "condition", "conditions".
pub fn kind_in_sentence(kind: EntryKind, n: u32) -> &'static str {
    let (one, many) = match kind {
        EntryKind::Problem => ("condition", "conditions"),
        EntryKind::Medication => ("medicine", "medicines"),
        EntryKind::Allergy => ("allergy", "allergies"),
        EntryKind::Immunisation => ("vaccination", "vaccinations"),
        EntryKind::Result => ("test result", "test results"),
        EntryKind::Report => ("test report", "test reports"),
        EntryKind::Procedure => ("procedure", "procedures"),
        EntryKind::Encounter => ("appointment", "appointments"),
        EntryKind::Document => ("document", "documents"),
        EntryKind::Referral => ("referral", "referrals"),
        EntryKind::CarePlan => ("care plan", "care plans"),
        EntryKind::Goal => ("goal", "goals"),
        EntryKind::Patient => ("personal details entry", "personal details entries"),
        EntryKind::Other => ("other entry", "other entries"),
    };
    if n == 1 { one } else { many }
}

fn count(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What an import's outcome says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportWords {
    /// The heading: "Your record is ready", or what went wrong.
    pub heading: String,
    /// One sentence under it.
    pub summary: String,
    /// What was kept apart ("70 entries of administrative information, such as billing, are
    /// kept apart from your health story."), when any.
    pub kept_apart: Option<String>,
    /// What to do next when parts could not be read.
    pub next_step: Option<String>,
}

/// The outcome of an import from `source` ("Demo Practice", "the files you chose"): the
/// health story's entries from that source (`total`, and `counts` by kind), the
/// administrative ones kept apart, and how many parts could not be read.
pub fn import_words(
    source: &str,
    total: u32,
    counts: &[(EntryKind, u32)],
    administrative: u32,
    rejected: u32,
) -> ImportWords {
    let n = |k: EntryKind| counts.iter().find(|(c, _)| *c == k).map_or(0, |(_, n)| *n);
    let named: Vec<String> = NAMED
        .iter()
        .filter(|k| n(**k) > 0)
        .take(NAMED_MAX)
        .map(|k| format!("{} {}", n(*k), kind_in_sentence(*k, n(*k))))
        .collect();
    let entries = count(total, "entry", "entries");
    let (heading, summary) = if total == 0 {
        (
            "Nothing could be added to your record".to_string(),
            format!("Nothing from {source} could be shown in your health record."),
        )
    } else if named.is_empty() {
        (format!("Your record from {source} is ready"), format!("Your record from {source} is ready: {entries}."))
    } else {
        (
            format!("Your record from {source} is ready"),
            format!("Your record from {source} is ready: {entries}, including {}.", and_list(&named)),
        )
    };
    let kept_apart = (administrative > 0).then(|| {
        format!(
            "{} of administrative information, such as billing and insurance, {} kept apart from your health story.",
            count(administrative, "entry", "entries"),
            if administrative == 1 { "is" } else { "are" }
        )
    });
    let next_step = (rejected > 0).then(|| {
        format!(
            "{} could not be read and {} left out. Try the import again. If this keeps happening, show \
             the details below to your GP practice or whoever gave you the file.",
            count(rejected, "part", "parts"),
            if rejected == 1 { "was" } else { "were" }
        )
    });
    ImportWords { heading, summary, kept_apart, next_step }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outcome_names_what_the_record_holds() {
        let counts =
            [(EntryKind::Problem, 4), (EntryKind::Medication, 12), (EntryKind::Allergy, 3), (EntryKind::Result, 40)];
        let w = import_words("Demo Practice", 128, &counts, 70, 0);
        assert_eq!(w.heading, "Your record from Demo Practice is ready");
        assert_eq!(
            w.summary,
            "Your record from Demo Practice is ready: 128 entries, including 4 conditions, 12 medicines and 3 allergies."
        );
        assert!(w.kept_apart.unwrap().starts_with("70 entries of administrative information"));
        assert_eq!(w.next_step, None);
    }

    #[test]
    fn no_allergies_is_never_said_and_one_is_one() {
        let w = import_words("Demo Practice", 1, &[(EntryKind::Medication, 1)], 1, 1);
        assert_eq!(w.summary, "Your record from Demo Practice is ready: 1 entry, including 1 medicine.");
        assert!(!w.summary.contains("allerg"), "a missing allergy list must not read as none");
        assert!(
            w.kept_apart.unwrap().contains("1 entry of administrative information, such as billing and insurance, is")
        );
        assert!(w.next_step.unwrap().starts_with("1 part could not be read and was left out. Try the import again."));
    }

    #[test]
    fn an_import_that_adds_nothing_says_so() {
        let w = import_words("the files you chose", 0, &[], 0, 3);
        assert_eq!(w.heading, "Nothing could be added to your record");
        assert!(w.next_step.is_some());
    }
}
