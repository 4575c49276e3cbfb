//! `phr reminder ...`: each kind set from the command line, listed with when it fires next
//! (text and `--json`), problems refused naming the field, a medicine ticked taken, and a
//! reminder removed.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

use common::Sandbox;

#[test]
fn reminders_are_set_listed_with_their_next_time_and_removed() {
    let s = Sandbox::with_person("Ada Lovelace", "1948-07-05");
    let set = s.json(&["reminder", "add", "bp-week", "07:30", "20:00"]);
    assert!(
        set["message"].as_str().unwrap().starts_with("Reminder set: Blood pressure week readings: 07:30 and 20:00")
    );
    s.json(&["reminder", "add", "reading", "glucose", "08:00"]);
    s.json(&["reminder", "add", "medicine", "Ramipril 5 mg", "08:00", "20:00"]);
    s.json(&["reminder", "add", "backup", "4"]);

    let list = s.json(&["reminder", "list"]);
    let rows = list["reminders"].as_array().unwrap();
    let described: Vec<_> = rows.iter().map(|r| r["description"].as_str().unwrap()).collect();
    assert_eq!(
        described,
        [
            "Blood pressure week readings: 07:30 and 20:00 while a week is under way",
            "Blood glucose reading every day at 08:00",
            "Take Ramipril 5 mg every day at 08:00 and 20:00",
            "Make a backup when none has been made for 4 weeks",
        ]
    );
    assert_eq!(rows[0]["nextText"], "Starts when you start a blood pressure week");
    assert!(rows[1]["nextText"].as_str().unwrap().starts_with("Next: "), "{}", rows[1]);
    assert!(rows[1]["nextAt"].is_string());
    assert_eq!(list["showDetails"], false);
    assert!(list["due"]["due"].as_array().unwrap().is_empty());

    let text = s.ok(&["reminder", "list"]);
    assert!(text.contains("Take Ramipril 5 mg every day at 08:00 and 20:00"), "{text}");
    assert!(text.contains("Next: "), "{text}");

    // Problems name the field.
    let err = s.fails(&["reminder", "add", "medicine", "Ramipril 5 mg", "25:00"], "INVALID_INPUT");
    assert!(err.contains("\"25:00\" is not a time of day"), "{err}");
    s.fails(&["reminder", "add", "review", "7"], "INVALID_INPUT");
    s.fails(&["reminder", "add", "nap", "7"], "INVALID_INPUT");
    s.fails(&["reminder", "add", "backup", "0"], "INVALID_INPUT");

    let id = rows[2]["id"].as_str().unwrap().to_owned();
    let gone = s.json(&["reminder", "remove", &id]);
    assert!(gone["message"].as_str().unwrap().starts_with("Reminder removed: Take Ramipril 5 mg"));
    assert_eq!(gone["reminders"]["reminders"].as_array().unwrap().len(), 3);
    s.fails(&["reminder", "remove", &id], "REMINDER_NOT_FOUND");
}
