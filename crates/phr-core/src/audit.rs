//! The audit log's hash chain: each entry's hash covers the one before, so an edited,
//! removed or reordered entry breaks the chain at a place we can name.
//!
//! The storage lives in `phr-vault`; this module is the pure part: the entry encoding and its
//! hash. The chain itself (numbering, links, checks) is [`crate::hash_chain`], shared with the
//! packages-opened log. Details must never hold health data: they are kept for the life of
//! the record and shown in plain view.

use chrono::{DateTime, Utc};
use ring::digest;

use crate::error::ErrorCode;
use crate::hash_chain::{self, BreakKind, Link};

/// What the first entry's `prev_hash` is: there is nothing before it.
pub const GENESIS: [u8; 32] = hash_chain::GENESIS;

/// Domain separation: a hash of this encoding can never be mistaken for a hash of anything
/// else the app computes. The version lets a future encoding coexist with old entries.
const DOMAIN: &[u8] = b"phr/audit-entry/v1\0";
/// The encoding of an entry that names who acted: v1's fields, then the actor's code and name.
const DOMAIN_V2: &[u8] = b"phr/audit-entry/v2\0";

/// Who acted, as an entry names them. Entries written before actors were kept name nobody
/// (`AuditRecord::actor` is `None`) and keep their v1 hash.
#[derive(Clone, PartialEq, Eq)]
pub enum Actor {
    /// The vault's holder, on their own record (or on a record whose role was never set).
    You,
    /// The holder acting for someone they care for. `name` is the holder's first name (the
    /// "me" person's), `None` when nobody in the vault is "me".
    Carer { name: Option<String> },
    /// The person themselves, through their own access: their first name.
    Owner { name: String },
}
crate::redacted_debug!(Actor);

impl Actor {
    /// The stable code stored beside each entry and hashed with it.
    pub fn code(&self) -> &'static str {
        match self {
            Actor::You => "you",
            Actor::Carer { .. } => "carer",
            Actor::Owner { .. } => "owner",
        }
    }

    /// The name stored beside the code (and hashed with it), if any.
    pub fn name(&self) -> Option<&str> {
        match self {
            Actor::You => None,
            Actor::Carer { name } => name.as_deref(),
            Actor::Owner { name } => Some(name),
        }
    }

    /// The actor with this stored code and name; `None` for a code this version does not know
    /// (or an owner without a name).
    pub fn parse(code: &str, name: Option<&str>) -> Option<Self> {
        let name = name.map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
        match code {
            "you" => Some(Actor::You),
            "carer" => Some(Actor::Carer { name }),
            "owner" => Some(Actor::Owner { name: name? }),
            _ => None,
        }
    }

    /// Who acted, in plain words: "You", "Sarah (carer)", "Your carer", "Margaret".
    pub fn words(&self) -> String {
        match self {
            Actor::You => "You".to_owned(),
            Actor::Carer { name: Some(n) } => format!("{n} (carer)"),
            Actor::Carer { name: None } => "Your carer".to_owned(),
            Actor::Owner { name } => name.clone(),
        }
    }

    /// Who the vault's holder is on a record: "you" on their own (or one whose role was never
    /// set), a carer on the record of someone they care for. `holder_name` is the full name of
    /// the vault's "me" person, if there is one: the carer is named by its first word.
    pub fn holder_on(record_role: Option<crate::person_role::RoleKind>, holder_name: Option<&str>) -> Self {
        match record_role {
            Some(crate::person_role::RoleKind::CaredFor) => {
                Actor::Carer { name: holder_name.and_then(|n| n.split_whitespace().next()).map(str::to_owned) }
            }
            _ => Actor::You,
        }
    }
}

