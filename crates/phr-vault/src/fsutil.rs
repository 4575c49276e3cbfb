//! File-system steps that must survive a crash or a power cut at any moment.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Result, VaultError};

/// Replaces `path` with `bytes` so that a crash leaves either the old file or the new one,
/// never a mix: write a temporary file in the same folder, fsync it, rename it over, fsync
/// the folder so the rename itself is durable.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = parent(path)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (mut f, tmp) = create_temp(dir, &name).map_err(|e| VaultError::io("save the file", path, &e))?;
    let result = (|| {
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(VaultError::io("save the file", path, &e));
    }
    // From the rename on, the new file is the one every reader sees, so a failed sync of the
    // folder must not be reported as "not saved": told that a passphrase change failed, a
    // person would keep using the old passphrase, which no longer opens the vault. At worst a
    // power cut undoes the rename, and the old file is there whole.
    let _ = sync_dir(dir);
    Ok(())
}

/// Creates a new private temporary file in `dir` whose name starts `.{stem}.` and ends in 16
/// random hex digits: `create_new` (O_EXCL), so an existing file or a planted link is never
/// opened or followed, and mode 0600 where the OS has modes.
pub(crate) fn create_temp(dir: &Path, stem: &str) -> std::io::Result<(File, PathBuf)> {
    with_random_name(dir, stem, new_private_file)
}

/// Creates a new private folder in `dir` named `.{stem}.` and 16 random hex digits (made
/// only if nothing has that name; mode 0700 where the OS has modes).
pub(crate) fn create_temp_dir(dir: &Path, stem: &str) -> std::io::Result<PathBuf> {
    with_random_name(dir, stem, |path| {
        let mut builder = fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(path)
    })
    .map(|((), path)| path)
}

/// Makes something new at `.{stem}.` and 16 random hex digits in `dir` with `make`, which must
/// refuse a name already taken (AlreadyExists); a taken name is tried again with new digits, a
/// few times, before giving up.
fn with_random_name<T>(
    dir: &Path,
    stem: &str,
    make: impl Fn(&Path) -> std::io::Result<T>,
) -> std::io::Result<(T, PathBuf)> {
    let rng = ring::rand::SystemRandom::new();
    let mut last = None;
    for _ in 0..8 {
        let mut b = [0u8; 8];
        ring::rand::SecureRandom::fill(&rng, &mut b).map_err(|_| std::io::Error::other("no random source"))?;
        let path = dir.join(format!(".{stem}.{}.tmp", crate::hex::encode(&b)));
        match make(&path) {
            Ok(made) => return Ok((made, path)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("could not choose a temporary name")))
}

/// Creates `path`, which must not exist, readable and writable only by this user.
/// `create_new` is `O_CREAT | O_EXCL`, which fails on any existing name, a link (even a
/// dangling one) included, so a planted link is never followed.
pub fn new_private_file(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).read(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// Why nothing can be written in a vault's folder, in plain words; `None` when a small file
/// can be created, written, synced and removed there. Unlock asks this first so that a full
/// disk or read-only media opens the record read-only instead of failing.
pub(crate) fn cannot_write_reason(dir: &Path) -> Option<String> {
    #[cfg(feature = "test-seams")]
    if let Some(kind) = FAIL_WRITES.with(std::cell::Cell::get) {
        return Some(reason_for(&std::io::Error::from(kind)));
    }
    let probe = (|| {
        let (mut f, tmp) = create_temp(dir, "write-check")?;
        let written = f.write_all(&[0u8; 4096]).and_then(|()| f.sync_all());
        drop(f);
        let removed = fs::remove_file(&tmp);
        written.and(removed)
    })();
    probe.err().map(|e| reason_for(&e))
}

fn reason_for(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::ReadOnlyFilesystem => "the disk or card your record is on can only be read".to_owned(),
        K::StorageFull | K::QuotaExceeded => "the disk your record is on is full".to_owned(),
        K::PermissionDenied => {
            "this computer account is not allowed to change the files in your record's folder".to_owned()
        }
        _ => format!("your record's folder cannot be written to ({e})"),
    }
}

#[cfg(feature = "test-seams")]
thread_local! {
    static FAIL_WRITES: std::cell::Cell<Option<std::io::ErrorKind>> = const { std::cell::Cell::new(None) };
}

/// Makes this thread's next unlocks find the vault's folder unwritable, as if by `kind`
/// (`ReadOnlyFilesystem`, `StorageFull`), or `None` to stop. Test-only: the seam the
/// read-only tests use, since a test running as root cannot make a folder unwritable.
#[cfg(feature = "test-seams")]
pub fn debug_fail_writes_for_tests(kind: Option<std::io::ErrorKind>) {
    FAIL_WRITES.with(|c| c.set(kind));
}

/// Makes a folder's entries (creations, renames, deletions) durable.
pub fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        File::open(dir).and_then(|d| d.sync_all()).map_err(|e| VaultError::io("save the folder's changes", dir, &e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Creates a folder (and its parents) readable only by this user where the OS allows it.
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir).map_err(|e| VaultError::io("create the folder", dir, &e))
}

pub(crate) fn parent(path: &Path) -> Result<&Path> {
    match path.parent() {
        Some(p) if p.as_os_str().is_empty() => Ok(Path::new(".")),
        Some(p) => Ok(p),
        None => Err(VaultError::new(phr_core::ErrorCode::Io, "That is a folder, not a file").at(path)),
    }
}

/// Removes a file if it exists.
pub(crate) fn remove_if_present(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(VaultError::io("delete the file", path, &e)),
    }
}

