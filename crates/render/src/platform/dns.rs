//! The external-dns annotations the platform's Gateways share.

use super::text::{Tmpl, show};
use crate::error::RenderError;
use crate::gotmpl;

/// `{{- if and (eq .Values.ingress.provider "cloudflare-tunnel")
/// .Values.ingress.cloudflare.tunnelId }}` and the `target` annotation it
/// writes (the tunnel's `cfargotunnel.com` name); whether it wrote it.
pub(super) fn tunnel_target(t: &mut Tmpl<'_>) -> Result<bool, RenderError> {
    let tunnel = gotmpl::eq_str(t.get("ingress.provider")?, "cloudflare-tunnel", "eq")
        .map_err(|e| t.fail(e))?
        && gotmpl::truthy(t.get("ingress.cloudflare.tunnelId")?);
    if tunnel {
        let id = show(t.get("ingress.cloudflare.tunnelId")?);
        t.push(&format!(
            "\n    external-dns.alpha.kubernetes.io/target: \"{id}.cfargotunnel.com\""
        ));
    }
    Ok(tunnel)
}
