//! The share register: registering a share (with its Consent in the record and its audit
//! entry, the package written last), listing, revoking, and auditing a package opened.

use crate::error::{Result, VaultError};
use crate::model::PersonId;
use crate::vault::Vault;

use super::model::{NewShare, ShareRecord};

impl Vault {
    /// Registers a share in one transaction and calls `write_package` last, before commit.
    pub fn register_share(
        &mut self,
        id: &PersonId,
        new: &NewShare,
        write_package: impl FnOnce() -> Result<()>,
    ) -> Result<ShareRecord> {
        let _ = (id, new, write_package);
        Err(VaultError::internal("register_share is not written yet"))
    }

    /// Every share made from this record, newest first.
    pub fn shares(&self, id: &PersonId) -> Result<Vec<ShareRecord>> {
        let _ = id;
        Err(VaultError::internal("shares is not written yet"))
    }

    /// One share by its id (SHARE_NOT_FOUND if none).
    pub fn share(&self, id: &PersonId, share_id: &str) -> Result<ShareRecord> {
        let _ = (id, share_id);
        Err(VaultError::internal("share is not written yet"))
    }

    /// Marks a share revoked (audited); revoking again answers the same record.
    pub fn revoke_share(&mut self, id: &PersonId, share_id: &str) -> Result<ShareRecord> {
        let _ = (id, share_id);
        Err(VaultError::internal("revoke_share is not written yet"))
    }

    /// Records in the person's audit log that a package was opened on this machine.
    pub fn audit_package_opened(&mut self, id: &PersonId, detail: &str) -> Result<()> {
        self.write_person(id, phr_core::audit::AuditAction::SharePackageOpened, detail, |_, _| Ok(()))
    }
}
