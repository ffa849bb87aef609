//! A small, varied set of findings shared by the report tests.

use std::collections::BTreeMap;

use gg_diagnostic::{Diagnostic, Location, Rule, Scope, Severity, Summary, sort_diagnostics};
use gg_report::Report;

/// Findings, their sources and rule metadata, owned so a [`Report`] can borrow them.
pub(crate) struct Sample {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: BTreeMap<String, String>,
    pub rules: Vec<Rule>,
}

impl Sample {
    pub(crate) fn report(&self) -> Report<'_> {
        Report {
            diagnostics: &self.diagnostics,
            summary: Summary::new(&self.diagnostics, self.sources.len()),
            sources: &self.sources,
            rules: &self.rules,
            tool_version: "0.1.0",
        }
    }
}

pub(crate) const DEFAULT: &str = "svc/.cicd/default.yaml";
pub(crate) const DEV: &str = "svc/.cicd/dev.yaml";
pub(crate) const STAGING: &str = "svc/.cicd/staging.yaml";
pub(crate) const PROD: &str = "svc/.cicd/prod.yaml";

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        Rule {
            id: "secret-path-denied".into(),
            default_severity: Severity::Error,
            summary: "Secret path not readable under the namespace's Vault policy",
            scope: Scope::Environment,
            page: "# secret-path-denied\n\nSecret path not readable under the namespace's Vault policy\n\n## What it catches\n\nThe path must match a glob of the policy the platform generates for the namespace.\n\n## How to fix\n\nUse a path under `<group>/<env>/<service>/`.\n",
        },
        Rule {
            id: "image-tag-mutable".into(),
            default_severity: Severity::Warning,
            summary: "Mutable image tag outside a local environment",
            scope: Scope::Environment,
            page: "# image-tag-mutable\n\nMutable image tag outside a local environment\n\n## What it catches\n\n`latest` and `local` tags change under a running release.\n",
        },
        Rule {
            id: "unknown-key".into(),
            default_severity: Severity::Warning,
            summary: "Key k8app does not read",
            scope: Scope::Environment,
            page: "k8app ignores the key, so the value has no effect.",
        },
    ]
}

pub(crate) fn sources() -> BTreeMap<String, String> {
    BTreeMap::from([
        (
            DEFAULT.to_owned(),
            "appName: api\nsecrets:\n  path: apps/api\n\tlabels: {team: \"a&b\"}\ndescription: 名前 é\tx\n"
                .to_owned()
                + &format!("note: {} TARGET {}\n", "a".repeat(120), "b".repeat(60)),
        ),
        (DEV.to_owned(), "image:\n  tag: latest\nreplicaCount: 2\n".to_owned()),
        (STAGING.to_owned(), "environment: staging\n".to_owned()),
    ])
}

pub(crate) fn diagnostics() -> Vec<Diagnostic> {
    let mut diagnostics = vec![
        Diagnostic::new(
            "secret-path-denied",
            Severity::Error,
            Location::span(DEFAULT, 3, 9, 3, 17),
            "path `apps/api` is not readable by the namespace's policy",
        )
        .with_envs(["dev", "staging"])
        .with_help("use `gitops-poc-dzha/<env>/api/...`")
        .with_related(
            Location::span(DEV, 1, 1, 1, 6),
            "the env overlay does not override it",
        ),
        Diagnostic::new(
            "image-tag-mutable",
            Severity::Warning,
            Location::span(DEV, 2, 8, 2, 14),
            "image tag `latest` is mutable",
        )
        .with_env("dev")
        .with_help("pin a version, e.g. `tag: \"1.4.2\"`"),
        Diagnostic::new(
            "unknown-key",
            Severity::Warning,
            Location::span(DEV, 3, 1, 3, 13),
            "key \"replicaCount\" <is not read> & has no effect",
        )
        .with_help("did you mean `deployment.replicas`?\nk8app 3.x reads replicas there"),
        Diagnostic::new(
            "unknown-key",
            Severity::Warning,
            Location::span(DEFAULT, 4, 2, 4, 8),
            "key `labels` is not read",
        ),
        Diagnostic::new(
            "dns-label",
            Severity::Info,
            Location::span(DEFAULT, 5, 14, 5, 16),
            "description has non-ASCII characters",
        ),
        Diagnostic::new(
            "dns-label",
            Severity::Info,
            Location::span(DEFAULT, 6, 128, 6, 134),
            "`TARGET` is not a DNS label",
        ),
        Diagnostic::new(
            "yaml-syntax",
            Severity::Error,
            Location::file_start(PROD),
            "file cannot be parsed: control \u{1} character",
        )
        .with_help("fix the YAML syntax"),
    ];
    sort_diagnostics(&mut diagnostics);
    diagnostics
}

pub(crate) fn sample() -> Sample {
    Sample {
        diagnostics: diagnostics(),
        sources: sources(),
        rules: rules(),
    }
}
