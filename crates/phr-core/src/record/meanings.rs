//! What the common codes mean: for a coded entry (a test, a condition, a vaccine, a medicine),
//! a plain-English name, one line saying what it is, and an NHS website page where one is
//! known. The app shows the link only; it never fetches it.

use super::Coding;

/// One code's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meaning {
    /// The code system as [`Coding::system_name`] names it ("LOINC", "SNOMED CT", "CVX").
    pub system: &'static str,
    pub code: &'static str,
    /// The name people use ("Blood sugar").
    pub plain: &'static str,
    /// What it is, in one line.
    pub meaning: &'static str,
    /// A page on the NHS website about it, when there is one.
    pub nhs_url: Option<&'static str>,
}

const fn m(system: &'static str, code: &'static str, plain: &'static str, meaning: &'static str) -> Meaning {
    Meaning { system, code, plain, meaning, nhs_url: None }
}

const fn link(
    system: &'static str,
    code: &'static str,
    plain: &'static str,
    meaning: &'static str,
    url: &'static str,
) -> Meaning {
    Meaning { system, code, plain, meaning, nhs_url: Some(url) }
}

const L: &str = "LOINC";
const S: &str = "SNOMED CT";
const CVX: &str = "CVX";
const RX: &str = "RxNorm";
const DMD: &str = "dm+d";

// NHS website pages. The red-flag table cites the same blood pressure, blood sugar, fever and
// pulse pages; the cholesterol page is the one NHS-run pages point people to.
const HIGH_BP: &str = "https://www.nhs.uk/conditions/high-blood-pressure/";
const HIGH_SUGAR: &str = "https://www.nhs.uk/conditions/high-blood-sugar-hyperglycaemia/";
const HIGH_CHOLESTEROL: &str = "https://www.nhs.uk/conditions/high-cholesterol/";
const FEVER: &str = "https://www.nhs.uk/conditions/fever-in-adults/";
const PULSE: &str =
    "https://www.nhs.uk/common-health-questions/accidents-first-aid-and-treatments/how-do-i-check-my-pulse/";

