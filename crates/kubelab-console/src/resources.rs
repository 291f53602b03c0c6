//! The one table of resource types the console knows. It drives name resolution
//! (`kubectl get deploy`), `kubectl api-resources`, help and tab completion.
//!
//! What is reproduced: kubectl's RESTMapper rules for naming a resource type —
//! plural, singular, short name or Kind, case-insensitive, optionally qualified
//! as `<resource>.<group>` or `<resource>.<version>.<group>` (`deployments.apps`,
//! `deploy.v1.apps`, `hpa.autoscaling`, `events.events.k8s.io`) — and which
//! group/version each profile serves:
//!
//! * `current` (server v1.33): Deployment/ReplicaSet only in `apps/v1`, HPA
//!   preferred `autoscaling/v2` (also `v1`), Event in core `v1` and `events.k8s.io/v1`.
//! * `course` (v1.11): Deployment also in `apps/v1beta1`, `apps/v1beta2` and
//!   `extensions/v1beta1`, ReplicaSet also in `apps/v1beta2` and
//!   `extensions/v1beta1`, HPA preferred `autoscaling/v1` (also `v2beta1`), Event
//!   also in `events.k8s.io/v1beta1`. A bare `deployments`/`replicasets` resolves to
//!   the `extensions` group there, which is why 1.11 prints
//!   `deployment.extensions/nginx scaled`. DaemonSet: `apps/v1` (course also
//!   `apps/v1beta2`, and a bare `daemonsets` resolves to `extensions/v1beta1`);
//!   StatefulSet: `apps/v1` (course also `apps/v1beta1`, `apps/v1beta2`).
//!
//! `kubectl api-resources` rows come from [`api_resources_table`], sorted the way
//! kubectl sorts them by default (API group, then name; the core group "" first).
//!
//! Kinds a real cluster serves that the simulator does not model (Jobs,
//! NetworkPolicies, ...) are in a second table, [`UNMODELLED`]: they
//! resolve like the others, and every verb answers them with one honest lab
//! message ([`not_simulated`]), never with an API error that denies they exist.
//!
//! [`UNMODELLED`] also holds what a server lists that no student creates: the create-only
//! review APIs (`tokenreviews`, `subjectaccessreviews`, ...), `bindings`, v1.33's flow-control
//! kinds, `ipaddresses`/`servicecidrs`, `validatingadmissionpolicies`(+bindings) and
//! `csistoragecapacities`, and v1.11's `podsecuritypolicies`. Not listed: what a v1.33 server
//! serves only with non-default feature gates or beta APIs enabled (`volumeattributesclasses`,
//! `resource.k8s.io`, `leasecandidates`). The verbs and categories of `-o wide` are in
//! [`discovery`].

use crate::Profile;

mod discovery;
mod unmodelled;

pub use discovery::{api_resource_rows, categories, verbs, ApiResourceRow};
use unmodelled::moved;
pub use unmodelled::UNMODELLED;

/// One group/version a resource is served under, and in which profiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Served {
    /// API group ("" for core).
    pub group: &'static str,
    pub version: &'static str,
    /// Served by the course-era (v1.11) API server.
    pub course: bool,
    /// Served by the current (v1.33) API server.
    pub current: bool,
}

impl Served {
    /// True when `profile`'s API server serves this group/version.
    pub fn in_profile(&self, profile: Profile) -> bool {
        match profile {
            Profile::Course => self.course,
            Profile::Current => self.current,
        }
    }
}

/// A resource type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResourceInfo {
    /// The Kind, e.g. "Deployment".
    pub kind: &'static str,
    /// The resource (plural) name, e.g. "deployments".
    pub plural: &'static str,
    /// The singular name, e.g. "deployment".
    pub singular: &'static str,
    /// Short names, e.g. `["deploy"]`.
    pub short_names: &'static [&'static str],
    /// API group in the current profile ("apps"; "" for core).
    pub group: &'static str,
    /// Preferred version in the current profile, e.g. "v1".
    pub version: &'static str,
    pub namespaced: bool,
    /// The group a bare name resolves to in the course profile (kubectl 1.11).
    pub course_group: &'static str,
    /// The version a bare name resolves to in the course profile.
    pub course_version: &'static str,
    /// Every group/version the resource can be addressed with.
    pub served: &'static [Served],
}

