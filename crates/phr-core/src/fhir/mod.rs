//! FHIR in and out: reading bundles and resources (R4, and GP Connect STU3 mapped to R4) and
//! mapping each resource to a record entry. Pure: text in, values out.
