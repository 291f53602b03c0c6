//! `kubectl apply -n argo-rollouts -f
//! https://github.com/argoproj/argo-rollouts/releases/latest/download/install.yaml` (or
//! `create -f`, or a release's own `.../releases/download/vX.Y.Z/install.yaml`): the URL is
//! resolved by name, without a network, to the addon of `kubelab_sim::cluster::argo`, and
//! kubectl's line for every object of the release manifest is printed in its order (`created`,
//! `unchanged` when applied again, AlreadyExists per object for `create -f` again). A
//! namespaced object whose namespace does not exist gets the API server's NotFound, as with
//! the real manifest (`kubectl create namespace argo-rollouts` comes first).
//!
//! Simplified: the CRDs and the RBAC objects are not kept as objects (only the fact that the
//! CRDs exist: the `argoproj.io` kinds are served from then on); the objects carry no
//! last-applied annotation; a dry run prints the lines and changes nothing.

use super::*;
use kubelab_sim::cluster::argo::addon::{self, Installed};

const RELEASES: &str = "https://github.com/argoproj/argo-rollouts/releases/";

/// Whether `name` (an `-f` value) is an Argo Rollouts release's `install.yaml`.
pub(crate) fn is_install_url(name: &str) -> bool {
    name.strip_prefix(RELEASES).is_some_and(|rest| {
        rest == "latest/download/install.yaml"
            || rest
                .strip_prefix("download/")
                .and_then(|r| r.strip_suffix("/install.yaml"))
                .is_some_and(|v| v.starts_with('v') && !v.contains('/') && v.len() > 1)
    })
}

/// Handles `create|apply -f URL` when the only `-f` is the release manifest; false if not.
pub(crate) fn apply(c: &mut Console, ctx: &Ctx, out: &mut Output, apply: bool) -> bool {
    let files = ctx.flags.all("filename");
    let [url] = files.as_slice() else { return false };
    // The course era's cluster (2018) has no Argo Rollouts: the URL is not resolved there.
    if !is_install_url(url) || resources::resolve("rollouts", c.profile).is_none() {
        return false;
    }
    let ns = namespace(ctx);
    let dry_run = ctx.flags.get("dry-run").is_some_and(|d| d != "none" && d != "false");
    let answers: Vec<Installed> = if dry_run {
        let fresh = !c.cluster.argo_rollouts_installed();
        addon::MANIFEST.iter().map(|_| if fresh { Installed::Created } else { Installed::Unchanged }).collect()
    } else {
        c.cluster.install_argo_rollouts(&ns)
    };
    for ((kind, name, _, _), answer) in addon::MANIFEST.iter().zip(answers) {
        match answer {
            Installed::Created => {
                let suffix = if dry_run { " (dry run)" } else { "" };
                out.out(&format!("{kind}/{name} created{suffix}"));
            }
            Installed::Unchanged if apply => out.out(&format!("{kind}/{name} unchanged")),
            Installed::Unchanged => {
                let (singular, group) = kind.split_once('.').unwrap_or((kind, ""));
                let plural = if group.is_empty() { format!("{singular}s") } else { format!("{singular}s.{group}") };
                out.err(&format!(
                    "Error from server (AlreadyExists): error when creating \"{url}\": {plural} \"{name}\" already exists"
                ));
            }
            Installed::NoNamespace => out.err(&format!(
                "Error from server (NotFound): error when creating \"{url}\": namespaces \"{ns}\" not found"
            )),
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_urls() {
        assert!(is_install_url("https://github.com/argoproj/argo-rollouts/releases/latest/download/install.yaml"));
        assert!(is_install_url("https://github.com/argoproj/argo-rollouts/releases/download/v1.9.1/install.yaml"));
        assert!(!is_install_url(
            "https://github.com/argoproj/argo-rollouts/releases/latest/download/dashboard-install.yaml"
        ));
        assert!(!is_install_url("https://github.com/argoproj/argo-rollouts/releases/download//install.yaml"));
        assert!(!is_install_url("https://example.com/install.yaml"));
    }
}
