//! `hardcoded-namespace`: values that tie a file to one environment's namespace.

use gg_naming::find_namespace_mentions;

use crate::context::{FileContext, PlatformContext};
use crate::values::for_each_string;
use gg_diagnostic::Diagnostic;
use gg_diagnostic::{Rule, rules};
use gg_platform::locate::node_location;

const RULE: &Rule = &rules::HARDCODED_NAMESPACE;

/// Keys whose values have rules of their own (secret paths carry env names by design).
const SKIPPED: &[&str] = &["secrets", "environment"];

/// In `default.yaml`: any platform namespace; in an overlay: another env's namespace.
pub(crate) fn check(ctx: &PlatformContext<'_>, file: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    if !ctx.facts.namespaces() {
        return;
    }
    for_each_string(file.root, SKIPPED, &mut |path, node, text| {
        for mention in find_namespace_mentions(text, &ctx.scan) {
            let owner = ctx.scan.env_of_namespace(&mention.namespace);
            if file.env.is_some() && owner == file.env {
                continue;
            }
            let owner_text =
                owner.map_or_else(String::new, |env| format!(" (environment `{env}`)"));
            let (message, help) = match file.env {
                None => (
                    format!(
                        "`{path}` names the namespace `{}`{owner_text}, but default.yaml applies to every environment",
                        mention.namespace
                    ),
                    "move the value to each environment's overlay, or use the short Service name (`my-service-sv:8080`), which resolves inside the application's own namespace".to_owned(),
                ),
                Some(_) => (
                    format!(
                        "`{path}` names the namespace `{}`{owner_text}, which is not this overlay's environment",
                        mention.namespace
                    ),
                    "use this environment's namespace, or the short Service name, so the environment never talks to another one".to_owned(),
                ),
            };
            out.push(
                RULE.finding(node_location(file.path, node), message)
                    .with_help(help),
            );
        }
    });
}
