//! The sandbox's HTML: the approval page (plain, accessible, no scripts) and the problem page.

use std::collections::HashMap;
use std::fmt::Write;

use crate::patients::DemoPatient;

/// The query parameters carried from `GET /authorize` into each form.
const CARRIED: [&str; 9] = [
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "aud",
    "resource",
    "code_challenge",
    "code_challenge_method",
];

pub fn authorize(patients: &[DemoPatient], q: &HashMap<String, String>) -> String {
    let mut hidden = String::new();
    for k in CARRIED {
        if let Some(v) = q.get(k) {
            let _ = write!(hidden, r#"<input type="hidden" name="{k}" value="{}">"#, esc(v));
        }
    }
    let mut rows = String::new();
    for p in patients {
        let _ = write!(
            rows,
            r#"<tr><td>{name}</td><td>{dob}</td><td>{nhs}</td><td><form method="post" action="/authorize">{hidden}<input type="hidden" name="patient" value="{id}"><button type="submit" name="decision" value="approve" aria-label="Approve access to the record of {name}" data-testid="approve-{id}">Approve</button></form></td></tr>"#,
            name = esc(&p.name),
            dob = esc(&p.birth_date),
            nhs = esc(&spaced(&p.nhs_number)),
            id = esc(&p.id),
        );
    }
    format!(
        r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in: Demo Practice (sandbox)</title>
<style>body{{font-family:Arial,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#212b32}}
table{{border-collapse:collapse;width:100%}}th,td{{text-align:left;padding:.5rem;border-bottom:1px solid #d8dde0}}
button{{font-size:1rem;padding:.5rem 1rem;cursor:pointer;background:#007f3b;color:#fff;border:0;border-radius:4px}}
button.deny{{background:#4c6272}}button:focus{{outline:3px solid #ffeb3b;outline-offset:2px}}</style></head>
<body><main>
<h1>Demo Practice (sandbox)</h1>
<p>This is a practice made up for trying the app. The people below are synthetic: none of them is real.</p>
<p>An app is asking to read a GP record. Choose whose record to share, or deny.</p>
<table><caption>Patients registered at this practice</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Date of birth</th><th scope="col">NHS number</th><th scope="col">Share</th></tr></thead>
<tbody>{rows}</tbody></table>
<form method="post" action="/authorize">{hidden}<p><button class="deny" type="submit" name="decision" value="deny" data-testid="deny">Deny</button></p></form>
</main></body></html>
"#
    )
}

pub fn problem(message: &str) -> String {
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in problem</title></head><body><main><h1>This sign-in request cannot be used</h1><p>{}</p></main></body></html>"#,
        esc(message)
    )
}

fn spaced(nhs: &str) -> String {
    match (nhs.len(), nhs.get(..3), nhs.get(3..6), nhs.get(6..)) {
        (10, Some(a), Some(b), Some(c)) => format!("{a} {b} {c}"),
        _ => nhs.to_owned(),
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
