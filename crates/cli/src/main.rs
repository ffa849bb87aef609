//! `gitops-guard`: the command-line edge of the validation core.
//!
//! Every subcommand lives in its own module under `commands/`; this file only
//! parses arguments, dispatches, and turns errors into exit codes.
#![forbid(unsafe_code)]

mod atomic;
mod clock;
mod commands;
mod exit;
mod output;
mod platform_dir;
mod service_dir;

use clap::{CommandFactory, Parser, Subcommand};

/// mimalloc: linting and admission reviews allocate many small, short-lived
/// trees, and the system allocator spent a third of the instructions on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Keeps a GitOps platform's configuration correct before it reaches a cluster.
///
/// gitops-guard reads the k8app Helm values of your services (`.cicd/default.yaml`
/// plus one overlay per environment), the platform repository (`platform/*.yaml`,
/// `shared/k8app-defaults.yaml`) and the Vault policies the platform generates, and
/// reports mistakes at the file, line and column you have to edit.
#[derive(Debug, Parser)]
#[command(
    name = "gitops-guard",
    version,
    propagate_version = true,
    max_term_width = 100,
    after_long_help = "EXIT CODES:\n  0    no errors found\n  1    errors found (warnings alone exit 0)\n  2    usage error, unreadable input or I/O failure (vault plan: changes to apply)\n  64   usage error of vault plan\n  141  standard output closed before everything was written (`| head`)\n\nSee `gitops-guard <COMMAND> --help` for each command's details and examples."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint `.cicd/` values and the platform repository (the CI job).
    Lint(commands::lint::LintArgs),
    /// List the rules with their default severities.
    Rules(commands::rules::RulesArgs),
    /// Explain a rule: what it catches, why it matters, how to fix it.
    Explain(commands::rules::ExplainArgs),
    /// Vault: lint policies, evaluate capabilities, render the platform's policies.
    #[command(
        subcommand,
        after_long_help = "EXAMPLES:
  gitops-guard vault policy lint gitops-config/policies/poc-dev-read.hcl
  gitops-guard vault capabilities --policy poc-dev-read.hcl secret/data/gitops-poc-dzha/api-gw/dev/config
  gitops-guard vault policy render --platform gitops-config
  gitops-guard vault plan --platform gitops-config      # 0 no changes, 2 changes, 1 error, 64 usage
  gitops-guard vault apply --platform gitops-config
  gitops-guard vault check --platform gitops-config services/

`gitops-guard vault <COMMAND> --help` explains each."
    )]
    Vault(commands::vault::VaultCommand),
    /// Print the JSON Schema of `.cicd/*.yaml` values for editors.
    Schema(commands::schema::SchemaArgs),
    /// Print a service's merged values for one environment, with the file:line of every value.
    Values(commands::values::ValuesArgs),
    /// Serve the browser preview (built by scripts/build-wasm.sh) on localhost.
    Preview(commands::preview::PreviewArgs),
    /// Render the Kubernetes objects k8app produces for a service in one environment.
    Render(commands::render::RenderArgs),
    /// Platform-core: render the namespaces, Vault objects, gateways and Applications.
    #[command(
        subcommand,
        after_long_help = "EXAMPLES:
  gitops-guard platform render --platform gitops-config
  gitops-guard platform render --platform gitops-config --expand --format json

`gitops-guard platform render --help` lists what is rendered."
    )]
    Platform(commands::platform::PlatformCommand),
    /// Set a service's image tag (and repository) in .cicd/ENV.yaml, keeping the file's format.
    SetImage(commands::set_image::SetImageArgs),
    /// Create a new service's .cicd/ values and pipeline (and register it in the platform).
    NewService(commands::new_service::NewServiceArgs),
    /// Write or update platform/base.yaml from the platform's .env file.
    Init(commands::init::InitArgs),
    /// Serve the admission webhook: the same rules at the cluster door.
    Serve(commands::serve::ServeArgs),
    /// Print the shell completion script for bash, zsh, fish, powershell or elvish.
    Completions(commands::completions::CompletionsArgs),
    /// Print the manual page, or write one per command into a directory.
    Man(commands::man::ManArgs),
}

fn main() -> std::process::ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return exit::finish_parse_error(&err, is_vault_plan(std::env::args())),
    };
    let result = match cli.command {
        Command::Lint(args) => commands::lint::run(args),
        Command::Rules(args) => commands::rules::list(args),
        Command::Explain(args) => commands::rules::explain(args),
        Command::Vault(cmd) => commands::vault::run(cmd),
        Command::Schema(args) => commands::schema::run(args),
        Command::Values(args) => commands::values::run(args),
        Command::Preview(args) => commands::preview::run(args),
        Command::Render(args) => commands::render::run(args),
        Command::Platform(cmd) => commands::platform::run(cmd),
        Command::SetImage(args) => commands::set_image::run(args),
        Command::NewService(args) => commands::new_service::run(args),
        Command::Init(args) => commands::init::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Completions(args) => commands::completions::run(args, Cli::command()),
        Command::Man(args) => commands::man::run(args, Cli::command()),
    };
    exit::finish(result)
}

/// True when the command line asks for `vault plan`, whose usage errors
/// exit 64: its 2 means "changes to apply".
fn is_vault_plan(args: impl Iterator<Item = String>) -> bool {
    let words: Vec<String> = args
        .skip(1)
        .filter(|arg| !arg.starts_with('-'))
        .take(2)
        .collect();
    words == ["vault", "plan"]
}
