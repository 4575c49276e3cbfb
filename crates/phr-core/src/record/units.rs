//! Units in words: the one table that turns a UCUM code (or a common spelling of a unit) into
//! what people read ("Cel" is "°C", "mL/min/{1.73_m2}" is "mL per minute per 1.73 m²").
//! Every value the app shows passes its unit through [`unit_words`]; a unit the table does not
//! know is shown as it arrived, with UCUM's `{...}` annotations and `[...]` brackets taken out.

/// One unit: how a record may write it, and its words for one and for many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitWords {
    /// The UCUM code or spelling as records write it, matched exactly.
    pub code: &'static str,
    /// The words after the number 1 ("tablet").
    pub one: &'static str,
    /// The words after any other number ("tablets").
    pub many: &'static str,
}

const fn same(code: &'static str, words: &'static str) -> UnitWords {
    UnitWords { code, one: words, many: words }
}

const fn count(code: &'static str, one: &'static str, many: &'static str) -> UnitWords {
    UnitWords { code, one, many }
}

/// Units in words. An empty word means the number stands alone (a score has no unit).
/// Codes are matched exactly first, then ignoring case (UCUM is case-sensitive, but records
/// also write "mmol/l" and "Tab").
pub const UNITS: &[UnitWords] = &[
    // Pressure and temperature.
    same("mm[Hg]", "mmHg"),
    same("mmHg", "mmHg"),
    same("mm Hg", "mmHg"),
    same("millimeter of mercury", "mmHg"),
    same("kPa", "kPa"),
    same("Cel", "°C"),
    same("C", "°C"),
    same("degree Celsius", "°C"),
    same("degrees C", "°C"),
    same("[degF]", "°F"),
    // Rates.
    same("/min", "per minute"),
    same("per minute", "per minute"),
    same("{beats}/min", "beats per minute"),
    same("beats/minute", "beats per minute"),
    same("heart beats per minute", "beats per minute"),
    same("{breaths}/min", "breaths per minute"),
    same("{Breaths}/min", "breaths per minute"),
    same("{resps}/min", "breaths per minute"),
    same("breaths/minute", "breaths per minute"),
    same("Breaths / minute", "breaths per minute"),
    same("breaths per minute", "breaths per minute"),
    same("mL/min/{1.73_m2}", "mL per minute per 1.73 m²"),
    same("mL/min/1.73m2", "mL per minute per 1.73 m²"),
    same("mL/min", "mL per minute"),
    same("l/min", "litres per minute"),
    same("L/min", "litres per minute"),
    same("litre per minute", "litres per minute"),
    same("cL/s", "cL per second"),
    same("/d", "a day"),
    same("per day", "a day"),
    same("units/week", "units a week"),
    // Body measures.
    same("kg/m2", "kg/m²"),
    same("kilogram / (meter ^ 2)", "kg/m²"),
    same("mg/m2", "mg/m²"),
    same("g/cm2", "g/cm²"),
    same("g/cm-2", "g/cm²"),
    same("g/cm²", "g/cm²"),
    same("kg", "kg"),
    same("kilogram", "kg"),
    same("g", "g"),
    same("mg", "mg"),
    same("milligram", "mg"),
    same("ug", "micrograms"),
    same("mcg", "micrograms"),
    same("mg/kg", "mg per kg"),
    same("[lb_av]", "lb"),
    same("lbs", "lb"),
    same("cm", "cm"),
    same("centimeter", "cm"),
    same("mm", "mm"),
    same("m", "m"),
    same("meter", "m"),
    same("[in_i]", "inches"),
    same("in", "inches"),
    // Volumes.
    same("mL", "mL"),
    same("ml", "mL"),
    same("milliliter", "mL"),
    same("L", "litres"),
    // Blood tests.
    same("mmol/L", "mmol/L"),
    same("mmol/l", "mmol/L"),
    same("millimoles per litre", "mmol/L"),
    same("umol/L", "micromol/L"),
    same("mmol/mol", "mmol/mol"),
    same("mg/dL", "mg/dL"),
    same("g/dL", "g/dL"),
    same("g/L", "g/L"),
    same("mg/L", "mg/L"),
    same("ug/mL", "micrograms per mL"),
    same("ng/mL", "ng/mL"),
    same("pg/mL", "pg/mL"),
    // As UK laboratories and the hospital summaries from abroad write them: free T4 and
    // vitamin B12 in pmol/L, troponin in ng/L, ferritin in ug/L (micrograms, the same as ng/mL),
    // and hormone levels in international units.
    same("pmol/L", "pmol/L"),
    same("nmol/L", "nmol/L"),
    same("ng/L", "ng/L"),
    same("ng/dL", "ng/dL"),
    same("ug/L", "micrograms per litre"),
    same("ug/dL", "micrograms per dL"),
    same("[IU]/mL", "international units per mL"),
    same("u[IU]/mL", "micro international units per mL"),
    same("U/L", "units per litre"),
    count("seconds", "second", "seconds"),
    same("[IU]/L", "international units per litre"),
    same("[IU]", "international units"),
    same("U", "units"),
    same("mEq", "mEq"),
    same("mEq/L", "mEq/L"),
    same("pg", "pg"),
    same("fL", "fL"),
    same("10*9/L", "× 10⁹ per litre"),
    same("x10*9/L", "× 10⁹ per litre"),
    same("10*12/L", "× 10¹² per litre"),
    same("x10*12/L", "× 10¹² per litre"),
    same("10^12/L", "× 10¹² per litre"),
    same("10*3/uL", "× 10³ per microlitre"),
    same("K/ul", "× 10³ per microlitre"),
    same("10*6/uL", "× 10⁶ per microlitre"),
    same("/uL", "per microlitre"),
    same("/mL", "per mL"),
    same("pH", ""),
    same("%", "%"),
    same("percent", "%"),
    // Scores: the number stands alone.
    same("1", ""),
    same("{score}", ""),
    same("{ScoreOf}", ""),
    same("ScoreOf", ""),
    same("(score)", ""),
    // Doses.
    count("TAB", "tablet", "tablets"),
    count("tablet", "tablet", "tablets"),
    count("tab", "tablet", "tablets"),
    count("tbl", "tablet", "tablets"),
    count("{tbl}", "tablet", "tablets"),
    count("VAGTAB", "vaginal tablet", "vaginal tablets"),
    count("capsule", "capsule", "capsules"),
    count("{capsule}", "capsule", "capsules"),
    count("drop", "drop", "drops"),
    count("[drp]", "drop", "drops"),
    count("OPDROP", "eye drop", "eye drops"),
    count("RECSUPP", "suppository", "suppositories"),
    count("patch", "patch", "patches"),
    count("vial", "vial", "vials"),
    count("Bag", "bag", "bags"),
    count("ea", "item", "items"),
    count("{puff}", "puff", "puffs"),
    // Ages.
    count("yrs", "year", "years"),
    count("Y", "year", "years"),
];

