//! `phr --version`: the app's version and the format versions it reads and writes, from the
//! same constants the formats' own code checks.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::process::Command;

#[test]
fn version_names_the_app_and_every_format() {
    for flag in ["--version", "-V"] {
        let out = Command::new(env!("CARGO_BIN_EXE_phr")).arg(flag).env_remove("PHR_VAULT_DIR").output().unwrap();
        assert!(out.status.success(), "{flag}: {out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        let about = phr_app::about();
        assert!(text.starts_with(&format!("phr {} (My Health Record)\n", about.app_version)), "{text}");
        assert!(
            text.contains(&format!("Vault format: {} (record format {})", about.vault_format, about.database_format)),
            "{text}"
        );
        assert!(text.contains(&format!("Backup format: {}", about.backup_format)), "{text}");
        assert!(text.contains("Shared record format: 2"), "{text}");
    }
}
