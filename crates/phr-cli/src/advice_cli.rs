//! Red-flag advice in words on a terminal: the urgency first (a terminal has no colour to lean
//! on), then what to do, what to do if there are symptoms too, and the source.

use phr_app::Advice;

/// The short marker after a reading or result: "[Red flag: urgent: Very high blood pressure]".
pub fn marker(a: &Advice) -> String {
    format!("[{}: {}]", a.urgency.core().flag_text(), a.headline)
}

/// The advice in full, each line indented by `indent`.
pub fn print(a: &Advice, indent: &str) {
    let u = a.urgency.core();
    println!("{indent}{}: {}. {}", u.flag_text(), a.headline, u.meaning());
    println!("{indent}{}", a.text);
    for s in &a.if_symptoms {
        println!("{indent}If you also have {}: {} {}", s.symptoms, s.urgency.core().label(), s.text);
    }
    if let Some(stale) = &a.stale {
        println!("{indent}{stale}");
    }
    println!("{indent}Source: {} ({}), reviewed {}.", a.source.title, a.source.url, crate::output::date(&a.reviewed));
}