/// The table's row for a unit: exactly as written, else ignoring case.
pub fn known(unit: &str) -> Option<&'static UnitWords> {
    let unit = unit.trim();
    UNITS.iter().find(|u| u.code == unit).or_else(|| UNITS.iter().find(|u| u.code.eq_ignore_ascii_case(unit)))
}

/// A unit in words for a value of `value` ("tablet" for 1, "tablets" for 2). A unit the table
/// does not know is shown as written, without UCUM's annotations: `{cells}/uL` is "cells/uL",
/// `[iU]` is "iU", and `10*5` is "× 10^5". The result may be empty (a score).
pub fn unit_words(unit: &str, value: f64) -> String {
    match known(unit) {
        Some(u) if value == 1.0 => u.one.to_string(),
        Some(u) => u.many.to_string(),
        None => unannotated(unit),
    }
}

/// A unit with `{...}` annotations and `[...]` brackets taken out: an annotation standing alone
/// ("{cells}") keeps its words, one beside a unit ("mL/{beat}") is dropped with its slash.
fn unannotated(unit: &str) -> String {
    let unit = unit.trim();
    let mut out = String::new();
    let mut rest = unit;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let Some(close) = after.find('}') else {
            rest = after.get(1..).unwrap_or("");
            continue;
        };
        let inside = after.get(1..close).unwrap_or("");
        rest = after.get(close + 1..).unwrap_or("");
        let alone = before.is_empty() && rest.is_empty();
        let divides = before.is_empty() && rest.starts_with('/');
        if alone || divides {
            out.push_str(&inside.replace('_', " "));
        } else if out.ends_with('/') || out.ends_with('.') {
            out.pop();
        }
    }
    out.push_str(rest);
    let out = out.replace(['[', ']', '{', '}'], "").replace("10*", "× 10^").replace('*', "^");
    out.trim().to_string()
}