/// What happened. The string names are stored in every database, so they are a format: a
/// name is only ever added, never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    VaultUnlocked,
    PersonCreated,
    PersonUpdated,
    PassphraseChanged,
    RecoveryKeyUsed,
    BackupCreated,
    BackupRestored,
    RecordImported,
    EntryLabelChanged,
    RecordExported,
    ReadingAdded,
    ReadingsImported,
    ReadingEdited,
    ReadingDeleted,
    ReadingRestored,
    ReadingsExported,
    TargetsChanged,
    ShareCreated,
    ShareRevoked,
    SharePackageOpened,
    BpWeekStarted,
    ImportUndone,
    /// An import refused because its Patient is someone else; the detail says which of
    /// this person's details did not match, never the other person's.
    RecordImportRefused,
    /// The whole-file check for damage, run by the person; the detail says what it found.
    RecordChecked,
    /// A handover package of this record was made; the record stays until its receipt.
    HandoverPackageMade,
    /// The record arrived in this vault by handover, its earlier history carried with it.
    HandoverReceived,
    /// A receipt code that does not match the handover package was refused.
    HandoverReceiptRefused,
    /// A record handed over was removed from this vault after its receipt was typed back.
    HandoverConfirmed,
    /// An attempt to open a person's own access with a wrong own password, or to change what
    /// they keep private without their own access open: refused, and kept in their log.
    OwnAccessRefused,
    /// The person who received their record by handover said they gave its receipt code back
    /// to the one who handed it over; the code is no longer kept.
    HandoverReceiptGiven,
    /// The person (or their carer) added an entry of their own; the detail names only its kind.
    OwnEntryAdded,
    /// An entry of their own was changed (the earlier version is kept).
    OwnEntryEdited,
    /// An entry of their own was deleted (it can be put back).
    OwnEntryDeleted,
    /// A deleted entry of their own was put back.
    OwnEntryRestored,
    /// Their own note on an entry was written or removed, or the entry hidden from or shown
    /// again on their timeline.
    EntryNoteChanged,
    /// A reminder was set or removed, or what its notifications may show changed; the detail
    /// names only the reminder's kind.
    RemindersChanged,
    /// A medicine reminder was ticked as taken; the detail names no medicine.
    ReminderDone,
    /// The person chose to stay connected to their GP practice: the app keeps, encrypted in
    /// the record, what lets it check for updates without a new sign-in. The detail names the
    /// practice, never the token.
    GpConnected,
    /// The practice replaced the kept connection's token (rotation), and the new one was kept.
    GpConnectionRenewed,
    /// The app checked the GP practice for updates with the kept connection (what it brought
    /// is audited by its import).
    GpUpdated,
    /// The kept connection was forgotten: the person disconnected (and the app asked the
    /// practice to stop it), or the practice no longer accepted it.
    GpDisconnected,
}