impl ResourceInfo {
    /// The group and version a bare name resolves to in a profile.
    pub fn group_version(&self, profile: Profile) -> (&'static str, &'static str) {
        match profile {
            Profile::Course => (self.course_group, self.course_version),
            Profile::Current => (self.group, self.version),
        }
    }

    /// `apiVersion` as written in manifests: "v1", "apps/v1", "autoscaling/v2".
    pub fn api_version(&self, profile: Profile) -> String {
        let (group, version) = self.group_version(profile);
        join_group_version(group, version)
    }

    /// The resource as kubectl's name printer and error messages spell it:
    /// "pod", "deployment.apps" (`deployment.apps/web created`,
    /// `deployments.apps "web" not found` uses [`ResourceInfo::plural_qualified`]).
    pub fn singular_qualified(&self, profile: Profile) -> String {
        qualify(self.singular, self.group_version(profile).0)
    }

    /// "pods", "deployments.apps", "horizontalpodautoscalers.autoscaling".
    pub fn plural_qualified(&self, profile: Profile) -> String {
        qualify(self.plural, self.group_version(profile).0)
    }

    /// True when the profile serves this resource under `group`/`version`
    /// (`version` None: any version of the group).
    pub fn serves(&self, group: &str, version: Option<&str>, profile: Profile) -> bool {
        self.served.iter().any(|s| {
            s.group.eq_ignore_ascii_case(group)
                && version.is_none_or(|v| s.version.eq_ignore_ascii_case(v))
                && s.in_profile(profile)
        })
    }
}

fn join_group_version(group: &str, version: &str) -> String {
    if group.is_empty() {
        version.to_string()
    } else {
        format!("{group}/{version}")
    }
}

fn qualify(name: &str, group: &str) -> String {
    if group.is_empty() {
        name.to_string()
    } else {
        format!("{name}.{group}")
    }
}

const fn both(group: &'static str, version: &'static str) -> Served {
    Served { group, version, course: true, current: true }
}

const fn course_only(group: &'static str, version: &'static str) -> Served {
    Served { group, version, course: true, current: false }
}

const fn current_only(group: &'static str, version: &'static str) -> Served {
    Served { group, version, course: false, current: true }
}

const CORE_V1: &[Served] = &[both("", "v1")];

/// Builds a core/v1 entry.
const fn core(
    kind: &'static str,
    plural: &'static str,
    singular: &'static str,
    short_names: &'static [&'static str],
    namespaced: bool,
) -> ResourceInfo {
    ResourceInfo {
        kind,
        plural,
        singular,
        short_names,
        group: "",
        version: "v1",
        namespaced,
        course_group: "",
        course_version: "v1",
        served: CORE_V1,
    }
}

