//! Problems found while loading the platform and discovering services. They are
//! returned next to the settings; a broken file is an issue, never a failure of
//! everything.

use gg_yaml::Span;
use serde::Serialize;

/// What kind of problem an issue is; maps one-to-one onto a rule of the catalog
/// or an informational note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IssueKind {
    /// The file is not valid YAML (or not valid UTF-8, or has an unrendered template).
    YamlSyntax,
    /// A key the platform charts do not read.
    UnknownKey,
    /// A value of the wrong shape (list vs map, string vs number, …).
    TypeMismatch,
    /// A registered service lacks the overlay of an enabled environment.
    MissingEnvFile,
    /// A `.env` line that is not `KEY=value`.
    EnvFileSyntax,
    /// A file that could not be read.
    Unreadable,
    /// A directory with `.cicd/` that the service registry does not list (info).
    UnregisteredService,
    /// A registry entry whose `.cicd/` directory was not found among the inputs (info).
    ServiceDirectoryNotFound,
    /// Two directories claim the same registry entry (only the first is used).
    DuplicateService,
}

/// How serious an issue is by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IssueSeverity {
    /// Informational note.
    Info,
    /// Probably wrong.
    Warning,
    /// Breaks a deployment.
    Error,
}

impl IssueKind {
    /// The stable identifier (the rule id where the catalog has one).
    pub fn id(self) -> &'static str {
        match self {
            Self::YamlSyntax => "yaml-syntax",
            Self::UnknownKey => "unknown-key",
            Self::TypeMismatch => "type-mismatch",
            Self::MissingEnvFile => "missing-env-file",
            Self::EnvFileSyntax => "env-file-syntax",
            Self::Unreadable => "unreadable-file",
            Self::UnregisteredService => "unregistered-service",
            Self::ServiceDirectoryNotFound => "service-directory-not-found",
            Self::DuplicateService => "duplicate-service",
        }
    }

    /// The default severity.
    pub fn severity(self) -> IssueSeverity {
        match self {
            Self::YamlSyntax | Self::TypeMismatch | Self::MissingEnvFile | Self::Unreadable => {
                IssueSeverity::Error
            }
            Self::UnknownKey | Self::EnvFileSyntax | Self::DuplicateService => {
                IssueSeverity::Warning
            }
            Self::UnregisteredService | Self::ServiceDirectoryNotFound => IssueSeverity::Info,
        }
    }
}

/// One problem, located in a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlatformIssue {
    /// Path of the file as listed by the [`crate::FileSource`] (for a missing
    /// file: the path where it was expected).
    pub file: String,
    /// Where in the file, when the problem has a place.
    pub span: Option<Span>,
    /// What kind of problem.
    pub kind: IssueKind,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl PlatformIssue {
    /// A new issue.
    pub fn new(
        kind: IssueKind,
        file: &str,
        span: Option<Span>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Self {
            file: file.to_owned(),
            span,
            kind,
            message: message.into(),
            help: help.into(),
        }
    }
}