impl AuditAction {
    pub const ALL: [AuditAction; 41] = [
        Self::VaultUnlocked,
        Self::PersonCreated,
        Self::PersonUpdated,
        Self::PassphraseChanged,
        Self::RecoveryKeyUsed,
        Self::BackupCreated,
        Self::BackupRestored,
        Self::RecordImported,
        Self::EntryLabelChanged,
        Self::RecordExported,
        Self::ReadingAdded,
        Self::ReadingsImported,
        Self::ReadingEdited,
        Self::ReadingDeleted,
        Self::ReadingRestored,
        Self::ReadingsExported,
        Self::TargetsChanged,
        Self::ShareCreated,
        Self::ShareRevoked,
        Self::SharePackageOpened,
        Self::BpWeekStarted,
        Self::ImportUndone,
        Self::RecordImportRefused,
        Self::RecordChecked,
        Self::HandoverPackageMade,
        Self::HandoverReceived,
        Self::HandoverReceiptRefused,
        Self::HandoverConfirmed,
        Self::OwnAccessRefused,
        Self::HandoverReceiptGiven,
        Self::OwnEntryAdded,
        Self::OwnEntryEdited,
        Self::OwnEntryDeleted,
        Self::OwnEntryRestored,
        Self::EntryNoteChanged,
        Self::RemindersChanged,
        Self::ReminderDone,
        Self::GpConnected,
        Self::GpConnectionRenewed,
        Self::GpUpdated,
        Self::GpDisconnected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::VaultUnlocked => "vault_unlocked",
            Self::PersonCreated => "person_created",
            Self::PersonUpdated => "person_updated",
            Self::PassphraseChanged => "passphrase_changed",
            Self::RecoveryKeyUsed => "recovery_key_used",
            Self::BackupCreated => "backup_created",
            Self::BackupRestored => "backup_restored",
            Self::RecordImported => "record_imported",
            Self::EntryLabelChanged => "entry_label_changed",
            Self::RecordExported => "record_exported",
            Self::ReadingAdded => "reading_added",
            Self::ReadingsImported => "readings_imported",
            Self::ReadingEdited => "reading_edited",
            Self::ReadingDeleted => "reading_deleted",
            Self::ReadingRestored => "reading_restored",
            Self::ReadingsExported => "readings_exported",
            Self::TargetsChanged => "targets_changed",
            Self::ShareCreated => "share_created",
            Self::ShareRevoked => "share_revoked",
            Self::SharePackageOpened => "share_package_opened",
            Self::BpWeekStarted => "bp_week_started",
            Self::ImportUndone => "import_undone",
            Self::RecordImportRefused => "record_import_refused",
            Self::RecordChecked => "record_checked",
            Self::HandoverPackageMade => "handover_package_made",
            Self::HandoverReceived => "handover_received",
            Self::HandoverReceiptRefused => "handover_receipt_refused",
            Self::HandoverConfirmed => "handover_confirmed",
            Self::OwnAccessRefused => "own_access_refused",
            Self::HandoverReceiptGiven => "handover_receipt_given",
            Self::OwnEntryAdded => "own_entry_added",
            Self::OwnEntryEdited => "own_entry_edited",
            Self::OwnEntryDeleted => "own_entry_deleted",
            Self::OwnEntryRestored => "own_entry_restored",
            Self::EntryNoteChanged => "entry_note_changed",
            Self::RemindersChanged => "reminders_changed",
            Self::ReminderDone => "reminder_done",
            Self::GpConnected => "gp_connected",
            Self::GpConnectionRenewed => "gp_connection_renewed",
            Self::GpUpdated => "gp_updated",
            Self::GpDisconnected => "gp_disconnected",
        }
    }

    /// What the action means, in plain words, for the activity list ("Reading added").
    pub fn words(self) -> &'static str {
        match self {
            Self::VaultUnlocked => "Opened the app",
            Self::PersonCreated => "Added this person to the app",
            Self::PersonUpdated => "Changed their details",
            Self::PassphraseChanged => "Changed the app's password",
            Self::RecoveryKeyUsed => "Used the recovery key",
            Self::BackupCreated => "Made a backup",
            Self::BackupRestored => "Restored a backup",
            Self::RecordImported => "Imported their record",
            Self::EntryLabelChanged => "Changed an entry's label",
            Self::RecordExported => "Exported their record",
            Self::ReadingAdded => "Added a reading",
            Self::ReadingsImported => "Imported readings from a device file",
            Self::ReadingEdited => "Changed a reading",
            Self::ReadingDeleted => "Deleted a reading",
            Self::ReadingRestored => "Brought back a deleted reading",
            Self::ReadingsExported => "Exported their readings",
            Self::TargetsChanged => "Changed their target ranges",
            Self::ShareCreated => "Shared their record",
            Self::ShareRevoked => "Stopped a share",
            Self::SharePackageOpened => "Opened a shared record",
            Self::BpWeekStarted => "Started a home blood pressure week",
            Self::ImportUndone => "Undid an import",
            Self::RecordImportRefused => "Tried to import someone else's record (it was refused)",
            Self::RecordChecked => "Checked their record for damage",
            Self::HandoverPackageMade => "Made a package to hand their record over",
            Self::HandoverReceived => "Received this record by handover",
            Self::HandoverReceiptRefused => "Typed a receipt code that did not match (nothing was removed)",
            Self::HandoverConfirmed => "Handed a record over and removed it from this app",
            Self::OwnAccessRefused => "Tried to use their own access without their own password (it was refused)",
            Self::HandoverReceiptGiven => "Gave the receipt code back to the person who handed the record over",
            Self::OwnEntryAdded => "Added an entry of their own",
            Self::OwnEntryEdited => "Changed an entry of their own",
            Self::OwnEntryDeleted => "Deleted an entry of their own",
            Self::OwnEntryRestored => "Brought back a deleted entry of their own",
            Self::EntryNoteChanged => "Changed their note on an entry, or hid or showed it",
            Self::RemindersChanged => "Changed their reminders",
            Self::ReminderDone => "Ticked a medicine reminder as taken",
            Self::GpConnected => "Stayed connected to the GP practice, to check for updates",
            Self::GpConnectionRenewed => "The GP practice renewed the app's connection",
            Self::GpUpdated => "Checked the GP practice for updates",
            Self::GpDisconnected => "Disconnected from the GP practice",
        }
    }

    /// The action with this stored name; `None` for a name this version does not know.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// 1 for the first entry, then one more each time.
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub action: AuditAction,
    /// A short plain-words note without health data ("details changed").
    pub detail: String,
    /// Who acted; `None` for an entry written before actors were kept (hashed as v1).
    pub actor: Option<Actor>,
    pub prev_hash: [u8; 32],
    pub hash: [u8; 32],
}
crate::redacted_debug!(AuditRecord { seq, at, action });

