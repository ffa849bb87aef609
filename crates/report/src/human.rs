//! The rustc-style text format for terminals.
//!
//! ```text
//! error[secret-path-denied]: path `apps/api` is not readable
//!   --> svc/.cicd/dev.yaml:12:9 (env: dev, staging)
//!    |
//! 12 |   path: apps/api
//!    |         ^^^^^^^^
//!    |
//!    = help: use a path under the namespace
//!
//! 1 error, 0 warnings in 3 files
//! ```
//!
//! Related notes follow as `:::` snippets underlined with `-`, or as
//! `= note:` lines when their source is unknown. Snippets are left out when
//! the source text is unknown.

mod snippet;
mod style;

use std::borrow::Cow;

use gg_diagnostic::{Diagnostic, Location, Summary};

use crate::Report;
use snippet::excerpt;
use style::{Painter, Style};

/// Renders every finding and a final summary line; ANSI colours only when `color` is set.
pub fn render(report: &Report<'_>, color: bool) -> String {
    let painter = Painter::new(color);
    let mut out = String::new();
    for diagnostic in report.diagnostics {
        render_diagnostic(&mut out, report, diagnostic, painter);
        out.push('\n');
    }
    out.push_str(&summary_text(&report.summary, painter));
    out.push('\n');
    out
}

/// The last line of the human format: `2 errors, 1 warning in 3 files` or
/// `no problems found in 3 files` (infos are counted only when present).
pub fn summary_line(summary: &Summary, color: bool) -> String {
    summary_text(summary, Painter::new(color))
}

fn summary_text(summary: &Summary, painter: Painter) -> String {
    let files = counted(summary.files, "file");
    if summary.errors == 0 && summary.warnings == 0 && summary.infos == 0 {
        return format!("no problems found in {files}");
    }
    let paint_if = |count: usize, style, noun| {
        let text = counted(count, noun);
        if count > 0 {
            painter.paint(style, &text)
        } else {
            text
        }
    };
    let mut parts = vec![
        paint_if(summary.errors, Style::Error, "error"),
        paint_if(summary.warnings, Style::Warning, "warning"),
    ];
    if summary.infos > 0 {
        parts.push(paint_if(summary.infos, Style::Info, "info"));
    }
    format!("{} in {files}", parts.join(", "))
}

/// `1 file`, `2 files`.
fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

fn render_diagnostic(
    out: &mut String,
    report: &Report<'_>,
    diagnostic: &Diagnostic,
    painter: Painter,
) {
    let location = diagnostic.location.normalized();
    let severity_style = Style::of(diagnostic.severity);
    let gutter = gutter_width(report, diagnostic);
    let pad = " ".repeat(gutter);

    push_line(
        out,
        format!(
            "{}{}",
            painter.paint(
                severity_style,
                &format!(
                    "{}[{}]",
                    diagnostic.severity,
                    printable(diagnostic.rule.as_str())
                )
            ),
            painter.paint(
                Style::Emphasis,
                &format!(": {}", printable(&diagnostic.message))
            ),
        ),
    );
    let envs = if diagnostic.envs.is_empty() {
        String::new()
    } else {
        printable(&format!(" (env: {})", diagnostic.envs.join(", "))).into_owned()
    };
    push_line(
        out,
        format!(
            "{pad}{} {}{envs}",
            painter.paint(Style::Gutter, "-->"),
            printable(&location.to_string())
        ),
    );
    let primary = Mark {
        style: severity_style,
        glyph: '^',
        label: "",
    };
    let mut shown_snippet = push_snippet(out, report, &location, &pad, &primary, painter);

    for related in &diagnostic.related {
        let related_location = related.location.normalized();
        if report
            .source_line(&related_location.file, related_location.line)
            .is_some()
        {
            push_line(
                out,
                format!(
                    "{pad}{} {}",
                    painter.paint(Style::Gutter, ":::"),
                    printable(&related_location.to_string())
                ),
            );
            let secondary = Mark {
                style: Style::Gutter,
                glyph: '-',
                label: &related.message,
            };
            shown_snippet |=
                push_snippet(out, report, &related_location, &pad, &secondary, painter);
        } else {
            push_note(
                out,
                &pad,
                "note",
                &format!("{}: {related_location}", related.message),
                painter,
            );
        }
    }

    if !diagnostic.help.is_empty() {
        if shown_snippet {
            push_line(out, format!("{pad} {}", painter.paint(Style::Gutter, "|")));
        }
        push_note(out, &pad, "help", &diagnostic.help, painter);
    }
}