/// The curated table, the codes most often found in records first.
pub const MEANINGS: &[Meaning] = &[
    // Measurements.
    m(L, "72514-3", "Pain score", "How bad your pain was, from 0 (no pain) to 10 (the worst pain)."),
    link(
        L,
        "85354-9",
        "Blood pressure",
        "How hard your blood pushes on your blood vessels: the top number over the bottom number.",
        HIGH_BP,
    ),
    link(
        L,
        "55284-4",
        "Blood pressure",
        "How hard your blood pushes on your blood vessels: the top number over the bottom number.",
        HIGH_BP,
    ),
    link(
        S,
        "75367002",
        "Blood pressure",
        "How hard your blood pushes on your blood vessels: the top number over the bottom number.",
        HIGH_BP,
    ),
    link(L, "8480-6", "Blood pressure (top number)", "The pressure when your heart beats (systolic).", HIGH_BP),
    link(S, "72313002", "Blood pressure (top number)", "The pressure when your heart beats (systolic).", HIGH_BP),
    link(
        L,
        "8462-4",
        "Blood pressure (bottom number)",
        "The pressure when your heart rests between beats (diastolic).",
        HIGH_BP,
    ),
    link(
        S,
        "1091811000000102",
        "Blood pressure (bottom number)",
        "The pressure when your heart rests between beats (diastolic).",
        HIGH_BP,
    ),
    m(L, "8302-2", "Height", "How tall you are."),
    m(L, "29463-7", "Weight", "How much you weigh."),
    m(
        L,
        "39156-5",
        "Body mass index (BMI)",
        "Your weight compared with your height, to see if you are a healthy weight.",
    ),
    m(L, "72166-2", "Smoking", "Whether you smoke, used to smoke or have never smoked."),
    link(L, "8867-4", "Heart rate (pulse)", "How many times your heart beats in a minute.", PULSE),
    m(L, "9279-1", "Breathing rate", "How many breaths you take in a minute."),
    m(S, "86290005", "Breathing rate", "How many breaths you take in a minute."),
    link(L, "8310-5", "Temperature", "How warm your body is.", FEVER),
    link(L, "8331-1", "Temperature (by mouth)", "How warm your body is, measured in your mouth.", FEVER),
    link(S, "703421000", "Temperature", "How warm your body is.", FEVER),
    link(S, "276885007", "Temperature", "How warm your body is, deep inside.", FEVER),
    m(L, "59408-5", "Oxygen level", "How much oxygen your blood is carrying."),
    m(L, "2708-6", "Oxygen level", "How much oxygen your blood is carrying."),
    m(S, "103228002", "Oxygen level", "How much oxygen your blood is carrying."),
    m(S, "1097811000000106", "Oxygen level", "How much oxygen your blood is carrying, breathing normal air at rest."),
    m(S, "1082641000000106", "Alcohol a week", "How many units of alcohol you drink in a week."),
    m(L, "72106-8", "Memory test score", "The score of a short test of memory and thinking (MMSE)."),
    m(L, "9269-2", "Alertness score", "A score of how awake and responsive someone is (Glasgow coma scale)."),
    m(L, "10230-1", "Heart pumping strength", "How much blood the heart pumps out with each beat (ejection fraction)."),
    // Blood sugar.
    link(L, "2339-0", "Blood sugar", "How much sugar (glucose) is in your blood.", HIGH_SUGAR),
    link(L, "15074-8", "Blood sugar", "How much sugar (glucose) is in your blood.", HIGH_SUGAR),
    link(
        L,
        "4548-4",
        "HbA1c (average blood sugar)",
        "Your average blood sugar over the last 2 to 3 months.",
        HIGH_SUGAR,
    ),
    // Kidneys and salts.
    m(
        L,
        "6299-2",
        "Urea (kidney test)",
        "A waste product the kidneys clear from the blood; it shows how well they work.",
    ),
    m(
        L,
        "38483-4",
        "Creatinine (kidney test)",
        "A waste product from muscles that the kidneys clear; it shows how well they work.",
    ),
    m(L, "33914-3", "Kidney function (eGFR)", "How well your kidneys filter your blood. Higher is better."),
    m(L, "49765-1", "Calcium", "A mineral in your blood that keeps bones, muscles and nerves working."),
    m(L, "2947-0", "Sodium (salt)", "A salt in your blood that helps control the water in your body."),
    m(L, "6298-4", "Potassium", "A salt in your blood that helps your heart and muscles work."),
    m(L, "2069-3", "Chloride", "A salt in your blood that helps keep its balance of water and acid."),
    m(L, "20565-8", "Bicarbonate", "Shows the balance of acid in your blood."),
    m(L, "51990-0", "Kidney and salts blood test", "A group of blood tests of your kidneys, blood sugar and salts."),
    m(
        L,
        "24323-8",
        "Kidney, liver and salts blood test",
        "A group of blood tests of your kidneys, liver, blood sugar and salts.",
    ),
    // Cholesterol.
    link(
        L,
        "2093-3",
        "Cholesterol (total)",
        "The fat-like substance in your blood; too much can block blood vessels.",
        HIGH_CHOLESTEROL,
    ),
    link(
        L,
        "2085-9",
        "Good cholesterol (HDL)",
        "Cholesterol that helps clear fat from your blood vessels. Higher is better.",
        HIGH_CHOLESTEROL,
    ),
    link(
        L,
        "18262-6",
        "Bad cholesterol (LDL)",
        "Cholesterol that can build up in your blood vessels. Lower is better.",
        HIGH_CHOLESTEROL,
    ),
    link(L, "2571-8", "Triglycerides (blood fats)", "A type of fat in your blood.", HIGH_CHOLESTEROL),
    link(L, "57698-3", "Cholesterol blood test", "A group of blood tests of the fats in your blood.", HIGH_CHOLESTEROL),
    // Liver and proteins.
    m(L, "2885-2", "Protein (total)", "All the protein in your blood."),
    m(L, "1751-7", "Albumin", "A protein made by the liver."),
    m(L, "10834-0", "Globulin", "Proteins in your blood, many of them part of the immune system."),
    m(L, "6768-6", "ALP (liver and bone test)", "An enzyme from the liver and bones."),
    m(L, "1742-6", "ALT (liver test)", "An enzyme that rises when the liver is damaged."),
    m(L, "1920-8", "AST (liver test)", "An enzyme that rises when the liver or muscles are damaged."),
    m(L, "1975-2", "Bilirubin (liver test)", "A yellow substance the liver clears; too much can turn skin yellow."),
    // Full blood count.
    m(L, "58410-2", "Full blood count", "A count of the red cells, white cells and platelets in your blood."),
    m(S, "26604007", "Full blood count", "A count of the red cells, white cells and platelets in your blood."),
    m(L, "789-8", "Red blood cells", "The cells that carry oxygen around your body."),
    m(L, "718-7", "Haemoglobin", "The part of red blood cells that carries oxygen. Low levels can mean anaemia."),
    m(L, "6690-2", "White blood cells", "The cells that fight infection."),
    m(L, "4544-3", "Haematocrit", "How much of your blood is red cells."),
    m(L, "787-2", "Red cell size (MCV)", "The average size of your red blood cells."),
    m(L, "785-6", "Haemoglobin per red cell (MCH)", "The average amount of haemoglobin in each red blood cell."),
    m(L, "786-4", "Haemoglobin concentration (MCHC)", "How packed with haemoglobin your red blood cells are."),
    m(L, "21000-5", "Red cell size range (RDW)", "How much your red blood cells differ in size."),
    m(L, "777-3", "Platelets", "The cells that help your blood clot."),
    m(L, "32207-3", "Platelet size range", "How much your platelets differ in size."),
    m(L, "32623-1", "Platelet size", "The average size of your platelets."),
    m(L, "33762-6", "NT-proBNP (heart test)", "A blood test that rises when the heart is under strain."),
    // Vaccines.
    m(CVX, "140", "Flu vaccine", "A yearly vaccine that protects against flu."),
    m(CVX, "113", "Tetanus and diphtheria vaccine", "A booster vaccine against tetanus and diphtheria."),
    m(CVX, "43", "Hepatitis B vaccine", "A vaccine that protects against hepatitis B, a liver infection."),
    m(CVX, "114", "Meningitis vaccine (MenACWY)", "A vaccine that protects against some causes of meningitis."),
    m(DMD, "39114911000001105", "COVID-19 vaccine (AstraZeneca)", "A vaccine that protects against COVID-19."),
    m(DMD, "11278411000001109", "Flu vaccine", "A yearly vaccine that protects against flu."),
    // Medicines.
    m(RX, "316672", "Simvastatin 10 mg", "A statin: a medicine that lowers cholesterol."),
    m(RX, "1736854", "Cisplatin 50 mg injection", "A chemotherapy medicine used to treat cancer."),
    m(RX, "583214", "Paclitaxel 100 mg injection", "A chemotherapy medicine used to treat cancer."),
    m(RX, "313782", "Paracetamol 325 mg tablet", "A painkiller that also brings down a high temperature."),
    m(RX, "316049", "Hydrochlorothiazide 25 mg", "A water tablet that lowers blood pressure."),
    m(S, "323509004", "Amoxicillin 250 mg capsules", "An antibiotic that treats infections caused by bacteria."),
    m(S, "27658006", "Amoxicillin", "An antibiotic that treats infections caused by bacteria."),
    m(S, "372687004", "Amoxicillin", "An antibiotic that treats infections caused by bacteria."),
    m(
        DMD,
        "39732311000001104",
        "Amoxicillin 250 mg capsules",
        "An antibiotic that treats infections caused by bacteria.",
    ),
    m(S, "321987003", "Citalopram 20 mg tablets", "An antidepressant: a medicine for depression and anxiety."),
    m(S, "319773006", "Aspirin 75 mg tablets", "A low dose of aspirin, taken to help stop blood clots."),
    m(DMD, "777067000", "Paracetamol", "A painkiller that also brings down a high temperature."),
    // Conditions.
    link(S, "38341003", "High blood pressure", "Blood pressure that stays higher than it should be.", HIGH_BP),
    link(S, "59621000", "High blood pressure", "Blood pressure that stays higher than it should be.", HIGH_BP),
    m(S, "22298006", "Heart attack", "When the blood supply to part of the heart is suddenly blocked."),
    m(S, "88805009", "Heart failure", "The heart does not pump blood around the body as well as it should."),
    m(S, "195967001", "Asthma", "A lung condition that can make breathing hard at times."),
    m(S, "444814009", "Sinusitis (viral)", "Swollen sinuses caused by a virus, often after a cold."),
    m(S, "10509002", "Chest infection (bronchitis)", "An infection of the main airways of the lungs."),
    m(S, "195662009", "Sore throat (viral)", "A sore throat caused by a virus."),
    m(S, "74400008", "Appendicitis", "A swollen, painful appendix."),
    m(S, "72892002", "Pregnancy", "A pregnancy with no problems recorded."),
    // Procedures.
    m(S, "73761001", "Colonoscopy", "A look inside the bowel with a thin camera."),
    m(S, "399208008", "Chest X-ray", "An X-ray picture of the chest."),
    m(S, "433236007", "Heart scan (echocardiogram)", "An ultrasound scan of the heart."),
    m(S, "80146002", "Appendix removed", "An operation to take out the appendix."),
    m(S, "703423002", "Chemotherapy with radiotherapy", "Cancer treatment with medicine and radiation together."),
    m(S, "428191000124101", "Medicines reviewed", "A check of the medicines you take."),
];

