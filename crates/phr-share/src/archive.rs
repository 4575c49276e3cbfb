//! The tar (ustar) inside the age file: exactly manifest.json, manifest.sig, record.json and
//! summary.html, then ips.json when the package holds an International Patient Summary, in that
//! order, with fixed headers so the same files always make the same bytes. Reading refuses
//! anything else.

use std::collections::HashSet;
use std::io::{Read, Write};

use crate::ShareError;

pub const MANIFEST_FILE: &str = "manifest.json";
pub const SIGNATURE_FILE: &str = "manifest.sig";
pub const RECORD_FILE: &str = "record.json";
pub const SUMMARY_FILE: &str = "summary.html";
/// The International Patient Summary, only in a `phr-share/2` package.
pub const IPS_FILE: &str = "ips.json";

/// The archive's members, in order; the last one is optional.
pub(crate) const MEMBERS: [&str; 5] = [MANIFEST_FILE, SIGNATURE_FILE, RECORD_FILE, SUMMARY_FILE, IPS_FILE];

/// The most a package may unpack to, and the most [`crate::seal`] will pack: 64 MiB.
///
/// Why this figure: a package holds a slice of one person's record chosen for one purpose, as
/// a FHIR document and a printable page. The largest whole records in the test fixtures (a
/// lifetime Synthea record of thousands of resources) are under 4 MB of FHIR, and the package
/// benchmark's target is a 4 MB record; 64 MiB is sixteen times that, room for years of
/// readings, while a crafted package can make the app hold no more than that (the members are
/// kept; the archive itself is streamed, never held whole).
pub const MAX_ARCHIVE_BYTES: u64 = 64 * 1024 * 1024;

/// The members' contents, by name.
#[derive(Debug)]
pub(crate) struct Members {
    pub manifest: Vec<u8>,
    pub signature: Vec<u8>,
    pub record: Vec<u8>,
    pub summary: Vec<u8>,
    /// `ips.json`: absent from a package without a summary, which is then written exactly as
    /// before the summary existed.
    pub ips: Option<Vec<u8>>,
}

/// Writes the archive: ustar headers with mode 0644, mtime 0, uid/gid 0, no user names.
pub(crate) fn write(members: &Members) -> Result<Vec<u8>, ShareError> {
    write_to(members, Vec::new())
}

/// [`write`] into any writer (a hasher, to compare with an archive read as a stream).
fn write_to<W: Write>(members: &Members, out: W) -> Result<W, ShareError> {
    let mut builder = tar::Builder::new(out);
    for (name, bytes) in members.in_order() {
        let mut header = tar::Header::new_ustar();
        header.set_path(name).map_err(|_| ShareError::internal("naming a file in the package"))?;
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(0);
        header.set_uid(0);
        header.set_gid(0);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        builder.append(&header, bytes).map_err(|_| ShareError::internal("packing the files"))?;
    }
    builder.into_inner().map_err(|_| ShareError::internal("packing the files"))
}

/// Reads the archive back, refusing links, directories, other names, duplicates, missing
/// members, oversized members and anything that is not exactly what [`write`] makes.
#[cfg(any(test, feature = "test-seams"))]
pub(crate) fn read(archive: &[u8]) -> Result<Members, ShareError> {
    if archive.len() as u64 > MAX_ARCHIVE_BYTES {
        return Err(ShareError::tampered("its contents are larger than any shared record"));
    }
    let mut tee = Tee::new(archive);
    read_from(&mut tee)
}

/// The bytes a reader gave, counted and hashed as they pass, and the first read error (an
/// age chunk that did not authenticate shows here, whatever tar then makes of it).
pub(crate) struct Tee<R: Read> {
    inner: R,
    hash: ring::digest::Context,
    len: u64,
    pub(crate) failed: Option<std::io::ErrorKind>,
}

impl<R: Read> Tee<R> {
    pub(crate) fn new(inner: R) -> Self {
        Self { inner, hash: ring::digest::Context::new(&ring::digest::SHA256), len: 0, failed: None }
    }
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.inner.read(buf) {
            Ok(n) => {
                if let Some(got) = buf.get(..n) {
                    self.hash.update(got);
                }
                self.len += n as u64;
                Ok(n)
            }
            Err(e) => {
                self.failed.get_or_insert(e.kind());
                Err(e)
            }
        }
    }
}

/// A writer that only hashes and counts.
struct HashSink {
    hash: ring::digest::Context,
    len: u64,
}

