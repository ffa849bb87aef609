//! `env-file-service-reference`: an overlay that names another in-cluster service.

use gg_naming::{K8appNames, RefForm, scan_service_refs};

use crate::context::{FileContext, PlatformContext};
use crate::values::for_each_string;
use gg_diagnostic::Diagnostic;
use gg_diagnostic::{Rule, rules};
use gg_platform::locate::node_location;

const RULE: &Rule = &rules::ENV_FILE_SERVICE_REFERENCE;

/// Short Service names in an overlay belong in `default.yaml`: they are the same in
/// every environment, and a copy per overlay drifts. References to the app's own
/// Services (HTTPRoute backends) are not references to another service.
pub(crate) fn check(ctx: &PlatformContext<'_>, file: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    if file.env.is_none() {
        return;
    }
    for_each_string(
        file.root,
        &["secrets", "environment", "appName"],
        &mut |path, node, text| {
            for reference in scan_service_refs(text, &ctx.scan) {
                if reference.form != RefForm::Short {
                    continue;
                }
                let app = K8appNames::split_service_name(&reference.service).map(|(app, _)| app);
                if file.app_name.is_some() && app == file.app_name {
                    continue;
                }
                out.push(
                RULE.finding(node_location(file.path, node),
                    format!(
                        "`{path}` refers to the in-cluster service `{}` in an environment overlay",
                        reference.host
                    ),
                )
                .with_help(
                    "service addresses by short name are the same in every environment: set this value once in default.yaml",
                ),
            );
            }
        },
    );
}
