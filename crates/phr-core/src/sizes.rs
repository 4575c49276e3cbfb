//! How a byte count reads to a person ("250 MB", "65.6 KB"), and the largest amount of FHIR one
//! import takes in: the caps every reader of files and GP replies states in its messages.

/// The most FHIR text one import takes in, from files (all chosen files together) or from a GP
/// practice (all pages together). The whole of it is held in memory while it is read and
/// stored in one transaction, so this is also what an import may take in memory. The app's own
/// export of the heaviest record it is built for (100,000 resources at about 3.7 kB each) is
/// about 370 MB, and must import again.
pub const MAX_IMPORT_BYTES: u64 = 500_000_000;

/// A size as people read it, in decimal units (1 MB = 1,000,000 bytes, as file managers show
/// them): "12 bytes", "64 KB", "65.6 KB", "250 MB", "8 GB". Rounded up, so a file just over a
/// cap never reads as the cap itself.
pub fn size_words(bytes: u64) -> String {
    const KB: u64 = 1_000;
    const MB: u64 = 1_000_000;
    const GB: u64 = 1_000_000_000;
    let tenths = |unit: u64| bytes.saturating_mul(10).div_ceil(unit);
    let shown = |t: u64, unit: &str| {
        if t.is_multiple_of(10) { format!("{} {unit}", t / 10) } else { format!("{}.{} {unit}", t / 10, t % 10) }
    };
    if bytes >= GB {
        shown(tenths(GB), "GB")
    } else if bytes >= MB {
        shown(tenths(MB), "MB")
    } else if bytes >= KB {
        shown(tenths(KB), "KB")
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_plainly_and_round_up() {
        assert_eq!(size_words(12), "12 bytes");
        assert_eq!(size_words(1_000), "1 KB");
        assert_eq!(size_words(65_536), "65.6 KB");
        assert_eq!(size_words(64_000), "64 KB");
        assert_eq!(size_words(250_000_000), "250 MB");
        assert_eq!(size_words(250_000_001), "250.1 MB");
        assert_eq!(size_words(MAX_IMPORT_BYTES), "500 MB");
        assert_eq!(size_words(8_000_000_000), "8 GB");
    }
}
