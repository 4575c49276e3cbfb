//! Search as people speak: the words people use ("flu jab", "water tablet") mapped to the
//! words a record uses ("influenza", "furosemide"), and the nearest record words to a
//! misspelling ("hypertention" → "hypertension").
//!
//! The table is curated from the common vaccine, condition and medicine names in the test
//! fixtures (Synthea, UK Core, GP Connect): US records say "acetaminophen" where UK records say
//! "paracetamol", so both directions are listed. A record term is matched as words, the last
//! as a prefix, so "vaccin" finds "vaccine" and "vaccination".

/// One lay phrase and the record terms it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayTerm {
    /// What a person types, lowercase words separated by single spaces.
    pub phrase: &'static str,
    /// The words the record uses for it, lowercase, most usual first.
    pub terms: &'static [&'static str],
}

const fn row(phrase: &'static str, terms: &'static [&'static str]) -> LayTerm {
    LayTerm { phrase, terms }
}

/// The curated lay-term table.
pub const LAY_TERMS: &[LayTerm] = &[
    // Vaccinations.
    row("flu jab", &["influenza", "influenza vaccin"]),
    row("flu vaccine", &["influenza"]),
    row("flu", &["influenza"]),
    row("jab", &["vaccin", "immunisation", "immunization"]),
    row("jabs", &["vaccin", "immunisation", "immunization"]),
    row("injection", &["vaccin", "injection", "injectable"]),
    row("vaccine", &["vaccin", "immunisation", "immunization"]),
    row("covid jab", &["sars-cov-2", "covid"]),
    row("covid", &["sars-cov-2", "covid"]),
    row("tetanus jab", &["td", "tetanus"]),
    row("whooping cough", &["pertussis", "dtap", "tdap"]),
    row("shingles jab", &["zoster"]),
    row("shingles", &["zoster", "herpes zoster"]),
    row("pneumonia jab", &["pneumococcal"]),
    row("hpv jab", &["hpv", "papillomavirus"]),
    row("mmr", &["measles", "mumps", "rubella"]),
    row("chickenpox", &["varicella"]),
    // Conditions.
    row("high blood pressure", &["hypertension", "hypertensive"]),
    row("low blood pressure", &["hypotension"]),
    row("blood pressure", &["blood pressure", "hypertension", "systolic", "diastolic"]),
    row("heart attack", &["myocardial infarction", "infarction"]),
    row("stroke", &["stroke", "cerebrovascular accident", "cerebral infarction"]),
    row("mini stroke", &["transient ischaemic attack", "transient ischemic attack"]),
    row("sugar diabetes", &["diabetes mellitus", "diabetes"]),
    row("sugar", &["glucose", "hba1c", "hemoglobin a1c", "haemoglobin a1c"]),
    row("blood sugar", &["glucose", "hba1c", "hemoglobin a1c"]),
    row(
        "high cholesterol",
        &["hyperlipidaemia", "hyperlipidemia", "hypercholesterolaemia", "hypercholesterolemia", "cholesterol"],
    ),
    row("cholesterol", &["cholesterol", "lipid"]),
    row("heart failure", &["heart failure", "cardiac failure"]),
    row("irregular heartbeat", &["atrial fibrillation", "arrhythmia"]),
    row("kidney disease", &["chronic kidney disease", "renal"]),
    row("kidney", &["renal", "kidney"]),
    row("kidney function", &["egfr", "glomerular filtration", "creatinine"]),
    row("underactive thyroid", &["hypothyroidism"]),
    row("overactive thyroid", &["hyperthyroidism"]),
    row("copd", &["chronic obstructive", "copd", "emphysema", "bronchitis"]),
    row("chest infection", &["bronchitis", "pneumonia", "lower respiratory tract infection"]),
    row("sore throat", &["pharyngitis", "tonsillitis", "sore throat"]),
    row("ear infection", &["otitis media", "otitis"]),
    row("water infection", &["urinary tract infection", "cystitis"]),
    row("uti", &["urinary tract infection", "cystitis"]),
    row("sinus infection", &["sinusitis"]),
    row("hay fever", &["allergic rhinitis", "hay fever"]),
    row("depression", &["depressi"]),
    row("anxiety", &["anxiety"]),
    row("broken bone", &["fracture"]),
    row("broken", &["fracture"]),
    row("sprain", &["sprain"]),
    row("obesity", &["obesity", "body mass index"]),
    row("weight", &["body weight", "body mass index", "weight"]),
    row("bmi", &["body mass index"]),
    row("pregnancy", &["pregnan", "antenatal", "prenatal"]),
    row("allergy", &["allerg", "hypersensitivity"]),
    // Medicines.
    row("water tablet", &["furosemide", "bendroflumethiazide", "indapamide", "hydrochlorothiazide", "diuretic"]),
    row("water pill", &["furosemide", "bendroflumethiazide", "indapamide", "hydrochlorothiazide", "diuretic"]),
    row("inhaler", &["salbutamol", "albuterol", "beclometasone", "fluticasone", "inhaler", "inhal"]),
    row("blue inhaler", &["salbutamol", "albuterol"]),
    row("brown inhaler", &["beclometasone", "beclomethasone"]),
    row("blood thinner", &["warfarin", "apixaban", "rivaroxaban", "edoxaban", "anticoagulant"]),
    row("painkiller", &["paracetamol", "acetaminophen", "codeine", "ibuprofen", "naproxen", "oxycodone", "morphine"]),
    row("pain killer", &["paracetamol", "acetaminophen", "codeine", "ibuprofen", "naproxen", "oxycodone", "morphine"]),
    row("paracetamol", &["paracetamol", "acetaminophen"]),
    row("acetaminophen", &["acetaminophen", "paracetamol"]),
    row("salbutamol", &["salbutamol", "albuterol"]),
    row("albuterol", &["albuterol", "salbutamol"]),
    row("statin", &["simvastatin", "simvistatin", "atorvastatin", "rosuvastatin", "pravastatin", "statin"]),
    row(
        "antibiotic",
        &[
            "amoxicillin",
            "penicillin",
            "clarithromycin",
            "doxycycline",
            "cefalexin",
            "cephalexin",
            "trimethoprim",
            "nitrofurantoin",
        ],
    ),
    row(
        "antibiotics",
        &[
            "amoxicillin",
            "penicillin",
            "clarithromycin",
            "doxycycline",
            "cefalexin",
            "cephalexin",
            "trimethoprim",
            "nitrofurantoin",
        ],
    ),
    row("insulin", &["insulin"]),
    row("steroid", &["prednisolone", "prednisone", "hydrocortisone", "beclometasone", "fluticasone"]),
    row(
        "the pill",
        &["oral contraceptive", "levonorgestrel", "ethinylestradiol", "ethinyl estradiol", "norethisterone"],
    ),
    row("contraceptive pill", &["oral contraceptive", "levonorgestrel", "ethinylestradiol", "ethinyl estradiol"]),
    row("antidepressant", &["sertraline", "citalopram", "fluoxetine", "amitriptyline", "mirtazapine"]),
    row("aspirin", &["aspirin", "acetylsalicylic"]),
];

/// The rows whose phrase is in `query`, as whole words, ignoring case and punctuation. Where
/// one matching phrase holds another ("flu jab" holds "jab" and "flu"), only the longer one
/// counts, since it says more exactly what the person means.
pub fn lay_terms_in(query: &str) -> Vec<&'static LayTerm> {
    let words = words_of(query);
    let found: Vec<&'static LayTerm> = LAY_TERMS.iter().filter(|t| contains_words(&words, t.phrase)).collect();
    found
        .iter()
        .copied()
        .filter(|t| {
            !found.iter().any(|o| {
                o.phrase != t.phrase && o.phrase.len() > t.phrase.len() && contains_words(&words_of(o.phrase), t.phrase)
            })
        })
        .collect()
}

