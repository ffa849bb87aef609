//! Runs cases at chart versions with Helm and gitops-guard side by side (as
//! many Helm processes as there are cores) and tallies the verdicts.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use gg_k8app::ChartVersion;

use super::case::Case;
use super::compare::{Verdict, compare};
use super::harness::{in_parallel, number_from_env};
use super::setup::Oracle;
use super::{helm, ours};

/// Counts for one chart version.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Tally {
    /// Renders compared.
    pub renders: usize,
    /// Objects compared in renders that agreed.
    pub objects: usize,
    /// Renders where both failed at the same template.
    pub failures: usize,
    /// Renders that disagreed.
    pub disagreements: usize,
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// Counts by chart version.
    pub tallies: BTreeMap<ChartVersion, Tally>,
    /// Each disagreement with the case, the version and the difference.
    pub disagreements: Vec<String>,
    /// Disagreements by job index while the run goes on.
    found: Vec<(usize, String)>,
    /// Time spent in `helm template`, summed over calls.
    pub helm: Duration,
    /// Time spent in gitops-guard's render, summed over calls.
    pub ours: Duration,
}

impl Report {
    /// Objects compared over all versions.
    pub(crate) fn objects(&self) -> usize {
        self.tallies.values().map(|t| t.objects).sum()
    }

    /// The table printed after a run.
    pub(crate) fn summary(&self, title: &str) -> String {
        let mut out = format!("{title}\nversion   renders  objects  both-failed  disagreements\n");
        for (version, t) in &self.tallies {
            let _ = writeln!(
                out,
                "{:<9} {:>7}  {:>7}  {:>11}  {:>13}",
                version.to_string(),
                t.renders,
                t.objects,
                t.failures,
                t.disagreements
            );
        }
        let renders: usize = self.tallies.values().map(|t| t.renders).sum();
        let _ = writeln!(
            out,
            "total: {renders} renders, {} objects compared, {} disagreement(s); time in helm template {:.1?}, in gitops-guard {:.1?} ({:.0}x)",
            self.objects(),
            self.disagreements.len(),
            self.helm,
            self.ours,
            self.helm.as_secs_f64() / self.ours.as_secs_f64().max(1e-9)
        );
        out
    }

    /// Fails with the disagreements (one line each, then the first ones in
    /// full: `GG_AGREEMENT_SHOW` of them, default 8) when there are any.
    pub(crate) fn assert_agreement(&self, title: &str) {
        eprintln!("{}", self.summary(title));
        if self.disagreements.is_empty() {
            return;
        }
        let show = number_from_env("GG_AGREEMENT_SHOW", 8);
        let lines: Vec<String> = self
            .disagreements
            .iter()
            .map(|d| d.lines().take(2).collect::<Vec<_>>().join(" | "))
            .collect();
        let shown: Vec<&str> = self
            .disagreements
            .iter()
            .take(show)
            .map(String::as_str)
            .collect();
        panic!(
            "{} disagreement(s) with Helm:\n{}\n\nthe first {} in full:\n\n{}",
            self.disagreements.len(),
            lines.join("\n"),
            shown.len(),
            shown.join("\n\n")
        );
    }
}

/// Renders every (version, case) pair with both and compares.
pub(crate) fn run(oracle: &Oracle, jobs: &[(ChartVersion, &Case)]) -> Report {
    let render = |&(version, case): &(ChartVersion, &Case)| {
        let (helm_outcome, helm_time) = helm::render(oracle, version, case);
        let (our_outcome, our_time) = ours::render(version, case);
        let verdict = compare(&helm_outcome, &our_outcome);
        (helm_outcome, helm_time, our_time, verdict)
    };
    let record = |report: &mut Report,
                  index: usize,
                  &(version, case): &(ChartVersion, &Case),
                  (helm_outcome, helm_time, our_time, verdict)| {
        report.helm += helm_time;
        report.ours += our_time;
        let tally = report.tallies.entry(version).or_default();
        tally.renders += 1;
        match verdict {
            Verdict::Same { objects } => tally.objects += objects,
            Verdict::BothFailed => {
                tally.failures += 1;
                if let super::outcome::Outcome::Failed(f) = &helm_outcome
                    && std::env::var_os("GG_AGREEMENT_FAILURES").is_some()
                {
                    eprintln!("both failed: {}", f.message);
                }
            }
            Verdict::Differ(difference) => {
                tally.disagreements += 1;
                dump(version, case);
                report.found.push((
                    index,
                    format!("k8app {version}, {difference}\n{}", case.show()),
                ));
            }
        }
    };
    let mut report: Report = in_parallel(jobs, render, record);
    report.found.sort();
    report.disagreements = std::mem::take(&mut report.found)
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    report
}

/// Writes a disagreeing case in the corpus format to `GG_AGREEMENT_DUMP`
/// (a directory), to reproduce it or to keep it as a corpus case.
fn dump(version: ChartVersion, case: &Case) {
    let Some(dir) = std::env::var_os("GG_AGREEMENT_DUMP") else {
        return;
    };
    let name: String = case
        .name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let path = std::path::Path::new(&dir).join(format!("{version}-{name}.yaml"));
    let mut text = format!("release: {}\nnamespace: {}\n", case.release, case.namespace);
    for file in &case.files {
        text.push_str(&format!("--- {}\n{}", file.name, file.text));
    }
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(path, text);
}
