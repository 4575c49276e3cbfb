//! Which entries are sensitive: a label suggested from an entry's codes (curated lists of
//! SNOMED CT, ICD-10, LOINC and RxNorm codes and BNF sections), then from the medicines it
//! names (ingredient and brand names by BNF section), then from its words.
//!
//! Conservative on purpose: a label only hides an entry when the record is shown to someone
//! else, and the citizen can change it, so a missed label costs more than a spare one, but a
//! label on ordinary care ("Abuse-deterrent oxycodone", "ST depression") would be noise.
//! Phrases, not fragments. The citizen's own choice always wins: it is stored apart
//! (`sensitivity_set_by_user`) and nothing here overrides it.
//!
//! Labels are stored with each entry when it is imported. When these lists change,
//! [`SENSITIVITY_LISTS_VERSION`] goes up and the vault suggests every label again (except the
//! ones the citizen chose) the next time it opens, from each entry's stored kind, codes, title
//! and facts through [`suggest_sensitivity`], the same function the import uses.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::{Coding, EntryKind, Fact, Sensitivity};

/// The version of the lists and rules below. Raise it whenever a change here could change a
/// label, so that stored records are labelled again (`phr_vault`'s relabel pass).
pub const SENSITIVITY_LISTS_VERSION: u32 = 3;

/// The label suggested for an entry of `entry_kind` with these codes, title and facts: the
/// codes first, then the medicines named in the codes' displays or a medicine's title, then
/// phrases in the displays, the title and the "Reason" fact (what a referral, encounter or
/// prescription was for: "Referral to counselor"). Never `HeldBack` (the citizen's choice
/// only); personal details are always general.
pub fn suggest_sensitivity(entry_kind: EntryKind, codes: &[Coding], title: &str, facts: &[Fact]) -> Sensitivity {
    if entry_kind == EntryKind::Patient {
        return Sensitivity::General;
    }
    if let Some(s) = codes.iter().find_map(from_code) {
        return s;
    }
    // Each text is read once; its phrases serve both the medicine and the word stages.
    let displays: Vec<Hits> = codes.iter().filter_map(|c| c.display.as_deref()).map(Hits::of).collect();
    let title = Hits::of(title);
    // Medicines by name: in any code's display, and in the title of a medicine entry only
    // (other titles hold people's names, and "Camila" or "Yasmin" is a name as well as a
    // pill). An allergy is never hidden because of the medicine it names: whoever treats the
    // person must see it.
    if entry_kind != EntryKind::Allergy {
        let title = (entry_kind == EntryKind::Medication).then_some(&title);
        if let Some(s) = displays.iter().chain(title).find_map(Hits::medicine) {
            return s;
        }
    }
    if let Some(s) = displays.iter().chain([&title]).find_map(Hits::words) {
        return s;
    }
    facts.iter().filter(|f| f.label == REASON).find_map(|f| Hits::of(&f.text).words()).unwrap_or(Sensitivity::General)
}

/// The fact that says what an entry was for; the mappings write it from `reasonCode` and
/// `reasonReference`.
const REASON: &str = "Reason";

/// [`suggest_sensitivity`] from the codes alone (no title, no facts).
pub fn sensitivity_of(entry_kind: EntryKind, codes: &[Coding]) -> Sensitivity {
    suggest_sensitivity(entry_kind, codes, "", &[])
}

/// Suggests a sensitivity from free text alone (a CodeableConcept's text, a note).
pub fn sensitivity_of_text(text: &str) -> Option<Sensitivity> {
    Hits::of(text).words()
}

const SNOMED_SYSTEMS: [&str; 2] = ["http://snomed.info/sct", "https://snomed.info/sct"];
const RXNORM_SYSTEM: &str = "http://www.nlm.nih.gov/research/umls/rxnorm";
const LOINC_SYSTEM: &str = "http://loinc.org";

fn from_code(coding: &Coding) -> Option<Sensitivity> {
    let code = coding.code.as_deref()?.trim();
    let system = coding.system.as_deref().unwrap_or("").trim().trim_end_matches('/');
    if system.starts_with("http://hl7.org/fhir/sid/icd-10") {
        return icd10(code);
    }
    if SNOMED_SYSTEMS.contains(&system) {
        return [
            (SNOMED_MENTAL_HEALTH, Sensitivity::MentalHealth),
            (SNOMED_SEXUAL_HEALTH, Sensitivity::SexualHealth),
            (SNOMED_SOCIAL_CARE, Sensitivity::SocialCare),
        ]
        .into_iter()
        .find_map(|(list, label)| list.contains(&code).then_some(label));
    }
    if system == RXNORM_SYSTEM {
        return RXNORM_CONTRACEPTIVES.contains(&code).then_some(Sensitivity::SexualHealth);
    }
    if system == LOINC_SYSTEM {
        return LOINC_SEXUAL_HEALTH.contains(&code).then_some(Sensitivity::SexualHealth);
    }
    if system.to_ascii_lowercase().contains("bnf") {
        return bnf(code);
    }
    None
}