/// Every resource type the console knows, core group first.
pub static RESOURCES: &[ResourceInfo] = &[
    core("ConfigMap", "configmaps", "configmap", &["cm"], true),
    core("Endpoints", "endpoints", "endpoints", &["ep"], true),
    ResourceInfo {
        kind: "Event",
        plural: "events",
        singular: "event",
        short_names: &["ev"],
        group: "",
        version: "v1",
        namespaced: true,
        course_group: "",
        course_version: "v1",
        served: &[both("", "v1"), course_only("events.k8s.io", "v1beta1"), current_only("events.k8s.io", "v1")],
    },
    core("Namespace", "namespaces", "namespace", &["ns"], false),
    core("Node", "nodes", "node", &["no"], false),
    core("Pod", "pods", "pod", &["po"], true),
    core("ReplicationController", "replicationcontrollers", "replicationcontroller", &["rc"], true),
    core("Service", "services", "service", &["svc"], true),
    core("Secret", "secrets", "secret", &[], true),
    core("ServiceAccount", "serviceaccounts", "serviceaccount", &["sa"], true),
    ResourceInfo {
        kind: "Deployment",
        plural: "deployments",
        singular: "deployment",
        short_names: &["deploy"],
        group: "apps",
        version: "v1",
        namespaced: true,
        course_group: "extensions",
        course_version: "v1beta1",
        served: &[
            both("apps", "v1"),
            course_only("apps", "v1beta1"),
            course_only("apps", "v1beta2"),
            course_only("extensions", "v1beta1"),
        ],
    },
    ResourceInfo {
        kind: "ReplicaSet",
        plural: "replicasets",
        singular: "replicaset",
        short_names: &["rs"],
        group: "apps",
        version: "v1",
        namespaced: true,
        course_group: "extensions",
        course_version: "v1beta1",
        served: &[both("apps", "v1"), course_only("apps", "v1beta2"), course_only("extensions", "v1beta1")],
    },
    ResourceInfo {
        kind: "EndpointSlice",
        plural: "endpointslices",
        singular: "endpointslice",
        short_names: &[],
        group: "discovery.k8s.io",
        version: "v1",
        namespaced: true,
        // Not served by the course-era server (discovery.k8s.io came with 1.16/1.21).
        course_group: "discovery.k8s.io",
        course_version: "v1",
        served: &[current_only("discovery.k8s.io", "v1")],
    },
    ResourceInfo {
        kind: "HorizontalPodAutoscaler",
        plural: "horizontalpodautoscalers",
        singular: "horizontalpodautoscaler",
        short_names: &["hpa"],
        group: "autoscaling",
        version: "v2",
        namespaced: true,
        course_group: "autoscaling",
        course_version: "v1",
        served: &[both("autoscaling", "v1"), course_only("autoscaling", "v2beta1"), current_only("autoscaling", "v2")],
    },
    moved(
        "DaemonSet",
        "daemonsets",
        "daemonset",
        &["ds"],
        ("apps", "v1"),
        ("extensions", "v1beta1"),
        true,
        &[both("apps", "v1"), course_only("apps", "v1beta2"), course_only("extensions", "v1beta1")],
    ),
    plain(
        "StatefulSet",
        "statefulsets",
        "statefulset",
        &["sts"],
        "apps",
        "v1",
        true,
        &[both("apps", "v1"), course_only("apps", "v1beta1"), course_only("apps", "v1beta2")],
    ),
    // batch: Jobs in batch/v1 everywhere; CronJobs in batch/v1beta1 on the course-era server.
    moved(
        "CronJob",
        "cronjobs",
        "cronjob",
        &["cj"],
        ("batch", "v1"),
        ("batch", "v1beta1"),
        true,
        &[current_only("batch", "v1"), course_only("batch", "v1beta1")],
    ),
    plain("Job", "jobs", "job", &[], "batch", "v1", true, &[both("batch", "v1")]),
    // Storage and Ingress (issue 9): the PV controller and the ingress controller simulate them.
    core("PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim", &["pvc"], true),
    core("PersistentVolume", "persistentvolumes", "persistentvolume", &["pv"], false),
    plain(
        "StorageClass",
        "storageclasses",
        "storageclass",
        &["sc"],
        "storage.k8s.io",
        "v1",
        false,
        &[both("storage.k8s.io", "v1")],
    ),
    moved(
        "Ingress",
        "ingresses",
        "ingress",
        &["ing"],
        ("networking.k8s.io", "v1"),
        ("extensions", "v1beta1"),
        true,
        &[current_only("networking.k8s.io", "v1"), course_only("extensions", "v1beta1")],
    ),
    plain(
        "IngressClass",
        "ingressclasses",
        "ingressclass",
        &[],
        "networking.k8s.io",
        "v1",
        false,
        &[current_only("networking.k8s.io", "v1")],
    ),
    // Issue 11: the disruption controller and the eviction API simulate them.
    moved(
        "PodDisruptionBudget",
        "poddisruptionbudgets",
        "poddisruptionbudget",
        &["pdb"],
        ("policy", "v1"),
        ("policy", "v1beta1"),
        true,
        &[current_only("policy", "v1"), course_only("policy", "v1beta1")],
    ),
    // Issue 12: Argo Rollouts' CRDs, served once the addon is installed (`commands::argo_rollouts`).
    plain("Rollout", "rollouts", "rollout", &["ro"], "argoproj.io", "v1alpha1", true, ARGO),
    plain("AnalysisRun", "analysisruns", "analysisrun", &["ar"], "argoproj.io", "v1alpha1", true, ARGO),
    plain("AnalysisTemplate", "analysistemplates", "analysistemplate", &["at"], "argoproj.io", "v1alpha1", true, ARGO),
    // Issue 13: Argo CD's Application, served once its CRD is installed (`argocd_install`); the
    // install needs `apiextensions.k8s.io/v1` (1.16+), so never in the course era.
    plain(
        "Application",
        "applications",
        "application",
        &["app", "apps"],
        "argoproj.io",
        "v1alpha1",
        true,
        &[current_only("argoproj.io", "v1alpha1")],
    ),
];

