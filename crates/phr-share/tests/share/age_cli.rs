//! The reference `age` tool (Debian's package, 1.1.1) opens our packages: with the professional's
//! identity file, and with the access code typed at its passphrase prompt (driven through a
//! pseudo-terminal by `script`, since age reads passphrases only from a terminal). Untarred, the
//! files are byte for byte what was sealed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use phr_share::{AccessCode, MANIFEST_FILE, RECORD_FILE, SIGNATURE_FILE, SUMMARY_FILE, SealTo};

use crate::support::*;

/// The `age` binary, or None when it is missing outside CI (the skip is recorded). In CI a
/// missing `age` fails: this check must run there.
fn age() -> Option<PathBuf> {
    crate::repo::tool("age", "the reference age tool opening our packages")
}

/// The four members of the tar that age wrote, checked against what was sealed.
fn check_untarred(tar_path: &Path, package_files: &[phr_share::PackageFile]) {
    let members = untar(&std::fs::read(tar_path).unwrap());
    let names: Vec<&str> = members.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, [MANIFEST_FILE, SIGNATURE_FILE, RECORD_FILE, SUMMARY_FILE]);
    assert_eq!(member(&members, RECORD_FILE), package_files[0].bytes);
    assert_eq!(member(&members, SUMMARY_FILE), package_files[1].bytes);
    let manifest: serde_json::Value = serde_json::from_slice(member(&members, MANIFEST_FILE)).unwrap();
    assert_eq!(manifest["shareId"], consent().share_id.as_str());
}

/// Also unpacks with the system tar, as a professional following the instructions would.
fn check_system_tar(tar_path: &Path, dir: &Path, package_files: &[phr_share::PackageFile]) {
    let Some(tar) = crate::repo::tool("tar", "the system tar unpacking what age decrypted") else { return };
    let status = Command::new(tar).arg("-xf").arg(tar_path).current_dir(dir).status().unwrap();
    assert!(status.success());
    assert_eq!(std::fs::read(dir.join(RECORD_FILE)).unwrap(), package_files[0].bytes);
    assert_eq!(std::fs::read(dir.join(SUMMARY_FILE)).unwrap(), package_files[1].bytes);
}

#[test]
fn age_decrypts_a_key_sealed_package_with_the_identity_file() {
    let Some(age) = age() else { return };
    let dir = tempfile::tempdir().unwrap();
    let f = files_with("shared with the standard tool");
    let (package, identity) = sealed_to_key(f.clone());
    std::fs::write(dir.path().join("pkg.age"), &package).unwrap();
    std::fs::write(dir.path().join("identity.txt"), identity).unwrap();
    let out = Command::new(age)
        .args(["--decrypt", "-i", "identity.txt", "-o", "out.tar", "pkg.age"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "age failed: {}", String::from_utf8_lossy(&out.stderr));
    check_untarred(&dir.path().join("out.tar"), &f);
    check_system_tar(&dir.path().join("out.tar"), dir.path(), &f);
}

#[test]
fn age_decrypts_a_package_sealed_to_a_key_made_by_age_keygen() {
    let Some(age) = age() else { return };
    let Some(keygen) = crate::repo::tool("age-keygen", "a package sealed to a key age-keygen made") else { return };
    let dir = tempfile::tempdir().unwrap();
    let keygen_run = Command::new(&keygen).args(["-o", "key.txt"]).current_dir(dir.path()).output().unwrap();
    assert!(keygen_run.status.success());
    let identity = std::fs::read_to_string(dir.path().join("key.txt")).unwrap();
    let recipient = identity.lines().find_map(|l| l.strip_prefix("# public key: ")).unwrap().to_owned();
    let package = phr_share::seal(&consent(), &subject(), files(), &key().0, &SealTo::RecipientKey(recipient)).unwrap();
    // Our reader opens it with the file age-keygen wrote, comments and all...
    let opened = open(&package, &phr_share::Unlock::Identity(identity.into())).unwrap();
    assert_eq!(opened.files, files());
    // ...and so does age.
    std::fs::write(dir.path().join("pkg.age"), &package).unwrap();
    let out = Command::new(age)
        .args(["--decrypt", "-i", "key.txt", "-o", "out.tar", "pkg.age"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "age failed: {}", String::from_utf8_lossy(&out.stderr));
    check_untarred(&dir.path().join("out.tar"), &files());
}

#[test]
fn age_decrypts_a_code_sealed_package_with_the_code_typed_at_its_prompt() {
    let Some(age) = age() else { return };
    let dir = tempfile::tempdir().unwrap();
    let f = files_with("opened by typing the code");
    let code = AccessCode::generate().unwrap();
    // The real work factor: what the app makes is what age must accept.
    let package =
        phr_share::seal(&consent(), &subject(), f.clone(), &key().0, &SealTo::AccessCode(code.clone())).unwrap();
    std::fs::write(dir.path().join("pkg.age"), &package).unwrap();

    // `script` gives age a terminal; what we write to script's stdin is what is typed there.
    let Some(script) = crate::repo::tool("script", "age opening a package with the code typed at its prompt") else {
        return;
    };
    let command = format!("{} --decrypt -o out.tar pkg.age", age.display());
    let mut child = Command::new(script)
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("`script` (util-linux) runs age in a pseudo-terminal");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(format!("{}\n", code.as_str()).as_bytes()).unwrap();
    stdin.flush().unwrap();
    // Keep the terminal open until age is done (closing it early would end its input); a guard,
    // not a timing assertion: age takes about a second.
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "age did not finish");
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "age failed: {} {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    check_untarred(&dir.path().join("out.tar"), &f);
}