/// ICD-10 (WHO 2019). Chapter V's F10-F69 and F99: mental and behavioural disorders due to
/// substance use, schizophrenia and psychoses, mood, anxiety and stress-related, eating and
/// other behavioural syndromes, personality disorders, and mental disorder not otherwise
/// specified. Left out, as the SNOMED CT list leaves them out: F00-F09 (dementia, delirium and
/// other organic disorders) and F70-F98 (learning disability, developmental disorders such as
/// autism, and childhood-onset conditions such as ADHD): people treating the person need
/// them, and they are not what "mental health" hides. Sexual health: A50-A64 "Infections with
/// a predominantly sexual mode of transmission", B20-B24 HIV disease, Z21 asymptomatic HIV,
/// O04 medical abortion, Z30 contraceptive management. Social care: Z61-Z63 problems related
/// to upbringing and family circumstances.
fn icd10(code: &str) -> Option<Sensitivity> {
    let code = code.to_ascii_uppercase();
    let letter = code.chars().next()?;
    let num: u32 = code.get(1..3)?.parse().ok()?;
    match (letter, num) {
        ('F', 10..=69 | 99) => Some(Sensitivity::MentalHealth),
        ('A', 50..=64) | ('B', 20..=24) | ('Z', 21) | ('O', 4) | ('Z', 30) => Some(Sensitivity::SexualHealth),
        ('Z', 61..=63) => Some(Sensitivity::SocialCare),
        _ => None,
    }
}

/// A BNF code, in the NHSBSA's form ("0403030D0AAAAAA": chapter, section and paragraph two
/// digits each, then the substance and product) or dotted ("4.3.3"). BNF (British National
/// Formulary, legacy chapters as the NHSBSA codes them): 4.2 drugs used in psychoses and
/// related disorders (antipsychotics, antimanic drugs), 4.3 antidepressant drugs, 4.10.1
/// alcohol dependence, 4.10.3 opioid dependence: mental health. 5.3.1 HIV infection, 7.3
/// contraceptives: sexual health. 4.10.2 (nicotine dependence) is left out.
fn bnf(code: &str) -> Option<Sensitivity> {
    let parts: Vec<u32> = if code.contains('.') {
        code.split('.').map(|p| p.trim().parse().ok()).collect::<Option<Vec<u32>>>()?
    } else {
        let digits = |from: usize| code.get(from..from + 2).and_then(|d| d.parse::<u32>().ok());
        [digits(0), digits(2), digits(4)].into_iter().map_while(|d| d).collect()
    };
    match parts.as_slice() {
        [4, 2, ..] | [4, 3, ..] | [4, 10, 1, ..] | [4, 10, 3, ..] => Some(Sensitivity::MentalHealth),
        [5, 3, 1, ..] | [7, 3, ..] => Some(Sensitivity::SexualHealth),
        _ => None,
    }
}

// SNOMED CT concepts (International edition, checked against the SNOMED CT browser; those
// marked "fixture" as they appear in the repository's GP Connect, UK Core or Synthea files):
// the common mental-health disorders a GP record codes, the ones Synthea generates, and
// referrals to mental-health care.
const SNOMED_MENTAL_HEALTH: &[&str] = &[
    "74732009",        // Mental disorder
    "35489007",        // Depressive disorder
    "370143000",       // Major depressive disorder
    "36923009",        // Major depression, single episode
    "191616006",       // Recurrent depression
    "310495003",       // Mild depression
    "310496002",       // Moderate depression
    "310497006",       // Severe depression
    "231504006",       // Mixed anxiety and depressive disorder (fixture: GP Connect)
    "48694002",        // Anxiety
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
    "307052004",       // Illicit drug use (fixture: UK Core)
    "55680006",        // Drug overdose
    "248062006",       // Self-injurious behavior
    "82313006",        // Suicide attempt
    "6471006",         // Suicidal thoughts
    "225444004",       // At risk for suicide
    "171207006",       // Depression screening
    "454711000124102", // Depression screening using PHQ-9
    "308448008",       // Referral to counselor (fixture: GP Connect)
];

// SNOMED CT concepts for sexually transmitted infections, HIV, contraception and termination
// of pregnancy.
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
    "386394001", // Pregnancy termination care (fixture: Synthea)
    "10383002",  // Counseling for termination of pregnancy (fixture: Synthea)
    "5880005",   // Physical exam following abortion (fixture: Synthea)
];

