//! How to fix a finding, as data rather than prose: the values key, the
//! files that set it and whose they are. Surfaces compose their own text
//! from it (the webhook's warnings and denials, the report formats).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::edit::Edit;

/// The service and ArgoCD Application a fix belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Owner {
    /// The service's registry name.
    pub service: String,
    /// The ArgoCD Application (= Helm release), `{service}-{env}`.
    pub application: String,
}

/// Where to make the change that fixes a finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Fix {
    /// The values key to change (`imagePullSecrets`), when one is known.
    pub key: Option<String>,
    /// The files to change it in, the most specific first.
    pub files: Vec<String>,
    /// The service and Application those files belong to, when known.
    pub owner: Option<Owner>,
    /// The change itself, when it is mechanical (applying it fixes the
    /// finding and raises no other); empty when it needs a person.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<Edit>,
}

impl Fix {
    /// The instruction alone: ``fix `key` in a.yaml or b.yaml``.
    pub fn instruction(&self) -> String {
        let what = self
            .key
            .as_ref()
            .map_or_else(|| "it".to_owned(), |key| format!("`{key}`"));
        if self.files.is_empty() {
            return format!("fix {what}");
        }
        format!("fix {what} in {}", self.files.join(" or "))
    }
}

impl fmt::Display for Fix {
    /// The instruction and, when known, whose files they are.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.instruction())?;
        match &self.owner {
            Some(owner) => write!(
                f,
                " (service `{}`, Application `{}`)",
                owner.service, owner.application
            ),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_as_one_instruction_with_its_owner() {
        let fix = Fix {
            key: Some("imagePullSecrets".into()),
            files: vec!["o/.cicd/prod.yaml".into(), "o/.cicd/default.yaml".into()],
            owner: Some(Owner {
                service: "orders".into(),
                application: "orders-prod".into(),
            }),
            edits: vec![],
        };
        assert_eq!(
            fix.to_string(),
            "fix `imagePullSecrets` in o/.cicd/prod.yaml or o/.cicd/default.yaml (service `orders`, Application `orders-prod`)"
        );
        let bare = Fix {
            key: None,
            files: vec![],
            owner: None,
            edits: vec![],
        };
        assert_eq!(bare.to_string(), "fix it");
    }
}
