//! Readings a person takes at home: kinds with LOINC codes and UCUM units, checks, unit
//! conversion, the red-flag table with its advice, clinical averages, chart reduction (and the
//! rollups it reduces from), the glucose report (time in range) and device file parsers.

pub mod check;
pub mod codes;
pub mod device;
pub mod fhir;
pub mod glucose_report;
pub mod kind;
pub mod nice;
pub mod origin;
pub mod reading;
pub mod red_flags;
pub mod reduce;
pub mod stats;
pub mod target;
pub mod units;

pub use check::check;
pub use device::{
    ColumnMapping, DeviceFileError, DeviceFormat, DeviceParse, DeviceRow, RowProblem, detect_format, parse_generic,
};
pub use kind::{Choice, InputHints, ReadingKind};
pub use nice::{BpWeekDay, BpWeekStatus, HomeBpAverage, bp_week_status, nice_home_bp_average};
pub use origin::{GpReading, Origin, SourceFilter, home_bp_average_of, join_bp_halves};
pub use reading::{CheckedReading, Impossible, ReadingInput, ReadingSource, Unusual};
pub use red_flags::{Advice, PersonContext, RedFlag, Setting, Urgency, Verdict};
pub use reduce::{BucketReducer, Extremes, Point, Rollup, bucket_width, extremes, reduce_to_buckets};
pub use stats::Stats;
pub use target::{Applies, Target, Threshold, guidance_lines, out_of_target, out_of_target_each};
