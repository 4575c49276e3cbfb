//! What a cared-for person with their own password keeps from their carer: labels and single
//! entries hidden, what the carer may do, and whether the carer sees how many entries are
//! private. The words for each label and permission, and the JSON the vault signs.
//!
//! Pure: no keys and no files. The vault signs [`CarerLimits::to_json`]'s text and verifies it
//! before [`LimitsRule::from_json`] reads it; a rule that does not verify is
//! [`LimitsRule::fail_closed`].
//!
//! Entry keys ("<ResourceType>/<logical id>") are stored salted and hashed (SHA-256 of the salt
//! and the key), so the carer-readable JSON does not name what the person hid; the rule can
//! still tell whether a given entry is hidden.

use ring::digest;
use serde::{Deserialize, Serialize};

use crate::error::ErrorCode;
use crate::record::Sensitivity;

/// The labels a person can keep private: every label except General.
pub const HIDEABLE: [Sensitivity; 4] =
    [Sensitivity::MentalHealth, Sensitivity::SexualHealth, Sensitivity::SocialCare, Sensitivity::HeldBack];

/// What a carer may do beyond seeing what is not hidden ("see" is always allowed: a carer
/// who may see nothing has no role).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarerAllow {
    pub readings: bool,
    pub import: bool,
    pub share: bool,
    pub export: bool,
}

impl CarerAllow {
    pub const ALL: CarerAllow = CarerAllow { readings: true, import: true, share: true, export: true };
    pub const NONE: CarerAllow = CarerAllow { readings: false, import: false, share: false, export: false };

    /// Whether `permission` is allowed.
    pub fn allows(self, permission: CarerPermission) -> bool {
        match permission {
            CarerPermission::Readings => self.readings,
            CarerPermission::Import => self.import,
            CarerPermission::Share => self.share,
            CarerPermission::Export => self.export,
        }
    }
}

/// One thing a carer may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CarerPermission {
    Readings,
    Import,
    Share,
    Export,
}

impl CarerPermission {
    pub const ALL: [CarerPermission; 4] =
        [CarerPermission::Readings, CarerPermission::Import, CarerPermission::Share, CarerPermission::Export];

    /// The stable code (`phr carer limits --allow readings,import`).
    pub fn code(self) -> &'static str {
        match self {
            CarerPermission::Readings => "readings",
            CarerPermission::Import => "import",
            CarerPermission::Share => "share",
            CarerPermission::Export => "export",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code.trim())
    }

    /// What people read beside the box.
    pub fn label(self) -> &'static str {
        match self {
            CarerPermission::Readings => "Add readings",
            CarerPermission::Import => "Import from the GP or files",
            CarerPermission::Share => "Make shares for them",
            CarerPermission::Export => "Export their record",
        }
    }
}

/// The words beside a label's box when a person chooses what to keep private.
pub fn hide_label_words(s: Sensitivity) -> Option<String> {
    let what = match s {
        Sensitivity::General => return None,
        // "to discuss with my GP" names a purpose, not a subject, so it follows "entries".
        Sensitivity::HeldBack => format!("entries {}", s.in_sentence()),
        _ => format!("{} entries", s.in_sentence()),
    };
    Some(format!("Keep {what} private from your carer"))
}

/// What a person sets: labels and entries hidden, permissions, the count shown or not.
/// `hidden_entries` are entry keys in plain ("Condition/abc"): this value is only ever the
/// person's own (in memory while their own access is open), never stored as it is.
#[derive(Clone, PartialEq, Eq)]
pub struct CarerLimits {
    pub hidden: Vec<Sensitivity>,
    pub hidden_entries: Vec<String>,
    pub allow: CarerAllow,
    pub show_count: bool,
}

crate::redacted_debug!(CarerLimits { hidden, allow, show_count });

/// Why limits were refused.
#[derive(Clone, PartialEq, Eq)]
pub struct LimitsError {
    pub code: ErrorCode,
    pub message: String,
}

// Its `code` is an error code, not an access code: printed, with its message.
crate::redacted_debug!(LimitsError { code, message });

impl LimitsError {
    fn new(message: impl Into<String>) -> Self {
        Self { code: ErrorCode::InvalidInput, message: message.into() }
    }
}

impl CarerLimits {
    /// Nothing hidden, everything allowed, the count not shown: what own access starts with.
    pub fn everything_visible() -> Self {
        Self { hidden: Vec::new(), hidden_entries: Vec::new(), allow: CarerAllow::ALL, show_count: false }
    }

