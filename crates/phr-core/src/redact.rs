//! `Debug` that never prints a person's health data or a secret: the one way every crate writes it.
//!
//! A `{:?}` reaches logs, panic messages and error chains, which outlive the vault's encryption.
//! So a type that holds a name, an NHS number, a date of birth, an address, a reading's value, an
//! entry's text or FHIR JSON, search text, an access code, a passphrase, a token or a key does not
//! derive `Debug`; it uses [`redacted_debug!`](crate::redacted_debug) instead, which prints
//! `TypeName { .. }`, with only the fields named as safe (ids, kinds, counts, codes, flags,
//! timestamps that are not a date of birth). A type that holds only such safe values keeps its
//! derived `Debug`. `xtask`'s house rules check that no public struct with a personal-sounding
//! field derives it.

/// Implements `Debug` for a type as `TypeName { safe_field: .., .. }`, showing only the fields
/// listed (each must itself be safe to print) and hiding the rest, whatever they hold.
///
/// ```
/// struct Person { id: u32, name: String }
/// phr_core::redacted_debug!(Person { id });
/// let shown = format!("{:?}", Person { id: 7, name: "Zebedee Quarrington".into() });
/// assert_eq!(shown, "Person { id: 7, .. }");
/// ```
///
/// Works for enums too (`redacted_debug!(Unlock)` prints `Unlock { .. }`, naming no variant, since
/// a variant can carry the secret) and for types with lifetimes (`redacted_debug!(Observed<'a>)`).
#[macro_export]
macro_rules! redacted_debug {
    ($ty:ident $(<$($lt:lifetime),+>)? $({ $($field:ident),* $(,)? })?) => {
        impl $(<$($lt),+>)? ::core::fmt::Debug for $ty $(<$($lt),+>)? {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(stringify!($ty))
                    $($(.field(stringify!($field), &self.$field))*)?
                    .finish_non_exhaustive()
            }
        }
    };
}

#[cfg(test)]
mod tests {
    struct Person {
        id: u32,
        name: String,
    }
    crate::redacted_debug!(Person { id });

    enum Unlock {
        #[allow(dead_code)]
        Code(String),
    }
    crate::redacted_debug!(Unlock);

    struct Borrowed<'a> {
        text: &'a str,
    }
    crate::redacted_debug!(Borrowed<'a>);

    #[test]
    fn shows_only_the_fields_named_safe() {
        let p = Person { id: 7, name: "Zebedee Quarrington".into() };
        assert_eq!(p.name.len(), 19);
        assert_eq!(format!("{p:?}"), "Person { id: 7, .. }");
        assert!(!format!("{p:#?}").contains("Zebedee"));
    }

    #[test]
    fn enums_and_borrowing_types_show_only_their_name() {
        assert_eq!(format!("{:?}", Unlock::Code("marker-secret-token".into())), "Unlock { .. }");
        let b = Borrowed { text: "marker-note-text" };
        assert_eq!(b.text.len(), 16);
        assert_eq!(format!("{b:?}"), "Borrowed { .. }");
    }
}
