//! The lint spread over rayon's threads (native edges only: the CLI and the
//! bench): files are read and parsed in parallel, services are checked in
//! parallel beside the platform's own charts, and the loaded platform is
//! freed in parallel. The engine itself
//! stays single-threaded; this module only hands it rayon's maps.

use gg_platform::{FileSource, LoadOptions, LoadedFile, Platform, Service};
use rayon::prelude::*;

use crate::config::Config;
use crate::engine::{Filtered, LintOutput, lint_platform};
use crate::focus::Focus;
use gg_diagnostic::Diagnostic;

/// Lints the platform and services below `roots` on rayon's threads; the
/// findings are the same as [`crate::lint`]'s.
pub fn lint(
    source: &(dyn FileSource + Sync),
    roots: &[String],
    options: &LoadOptions,
    config: &Config,
) -> LintOutput {
    let source = Filtered {
        inner: source,
        config,
    };
    let focus = Focus::new(&source, roots, options.platform_dir.as_deref());
    let options = config.load_options(options);
    let platform = gg_platform::load_platform_with(&source, &focus.roots, &options, &load_files);
    let output = lint_platform(&source, &platform, &focus, config, &check_services);
    free(platform);
    output
}

/// Loads the platform as [`lint`] does (files read and parsed in parallel).
pub fn load_platform(
    source: &(dyn FileSource + Sync),
    roots: &[String],
    options: &LoadOptions,
) -> Platform {
    gg_platform::load_platform_with(source, roots, options, &load_files)
}

/// Frees a loaded platform with its services spread over the threads: a
/// thousand services hold a few hundred thousand small allocations, and
/// freeing them on one thread was the slowest sequential step of a lint.
pub fn free(platform: Platform) {
    platform.services.into_par_iter().for_each(drop);
}

/// Below this many services the platform's charts take about a millisecond:
/// less than waiting for a second thread costs when other processes keep
/// the cores busy (a one-service lint measured 13 ms beside, 10 ms before).
const CHARTS_BESIDE_FROM: usize = 16;

/// The services spread over the threads, the platform's check beside them
/// (the first idle thread takes it) when there are enough services for it
/// to matter, else before them.
fn check_services(
    services: &[Service],
    check: &(dyn Fn(&Service) -> Vec<Diagnostic> + Sync),
    platform: &(dyn Fn() -> Vec<Diagnostic> + Sync),
) -> Vec<Diagnostic> {
    let of_services = || -> Vec<Diagnostic> { services.par_iter().flat_map_iter(check).collect() };
    let (mut found, of_services) = if services.len() < CHARTS_BESIDE_FROM {
        (platform(), of_services())
    } else {
        rayon::join(platform, of_services)
    };
    found.extend(of_services);
    found
}

fn load_files(paths: &[String], load: &(dyn Fn(&str) -> LoadedFile + Sync)) -> Vec<LoadedFile> {
    paths.par_iter().map(|path| load(path)).collect()
}