    /// Checks the limits: General is never hidden (it is everyday information, and a carer
    /// who may see nothing has no role); an entry key is "<ResourceType>/<id>".
    pub fn check(&self) -> Result<(), LimitsError> {
        if self.hidden.contains(&Sensitivity::General) {
            return Err(LimitsError::new("General entries cannot be kept private from a carer."));
        }
        if let Some(bad) = self.hidden_entries.iter().find(|k| !is_entry_key(k)) {
            return Err(LimitsError::new(format!(
                "\"{bad}\" is not an entry. An entry is named by its type and id, like Condition/123."
            )));
        }
        Ok(())
    }

    /// The JSON the vault signs and stores (carer-readable): labels by their stored names,
    /// entries salted and hashed with `salt`, in a fixed order so the same limits give the same
    /// text.
    pub fn to_json(&self, salt: &[u8; 16]) -> Result<String, LimitsError> {
        self.to_json_keeping(salt, &[])
    }

    /// [`CarerLimits::to_json`] that also names, salted and hashed, the entries already in the
    /// person's private part (`kept`): a new version of one arriving later is sealed for them
    /// too, whatever its label then says. They are not part of the limits the person set, so
    /// they never keep an entry private once its label or entry is shown again.
    pub fn to_json_keeping(&self, salt: &[u8; 16], kept: &[String]) -> Result<String, LimitsError> {
        self.check()?;
        let mut hidden: Vec<&str> = HIDEABLE.iter().filter(|s| self.hidden.contains(s)).map(|s| s.as_str()).collect();
        hidden.dedup();
        let mut hashed: Vec<String> = self.hidden_entries.iter().map(|k| entry_hash(salt, k)).collect();
        hashed.sort();
        hashed.dedup();
        let mut kept: Vec<String> = kept.iter().map(|k| entry_hash(salt, k)).collect();
        kept.sort();
        kept.dedup();
        let stored = Stored {
            version: 1,
            hidden: hidden.into_iter().map(str::to_owned).collect(),
            entry_salt: hex(salt),
            hidden_entries: hashed,
            kept_private: kept,
            allow: self.allow,
            show_count: self.show_count,
        };
        serde_json::to_string(&stored).map_err(|e| LimitsError::new(format!("could not write the limits: {e}")))
    }
}

/// Limits as read back from their (verified) JSON: what the carer's app applies.
#[derive(Clone, PartialEq, Eq)]
pub struct LimitsRule {
    hidden: Vec<Sensitivity>,
    salt: [u8; 16],
    hidden_entries: Vec<String>,
    kept_private: Vec<String>,
    pub allow: CarerAllow,
    pub show_count: bool,
    /// Set when the limits could not be trusted (their signature did not verify): everything
    /// hidden, nothing allowed.
    pub tampered: bool,
}

crate::redacted_debug!(LimitsRule { hidden, allow, show_count, tampered });

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    version: u32,
    hidden: Vec<String>,
    entry_salt: String,
    hidden_entries: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    kept_private: Vec<String>,
    allow: CarerAllow,
    show_count: bool,
}

impl LimitsRule {
    /// Reads limits JSON written by [`CarerLimits::to_json`] (after its signature verified).
    /// General among the hidden labels, an unknown label or a malformed hash is refused.
    pub fn from_json(text: &str) -> Result<Self, LimitsError> {
        let s: Stored =
            serde_json::from_str(text).map_err(|_| LimitsError::new("The limits are not in the expected form."))?;
        if s.version != 1 {
            return Err(LimitsError::new("The limits were written by a newer version of the app."));
        }
        let mut hidden = Vec::new();
        for h in &s.hidden {
            match Sensitivity::parse(h) {
                Some(Sensitivity::General) | None => {
                    return Err(LimitsError::new("The limits name a label that cannot be hidden."));
                }
                Some(k) => hidden.push(k),
            }
        }
        let salt = unhex(&s.entry_salt)
            .and_then(|b| <[u8; 16]>::try_from(b).ok())
            .ok_or_else(|| LimitsError::new("The limits' salt is not valid."))?;
        if s.hidden_entries.iter().chain(&s.kept_private).any(|h| h.len() != 64 || unhex(h).is_none()) {
            return Err(LimitsError::new("A hidden entry in the limits is not valid."));
        }
        Ok(Self {
            hidden,
            salt,
            hidden_entries: s.hidden_entries,
            kept_private: s.kept_private,
            allow: s.allow,
            show_count: s.show_count,
            tampered: false,
        })
    }

    /// These limits again with `kept` (entry keys in plain) as the entries already in the
    /// person's private part, in the same salted and hashed form as
    /// [`CarerLimits::to_json_keeping`].
    pub fn to_json_keeping(&self, kept: &[String]) -> Result<String, LimitsError> {
        let mut kept: Vec<String> = kept.iter().map(|k| entry_hash(&self.salt, k)).collect();
        kept.sort();
        kept.dedup();
        let stored = Stored {
            version: 1,
            hidden: HIDEABLE.iter().filter(|s| self.hidden.contains(s)).map(|s| s.as_str().to_owned()).collect(),
            entry_salt: hex(&self.salt),
            hidden_entries: self.hidden_entries.clone(),
            kept_private: kept,
            allow: self.allow,
            show_count: self.show_count,
        };
        serde_json::to_string(&stored).map_err(|e| LimitsError::new(format!("could not write the limits: {e}")))
    }

