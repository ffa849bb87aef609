//! `gitops-guard vault …`: policy lint, capability evaluation, policy rendering, and
//! the bootstrap of a live Vault (`plan`, `apply`, `check`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};
use gg_vault::{
    Acl, Kv2Mount, LintContext, PlatformScope, PlatformVaultSettings, Policy, PreviewVault,
    lint_policy_text, parse_policy, print_policy,
};
use serde_json::json;

use gg_diagnostic::normalize_path;
use gg_platform::FsSource;

use crate::exit::{self, Outcome, usage};
use crate::output;
use crate::platform_dir::{PlatformArgs, open_platform, print_warnings};
use crate::status;

/// Vault subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum VaultCommand {
    /// Lint policy files or render the platform's policies and roles.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// What a token holding these policies may do on each path (like `sys/capabilities`).
    #[command(after_help = CAPABILITIES_EXAMPLES)]
    Capabilities(CapabilitiesArgs),
    /// Show what `apply` would change in a live Vault (exit 0: nothing, 2: changes,
    /// 1: error, 64: usage error).
    #[command(after_help = PLAN_HELP)]
    Plan(BootstrapArgs),
    /// Bring a live Vault to the platform's state: mount, Kubernetes auth, policies,
    /// roles, placeholder secrets (create-only). A second apply changes nothing.
    #[command(after_help = APPLY_HELP)]
    Apply(BootstrapArgs),
    /// Read-only: the secrets every service × env reads exist, hold a key per env var,
    /// and the env's live policy grants them.
    #[command(after_help = CHECK_HELP)]
    Check(CheckArgs),
}

/// `vault policy …` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum PolicyCommand {
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

The report formats are those of `gitops-guard lint` (--format human|json|sarif|junit|codequality).

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

/// Output formats of `capabilities`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Lines for people.
    Human,
    /// One JSON object.
    Json,
}

/// Output formats of `render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RenderFormat {
    /// Policies as HCL, roles as `vault write` comments.
    Hcl,
    /// `{"policies": {NAME: HCL}, "roles": {NAME: BODY}}`.
    Json,
}