/// How a snippet underlines its span: `^` in the severity's colour for the
/// finding, labelled `-` for related notes.
struct Mark<'a> {
    style: Style,
    glyph: char,
    label: &'a str,
}

/// Prints the source line of `location` with its underline; returns whether
/// the source was known.
fn push_snippet(
    out: &mut String,
    report: &Report<'_>,
    location: &Location,
    pad: &str,
    mark: &Mark<'_>,
    painter: Painter,
) -> bool {
    let Some(line) = report.source_line(&location.file, location.line) else {
        return false;
    };
    let start = usize::try_from(location.column.saturating_sub(1)).unwrap_or(usize::MAX);
    let end = (location.end_line == location.line)
        .then(|| usize::try_from(location.end_column.saturating_sub(1)).unwrap_or(usize::MAX));
    let shown = excerpt(line, start, end);
    let bar = painter.paint(Style::Gutter, "|");
    let number = painter.paint(
        Style::Gutter,
        &format!("{:>width$}", location.line, width = pad.len()),
    );
    push_line(out, format!("{pad} {bar}"));
    push_line(
        out,
        format!("{number} {bar} {}", shown.text)
            .trim_end()
            .to_owned(),
    );
    let underline = mark.glyph.to_string().repeat(shown.mark_width);
    let label = if mark.label.is_empty() {
        String::new()
    } else {
        format!(" {}", printable(mark.label))
    };
    push_line(
        out,
        format!(
            "{pad} {bar} {}{}",
            " ".repeat(shown.mark_start),
            painter.paint(mark.style, &format!("{underline}{label}"))
        ),
    );
    true
}

/// Prints `= kind: text`, aligning continuation lines of `text` under its start.
fn push_note(out: &mut String, pad: &str, kind: &str, text: &str, painter: Painter) {
    let lead = format!("= {kind}: ");
    let indent = " ".repeat(lead.len());
    for (index, line) in printable(text).lines().enumerate() {
        let head = if index == 0 {
            painter.paint(Style::Emphasis, &lead)
        } else {
            indent.clone()
        };
        push_line(out, format!("{pad} {head}{line}").trim_end().to_owned());
    }
}

/// `text` with control characters other than line breaks written as escapes
/// (`\u{1b}`), so findings that quote hostile input cannot drive the terminal.
fn printable(text: &str) -> Cow<'_, str> {
    if text.chars().any(|c| c.is_control() && c != '\n') {
        Cow::Owned(
            text.chars()
                .map(|c| {
                    if c.is_control() && c != '\n' {
                        c.escape_default().to_string()
                    } else {
                        c.to_string()
                    }
                })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

fn push_line(out: &mut String, line: String) {
    out.push_str(&line);
    out.push('\n');
}

/// Digits needed for the largest line number a finding's snippets show (at least 1).
fn gutter_width(report: &Report<'_>, diagnostic: &Diagnostic) -> usize {
    std::iter::once(&diagnostic.location)
        .chain(diagnostic.related.iter().map(|related| &related.location))
        .filter(|location| {
            report
                .source_line(&location.file, location.line.max(1))
                .is_some()
        })
        .map(|location| location.line.max(1).to_string().len())
        .max()
        .unwrap_or(1)
}
