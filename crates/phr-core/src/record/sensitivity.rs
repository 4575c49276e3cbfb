//! Which entries are sensitive: a label suggested from an entry's codes, then from its words.
//!
//! Conservative on purpose: a label only hides an entry when the record is shown to someone
//! else, and the citizen can change it, so a missed label costs more than a spare one, but a
//! label on ordinary care ("Abuse-deterrent oxycodone") would be noise. Phrases, not fragments.

use super::{Coding, EntryKind, Sensitivity};

/// Suggests a sensitivity for an entry of `entry_kind` with these codes. Never `HeldBack`:
/// that is the citizen's choice. Personal details are always general.
pub fn sensitivity_of(entry_kind: EntryKind, codes: &[Coding]) -> Sensitivity {
    if entry_kind == EntryKind::Patient {
        return Sensitivity::General;
    }
    for coding in codes {
        if let Some(s) = from_code(coding) {
            return s;
        }
    }
    for coding in codes {
        if let Some(s) = coding.display.as_deref().and_then(from_words) {
            return s;
        }
    }
    Sensitivity::General
}

/// Suggests a sensitivity from free text alone (a CodeableConcept's text, a note).
pub fn sensitivity_of_text(text: &str) -> Option<Sensitivity> {
    from_words(text)
}

fn from_code(coding: &Coding) -> Option<Sensitivity> {
    let code = coding.code.as_deref()?.trim();
    let system = coding.system.as_deref().unwrap_or("").trim_end_matches('/');
    if system.starts_with("http://hl7.org/fhir/sid/icd-10") {
        return icd10(code);
    }
    if system == "http://snomed.info/sct" || system == "https://snomed.info/sct" {
        if SNOMED_MENTAL_HEALTH.contains(&code) {
            return Some(Sensitivity::MentalHealth);
        }
        if SNOMED_SEXUAL_HEALTH.contains(&code) {
            return Some(Sensitivity::SexualHealth);
        }
        if SNOMED_SOCIAL_CARE.contains(&code) {
            return Some(Sensitivity::SocialCare);
        }
    }
    None
}

/// ICD-10 (WHO 2019 chapters): F00-F99 is chapter V, "Mental and behavioural disorders";
/// A50-A64 "Infections with a predominantly sexual mode of transmission"; B20-B24 HIV disease;
/// Z21 asymptomatic HIV; O04 medical abortion; Z30 contraceptive management; Z61-Z63 problems
/// related to upbringing and family circumstances (where social care is usually involved).
fn icd10(code: &str) -> Option<Sensitivity> {
    let code = code.to_ascii_uppercase();
    let letter = code.chars().next()?;
    let num: u32 = code.get(1..3)?.parse().ok()?;
    match (letter, num) {
        ('F', _) => Some(Sensitivity::MentalHealth),
        ('A', 50..=64) | ('B', 20..=24) | ('Z', 21) | ('O', 4) | ('Z', 30) => Some(Sensitivity::SexualHealth),
        ('Z', 61..=63) => Some(Sensitivity::SocialCare),
        _ => None,
    }
}

// SNOMED CT concepts (International edition, checked against the SNOMED CT browser): the common
// mental-health disorders a GP record codes, and the ones Synthea generates.
const SNOMED_MENTAL_HEALTH: &[&str] = &[
    "35489007",        // Depressive disorder
    "370143000",       // Major depressive disorder
    "36923009",        // Major depression, single episode
    "191616006",       // Recurrent depression
    "310495003",       // Mild depression
    "310496002",       // Moderate depression
    "310497006",       // Severe depression
    "197480006",       // Anxiety disorder
    "21897009",        // Generalized anxiety disorder
    "371631005",       // Panic disorder
    "58214004",        // Schizophrenia
    "13746004",        // Bipolar disorder
    "69322001",        // Psychotic disorder
    "47505003",        // Posttraumatic stress disorder
    "191736004",       // Obsessive-compulsive disorder
    "72366004",        // Eating disorder
    "56882008",        // Anorexia nervosa
    "78004001",        // Bulimia nervosa
    "33449004",        // Personality disorder
    "7200002",         // Alcoholism
    "66590003",        // Alcohol dependence
    "15167005",        // Alcohol abuse
    "191816009",       // Drug dependence
    "26416006",        // Drug abuse
    "5602001",         // Opioid abuse
    "75544000",        // Opioid dependence
    "55680006",        // Drug overdose
    "248062006",       // Self-injurious behavior
    "82313006",        // Suicide attempt
    "6471006",         // Suicidal thoughts
    "171207006",       // Depression screening
    "454711000124102", // Depression screening using PHQ-9
];

// SNOMED CT concepts for sexually transmitted infections, HIV, contraception and termination.
const SNOMED_SEXUAL_HEALTH: &[&str] = &[
    "86406008",  // Human immunodeficiency virus infection
    "165816005", // HIV positive
    "62479008",  // AIDS
    "8098009",   // Sexually transmitted infectious disease
    "105629000", // Chlamydial infection
    "15628003",  // Gonorrhea
    "76272004",  // Syphilis
    "33839006",  // Genital herpes simplex
    "240542006", // Anogenital warts
    "56335008",  // Trichomoniasis
    "13197004",  // Contraception
    "169553002", // Insertion of subcutaneous contraceptive
    "46706006",  // Replacement of contraceptive intrauterine device
    "65200003",  // Insertion of intrauterine contraceptive device
    "68254000",  // Removal of intrauterine device
    "386639001", // Termination of pregnancy
    "714812005", // Induced termination of pregnancy
    "70537004",  // Abortion (procedure)
];