impl AuditRecord {
    /// Makes the entry that follows `prev` (or the first, when `prev` is `None`), naming
    /// nobody: the v1 encoding, as entries were before actors were kept.
    pub fn next(prev: Option<&AuditRecord>, at: DateTime<Utc>, action: AuditAction, detail: String) -> Self {
        let (seq, prev_hash) = hash_chain::next(prev.map(AuditRecord::link).as_ref());
        let hash = entry_hash(&prev_hash, seq, at, action, &detail);
        Self { seq, at, action, detail, actor: None, prev_hash, hash }
    }

    /// Makes the entry that follows `prev`, naming who acted (the v2 encoding).
    pub fn next_by(
        prev: Option<&AuditRecord>,
        at: DateTime<Utc>,
        action: AuditAction,
        detail: String,
        actor: Actor,
    ) -> Self {
        let (seq, prev_hash) = hash_chain::next(prev.map(AuditRecord::link).as_ref());
        let hash = entry_hash_v2(&prev_hash, seq, at, action, &detail, &actor);
        Self { seq, at, action, detail, actor: Some(actor), prev_hash, hash }
    }

    /// The hash this entry's fields give: v2 when it names an actor, v1 when it does not.
    pub fn computed_hash(&self) -> [u8; 32] {
        match &self.actor {
            Some(actor) => entry_hash_v2(&self.prev_hash, self.seq, self.at, self.action, &self.detail, actor),
            None => entry_hash(&self.prev_hash, self.seq, self.at, self.action, &self.detail),
        }
    }

    /// The entry's place in the chain.
    pub fn link(&self) -> Link {
        Link { seq: self.seq, prev_hash: self.prev_hash, hash: self.hash }
    }
}