// SNOMED CT concepts for abuse and safeguarding: the International edition's, and UK
// extension concepts as the Yorkshire and Humber Care Record's flag-type value set lists them
// (InterweaveFlagType). Others are left to the word list below rather than guessed.
const SNOMED_SOCIAL_CARE: &[&str] = &[
    "706893006",        // Victim of intimate partner abuse
    "412732008",        // History of domestic violence
    "514331000000104",  // Adult safeguarding referral (UK)
    "417430008",        // Vulnerable adult
    "919461000000108",  // At risk of sexual exploitation (UK)
    "1188261000000103", // At risk of criminal exploitation (UK)
    "761571000000106",  // At risk of financial abuse (UK)
    "1098411000000108", // Notification to adult safeguarding team of missing adult (UK)
];

// RxNorm: every contraceptive Synthea prescribes (its modules `contraceptives/*.json`:
// oral_contraceptive, intrauterine_device, implant_contraceptive, injectable_contraceptive,
// patch_contraceptive, ring_contraceptive). Branded packs ("Camila 28 Day Pack") name no
// ingredient, so only their code says what they are.
const RXNORM_CONTRACEPTIVES: &[&str] = &[
    "748962",  // Camila 28 Day Pack
    "831533",  // Errin 28 Day Pack
    "757594",  // Jolivette 28 Day Pack
    "235389",  // Mestranol / Norethynodrel (Enovid)
    "749882",  // Norinyl 1+50 28 Day Pack
    "1359133", // Estrostep Fe 28 Day Pack
    "749785",  // Ortho Tri-Cyclen 28 Day Pack
    "751905",  // Trinessa 28 Day Pack
    "749762",  // Seasonique 91 Day Pack
    "748856",  // Yaz 28 Day Pack
    "978950",  // Natazia 28 Day Pack
    "748879",  // Levora 0.15/30 28 Day Pack
    "807283",  // Mirena 52 MG Intrauterine System
    "1605257", // Liletta 52 MG Intrauterine System
    "1856546", // Kyleena 19.5 MG Intrauterine System
    "1366343", // Levonorgestrel 0.00354 MG/HR Drug Implant (Norplant)
    "389221",  // Etonogestrel 68 MG Drug Implant (Implanon, Nexplanon)
    "1000126", // 1 ML medroxyprogesterone acetate 150 MG/ML Injection (Depo-Provera)
    "1534809", // Ethinyl Estradiol / norelgestromin Transdermal System (Xulane)
    "1367439", // NuvaRing 0.12/0.015 MG per 24HR 21 Day Vaginal System
];

// LOINC tests for HIV and syphilis, for results that carry a code and no display.
const LOINC_SEXUAL_HEALTH: &[&str] = &[
    "56888-1", // HIV 1+2 Ab+HIV1 p24 Ag [Presence] in Serum or Plasma by Immunoassay
    "47236-5", // Treponema pallidum IgG+IgM Ab [Presence] in Serum or Plasma by Immunoassay
];

/// Medicines by what they treat, as ingredient (generic) and brand names, matched on whole
/// words in a medicine's name: dm+d names start with the ingredient ("Citalopram 20mg
/// tablets") or the brand ("Cipramil 20mg tablets"), as do RxNorm's ("sertraline 50 MG Oral
/// Tablet"). Each list follows a BNF section; the UK brands are the BNF's (as listed in the
/// NHSBSA BNF code list of the section), with the US brands that RxNorm records use.
struct MedicineClass {
    label: Sensitivity,
    names: &'static [&'static str],
    /// Names that mean the medicine is something else: a match with one of these is no match.
    not_when: &'static [&'static str],
}

const MEDICINES: [MedicineClass; 4] = [
    MedicineClass { label: Sensitivity::MentalHealth, names: ANTIDEPRESSANTS, not_when: &["yentreve"] },
    MedicineClass { label: Sensitivity::MentalHealth, names: ANTIPSYCHOTICS, not_when: &[] },
    MedicineClass { label: Sensitivity::SexualHealth, names: HIV_MEDICINES, not_when: &["nirmatrelvir", "paxlovid"] },
    MedicineClass { label: Sensitivity::SexualHealth, names: CONTRACEPTIVES, not_when: &[] },
];

