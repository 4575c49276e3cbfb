//! Embeds the capabilities and generates one `allow-<command>` permission per app command.
//!
//! The list below must name exactly the handlers in `generate_handler!` (src/lib.rs);
//! `tests/capabilities.rs` fails when the two drift apart.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "vault_status",
        "create_vault",
        "unlock",
        "lock",
        "recover",
        "change_passphrase",
        "suggest_passphrase",
        "list_people",
        "add_person",
        "update_person",
        "delete_person",
        "audit_log",
        "verify_audit",
        "get_settings",
        "set_settings",
        "choose_backup_path",
        "create_backup",
        "choose_restore_file",
        "restore_backup",
        "keep_alive",
        // record and GP import (issue 3)
        "record_summary",
        "timeline",
        "entry",
        "search_record",
        "set_entry_sensitivity",
        "import_history",
        "choose_fhir_files",
        "import_files",
        "gp_practices",
        "import_from_gp",
        "cancel_gp_import",
        "choose_export_path",
        "export_fhir",
        // readings (issue 4)
        "reading_kinds",
        "add_reading",
        "update_reading",
        "delete_reading",
        "restore_reading",
        "list_readings",
        "reading_stats",
        "chart_series",
        "targets",
        "set_target",
        "choose_device_file",
        "preview_device_file",
        "import_device_file",
        "bp_week",
        "start_bp_week",
        "choose_readings_export_path",
        "export_readings",
        // sharing (issue 5)
        "share_preview",
        "choose_share_path",
        "share_create",
        "share_list",
        "share_revoke",
        "signing_key",
        "choose_share_package",
        "choose_share_identity",
        "share_open",
        "choose_share_save_dir",
        "share_save_opened",
        "share_close_opened",
    ]);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        // A build script reports failure by panicking; the message is what cargo prints.
        panic!("tauri-build failed: {e:#}");
    }
}
