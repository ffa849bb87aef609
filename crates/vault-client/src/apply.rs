//! Carrying out a plan. Every write is idempotent or create-only, so an apply that
//! races another one converges on the same state or stops with a conflict message.

use serde_json::json;

use crate::error::ClientError;
use crate::http::Vault;
use crate::live::read_ledger;
use crate::plan::{Operation, Plan};

/// What an apply did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyOutcome {
    /// Changes written.
    pub applied: usize,
    /// Changes another writer had made first (an `apply` running at the same time).
    pub raced: Vec<String>,
}

/// Applies every writing change of `plan`, in order; stops at the first failure.
pub async fn apply(vault: &Vault, plan: &Plan) -> Result<ApplyOutcome, ClientError> {
    let mut outcome = ApplyOutcome::default();
    for change in &plan.changes {
        let Some(operation) = &change.operation else {
            continue;
        };
        let label = format!("{} {}", change.kind.as_str(), change.name);
        match execute(vault, operation).await? {
            Done::Written => outcome.applied += 1,
            Done::Raced(how) => outcome.raced.push(format!("{label}: {how}")),
        }
    }
    Ok(outcome)
}

enum Done {
    Written,
    Raced(&'static str),
}

async fn execute(vault: &Vault, operation: &Operation) -> Result<Done, ClientError> {
    match operation {
        Operation::Write { path, body } => vault.write(path, body).await.map(|()| Done::Written),
        Operation::Delete { path } => vault.delete(path).await.map(|()| Done::Written),
        Operation::Enable { path, body } => match vault.write(path, body).await {
            Ok(()) => Ok(Done::Written),
            Err(e) if api_error_says(&e, "already in use") => {
                Ok(Done::Raced("enabled by another writer meanwhile"))
            }
            Err(e) => Err(e),
        },
        Operation::CreateOnly { path, data } => {
            let body = json!({"options": {"cas": 0}, "data": data});
            match vault.write(path, &body).await {
                Ok(()) => Ok(Done::Written),
                Err(e) if api_error_says(&e, "check-and-set") => Ok(Done::Raced(
                    "created by another writer meanwhile; left alone",
                )),
                Err(e) => Err(e),
            }
        }
        Operation::Ledger {
            mount,
            path,
            cas,
            roles,
        } => {
            let body = json!({"options": {"cas": cas}, "data": {"roles": roles}});
            match vault.write(&format!("{mount}/data/{path}"), &body).await {
                Ok(()) => Ok(Done::Written),
                Err(e) if api_error_says(&e, "check-and-set") => {
                    let now = read_ledger(vault, mount, path).await?;
                    if now.roles == *roles {
                        Ok(Done::Raced(
                            "written identically by another writer meanwhile",
                        ))
                    } else {
                        Err(ClientError::Conflict(format!(
                            "another `vault apply` changed the managed-roles ledger {mount}/{path} while this one ran (version {cas} became {}); everything written so far is valid, run `gitops-guard vault plan` and apply again",
                            now.version
                        )))
                    }
                }
                Err(e) => Err(e),
            }
        }
    }
}

fn api_error_says(error: &ClientError, needle: &str) -> bool {
    matches!(error, ClientError::Api { status: 400, errors, .. } if errors.contains(needle))
}