// BNF 4.3 antidepressant drugs: 4.3.1 tricyclic and related, 4.3.2 MAOIs, 4.3.3 SSRIs,
// 4.3.4 others. Left out: oxitriptan and tryptophan (sold as supplements). Amitriptyline and
// nortriptyline are also given for pain and migraine, and duloxetine for nerve pain: they are
// labelled all the same, and the citizen can change the label (duloxetine's Yentreve, for
// incontinence, is not an antidepressant brand). Bupropion is left out: in the UK it is a
// smoking-cessation medicine (BNF 4.10.2).
const ANTIDEPRESSANTS: &[&str] = &[
    "agomelatine",
    "amitriptyline",
    "amoxapine",
    "citalopram",
    "clomipramine",
    "desvenlafaxine",
    "dosulepin",
    "dothiepin",
    "doxepin",
    "duloxetine",
    "escitalopram",
    "esketamine",
    "fluoxetine",
    "fluvoxamine",
    "imipramine",
    "isocarboxazid",
    "levomilnacipran",
    "lofepramine",
    "maprotiline",
    "mianserin",
    "milnacipran",
    "mirtazapine",
    "moclobemide",
    "nefazodone",
    "nortriptyline",
    "paroxetine",
    "phenelzine",
    "reboxetine",
    "sertraline",
    "tranylcypromine",
    "trazodone",
    "trimipramine",
    "venlafaxine",
    "vilazodone",
    "vortioxetine",
    // UK brands (BNF 4.3).
    "allegron",
    "alventa",
    "amphero",
    "anafranil",
    "apclaven",
    "asendis",
    "bonilux",
    "brintellix",
    "cipralex",
    "cipramil",
    "cymbalta",
    "depalta",
    "depefex",
    "duciltia",
    "dutonin",
    "edronax",
    "efexor",
    "faverin",
    "felicium",
    "feprapax",
    "fetzima",
    "foraven",
    "gamanil",
    "lentizol",
    "lomont",
    "ludiomil",
    "lustral",
    "majoven",
    "manerix",
    "mentaven",
    "molipaxin",
    "motipress",
    "motival",
    "nardil",
    "olena",
    "oxactin",
    "politid",
    "prepadine",
    "prothiaden",
    "prozac",
    "prozep",
    "prozit",
    "ranfaxine",
    "ranflutin",
    "rodomel",
    "seroxat",
    "sinepin",
    "sinequan",
    "sunveniz",
    "surmontil",
    "tardcaps",
    "thaden",
    "tifaxin",
    "tofranil",
    "tonpular",
    "triptafen",
    "trixat",
    "valdoxan",
    "vaxalin",
    "venaxx",
    "vencarm",
    "venladex",
    "venlablue",
    "venlalic",
    "venlaneo",
    "venlasov",
    "vensir",
    "venzip",
    "vexarin",
    "viepax",
    "winfex",
    "zispin",
    // US brands (RxNorm).
    "celexa",
    "desyrel",
    "effexor",
    "elavil",
    "lexapro",
    "pamelor",
    "paxil",
    "pristiq",
    "remeron",
    "sarafem",
    "spravato",
    "trintellix",
    "viibryd",
    "zoloft",
];

// BNF 4.2 drugs used in psychoses and related disorders: 4.2.1 antipsychotics, 4.2.2 depot
// injections, 4.2.3 antimanic drugs (lithium). Left out: prochlorperazine, droperidol and
// levomepromazine, given in the UK mostly against sickness (BNF 4.6) or in anaesthesia and
// palliative care, and valproate, carbamazepine and lamotrigine, mostly for epilepsy.
const ANTIPSYCHOTICS: &[&str] = &[
    "amisulpride",
    "aripiprazole",
    "asenapine",
    "benperidol",
    "brexpiprazole",
    "cariprazine",
    "chlorpromazine",
    "chlorprothixene",
    "clozapine",
    "flupentixol",
    "flupenthixol",
    "fluphenazine",
    "fluspirilene",
    "haloperidol",
    "iloperidone",
    "lithium",
    "loxapine",
    "lumateperone",
    "lurasidone",
    "melperone",
    "olanzapine",
    "oxypertine",
    "paliperidone",
    "pericyazine",
    "perphenazine",
    "pimozide",
    "pipotiazine",
    "promazine",
    "quetiapine",
    "remoxipride",
    "risperidone",
    "sertindole",
    "sulpiride",
    "thioridazine",
    "trifluoperazine",
    "trifluperidol",
    "ziprasidone",
    "zotepine",
    "zuclopenthixol",
    // UK brands (BNF 4.2).
    "abilify",
    "adasuve",
    "anquil",
    "arpoya",
    "byannli",
    "camcolit",
    "clopixol",
    "clozaril",
    "denzapine",
    "depixol",
    "dolmatil",
    "dozic",
    "haldol",
    "invega",
    "largactil",
    "latuda",
    "liskonum",
    "loxapac",
    "modecate",
    "priadel",
    "psytixol",
    "reagila",
    "risperdal",
    "serenace",
    "seroquel",
    "solian",
    "sulpor",
    "sycrest",
    "trevicta",
    "xeplion",
    "zaponex",
    "zypadhera",
    "zyprexa",
    // US brands (RxNorm).
    "caplyta",
    "geodon",
    "rexulti",
    "vraylar",
];