/// The searches a query stands for beyond itself: for each lay phrase in it, the query with that
/// phrase put into each of its record terms ("flu jab 2019" → "influenza 2019", …). Without
/// duplicates, in table order.
pub fn lay_alternatives(query: &str) -> Vec<String> {
    let words = words_of(query);
    let mut out: Vec<String> = Vec::new();
    for lay in lay_terms_in(query) {
        let phrase = words_of(lay.phrase);
        let Some(at) = words.windows(phrase.len()).position(|w| w == phrase.as_slice()) else { continue };
        let (before, rest) = words.split_at(at);
        let after = rest.get(phrase.len()..).unwrap_or(&[]);
        for term in lay.terms {
            let mut alt: Vec<&str> = before.iter().map(String::as_str).collect();
            alt.push(term);
            alt.extend(after.iter().map(String::as_str));
            let alt = alt.join(" ");
            if !out.contains(&alt) && alt != words.join(" ") {
                out.push(alt);
            }
        }
    }
    out
}

/// What a lay phrase was searched as, for the person: "Also searched for influenza (flu jab)".
/// Terms ending mid-word (matched as a prefix, like "vaccin") are left out of the sentence.
pub fn understood_sentence(lay: &LayTerm) -> String {
    let shown: Vec<&str> = lay.terms.iter().copied().filter(|t| !t.ends_with("vaccin") && *t != lay.phrase).collect();
    let shown = if shown.is_empty() { vec![lay.phrase] } else { shown };
    format!("Also searched for {} ({})", shown.join(", "), lay.phrase)
}

