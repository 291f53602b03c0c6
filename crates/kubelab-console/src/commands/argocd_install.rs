//! `kubectl apply -n argocd -f https://raw.githubusercontent.com/argoproj/argo-cd/stable/manifests/install.yaml`
//! (or a release's `.../argo-cd/vX.Y.Z/manifests/install.yaml`, or `create -f`): the URL is
//! resolved by name, without a network, to the install of `kubelab_sim::argocd::install`, and
//! kubectl's line for every object of the manifest is printed in its order: `created`, then
//! `unchanged` when applied again (`create -f` again: AlreadyExists per object). Into a
//! namespace that does not exist the cluster-scoped objects (CRDs, ClusterRoles and their
//! bindings) are still created and every namespaced one fails with NotFound, as with kubectl.
//! A server that does not serve `apiextensions.k8s.io/v1` (before 1.16: the course era's 1.11)
//! cannot take the CRDs: kubectl says it cannot recognise them and the `Application` kind stays
//! unknown.
//!
//! Also the gate of the `Application` kind: before the CRDs are installed the API server does
//! not serve it (`error: the server doesn't have a resource type "applications"`, and a
//! manifest gets kubectl's "ensure CRDs are installed first").
//!
//! Simplified: no last-applied annotation; a dry run prints the lines and changes nothing.

use super::*;
use kubelab_sim::argocd::install::{cluster_scoped, MANIFEST};

const PREFIX: &str = "https://raw.githubusercontent.com/argoproj/argo-cd/";

/// Whether `name` (an `-f` value) is Argo CD's install manifest (`stable`, `master` or a release).
pub(super) fn is_install_url(name: &str) -> bool {
    name.strip_prefix(PREFIX)
        .and_then(|rest| rest.strip_suffix("/manifests/install.yaml"))
        .is_some_and(|r| r == "stable" || r == "master" || (r.starts_with('v') && r.len() > 1 && !r.contains('/')))
}

/// Whether the cluster serves the `Application` kind (its CRD is installed).
pub(crate) fn application_served(c: &Console) -> bool {
    c.cluster.argocd_namespace().is_some()
}

/// kubectl's error for a manifest of a kind whose CRD is not installed, if `obj` is one.
pub(super) fn unserved_manifest(c: &Console, obj: &Object, source: &str) -> Option<String> {
    (obj.kind() == Kind::Application && !application_served(c)).then(|| {
        format!(
            "error: resource mapping not found for name: \"{}\" namespace: \"{}\" from \"{source}\": no matches for kind \"Application\" in version \"{}\"\nensure CRDs are installed first",
            obj.meta().name,
            obj.meta().namespace.as_deref().unwrap_or(""),
            obj.api_version()
        )
    })
}

/// Handles `create|apply -f URL` when the only `-f` is Argo CD's install manifest; false if not.
pub(super) fn apply(c: &mut Console, ctx: &Ctx, out: &mut Output, apply: bool) -> bool {
    let files = ctx.flags.all("filename");
    let [url] = files.as_slice() else { return false };
    if !is_install_url(url) {
        return false;
    }
    let ns = namespace(ctx);
    let dry_run = ctx.flags.get("dry-run").is_some_and(|d| d != "none" && d != "false");
    let crds_served = c.cluster.version().at_least(16);
    let before = c.cluster.get(Kind::StatefulSet, &ns, kubelab_sim::argocd::install::CONTROLLER).is_some();
    let ns_exists = c.cluster.namespace_exists(&ns);
    let results = if dry_run { Vec::new() } else { c.cluster.install_argocd(&ns) };
    let mut modelled = results.iter();
    let mut errors = Vec::new();
    for (kind, name, is_modelled) in MANIFEST {
        if kind.starts_with("customresourcedefinition") && !crds_served {
            errors.push(format!(
                "error: unable to recognize \"{url}\": no matches for kind \"CustomResourceDefinition\" in version \"apiextensions.k8s.io/v1\""
            ));
            continue;
        }
        let result: Result<bool, String> = if dry_run {
            Ok(!before)
        } else if *is_modelled {
            match modelled.next() {
                Some(Ok(created)) => Ok(*created),
                Some(Err(e)) => Err(api_error(c, e, None)),
                None => Ok(!before),
            }
        } else if cluster_scoped(kind) || ns_exists {
            Ok(!before)
        } else {
            Err(format!("Error from server (NotFound): namespaces \"{ns}\" not found"))
        };
        match result {
            Ok(new) => match super::install_line::object_line(kind, name, url, new, apply, dry_run) {
                Ok(line) => out.out(&line),
                Err(e) => errors.push(e),
            },
            Err(e) => {
                let e = e.strip_prefix("Error from server (NotFound): ").map_or(e.clone(), |rest| {
                    format!("Error from server (NotFound): error when creating \"{url}\": {rest}")
                });
                errors.push(e);
            }
        }
    }
    for e in errors {
        out.err(&e);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_urls() {
        assert!(is_install_url("https://raw.githubusercontent.com/argoproj/argo-cd/stable/manifests/install.yaml"));
        assert!(is_install_url("https://raw.githubusercontent.com/argoproj/argo-cd/v3.5.1/manifests/install.yaml"));
        assert!(!is_install_url("https://raw.githubusercontent.com/argoproj/argo-cd/stable/manifests/ha/install.yaml"));
        assert!(!is_install_url("https://raw.githubusercontent.com/argoproj/argo-cd/v/manifests/install.yaml"));
    }
}
