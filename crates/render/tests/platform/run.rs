//! Renders platforms with Helm and with gitops-guard side by side (as many
//! Helm processes as there are cores), chart by chart, and tallies.

use std::path::{Path, PathBuf};
use std::time::Duration;

use gg_render::PlatformChart;

use super::normalize::normalize;
use super::oracle::Oracle;
use super::{helm, ours};
use crate::compare::{Verdict, compare};
use crate::harness::in_parallel;

/// One platform repository to compare, by name.
#[derive(Debug, Clone)]
pub(crate) struct Platform {
    /// How a report names it.
    pub(crate) name: String,
    /// Its root (holding `platform/base.yaml`).
    pub(crate) dir: PathBuf,
    /// Its files as written, to show a disagreement (empty for a real one).
    pub(crate) shown: String,
}

/// The counts of a run.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// Chart renders compared.
    pub(crate) renders: usize,
    /// Objects compared in renders that agreed.
    pub(crate) objects: usize,
    /// Renders where both failed at the same place.
    pub(crate) failures: usize,
    /// Each disagreement, described.
    pub(crate) disagreements: Vec<String>,
    /// Time in `helm template`, summed.
    pub(crate) helm: Duration,
    /// Time in gitops-guard's render, summed.
    pub(crate) ours: Duration,
}

impl Report {
    /// Prints the summary and fails with the first disagreements, if any.
    pub(crate) fn assert_agreement(&self, title: &str) {
        eprintln!(
            "{title}: {} chart renders, {} objects identical, {} failing alike, {} disagreement(s); time in helm template {:.1?}, in gitops-guard {:.1?}",
            self.renders,
            self.objects,
            self.failures,
            self.disagreements.len(),
            self.helm,
            self.ours
        );
        let shown: Vec<&str> = self
            .disagreements
            .iter()
            .take(6)
            .map(String::as_str)
            .collect();
        assert!(
            self.disagreements.is_empty(),
            "{} disagreement(s) with Helm; the first ones:\n\n{}",
            self.disagreements.len(),
            shown.join("\n\n")
        );
    }
}

/// The charts a platform enables, as its Applications would render them.
fn enabled(dir: &Path) -> Vec<PlatformChart> {
    PlatformChart::ALL
        .into_iter()
        .filter(|chart| {
            chart
                .enabled_by()
                .is_none_or(|file| dir.join(file).is_file())
        })
        .collect()
}

/// Compares every platform.
pub(crate) fn run(oracle: &Oracle, platforms: &[Platform]) -> Report {
    let record = |report: &mut Report, _: usize, _: &Platform, found: Report| {
        report.helm += found.helm;
        report.ours += found.ours;
        report.renders += found.renders;
        report.objects += found.objects;
        report.failures += found.failures;
        report.disagreements.extend(found.disagreements);
    };
    in_parallel(
        platforms,
        |platform| compare_platform(oracle, platform),
        record,
    )
}

fn compare_platform(oracle: &Oracle, platform: &Platform) -> Report {
    let mut report = Report::default();
    let (ours, took) = ours::render(&platform.dir);
    report.ours = took;
    let charts = enabled(&platform.dir);
    let rendered: Vec<PlatformChart> = ours.iter().map(|(chart, _)| *chart).collect();
    if rendered != charts {
        report.disagreements.push(format!(
            "{}: gitops-guard renders the charts {rendered:?}, the platform's Applications {charts:?}\n{}",
            platform.name, platform.shown
        ));
        return report;
    }
    for (chart, our) in ours {
        let (theirs, took) = helm::render(oracle, &platform.dir, chart);
        report.helm += took;
        report.renders += 1;
        match compare(&normalize(theirs), &normalize(our)) {
            Verdict::Same { objects } => report.objects += objects,
            Verdict::BothFailed => report.failures += 1,
            Verdict::Differ(difference) => report.disagreements.push(format!(
                "{} ({chart}): {difference}\n{}",
                platform.name, platform.shown
            )),
        }
    }
    report
}
