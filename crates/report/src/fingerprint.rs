//! Fingerprints that identify a finding across runs, for SARIF and GitLab Code Quality.
//!
//! A fingerprint hashes the rule, the normalized file path, the message and the
//! trimmed text of the finding's source line (empty when the source is
//! unknown), plus an occurrence counter among findings sharing all of those in
//! one report. It never hashes the line number, the environments or the
//! severity, so inserting lines above a finding, enabling one more
//! environment or changing a rule's severity does not turn it into a "new" issue.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::Report;

/// One fingerprint per diagnostic of `report`, in the same order: 64 lowercase hex digits.
pub(crate) fn fingerprints(report: &Report<'_>) -> Vec<String> {
    let mut seen: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
    report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let line_text = report
                .source_line(&diagnostic.location.file, diagnostic.location.line)
                .unwrap_or_default()
                .trim();
            let mut identity = Vec::new();
            for field in [
                diagnostic.rule.as_str(),
                &gg_diagnostic::normalize_path(&diagnostic.location.file),
                &diagnostic.message,
                line_text,
            ] {
                identity.extend_from_slice(field.as_bytes());
                identity.push(0);
            }
            let occurrence = seen.entry(identity.clone()).or_insert(0);
            *occurrence += 1;
            identity.extend_from_slice(occurrence.to_string().as_bytes());
            hex::encode(Sha256::digest(&identity))
        })
        .collect()
}