// SNOMED CT concepts for abuse and safeguarding (the UK extension's social-care codes are left
// to the word list below rather than guessed).
const SNOMED_SOCIAL_CARE: &[&str] = &[
    "706893006", // Victim of intimate partner abuse
];

/// Phrases that mark an entry sensitive when no code did. Matched on whole words, case-blind.
const MENTAL_HEALTH_WORDS: &[&str] = &[
    "depression",
    "depressive",
    "anxiety disorder",
    "generalised anxiety",
    "generalized anxiety",
    "panic disorder",
    "schizophrenia",
    "schizoaffective",
    "bipolar",
    "psychosis",
    "psychotic",
    "self harm",
    "self-harm",
    "self-injurious",
    "suicide",
    "suicidal",
    "eating disorder",
    "anorexia nervosa",
    "bulimia",
    "post-traumatic stress",
    "posttraumatic stress",
    "ptsd",
    "obsessive-compulsive",
    "obsessive compulsive",
    "personality disorder",
    "mental health",
    "mental disorder",
    "alcoholism",
    "alcohol dependence",
    "alcohol abuse",
    "drug dependence",
    "drug abuse",
    "opioid abuse",
    "opioid dependence",
    "substance misuse",
    "substance abuse",
    "antidepressant",
    "antipsychotic",
];

const SEXUAL_HEALTH_WORDS: &[&str] = &[
    "hiv",
    "aids",
    "human immunodeficiency virus",
    "chlamydia",
    "chlamydial",
    "gonorrhoea",
    "gonorrhea",
    "syphilis",
    "genital herpes",
    "genital warts",
    "trichomoniasis",
    "sexually transmitted",
    "sexual health",
    "contraception",
    "contraceptive",
    "intrauterine device",
    "intrauterine system",
    "termination of pregnancy",
    "abortion",
    "emergency contraception",
];

const SOCIAL_CARE_WORDS: &[&str] = &[
    "social services",
    "social care",
    "social worker",
    "safeguarding",
    "child protection",
    "looked after child",
    "domestic abuse",
    "domestic violence",
    "intimate partner abuse",
    "care package",
];

fn from_words(text: &str) -> Option<Sensitivity> {
    // Words separated by single spaces, hyphens kept, so "self-harm" and "self harm" both match
    // and "archive" never matches "hiv".
    let normalised: String =
        text.to_lowercase().chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { ' ' }).collect();
    let mut padded = String::with_capacity(normalised.len() + 2);
    padded.push(' ');
    for word in normalised.split_whitespace() {
        padded.push_str(word);
        padded.push(' ');
    }
    // A phrase matches where it stands between spaces: it starts where a word starts and a
    // space follows it. Compared in place, with no string or searcher built per phrase: this
    // runs for every entry of an import, against every phrase.
    let bytes = padded.as_bytes();
    let word_starts: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b' ')
        .map(|(i, _)| i + 1)
        .filter(|&i| i < bytes.len())
        .collect();
    let has = |phrases: &[&str]| {
        phrases.iter().any(|p| {
            let p = p.as_bytes();
            word_starts.iter().any(|&at| {
                bytes.get(at..).is_some_and(|rest| rest.starts_with(p)) && bytes.get(at + p.len()) == Some(&b' ')
            })
        })
    };
    if has(MENTAL_HEALTH_WORDS) {
        Some(Sensitivity::MentalHealth)
    } else if has(SEXUAL_HEALTH_WORDS) {
        Some(Sensitivity::SexualHealth)
    } else if has(SOCIAL_CARE_WORDS) {
        Some(Sensitivity::SocialCare)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(system: &str, code: &str, display: &str) -> Coding {
        Coding { system: Some(system.into()), code: Some(code.into()), display: Some(display.into()) }
    }

    #[test]
    fn codes_decide() {
        let sct = "http://snomed.info/sct";
        let icd = "http://hl7.org/fhir/sid/icd-10";
        assert_eq!(sensitivity_of(EntryKind::Problem, &[c(sct, "35489007", "x")]), Sensitivity::MentalHealth);
        assert_eq!(sensitivity_of(EntryKind::Problem, &[c(icd, "F32.1", "x")]), Sensitivity::MentalHealth);
        assert_eq!(sensitivity_of(EntryKind::Problem, &[c(icd, "A56.0", "x")]), Sensitivity::SexualHealth);
        assert_eq!(sensitivity_of(EntryKind::Problem, &[c(icd, "J45", "x")]), Sensitivity::General);
        assert_eq!(sensitivity_of(EntryKind::Patient, &[c(icd, "F32", "x")]), Sensitivity::General);
    }

    #[test]
    fn words_are_a_fallback_on_whole_words() {
        let sct = "http://snomed.info/sct";
        let e = |d: &str| sensitivity_of(EntryKind::Medication, &[c(sct, "1", d)]);
        assert_eq!(e("Liletta 52 MG Intrauterine System"), Sensitivity::SexualHealth);
        assert_eq!(e("Abuse-Deterrent 12 HR Oxycodone"), Sensitivity::General);
        assert_eq!(e("Archive copy"), Sensitivity::General);
        assert_eq!(e("HIV 1 antibody"), Sensitivity::SexualHealth);
        assert_eq!(e("Referral to social services"), Sensitivity::SocialCare);
        assert_eq!(e("Self-harm"), Sensitivity::MentalHealth);
    }
}