/// Argo Rollouts' group: the course era's cluster has no Argo.
const ARGO: &[Served] = &[current_only("argoproj.io", "v1alpha1")];

/// Builds an entry served under the same group/version in both profiles.
#[allow(clippy::too_many_arguments)]
const fn plain(
    kind: &'static str,
    plural: &'static str,
    singular: &'static str,
    short_names: &'static [&'static str],
    group: &'static str,
    version: &'static str,
    namespaced: bool,
    served: &'static [Served],
) -> ResourceInfo {
    moved(kind, plural, singular, short_names, (group, version), (group, version), namespaced, served)
}

impl ResourceInfo {
    /// The same entry with another group/version for a bare name on the course-era server.
    const fn course(mut self, group: &'static str, version: &'static str) -> ResourceInfo {
        self.course_group = group;
        self.course_version = version;
        self
    }
}

/// The one honest answer for a kind real clusters serve and the lab does not
/// simulate, for every verb: `error: Kubelab does not simulate Jobs yet (batch/v1
/// jobs exist in every real cluster)`. (It names no list of the kinds the lab does model: that
/// list is the README's, and grew with every kind.) `api_version` is
/// the group/version the student named (or the server's preferred one).
pub fn not_simulated(info: &ResourceInfo, api_version: &str) -> String {
    let kinds = if let Some(stem) = info.kind.strip_suffix('y') {
        format!("{stem}ies")
    } else if info.kind.ends_with('s') {
        format!("{}es", info.kind)
    } else {
        format!("{}s", info.kind)
    };
    format!("error: Kubelab does not simulate {kinds} yet ({api_version} {} exist in every real cluster)", info.plural)
}

/// A resource type real clusters of `profile` serve and the lab does not simulate,
/// named as on the command line (`jobs`, `ds`, `jobs.batch`, `cronjobs.v1beta1.batch`),
/// with the group/version it resolves to there.
pub fn unmodelled(name: &str, profile: Profile) -> Option<ResourceRef> {
    resolve_in(UNMODELLED, name, Some(profile))
}

/// The unmodelled kind a manifest's `kind`/`apiVersion` names, when the profile's
/// server serves it there.
pub fn unmodelled_kind(kind: &str, api_version: &str, profile: Profile) -> Option<&'static ResourceInfo> {
    let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
    UNMODELLED.iter().find(|r| r.kind == kind && r.serves(group, Some(version), profile))
}

/// A resource type named on the command line, with the group/version it
/// resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResourceRef {
    pub info: &'static ResourceInfo,
    /// The group named explicitly, or the profile's default group.
    pub group: &'static str,
    /// The version named explicitly, or the profile's preferred version in `group`.
    pub version: &'static str,
}

impl ResourceRef {
    /// "deployment.apps", "deployment.extensions", "pod".
    pub fn singular_qualified(&self) -> String {
        qualify(self.info.singular, self.group)
    }
    /// "deployments.apps", "pods".
    pub fn plural_qualified(&self) -> String {
        qualify(self.info.plural, self.group)
    }
    /// "apps/v1", "v1".
    pub fn api_version(&self) -> String {
        join_group_version(self.group, self.version)
    }
}

/// Does `name` (already lower-cased) name `info` without a group?
fn names(info: &ResourceInfo, name: &str) -> bool {
    info.plural == name
        || info.singular == name
        || info.kind.eq_ignore_ascii_case(name)
        || info.short_names.contains(&name)
}

/// Finds a resource by plural, singular, short name or Kind (case-insensitive),
/// optionally qualified as `<name>.<group>` or `<name>.<version>.<group>`. Any
/// group/version that either profile serves is accepted (`deployment.extensions`
/// too); use [`resolve`] for a profile's exact view.
pub fn lookup(name: &str) -> Option<&'static ResourceInfo> {
    resolve_with(name, None).map(|r| r.info)
}