impl Write for HashSink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.hash.update(b);
        self.len += b.len() as u64;
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// [`read`] from a stream (the age reader, so the decrypted archive is never held whole):
/// the members are read as they come, the rest of the stream is read to its end (so age
/// checks its last chunk), and the whole is compared, by length and SHA-256, with what
/// [`write`] makes of these members. At most [`MAX_ARCHIVE_BYTES`] are read.
pub(crate) fn read_from<R: Read>(tee: &mut Tee<R>) -> Result<Members, ShareError> {
    let broken = || ShareError::tampered("the archive inside it cannot be read");
    let mut found: [Option<Vec<u8>>; 5] = [None, None, None, None, None];
    let mut seen = HashSet::new();
    let mut total: u64 = 0;
    let mut tar = tar::Archive::new(&mut *tee);
    for entry in tar.entries().map_err(|_| broken())? {
        let mut entry = entry.map_err(|_| broken())?;
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(ShareError::tampered(&format!("the archive holds '{name}', which is not a plain file")));
        }
        let Some(slot) = MEMBERS.iter().position(|m| *m == name) else {
            return Err(ShareError::tampered(&format!("the archive holds an unexpected file '{name}'")));
        };
        if !seen.insert(slot) {
            return Err(ShareError::tampered(&format!("the archive holds '{name}' twice")));
        }
        let size = entry.header().size().map_err(|_| broken())?;
        total = total.saturating_add(size);
        if size > MAX_ARCHIVE_BYTES || total > MAX_ARCHIVE_BYTES {
            return Err(ShareError::tampered(&format!("'{name}' is larger than any shared record")));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).map_err(|_| broken())?);
        entry.read_to_end(&mut bytes).map_err(|_| broken())?;
        if bytes.len() as u64 != size {
            return Err(broken());
        }
        if let Some(place) = found.get_mut(slot) {
            *place = Some(bytes);
        }
    }
    // What follows the end marker (padding, or something hidden) is read to the end too: age
    // checks its last chunk only there, and the comparison below covers these bytes.
    std::io::copy(&mut (&mut *tee).take(MAX_ARCHIVE_BYTES + 1), &mut std::io::sink()).map_err(|_| broken())?;
    if tee.len > MAX_ARCHIVE_BYTES {
        return Err(ShareError::tampered("its contents are larger than any shared record"));
    }
    let [manifest, signature, record, summary, ips] = found;
    let missing = |name: &str| ShareError::tampered(&format!("the archive has no '{name}'"));
    let members = Members {
        manifest: manifest.ok_or_else(|| missing(MANIFEST_FILE))?,
        signature: signature.ok_or_else(|| missing(SIGNATURE_FILE))?,
        record: record.ok_or_else(|| missing(RECORD_FILE))?,
        summary: summary.ok_or_else(|| missing(SUMMARY_FILE))?,
        ips,
    };
    // Names, types and sizes are right; now the bytes around them must be too (no extra
    // headers, padding or data hidden after the end marker): the archive must be the one these
    // files make.
    let made = write_to(&members, HashSink { hash: ring::digest::Context::new(&ring::digest::SHA256), len: 0 })?;
    let read_hash = std::mem::replace(&mut tee.hash, ring::digest::Context::new(&ring::digest::SHA256)).finish();
    if made.len != tee.len || made.hash.finish().as_ref() != read_hash.as_ref() {
        return Err(ShareError::tampered("the archive inside it is not in the form this app writes"));
    }
    Ok(members)
}

impl Members {
    fn in_order(&self) -> Vec<(&'static str, &[u8])> {
        let mut members: Vec<(&'static str, &[u8])> = vec![
            (MANIFEST_FILE, &self.manifest),
            (SIGNATURE_FILE, &self.signature),
            (RECORD_FILE, &self.record),
            (SUMMARY_FILE, &self.summary),
        ];
        if let Some(ips) = &self.ips {
            members.push((IPS_FILE, ips));
        }
        members
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn sample() -> Members {
        Members {
            manifest: b"{}".to_vec(),
            signature: b"sig".to_vec(),
            record: vec![b'r'; 1000],
            summary: b"<html></html>".to_vec(),
            ips: None,
        }
    }

    #[test]
    fn writing_is_deterministic_and_reads_back() {
        let a = write(&sample()).unwrap();
        assert_eq!(a, write(&sample()).unwrap());
        let back = read(&a).unwrap();
        assert_eq!(back.record, sample().record);
        assert_eq!(back.summary, sample().summary);
    }

    #[test]
    fn a_summary_goes_last_and_reads_back() {
        let with = Members { ips: Some(b"{\"resourceType\":\"Bundle\"}".to_vec()), ..sample() };
        let a = write(&with).unwrap();
        assert!(a.len() > write(&sample()).unwrap().len());
        assert_eq!(read(&a).unwrap().ips, with.ips);
        assert_eq!(read(&write(&sample()).unwrap()).unwrap().ips, None);
    }

    #[test]
    fn extra_bytes_and_other_archives_are_refused() {
        let mut a = write(&sample()).unwrap();
        a.extend_from_slice(&[0u8; 512]);
        assert!(read(&a).is_err());

        let mut other = tar::Builder::new(Vec::new());
        let mut h = tar::Header::new_ustar();
        h.set_path("other.txt").unwrap();
        h.set_size(1);
        h.set_cksum();
        other.append(&h, &b"x"[..]).unwrap();
        assert!(read(&other.into_inner().unwrap()).is_err());
        assert!(read(b"garbage").is_err());
        assert!(read(&[]).is_err());
    }
}