/// Arguments of `vault policy lint`.
#[derive(Debug, Args)]
pub(crate) struct LintArgs {
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
    /// Output format: human, json, sarif, junit, codequality.
    #[arg(long, default_value = "human", value_name = "FORMAT")]
    format: gg_report::Format,
    /// Write the report to FILE instead of the terminal.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Arguments of `vault capabilities`.
#[derive(Debug, Args)]
pub(crate) struct CapabilitiesArgs {
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
pub(crate) struct RenderArgs {
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

/// Loads the platform repository at `dir`, warning about its findings on stderr.
fn load_platform_dir(dir: &str) -> anyhow::Result<gg_platform::Platform> {
    let platform = open_platform(dir, &[])?;
    print_warnings(&platform.issues);
    Ok(platform)
}

/// The Vault settings of the platform repository at `dir`.
fn platform_vault_settings(dir: &str) -> anyhow::Result<PlatformVaultSettings> {
    Ok(load_platform_dir(dir)?.vault_settings())
}

/// Runs a vault subcommand.
pub(crate) fn run(cmd: VaultCommand) -> anyhow::Result<Outcome> {
    match cmd {
        VaultCommand::Policy(PolicyCommand::Lint(args)) => lint(&args),
        VaultCommand::Policy(PolicyCommand::Render(args)) => render(&args),
        VaultCommand::Capabilities(args) => capabilities(&args),
        VaultCommand::Plan(args) => finish_detailed(plan_or_apply(&args, false), true),
        VaultCommand::Apply(args) => {
            finish_detailed(plan_or_apply(&args, true).map(|_| false), false)
        }
        VaultCommand::Check(args) => check(&args),
    }
}

/// Reads a file the user named; failing to is a usage error.
fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path)
        .map_err(|err| usage(format!("cannot read {}: {err}", path.display())))
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
    let mut sources = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for file in &args.files {
        let shown = file.display().to_string();
        let text = read(file)?;
        diagnostics.extend(lint_policy_text(&shown, &text, &context));
        sources.insert(shown, text);
    }
    gg_diagnostic::sort_diagnostics(&mut diagnostics);
    print_report(
        args.format,
        &diagnostics,
        &sources,
        sources.len(),
        args.output.as_deref(),
    )
}

/// Prints findings in `format` (to `output` when given) and says whether any is an error.
fn print_report(
    format: gg_report::Format,
    diagnostics: &[gg_diagnostic::Diagnostic],
    sources: &BTreeMap<String, String>,
    files: usize,
    report_file: Option<&Path>,
) -> anyhow::Result<Outcome> {
    let report = gg_report::Report {
        diagnostics,
        summary: gg_diagnostic::Summary::new(diagnostics, files),
        sources,
        rules: gg_diagnostic::catalog(),
        tool_version: env!("CARGO_PKG_VERSION"),
    };
    let text = gg_report::render(format, &report, gg_report::RenderOptions::default())?;
    match report_file {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => output::print(text)?,
    }
    Ok(if report.summary.has_errors() {
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
                output::println(format!("{path}\t{}", acl.capabilities(path)))?;
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
            output::println(serde_json::to_string_pretty(&json!({ "paths": answers }))?)?;
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
                output::println(format!(
                    "# policy \"{}\" (sys/policies/acl/{})",
                    named.name, named.name
                ))?;
                output::println(print_policy(&named.policy))?;
            }
            for role in &generated.roles {
                output::println(format!(
                    "# role auth/kubernetes/role/{}: {}",
                    role.name,
                    serde_json::to_string(role)?
                ))?;
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
            output::println(serde_json::to_string_pretty(
                &json!({"policies": policies, "roles": roles}),
            )?)?;
        }
    }
    Ok(Outcome::Clean)
}

/// How `plan`, `apply` and `check` reach the server (ends their long help).
macro_rules! connection_help {
    () => {
        "

CONNECTION:
  VAULT_ADDR (or BAO_ADDR), VAULT_TOKEN (or BAO_TOKEN) or --token-file / VAULT_TOKEN_FILE,
  VAULT_NAMESPACE, VAULT_CACERT. The token is never printed. A 403, a sealed server or an
  unreachable address each end the run with a one-line explanation (with the HTTP status
  of a server that does not answer as Vault does)."
    };
}

const PLAN_HELP: &str = concat!(
    "WHAT IS COMPARED:
  KV v2 mount (vault.mount), auth/kubernetes (+ its config with --kubernetes-host and
  --kubernetes-ca-cert), the policies and roles `vault policy render` prints, the
  managed-roles ledger, and a placeholder secret per registered service × enabled env and
  at registry.vaultPath. Each object is create / update / unchanged; policy updates are
  shown as a unified diff. Policies and roles present in Vault but not generated are
  `unmanaged` (never touched) or, when they carry this tool's marker, `stale` (deleted
  only by `apply --prune`).

EXAMPLES:
  export VAULT_ADDR=https://vault.example:8200 VAULT_TOKEN=…
  gitops-guard vault plan --platform gitops-config \\
      --kubernetes-host https://k8s.example:6443 --kubernetes-ca-cert ca.pem
  # in a pipeline: apply only when the plan has changes
  gitops-guard vault plan --platform gitops-config; case $? in
    0) echo up to date ;; 2) gitops-guard vault apply --platform gitops-config ;; *) exit 1 ;; esac

EXIT CODES:
  0 no changes, 2 changes to apply (like terraform plan -detailed-exitcode), 1 error
  (Vault, connection, I/O), 64 usage error (a wrong flag, a --platform without
  platform/base.yaml, an unreadable file named by a flag): never 2, so a typo is not
  taken for changes.",
    connection_help!()
);

const APPLY_HELP: &str = concat!(
    "SAFETY:
  Secrets are only created (KV v2 check-and-set cas=0): an existing secret, any of its
  versions, is never written. Nothing is deleted without --prune, and --prune deletes only
  policies whose first line is `# managed-by: gitops-guard` and roles listed in the ledger
  (secret/gitops-guard/<prefix>/managed-roles); never secrets. Two applies at once converge;
  if the ledger changed underneath, one stops with a conflict message.

EXAMPLES:
  export VAULT_ADDR=https://vault.example:8200 VAULT_TOKEN=…
  gitops-guard vault apply --platform gitops-config \\
      --kubernetes-host https://k8s.example:6443 --kubernetes-ca-cert ca.pem
  gitops-guard vault apply --platform gitops-config --prune   # also delete what is stale

EXIT CODES: 0 applied (or nothing to do), 1 error, 2 usage error.",
    connection_help!()
);