/// Like [`lookup`], but only group/versions the profile's server serves count, and
/// the result carries the group/version kubectl would use (`deployments` in the
/// course profile resolves to `extensions/v1beta1`, in the current one to `apps/v1`).
pub fn resolve(name: &str, profile: Profile) -> Option<ResourceRef> {
    resolve_with(name, Some(profile))
}

/// `profile` None: any group/version either profile serves.
fn resolve_with(name: &str, profile: Option<Profile>) -> Option<ResourceRef> {
    resolve_in(RESOURCES, name, profile)
}

fn resolve_in(table: &'static [ResourceInfo], name: &str, profile: Option<Profile>) -> Option<ResourceRef> {
    let lower = name.to_ascii_lowercase();
    if lower.is_empty() {
        return None;
    }
    let allowed = |s: &Served| profile.is_none_or(|p| s.in_profile(p));
    let default_ref = |info: &'static ResourceInfo| {
        let (group, version) = info.group_version(profile.unwrap_or(Profile::Current));
        ResourceRef { info, group, version }
    };
    // A bare name.
    if let Some(info) = table.iter().find(|i| names(i, &lower)) {
        // A type the profile's server does not serve at all is unknown to it.
        if !info.served.iter().any(allowed) {
            return None;
        }
        return Some(default_ref(info));
    }
    let (resource, qualifier) = lower.split_once('.')?;
    let info = table.iter().find(|i| names(i, resource))?;
    // `<resource>.<group>`: the profile's preferred version in that group.
    let mut in_group = info.served.iter().filter(|s| !s.group.is_empty() && s.group == qualifier && allowed(s));
    if let Some(first) = in_group.next() {
        let (default_group, default_version) = info.group_version(profile.unwrap_or(Profile::Current));
        let version = if first.group == default_group { default_version } else { first.version };
        return Some(ResourceRef { info, group: first.group, version });
    }
    // `<resource>.<version>.<group>`.
    let (version, group) = qualifier.split_once('.')?;
    let served =
        info.served.iter().find(|s| !s.group.is_empty() && s.group == group && s.version == version && allowed(s))?;
    Some(ResourceRef { info, group: served.group, version: served.version })
}

/// Every name a resource type can be typed as (plural, singular, short names),
/// for tab completion: plurals first, in table order.
pub fn completion_names() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = RESOURCES.iter().map(|r| r.plural).collect();
    for r in RESOURCES {
        if r.singular != r.plural {
            out.push(r.singular);
        }
        out.extend(r.short_names.iter().copied());
    }
    out
}

/// The rows of `kubectl api-resources` for the profile: first the header, then one
/// row per resource and served group, sorted by API group then name (core first).
///
/// Current profile (kubectl 1.33): `NAME SHORTNAMES APIVERSION NAMESPACED KIND`,
/// the third column is the preferred group/version (`apps/v1`, `v1`).
/// Course profile (kubectl 1.11): `NAME SHORTNAMES APIGROUP NAMESPACED KIND`, the
/// third column is the group only (empty for core), and a resource served by
/// several groups (Deployment in `apps` and `extensions`) has one row per group.
pub fn api_resources_table(profile: Profile) -> Vec<[String; 5]> {
    let era = profile.era();
    let mut out = vec![era.api_resources_header().map(str::to_string)];
    // The server lists the kinds the lab does not simulate too (they answer honestly when used).
    for row in api_resource_rows(profile) {
        let column = if era.api_resources_version_column { row.group_version() } else { row.group.to_string() };
        out.push([
            row.info.plural.to_string(),
            row.info.short_names.join(","),
            column,
            row.info.namespaced.to_string(),
            row.info.kind.to_string(),
        ]);
    }
    out
}