/// SHA-256 over an encoding in which no two different entries share bytes: fixed-width
/// integers and a length before every variable-length field. The time is hashed as seconds
/// and nanoseconds, not as text, so how it is stored cannot change the hash.
pub fn entry_hash(prev_hash: &[u8; 32], seq: u64, at: DateTime<Utc>, action: AuditAction, detail: &str) -> [u8; 32] {
    let mut ctx = digest::Context::new(&digest::SHA256);
    ctx.update(DOMAIN);
    ctx.update(prev_hash);
    ctx.update(&seq.to_be_bytes());
    ctx.update(&at.timestamp().to_be_bytes());
    ctx.update(&at.timestamp_subsec_nanos().to_be_bytes());
    for field in [action.as_str().as_bytes(), detail.as_bytes()] {
        ctx.update(&(field.len() as u64).to_be_bytes());
        ctx.update(field);
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

/// [`entry_hash`] for an entry that names who acted: its own domain (v2), then v1's fields,
/// then the actor's code and name (an absent name as an empty field: no code has a name that
/// is empty), each with its length. Changing who acted changes the hash.
pub fn entry_hash_v2(
    prev_hash: &[u8; 32],
    seq: u64,
    at: DateTime<Utc>,
    action: AuditAction,
    detail: &str,
    actor: &Actor,
) -> [u8; 32] {
    let mut ctx = digest::Context::new(&digest::SHA256);
    ctx.update(DOMAIN_V2);
    ctx.update(prev_hash);
    ctx.update(&seq.to_be_bytes());
    ctx.update(&at.timestamp().to_be_bytes());
    ctx.update(&at.timestamp_subsec_nanos().to_be_bytes());
    let name = actor.name().unwrap_or("");
    for field in [action.as_str().as_bytes(), detail.as_bytes(), actor.code().as_bytes(), name.as_bytes()] {
        ctx.update(&(field.len() as u64).to_be_bytes());
        ctx.update(field);
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

/// Where and why the chain is broken, in words a person can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("The audit log is broken at entry {seq}: {reason}")]
pub struct ChainBreak {
    /// The entry at which the chain stops holding.
    pub seq: u64,
    pub reason: String,
}

impl ChainBreak {
    pub fn code(&self) -> ErrorCode {
        ErrorCode::AuditChainBroken
    }
}

/// Checks a log given in stored order and answers how many entries it holds.
///
/// It detects an edited entry (its hash no longer matches), a removed one (a gap in the
/// numbers, or an entry whose `prev_hash` is not its predecessor's hash) and reordering.
/// Removing the newest entries leaves a shorter but valid chain, which this function alone
/// cannot see: the vault checks that case against the anchor (newest seq and hash) it keeps
/// in the key file.
pub fn verify_chain(records: &[AuditRecord]) -> Result<u64, ChainBreak> {
    let rehash = |r: &&AuditRecord| r.computed_hash();
    hash_chain::verify(records, |r| r.link(), rehash).map_err(|b| {
        let reason = match b.kind {
            BreakKind::StartMissing { found } => format!("entry 1 is missing: the log starts at entry {found}"),
            BreakKind::Missing { expected, found } => {
                format!("entry {expected} is missing: the log jumps from {} to {found}", expected.saturating_sub(1))
            }
            BreakKind::OutOfPlace { found, after } => {
                format!("entry {found} is out of place: it comes after entry {after}")
            }
            BreakKind::Changed => format!("entry {} was changed after it was written", b.seq),
            BreakKind::DoesNotFollow if b.seq == 1 => {
                "entry 1 does not start the log: entries before it were removed or it was replaced".to_string()
            }
            BreakKind::DoesNotFollow => format!(
                "entry {} does not follow entry {}: an entry was changed, removed or replaced",
                b.seq,
                b.seq.saturating_sub(1)
            ),
        };
        ChainBreak { seq: b.seq, reason }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 9, min, 0).single().unwrap()
    }

    fn chain(n: u64) -> Vec<AuditRecord> {
        let mut out: Vec<AuditRecord> = Vec::new();
        for i in 0..n {
            let action = AuditAction::ALL[i as usize % AuditAction::ALL.len()];
            let r = AuditRecord::next(out.last(), at(i as u32), action, format!("note {i}"));
            out.push(r);
        }
        out
    }

    #[test]
    fn names_round_trip_and_are_pinned() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
        }
        assert_eq!(AuditAction::VaultUnlocked.as_str(), "vault_unlocked");
        assert_eq!(AuditAction::BackupRestored.as_str(), "backup_restored");
        assert_eq!(AuditAction::parse("vault_exploded"), None);
    }

    #[test]
    fn a_fresh_chain_verifies() {
        assert_eq!(verify_chain(&[]), Ok(0));
        let c = chain(6);
        assert_eq!(c[0].prev_hash, GENESIS);
        assert_eq!(verify_chain(&c), Ok(6));
    }

    /// Pins the encoding: a change to it would make every stored log fail to verify.
    #[test]
    fn hash_is_pinned() {
        let h = entry_hash(&GENESIS, 1, at(0), AuditAction::VaultUnlocked, "unlocked");
        let hex: String = h.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, PINNED_HASH, "the audit entry encoding changed; existing logs would break");
    }
    const PINNED_HASH: &str = "2e4abe2a4dcf65d61b280adeec9f345782b3fb92eb893e96fe8fdfc45dc95b68";

    #[test]
    fn fields_are_not_ambiguous() {
        let a = entry_hash(&GENESIS, 1, at(0), AuditAction::VaultUnlocked, "x");
        assert_ne!(a, entry_hash(&GENESIS, 2, at(0), AuditAction::VaultUnlocked, "x"));
        assert_ne!(a, entry_hash(&GENESIS, 1, at(1), AuditAction::VaultUnlocked, "x"));
        assert_ne!(a, entry_hash(&GENESIS, 1, at(0), AuditAction::PersonCreated, "x"));
        assert_ne!(a, entry_hash(&GENESIS, 1, at(0), AuditAction::VaultUnlocked, "y"));
        assert_ne!(a, entry_hash(&[1; 32], 1, at(0), AuditAction::VaultUnlocked, "x"));
        let nanos = at(0) + chrono::Duration::nanoseconds(1);
        assert_ne!(a, entry_hash(&GENESIS, 1, nanos, AuditAction::VaultUnlocked, "x"));
    }

    #[test]
    fn an_edited_entry_is_named() {
        let mut c = chain(5);
        c[2].detail = "nothing happened".into();
        let b = verify_chain(&c).unwrap_err();
        assert_eq!(b.seq, 3);
        assert_eq!(b.reason, "entry 3 was changed after it was written");
        assert_eq!(b.code(), ErrorCode::AuditChainBroken);
    }

    /// An editor who also recomputes the edited entry's hash still breaks the next link.
    #[test]
    fn an_edit_with_a_recomputed_hash_breaks_the_next_link() {
        let mut c = chain(5);
        c[2].detail = "nothing happened".into();
        c[2].hash = entry_hash(&c[2].prev_hash, 3, c[2].at, c[2].action, &c[2].detail);
        let b = verify_chain(&c).unwrap_err();
        assert_eq!(b.seq, 4);
        assert!(b.reason.contains("does not follow entry 3"), "{}", b.reason);
    }

    #[test]
    fn a_removed_entry_is_named() {
        let mut c = chain(6);
        c.remove(3);
        let b = verify_chain(&c).unwrap_err();
        assert_eq!(b.seq, 4);
        assert_eq!(b.reason, "entry 4 is missing: the log jumps from 3 to 5");
        let mut c = chain(3);
        c.remove(0);
        let b = verify_chain(&c).unwrap_err();
        assert_eq!((b.seq, b.reason.as_str()), (1, "entry 1 is missing: the log starts at entry 2"));
    }

    fn actor_chain() -> Vec<AuditRecord> {
        let mut out = chain(2);
        let actors = [
            Actor::You,
            Actor::Carer { name: Some("Sarah".into()) },
            Actor::Carer { name: None },
            Actor::Owner { name: "Margaret".into() },
        ];
        for (i, actor) in actors.into_iter().enumerate() {
            let r = AuditRecord::next_by(
                out.last(),
                at(10 + i as u32),
                AuditAction::ReadingAdded,
                "1 reading".into(),
                actor,
            );
            out.push(r);
        }
        out
    }

    /// v1 entries (no actor) and v2 entries (an actor) verify together in one chain.
    #[test]
    fn v1_entries_verify_beside_v2_entries() {
        let c = actor_chain();
        assert_eq!(c[0].actor, None);
        assert_eq!(c[3].actor, Some(Actor::Carer { name: Some("Sarah".into()) }));
        assert_eq!(verify_chain(&c), Ok(6));
    }

    /// The actor is hashed: naming someone else, dropping the name, or removing the actor
    /// (to pass the entry off as v1) breaks the chain at that entry.
    #[test]
    fn changing_who_acted_breaks_the_chain() {
        let tamper: [fn(&mut AuditRecord); 4] = [
            |r| r.actor = Some(Actor::You),
            |r| r.actor = Some(Actor::Carer { name: Some("Tom".into()) }),
            |r| r.actor = Some(Actor::Carer { name: None }),
            |r| r.actor = None,
        ];
        for t in tamper {
            let mut c = actor_chain();
            t(&mut c[3]);
            let b = verify_chain(&c).unwrap_err();
            assert_eq!((b.seq, b.reason.as_str()), (4, "entry 4 was changed after it was written"));
        }
        let mut c = actor_chain();
        c[5].actor = Some(Actor::Owner { name: "Sarah".into() });
        assert_eq!(verify_chain(&c).unwrap_err().seq, 6);
    }

    /// Pins the v2 encoding, and keeps it apart from v1 for the same fields.
    #[test]
    fn v2_hash_is_pinned() {
        let owner = Actor::Owner { name: "Margaret".into() };
        let h = entry_hash_v2(&GENESIS, 1, at(0), AuditAction::VaultUnlocked, "unlocked", &owner);
        let hex: String = h.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, PINNED_HASH_V2, "the v2 audit entry encoding changed; existing logs would break");
        assert_ne!(h, entry_hash(&GENESIS, 1, at(0), AuditAction::VaultUnlocked, "unlocked"));
        let carer = Actor::Carer { name: Some("Margaret".into()) };
        assert_ne!(h, entry_hash_v2(&GENESIS, 1, at(0), AuditAction::VaultUnlocked, "unlocked", &carer));
    }
    const PINNED_HASH_V2: &str = "f4cc82525aea3999d1fee3e04d3b7f64125d40d3f65af15d29dc36bbcf3788e1";

    #[test]
    fn actors_are_stored_and_read_back_in_words() {
        let all = [
            Actor::You,
            Actor::Carer { name: Some("Sarah".into()) },
            Actor::Carer { name: None },
            Actor::Owner { name: "Margaret".into() },
        ];
        for a in &all {
            assert_eq!(Actor::parse(a.code(), a.name()).as_ref(), Some(a));
        }
        let words: Vec<String> = all.iter().map(Actor::words).collect();
        assert_eq!(words, ["You", "Sarah (carer)", "Your carer", "Margaret"]);
        assert_eq!(Actor::parse("owner", None), None);
        assert_eq!(Actor::parse("someone", None), None);
        use crate::person_role::RoleKind;
        assert_eq!(Actor::holder_on(Some(RoleKind::Me), Some("Sarah Jones")), Actor::You);
        assert_eq!(Actor::holder_on(None, Some("Sarah Jones")), Actor::You);
        assert_eq!(
            Actor::holder_on(Some(RoleKind::CaredFor), Some("Sarah Jones")),
            Actor::Carer { name: Some("Sarah".into()) }
        );
        assert_eq!(Actor::holder_on(Some(RoleKind::CaredFor), None), Actor::Carer { name: None });
    }

    #[test]
    fn reordering_is_detected() {
        let mut c = chain(5);
        c.swap(1, 2);
        let b = verify_chain(&c).unwrap_err();
        assert_eq!(b.seq, 2);
        assert!(b.reason.contains("missing"), "{}", b.reason);
        // Renumbered to hide the swap: the hashes give it away.
        c[1].seq = 2;
        c[2].seq = 3;
        assert!(verify_chain(&c).is_err());
        // A duplicate.
        let mut c = chain(3);
        let dup = c[1].clone();
        c.insert(2, dup);
        let b = verify_chain(&c).unwrap_err();
        assert!(b.reason.contains("out of place"), "{}", b.reason);
    }
}
