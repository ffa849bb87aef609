//! ConfigMaps: credentials in plain text and other environments' namespaces.

use crate::checks::credentials::{Credential, HELP};
use crate::json::JsonTree;
use crate::objects::{Found, ObjectContext, check_namespace_mentions, escape};
use gg_diagnostic::Diagnostic;
use gg_diagnostic::rules;

/// Checks every `data` entry of a ConfigMap.
pub(super) fn check<J: JsonTree>(
    ctx: &ObjectContext<'_>,
    found: &Found<'_, J>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(data) = found.object.body.member("data").and_then(J::members) else {
        return;
    };
    let section = values_section(found);
    for (key, value) in data {
        let Some(text) = value.text() else {
            continue;
        };
        let pointer = format!("/data/{}", escape(key));
        let values_key = section.as_ref().map(|section| format!("{section}.{key}"));
        if let Some(credential) = Credential::find(key, text) {
            found.report(
                out,
                &rules::CONFIGMAP_CREDENTIALS,
                &pointer,
                values_key.as_deref(),
                format!("`{key}` {}", credential.describe()),
                HELP,
            );
        }
        check_namespace_mentions(ctx, found, &pointer, values_key.as_deref(), text, out);
    }
}

/// The k8app values section a ConfigMap is rendered from: `{app}` from
/// `configmap`, `{app}-config` from `configfiles`, `{app}-{ext}-config` from
/// `extensions.{ext}.configfiles`.
fn values_section<J>(found: &Found<'_, J>) -> Option<String> {
    let app = found.object.labels.get("app")?;
    let rest = found.object.name.strip_prefix(app.as_str())?;
    match rest {
        "" => Some("configmap".to_owned()),
        "-config" => Some("configfiles".to_owned()),
        _ => {
            let ext = rest.strip_prefix('-')?.strip_suffix("-config")?;
            Some(format!("extensions.{ext}.configfiles"))
        }
    }
}