/// The version discovery reports as preferred for `info` in `group`.
fn preferred_version(info: &ResourceInfo, group: &str, profile: Profile) -> &'static str {
    let (default_group, default_version) = info.group_version(profile);
    if group == default_group {
        return default_version;
    }
    // Otherwise the first version listed for that group (tables list the
    // preferred version first).
    info.served.iter().find(|s| s.group == group && s.in_profile(profile)).map_or(default_version, |s| s.version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn kind_of(name: &str) -> Option<&'static str> {
        lookup(name).map(|r| r.kind)
    }

    #[test]
    fn bare_names() {
        for (name, kind) in [
            ("pods", "Pod"),
            ("pod", "Pod"),
            ("po", "Pod"),
            ("Pod", "Pod"),
            ("PODS", "Pod"),
            ("deploy", "Deployment"),
            ("deployment", "Deployment"),
            ("Deployments", "Deployment"),
            ("rs", "ReplicaSet"),
            ("replicaset", "ReplicaSet"),
            ("rc", "ReplicationController"),
            ("replicationcontrollers", "ReplicationController"),
            ("svc", "Service"),
            ("service", "Service"),
            ("ns", "Namespace"),
            ("namespaces", "Namespace"),
            ("no", "Node"),
            ("node", "Node"),
            ("hpa", "HorizontalPodAutoscaler"),
            ("HorizontalPodAutoscaler", "HorizontalPodAutoscaler"),
            ("horizontalpodautoscalers", "HorizontalPodAutoscaler"),
            ("ev", "Event"),
            ("events", "Event"),
            ("ep", "Endpoints"),
            ("endpoints", "Endpoints"),
            ("cm", "ConfigMap"),
            ("configmap", "ConfigMap"),
            ("secrets", "Secret"),
            ("sa", "ServiceAccount"),
        ] {
            assert_eq!(kind_of(name), Some(kind), "{name}");
        }
        for name in ["", "foo", "deployz", "pods.", ".apps", "all", "secret.apps"] {
            assert_eq!(kind_of(name), None, "{name}");
        }
        assert_eq!(kind_of("endpointslices"), Some("EndpointSlice"));
        assert_eq!(
            resolve("endpointslice", Profile::Current).map(|r| r.api_version()),
            Some("discovery.k8s.io/v1".into())
        );
        assert_eq!(resolve("endpointslices", Profile::Course), None);
    }

    #[test]
    fn qualified_names() {
        for (name, kind) in [
            ("deployments.apps", "Deployment"),
            ("deployment.apps", "Deployment"),
            ("deploy.apps", "Deployment"),
            ("deployments.v1.apps", "Deployment"),
            ("Deployment.Apps", "Deployment"),
            ("deployment.extensions", "Deployment"),
            ("deployments.v1beta1.extensions", "Deployment"),
            ("replicasets.apps", "ReplicaSet"),
            ("rs.extensions", "ReplicaSet"),
            ("hpa.autoscaling", "HorizontalPodAutoscaler"),
            ("horizontalpodautoscalers.v2.autoscaling", "HorizontalPodAutoscaler"),
            ("horizontalpodautoscalers.v1.autoscaling", "HorizontalPodAutoscaler"),
            ("events.events.k8s.io", "Event"),
            ("events.v1.events.k8s.io", "Event"),
        ] {
            assert_eq!(kind_of(name), Some(kind), "{name}");
        }
        for name in [
            "pods.apps",
            "deployments.core",
            "deployments.v3.apps",
            "deployments.autoscaling",
            "services.v1",
            "pods.v1.",
            "deployments.apps.",
        ] {
            assert_eq!(kind_of(name), None, "{name}");
        }
    }

    #[test]
    fn profiles() {
        let r = resolve("deploy", Profile::Current).unwrap();
        assert_eq!((r.group, r.version), ("apps", "v1"));
        assert_eq!(r.singular_qualified(), "deployment.apps");
        assert_eq!(r.plural_qualified(), "deployments.apps");
        let r = resolve("deploy", Profile::Course).unwrap();
        assert_eq!((r.group, r.version), ("extensions", "v1beta1"));
        assert_eq!(r.singular_qualified(), "deployment.extensions");
        let r = resolve("deployments.apps", Profile::Course).unwrap();
        assert_eq!((r.group, r.version), ("apps", "v1"));
        assert_eq!(resolve("deployment.extensions", Profile::Current), None);
        assert_eq!(resolve("deployments.v1beta1.apps", Profile::Current), None);
        assert!(resolve("deployments.v1beta1.apps", Profile::Course).is_some());
        let r = resolve("hpa", Profile::Current).unwrap();
        assert_eq!(r.api_version(), "autoscaling/v2");
        assert_eq!(r.singular_qualified(), "horizontalpodautoscaler.autoscaling");
        let r = resolve("hpa", Profile::Course).unwrap();
        assert_eq!(r.api_version(), "autoscaling/v1");
        let r = resolve("hpa.v1.autoscaling", Profile::Current).unwrap();
        assert_eq!(r.api_version(), "autoscaling/v1");
        assert_eq!(resolve("hpa.v2.autoscaling", Profile::Course), None);
        let r = resolve("po", Profile::Course).unwrap();
        assert_eq!((r.api_version(), r.singular_qualified()), ("v1".into(), "pod".into()));
        let r = resolve("events.events.k8s.io", Profile::Current).unwrap();
        assert_eq!(r.api_version(), "events.k8s.io/v1");
        let r = resolve("events.events.k8s.io", Profile::Course).unwrap();
        assert_eq!(r.api_version(), "events.k8s.io/v1beta1");
        let info = lookup("svc").unwrap();
        assert_eq!(info.plural_qualified(Profile::Current), "services");
        assert_eq!(lookup("rs").unwrap().plural_qualified(Profile::Course), "replicasets.extensions");
        assert_eq!(lookup("deploy").unwrap().api_version(Profile::Current), "apps/v1");
        assert!(lookup("deploy").unwrap().serves("extensions", None, Profile::Course));
        assert!(!lookup("deploy").unwrap().serves("extensions", None, Profile::Current));
    }

    #[test]
    fn table_is_consistent() {
        let all: Vec<&ResourceInfo> = RESOURCES.iter().chain(UNMODELLED).collect();
        for (i, a) in all.iter().enumerate() {
            // A type only the course server serves (PodSecurityPolicy) has no current view.
            if a.served.iter().any(|s| s.current) {
                assert!(a.served.iter().any(|s| s.group == a.group && s.version == a.version && s.current));
            }
            // A type the course server does not serve at all (EndpointSlice) has no course view.
            if a.served.iter().any(|s| s.course) {
                assert!(a
                    .served
                    .iter()
                    .any(|s| s.group == a.course_group && s.version == a.course_version && s.course));
            }
            for b in &all[i + 1..] {
                assert_ne!(a.kind, b.kind);
                for n in [a.plural, a.singular].iter().chain(a.short_names) {
                    assert!(!names(b, n), "{n} names both {} and {}", a.kind, b.kind);
                }
            }
        }
        let names = completion_names();
        assert!(names.contains(&"deploy") && names.contains(&"pods") && names.contains(&"pod"));
    }

    #[test]
    fn api_resources_current() {
        let t = api_resources_table(Profile::Current);
        let lines: Vec<String> = t.iter().map(|r| r.join(" ")).collect();
        // The modelled kinds, in kubectl's order (core first, then by group and name).
        let modelled: Vec<&str> = lines
            .iter()
            .map(String::as_str)
            .filter(|l| l.starts_with("NAME") || lookup(l.split(' ').next().unwrap()).is_some())
            .collect();
        assert_eq!(
            modelled,
            [
                "NAME SHORTNAMES APIVERSION NAMESPACED KIND",
                "configmaps cm v1 true ConfigMap",
                "endpoints ep v1 true Endpoints",
                "events ev v1 true Event",
                "namespaces ns v1 false Namespace",
                "nodes no v1 false Node",
                "persistentvolumeclaims pvc v1 true PersistentVolumeClaim",
                "persistentvolumes pv v1 false PersistentVolume",
                "pods po v1 true Pod",
                "replicationcontrollers rc v1 true ReplicationController",
                "secrets  v1 true Secret",
                "serviceaccounts sa v1 true ServiceAccount",
                "services svc v1 true Service",
                "daemonsets ds apps/v1 true DaemonSet",
                "deployments deploy apps/v1 true Deployment",
                "replicasets rs apps/v1 true ReplicaSet",
                "statefulsets sts apps/v1 true StatefulSet",
                // Argo Rollouts' CRDs: `kubectl api-resources` lists them once the addon is installed.
                "analysisruns ar argoproj.io/v1alpha1 true AnalysisRun",
                "analysistemplates at argoproj.io/v1alpha1 true AnalysisTemplate",
                // Listed by `kubectl api-resources` only once Argo CD's CRDs are installed.
                "applications app,apps argoproj.io/v1alpha1 true Application",
                "rollouts ro argoproj.io/v1alpha1 true Rollout",
                "horizontalpodautoscalers hpa autoscaling/v2 true HorizontalPodAutoscaler",
                "cronjobs cj batch/v1 true CronJob",
                "jobs  batch/v1 true Job",
                "endpointslices  discovery.k8s.io/v1 true EndpointSlice",
                "events ev events.k8s.io/v1 true Event",
                "ingressclasses  networking.k8s.io/v1 false IngressClass",
                "ingresses ing networking.k8s.io/v1 true Ingress",
                "poddisruptionbudgets pdb policy/v1 true PodDisruptionBudget",
                "storageclasses sc storage.k8s.io/v1 false StorageClass",
            ]
        );
        // The kinds the lab does not simulate are listed as the server lists them.
        for row in [
            "ingresses ing networking.k8s.io/v1 true Ingress",
            "storageclasses sc storage.k8s.io/v1 false StorageClass",
        ] {
            assert!(lines.iter().any(|l| l == row), "{row}");
        }
    }

    #[test]
    fn api_resources_course() {
        let t = api_resources_table(Profile::Course);
        let lines: Vec<String> = t.iter().map(|r| r.join("|")).collect();
        assert_eq!(lines[0], "NAME|SHORTNAMES|APIGROUP|NAMESPACED|KIND");
        assert_eq!(lines[1], "bindings|||true|Binding");
        assert_eq!(lines[2], "componentstatuses|cs||false|ComponentStatus");
        assert_eq!(lines[3], "configmaps|cm||true|ConfigMap");
        let tail: Vec<&str> =
            lines.iter().map(String::as_str).skip_while(|l| !l.starts_with("events|ev|events.k8s.io")).collect();
        assert_eq!(
            tail[..7],
            [
                "events|ev|events.k8s.io|true|Event",
                "daemonsets|ds|extensions|true|DaemonSet",
                "deployments|deploy|extensions|true|Deployment",
                "ingresses|ing|extensions|true|Ingress",
                "networkpolicies|netpol|extensions|true|NetworkPolicy",
                "podsecuritypolicies|psp|extensions|false|PodSecurityPolicy",
                "replicasets|rs|extensions|true|ReplicaSet",
            ]
        );
        // Newer than a v1.11 server: not listed.
        assert!(!lines.iter().any(|l| l.starts_with("ingressclasses|") || l.starts_with("leases|")));
    }

    #[test]
    fn unmodelled_kinds_resolve_per_profile() {
        let kind = |n: &str, p| unmodelled(n, p).map(|r| r.info.kind);
        assert_eq!(kind("sts", Profile::Current), None, "StatefulSets are simulated");
        assert_eq!(kind("jobs", Profile::Current), None, "Jobs are simulated");
        assert_eq!(kind("cj", Profile::Course), None);
        assert_eq!(kind("ds", Profile::Course), None, "DaemonSets are simulated");
        assert_eq!(kind("ing", Profile::Course), None, "Ingresses are simulated");
        assert_eq!(kind("psp", Profile::Course), Some("PodSecurityPolicy"));
        assert_eq!(kind("psp", Profile::Current), None, "1.33 serves no PodSecurityPolicies");
        assert_eq!(kind("ingressclasses", Profile::Course), None);
        assert_eq!(kind("pods", Profile::Current), None);
        assert_eq!(kind("secrets", Profile::Current), None);
        assert_eq!(kind("sa", Profile::Course), None);
        assert_eq!(kind("pdb", Profile::Course), None, "PodDisruptionBudgets are simulated");
        assert_eq!(unmodelled_kind("NetworkPolicy", "extensions/v1beta1", Profile::Current), None);
        assert_eq!(
            unmodelled_kind("NetworkPolicy", "extensions/v1beta1", Profile::Course).map(|i| i.plural),
            Some("networkpolicies")
        );
        let course_np = unmodelled("netpol", Profile::Course).unwrap();
        assert_eq!(
            not_simulated(course_np.info, &course_np.api_version()),
            "error: Kubelab does not simulate NetworkPolicies yet (extensions/v1beta1 networkpolicies exist in every real cluster)"
        );
        let np = unmodelled("netpol", Profile::Current).unwrap();
        assert!(not_simulated(np.info, &np.api_version())
            .starts_with("error: Kubelab does not simulate NetworkPolicies yet (networking.k8s.io/v1 networkpolicies"));
    }
}
