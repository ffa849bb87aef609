//! The validator: rule catalog, engine, diagnostics, severities and suppressions.
#![forbid(unsafe_code)]
