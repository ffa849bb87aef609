//! Problems found while loading the platform and discovering services, as
//! findings of the catalog's rules. They are returned next to the settings;
//! a broken file is a finding, never a failure of everything.

use gg_diagnostic::{Diagnostic, Location, Rule};
use gg_yaml::Span;

use crate::locate::span_location;

/// A finding of `rule` in `file`, at `span` when the problem has a place and
/// at the start of the file otherwise.
pub(crate) fn issue(
    rule: &Rule,
    file: &str,
    span: Option<Span>,
    message: impl Into<String>,
    help: impl Into<String>,
) -> Diagnostic {
    let location = span.map_or_else(
        || Location::file_start(file),
        |span| span_location(file, span),
    );
    rule.finding(location, message).with_help(help)
}
