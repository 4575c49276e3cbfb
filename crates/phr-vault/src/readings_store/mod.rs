//! Readings in a person's database: the dense readings table indexed by kind and time, targets,
//! and the rollups that make charts of any range fast.
