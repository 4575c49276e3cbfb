//! `phr record medicines` and the summary's medicines: each medicine once, whether it is
//! current and why, acute or repeat, its first and last issue, and its plans and issues. Every
//! word is the backend's (`phr_app::Medicines`).

use phr_app::{Medicine, Medicines, MedicinesSummary};

/// One medicine: its name and whether it is current, why, its details, then (when asked) its
/// entries.
fn print_medicine(m: &Medicine, with_issues: bool) {
    println!("  {}: {}", m.name, m.current_text);
    println!("    {}", m.reason);
    if let Some(c) = &m.caution {
        println!("    {c}");
    }
    for f in &m.details {
        println!("    {}: {}", f.label, f.text);
    }
    if !with_issues {
        return;
    }
    println!("    {}", m.issues_heading);
    for i in &m.issues {
        let status = i.status_text.as_deref().map(|s| format!("  {s}")).unwrap_or_default();
        println!(
            "      {:<12}  {:<19}{status}  (entry {})",
            i.date_text.as_deref().unwrap_or("no date"),
            i.role_text,
            i.entry_id
        );
    }
}

/// The summary's medicines section: what it says, then the medicines it shows.
pub(crate) fn print_summary_section(heading: &str, s: &MedicinesSummary) {
    println!("{heading}");
    if let Some(statement) = &s.statement {
        println!("  {statement}");
    }
    s.shown.iter().for_each(|m| print_medicine(m, false));
    println!();
}

/// `phr record medicines`: what the summary says, what "current" means, then every medicine.
pub(crate) fn print_medicines(m: &Medicines) {
    if let Some(statement) = &m.summary.statement {
        println!("{statement}");
    }
    println!("{}", m.summary.rule);
    println!();
    m.medicines.iter().for_each(|x| {
        print_medicine(x, true);
        println!();
    });
}