/// Whether a shown text still holds a raw UCUM code: an annotation, a bracketed unit, a power
/// written with `*`, or a code from the table that has words of its own ("Cel", "kg/m2")
/// after a number. Tests hold every rendered screen to this.
pub fn holds_raw_unit(text: &str) -> bool {
    if text.contains('{') || text.contains('}') || text.contains("10*") || text.contains("mm[Hg]") {
        return true;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(2).any(|pair| {
        let [number, unit] = pair else { return false };
        let unit = unit.trim_end_matches([',', ';', ')', '.']);
        number.chars().last().is_some_and(|c| c.is_ascii_digit())
            && UNITS.iter().any(|u| u.code == unit && u.code.contains(['[', '{', '*']))
            || number.chars().last().is_some_and(|c| c.is_ascii_digit()) && matches!(unit, "Cel" | "kg/m2" | "[degF]")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_codes_read_as_words() {
        assert_eq!(unit_words("Cel", 37.1), "°C");
        assert_eq!(unit_words("[degF]", 98.4), "°F");
        assert_eq!(unit_words("kg/m2", 24.0), "kg/m²");
        assert_eq!(unit_words("mm[Hg]", 120.0), "mmHg");
        assert_eq!(unit_words("mL/min/{1.73_m2}", 90.0), "mL per minute per 1.73 m²");
        assert_eq!(unit_words("/min", 60.0), "per minute");
        assert_eq!(unit_words("{score}", 3.0), "");
        assert_eq!(unit_words("10*3/uL", 7.0), "× 10³ per microlitre");
        assert_eq!(unit_words("%", 5.0), "%");
        assert_eq!(unit_words("mmol/l", 5.0), "mmol/L");
        assert_eq!(unit_words("TAB", 1.0), "tablet");
        assert_eq!(unit_words("TAB", 2.0), "tablets");
    }

    #[test]
    fn an_unknown_unit_keeps_its_words_but_never_its_braces() {
        assert_eq!(unit_words("{cells}/uL", 3.0), "cells/uL");
        assert_eq!(unit_words("{cells}", 3.0), "cells");
        assert_eq!(unit_words("mL/{beat}", 3.0), "mL");
        assert_eq!(unit_words("[iU]/dL", 3.0), "iU/dL");
        assert_eq!(unit_words("[iU]/mL", 3.0), "international units per mL");
        assert_eq!(unit_words("10*5/L", 3.0), "× 10^5/L");
        assert_eq!(unit_words("mg/{total}", 3.0), "mg");
        assert_eq!(unit_words("furlongs", 3.0), "furlongs");
        for u in ["{a", "}", "{}", "{_}/x", "x/{"] {
            assert!(!unit_words(u, 1.0).contains(['{', '}', '[', ']']), "{u}");
        }
    }

    #[test]
    fn every_row_reads_without_a_raw_code() {
        for u in UNITS {
            for w in [u.one, u.many] {
                assert!(!holds_raw_unit(&format!("5 {w}")), "{}: {w}", u.code);
                assert!(!w.contains(['{', '}', '[', ']', '*']), "{}: {w}", u.code);
            }
        }
    }

    #[test]
    fn raw_codes_are_seen() {
        assert!(holds_raw_unit("37.1 Cel"));
        assert!(holds_raw_unit("90 mL/min/{1.73_m2}"));
        assert!(holds_raw_unit("120 mm[Hg]"));
        assert!(holds_raw_unit("7 10*3/uL"));
        assert!(!holds_raw_unit("37.1 °C"));
        assert!(!holds_raw_unit("Pain severity - 0-10 verbal numeric rating [Score] - Reported"));
    }
}
