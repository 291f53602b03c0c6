//! metrics-server the way the course era installed it: the manifests of `deploy/1.8+/` in the
//! metrics-server Git repository at a v0.3.x tag (v0.3.0 to v0.3.7, the releases for
//! Kubernetes 1.8 and later, which a 1.11 cluster ran), applied by their raw URLs:
//!
//! ```text
//! kubectl apply -f https://raw.githubusercontent.com/kubernetes-incubator/metrics-server/v0.3.1/deploy/1.8+/auth-delegator.yaml -f ...
//! ```
//!
//! (`kubernetes-sigs` as well as the older `kubernetes-incubator` organisation, `+` also as
//! `%2B`). Each URL is resolved by name, without a network, to the objects that file of that tag
//! holds, and kubectl prints a line per object in the files' order: `created`, then `unchanged`
//! when applied again (`create -f` again: AlreadyExists). The file list per tag is the
//! repository's: `aggregated-metrics-reader.yaml` from v0.3.2 on, the Deployment in
//! `extensions/v1beta1` until v0.3.4 and in `apps/v1` from v0.3.5.
//!
//! Simplified: the lab's metrics-server addon (`kubelab_sim::usage::server`) is created whole
//! (its ServiceAccount, Service and Deployment, as the current release describes them) as soon
//! as one of the files holding those three is applied; the RBAC objects and the APIService are
//! kinds the lab does not simulate and only get their lines (`created` until the addon is
//! installed, `unchanged` after). A real v0.3 on a kubeadm cluster also needed
//! `--kubelet-insecure-tls` to scrape kubelets with self-signed certificates; the lab's scrapes
//! just work. A URL of another file, or of a directory, is not resolved here and is read as any
//! other `-f` value; so are these URLs on servers from 1.16 (the current profile), which no
//! longer serve the files' `extensions/v1beta1` (and, from 1.22, v1beta1 RBAC and APIService)
//! kinds.

use super::*;
use kubelab_sim::usage::server;

const ORGS: &[&str] = &["kubernetes-incubator", "kubernetes-sigs"];
const RAW: &str = "https://raw.githubusercontent.com/";

/// An object of a manifest file as kubectl names it (kind.group, name), and whether the lab
/// models it.
type Named = (&'static str, &'static str, bool);

/// The tag (its patch number) and the file a raw URL names, if it is a `deploy/1.8+` file of a
/// v0.3.x tag.
fn parse(url: &str) -> Option<(u32, &'static str)> {
    let rest = url.strip_prefix(RAW)?;
    let rest = ORGS.iter().find_map(|o| rest.strip_prefix(o)?.strip_prefix("/metrics-server/"))?;
    let (tag, path) = rest.split_once('/')?;
    let patch: u32 = tag.strip_prefix("v0.3.")?.parse().ok().filter(|p| *p <= 7)?;
    if tag != format!("v0.3.{patch}") {
        return None;
    }
    let file = path.strip_prefix("deploy/1.8+/").or_else(|| path.strip_prefix("deploy/1.8%2B/"))?;
    let file = files(patch).iter().find(|(f, _)| *f == file)?.0;
    Some((patch, file))
}

/// The files of `deploy/1.8+/` at v0.3.`patch`, each with its objects as kubectl names them
/// (kind.group, name) and whether the lab models the object.
fn files(patch: u32) -> Vec<(&'static str, Vec<Named>)> {
    const RBAC_CLUSTERROLE: &str = "clusterrole.rbac.authorization.k8s.io";
    const RBAC_BINDING: &str = "clusterrolebinding.rbac.authorization.k8s.io";
    let deployment = if patch >= 5 { "deployment.apps" } else { "deployment.extensions" };
    let mut out = Vec::new();
    if patch >= 2 {
        out.push((
            "aggregated-metrics-reader.yaml",
            vec![(RBAC_CLUSTERROLE, "system:aggregated-metrics-reader", false)],
        ));
    }
    out.push(("auth-delegator.yaml", vec![(RBAC_BINDING, "metrics-server:system:auth-delegator", false)]));
    out.push((
        "auth-reader.yaml",
        vec![("rolebinding.rbac.authorization.k8s.io", "metrics-server-auth-reader", false)],
    ));
    out.push(("metrics-apiservice.yaml", vec![("apiservice.apiregistration.k8s.io", "v1beta1.metrics.k8s.io", false)]));
    out.push((
        "metrics-server-deployment.yaml",
        vec![("serviceaccount", "metrics-server", true), (deployment, "metrics-server", true)],
    ));
    out.push(("metrics-server-service.yaml", vec![("service", "metrics-server", true)]));
    out.push((
        "resource-reader.yaml",
        vec![(RBAC_CLUSTERROLE, "system:metrics-server", false), (RBAC_BINDING, "system:metrics-server", false)],
    ));
    out
}

