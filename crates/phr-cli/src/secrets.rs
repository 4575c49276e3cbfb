//! Where passphrases and recovery keys come from: the environment, a file, or a prompt that
//! does not echo. Never from a plain argument.

use std::path::Path;

use phr_app::{AppError, Passphrase, SecretString};
use phr_core::ErrorCode;
use zeroize::Zeroizing;

/// The current passphrase: `PHR_PASSPHRASE`, `--passphrase-file`, or a prompt.
pub fn passphrase(file: Option<&Path>) -> Result<Passphrase, AppError> {
    read("PHR_PASSPHRASE", file, "Passphrase: ", "--passphrase-file").map(Passphrase::new)
}

/// A cared-for person's own password, for `--as-owner`: `PHR_OWNER_PASSPHRASE`,
/// `--owner-passphrase-file`, or a prompt.
pub fn owner_passphrase(file: Option<&Path>) -> Result<Passphrase, AppError> {
    read("PHR_OWNER_PASSPHRASE", file, "Their own password: ", "--owner-passphrase-file").map(Passphrase::new)
}

/// A passphrase being set: from `env`/`file`, or prompted twice so a typo cannot lock the
/// citizen out of their own record.
pub fn new_passphrase(env: &str, file: Option<&Path>, flag: &str) -> Result<Passphrase, AppError> {
    if std::env::var_os(env).is_some() || file.is_some() {
        return read(env, file, "", flag).map(Passphrase::new);
    }
    let first = prompt("New passphrase (at least 10 characters; three random words work well): ", env, flag)?;
    let second = prompt("Type it again: ", env, flag)?;
    if *first != *second {
        return Err(AppError::new(ErrorCode::InvalidInput, "The two passphrases are different; nothing was changed"));
    }
    Ok(Passphrase::new(first.to_string()))
}

/// The recovery key: `PHR_RECOVERY_KEY`, `file`, or a prompt.
pub fn recovery_key(file: Option<&Path>) -> Result<SecretString, AppError> {
    read("PHR_RECOVERY_KEY", file, "Recovery key: ", "--recovery-key-file").map(SecretString::from)
}

/// Whether a recovery key was supplied without prompting.
pub fn recovery_key_given(file: Option<&Path>) -> bool {
    file.is_some() || std::env::var_os("PHR_RECOVERY_KEY").is_some()
}

fn read(env: &str, file: Option<&Path>, prompt_text: &str, flag: &str) -> Result<String, AppError> {
    if let Some(path) = file {
        let text = Zeroizing::new(
            std::fs::read_to_string(path)
                .map_err(|e| AppError::new(ErrorCode::Io, format!("Cannot read {}: {e}", path.display())))?,
        );
        return Ok(text.lines().next().unwrap_or_default().to_owned());
    }
    if let Ok(value) = std::env::var(env) {
        return Ok(value);
    }
    Ok(prompt(prompt_text, env, flag)?.to_string())
}

fn prompt(text: &str, env: &str, flag: &str) -> Result<Zeroizing<String>, AppError> {
    rpassword::prompt_password(text)
        .map(Zeroizing::new)
        .map_err(|_| AppError::new(ErrorCode::InvalidInput, format!("No terminal to ask on: set {env} or use {flag}")))
}