// BNF 5.3.1 HIV infection: antiretrovirals and their boosters, also given to prevent HIV
// (PrEP, PEP). Lamivudine and tenofovir also treat hepatitis B; they are labelled all the
// same. Ritonavir with nirmatrelvir (Paxlovid) is a COVID-19 treatment, not an HIV medicine.
const HIV_MEDICINES: &[&str] = &[
    "abacavir",
    "atazanavir",
    "bictegravir",
    "cabotegravir",
    "cobicistat",
    "darunavir",
    "didanosine",
    "dolutegravir",
    "doravirine",
    "efavirenz",
    "elvitegravir",
    "emtricitabine",
    "enfuvirtide",
    "etravirine",
    "fosamprenavir",
    "fostemsavir",
    "ibalizumab",
    "indinavir",
    "lamivudine",
    "lenacapavir",
    "lopinavir",
    "maraviroc",
    "nelfinavir",
    "nevirapine",
    "raltegravir",
    "rilpivirine",
    "ritonavir",
    "saquinavir",
    "stavudine",
    "tenofovir",
    "tipranavir",
    "zidovudine",
    // Brands (BNF 5.3.1 and RxNorm).
    "apretude",
    "aptivus",
    "atripla",
    "biktarvy",
    "celsentri",
    "combivir",
    "delstrigo",
    "descovy",
    "dovato",
    "edurant",
    "emtriva",
    "epivir",
    "eviplera",
    "evotaz",
    "fuzeon",
    "genvoya",
    "intelence",
    "isentress",
    "juluca",
    "kaletra",
    "kivexa",
    "norvir",
    "odefsey",
    "pifeltro",
    "prezista",
    "retrovir",
    "reyataz",
    "rezolsta",
    "rukobia",
    "stribild",
    "sunlenca",
    "sustiva",
    "symtuza",
    "telzir",
    "tivicay",
    "triumeq",
    "trizivir",
    "truvada",
    "tybost",
    "viramune",
    "viread",
    "vocabria",
];

// BNF 7.3 contraceptives: 7.3.1 combined hormonal, 7.3.2 progestogen-only (oral, injected,
// implanted, intra-uterine), 7.3.4 devices, 7.3.5 emergency contraception. Only names that mean
// contraception: norethisterone alone (period problems), medroxyprogesterone tablets and
// estradiol (hormone replacement) are left out, and so is dienogest alone (endometriosis);
// ethinylestradiol is in combined contraceptives (and co-cyprindiol, which also contracepts).
const CONTRACEPTIVES: &[&str] = &[
    "desogestrel",
    "drospirenone",
    "ethinylestradiol",
    "ethinyl estradiol",
    "etonogestrel",
    "gestodene",
    "levonorgestrel",
    "mestranol",
    "nomegestrol",
    "norelgestromin",
    "norethynodrel",
    "norgestimate",
    "norgestrel",
    "ulipristal",
    // UK brands (BNF 7.3).
    "benilexa",
    "brevinor",
    "cerazette",
    "cerelle",
    "cilest",
    "depo-provera",
    "eloine",
    "ellaone",
    "evra",
    "feanolla",
    "femodene",
    "gedarel",
    "hana",
    "jaydess",
    "kyleena",
    "levest",
    "levonelle",
    "levosert",
    "lizinna",
    "logynon",
    "lovima",
    "maexeni",
    "marvelon",
    "microgynon",
    "millinette",
    "mirena",
    "nexplanon",
    "implanon",
    "noriday",
    "norimin",
    "nuvaring",
    "ovranette",
    "qlaira",
    "rigevidon",
    "sayana press",
    "sunya",
    "triregol",
    "yasmin",
    "zelleta",
    "zoely",
    // US brands (RxNorm; Synthea's contraceptives module).
    "camila",
    "errin",
    "estrostep",
    "jolivette",
    "levora",
    "liletta",
    "natazia",
    "norinyl",
    "seasonique",
    "trinessa",
    "xulane",
    "yaz",
];

