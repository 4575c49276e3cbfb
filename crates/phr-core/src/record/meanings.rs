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
const ANAPHYLAXIS: &str = "https://www.nhs.uk/conditions/anaphylaxis/";
const FOOD_ALLERGY: &str = "https://www.nhs.uk/conditions/food-allergy/";
const HIVES: &str = "https://www.nhs.uk/conditions/hives/";
const ABORTION: &str = "https://www.nhs.uk/conditions/abortion/";
const BLOOD_TESTS: &str = "https://www.nhs.uk/conditions/blood-tests/";

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
    // Appointments and visits.
    m(S, "185347001", "Appointment about a health problem", "A visit to a doctor or nurse about a problem you had."),
    m(S, "185349003", "Check-up", "A visit to check your health when nothing is wrong."),
    m(S, "390906007", "Follow-up appointment", "A visit to see how you are after earlier care."),
    m(S, "183452005", "Hospital stay", "A time when you were admitted to hospital."),
    m(S, "185345009", "Appointment about a symptom", "A visit to a doctor or nurse about something you noticed."),
    m(S, "50849002", "Emergency department visit", "A visit to A&E (the emergency department)."),
    m(S, "270427003", "Appointment you asked for", "A visit that you arranged yourself."),
    m(S, "698314001", "Appointment for treatment", "A visit to have or talk about a treatment."),
    m(S, "371883000", "Day procedure", "A test or treatment done in hospital without staying the night."),
    m(S, "308540004", "Hospital stay", "A time when you stayed in hospital."),
    m(S, "316744009", "Appointment at the surgery", "A visit to a doctor or nurse at their surgery or clinic."),
    m(S, "325851000000107", "Consultation", "A talk with a doctor, nurse or other health professional."),
    m(S, "424441002", "First pregnancy appointment", "The first check with a midwife or doctor when you are pregnant."),
    m(S, "424619006", "Pregnancy appointment", "A check with a midwife or doctor while you are pregnant."),
    m(S, "5880005", "Check after a pregnancy ended", "A check by a doctor or nurse after the end of a pregnancy."),
    // Parts of a GP record.
    m(S, "24781000000107", "Category", "How your GP record groups this entry."),
    m(S, "37331000000100", "Note", "A note written in your record."),
    m(S, "25851000000105", "Topic", "What this part of your GP record is about."),
    m(S, "886921000000105", "Allergies", "The part of your GP record that lists your allergies and bad reactions."),
    m(S, "826501000000100", "Other notes", "Notes in your GP record that do not fit another part."),
    m(
        S,
        "933361000000108",
        "Medicines and equipment",
        "The part of your GP record that lists your medicines and medical equipment.",
    ),
    m(S, "1102181000000102", "Vaccinations", "The part of your GP record that lists your vaccinations."),
    m(S, "721981007", "Test report", "A report of tests or scans you had."),
    m(S, "1129261000000102", "Heart rhythm report", "A report of a test of your heart's electrical activity."),
    m(S, "99999", "Not named yet", "An entry your GP record has not named yet."),
    m(
        S,
        "196461000000101",
        "Medicine allergy (details lost)",
        "An allergy to a medicine, moved from another system without all its details.",
    ),
    m(S, "33633005", "Prescription", "A medicine a doctor or nurse prescribed for you."),
    m(S, "182836005", "Medicines reviewed", "A check of the medicines you take."),
    m(S, "326051000000105", "Self care", "Looking after your own health at home."),
    // Newborn checks.
    m(S, "249223000", "Newborn check: heart rate", "Part of a check of a baby just after birth (the Apgar score)."),
    m(S, "249224006", "Newborn check: breathing", "Part of a check of a baby just after birth (the Apgar score)."),
    m(S, "249225007", "Newborn check: muscle tone", "Part of a check of a baby just after birth (the Apgar score)."),
    m(S, "249226008", "Newborn check: response", "Part of a check of a baby just after birth (the Apgar score)."),
    m(S, "249227004", "Newborn check: skin colour", "Part of a check of a baby just after birth (the Apgar score)."),
    m(L, "9843-4", "Head size", "The distance around a baby's or child's head."),
    // Measurements and scores.
    link(S, "271649006", "Blood pressure (top number)", "The pressure when your heart beats (systolic).", HIGH_BP),
    link(
        L,
        "8478-0",
        "Average blood pressure",
        "The average pressure in your blood vessels over one heartbeat.",
        HIGH_BP,
    ),
    m(S, "27113001", "Weight", "How heavy you are."),
    m(
        S,
        "1104441000000107",
        "Alertness score (ACVPU)",
        "How alert someone is: alert, confused, or responding to voice, pain or nothing.",
    ),
    link(S, "271637005", "Irregular pulse", "Your heartbeat was not regular when it was checked.", PULSE),
    m(S, "23426006", "Breathing test", "A test of how well your lungs work."),
    // Blood tests.
    link(L, "1963-8", "Bicarbonate", "A blood test that helps check the balance of acid in your body.", BLOOD_TESTS),
    link(L, "704-7", "Basophils", "A type of white blood cell, counted in a full blood count.", BLOOD_TESTS),
    link(L, "706-2", "Basophils (percentage)", "The share of your white blood cells that are basophils.", BLOOD_TESTS),
    link(L, "711-2", "Eosinophils", "A type of white blood cell, counted in a full blood count.", BLOOD_TESTS),
    link(
        L,
        "713-8",
        "Eosinophils (percentage)",
        "The share of your white blood cells that are eosinophils.",
        BLOOD_TESTS,
    ),
    link(
        L,
        "731-0",
        "Lymphocytes",
        "A type of white blood cell that fights infection, counted in a full blood count.",
        BLOOD_TESTS,
    ),
    link(
        L,
        "736-9",
        "Lymphocytes (percentage)",
        "The share of your white blood cells that are lymphocytes.",
        BLOOD_TESTS,
    ),
    link(L, "742-7", "Monocytes", "A type of white blood cell, counted in a full blood count.", BLOOD_TESTS),
    link(L, "5905-5", "Monocytes (percentage)", "The share of your white blood cells that are monocytes.", BLOOD_TESTS),
    link(L, "751-8", "Neutrophils", "The most common white blood cell, which fights infection.", BLOOD_TESTS),
    link(
        L,
        "770-8",
        "Neutrophils (percentage)",
        "The share of your white blood cells that are neutrophils.",
        BLOOD_TESTS,
    ),
    link(
        S,
        "58571000237106",
        "Immature red blood cells",
        "A count of young red blood cells in your blood.",
        BLOOD_TESTS,
    ),
    link(
        L,
        "883-9",
        "Blood group",
        "Which blood group you are (A, B, AB or O).",
        "https://www.nhs.uk/conditions/blood-groups/",
    ),
    m(S, "104177005", "Blood culture", "A test that looks for germs growing in your blood."),
    m(L, "624-7", "Phlegm test for germs", "A test that grows germs from phlegm (sputum) to find an infection."),
    m(L, "664-3", "Gram stain", "A lab test that looks at germs under a microscope."),
    m(L, "632-0", "Germ test", "A lab test that grows germs from a sample to find an infection."),
    m(L, "185-9", "Ciprofloxacin test", "A lab test of whether an antibiotic (ciprofloxacin) works on the germ found."),
    m(L, "267-5", "Gentamicin test", "A lab test of whether an antibiotic (gentamicin) works on the germ found."),
    m(L, "28-1", "Ampicillin test", "A lab test of whether an antibiotic (ampicillin) works on the germ found."),
    m(L, "55233-1", "Genetic test", "A test of your genes (DNA)."),
    m(S, "363779003", "Genetic test", "A test of your genes (DNA)."),
    m(L, "55405-5", "Heart failure check", "A set of checks for people with heart failure."),
    link(
        S,
        "252160004",
        "Pregnancy test",
        "A test of whether you are pregnant.",
        "https://www.nhs.uk/pregnancy/trying-for-a-baby/doing-a-pregnancy-test/",
    ),
    m(S, "169230002", "Early pregnancy scan", "An ultrasound scan to check a pregnancy is developing."),
    link(
        S,
        "34552-0",
        "Heart scan (echocardiogram)",
        "An ultrasound scan of your heart.",
        "https://www.nhs.uk/conditions/echocardiogram/",
    ),
    m(S, "171207006", "Depression check", "Questions that check for signs of depression."),
    m(L, "8670-2", "Family health history", "Illnesses that people in your family have had."),
    // Conditions, allergies and findings.
    link(S, "247472004", "Hives (itchy rash)", "A raised, itchy rash, often caused by an allergy.", HIVES),
    link(S, "304386008", "Itchy rash", "An itchy rash a doctor or nurse saw.", HIVES),
    link(S, "241933001", "Peanut allergy with anaphylaxis", "A severe allergic reaction to peanuts.", ANAPHYLAXIS),
    link(S, "256349002", "Peanuts", "Peanuts, named as the cause of an allergy.", FOOD_ALLERGY),
    m(S, "409137002", "No known medicine allergies", "You have no known allergies to medicines."),
    link(
        S,
        "449614009",
        "Swollen leg",
        "Swelling of the lower leg, often from a build-up of fluid.",
        "https://www.nhs.uk/conditions/swollen-ankles-feet-and-legs-oedema/",
    ),
    link(
        S,
        "254637007",
        "Lung cancer",
        "A type of lung cancer (non-small cell).",
        "https://www.nhs.uk/conditions/lung-cancer/",
    ),
    m(S, "231504006", "Anxiety and depression", "Feeling anxious and low at the same time."),
    link(
        S,
        "445241004",
        "Cough after a virus",
        "A cough that goes on after a viral infection such as a cold.",
        "https://www.nhs.uk/conditions/cough/",
    ),
    m(
        S,
        "54150009",
        "Chest or throat infection",
        "An infection of the nose, throat or airways (upper respiratory tract).",
    ),
    m(S, "428251008", "Appendix removed", "You had an operation to remove your appendix."),
    // Treatments and procedures.
    link(S, "367336001", "Chemotherapy", "Medicine to treat cancer.", "https://www.nhs.uk/conditions/chemotherapy/"),
    m(S, "385691007", "Care for a broken bone", "Treatment for a broken bone."),
    m(S, "274474001", "Keeping a bone still", "A cast, splint or sling to help a bone heal."),
    m(S, "53950000", "Breathing treatment", "Treatment to help you breathe more easily."),
    link(S, "10383002", "Advice about ending a pregnancy", "A talk about having an abortion.", ABORTION),
    link(S, "386394001", "Care when ending a pregnancy", "Care during an abortion.", ABORTION),
    link(S, "714812005", "Abortion", "A pregnancy ended with medicine or a procedure.", ABORTION),
    // Medicines.
    link(
        S,
        "317971007",
        "Furosemide 20 mg tablets",
        "A water tablet (diuretic): it helps your body get rid of extra fluid.",
        "https://www.nhs.uk/medicines/furosemide/",
    ),
    link(
        RX,
        "1719286",
        "Furosemide injection",
        "A water tablet medicine (diuretic) given by injection.",
        "https://www.nhs.uk/medicines/furosemide/",
    ),
    link(
        RX,
        "315971",
        "Furosemide 40 mg (Lasix)",
        "A water tablet (diuretic): it helps your body get rid of extra fluid.",
        "https://www.nhs.uk/medicines/furosemide/",
    ),
    link(
        S,
        "319284000",
        "Amlodipine 10 mg tablets",
        "A medicine for high blood pressure.",
        "https://www.nhs.uk/medicines/amlodipine/",
    ),
    link(
        S,
        "322236009",
        "Paracetamol 500 mg tablets",
        "A common painkiller, also used for a high temperature.",
        "https://www.nhs.uk/medicines/paracetamol-for-adults/",
    ),
    link(
        S,
        "324252006",
        "Azithromycin 250 mg capsules",
        "An antibiotic for infections.",
        "https://www.nhs.uk/medicines/azithromycin/",
    ),
    m(
        RX,
        "1860154",
        "Oxycodone 15 mg slow-release tablets",
        "A strong painkiller (an opioid) that works over 12 hours.",
    ),
    m(RX, "1049221", "Oxycodone and paracetamol tablets", "A strong painkiller: an opioid with paracetamol."),
    m(S, "430127000", "Oxycodone (by mouth)", "A strong painkiller (an opioid)."),
    m(RX, "358793", "Mometasone", "A steroid medicine that calms swelling and itching."),
    m(RX, "884308", "Nystatin ointment", "A medicine for fungal skin infections such as thrush."),
    m(S, "324689003", "Nystatin liquid", "A medicine for fungal infections of the mouth, such as oral thrush."),
    m(RX, "1594660", "Alemtuzumab (Lemtrada)", "A medicine for multiple sclerosis, given by drip."),
    m(
        RX,
        "1870230",
        "Adrenaline auto-injector",
        "An emergency injection for a severe allergic reaction (anaphylaxis).",
    ),
    m(RX, "308047", "Alprazolam 0.25 mg tablets", "A medicine for anxiety."),
    m(RX, "748962", "Contraceptive pill (Camila)", "A daily pill to prevent pregnancy."),
    m(
        RX,
        "866414",
        "Metoprolol 100 mg slow-release tablets",
        "A beta blocker: a medicine for the heart and blood pressure.",
    ),
    m(S, "108761006", "Capecitabine", "A chemotherapy medicine taken as tablets to treat cancer."),
    m(S, "317935006", "Chlortalidone 50 mg tablets", "A water tablet (diuretic) for high blood pressure."),
    m(S, "373994007", "Prednisone 5 mg tablets", "A steroid medicine that calms swelling."),
    m(S, "400621001", "Lorazepam injection", "A medicine for anxiety or seizures, given by injection."),
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
