//! Reading one YAML file from a [`FileSource`]: unreadable files, invalid UTF-8
//! and YAML errors become issues.

use gg_yaml::{Limits, Span, YamlError};

use crate::config::YamlFile;
use crate::issue::{IssueKind, PlatformIssue};
use crate::source::FileSource;

/// Reads and parses `path`; a broken file yields `node: None` and an issue.
pub(crate) fn load_yaml(
    source: &dyn FileSource,
    path: &str,
    issues: &mut Vec<PlatformIssue>,
) -> YamlFile {
    match source.read_file(path) {
        Ok(bytes) => parse(
            gg_yaml::load_bytes(&bytes, path, &Limits::default()),
            path,
            issues,
        ),
        Err(err) => {
            issues.push(unreadable(path, &err));
            YamlFile {
                path: path.to_owned(),
                node: None,
                notes: Vec::new(),
            }
        }
    }
}

/// Reads `path` as UTF-8 text.
pub(crate) fn read_text(
    source: &dyn FileSource,
    path: &str,
    issues: &mut Vec<PlatformIssue>,
) -> Option<String> {
    let bytes = source
        .read_file(path)
        .map_err(|err| issues.push(unreadable(path, &err)))
        .ok()?;
    String::from_utf8(bytes)
        .map_err(|err| {
            issues.push(PlatformIssue::new(
                IssueKind::Unreadable,
                path,
                None,
                format!("not valid UTF-8 (byte {})", err.utf8_error().valid_up_to()),
                "save the file as UTF-8",
            ));
        })
        .ok()
}

/// Parses YAML text read from `path`; a syntax error becomes an issue.
pub(crate) fn parse_text(text: &str, path: &str, issues: &mut Vec<PlatformIssue>) -> YamlFile {
    parse(
        gg_yaml::load_values(text, path, &Limits::default()),
        path,
        issues,
    )
}

fn parse(
    loaded: Result<gg_yaml::Document, YamlError>,
    path: &str,
    issues: &mut Vec<PlatformIssue>,
) -> YamlFile {
    match loaded {
        Ok(document) => YamlFile {
            path: path.to_owned(),
            node: Some(document.root),
            notes: document.notes,
        },
        Err(err) => {
            issues.push(PlatformIssue::new(
                IssueKind::YamlSyntax,
                path,
                Some(Span {
                    start: err.pos,
                    end: err.pos,
                }),
                err.message.clone(),
                help(err.kind),
            ));
            YamlFile {
                path: path.to_owned(),
                node: None,
                notes: Vec::new(),
            }
        }
    }
}

fn help(kind: gg_yaml::ErrorKind) -> &'static str {
    use gg_yaml::ErrorKind as K;
    match kind {
        K::Placeholder => {
            "render the template first: replace every `{{…}}` placeholder with a real value"
        }
        K::DuplicateKey => "keep one of the two keys; Helm silently uses the last",
        K::NotAMapping => "a values file must be a mapping of `key: value` lines",
        K::TooLarge | K::TooDeep | K::TooManyNodes | K::AliasLimit => {
            "the file exceeds gitops-guard's safety limits; split or simplify it"
        }
        _ => "fix the YAML; the file was skipped and the other files were still checked",
    }
}

fn unreadable(path: &str, err: &crate::PlatformError) -> PlatformIssue {
    PlatformIssue::new(
        IssueKind::Unreadable,
        path,
        None,
        err.to_string(),
        "check that the file exists and is readable",
    )
}