/// Handles `create|apply -f URL...` when every `-f` is a v0.3.x `deploy/1.8+` file; false if not.
pub(super) fn apply(c: &mut Console, ctx: &Ctx, out: &mut Output, apply: bool) -> bool {
    let urls = ctx.flags.all("filename");
    // Servers from 1.16 no longer serve `extensions/v1beta1` Deployments (nor, from 1.22, the
    // v1beta1 RBAC and APIService kinds of these files): there the URLs are not resolved.
    if urls.is_empty() || c.cluster.version().at_least(16) {
        return false;
    }
    let mut objects: Vec<(&str, Named)> = Vec::new();
    for url in &urls {
        let Some((patch, file)) = parse(url) else { return false };
        for (f, objs) in files(patch) {
            if f == file {
                objects.extend(objs.into_iter().map(|o| (*url, o)));
            }
        }
    }
    let dry_run = ctx.flags.get("dry-run").is_some_and(|d| d != "none" && d != "false");
    let before = server::installed(&c.cluster);
    // Which of the addon's modelled objects existed before (ServiceAccount, Service, Deployment).
    let existed = |c: &Console, kind: &str| {
        let (k, ns) = match kind {
            "serviceaccount" => (Kind::ServiceAccount, server::NAMESPACE),
            "service" => (Kind::Service, server::NAMESPACE),
            _ => (Kind::Deployment, server::NAMESPACE),
        };
        c.cluster.get(k, ns, server::NAME).is_some()
    };
    let had: Vec<bool> = objects.iter().map(|(_, (kind, _, modelled))| *modelled && existed(c, kind)).collect();
    if !dry_run && objects.iter().any(|(_, (_, _, modelled))| *modelled) {
        c.cluster.install_metrics_server();
    }
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for ((url, (kind, name, modelled)), had) in objects.iter().zip(had) {
        // The same object twice in one command: kubectl's second apply finds it unchanged.
        let again = seen.contains(&(kind, name));
        seen.push((kind, name));
        let new = !again && if *modelled { !had } else { !before };
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

    const BASE: &str = "https://raw.githubusercontent.com/kubernetes-incubator/metrics-server/";

    #[test]
    fn raw_urls_of_the_v0_3_deploy_files() {
        assert_eq!(parse(&format!("{BASE}v0.3.1/deploy/1.8+/auth-reader.yaml")), Some((1, "auth-reader.yaml")));
        assert_eq!(
            parse("https://raw.githubusercontent.com/kubernetes-sigs/metrics-server/v0.3.6/deploy/1.8%2B/metrics-server-service.yaml"),
            Some((6, "metrics-server-service.yaml"))
        );
        // The aggregated reader came in v0.3.2.
        assert_eq!(parse(&format!("{BASE}v0.3.1/deploy/1.8+/aggregated-metrics-reader.yaml")), None);
        assert!(parse(&format!("{BASE}v0.3.2/deploy/1.8+/aggregated-metrics-reader.yaml")).is_some());
        for bad in [
            format!("{BASE}v0.3.8/deploy/1.8+/auth-reader.yaml"),
            format!("{BASE}v0.3.01/deploy/1.8+/auth-reader.yaml"),
            format!("{BASE}v0.2.1/deploy/1.8+/auth-reader.yaml"),
            format!("{BASE}master/deploy/1.8+/auth-reader.yaml"),
            format!("{BASE}v0.3.1/deploy/1.7/auth-reader.yaml"),
            format!("{BASE}v0.3.1/deploy/1.8+/"),
            format!("{BASE}v0.3.1/deploy/1.8+/other.yaml"),
            "https://example.com/metrics-server/v0.3.1/deploy/1.8+/auth-reader.yaml".to_string(),
            String::new(),
        ] {
            assert_eq!(parse(&bad), None, "{bad}");
        }
    }

    #[test]
    fn the_deployment_moved_to_apps_v1_in_v0_3_5() {
        let kinds = |patch| files(patch).into_iter().flat_map(|(_, o)| o).map(|(k, _, _)| k).collect::<Vec<_>>();
        assert!(kinds(4).contains(&"deployment.extensions"), "{:?}", kinds(4));
        assert!(kinds(5).contains(&"deployment.apps"), "{:?}", kinds(5));
        assert_eq!(files(1).len(), 6);
        assert_eq!(files(7).len(), 7);
    }
}