const CHECK_HELP: &str = concat!(
    "RULES:
  secret-missing       a resolved secret path does not exist in Vault (error)
  secret-key-missing   the secret lacks the key named like the env var (error)
  secret-unreadable    the env's live policy does not grant read on it (error)
Findings point at the `secrets:` key of the file that set the entry. The platform is found
as `gitops-guard lint` finds it; its Vault prefix, namespace prefix and environments must
be known (a platform repository or facts declared in .gitops-guard.yaml).

EXAMPLES:
  gitops-guard vault check --platform gitops-config services/
  gitops-guard vault check --format sarif --output vault-check.sarif

EXIT CODES: 0 no errors, 1 errors found, 2 usage, connection or I/O failure.",
    connection_help!()
);

/// How to reach the server (flags win over the environment).
#[derive(Debug, Args)]
pub(crate) struct ConnectionArgs {
    /// Server address (default: VAULT_ADDR, then BAO_ADDR).
    #[arg(long, value_name = "URL")]
    address: Option<String>,
    /// Read the token from FILE (default: VAULT_TOKEN_FILE, else VAULT_TOKEN/BAO_TOKEN).
    #[arg(long, value_name = "FILE")]
    token_file: Option<String>,
    /// Vault namespace (default: VAULT_NAMESPACE).
    #[arg(long = "vault-namespace", value_name = "NS")]
    namespace: Option<String>,
    /// CA bundle for an https address (default: VAULT_CACERT).
    #[arg(long, value_name = "FILE")]
    ca_cert: Option<String>,
}

/// Arguments of `vault plan` and `vault apply`.
#[derive(Debug, Args)]
pub(crate) struct BootstrapArgs {
    /// The platform repository (holding platform/base.yaml); default: found near the
    /// working directory.
    #[arg(long, value_name = "DIR")]
    platform: Option<String>,
    /// `kubernetes_host` for auth/kubernetes/config; without it an existing config is
    /// left as it is.
    #[arg(
        long,
        env = "GG_KUBERNETES_HOST",
        value_name = "URL",
        requires = "kubernetes_ca_cert"
    )]
    kubernetes_host: Option<String>,
    /// PEM file of the cluster CA (`kubernetes_ca_cert`).
    #[arg(
        long,
        env = "GG_KUBERNETES_CA_CERT",
        value_name = "FILE",
        requires = "kubernetes_host"
    )]
    kubernetes_ca_cert: Option<PathBuf>,
    /// Leave out the per-service policies `{prefix}-{service}-{env}` and roles
    /// `{service}-{env}` (no VaultAuth uses them).
    #[arg(long)]
    no_service_roles: bool,
    /// Delete managed policies and roles the platform no longer generates.
    #[arg(long)]
    prune: bool,
    /// List unchanged objects too.
    #[arg(long, short)]
    verbose: bool,
    #[command(flatten)]
    connection: ConnectionArgs,
}

/// Arguments of `vault check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Service directories or files (default: the working directory).
    #[arg(value_name = "PATH")]
    paths: Vec<String>,
    #[command(flatten)]
    platform: PlatformArgs,
    /// Output format: human, json, sarif, junit, codequality, github.
    #[arg(long, default_value = "human", value_name = "FORMAT")]
    format: gg_report::Format,
    /// Write the report to FILE instead of the terminal.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    connection: ConnectionArgs,
}

