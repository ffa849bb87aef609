//! `unknown-key` and `type-mismatch`: a values file checked against the k8app schema.

use gg_yaml::Node;

use crate::context::PlatformContext;
use crate::diagnostic::Diagnostic;

/// Checks the shape of one values file against the schema of the platform's chart version.
pub fn check(_ctx: &PlatformContext<'_>, _path: &str, _root: &Node, _out: &mut Vec<Diagnostic>) {}
