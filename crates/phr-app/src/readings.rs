//! Readings: adding with checks and confirmation, listing, editing with undo, device imports,
//! statistics (the NICE home blood pressure average), chart series, targets and export.
