//! Report formats for diagnostics: human, json, sarif, junit and GitLab Code Quality.
#![forbid(unsafe_code)]