/// A file's length and SHA-256, read through a bounded buffer.
pub(crate) fn hash_file(path: &Path) -> Result<(u64, [u8; 32])> {
    use std::io::Read;
    let err = |e: &std::io::Error| VaultError::io("read a record file", path, e);
    let mut f = File::open(path).map_err(|e| err(&e))?;
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    let mut buf = vec![0u8; 64 << 10];
    let mut len = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(|e| err(&e))?;
        let Some(piece) = buf.get(..n).filter(|p| !p.is_empty()) else { break };
        ctx.update(piece);
        len += n as u64;
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    Ok((len, out))
}

/// Renames a finished vault folder `tmp` (a restore's, a handover's) to `dir`, which is absent
/// or empty; `what` names it in an error ("the restored vault").
pub(crate) fn move_into_place(tmp: &Path, dir: &Path, what: &str) -> Result<()> {
    let doing = format!("move {what} into place");
    match fs::rename(tmp, dir) {
        Ok(()) => Ok(()),
        Err(_) if dir.is_dir() => {
            // Some systems do not rename over an empty folder: remove it (the caller checked
            // it was empty at the start) and rename again.
            fs::remove_dir(dir).map_err(|e| VaultError::io("replace the empty folder", dir, &e))?;
            fs::rename(tmp, dir).map_err(|e| VaultError::io(&doing, dir, &e))
        }
        Err(e) => Err(VaultError::io(&doing, dir, &e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A saved file and its temporary file are private (0600), the temporary name is random,
    /// and a name that exists, a link included, is never opened.
    #[test]
    fn temporary_files_are_new_private_and_randomly_named() {
        let dir = tempfile::tempdir().unwrap();
        let (_, a) = create_temp(dir.path(), "x").unwrap();
        let (_, b) = create_temp(dir.path(), "x").unwrap();
        assert_ne!(a, b);
        let target = dir.path().join("saved");
        write_atomic(&target, b"hello").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&a).unwrap().permissions().mode() & 0o777, 0o600);
            assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o600);
            let victim = dir.path().join("victim");
            fs::write(&victim, b"keep").unwrap();
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&victim, &link).unwrap();
            assert!(new_private_file(&link).is_err());
            assert_eq!(fs::read(&victim).unwrap(), b"keep");
        }
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".saved"))
            .collect();
        assert!(left.is_empty(), "write_atomic left its temporary file");
    }
}
