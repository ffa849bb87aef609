//! `gitops-guard vault …`: policy lint, capability evaluation and policy rendering.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};
use gg_vault::{
    Acl, Finding, Kv2Mount, LintContext, PlatformScope, PlatformVaultSettings, Policy,
    PreviewVault, Severity, lint_policy_text, parse_policy, print_policy,
};
use serde_json::json;

use crate::exit::Outcome;

/// Vault subcommands.
#[derive(Debug, Subcommand)]
pub enum VaultCommand {
    /// Lint policy files or render the platform's policies and roles.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// What a token holding these policies may do on each path (like `sys/capabilities`).
    #[command(after_help = CAPABILITIES_EXAMPLES)]
    Capabilities(CapabilitiesArgs),
}

/// `vault policy …` subcommands.
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Check policy files for glob mistakes, KV v2 paths without `data/`, shadowed rules
    /// and grants that span environments.
    #[command(after_help = LINT_EXAMPLES)]
    Lint(LintArgs),
    /// Print the policies and Kubernetes auth roles the platform bootstrap writes.
    #[command(after_help = RENDER_EXAMPLES)]
    Render(RenderArgs),
}

const LINT_EXAMPLES: &str = "\
RULES:
  vault-policy-syntax     the file is not a policy Vault accepts (error)
  vault-glob-invalid      `*` not last (it is then a literal `*`), `+` inside a segment
                          (`a+b` is literal), `+*` (Vault rejects the policy) (error)
  vault-policy-kv2-data   `secret/app/…` on a KV v2 mount: requests go to `secret/data/…`
                          and `secret/metadata/…` (error)
  vault-rule-shadowed     a rule that never decides: Vault applies only the most specific
                          matching pattern, it does not add patterns up (warning)
  vault-grant-spans-envs  one rule reaching secrets of several environments; needs
                          --prefix and --env (warning)

