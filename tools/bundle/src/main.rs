//! `phr-bundle`: makes the Linux packages of the installable app with the Tauri bundler, from
//! the app's own `src-tauri/tauri.conf.json` (product name, identifier, icons, file
//! associations, desktop entry template, package dependencies and extra files), and binaries
//! already built by Cargo.
//!
//! `cargo xtask bundle` runs it on the `dist` build; the CI install suite on the test build.
//!
//! ```text
//! phr-bundle --config src-tauri/tauri.conf.json --bin-dir target/dist --version 0.1.0 --types deb,rpm
//! ```
//! Prints one line per package made: `deb <path>`, `rpm <path>`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;

use tauri_bundler::{
    AppCategory, BundleBinary, BundleSettings, DebianSettings, PackageSettings, PackageType, RpmSettings,
    SettingsBuilder,
};
use tauri_utils::config::{BundleConfig, Config};

/// The app's binary, the one the desktop entry starts.
const APP_BINARY: &str = "phr-desktop";
/// The command line, installed beside it on the PATH.
const CLI_BINARY: &str = "phr";
const CLI_INSTALLED: &str = "/usr/bin/phr";

struct Args {
    config: PathBuf,
    bin_dir: PathBuf,
    version: String,
    types: Vec<PackageType>,
}

fn main() -> ExitCode {
    match parse_args(std::env::args().skip(1)).and_then(|a| bundle(&a)) {
        Ok(made) => {
            for (kind, path) in made {
                println!("{kind} {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("phr-bundle: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut config, mut bin_dir, mut version, mut types) = (None, None, None, None);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--config" => config = Some(PathBuf::from(value)),
            "--bin-dir" => bin_dir = Some(PathBuf::from(value)),
            "--version" => version = Some(value),
            "--types" => {
                let parsed: Result<Vec<PackageType>, String> = value
                    .split(',')
                    .map(|t| match t {
                        "deb" => Ok(PackageType::Deb),
                        "rpm" => Ok(PackageType::Rpm),
                        // The AppImage's tools (linuxdeploy, appimagetool) would be downloaded.
                        other => Err(format!("{other}: only deb and rpm are made here")),
                    })
                    .collect();
                types = Some(parsed?);
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(Args {
        config: config.ok_or("--config is needed")?,
        bin_dir: bin_dir.ok_or("--bin-dir is needed")?,
        version: version.ok_or("--version is needed")?,
        types: types.unwrap_or_else(|| vec![PackageType::Deb]),
    })
}

/// Makes the packages; returns each one's kind and path.
fn bundle(args: &Args) -> Result<Vec<(&'static str, PathBuf)>, String> {
    let text = std::fs::read_to_string(&args.config).map_err(|e| format!("{}: {e}", args.config.display()))?;
    let config: Config = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", args.config.display()))?;
    let bin_dir = std::path::absolute(&args.bin_dir).map_err(|e| format!("{}: {e}", args.bin_dir.display()))?;
    for name in [APP_BINARY, CLI_BINARY] {
        let path = bin_dir.join(name);
        if !path.is_file() {
            return Err(format!("{} is not built", path.display()));
        }
    }
    // The configuration's paths (icons, the desktop template, extra files) are relative to its
    // folder, as tauri-cli reads them.
    let config_dir = args.config.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::env::set_current_dir(config_dir).map_err(|e| format!("{}: {e}", config_dir.display()))?;

    let product_name = config.product_name.clone().ok_or("tauri.conf.json names no productName")?;
    let bundle = bundle_settings(&config, &bin_dir)?;
    let package = PackageSettings {
        product_name,
        version: args.version.clone(),
        description: bundle.short_description.clone().unwrap_or_default(),
        homepage: None,
        authors: None,
        default_run: Some(APP_BINARY.into()),
    };
    let settings = SettingsBuilder::new()
        .project_out_directory(&bin_dir)
        .package_settings(package)
        .bundle_settings(bundle)
        .binaries(vec![BundleBinary::new(APP_BINARY.into(), true)])
        .package_types(args.types.clone())
        // The patch marks the binary with its package type for Tauri's updater, which the app
        // does not have; it would also change the built binary in place.
        .binary_patching(false)
        .no_sign(true)
        .build()
        .map_err(|e| format!("bundler settings: {e}"))?;
    let made = tauri_bundler::bundle_project(&settings).map_err(|e| format!("bundler: {e:#}"))?;
    let mut out = Vec::new();
    for b in made {
        let kind = match b.package_type {
            PackageType::Deb => "deb",
            PackageType::Rpm => "rpm",
            _ => "other",
        };
        for path in b.bundle_paths {
            out.push((kind, package_file_name(&path, settings.product_name())?));
        }
    }
    Ok(out)
}

/// Renames a package the bundler named after the product ("My Health Record_0.1.0_amd64.deb")
/// after the package it holds ("my-health-record_0.1.0_amd64.deb"): no spaces for a terminal's
/// `apt install ./…`, and the name Debian and Fedora give their own packages.
fn package_file_name(path: &Path, product_name: &str) -> Result<PathBuf, String> {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return Ok(path.to_path_buf());
    };
    let package = product_name.to_lowercase().split_whitespace().collect::<Vec<_>>().join("-");
    let renamed = path.with_file_name(name.replacen(product_name, &package, 1));
    if renamed != path {
        std::fs::rename(path, &renamed)
            .map_err(|e| format!("rename {} to {}: {e}", path.display(), renamed.display()))?;
    }
    Ok(renamed)
}

/// The bundle section of tauri.conf.json as the bundler's settings, with `/usr/bin/phr` taken
/// from `bin_dir` (the configuration names the `dist` build's).
fn bundle_settings(config: &Config, bin_dir: &Path) -> Result<BundleSettings, String> {
    let b: &BundleConfig = &config.bundle;
    let category = match &b.category {
        Some(c) => Some(AppCategory::from_str(c).map_err(|e| format!("category {c}: {e:?}"))?),
        None => None,
    };
    let cli = bin_dir.join(CLI_BINARY);
    let with_cli = |files: &HashMap<PathBuf, PathBuf>| {
        let mut files = files.clone();
        files.insert(PathBuf::from(CLI_INSTALLED), cli.clone());
        files
    };
    let deb = &b.linux.deb;
    let rpm = &b.linux.rpm;
    Ok(BundleSettings {
        identifier: Some(config.identifier.clone()),
        publisher: b.publisher.clone(),
        homepage: b.homepage.clone(),
        icon: Some(b.icon.clone()),
        copyright: b.copyright.clone(),
        license: b.license.clone(),
        category,
        file_associations: b.file_associations.clone(),
        short_description: b.short_description.clone(),
        long_description: b.long_description.clone(),
        deb: DebianSettings {
            depends: deb.depends.clone(),
            recommends: deb.recommends.clone(),
            files: with_cli(&deb.files),
            desktop_template: deb.desktop_template.clone(),
            section: deb.section.clone(),
            priority: deb.priority.clone(),
            ..DebianSettings::default()
        },
        rpm: RpmSettings {
            depends: rpm.depends.clone(),
            recommends: rpm.recommends.clone(),
            release: rpm.release.clone(),
            epoch: rpm.epoch,
            files: with_cli(&rpm.files),
            desktop_template: rpm.desktop_template.clone(),
            ..RpmSettings::default()
        },
        ..BundleSettings::default()
    })
}
