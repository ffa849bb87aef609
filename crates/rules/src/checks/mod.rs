//! The rules, grouped by concern. Each check is a function that appends findings.
//!
//! File checks see one loaded values file; environment checks see a service
//! merged for one environment, and point at the value that won the merge.

pub(crate) mod app_names;
pub(crate) mod credentials;
pub(crate) mod duplicates;
pub(crate) mod env_values;
pub(crate) mod environment;
pub(crate) mod images;
pub(crate) mod ingress;
pub(crate) mod names;
pub(crate) mod namespaces;
pub(crate) mod node_selector;
pub(crate) mod platform_charts;
pub(crate) mod platform_failure;
pub(crate) mod platform_names;
pub(crate) mod platform_namespaces;
pub(crate) mod platform_values;
pub(crate) mod policies;
pub(crate) mod pull_secrets_dropped;
pub(crate) mod references;
pub(crate) mod render_problems;
pub(crate) mod rendered;
pub(crate) mod routing;
pub(crate) mod scaling;
pub(crate) mod secrets;
pub(crate) mod shape;
pub(crate) mod volume_attach;

use crate::context::{EnvContext, FileContext, PlatformContext};
use gg_diagnostic::Diagnostic;

/// Runs every check that looks at one values file of a service.
pub(crate) fn check_file(
    ctx: &PlatformContext<'_>,
    file: &FileContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    shape::check(ctx, file.path, file.root, out);
    namespaces::check(ctx, file, out);
    references::check(ctx, file, out);
    credentials::check(file, out);
    images::check_pull_secret_items(ctx, file, out);
    secrets::check_file(ctx, file, out);
    scaling::check_file(file, out);
}

/// Runs every check that looks at a service merged for one environment.
pub(crate) fn check_env(
    ctx: &PlatformContext<'_>,
    env: &EnvContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    images::check_env(ctx, env, out);
    secrets::check_env(ctx, env, out);
    scaling::check_env(env, out);
    routing::check_env(ctx, env, out);
    names::check_env(env, out);
    rendered::check_env(ctx, env, out);
}
