//! Lower-case hex (the key file, content hashes): readable in a text editor, unambiguous, no
//! extra crate.

pub(crate) fn encode(bytes: &[u8]) -> String {
    // A digit per half byte, not `write!("{b:02x}")`: an import encodes a content hash per
    // resource, and formatting cost about as much as hashing.
    fn digit(n: u8) -> char {
        char::from(if n < 10 { b'0' + n } else { b'a' + n - 10 })
    }
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(digit(b >> 4));
        s.push(digit(b & 0x0f));
    }
    s
}

/// `None` for odd lengths or anything but 0-9, a-f, A-F.
pub(crate) fn decode(s: &str) -> Option<Vec<u8>> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let b = s.as_bytes();
    if !b.len().is_multiple_of(2) {
        return None;
    }
    b.chunks_exact(2)
        .map(|pair| match pair {
            [hi, lo] => Some(nibble(*hi)? << 4 | nibble(*lo)?),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trip_and_refusals() {
        assert_eq!(super::encode(&[0, 0xab, 0xff]), "00abff");
        let every: Vec<u8> = (0..=255).collect();
        let hex = super::encode(&every);
        assert_eq!(hex.len(), 512);
        assert!(hex.starts_with("000102030405060708090a0b0c0d0e0f10") && hex.ends_with("fdfeff"));
        assert_eq!(super::decode(&hex), Some(every));
        assert_eq!(super::decode("00ABff"), Some(vec![0, 0xab, 0xff]));
        assert_eq!(super::decode("abc"), None);
        assert_eq!(super::decode("zz"), None);
    }
}
