//! Mapping of command outcomes to the process exit codes of the CLI contract.

use std::process::ExitCode;

/// What a command reports back to `main` when it ran to completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Nothing at error severity was found.
    Clean,
    /// At least one finding at error severity.
    Findings,
    /// A command with its own exit-code contract, already reported
    /// (`vault plan`: 0 no changes, 1 error, 2 changes).
    Code(u8),
}

/// Turns a command result into the exit code: 0 clean, 1 findings, 2 failure.
pub(crate) fn finish(result: anyhow::Result<Outcome>) -> ExitCode {
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Code(code)) => ExitCode::from(code),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
