//! Readings a person takes at home: kinds with LOINC codes and UCUM units, checks, unit
//! conversion, clinical averages, chart reduction and device file parsers.
