//! Where in the platform's values files a rendered platform chart's problem
//! comes from: the values each chart rendered with keep the file, line and
//! column of every value and key, so a finding points at the line to edit.

use gg_diagnostic::Location;
use gg_platform::YamlFile;
use gg_platform::locate::key_location;
use gg_render::ChartRender;
use gg_yaml::{LayerKind, MergedNode, MergedValue};

/// The shortest value or key worth naming as the source of a rendered text
/// (shorter ones, `dev` or `80`, appear by chance in every name).
const SHORTEST_SOURCE: usize = 3;

/// The deepest node of `path` (keys below `.Values`) that a platform values
/// file writes, at its key: what to change when the chart fails there.
pub(crate) fn deepest_written(chart: &ChartRender, path: &[&str]) -> Option<Location> {
    let mut node = &chart.values.as_ref()?.root;
    let mut found = None;
    for key in path {
        let Some(child) = node.child(key) else {
            break;
        };
        if written(child) {
            found = Some(key_location(&child.provenance.origin));
        }
        node = child;
    }
    found
}

/// The value or key of a platform values file that makes up most of
/// `rendered` (a prefix in a namespace, a group's key in a name), at its
/// line: the longest one the text contains, as written or with its dots
/// turned into dashes (as a template that makes a label of a domain does).
pub(crate) fn longest_source(chart: &ChartRender, rendered: &str) -> Option<Location> {
    let mut best: Option<(usize, Location)> = None;
    let mut consider = |text: &str, location: &dyn Fn() -> Location| {
        let contained = rendered.contains(text)
            || (text.contains('.') && rendered.contains(&text.replace('.', "-")));
        if text.len() >= SHORTEST_SOURCE
            && contained
            && best.as_ref().is_none_or(|(len, _)| text.len() > *len)
        {
            best = Some((text.len(), location()));
        }
    };
    walk(&chart.values.as_ref()?.root, &mut consider);
    best.map(|(_, location)| location)
}

/// Every key and string scalar a platform values file writes below `node`.
fn walk(node: &MergedNode, consider: &mut dyn FnMut(&str, &dyn Fn() -> Location)) {
    match &node.value {
        MergedValue::Map(entries) => {
            for (key, child) in entries {
                if written(child) {
                    consider(key, &|| key_location(&child.provenance.origin));
                }
                walk(child, consider);
            }
        }
        MergedValue::Seq(items) => {
            for item in items {
                walk(item, consider);
            }
        }
        MergedValue::Scalar(_) => {
            if written(node)
                && let Some(text) = node.as_str()
            {
                consider(text, &|| gg_platform::locate::merged_location(node));
            }
        }
    }
}

/// True when a platform values file wrote the node (not the chart's defaults).
fn written(node: &MergedNode) -> bool {
    node.provenance.origin.kind == LayerKind::PlatformFile
}

/// The start of `platform/base.yaml`, where a finding goes that no value
/// explains.
pub(crate) fn base_start(base: &YamlFile) -> Location {
    Location::file_start(base.path.clone())
}
