//! File paths as CI tools want them: URI-encoded for SARIF.

use gg_diagnostic::normalize_path;

/// A SARIF artifact location: a relative URI (to be resolved against
/// `%SRCROOT%`) or, for absolute paths, a `file://` URI without a base.
pub(crate) struct ArtifactUri {
    /// The URI reference.
    pub uri: String,
    /// Whether `uri` is relative to the source root.
    pub relative: bool,
}

/// The SARIF artifact location of `file`.
pub(crate) fn artifact_uri(file: &str) -> ArtifactUri {
    let path = normalize_path(file);
    if path.starts_with('/') {
        ArtifactUri {
            uri: format!("file://{}", percent_encode(&path)),
            relative: false,
        }
    } else if is_drive_path(&path) {
        ArtifactUri {
            uri: format!("file:///{}", percent_encode(&path)),
            relative: false,
        }
    } else {
        ArtifactUri {
            uri: percent_encode(&path),
            relative: true,
        }
    }
}

/// `C:/…`-style Windows paths.
fn is_drive_path(path: &str) -> bool {
    let mut chars = path.chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some(drive), Some(':'), Some('/')) if drive.is_ascii_alphabetic()
    )
}

/// Percent-encodes every byte that may not appear in a URI path (RFC 3986
/// `pchar` plus `/`), keeping `:` only where it cannot be read as a scheme.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@:".contains(&byte);
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    // A relative reference whose first segment has a colon would parse as a scheme.
    if !path.starts_with('/') && !is_drive_path(path) {
        let first_segment_end = out.find('/').unwrap_or(out.len());
        if out
            .get(..first_segment_end)
            .is_some_and(|s| s.contains(':'))
        {
            return out.replacen(':', "%3A", 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_stay_relative_and_get_encoded() {
        let uri = artifact_uri("./my svc/.cicd/déf#1.yaml");
        assert!(uri.relative);
        assert_eq!(uri.uri, "my%20svc/.cicd/d%C3%A9f%231.yaml");
        assert_eq!(artifact_uri("a:b/c.yaml").uri, "a%3Ab/c.yaml");
    }

    #[test]
    fn absolute_paths_become_file_uris() {
        let unix = artifact_uri("/srv/repo/a.yaml");
        assert!(!unix.relative);
        assert_eq!(unix.uri, "file:///srv/repo/a.yaml");
        assert_eq!(
            artifact_uri("C:\\repo\\a.yaml").uri,
            "file:///C:/repo/a.yaml"
        );
    }
}
