//! The engine: loads a platform through a [`FileSource`], runs every rule, and
//! applies configuration, suppressions and the environment merge of findings.
//!
//! It is single-threaded and pure, so the same code runs natively and in wasm;
//! the CLI passes a [`ServiceMap`] that spreads services over threads (and
//! checks the platform's own charts beside them) and a [`FileMap`] that
//! spreads the reading and parsing of files.

use std::borrow::Cow;
use std::collections::BTreeMap;

use gg_platform::{
    FactSource, FileSource, LoadOptions, Platform, PlatformError, Service, YamlFile, load_platform,
};

use crate::absorb::absorb_consequences;
use crate::checks::{self, app_names, duplicates};
use crate::config::Config;
use crate::context::{EnvContext, FileContext, PlatformContext};
use crate::facts::{SkippedCheck, skipped_checks};
use crate::focus::{Focus, PlatformLeftOut};
use crate::suppress::{apply_suppressions, parse_suppressions};
use gg_diagnostic::{Diagnostic, at_or_below, merge_across_envs, sort_diagnostics};

/// Runs the per-service check over every service and, beside it, the check
/// of the platform as a whole; returns the platform's findings followed by
/// the services' in service order. Lets the caller decide how (sequentially,
/// or on a thread pool).
pub type ServiceMap<'a> = dyn Fn(
        &[Service],
        &(dyn Fn(&Service) -> Vec<Diagnostic> + Sync),
        &(dyn Fn() -> Vec<Diagnostic> + Sync),
    ) -> Vec<Diagnostic>
    + 'a;

/// What a lint run produced.
#[derive(Debug, Clone)]
pub struct LintOutput {
    /// Findings after configuration, suppressions and the env merge, in report order.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of every file that was checked, by reported path (for snippets).
    pub sources: BTreeMap<String, String>,
    /// The environments of the platform, in order.
    pub envs: Vec<String>,
    /// Where the platform's facts came from.
    pub facts: FactSource,
    /// The checks that did not run for want of a platform fact.
    pub skipped: Vec<SkippedCheck>,
    /// The k8app chart version the values were checked against, when the
    /// platform does not say (the newest modelled one).
    pub assumed_chart: Option<String>,
    /// The findings in the platform repository's files left out because the
    /// repository is not among the linted paths (a service's CI job).
    pub platform_left_out: Option<PlatformLeftOut>,
}

impl LintOutput {
    /// How many files were checked.
    pub fn files(&self) -> usize {
        self.sources.len()
    }
}

/// Lints the platform and services below `roots`, one service after another.
pub fn lint(
    source: &dyn FileSource,
    roots: &[String],
    options: &LoadOptions,
    config: &Config,
) -> LintOutput {
    lint_with(source, roots, options, config, &sequential)
}

/// The [`ServiceMap`] that checks the platform, then the services one after another.
pub fn sequential(
    services: &[Service],
    check: &(dyn Fn(&Service) -> Vec<Diagnostic> + Sync),
    platform: &(dyn Fn() -> Vec<Diagnostic> + Sync),
) -> Vec<Diagnostic> {
    let mut found = platform();
    found.extend(services.iter().flat_map(check));
    found
}

/// Lints with the given way of running the per-service checks.
pub fn lint_with(
    source: &dyn FileSource,
    roots: &[String],
    options: &LoadOptions,
    config: &Config,
    map: &ServiceMap<'_>,
) -> LintOutput {
    let source = Filtered {
        inner: source,
        config,
    };
    let focus = Focus::new(&source, roots, options.platform_dir.as_deref());
    let options = config.load_options(options);
    let platform = load_platform(&source, &focus.roots, &options);
    lint_platform(&source, &platform, &focus, config, map)
}

/// Every check of a loaded platform. The YAML files keep their texts and the
/// platform its listing, so only the policy files are read here.
pub(crate) fn lint_platform(
    source: &dyn FileSource,
    platform: &Platform,
    focus: &Focus,
    config: &Config,
    map: &ServiceMap<'_>,
) -> LintOutput {
    let ctx = PlatformContext::new(Cow::Borrowed(platform));

    let mut found: Vec<Diagnostic> = platform.issues.clone();
    // The platform's own charts take as long to render and expand as a few
    // hundred services: a thread pool checks them beside the services.
    found.extend(map(
        &platform.services,
        &|service| service_findings(&ctx, service),
        &|| platform_findings(&ctx),
    ));
    app_names::check(platform, &mut found);

    let mut sources = loaded_sources(platform);
    for path in policy_files(platform, &focus.roots) {
        if let Some(text) = read_text(source, path) {
            checks::policies::check(&ctx, path, &text, &mut found);
            sources.insert(path.to_owned(), text);
        }
    }

    let suppressions: Vec<_> = sources
        .iter()
        .flat_map(|(path, text)| parse_suppressions(path, text))
        .collect();
    let found = apply_suppressions(found, &suppressions);
    let merged = config.apply(merge_across_envs(found, &ctx.envs));
    let (mut diagnostics, platform_left_out) = focus.leave_out_platform(
        platform.files.as_ref().map(|f| f.root.as_str()),
        focus.keep(absorb_consequences(merged, &ctx.envs)),
    );
    sort_diagnostics(&mut diagnostics);
    sources.retain(|path, _| focus.shows_file(path, &diagnostics));
    LintOutput {
        diagnostics,
        sources,
        envs: ctx.envs,
        facts: platform.fact_source(),
        skipped: skipped_checks(platform),
        assumed_chart: (!ctx.facts.chart).then(|| ctx.chart.to_string()),
        platform_left_out,
    }
}

