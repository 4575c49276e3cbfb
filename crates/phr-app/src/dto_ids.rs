//! The ids the UI holds: one type per id, the same in every DTO that carries it.
//!
//! Each is an opaque string on the wire (`export type EntryId = string`): the UI keeps and
//! sends them back but never reads them. Only this crate knows what is inside (a UUID, a
//! row number) and parses them when they come back.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto::AppError;
use crate::error_code::ErrorCode;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        // Front ends pass `&dto.id` where the facade takes `&str`.
        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }
    };
}

id_type! {
    /// A person in the vault (a UUID).
    PersonId
}

id_type! {
    /// A record entry.
    EntryId
}

id_type! {
    /// A document or image stored with an entry.
    AttachmentId
}

id_type! {
    /// One import of files or from a GP practice.
    ImportId
}

id_type! {
    /// A stored reading.
    ReadingId
}

id_type! {
    /// A share in the register, and the package made for it (a UUID).
    ShareId
}

id_type! {
    /// A share's preview kept until it is sealed.
    ShareDraftId
}

id_type! {
    /// A file the person chose in a dialog, named by a random one-time handle: the path stays
    /// in the backend (see `FileChoice`).
    FileHandle
}

impl EntryId {
    /// The record's row number for this entry.
    pub(crate) fn number(&self) -> Result<i64, AppError> {
        self.0.trim().parse::<i64>().map_err(|_| {
            AppError::new(ErrorCode::EntryNotFound, format!("There is no entry {:?} in this record", self.0))
        })
    }
}

impl From<i64> for EntryId {
    fn from(n: i64) -> Self {
        Self(n.to_string())
    }
}

impl From<i64> for ReadingId {
    fn from(n: i64) -> Self {
        Self(n.to_string())
    }
}
