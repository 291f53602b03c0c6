//! `kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml`
//! (or `create -f`, or a release's own `.../releases/download/vX.Y.Z/components.yaml`): the
//! URL is resolved by name, without a network, to the addon of `kubelab_sim::usage::server`,
//! and kubectl's lines for every object of the release manifest are printed in its order:
//! `created`, then `unchanged` when applied again (`create -f` again: AlreadyExists per
//! object). The RBAC objects and the APIService are kinds the lab does not simulate: they get
//! their confirmation lines and nothing else.
//!
//! Simplified: the objects are created without kubectl's last-applied annotation; the course
//! era's 1.11 server takes the current manifest as it is (a real one would refuse fields it did
//! not know yet, such as `seccompProfile`); a dry run prints the lines and changes nothing.

use super::*;
use kubelab_sim::usage::server::{self, MANIFEST};

const RELEASES: &str = "https://github.com/kubernetes-sigs/metrics-server/releases/";

/// Whether `name` (an `-f` value) is a metrics-server release's `components.yaml`.
pub(super) fn is_components_url(name: &str) -> bool {
    name.strip_prefix(RELEASES).is_some_and(|rest| {
        rest == "latest/download/components.yaml"
            || rest
                .strip_prefix("download/")
                .and_then(|r| r.strip_suffix("/components.yaml"))
                .is_some_and(|v| v.starts_with('v') && !v.contains('/') && v.len() > 1)
    })
}

/// Handles `create|apply -f URL` when the only `-f` is metrics-server's manifest; false if not.
pub(super) fn apply(c: &mut Console, ctx: &Ctx, out: &mut Output, apply: bool) -> bool {
    let files = ctx.flags.all("filename");
    let [url] = files.as_slice() else { return false };
    if !is_components_url(url) {
        return false;
    }
    let dry_run = ctx.flags.get("dry-run").is_some_and(|d| d != "none" && d != "false");
    let before = server::installed(&c.cluster);
    let created = if dry_run { Vec::new() } else { c.cluster.install_metrics_server() };
    let mut modelled = created.iter();
    for (kind, name, is_modelled) in MANIFEST {
        let new = if dry_run {
            !before
        } else if *is_modelled {
            modelled.next().copied().unwrap_or(false)
        } else {
            !before
        };
        match super::install_line::object_line(kind, name, url, new, apply, dry_run) {
            Ok(line) => out.out(&line),
            Err(e) => out.err(&e),
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_urls() {
        assert!(is_components_url(
            "https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml"
        ));
        assert!(is_components_url(
            "https://github.com/kubernetes-sigs/metrics-server/releases/download/v0.7.2/components.yaml"
        ));
        assert!(!is_components_url(
            "https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/high-availability.yaml"
        ));
        assert!(!is_components_url("https://example.com/components.yaml"));
        assert!(!is_components_url(
            "https://github.com/kubernetes-sigs/metrics-server/releases/download//components.yaml"
        ));
    }
}
