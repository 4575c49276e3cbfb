//! Running commands: echo them, run them, turn failures into readable errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// `cargo`, the same one that runs xtask.
///
/// Under CI every build is from a fresh clone and runs once, so incremental compilation only
/// costs disk (gigabytes of `target/debug/incremental`) and time; it is turned off there.
pub fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.current_dir(crate::root());
    if crate::quiet() {
        c.env("CARGO_INCREMENTAL", "0");
    }
    c
}

/// Bytes free on the file system that holds `path` (`df`), or `None` when `df` cannot say.
pub fn free_bytes(path: &Path) -> Option<u64> {
    let out = Command::new("df").args(["--output=avail", "-B1"]).arg(path).output().ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout).lines().nth(1)?.trim().parse().ok()
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

/// Like [`run`], but stops the command and everything it started (cargo's test binaries, the
/// app, its drivers) when it runs longer than `limit_secs`, and says so.
pub fn run_for(c: &mut Command, limit_secs: u64) -> Result<(), String> {
    use std::time::{Duration, Instant};
    let line = describe(c);
    println!("$ {line}");
    let mut child = c.spawn().map_err(|e| format!("could not start `{line}`: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(limit_secs);
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(format!("`{line}` failed ({status})")),
            Ok(None) if Instant::now() >= deadline => {
                kill_tree(&mut child);
                return Err(format!("`{line}` was stopped after its limit of {limit_secs} s"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(200)),
            Err(e) => return Err(format!("`{line}`: {e}")),
        }
    }
}

/// Stops `child` and every process it started, and reaps it.
pub fn kill_tree(child: &mut std::process::Child) {
    let mut pids = descendants(child.id());
    pids.push(child.id());
    let _ = new("kill").arg("-KILL").args(pids.iter().map(u32::to_string)).status();
    let _ = child.wait();
}

/// Every process below `pid`, from /proc (Linux); empty elsewhere.
fn descendants(pid: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let me: u32 = e.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
            // "pid (name) state ppid ...": the name may hold spaces and brackets.
            let after_name = stat.rsplit_once(')')?.1;
            let parent: u32 = after_name.split_whitespace().nth(1)?.parse().ok()?;
            Some((me, parent))
        })
        .collect();
    let mut found = vec![pid];
    let mut i = 0;
    while let Some(&p) = found.get(i) {
        found.extend(parents.iter().filter(|(_, parent)| *parent == p).map(|(me, _)| *me));
        i += 1;
    }
    found.retain(|&p| p != pid);
    found
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

pub fn describe(c: &Command) -> String {
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
