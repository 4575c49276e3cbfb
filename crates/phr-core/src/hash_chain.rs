//! One hash chain for every append-only log the app keeps: each entry is numbered from 1 and
//! carries the hash of the entry before it, so an entry edited, removed or moved breaks the
//! chain at a place we can name.
//!
//! How an entry's own hash is computed belongs to its log (the audit log hashes a binary
//! encoding, the packages-opened log the JSON of its line): this module owns only the chain,
//! the numbering, the link to the previous entry and the checks, so both logs keep the format
//! they were written in and are verified by the same code.

/// What the first entry's `prev_hash` is: there is nothing before it.
pub const GENESIS: [u8; 32] = [0; 32];

/// An entry's place in its chain as stored: its number, the hash it says came before it, and
/// its own hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub seq: u64,
    pub prev_hash: [u8; 32],
    pub hash: [u8; 32],
}

/// The number and previous hash of the entry that follows `prev` (the first, when `None`).
pub fn next(prev: Option<&Link>) -> (u64, [u8; 32]) {
    match prev {
        Some(p) => (p.seq.saturating_add(1), p.hash),
        None => (1, GENESIS),
    }
}

/// How a chain is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakKind {
    /// The first entry is not number 1: entries before `found` were removed.
    StartMissing { found: u64 },
    /// Entry `expected` is missing: the numbers jump from `expected - 1` to `found`.
    Missing { expected: u64, found: u64 },
    /// Entry `found` comes after entry `after`, where it does not belong.
    OutOfPlace { found: u64, after: u64 },
    /// The entry's own hash no longer matches what it holds.
    Changed,
    /// The entry's previous hash is not the hash of the entry before it (for entry 1: not
    /// [`GENESIS`]): something before it was changed, removed or replaced.
    DoesNotFollow,
}

/// Where a chain first stops holding: the entry's position in the log (0-based), its number
/// as the log should have it, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Break {
    pub index: usize,
    pub seq: u64,
    pub kind: BreakKind,
}

/// Checks entries given in stored order; answers how many there are.
///
/// `link` reads an entry's stored numbers and hashes; `rehash` computes its hash again from
/// what it holds. Checked in order, for each entry: its number, its own hash, then its link to
/// the one before. Removing the newest entries leaves a shorter chain that still holds: a log
/// that must see that keeps an anchor (the newest number and hash) elsewhere.
pub fn verify<T>(
    entries: impl IntoIterator<Item = T>,
    link: impl Fn(&T) -> Link,
    rehash: impl Fn(&T) -> [u8; 32],
) -> Result<u64, Break> {
    let mut expected: u64 = 1;
    let mut prev = GENESIS;
    let mut count = 0u64;
    for (index, entry) in entries.into_iter().enumerate() {
        let l = link(&entry);
        if l.seq != expected {
            let kind = if l.seq > expected && expected == 1 {
                BreakKind::StartMissing { found: l.seq }
            } else if l.seq > expected {
                BreakKind::Missing { expected, found: l.seq }
            } else {
                BreakKind::OutOfPlace { found: l.seq, after: expected.saturating_sub(1) }
            };
            return Err(Break { index, seq: expected.min(l.seq.max(1)), kind });
        }
        if rehash(&entry) != l.hash {
            return Err(Break { index, seq: l.seq, kind: BreakKind::Changed });
        }
        if l.prev_hash != prev {
            return Err(Break { index, seq: l.seq, kind: BreakKind::DoesNotFollow });
        }
        prev = l.hash;
        expected = expected.saturating_add(1);
        count += 1;
    }
    Ok(count)
}

/// Lower-case hex, as the packages-opened log stores its hashes.
pub fn to_hex(bytes: &[u8; 32]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A hash from 64 hex digits (either case); `None` for anything else.
pub fn from_hex(s: &str) -> Option<[u8; 32]> {
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(s.as_bytes().chunks(2)) {
        let text = std::str::from_utf8(pair).ok()?;
        *byte = u8::from_str_radix(text, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy log: the entry's hash is its number and note, with the previous hash.
    #[derive(Debug, Clone)]
    struct Entry {
        link: Link,
        note: u8,
    }

    fn rehash(e: &Entry) -> [u8; 32] {
        let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
        ctx.update(&e.link.prev_hash);
        ctx.update(&e.link.seq.to_be_bytes());
        ctx.update(&[e.note]);
        let mut out = [0u8; 32];
        out.copy_from_slice(ctx.finish().as_ref());
        out
    }

    fn chain(n: u8) -> Vec<Entry> {
        let mut out: Vec<Entry> = Vec::new();
        for note in 0..n {
            let (seq, prev_hash) = next(out.last().map(|e| &e.link));
            let mut e = Entry { link: Link { seq, prev_hash, hash: [0; 32] }, note };
            e.link.hash = rehash(&e);
            out.push(e);
        }
        out
    }

    fn check(entries: &[Entry]) -> Result<u64, Break> {
        verify(entries, |e| e.link, |e| rehash(e))
    }

    #[test]
    fn a_fresh_chain_holds() {
        assert_eq!(check(&[]), Ok(0));
        let c = chain(5);
        assert_eq!(c.first().map(|e| e.link.prev_hash), Some(GENESIS));
        assert_eq!(check(&c), Ok(5));
    }

    #[test]
    fn each_way_of_breaking_it_is_named() {
        let mut edited = chain(4);
        edited[2].note = 9;
        assert_eq!(check(&edited), Err(Break { index: 2, seq: 3, kind: BreakKind::Changed }));

        // Edited and rehashed: the next entry no longer follows.
        edited[2].link.hash = rehash(&edited[2]);
        assert_eq!(check(&edited), Err(Break { index: 3, seq: 4, kind: BreakKind::DoesNotFollow }));

        let mut removed = chain(5);
        removed.remove(2);
        assert_eq!(
            check(&removed),
            Err(Break { index: 2, seq: 3, kind: BreakKind::Missing { expected: 3, found: 4 } })
        );

        let mut first_gone = chain(3);
        first_gone.remove(0);
        assert_eq!(check(&first_gone), Err(Break { index: 0, seq: 1, kind: BreakKind::StartMissing { found: 2 } }));

        let mut duplicated = chain(3);
        let copy = duplicated[1].clone();
        duplicated.insert(2, copy);
        assert_eq!(
            check(&duplicated),
            Err(Break { index: 2, seq: 2, kind: BreakKind::OutOfPlace { found: 2, after: 2 } })
        );

        // A whole new chain spliced on at entry 1 does not start from GENESIS.
        let mut replaced = chain(2);
        replaced[0].link.prev_hash = [7; 32];
        replaced[0].link.hash = rehash(&replaced[0]);
        assert_eq!(check(&replaced), Err(Break { index: 0, seq: 1, kind: BreakKind::DoesNotFollow }));
    }

    #[test]
    fn hex_round_trips_and_refuses_anything_else() {
        let h = [0xab; 32];
        assert_eq!(from_hex(&to_hex(&h)), Some(h));
        assert_eq!(from_hex(&to_hex(&h).to_uppercase()), Some(h));
        assert_eq!(from_hex("ab"), None);
        assert_eq!(from_hex(&"zz".repeat(32)), None);
        assert_eq!(from_hex(&"é".repeat(32)), None);
    }
}