/// Phrases that mark an entry sensitive when no code or medicine did. Matched on whole words,
/// case-blind.
const MENTAL_HEALTH_WORDS: &[&str] = &[
    "depression",
    "depressive",
    "anxiety",
    "anxiety disorder",
    "generalised anxiety",
    "generalized anxiety",
    "panic disorder",
    "schizophrenia",
    "schizoaffective",
    "bipolar",
    "psychosis",
    "psychotic",
    "psychiatric",
    "psychiatry",
    "psychiatrist",
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
    "mental illness",
    "mental disorder",
    "talking therapies",
    "referral to counsellor",
    "referral to counselor",
    "cognitive behavioural therapy",
    "cognitive behavioral therapy",
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

/// Phrases that hold a mental-health word without meaning one: a bipolar hip replacement or
/// diathermy, an ECG's ST depression, the breathing slowed by opioids, a bone marrow that
/// makes fewer cells.
const NOT_MENTAL_HEALTH: &[&str] = &[
    "bipolar hemiarthroplasty",
    "bipolar hip",
    "bipolar diathermy",
    "bipolar cautery",
    "st depression",
    "st segment depression",
    "st-segment depression",
    "respiratory depression",
    "marrow depression",
    "bone marrow depression",
];

const SEXUAL_HEALTH_WORDS: &[&str] = &[
    "hiv",
    "human immunodeficiency virus",
    "acquired immunodeficiency syndrome",
    "acquired immune deficiency syndrome",
    "chlamydia",
    "chlamydial",
    "trachomatis",
    "gonorrhoea",
    "gonorrhea",
    "gonorrhoeae",
    "syphilis",
    "treponema pallidum",
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
    "pregnancy termination",
    "abortion",
    "emergency contraception",
    "vasectomy",
    "tubal ligation",
    "female sterilisation",
    "female sterilization",
    "male sterilisation",
    "male sterilization",
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
    "personal care services",
    "domiciliary care",
];

/// Which list a phrase belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    /// `MEDICINES[i].names`.
    Medicine(usize),
    /// `MEDICINES[i].not_when`.
    NotMedicine(usize),
    MentalHealth,
    NotMentalHealth,
    SexualHealth,
    SocialCare,
}

/// Every phrase of every list, by its first word: a text is read word by word, each word
/// looked up once, instead of every phrase being searched for in every text (this runs for
/// every entry of an import).
static PHRASES: LazyLock<HashMap<&'static str, Vec<(&'static str, List)>>> = LazyLock::new(|| {
    let mut lists: Vec<(&'static [&'static str], List)> = vec![
        (MENTAL_HEALTH_WORDS, List::MentalHealth),
        (NOT_MENTAL_HEALTH, List::NotMentalHealth),
        (SEXUAL_HEALTH_WORDS, List::SexualHealth),
        (SOCIAL_CARE_WORDS, List::SocialCare),
    ];
    for (i, class) in MEDICINES.iter().enumerate() {
        lists.push((class.names, List::Medicine(i)));
        lists.push((class.not_when, List::NotMedicine(i)));
    }
    let mut index: HashMap<&'static str, Vec<(&'static str, List)>> = HashMap::new();
    for (phrases, list) in lists {
        for phrase in phrases {
            let first = phrase.split(' ').next().unwrap_or(phrase);
            index.entry(first).or_default().push((phrase, list));
        }
    }
    index
});

/// The phrases a text holds, each with its list and its place. The text is taken as
/// lower-case words separated by single spaces (hyphens kept, so "self-harm" and "self harm"
/// both match and "archive" never matches "hiv"); a phrase matches where it starts at a word
/// and ends at one.
struct Hits(Vec<(List, usize, usize)>);

