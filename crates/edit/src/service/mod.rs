//! The files of a new service (what the seed's template directory plus
//! `sed 's/{{SERVICE_NAME}}/…/'` produced), written to lint clean as generated:
//! canonical secret paths, the image only in overlays, hpa/pdb only in
//! staging/prod, a yaml-language-server schema modeline, and a `.gitlab-ci.yml`
//! whose update jobs use `gitops-guard set-image`.

mod gitlab_ci;
mod spec;
mod values;

pub use spec::{GeneratedFile, ServiceSpec, ValuesPlatform};

pub use gitlab_ci::monorepo_root_pipeline;

use crate::error::EditError;

/// Every file of a new service, with paths relative to the service repository
/// root (`[SUBDIR/].cicd/default.yaml`, one overlay per environment, and
/// `[SUBDIR/].gitlab-ci.yml`).
///
/// # Errors
/// [`EditError::InvalidName`] for a service name, sub-directory, environment or
/// secret key that cannot be used.
pub fn service_files(
    spec: &ServiceSpec,
    platform: &ValuesPlatform,
) -> Result<Vec<GeneratedFile>, EditError> {
    spec.validate(platform)?;
    let cicd = spec.cicd_dir();
    let mut files = vec![GeneratedFile {
        path: format!("{cicd}/default.yaml"),
        text: values::default_values(spec, platform),
    }];
    files.extend(platform.environments.iter().map(|env| GeneratedFile {
        path: format!("{cicd}/{env}.yaml"),
        text: values::overlay_values(spec, platform, env),
    }));
    files.push(GeneratedFile {
        path: spec.in_service_dir(".gitlab-ci.yml"),
        text: gitlab_ci::pipeline(spec, platform),
    });
    Ok(files)
}
