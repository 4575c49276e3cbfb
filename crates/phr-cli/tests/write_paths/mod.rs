//! The write paths that the crash and fault tests drive through the real `phr` binary. For each
//! path: the record it starts from (made once, then copied for every run), the command that
//! writes, and what the record holds afterwards: as it was, as the command leaves it, or
//! something else (a mix, which is always a failure). Also the loop count, the seeded random
//! numbers and the figures each test prints.

#![allow(dead_code)]

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

#[path = "../../../../tests/support/mod.rs"]
pub mod repo;

pub const PASS: &str = "otter lantern gravel";
pub const NEW_PASS: &str = "copper meadow violin";
/// The professional's age key the shares are sealed to (the golden fixtures' identity).
pub const IDENTITY: &str = "golden/share-v1-identity.txt";

/// Runs per path: `PHR_CRASH_LOOPS` (`cargo xtask test` sets CI's figure), else 20.
pub fn loops() -> usize {
    std::env::var("PHR_CRASH_LOOPS").ok().and_then(|n| n.trim().parse().ok()).unwrap_or(20)
}

/// A small seeded generator (SplitMix64): the kill points and faults of a run can be replayed
/// with `PHR_CRASH_SEED`.
pub struct Rng(u64);

impl Rng {
    /// The run's seed (`PHR_CRASH_SEED`, else the time), mixed with the path's name so paths
    /// differ; printed so a failure can be replayed.
    pub fn for_path(name: &str) -> (Self, u64) {
        let seed = std::env::var("PHR_CRASH_SEED").ok().and_then(|s| s.trim().parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64)
        });
        let mixed = name.bytes().fold(seed, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        (Self(mixed), seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Uniform on a log scale between `lo` and `hi`.
    pub fn log_between(&mut self, lo: f64, hi: f64) -> f64 {
        (lo.ln() + self.unit() * (hi.ln() - lo.ln())).exp()
    }
}

/// `phr` with no secret inherited and new vaults at the floor KDF cost (cheap to unlock).
pub fn phr_command(vault: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_phr"));
    c.env("PHR_VAULT_DIR", vault)
        .env("PHR_KDF_PROFILE", "floor")
        .env("PHR_PASSPHRASE", PASS)
        .env_remove("PHR_NEW_PASSPHRASE")
        .env_remove("PHR_RECOVERY_KEY")
        .env_remove("PHR_ACCESS_CODE")
        .env_remove("PHR_IMPORT_PHASES")
        .stdin(Stdio::null());
    c
}

/// Runs `phr` to the end with `pass` as the passphrase.
pub fn phr_as(vault: &Path, pass: &str, args: &[&str]) -> Output {
    phr_command(vault).env("PHR_PASSPHRASE", pass).args(args).output().expect("run phr")
}

/// `phr ... --json` that must succeed.
pub fn json_ok(vault: &Path, args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.push("--json");
    let out = phr_as(vault, PASS, &args);
    assert!(out.status.success(), "phr {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

/// `phr ... --json` while observing: an error is what the record showed (it did not open).
fn json_as(vault: &Path, pass: &str, args: &[&str]) -> Result<Value, String> {
    let mut args = args.to_vec();
    args.push("--json");
    let out = phr_as(vault, pass, &args);
    if !out.status.success() {
        return Err(format!("`phr {}` failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("`phr {}`: not JSON: {e}", args.join(" ")))
}

fn len(v: &Value) -> usize {
    v.as_array().map_or(0, Vec::len)
}

/// What a run left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// The record as it was before the command.
    Before,
    /// The record as the command leaves it: the change is there, whole.
    After,
    /// Anything else (a part of the change): always a failure.
    Neither(String),
}

/// The folder one run works in: a copy of the path's template.
pub struct Work {
    pub dir: PathBuf,
}

impl Work {
    pub fn vault(&self) -> PathBuf {
        self.dir.join("vault")
    }
    pub fn out(&self, name: &str) -> PathBuf {
        self.dir.join("out").join(name)
    }
}

/// What a path's template knows: ids, secrets and counts before and after.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub person: String,
    pub other: String,
    pub import_id: String,
    pub recovery_key: String,
    /// Entries (or readings, or shares) before the command, and after it.
    pub before: usize,
    pub after: usize,
    pub inputs: PathBuf,
}

/// A command's arguments and the environment it adds.
type Invocation = (Vec<OsString>, Vec<(&'static str, String)>);

/// One write path.
pub struct WritePath {
    pub name: &'static str,
    /// Makes the starting vault in `template/vault` (inputs, read only, go in `inputs`).
    build: fn(&Path, &Path) -> Facts,
    /// The writing command's arguments and extra environment.
    command: fn(&Facts, &Work) -> Invocation,
    /// What the record holds now; `Err` when it does not open.
    observe: fn(&Facts, &Work) -> Result<Seen, String>,
    /// Kill on these phase lines (`PHR_IMPORT_PHASES`) in some runs: the import's known phases.
    pub phases: &'static [&'static str],
}

/// A path made ready: its template on disk, its facts, and how long it takes.
pub struct Ready {
    pub path: &'static WritePath,
    pub facts: Facts,
    _tmp: tempfile::TempDir,
    template: PathBuf,
    runs: PathBuf,
    next: usize,
    /// How long opening the vault takes (`phr audit verify`), and the whole command.
    pub open_time: Duration,
    pub op_time: Duration,
    /// The largest file a run to the end leaves (the vault's and the outputs'): the writes
    /// reach no further, so a file size limit below it can stop them.
    pub largest_file: u64,
}

impl WritePath {
    /// Builds the template, then runs the command once to the end: it must succeed and leave
    /// the record as "after" (the calibration gives the command's duration).
    pub fn ready(&'static self) -> Ready {
        let tmp = tempfile::tempdir().expect("tempdir");
        let template = tmp.path().join("template");
        let inputs = tmp.path().join("inputs");
        std::fs::create_dir_all(template.join("out")).expect("mkdir");
        std::fs::create_dir_all(&inputs).expect("mkdir");
        let facts = (self.build)(&template, &inputs);
        let runs = tmp.path().join("runs");
        std::fs::create_dir_all(&runs).expect("mkdir");
        let mut r = Ready {
            path: self,
            facts,
            template,
            runs,
            _tmp: tmp,
            next: 0,
            open_time: Duration::ZERO,
            op_time: Duration::ZERO,
            largest_file: 0,
        };
        let w = r.fresh();
        let t = Instant::now();
        let out = phr_as(&w.vault(), PASS, &["audit", "verify"]);
        r.open_time = t.elapsed();
        assert!(out.status.success(), "{}: the template does not open", self.name);
        assert_eq!((self.observe)(&r.facts, &w), Ok(Seen::Before), "{}: the template", self.name);
        let t = Instant::now();
        let out = r.command(&w).output().expect("run phr");
        r.op_time = t.elapsed();
        assert!(out.status.success(), "{}: {}", self.name, String::from_utf8_lossy(&out.stderr));
        assert_eq!((self.observe)(&r.facts, &w), Ok(Seen::After), "{}: after a run to the end", self.name);
        r.largest_file = largest_file(&w.dir);
        r
    }
}

impl Ready {
    /// A fresh copy of the template for one run.
    pub fn fresh(&mut self) -> Work {
        self.next += 1;
        let dir = self.runs.join(self.next.to_string());
        copy_dir(&self.template, &dir);
        Work { dir }
    }

    /// Removes a finished run's folder (kept when the run failed, for a look).
    pub fn done(&self, w: Work, keep: bool) -> Option<PathBuf> {
        if keep {
            let kept = std::env::temp_dir().join(format!("phr-{}-{}", self.path.name, std::process::id()));
            let _ = std::fs::remove_dir_all(&kept);
            copy_dir(&w.dir, &kept);
            let _ = std::fs::remove_dir_all(&w.dir);
            return Some(kept);
        }
        let _ = std::fs::remove_dir_all(&w.dir);
        None
    }

    /// The writing command for a run, ready to spawn (or to wrap: see [`Ready::wrapped`]).
    pub fn command(&self, w: &Work) -> Command {
        let (args, env) = (self.path.command)(&self.facts, w);
        let mut c = phr_command(&w.vault());
        c.args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        c
    }

    /// The writing command started by `wrapper` (e.g. `sh -c 'ulimit ...'`, `fiu-run`), with
    /// the same environment.
    pub fn wrapped(&self, w: &Work, wrapper: &[OsString]) -> Command {
        let (args, env) = (self.path.command)(&self.facts, w);
        let (program, before) = wrapper.split_first().expect("a wrapper");
        let mut c = Command::new(program);
        c.args(before).arg(env!("CARGO_BIN_EXE_phr")).args(args);
        // A panic's backtrace says where it was, even when a fault took its first line.
        c.env("RUST_BACKTRACE", "1")
            .env("PHR_VAULT_DIR", w.vault())
            .env("PHR_KDF_PROFILE", "floor")
            .env("PHR_PASSPHRASE", PASS)
            .env_remove("PHR_NEW_PASSPHRASE")
            .env_remove("PHR_RECOVERY_KEY")
            .env_remove("PHR_ACCESS_CODE")
            .env_remove("PHR_IMPORT_PHASES")
            .stdin(Stdio::null());
        for (k, v) in env {
            c.env(k, v);
        }
        c
    }

    pub fn observe(&self, w: &Work) -> Result<Seen, String> {
        (self.path.observe)(&self.facts, w)
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

fn p(path: &Path) -> OsString {
    path.as_os_str().to_owned()
}

// --- making the starting records ---------------------------------------------------------

/// A person matching [`bundle`]'s Patient; returns their id.
fn add_jane(vault: &Path) -> String {
    let added = json_ok(vault, &["person", "add", "--name", "Jane Doe", "--dob", "1970-01-02"]);
    added["id"].as_str().expect("id").to_owned()
}

fn init(vault: &Path) -> String {
    let created = json_ok(vault, &["init"]);
    created["recoveryKey"].as_str().expect("recovery key").to_owned()
}

/// A FHIR collection Bundle for Jane Doe: her Patient, a problem and `results` glucose
/// results, padded with spaces to `pad_to` bytes (the text size decides the import's journal).
pub fn bundle(results: usize, pad_to: usize) -> String {
    let mut entries = vec![
        json!({"resource": {"resourceType": "Patient", "id": "p1",
            "name": [{"family": "Doe", "given": ["Jane"]}], "birthDate": "1970-01-02"}}),
        json!({"resource": {"resourceType": "Condition", "id": "c1",
            "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "195967001", "display": "Asthma"}], "text": "Asthma"},
            "subject": {"reference": "Patient/p1"}, "onsetDateTime": "2015-06-01"}}),
    ];
    for i in 0..results {
        entries.push(json!({"resource": {"resourceType": "Observation", "id": format!("o{i}"), "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "2339-0", "display": "Glucose"}], "text": "Glucose"},
            "subject": {"reference": "Patient/p1"},
            "effectiveDateTime": format!("2020-{:02}-{:02}T09:30:00Z", 1 + i % 12, 1 + i % 28),
            "valueQuantity": {"value": 5.0 + (i % 30) as f64 / 10.0, "unit": "mmol/L",
                "system": "http://unitsofmeasure.org", "code": "mmol/L"}}}));
    }
    let mut text = json!({"resourceType": "Bundle", "type": "collection", "entry": entries}).to_string();
    if text.len() < pad_to {
        // Inside the object, before its closing brace: still the same JSON.
        text.pop();
        text.push_str(&" ".repeat(pad_to - text.len() - 1));
        text.push('}');
    }
    text
}

/// Results in the import bundles: the entries an import adds are these, the Patient and the
/// problem.
const RESULTS: usize = 60;
/// The size from which an import runs with a rollback journal (import.rs's LARGE_IMPORT_BYTES,
/// 16 MiB) and a little over.
const LARGE_IMPORT: usize = (16 << 20) + 4096;

fn entries(vault: &Path, pass: &str) -> Result<usize, String> {
    json_as(vault, pass, &["record", "list"]).map(|v| len(&v))
}

fn readings(vault: &Path) -> Result<usize, String> {
    json_as(vault, PASS, &["reading", "list", "--limit", "1000"]).map(|v| len(&v["readings"]))
}

fn verify(vault: &Path, pass: &str) -> Result<(), String> {
    let v = json_as(vault, pass, &["audit", "verify"])?;
    match v.as_array() {
        Some(people) if people.iter().all(|p| p["ok"] == Value::Bool(true)) => Ok(()),
        _ => Err(format!("the audit log does not verify: {v}")),
    }
}

fn record_imports(vault: &Path) -> Result<Vec<Value>, String> {
    json_as(vault, PASS, &["import", "history"]).map(|v| v.as_array().cloned().unwrap_or_default())
}

/// Before or after by counts, naming what was seen otherwise.
fn by_count(what: &str, seen: usize, f: &Facts) -> Seen {
    if seen == f.before {
        Seen::Before
    } else if seen == f.after {
        Seen::After
    } else {
        Seen::Neither(format!("{seen} {what} (before {}, after {})", f.before, f.after))
    }
}

/// Combines two views of one record: both must agree.
fn both(a: Seen, b: Seen, what: &str) -> Seen {
    match (a, b) {
        (a, b) if a == b => a,
        (Seen::Neither(w), _) | (_, Seen::Neither(w)) => Seen::Neither(w),
        (a, b) => Seen::Neither(format!("{what}: {a:?} and {b:?}")),
    }
}

// --- the paths -----------------------------------------------------------------------------

fn build_import(template: &Path, inputs: &Path, pad_to: usize) -> Facts {
    let vault = template.join("vault");
    init(&vault);
    let person = add_jane(&vault);
    std::fs::write(inputs.join("record.json"), bundle(RESULTS, pad_to)).expect("write bundle");
    Facts { person, before: 0, after: RESULTS + 2, inputs: inputs.to_owned(), ..Facts::default() }
}

fn import_command(f: &Facts, _w: &Work) -> Invocation {
    let mut args = os(&["import", "file"]);
    args.push(p(&f.inputs.join("record.json")));
    (args, vec![])
}

fn observe_import(f: &Facts, w: &Work) -> Result<Seen, String> {
    verify(&w.vault(), PASS)?;
    let imports = record_imports(&w.vault())?;
    let n = entries(&w.vault(), PASS)?;
    let history = match imports.len() {
        0 => Seen::Before,
        1 => Seen::After,
        k => Seen::Neither(format!("{k} imports in the history")),
    };
    Ok(both(by_count("entries", n, f), history, "entries and history"))
}

pub static IMPORT: WritePath = WritePath {
    name: "import",
    build: |t, i| build_import(t, i, 0),
    command: import_command,
    observe: observe_import,
    phases: &["read", "entries stored", "links stored", "indexed for search", "report stored", "committed"],
};

pub static IMPORT_LARGE: WritePath = WritePath {
    name: "import with a rollback journal",
    build: |t, i| build_import(t, i, LARGE_IMPORT),
    command: import_command,
    observe: observe_import,
    // "read" comes just before the switch to the rollback journal, "committed" just after
    // the switch back to WAL.
    phases: &["read", "entries stored", "indexed for search", "report stored", "committed"],
};

pub static UNDO: WritePath = WritePath {
    name: "undo of an import",
    build: |t, i| {
        let mut f = build_import(t, i, 0);
        let vault = t.join("vault");
        let report = json_ok(&vault, &["import", "file", f.inputs.join("record.json").to_str().expect("utf-8")]);
        f.import_id = report["importId"].as_str().expect("import id").to_owned();
        (f.before, f.after) = (RESULTS + 2, 0);
        f
    },
    command: |f, _| (os(&["import", "undo", &f.import_id, "--yes"]), vec![]),
    observe: |f, w| {
        verify(&w.vault(), PASS)?;
        let imports = record_imports(&w.vault())?;
        let undone = match imports.first().map(|i| i["undoneAt"].is_null()) {
            Some(true) => Seen::Before,
            Some(false) => Seen::After,
            None => Seen::Neither("the import is gone from the history".into()),
        };
        Ok(both(by_count("entries", entries(&w.vault(), PASS)?, f), undone, "entries and the undo mark"))
    },
    phases: &[],
};

/// Two readings already there, so the new one lands among others.
fn build_readings(template: &Path, inputs: &Path) -> Facts {
    let vault = template.join("vault");
    init(&vault);
    let person = add_jane(&vault);
    json_ok(&vault, &["reading", "add", "weight", "63.4", "--at", "2026-11-01T08:00:00Z"]);
    json_ok(&vault, &["reading", "add", "glucose", "5.8", "--at", "2026-11-01T09:00:00Z"]);
    Facts { person, before: 2, after: 3, inputs: inputs.to_owned(), ..Facts::default() }
}

pub static READING: WritePath = WritePath {
    name: "add a reading",
    build: build_readings,
    command: |_, _| (os(&["reading", "add", "bp", "128/82", "--pulse", "70", "--at", "2026-11-02T08:00:00Z"]), vec![]),
    observe: |f, w| {
        verify(&w.vault(), PASS)?;
        Ok(by_count("readings", readings(&w.vault())?, f))
    },
    phases: &[],
};

pub static DEVICE_IMPORT: WritePath = WritePath {
    name: "device import",
    build: |t, i| {
        let mut f = build_readings(t, i);
        let csv = repo::fixture("device-data/dexcom-clarity-small.csv");
        std::fs::copy(csv, i.join("clarity.csv")).expect("copy csv");
        // How many readings the file holds: imported once into a scratch copy.
        let scratch = i.join("scratch");
        copy_dir(&t.join("vault"), &scratch);
        let csv = i.join("clarity.csv");
        json_ok(&scratch, &["reading", "import", csv.to_str().expect("utf-8"), "--confirm-owner"]);
        f.after = len(&json_ok(&scratch, &["reading", "list", "--limit", "1000"])["readings"]);
        assert!(f.after > f.before + 1, "the device file adds readings");
        std::fs::remove_dir_all(scratch).expect("rm");
        f
    },
    command: |f, _| {
        let mut args = os(&["reading", "import"]);
        args.push(p(&f.inputs.join("clarity.csv")));
        args.push("--confirm-owner".into());
        (args, vec![])
    },
    observe: |f, w| {
        verify(&w.vault(), PASS)?;
        let imports = match record_imports(&w.vault())?.len() {
            0 => Seen::Before,
            1 => Seen::After,
            k => Seen::Neither(format!("{k} imports in the history")),
        };
        Ok(both(by_count("readings", readings(&w.vault())?, f), imports, "readings and history"))
    },
    phases: &[],
};

/// A vault with Jane's record imported.
fn build_record(template: &Path, inputs: &Path) -> Facts {
    let mut f = build_import(template, inputs, 0);
    let vault = template.join("vault");
    f.recovery_key = String::new();
    json_ok(&vault, &["import", "file", f.inputs.join("record.json").to_str().expect("utf-8")]);
    (f.before, f.after) = (RESULTS + 2, RESULTS + 2);
    f
}

/// Which of the old and new passphrase opens the vault: exactly one must, with the record
/// whole.
fn observe_passphrase(f: &Facts, w: &Work) -> Result<Seen, String> {
    let vault = w.vault();
    let old = phr_as(&vault, PASS, &["audit", "verify", "--json"]);
    let new = phr_as(&vault, NEW_PASS, &["audit", "verify", "--json"]);
    let refused = |o: &Output| String::from_utf8_lossy(&o.stderr).starts_with("error[WRONG_PASSPHRASE]");
    let (seen, pass) = match (old.status.success(), new.status.success()) {
        (true, false) if refused(&new) => (Seen::Before, PASS),
        (false, true) if refused(&old) => (Seen::After, NEW_PASS),
        (true, true) => return Ok(Seen::Neither("both passphrases open the vault".into())),
        _ => {
            return Err(format!(
                "neither passphrase opens the vault: old: {}; new: {}",
                String::from_utf8_lossy(&old.stderr).trim(),
                String::from_utf8_lossy(&new.stderr).trim()
            ));
        }
    };
    // Verifying opens every person's database (under the key the key file gives it).
    verify(&vault, pass)?;
    let n = json_as(&vault, pass, &["record", "list", "--person", &f.person]).map(|v| len(&v))?;
    if n != f.before {
        return Ok(Seen::Neither(format!("{n} entries, not {}", f.before)));
    }
    Ok(seen)
}

pub static PASSPHRASE: WritePath = WritePath {
    name: "passphrase change",
    build: build_record,
    command: |_, _| (os(&["passphrase", "change"]), vec![("PHR_NEW_PASSPHRASE", NEW_PASS.to_owned())]),
    observe: observe_passphrase,
    phases: &[],
};

pub static RECOVER: WritePath = WritePath {
    name: "recovery",
    build: |t, i| {
        let vault = t.join("vault");
        let recovery_key = init(&vault);
        let person = add_jane(&vault);
        std::fs::write(i.join("record.json"), bundle(RESULTS, 0)).expect("write");
        json_ok(&vault, &["import", "file", i.join("record.json").to_str().expect("utf-8")]);
        Facts {
            person,
            recovery_key,
            before: RESULTS + 2,
            after: RESULTS + 2,
            inputs: i.to_owned(),
            ..Facts::default()
        }
    },
    command: |f, _| {
        (
            os(&["recover"]),
            vec![("PHR_RECOVERY_KEY", f.recovery_key.clone()), ("PHR_NEW_PASSPHRASE", NEW_PASS.to_owned())],
        )
    },
    observe: observe_passphrase,
    phases: &[],
};

pub static DELETE: WritePath = WritePath {
    name: "delete a person",
    build: |t, i| {
        let mut f = build_record(t, i);
        let vault = t.join("vault");
        let john = json_ok(&vault, &["person", "add", "--name", "John Roe", "--dob", "1965-03-04"]);
        f.other = john["id"].as_str().expect("id").to_owned();
        f
    },
    command: |f, _| (os(&["person", "delete", &f.person, "--confirm-name", "Jane Doe"]), vec![]),
    observe: |f, w| {
        let vault = w.vault();
        verify(&vault, PASS)?;
        let people = json_as(&vault, PASS, &["person", "list"])?;
        let ids: Vec<&str> = people.as_array().into_iter().flatten().filter_map(|p| p["id"].as_str()).collect();
        if !ids.contains(&f.other.as_str()) {
            return Ok(Seen::Neither("the other person is gone".into()));
        }
        match (ids.contains(&f.person.as_str()), ids.len()) {
            (false, 1) => Ok(Seen::After),
            (true, 2) => {
                let n = json_as(&vault, PASS, &["record", "list", "--person", &f.person]).map(|v| len(&v))?;
                if n == f.before { Ok(Seen::Before) } else { Ok(Seen::Neither(format!("Jane has {n} entries"))) }
            }
            (_, k) => Ok(Seen::Neither(format!("{k} people listed"))),
        }
    },
    phases: &[],
};

pub static BACKUP: WritePath = WritePath {
    name: "backup",
    build: build_record,
    command: |_, w| {
        let mut args = os(&["backup", "create"]);
        args.push(p(&w.out("record.phrbackup")));
        (args, vec![])
    },
    observe: |f, w| {
        let vault = w.vault();
        verify(&vault, PASS)?;
        let n = entries(&vault, PASS)?;
        if n != f.before {
            return Ok(Seen::Neither(format!("the vault has {n} entries")));
        }
        let file = w.out("record.phrbackup");
        if !file.exists() {
            return Ok(Seen::Before);
        }
        // A backup file under its own name must be whole: it restores with every entry.
        let check = w.dir.join("restore-check");
        let _ = std::fs::remove_dir_all(&check);
        let restored = phr_as(&check, PASS, &["backup", "restore", file.to_str().expect("utf-8")]);
        if !restored.status.success() {
            return Ok(Seen::Neither(format!(
                "the backup file does not restore: {}",
                String::from_utf8_lossy(&restored.stderr).trim()
            )));
        }
        let n = entries(&check, PASS)?;
        let _ = std::fs::remove_dir_all(&check);
        if n == f.after { Ok(Seen::After) } else { Ok(Seen::Neither(format!("the backup holds {n} entries"))) }
    },
    phases: &[],
};

pub static RESTORE: WritePath = WritePath {
    name: "restore",
    build: |t, i| {
        let mut f = build_record(t, i);
        let vault = t.join("vault");
        json_ok(&vault, &["backup", "create", i.join("record.phrbackup").to_str().expect("utf-8")]);
        // The runs restore into `restored`, next to a vault left as it is.
        (f.before, f.after) = (0, RESULTS + 2);
        f
    },
    command: |f, w| {
        let mut args = os(&["backup", "restore"]);
        args.push(p(&f.inputs.join("record.phrbackup")));
        let mut env = vec![("PHR_VAULT_DIR", w.dir.join("restored").display().to_string())];
        env.push(("PHR_PASSPHRASE", PASS.to_owned()));
        (args, env)
    },
    observe: |f, w| {
        let restored = w.dir.join("restored");
        if !restored.join("vault.key").exists() {
            // No vault: as before. The folder must not pass for one.
            let out = phr_as(&restored, PASS, &["person", "list"]);
            let says = String::from_utf8_lossy(&out.stderr);
            if !says.starts_with("error[VAULT_NOT_FOUND]") {
                return Ok(Seen::Neither(format!("a folder without a key file: {}", says.trim())));
            }
            return Ok(Seen::Before);
        }
        verify(&restored, PASS)?;
        let n = entries(&restored, PASS)?;
        if n == f.after { Ok(Seen::After) } else { Ok(Seen::Neither(format!("the restored vault has {n} entries"))) }
    },
    phases: &[],
};

fn identity_public_key() -> String {
    let text = repo::fixture_text(IDENTITY);
    text.lines().find_map(|l| l.strip_prefix("# public key: ")).expect("public key line").trim().to_owned()
}

pub static SHARE: WritePath = WritePath {
    name: "share create",
    build: |t, i| {
        let mut f = build_record(t, i);
        (f.before, f.after) = (0, 1);
        f
    },
    command: |_, w| {
        let mut args = os(&[
            "share",
            "create",
            "--to",
            "Sam Patel",
            "--recipient-key",
            &identity_public_key(),
            "--purpose",
            "Asthma review",
            "--include",
            "problem,result",
            "--expires",
            "1y",
            "--out",
        ]);
        args.push(p(&w.out("for-sam.phr")));
        (args, vec![])
    },
    observe: |f, w| {
        let vault = w.vault();
        verify(&vault, PASS)?;
        // A share adds its register row and a FHIR Consent entry to the record, together.
        let consents = entries(&vault, PASS)?.saturating_sub(RESULTS + 2);
        let shares = len(&json_as(&vault, PASS, &["share", "list"])?);
        let package = w.out("for-sam.phr");
        match both(
            by_count("shares in the register", shares, f),
            by_count("Consent entries", consents, f),
            "register and record",
        ) {
            Seen::After => {
                // A registered share's package is there, whole, and opens.
                let opened = phr_command(&w.dir.join("professional"))
                    .env_remove("PHR_PASSPHRASE")
                    .args(["share", "open"])
                    .arg(&package)
                    .arg("--identity")
                    .arg(repo::fixture(IDENTITY))
                    .output()
                    .expect("run phr");
                if opened.status.success() {
                    Ok(Seen::After)
                } else {
                    Ok(Seen::Neither(format!(
                        "the registered share's package does not open: {}",
                        String::from_utf8_lossy(&opened.stderr).trim()
                    )))
                }
            }
            other => Ok(other),
        }
    },
    phases: &[],
};

/// The passphrase changed and every key replaced: a new master key and recovery key, each
/// database re-keyed (copied under its next key and renamed over), the key file the commit
/// point. Exactly one of the passphrases opens the whole record.
pub static ROTATE: WritePath = WritePath {
    name: "passphrase change with key rotation",
    build: |t, i| {
        let mut f = build_record(t, i);
        let vault = t.join("vault");
        let john = json_ok(&vault, &["person", "add", "--name", "John Roe", "--dob", "1965-03-04"]);
        f.other = john["id"].as_str().expect("id").to_owned();
        f
    },
    command: |_, _| (os(&["passphrase", "change", "--rotate"]), vec![("PHR_NEW_PASSPHRASE", NEW_PASS.to_owned())]),
    observe: observe_passphrase,
    phases: &[],
};

/// A new recovery key: the old one opens the vault (before) or nothing (after); the
/// passphrase opens the whole record either way.
pub static NEW_RECOVERY_KEY: WritePath = WritePath {
    name: "new recovery key",
    build: |t, i| {
        let vault = t.join("vault");
        let recovery_key = init(&vault);
        let person = add_jane(&vault);
        std::fs::write(i.join("record.json"), bundle(RESULTS, 0)).expect("write");
        json_ok(&vault, &["import", "file", i.join("record.json").to_str().expect("utf-8")]);
        Facts {
            person,
            recovery_key,
            before: RESULTS + 2,
            after: RESULTS + 2,
            inputs: i.to_owned(),
            ..Facts::default()
        }
    },
    command: |_, _| (os(&["passphrase", "new-recovery-key"]), vec![]),
    observe: |f, w| {
        let vault = w.vault();
        verify(&vault, PASS)?;
        let n = entries(&vault, PASS)?;
        if n != f.before {
            return Ok(Seen::Neither(format!("{n} entries, not {}", f.before)));
        }
        // Whether the old recovery key still opens it, tried on a copy (recovering writes).
        let copy = w.dir.join("recovery-check");
        let _ = std::fs::remove_dir_all(&copy);
        copy_dir(&vault, &copy);
        let out = phr_command(&copy)
            .env("PHR_RECOVERY_KEY", &f.recovery_key)
            .env("PHR_NEW_PASSPHRASE", NEW_PASS)
            .arg("recover")
            .output()
            .expect("run phr");
        let _ = std::fs::remove_dir_all(&copy);
        let says = String::from_utf8_lossy(&out.stderr);
        if out.status.success() {
            Ok(Seen::Before)
        } else if says.starts_with("error[WRONG_RECOVERY_KEY]") {
            Ok(Seen::After)
        } else {
            Err(format!("the old recovery key could not be tried: {}", says.trim()))
        }
    },
    phases: &[],
};

/// Every path, in the order the figures are printed.
pub static ALL: &[&WritePath] = &[
    &IMPORT,
    &IMPORT_LARGE,
    &UNDO,
    &READING,
    &DEVICE_IMPORT,
    &PASSPHRASE,
    &ROTATE,
    &NEW_RECOVERY_KEY,
    &RECOVER,
    &DELETE,
    &BACKUP,
    &RESTORE,
    &SHARE,
];

/// Files a run left that the record does not account for: a package or backup (or a temp
/// file of one) when the record is as before, a temp file beside a finished one, files in a
/// restore's folder that holds no vault or in a restore's unfinished folder beside it.
pub fn stray_files(w: &Work, seen: &Seen) -> usize {
    let out = count_files(&w.dir.join("out"));
    let unfinished_restores: usize = std::fs::read_dir(&w.dir)
        .map(|d| {
            d.flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with(".restored."))
                .map(|e| count_files(&e.path()).max(1))
                .sum()
        })
        .unwrap_or(0);
    unfinished_restores
        + match seen {
            Seen::Before => out + count_files(&w.dir.join("restored")),
            Seen::After => out.saturating_sub(1),
            Seen::Neither(_) => 0,
        }
}

fn largest_file(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => largest_file(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .max()
        .unwrap_or(0)
}

fn count_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries.flatten().map(|e| if e.file_type().is_ok_and(|t| t.is_dir()) { count_files(&e.path()) } else { 1 }).sum()
}