impl Hits {
    fn of(text: &str) -> Self {
        let normalised: String =
            text.to_lowercase().chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { ' ' }).collect();
        let mut padded = String::with_capacity(normalised.len() + 2);
        padded.push(' ');
        for word in normalised.split_whitespace() {
            padded.push_str(word);
            padded.push(' ');
        }
        let mut hits = Vec::new();
        let mut at = 1;
        while let Some(rest) = padded.get(at..) {
            let Some(len) = rest.find(' ') else { break };
            let word = rest.get(..len).unwrap_or("");
            for (phrase, list) in PHRASES.get(word).map(Vec::as_slice).unwrap_or_default() {
                let end = at + phrase.len();
                if rest.starts_with(phrase) && padded.as_bytes().get(end) == Some(&b' ') {
                    hits.push((*list, at, end));
                }
            }
            at += len + 1;
        }
        Self(hits)
    }

    fn has(&self, list: List) -> bool {
        self.0.iter().any(|(l, _, _)| *l == list)
    }

    /// The label of the first class of medicine the text names (and nothing rules out).
    fn medicine(&self) -> Option<Sensitivity> {
        MEDICINES
            .iter()
            .enumerate()
            .find(|(i, _)| self.has(List::Medicine(*i)) && !self.has(List::NotMedicine(*i)))
            .map(|(_, class)| class.label)
    }

    /// The label the phrases suggest: mental health (unless every such phrase lies inside an
    /// exception: "ST depression"), then sexual health, then social care.
    fn words(&self) -> Option<Sensitivity> {
        let within_exception =
            |s: usize, e: usize| self.0.iter().any(|&(l, es, ee)| l == List::NotMentalHealth && es <= s && e <= ee);
        if self.0.iter().any(|&(l, s, e)| l == List::MentalHealth && !within_exception(s, e)) {
            Some(Sensitivity::MentalHealth)
        } else if self.has(List::SexualHealth) {
            Some(Sensitivity::SexualHealth)
        } else if self.has(List::SocialCare) {
            Some(Sensitivity::SocialCare)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(system: &str, code: &str, display: &str) -> Coding {
        Coding { system: Some(system.into()), code: Some(code.into()), display: Some(display.into()) }
    }

    const SCT: &str = "http://snomed.info/sct";
    const ICD: &str = "http://hl7.org/fhir/sid/icd-10";

    #[test]
    fn codes_decide() {
        assert_eq!(sensitivity_of(EntryKind::Problem, &[c(SCT, "35489007", "x")]), Sensitivity::MentalHealth);
        assert_eq!(sensitivity_of(EntryKind::Problem, &[c(ICD, "F32.1", "x")]), Sensitivity::MentalHealth);
        assert_eq!(sensitivity_of(EntryKind::Problem, &[c(ICD, "A56.0", "x")]), Sensitivity::SexualHealth);
        assert_eq!(sensitivity_of(EntryKind::Problem, &[c(ICD, "J45", "x")]), Sensitivity::General);
        assert_eq!(sensitivity_of(EntryKind::Patient, &[c(ICD, "F32", "x")]), Sensitivity::General);
    }

    #[test]
    fn icd10_mental_health_is_f10_to_f69_and_f99() {
        let e = |code: &str| sensitivity_of(EntryKind::Problem, &[c(ICD, code, "x")]);
        for code in ["F10.2", "F20", "F32.1", "F41.1", "F50.0", "F60.3", "F69", "F99"] {
            assert_eq!(e(code), Sensitivity::MentalHealth, "{code}");
        }
        // Dementia, delirium, learning disability, autism, ADHD: not hidden as mental health.
        for code in ["F00.1", "F03", "F05", "F09", "F70", "F84.0", "F90.0", "F98.0"] {
            assert_eq!(e(code), Sensitivity::General, "{code}");
        }
    }

    #[test]
    fn bnf_sections_decide() {
        let e = |system: &str, code: &str| sensitivity_of(EntryKind::Medication, &[c(system, code, "")]);
        let bnf = "https://www.nhsbsa.nhs.uk/bnf";
        assert_eq!(e(bnf, "0403030D0AAAAAA"), Sensitivity::MentalHealth);
        assert_eq!(e(bnf, "0402010"), Sensitivity::MentalHealth);
        assert_eq!(e(bnf, "4.3.3"), Sensitivity::MentalHealth);
        assert_eq!(e(bnf, "041001"), Sensitivity::MentalHealth);
        assert_eq!(e(bnf, "041002"), Sensitivity::General, "nicotine replacement");
        assert_eq!(e(bnf, "0703010F0"), Sensitivity::SexualHealth);
        assert_eq!(e(bnf, "7.3.2"), Sensitivity::SexualHealth);
        assert_eq!(e(bnf, "050301"), Sensitivity::SexualHealth);
        assert_eq!(e(bnf, "050302"), Sensitivity::General, "herpes antivirals");
        assert_eq!(e(bnf, "0401010"), Sensitivity::General, "hypnotics");
        assert_eq!(e(bnf, "x.y"), Sensitivity::General);
    }

    #[test]
    fn medicines_by_their_names() {
        let e = |title: &str| suggest_sensitivity(EntryKind::Medication, &[], title, &[]);
        assert_eq!(e("Citalopram 20mg tablets"), Sensitivity::MentalHealth);
        assert_eq!(e("sertraline 50 MG Oral Tablet"), Sensitivity::MentalHealth);
        assert_eq!(e("Cipramil 20mg tablets (Lundbeck Ltd)"), Sensitivity::MentalHealth);
        assert_eq!(e("Olanzapine 5mg tablets"), Sensitivity::MentalHealth);
        assert_eq!(e("Lithium carbonate 400mg modified-release tablets"), Sensitivity::MentalHealth);
        assert_eq!(e("Truvada 200mg/245mg tablets"), Sensitivity::SexualHealth);
        assert_eq!(e("Ritonavir 100mg tablets"), Sensitivity::SexualHealth);
        assert_eq!(e("Paxlovid 150mg/100mg tablets (nirmatrelvir / ritonavir)"), Sensitivity::General);
        assert_eq!(e("Microgynon 30 tablets"), Sensitivity::SexualHealth);
        assert_eq!(e("Desogestrel 75microgram tablets"), Sensitivity::SexualHealth);
        assert_eq!(e("Norethisterone 5mg tablets"), Sensitivity::General, "period problems");
        assert_eq!(e("Prochlorperazine 5mg tablets"), Sensitivity::General, "sickness");
        assert_eq!(e("Amlodipine 5mg tablets"), Sensitivity::General);
        // A medicine's allergy is never hidden by the medicine's label.
        let allergy = suggest_sensitivity(EntryKind::Allergy, &[], "Allergy to citalopram", &[]);
        assert_eq!(allergy, Sensitivity::General);
        // Brands that are also first names count only in a medicine's own name.
        assert_eq!(suggest_sensitivity(EntryKind::Other, &[], "Practitioner: Camila Lopez", &[]), Sensitivity::General);
        assert_eq!(suggest_sensitivity(EntryKind::Encounter, &[], "Seen by Yasmin Khan", &[]), Sensitivity::General);
    }

    #[test]
    fn rxnorm_packs_by_their_codes() {
        let rx = |code: &str, name: &str| {
            sensitivity_of(EntryKind::Medication, &[c("http://www.nlm.nih.gov/research/umls/rxnorm", code, name)])
        };
        assert_eq!(rx("748962", "Camila 28 Day Pack"), Sensitivity::SexualHealth);
        assert_eq!(rx("831533", "Errin 28 Day Pack"), Sensitivity::SexualHealth);
        assert_eq!(rx("751905", "Trinessa 28 Day Pack"), Sensitivity::SexualHealth);
        assert_eq!(rx("748962", ""), Sensitivity::SexualHealth);
        assert_eq!(rx("313782", "Acetaminophen 325 MG Oral Tablet"), Sensitivity::General);
    }

    #[test]
    fn words_are_a_fallback_on_whole_words() {
        let e = |d: &str| sensitivity_of(EntryKind::Medication, &[c(SCT, "1", d)]);
        assert_eq!(e("Liletta 52 MG Intrauterine System"), Sensitivity::SexualHealth);
        assert_eq!(e("Abuse-Deterrent 12 HR Oxycodone"), Sensitivity::General);
        assert_eq!(e("Archive copy"), Sensitivity::General);
        assert_eq!(e("HIV 1 antibody"), Sensitivity::SexualHealth);
        assert_eq!(e("Referral to social services"), Sensitivity::SocialCare);
        assert_eq!(e("Self-harm"), Sensitivity::MentalHealth);
        assert_eq!(e("Pregnancy termination care"), Sensitivity::SexualHealth);
        assert_eq!(e("Hearing aids"), Sensitivity::General);
    }

    #[test]
    fn safeguarding_codes_are_social_care() {
        let sc = |code: &str| sensitivity_of(EntryKind::Other, &[c(SCT, code, "")]);
        assert_eq!(sc("514331000000104"), Sensitivity::SocialCare);
        assert_eq!(sc("412732008"), Sensitivity::SocialCare);
        assert_eq!(sc("225444004"), Sensitivity::MentalHealth);
        assert_eq!(sc("129839007"), Sensitivity::General, "at risk for falls");
    }

    #[test]
    fn a_mental_health_word_inside_another_meaning_is_not_one() {
        let e = |d: &str| suggest_sensitivity(EntryKind::Result, &[], d, &[]);
        assert_eq!(e("ST depression on ECG"), Sensitivity::General);
        assert_eq!(e("Respiratory depression"), Sensitivity::General);
        assert_eq!(e("Bipolar hemiarthroplasty of hip"), Sensitivity::General);
        assert_eq!(e("Bipolar disorder"), Sensitivity::MentalHealth);
        assert_eq!(e("Mental status"), Sensitivity::General);
        assert_eq!(e("Depression"), Sensitivity::MentalHealth);
        assert_eq!(e("Respiratory depression and depression"), Sensitivity::MentalHealth);
    }

    #[test]
    fn the_title_is_read_after_the_codes() {
        let problem = |title: &str| suggest_sensitivity(EntryKind::Problem, &[c(SCT, "1", "Something")], title, &[]);
        assert_eq!(problem("Referral to psychiatry"), Sensitivity::MentalHealth);
        assert_eq!(problem("Knee pain"), Sensitivity::General);
        assert_eq!(suggest_sensitivity(EntryKind::Patient, &[], "Depression", &[]), Sensitivity::General);
    }

    #[test]
    fn a_reason_is_read_after_the_title() {
        let referral = |reason: &str| {
            suggest_sensitivity(EntryKind::Referral, &[], "Referral to Dr Dave", &[Fact::new("Reason", reason)])
        };
        assert_eq!(referral("Referral to counselor"), Sensitivity::MentalHealth);
        assert_eq!(referral("Referral to genetic counsellor"), Sensitivity::General);
        assert_eq!(referral("Knee pain"), Sensitivity::General);
        let noted = [Fact::new("Note", "No signs of depression")];
        assert_eq!(suggest_sensitivity(EntryKind::Encounter, &[], "Check-up", &noted), Sensitivity::General);
    }
}