/// The checks of the platform as a whole: its own charts, then the k8app
/// defaults it gives every service.
fn platform_findings(ctx: &PlatformContext<'_>) -> Vec<Diagnostic> {
    let platform = &*ctx.platform;
    let mut found = Vec::new();
    checks::platform_charts::check(platform, &mut found);
    if let Some(defaults) = platform
        .files
        .as_ref()
        .and_then(|f| f.k8app_defaults.as_ref())
        && let Some(root) = &defaults.node
    {
        checks::shape::check(ctx, &defaults.path, root, &mut found);
    }
    found
}

/// Every check of one service: its files, then each environment it deploys to.
fn service_findings(ctx: &PlatformContext<'_>, service: &Service) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let files: Vec<FileContext<'_>> = service
        .files
        .iter()
        .filter_map(|file| FileContext::of(file, service))
        .collect();
    for file in &files {
        checks::check_file(ctx, file, &mut out);
    }
    if let Some(default) = files.iter().find(|f| f.env.is_none()) {
        for overlay in files.iter().filter(|f| f.env.is_some()) {
            duplicates::check(default, overlay, &mut out);
        }
    }
    for env in &ctx.platform.settings.environments {
        let has_overlay = service.overlay(&env.name.value).is_some();
        if !service.deployed && !has_overlay {
            continue;
        }
        if let Some(env_ctx) = EnvContext::new(&ctx.platform, service, env) {
            let start = out.len();
            checks::check_env(ctx, &env_ctx, &mut out);
            if let Some(found) = out.get_mut(start..) {
                name_service_in_shared_findings(service, found);
            }
        }
    }
    out
}

/// A finding located in a file shared by many services (the platform's k8app
/// defaults) names the service it arises in, or nobody could tell which one.
fn name_service_in_shared_findings(service: &Service, found: &mut [Diagnostic]) {
    for diagnostic in found {
        let own = service
            .files
            .iter()
            .any(|f| f.file.path == diagnostic.location.file);
        if !own {
            diagnostic.message =
                format!("service `{}`: {}", service.name.value, diagnostic.message);
        }
    }
}

/// The texts of the platform's and the services' files, as they were loaded.
fn loaded_sources(platform: &Platform) -> BTreeMap<String, String> {
    let platform_files = platform.files.iter().flat_map(|files| {
        [
            &files.base,
            &files.core,
            &files.preview,
            &files.k8app_defaults,
        ]
        .into_iter()
        .flatten()
        .chain(files.others.iter())
    });
    let service_files = platform
        .services
        .iter()
        .flat_map(|service| service.files.iter().map(|f| &f.file));
    gg_sort::btree_map(
        platform_files
            .chain(service_files)
            .filter_map(|file: &YamlFile| Some((file.path.clone(), file.text.clone()?))),
    )
}

/// Vault policy files (`*.hcl`) below the roots, among the files the platform listed.
fn policy_files<'p>(platform: &'p Platform, roots: &[String]) -> Vec<&'p String> {
    platform
        .listed_files()
        .iter()
        .filter(|path| path.ends_with(".hcl"))
        .filter(|path| roots.iter().any(|root| at_or_below(path, root)))
        .collect()
}

fn read_text(source: &dyn FileSource, path: &str) -> Option<String> {
    source
        .read_file(path)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
}

/// A [`FileSource`] that hides the paths the configuration ignores.
pub(crate) struct Filtered<'a, S: FileSource + ?Sized> {
    /// The unfiltered files.
    pub(crate) inner: &'a S,
    /// The configuration whose ignores apply.
    pub(crate) config: &'a Config,
}

impl<S: FileSource + ?Sized> FileSource for Filtered<'_, S> {
    fn list_files(&self, root: &str) -> Result<Vec<String>, PlatformError> {
        let mut paths = self.inner.list_files(root)?;
        paths.retain(|path| !self.config.is_ignored(path));
        Ok(paths)
    }

    fn read_file(&self, path: &str) -> Result<Vec<u8>, PlatformError> {
        self.inner.read_file(path)
    }

    fn real_path(&self, path: &str) -> Option<String> {
        self.inner.real_path(path)
    }
}
