//! Span-aware YAML loading with Helm (go-yaml) scalar semantics, hostile-input limits and precise errors.
#![forbid(unsafe_code)]
