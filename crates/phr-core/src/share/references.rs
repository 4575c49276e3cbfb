//! Rewriting the references inside shared resources: to the Bundle's fullUrl when what they
//! point at is shared, to a bare "Not included in this share" when it is not.
