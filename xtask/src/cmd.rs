//! Running commands: echo them, run them, turn failures into readable errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// `cargo`, the same one that runs xtask.
pub fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.current_dir(crate::root());
    c
}

/// A command in the workspace root.
pub fn new(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut c = Command::new(program);
    c.current_dir(crate::root());
    c
}

/// Prints the command line, then runs it with inherited stdio; non-zero exit is an error.
pub fn run(c: &mut Command) -> Result<(), String> {
    let line = describe(c);
    println!("$ {line}");
    let status = c.status().map_err(|e| format!("could not start `{line}`: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("`{line}` failed ({status})")) }
}

/// Like [`run`], but drops stderr lines that start with `hide` (after trimming).
pub fn run_hiding(c: &mut Command, hide: &str) -> Result<(), String> {
    use std::io::{BufRead, BufReader, Write};
    let line = describe(c);
    println!("$ {line}");
    let mut child = c.stderr(Stdio::piped()).spawn().map_err(|e| format!("could not start `{line}`: {e}"))?;
    if let Some(stderr) = child.stderr.take() {
        let mut out = std::io::stderr().lock();
        for l in BufReader::new(stderr).lines().map_while(Result::ok) {
            if !l.trim_start().starts_with(hide) {
                let _ = writeln!(out, "{l}");
            }
        }
    }
    let status = child.wait().map_err(|e| format!("`{line}`: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("`{line}` failed ({status})")) }
}

/// Runs a command quietly and returns its trimmed stdout, or `None` if it fails to start or
/// exits non-zero.
pub fn output(c: &mut Command) -> Option<String> {
    let out = c.stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The first `program` on PATH.
pub fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata().map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0).unwrap_or(false)
}

fn describe(c: &Command) -> String {
    let mut parts = Vec::new();
    for (k, v) in c.get_envs() {
        if let Some(v) = v {
            parts.push(format!("{}={}", k.to_string_lossy(), v.to_string_lossy()));
        }
    }
    // `$CARGO` is a long toolchain path; the reader only needs to know it is cargo.
    let program = c.get_program();
    let is_cargo = std::env::var_os("CARGO").is_some_and(|cargo| cargo == program);
    parts.push(if is_cargo { "cargo".into() } else { program.to_string_lossy().into_owned() });
    parts.extend(c.get_args().map(|a| a.to_string_lossy().into_owned()));
    let line = parts.join(" ");
    match c.get_current_dir() {
        Some(dir) if dir != crate::root() => {
            let rel = dir.strip_prefix(crate::root()).unwrap_or(dir);
            format!("(cd {}) {line}", rel.display())
        }
        _ => line,
    }
}