/// The table's words for an entry's codes: the first code the table knows.
pub fn meaning_of(codes: &[Coding]) -> Option<&'static Meaning> {
    codes.iter().find_map(|c| {
        let code = c.code.as_deref()?.trim();
        let system = c.system_name();
        MEANINGS.iter().find(|m| m.code == code && m.system == system)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_found_by_system_and_code() {
        let c =
            |system: &str, code: &str| Coding { system: Some(system.into()), code: Some(code.into()), display: None };
        let pain = meaning_of(&[c("http://loinc.org", "72514-3")]).unwrap();
        assert_eq!(pain.plain, "Pain score");
        assert!(meaning_of(&[c("http://snomed.info/sct", "72514-3")]).is_none(), "the system counts");
        let bp = meaning_of(&[c("http://example.org", "x"), c("http://snomed.info/sct", "38341003")]).unwrap();
        assert_eq!(bp.nhs_url, Some(HIGH_BP));
    }

    #[test]
    fn each_code_once_with_words_and_only_nhs_links() {
        for (i, m) in MEANINGS.iter().enumerate() {
            assert!(!m.plain.is_empty() && m.meaning.ends_with('.'), "{}", m.code);
            assert!(!MEANINGS.iter().skip(i + 1).any(|o| o.code == m.code && o.system == m.system), "{} twice", m.code);
            if let Some(u) = m.nhs_url {
                assert!(u.starts_with("https://www.nhs.uk/") && u.ends_with('/'), "{u}");
            }
        }
    }
}