fn connect(args: &ConnectionArgs) -> anyhow::Result<gg_vault_client::Vault> {
    let overrides = gg_vault_client::ConnectionOverrides {
        address: args.address.clone(),
        token_file: args.token_file.clone(),
        namespace: args.namespace.clone(),
        ca_cert: args.ca_cert.clone(),
    };
    let settings = gg_vault_client::ConnectionSettings::resolve(
        &overrides,
        &|name| std::env::var(name).ok(),
        &|path| std::fs::read_to_string(path).map_err(|e| e.to_string()),
    )?;
    Ok(gg_vault_client::Vault::connect(&settings)?)
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// The platform directory given, or the one found next to the working directory.
fn platform_root(given: Option<&str>) -> anyhow::Result<String> {
    given
        .map(str::to_owned)
        .or_else(|| crate::platform_dir::find_near(""))
        .ok_or_else(|| usage("no platform repository found: pass --platform DIR (the directory holding platform/base.yaml)"))
}

/// `plan` reports errors with exit code 1 and usage errors with 64 (its 2
/// means "changes"); `apply` errors with 1 and usage errors with 2.
fn finish_detailed(result: anyhow::Result<bool>, plan: bool) -> anyhow::Result<Outcome> {
    let code = match result {
        Ok(false) => 0,
        Ok(true) => 2,
        Err(err) if exit::is_closed_pipe(&err) => exit::CLOSED_PIPE,
        Err(err) => {
            status!("error: {}", exit::message(&err));
            match (exit::is_usage(&err), plan) {
                (true, true) => exit::PLAN_USAGE,
                (true, false) => exit::USAGE,
                (false, _) => 1,
            }
        }
    };
    Ok(Outcome::Code(code))
}

fn plan_or_apply(args: &BootstrapArgs, apply: bool) -> anyhow::Result<bool> {
    let dir = platform_root(args.platform.as_deref())?;
    let platform = load_platform_dir(&dir)?;
    let settings = platform.vault_settings();
    let kubernetes = match (&args.kubernetes_host, &args.kubernetes_ca_cert) {
        (Some(host), Some(ca)) => Some(gg_vault_client::KubernetesConfig {
            host: host.clone(),
            ca_cert: read(ca)?,
        }),
        _ => None,
    };
    let platform_settings = &platform.settings;
    let options = gg_vault_client::BootstrapOptions {
        kubernetes,
        service_roles: !args.no_service_roles,
        registry_path: platform_settings
            .registry_enabled
            .value
            .then(|| platform_settings.registry_vault_path.value.clone()),
    };
    let desired = gg_vault_client::DesiredState::new(&settings, &options);
    let vault = connect(&args.connection)?;
    let started = std::time::Instant::now();
    runtime()?.block_on(async {
        let live = gg_vault_client::read_live(&vault, &desired).await?;
        let plan = gg_vault_client::plan(&desired, &live, args.prune)?;
        output::print(plan.render(args.verbose))?;
        if !apply {
            return Ok(plan.has_changes());
        }
        let outcome = gg_vault_client::apply(&vault, &plan).await?;
        for note in &outcome.raced {
            output::println(format!("note: {note}"))?;
        }
        let counts = vault.counts();
        output::println(format!(
            "Applied {} changes to {} in {:.2}s ({} requests: {} reads, {} writes).",
            outcome.applied,
            vault.address(),
            started.elapsed().as_secs_f64(),
            counts.total(),
            counts.reads,
            counts.writes
        ))?;
        Ok(false)
    })
}

fn check(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let roots: Vec<String> = if args.paths.is_empty() {
        vec![String::new()]
    } else {
        args.paths.iter().map(|p| normalize_path(p)).collect()
    };
    for root in &roots {
        let shown = if root.is_empty() { "." } else { root.as_str() };
        if !Path::new(shown).exists() {
            return Err(usage(format!("{shown}: no such file or directory")));
        }
    }
    let discovery = args.platform.discover(&roots)?;
    let platform = gg_rules::parallel::load_platform(&FsSource, &roots, &discovery.options);
    status!("{}", discovery.describe(&platform));
    let settings_known = [
        &platform.settings.vault_path_prefix.origin,
        &platform.settings.namespace_prefix.origin,
    ]
    .into_iter()
    .all(|origin| platform.knows(origin))
        && platform.knows_environments();
    if !settings_known {
        return Err(usage(
            "vault check needs the platform's Vault prefix, namespace prefix and environments: pass --platform DIR or declare them under `platform:` in .gitops-guard.yaml",
        ));
    }
    let settings = platform.vault_settings();
    let uses = gg_vault_client::secret_uses(&platform);
    let vault = connect(&args.connection)?;
    let found = runtime()?.block_on(gg_vault_client::check_secrets(&vault, &settings, &uses))?;
    let mut diagnostics = gg_diagnostic::merge_across_envs(found, &settings.environments);
    gg_diagnostic::sort_diagnostics(&mut diagnostics);
    let sources: std::collections::BTreeMap<String, String> = diagnostics
        .iter()
        .map(|d| d.location.file.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter_map(|file| Some((file.clone(), std::fs::read_to_string(&file).ok()?)))
        .collect();
    let files: std::collections::BTreeSet<&str> =
        uses.iter().map(|u| u.location.file.as_str()).collect();
    print_report(
        args.format,
        &diagnostics,
        &sources,
        files.len(),
        args.output.as_deref(),
    )
}
