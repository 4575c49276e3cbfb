//! Connecting to a GP practice: discovery, sign-in through the system browser, fetching the
//! record with progress and cancel, then the same import as a file.
