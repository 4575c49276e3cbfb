//! `mirror_enum!`: a DTO enum that mirrors a core enum variant for variant, with `From` both ways.
//!
//! The core keeps no transport concerns (no ts-rs), so the UI's enums are declared here. The
//! conversions match every variant by name, so a variant added on one side and not the other
//! fails to compile instead of drifting.

/// Declares `pub enum $name { .. }` deriving serde and ts-rs, plus `From` to and from the core
/// enum at `$core` (a path). Attributes (docs, `#[serde(..)]`) pass through to the enum and
/// its variants, so the wire names are declared here as they are in the core.
macro_rules! mirror_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident mirrors $core:ty {
            $( $(#[$vmeta:meta])* $variant:ident ),* $(,)?
        }
    ) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        $(#[$meta])*
        pub enum $name {
            $( $(#[$vmeta])* $variant ),*
        }

        impl $name {
            /// The core's value, for the rules and words it carries.
            pub fn core(self) -> $core {
                self.into()
            }
        }

        impl From<$core> for $name {
            fn from(value: $core) -> Self {
                type Core = $core;
                match value {
                    $( Core::$variant => Self::$variant ),*
                }
            }
        }

        impl From<$name> for $core {
            fn from(value: $name) -> Self {
                match value {
                    $( $name::$variant => Self::$variant ),*
                }
            }
        }
    };
}

pub(crate) use mirror_enum;
