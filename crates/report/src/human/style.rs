//! ANSI colours for the human format, applied only when asked for.

use gg_diagnostic::Severity;

/// What a piece of text is, which decides its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// An error label or underline: bold red.
    Error,
    /// A warning label or underline: bold yellow.
    Warning,
    /// An info label or underline: bold cyan.
    Info,
    /// Gutter, arrows and secondary underlines: bold blue.
    Gutter,
    /// The message of a header: bold.
    Emphasis,
}

impl Style {
    /// The style of a severity's label and underline.
    pub(crate) const fn of(severity: Severity) -> Self {
        match severity {
            Severity::Error => Self::Error,
            Severity::Warning => Self::Warning,
            Severity::Info => Self::Info,
        }
    }

    const fn code(self) -> &'static str {
        match self {
            Self::Error => "\x1b[1;31m",
            Self::Warning => "\x1b[1;33m",
            Self::Info => "\x1b[1;36m",
            Self::Gutter => "\x1b[1;34m",
            Self::Emphasis => "\x1b[1m",
        }
    }
}

const RESET: &str = "\x1b[0m";

/// Wraps text in colour codes, or leaves it alone when colour is off.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Painter {
    color: bool,
}

impl Painter {
    /// A painter that colours only when `color` is set.
    pub(crate) const fn new(color: bool) -> Self {
        Self { color }
    }

    /// `text` in `style`.
    pub(crate) fn paint(self, style: Style, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{}{text}{RESET}", style.code())
        } else {
            text.to_owned()
        }
    }
}
