//! Reading one YAML file from a [`FileSource`]: unreadable files, invalid UTF-8
//! and YAML errors become issues. Files are read in batches through a
//! [`FileMap`], so that a caller can spread the reading and parsing over threads
//! while this crate stays free of them.

use std::collections::HashMap;

use gg_yaml::{Limits, Note, NoteKind, Span, YamlError};

use crate::config::YamlFile;
use crate::issue::issue;
use crate::source::FileSource;
use gg_diagnostic::{Diagnostic, rules};

/// One YAML file read and parsed by the loader, with the problems found.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedFile {
    file: YamlFile,
    issues: Vec<Diagnostic>,
}

/// Reads and parses files: given the paths and the loading of one path, returns
/// one [`LoadedFile`] per path, in the given order. The caller decides how
/// (one after another, or on a thread pool); see [`crate::load_platform_with`].
pub type FileMap<'a> =
    dyn Fn(&[String], &(dyn Fn(&str) -> LoadedFile + Sync)) -> Vec<LoadedFile> + 'a;

/// The [`FileMap`] that loads files one after another.
pub fn sequential_files(
    paths: &[String],
    load: &(dyn Fn(&str) -> LoadedFile + Sync),
) -> Vec<LoadedFile> {
    paths.iter().map(|path| load(path)).collect()
}

/// Reads and parses `path`.
pub(crate) fn load_file(source: &dyn FileSource, path: &str) -> LoadedFile {
    let mut issues = Vec::new();
    let file = load_yaml(source, path, &mut issues);
    LoadedFile { file, issues }
}

/// Files loaded ahead of their use, handed out once each.
#[derive(Debug, Default)]
pub(crate) struct Preloaded {
    files: HashMap<String, LoadedFile>,
}

impl Preloaded {
    /// Pairs the loaded files with the paths they were loaded from.
    pub(crate) fn new(paths: Vec<String>, loaded: Vec<LoadedFile>) -> Self {
        Self {
            files: paths.into_iter().zip(loaded).collect(),
        }
    }

    /// The file at `path` (loaded now from `source` when it was not loaded
    /// ahead), its issues appended to `issues`.
    pub(crate) fn take(
        &mut self,
        source: &dyn FileSource,
        path: &str,
        issues: &mut Vec<Diagnostic>,
    ) -> YamlFile {
        match self.files.remove(path) {
            Some(loaded) => {
                issues.extend(loaded.issues);
                loaded.file
            }
            None => load_yaml(source, path, issues),
        }
    }
}

/// Reads and parses `path`; a broken file yields `node: None` and an issue.
fn load_yaml(source: &dyn FileSource, path: &str, issues: &mut Vec<Diagnostic>) -> YamlFile {
    match source.read_file(path) {
        Ok(bytes) => {
            let mut file = parse(
                gg_yaml::load_bytes(&bytes, path, &Limits::default()),
                path,
                issues,
            );
            file.text = String::from_utf8(bytes).ok();
            file
        }
        Err(err) => {
            issues.push(unreadable(path, &err));
            YamlFile {
                path: path.to_owned(),
                node: None,
                notes: Vec::new(),
                text: None,
            }
        }
    }
}

/// Reads `path` as UTF-8 text.
pub(crate) fn read_text(
    source: &dyn FileSource,
    path: &str,
    issues: &mut Vec<Diagnostic>,
) -> Option<String> {
    let bytes = source
        .read_file(path)
        .map_err(|err| issues.push(unreadable(path, &err)))
        .ok()?;
    String::from_utf8(bytes)
        .map_err(|err| {
            issues.push(issue(
                &rules::YAML_SYNTAX,
                path,
                None,
                format!("not valid UTF-8 (byte {})", err.utf8_error().valid_up_to()),
                "save the file as UTF-8",
            ));
        })
        .ok()
}

/// Parses YAML text read from `path`; a syntax error becomes an issue.
pub(crate) fn parse_text(text: &str, path: &str, issues: &mut Vec<Diagnostic>) -> YamlFile {
    parse(
        gg_yaml::load_values(text, path, &Limits::default()),
        path,
        issues,
    )
}

fn parse(
    loaded: Result<gg_yaml::Document, YamlError>,
    path: &str,
    issues: &mut Vec<Diagnostic>,
) -> YamlFile {
    match loaded {
        Ok(document) => {
            report_ignored_documents(&document.notes, path, issues);
            YamlFile {
                path: path.to_owned(),
                node: Some(document.root),
                notes: document.notes,
                text: None,
            }
        }
        Err(err) => {
            issues.push(issue(
                &rules::YAML_SYNTAX,
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
                text: None,
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

/// Documents after the first, which Helm drops without a word.
fn report_ignored_documents(notes: &[Note], path: &str, issues: &mut Vec<Diagnostic>) {
    for note in notes
        .iter()
        .filter(|n| n.kind == NoteKind::IgnoredDocuments)
    {
        issues.push(issue(
            &rules::YAML_IGNORED_DOCUMENTS,
            path,
            Some(note.span),
            note.message.clone(),
            "move these keys into the first document and delete the `---` line",
        ));
    }
}

fn unreadable(path: &str, err: &crate::PlatformError) -> Diagnostic {
    issue(
        &rules::YAML_SYNTAX,
        path,
        None,
        err.to_string(),
        "check that the file exists and is readable",
    )
}
