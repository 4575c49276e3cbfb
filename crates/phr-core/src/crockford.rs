//! Crockford's base32 with its mod-37 check symbol: the alphabet the recovery key and the
//! handover and receipt codes are written in (no I, L, O or U, so nothing reads as something
//! else; O, I and L typed are read as 0, 1 and 1).

/// Crockford's 32 symbols, value order.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Crockford's extra check symbols for the values 32 to 36.
pub const CHECK_EXTRA: &[u8; 5] = b"*~$=U";

/// The data symbol for the low five bits of `value`.
pub fn symbol(value: usize) -> char {
    ALPHABET.get(value & 31).map_or('0', |b| char::from(*b))
}

/// The check symbol for `value` (0..37): a data symbol, then the five of [`CHECK_EXTRA`].
pub fn check_symbol(value: usize) -> char {
    let symbol = ALPHABET.get(value).or_else(|| CHECK_EXTRA.get(value.checked_sub(32)? % CHECK_EXTRA.len()));
    symbol.map_or('0', |b| char::from(*b))
}

/// A data symbol's value, with Crockford's aliases; `None` for anything else.
pub fn data_value(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        c => c,
    };
    let b = u8::try_from(c).ok()?;
    ALPHABET.iter().position(|&a| a == b).and_then(|p| u8::try_from(p).ok())
}

/// A check symbol's value: a data symbol or one of the five extra symbols.
pub fn check_value(c: char) -> Option<u8> {
    data_value(c).or_else(|| {
        let b = u8::try_from(c.to_ascii_uppercase()).ok()?;
        let p = CHECK_EXTRA.iter().position(|&a| a == b)?;
        u8::try_from(32 + p).ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_reads_back_and_aliases_read_as_their_digit() {
        for v in 0..32 {
            assert_eq!(data_value(symbol(v)), u8::try_from(v).ok());
        }
        for v in 0..37 {
            assert_eq!(check_value(check_symbol(v)), u8::try_from(v).ok());
        }
        assert_eq!((data_value('o'), data_value('I'), data_value('l')), (Some(0), Some(1), Some(1)));
        assert_eq!(data_value('U'), None);
        assert_eq!(check_value('U'), Some(36));
    }
}
