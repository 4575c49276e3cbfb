//! `summary.html`: the page a professional reads or prints, self-contained (inline CSS, no
//! scripts, nothing fetched), every text escaped.

use super::model::ShareConsent;
use super::read::SharedDocument;

/// The summary page for `doc` shared under `consent` by the key with `signer_fingerprint`.
pub fn render_summary(consent: &ShareConsent, doc: &SharedDocument, signer_fingerprint: &str) -> String {
    let _ = (consent, doc, signer_fingerprint);
    String::new()
}

/// `text` safe inside HTML text and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
