//! The words of a share's International Patient Summary option: the tick on the share form, and
//! what a professional (and the printed summary) is told when a package holds one. The summary
//! itself is `crate::ips::build_ips` of the share's own contents, so it holds nothing the
//! share does not.

/// The tick on the share form's "What" step.
/// The heading the tick sits under, so it is not read as one of the sensitive labels above it.
pub const IPS_SHARE_HEADING: &str = "For their computer system";
pub const IPS_SHARE_LABEL: &str = "Also include an International Patient Summary for their computer system";

/// The hint under the tick: what it is and that it adds nothing.
pub const IPS_SHARE_HINT: &str = "A standard summary that many health record systems can read. It holds only what \
     you choose to share here, nothing more.";

/// The file name a professional sees for it.
pub const IPS_FILE_NAME: &str = "ips.json";

/// What a professional reads when a package holds an International Patient Summary.
pub const IPS_IN_PACKAGE: &str = "This package also holds an International Patient Summary (ips.json) of the same \
     information, for your computer system. Save a copy to get the file.";

/// What the person reads on the preview when they ticked the summary.
pub const IPS_IN_PREVIEW: &str = "The package will also hold an International Patient Summary of exactly what is \
     shown here, for their computer system.";