/// The words under "Nothing found": above the suggestions, or alone when there is nothing to
/// suggest; empty when the search found something.
pub fn suggestions_heading(found: bool, has_suggestions: bool) -> &'static str {
    match (found, has_suggestions) {
        (true, _) => "",
        (false, true) => "Did you mean:",
        (false, false) => "Try another word, or a word you might see in a letter from your GP.",
    }
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).filter(|w| !w.is_empty()).collect()
}

fn contains_words(words: &[String], phrase: &str) -> bool {
    let phrase = words_of(phrase);
    !phrase.is_empty() && words.windows(phrase.len()).any(|w| w == phrase.as_slice())
}

/// The edit distance between two words, counting a swap of two neighbouring letters as one
/// edit (optimal string alignment: Damerau-Levenshtein without re-editing a swapped pair).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    // Three rows: two back (for swaps), one back and this one.
    let mut back2 = vec![0usize; width];
    let mut back1: Vec<usize> = (0..width).collect();
    let mut here = vec![0usize; width];
    for (i, ca) in a.iter().enumerate() {
        here.fill(0);
        if let Some(first) = here.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let del = back1.get(j + 1).copied().unwrap_or(usize::MAX).saturating_add(1);
            let ins = here.get(j).copied().unwrap_or(usize::MAX).saturating_add(1);
            let sub = back1.get(j).copied().unwrap_or(usize::MAX).saturating_add(cost);
            let mut best = del.min(ins).min(sub);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca);
            if swapped {
                best = best.min(back2.get(j - 1).copied().unwrap_or(usize::MAX).saturating_add(1));
            }
            if let Some(cell) = here.get_mut(j + 1) {
                *cell = best;
            }
        }
        std::mem::swap(&mut back2, &mut back1);
        std::mem::swap(&mut back1, &mut here);
    }
    back1.last().copied().unwrap_or(0)
}

/// The most edits a suggestion may be from the word typed: one for short words (where two
/// edits turn almost any word into another), two from six letters.
fn allowed_edits(word: &str) -> usize {
    match word.chars().count() {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
    }
}