EXAMPLES:
  gitops-guard vault policy lint policies/*.hcl
  gitops-guard vault policy lint --prefix gitops-poc-dzha --env dev --env staging \\
      poc-dev-read.hcl
  gitops-guard vault policy lint --mount secret --mount kv --format json admin.hcl

EXIT CODES: 0 no errors, 1 errors found, 2 unreadable file or bad arguments.";

const CAPABILITIES_EXAMPLES: &str = "\
Paths are API paths, with the mount and `data/`: `secret/data/app/dev/config`.
The output is one line per path, `PATH<TAB>cap,cap`, sorted, and `deny` when nothing is
granted — exactly what `vault token capabilities` / `sys/capabilities` answer.

EXAMPLES:
  gitops-guard vault capabilities --policy poc-dev-read.hcl \\
      secret/data/gitops-poc-dzha/api-gw/dev/config
  gitops-guard vault capabilities -p a.hcl -p b.hcl --format json \\
      secret/metadata/app/ secret/data/app/x";

const RENDER_EXAMPLES: &str = "\
EXAMPLES:
  gitops-guard vault policy render --platform fixtures/example/gitops-config
  gitops-guard vault policy render --prefix gitops-poc-dzha --namespace-prefix poc \\
      --env dev --env staging
  gitops-guard vault policy render --prefix gitops-poc-dzha --namespace-prefix poc --env dev \\
      --service api-gw --service web-http --format json \\
      --preview-path gitops-poc-dzha/argocd/gitlab-preview/dev";

/// Output formats of `lint` and `capabilities`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Lines for people.
    Human,
    /// One JSON object.
    Json,
}

/// Output formats of `render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    /// Policies as HCL, roles as `vault write` comments.
    Hcl,
    /// `{"policies": {NAME: HCL}, "roles": {NAME: BODY}}`.
    Json,
}

/// Arguments of `vault policy lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Policy files (HCL).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// KV v2 mounts, for `vault-policy-kv2-data` (repeatable).
    #[arg(long = "mount", value_name = "MOUNT", default_value = "secret")]
    mounts: Vec<String>,
    /// The platform's `vaultPathPrefix`, for `vault-grant-spans-envs`.
    #[arg(long, value_name = "PREFIX", requires = "envs")]
    prefix: Option<String>,
    /// The platform's environments (repeatable), for `vault-grant-spans-envs`.
    #[arg(long = "env", value_name = "ENV", requires = "prefix")]
    envs: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// Arguments of `vault capabilities`.
#[derive(Debug, Args)]
pub struct CapabilitiesArgs {
    /// A policy file the token holds (repeat for several policies).
    #[arg(short = 'p', long = "policy", value_name = "FILE", required = true)]
    policies: Vec<PathBuf>,
    /// Request paths, e.g. `secret/data/app/dev/config`.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// Arguments of `vault policy render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Read prefix, namespace prefix, environments, mount, services and preview
    /// settings from this platform repository (the directory holding platform/base.yaml).
    #[arg(long, value_name = "DIR", conflicts_with_all = ["prefix", "namespace_prefix", "envs", "services", "mount", "preview_path"])]
    platform: Option<String>,
    /// `global.vaultPathPrefix`, e.g. `gitops-poc-dzha`.
    #[arg(long, value_name = "PREFIX", required_unless_present = "platform")]
    prefix: Option<String>,
    /// `global.namespacePrefix`, e.g. `poc` (namespaces `poc-dev`, …).
    #[arg(long, value_name = "PREFIX", default_value = "")]
    namespace_prefix: String,
    /// Enabled environments (repeatable).
    #[arg(long = "env", value_name = "ENV", required_unless_present = "platform")]
    envs: Vec<String>,
    /// Registered services (repeatable).
    #[arg(long = "service", value_name = "SERVICE")]
    services: Vec<String>,
    /// The KV v2 mount.
    #[arg(long, value_name = "MOUNT", default_value = "secret")]
    mount: String,
    /// `previewEnvironments.vault.path`; adds `argocd-preview-read` and `argocd-preview`.
    #[arg(long, value_name = "PATH")]
    preview_path: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RenderFormat::Hcl)]
    format: RenderFormat,
}

/// The Vault settings of the platform repository at `dir`.
fn platform_vault_settings(dir: &str) -> anyhow::Result<PlatformVaultSettings> {
    let dir = dir.trim_end_matches('/').to_owned();
    if !std::path::Path::new(&dir)
        .join("platform/base.yaml")
        .is_file()
    {
        anyhow::bail!("{dir}: no platform/base.yaml (give the platform repository's root)");
    }
    let options = gg_platform::LoadOptions {
        platform_dir: Some(dir.clone()),
        ..gg_platform::LoadOptions::default()
    };
    let platform = gg_platform::load_platform(&crate::fs_source::FsSource, &[], &options);
    for issue in &platform.issues {
        eprintln!("warning: {}: {}", issue.file, issue.message);
    }
    let settings = &platform.settings;
    let preview = &platform.config.preview;
    let preview_enabled = preview.enabled.as_ref().is_some_and(|e| e.value);
    Ok(PlatformVaultSettings {
        vault_path_prefix: settings.vault_path_prefix.value.clone(),
        namespace_prefix: settings.namespace_prefix.value.clone(),
        environments: settings
            .environment_names()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        mount: Kv2Mount::new(&settings.vault_mount.value),
        services: settings
            .registry
            .entries
            .iter()
            .map(|e| e.name.value.clone())
            .collect(),
        preview: preview
            .vault_path
            .as_ref()
            .filter(|_| preview_enabled)
            .map(|path| PreviewVault {
                path: path.value.clone(),
            }),
    })
}

/// Runs a vault subcommand.
pub fn run(cmd: VaultCommand) -> anyhow::Result<Outcome> {
    match cmd {
        VaultCommand::Policy(PolicyCommand::Lint(args)) => lint(&args),
        VaultCommand::Policy(PolicyCommand::Render(args)) => render(&args),
        VaultCommand::Capabilities(args) => capabilities(&args),
    }
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn lint(args: &LintArgs) -> anyhow::Result<Outcome> {
    let context = LintContext {
        kv2_mounts: args.mounts.iter().map(|m| Kv2Mount::new(m)).collect(),
        platform: args.prefix.as_ref().map(|prefix| PlatformScope {
            mount: args
                .mounts
                .first()
                .map_or_else(Kv2Mount::default, |m| Kv2Mount::new(m)),
            vault_path_prefix: prefix.clone(),
            environments: args.envs.clone(),
        }),
    };
    let mut results: Vec<(String, Vec<Finding>)> = Vec::new();
    let mut unreadable = Vec::new();
    for file in &args.files {
        match read(file) {
            Ok(text) => results.push((
                file.display().to_string(),
                lint_policy_text(&text, &context),
            )),
            Err(err) => unreadable.push(err),
        }
    }
    let all = || {
        results
            .iter()
            .flat_map(|(file, findings)| findings.iter().map(move |f| (file, f)))
    };
    let errors = all().filter(|(_, f)| f.severity == Severity::Error).count();
    let warnings = all()
        .filter(|(_, f)| f.severity == Severity::Warning)
        .count();
    match args.format {
        Format::Human => {
            for (file, f) in all() {
                println!(
                    "{file}:{}:{}: {}[{}]: {}",
                    f.position.line,
                    f.position.column,
                    f.severity.as_str(),
                    f.rule,
                    f.message
                );
                println!("  help: {}", f.help);
            }
        }
        Format::Json => {
            let diagnostics: Vec<_> = all()
                .map(|(file, f)| {
                    json!({"rule": f.rule.as_str(), "severity": f.severity.as_str(), "file": file, "line": f.position.line,
                           "column": f.position.column, "env": null, "message": f.message, "help": f.help})
                })
                .collect();
            let report = json!({"version": 1, "diagnostics": diagnostics, "summary": {"files": results.len(), "errors": errors, "warnings": warnings}});
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
    }
    if let Some(first) = unreadable.into_iter().next() {
        return Err(first);
    }
    Ok(if errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn capabilities(args: &CapabilitiesArgs) -> anyhow::Result<Outcome> {
    let mut policies: Vec<Policy> = Vec::new();
    for file in &args.policies {
        let text = read(file)?;
        policies.push(
            parse_policy(&text)
                .with_context(|| format!("{} is not a valid policy", file.display()))?,
        );
    }
    let acl = Acl::new(&policies).context("Vault would reject these policies")?;
    match args.format {
        Format::Human => {
            for path in &args.paths {
                println!("{path}\t{}", acl.capabilities(path));
            }
        }
        Format::Json => {
            let answers: Vec<_> = args
                .paths
                .iter()
                .map(|path| {
                    let decision = acl.decide(path);
                    json!({"path": path, "capabilities": decision.capabilities.to_report(), "rule": decision.matched.map(|m| m.pattern)})
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&json!({ "paths": answers }))?
            );
        }
    }
    Ok(Outcome::Clean)
}

fn render(args: &RenderArgs) -> anyhow::Result<Outcome> {
    let settings = match &args.platform {
        Some(dir) => platform_vault_settings(dir)?,
        None => PlatformVaultSettings {
            vault_path_prefix: args.prefix.clone().unwrap_or_default(),
            namespace_prefix: args.namespace_prefix.clone(),
            environments: args.envs.clone(),
            mount: Kv2Mount::new(&args.mount),
            services: args.services.clone(),
            preview: args.preview_path.clone().map(|path| PreviewVault { path }),
        },
    };
    let generated = settings.generate();
    match args.format {
        RenderFormat::Hcl => {
            for named in &generated.policies {
                println!(
                    "# policy \"{}\" (sys/policies/acl/{})",
                    named.name, named.name
                );
                println!("{}", print_policy(&named.policy));
            }
            for role in &generated.roles {
                println!(
                    "# role auth/kubernetes/role/{}: {}",
                    role.name,
                    serde_json::to_string(role)?
                );
            }
        }
        RenderFormat::Json => {
            let mut policies = serde_json::Map::new();
            for named in &generated.policies {
                policies.insert(named.name.clone(), print_policy(&named.policy).into());
            }
            let mut roles = serde_json::Map::new();
            for role in &generated.roles {
                roles.insert(role.name.clone(), serde_json::to_value(role)?);
            }
            println!(
                "{}",
                serde_json::to_string_pretty(&json!({"policies": policies, "roles": roles}))?
            );
        }
    }
    Ok(Outcome::Clean)
}