    /// What applies when the limits cannot be trusted: every label hidden, nothing allowed.
    pub fn fail_closed() -> Self {
        Self {
            hidden: HIDEABLE.to_vec(),
            salt: [0; 16],
            hidden_entries: Vec::new(),
            kept_private: Vec::new(),
            allow: CarerAllow::NONE,
            show_count: false,
            tampered: true,
        }
    }

    /// Whether an entry with this label and key ("<ResourceType>/<logical id>") is kept from
    /// the carer. General entries are hidden only one by one.
    pub fn hides(&self, sensitivity: Sensitivity, entry_key: &str) -> bool {
        self.hidden.contains(&sensitivity) || self.hides_entry(entry_key)
    }

    /// Whether something arriving with this label and key is sealed for the person: what
    /// [`LimitsRule::hides`] hides, and new versions of entries already in their private part.
    pub fn seals_arrival(&self, sensitivity: Sensitivity, entry_key: &str) -> bool {
        self.hides(sensitivity, entry_key)
            || (!self.kept_private.is_empty() && self.kept_private.contains(&entry_hash(&self.salt, entry_key)))
    }

    /// Whether this entry is hidden by itself (whatever its label).
    pub fn hides_entry(&self, entry_key: &str) -> bool {
        !self.hidden_entries.is_empty() && self.hidden_entries.contains(&entry_hash(&self.salt, entry_key))
    }

    /// The labels hidden.
    pub fn hidden_labels(&self) -> &[Sensitivity] {
        &self.hidden
    }

    /// How many single entries are hidden.
    pub fn hidden_entry_count(&self) -> usize {
        self.hidden_entries.len()
    }

    /// Whether anything at all is hidden (an import seals nothing otherwise).
    pub fn hides_anything(&self) -> bool {
        !self.hidden.is_empty() || !self.hidden_entries.is_empty() || !self.kept_private.is_empty()
    }

    /// The limits as the person set them, for showing back to them; `entry_keys` are the
    /// person's private entries' keys, of which those hidden one by one are kept.
    pub fn to_limits<'a>(&self, entry_keys: impl IntoIterator<Item = &'a str>) -> CarerLimits {
        let mut hidden_entries: Vec<String> =
            entry_keys.into_iter().filter(|k| self.hides_entry(k)).map(str::to_owned).collect();
        hidden_entries.sort();
        hidden_entries.dedup();
        CarerLimits { hidden: self.hidden.clone(), hidden_entries, allow: self.allow, show_count: self.show_count }
    }
}

/// "<ResourceType>/<logical id>" for an entry.
pub fn entry_key(resource_type: &str, logical_id: &str) -> String {
    format!("{resource_type}/{logical_id}")
}

fn is_entry_key(k: &str) -> bool {
    match k.split_once('/') {
        Some((t, id)) => {
            !t.is_empty()
                && t.chars().all(|c| c.is_ascii_alphabetic())
                && !id.is_empty()
                && id.len() <= 256
                && !id.contains(char::is_whitespace)
        }
        None => false,
    }
}