/// The record words nearest to each word of `query` that the record does not hold, best
/// first: fewest edits, then the word found in most entries, then alphabetical. `vocabulary`
/// is each record word with the number of entries holding it. A query word the record holds
/// (or that is a prefix of a record word) needs no suggestion. The suggestion is the whole
/// query with the misspelt word put right, at most `limit` of them.
pub fn nearest_terms(query: &str, vocabulary: &[(String, u64)], limit: usize) -> Vec<String> {
    let words = words_of(query);
    let mut out: Vec<String> = Vec::new();
    for (at, word) in words.iter().enumerate() {
        let held = vocabulary.iter().any(|(v, _)| v.starts_with(word.as_str()));
        let allowed = allowed_edits(word);
        if held || allowed == 0 {
            continue;
        }
        let len = word.chars().count();
        let mut near: Vec<(usize, u64, &str)> = vocabulary
            .iter()
            .filter(|(v, _)| v.chars().count().abs_diff(len) <= allowed)
            .filter(|(v, _)| !v.chars().any(|c| c.is_ascii_digit()))
            .filter_map(|(v, n)| {
                let d = edit_distance(word, v);
                (d <= allowed).then_some((d, *n, v.as_str()))
            })
            .collect();
        near.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)).then(x.2.cmp(y.2)));
        for (_, _, v) in near {
            let mut fixed = words.clone();
            if let Some(slot) = fixed.get_mut(at) {
                v.clone_into(slot);
            }
            let s = fixed.join(" ");
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_terms_and_a_lowercase_phrase() {
        assert!(LAY_TERMS.len() >= 50, "{} rows", LAY_TERMS.len());
        for t in LAY_TERMS {
            assert!(!t.terms.is_empty(), "{} has no terms", t.phrase);
            assert_eq!(t.phrase, words_of(t.phrase).join(" "), "{} is not plain lowercase words", t.phrase);
            for term in t.terms {
                assert!(!term.trim().is_empty(), "{} has an empty term", t.phrase);
                assert_eq!(*term, term.to_lowercase(), "{term} is not lowercase");
            }
        }
        let mut phrases: Vec<&str> = LAY_TERMS.iter().map(|t| t.phrase).collect();
        phrases.sort_unstable();
        let before = phrases.len();
        phrases.dedup();
        assert_eq!(phrases.len(), before, "a phrase is listed twice");
    }

    #[test]
    fn flu_jab_means_influenza_whatever_the_case() {
        for q in ["flu jab", "Flu Jab", "my FLU  jab!", "flu-jab"] {
            let found = lay_terms_in(q);
            let phrases: Vec<&str> = found.iter().map(|t| t.phrase).collect();
            assert_eq!(phrases, ["flu jab"], "{q}");
        }
        assert!(lay_alternatives("Flu jab").contains(&"influenza".to_owned()));
        assert!(lay_alternatives("flu jab 2019").contains(&"influenza 2019".to_owned()));
    }

    #[test]
    fn the_issue_s_phrases_are_understood() {
        let alts = |q: &str| lay_alternatives(q);
        assert!(alts("high blood pressure").contains(&"hypertension".to_owned()));
        assert!(alts("water tablet").contains(&"furosemide".to_owned()));
        assert!(alts("sugar").contains(&"glucose".to_owned()));
        assert!(alts("inhaler").contains(&"salbutamol".to_owned()));
        assert!(alts("jab").contains(&"vaccin".to_owned()));
        assert!(alts("paracetamol").contains(&"acetaminophen".to_owned()));
        assert!(alts("heart attack").contains(&"myocardial infarction".to_owned()));
        assert!(alts("blood thinner").contains(&"warfarin".to_owned()));
        // Words inside other words are not phrases: "flu" is not in "fluid".
        assert!(lay_terms_in("fluid").is_empty());
        assert!(lay_alternatives("asthma").is_empty());
    }

    #[test]
    fn the_understood_sentence_names_the_phrase_and_whole_words() {
        let flu = lay_terms_in("flu jab");
        assert_eq!(
            flu.first().map(|t| understood_sentence(t)).as_deref(),
            Some("Also searched for influenza (flu jab)")
        );
        let para = lay_terms_in("paracetamol");
        assert_eq!(
            para.first().map(|t| understood_sentence(t)).as_deref(),
            Some("Also searched for acetaminophen (paracetamol)")
        );
        assert_eq!(suggestions_heading(true, true), "");
        assert!(suggestions_heading(false, true).contains("Did you mean"));
    }

    #[test]
    fn edit_distance_counts_swaps_as_one() {
        assert_eq!(edit_distance("hypertention", "hypertension"), 1);
        assert_eq!(edit_distance("asthma", "asthma"), 0);
        assert_eq!(edit_distance("ashtma", "asthma"), 1);
        assert_eq!(edit_distance("athsma", "asthma"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn a_misspelling_suggests_the_nearest_record_word() {
        let vocab: Vec<(String, u64)> = [("hypertension", 6), ("hypotension", 1), ("asthma", 2), ("influenza", 60)]
            .iter()
            .map(|(w, n)| ((*w).to_owned(), *n))
            .collect();
        assert_eq!(nearest_terms("hypertention", &vocab, 3), ["hypertension"]);
        assert_eq!(nearest_terms("Influenzza", &vocab, 3), ["influenza"]);
        assert!(nearest_terms("asthma", &vocab, 3).is_empty(), "a held word needs nothing");
        assert!(nearest_terms("asth", &vocab, 3).is_empty(), "a prefix is being typed");
        assert!(nearest_terms("zzzzzzzz", &vocab, 3).is_empty());
        assert_eq!(nearest_terms("athsma review", &vocab, 3), ["asthma review"]);
    }
}