fn entry_hash(salt: &[u8; 16], key: &str) -> String {
    let mut ctx = digest::Context::new(&digest::SHA256);
    ctx.update(b"phr-carer-limits/v1/entry/");
    ctx.update(salt);
    ctx.update(key.as_bytes());
    hex(ctx.finish().as_ref())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_label_reads_as_a_sentence() {
        let words: Vec<String> = HIDEABLE.into_iter().filter_map(hide_label_words).collect();
        assert_eq!(
            words,
            [
                "Keep mental health entries private from your carer",
                "Keep sexual health entries private from your carer",
                "Keep social care entries private from your carer",
                "Keep entries to discuss with my GP private from your carer",
            ]
        );
        assert_eq!(hide_label_words(Sensitivity::General), None);
    }

    const SALT: [u8; 16] = [7; 16];

    fn limits() -> CarerLimits {
        CarerLimits {
            hidden: vec![Sensitivity::SexualHealth],
            hidden_entries: vec!["Condition/c-1".into()],
            allow: CarerAllow { readings: true, import: true, share: false, export: false },
            show_count: true,
        }
    }

    #[test]
    fn hides_by_label_or_by_entry_and_nothing_else() {
        let rule = LimitsRule::from_json(&limits().to_json(&SALT).unwrap()).unwrap();
        let cases = [
            (Sensitivity::SexualHealth, "MedicationRequest/m-1", true),
            (Sensitivity::General, "Condition/c-1", true),
            (Sensitivity::MentalHealth, "Condition/c-1", true),
            (Sensitivity::General, "Condition/c-2", false),
            (Sensitivity::MentalHealth, "Observation/o-1", false),
            (Sensitivity::HeldBack, "Observation/o-1", false),
        ];
        let wrong: Vec<_> = cases.iter().filter(|(s, k, want)| rule.hides(*s, k) != *want).collect();
        assert!(wrong.is_empty(), "{wrong:?}");
        assert!(rule.hides_anything());
        assert!(!rule.tampered);
    }

    #[test]
    fn json_round_trip_keeps_everything_and_names_no_entry() {
        let json = limits().to_json(&SALT).unwrap();
        assert!(!json.contains("c-1"), "{json}");
        assert_eq!(json, limits().to_json(&SALT).unwrap(), "the same limits give the same text");
        let rule = LimitsRule::from_json(&json).unwrap();
        assert_eq!(rule.to_limits(["Condition/c-1", "Condition/c-9"]), limits());
        assert_eq!(rule.hidden_entry_count(), 1);
    }

    #[test]
    fn entries_kept_private_seal_their_new_versions_but_are_not_limits() {
        let json = CarerLimits::everything_visible().to_json_keeping(&SALT, &["Condition/c-7".into()]).unwrap();
        assert!(!json.contains("c-7"));
        let rule = LimitsRule::from_json(&json).unwrap();
        assert!(rule.seals_arrival(Sensitivity::General, "Condition/c-7"));
        assert!(!rule.seals_arrival(Sensitivity::General, "Condition/c-8"));
        assert!(!rule.hides(Sensitivity::General, "Condition/c-7"), "not hidden by the limits");
        assert_eq!(rule.to_limits(["Condition/c-7"]), CarerLimits::everything_visible());
        assert!(rule.hides_anything());
        let again = LimitsRule::from_json(&rule.to_json_keeping(&["Condition/c-9".into()]).unwrap()).unwrap();
        assert!(again.seals_arrival(Sensitivity::General, "Condition/c-9"));
        assert!(!again.seals_arrival(Sensitivity::General, "Condition/c-7"));
        let limits = LimitsRule::from_json(&limits().to_json(&SALT).unwrap()).unwrap();
        let kept = LimitsRule::from_json(&limits.to_json_keeping(&[]).unwrap()).unwrap();
        assert_eq!(kept, limits, "keeping nothing changes nothing");
    }

    #[test]
    fn general_is_never_accepted() {
        let mut l = limits();
        l.hidden.push(Sensitivity::General);
        assert_eq!(l.to_json(&SALT).unwrap_err().code, ErrorCode::InvalidInput);
        let forged = limits().to_json(&SALT).unwrap().replace("sexual_health", "general");
        assert!(LimitsRule::from_json(&forged).is_err());
    }

    #[test]
    fn malformed_entry_keys_and_json_are_refused() {
        for bad in ["", "Condition", "/x", "Condition/", "Cond ition/x", "Condition/a b"] {
            let l = CarerLimits { hidden_entries: vec![bad.into()], ..CarerLimits::everything_visible() };
            assert!(l.check().is_err(), "{bad:?} was accepted");
        }
        assert!(LimitsRule::from_json("{}").is_err());
        assert!(LimitsRule::from_json("not json").is_err());
        let extra = limits().to_json(&SALT).unwrap().replacen('{', "{\"extra\":1,", 1);
        assert!(LimitsRule::from_json(&extra).is_err());
    }

    #[test]
    fn fail_closed_hides_every_label_and_allows_nothing() {
        let rule = LimitsRule::fail_closed();
        for s in HIDEABLE {
            assert!(rule.hides(s, "Condition/x"));
        }
        assert!(!rule.hides(Sensitivity::General, "Condition/x"));
        assert_eq!(rule.allow, CarerAllow::NONE);
        assert!(rule.tampered);
    }

    #[test]
    fn everything_visible_hides_nothing_and_allows_everything() {
        let rule = LimitsRule::from_json(&CarerLimits::everything_visible().to_json(&SALT).unwrap()).unwrap();
        assert!(!rule.hides_anything());
        assert!(CarerPermission::ALL.iter().all(|p| rule.allow.allows(*p)));
    }

    #[test]
    fn words() {
        assert_eq!(CarerPermission::Import.label(), "Import from the GP or files");
        assert_eq!(CarerPermission::from_code("share"), Some(CarerPermission::Share));
        assert_eq!(
            hide_label_words(Sensitivity::SexualHealth).as_deref(),
            Some("Keep sexual health entries private from your carer")
        );
        assert_eq!(hide_label_words(Sensitivity::General), None);
    }
}
