//! What discovery says about a resource besides its names: the verbs it supports and its
//! categories, as `kubectl api-resources -o wide` prints them and `--verbs`/`--categories`
//! filter them. Facts from the API server's discovery documents (the Kubernetes repository's
//! `api/discovery/*.json`): nearly every resource supports the eight usual verbs; the
//! exceptions are listed per profile.

use super::{preferred_version, ResourceInfo, RESOURCES, UNMODELLED};
use crate::Profile;

/// The eight verbs of an ordinary resource, in discovery's (alphabetical) order.
const ALL: &[&str] = &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
/// Without `deletecollection`.
const NO_COLLECTION: &[&str] = &["create", "delete", "get", "list", "patch", "update", "watch"];
/// The create-only review APIs and `bindings`.
const CREATE: &[&str] = &["create"];

/// Resources whose verbs are not [`ALL`]: (plural, group, course-era verbs, current verbs).
const EXCEPTIONS: &[(&str, &str, &[&str], &[&str])] = &[
    ("bindings", "", CREATE, CREATE),
    ("componentstatuses", "", &["get", "list"], &["get", "list"]),
    ("namespaces", "", NO_COLLECTION, NO_COLLECTION),
    // Services gained deletecollection when their storage became the generic registry's.
    ("services", "", NO_COLLECTION, ALL),
    ("tokenreviews", "authentication.k8s.io", CREATE, CREATE),
    ("selfsubjectreviews", "authentication.k8s.io", CREATE, CREATE),
    ("localsubjectaccessreviews", "authorization.k8s.io", CREATE, CREATE),
    ("selfsubjectaccessreviews", "authorization.k8s.io", CREATE, CREATE),
    ("selfsubjectrulesreviews", "authorization.k8s.io", CREATE, CREATE),
    ("subjectaccessreviews", "authorization.k8s.io", CREATE, CREATE),
];

/// The resources of the `all` category (`kubectl get all`) and of `api-extensions`, as a
/// v1.33 server lists them; kubectl 1.11 does not print categories.
const CATEGORIES: &[(&str, &str, &str)] = &[
    ("pods", "", "all"),
    ("replicationcontrollers", "", "all"),
    ("services", "", "all"),
    ("daemonsets", "apps", "all"),
    ("deployments", "apps", "all"),
    ("replicasets", "apps", "all"),
    ("statefulsets", "apps", "all"),
    ("horizontalpodautoscalers", "autoscaling", "all"),
    ("cronjobs", "batch", "all"),
    ("jobs", "batch", "all"),
    ("mutatingwebhookconfigurations", "admissionregistration.k8s.io", "api-extensions"),
    ("validatingadmissionpolicies", "admissionregistration.k8s.io", "api-extensions"),
    ("validatingadmissionpolicybindings", "admissionregistration.k8s.io", "api-extensions"),
    ("validatingwebhookconfigurations", "admissionregistration.k8s.io", "api-extensions"),
    ("customresourcedefinitions", "apiextensions.k8s.io", "api-extensions"),
    ("apiservices", "apiregistration.k8s.io", "api-extensions"),
];

/// The verbs `profile`'s API server lists for `plural` in `group`.
pub fn verbs(plural: &str, group: &str, profile: Profile) -> &'static [&'static str] {
    EXCEPTIONS.iter().find(|(p, g, _, _)| *p == plural && *g == group).map_or(ALL, |(_, _, course, current)| {
        match profile {
            Profile::Course => course,
            Profile::Current => current,
        }
    })
}

/// The categories a v1.33 server lists for `plural` in `group` (`all`, `api-extensions`).
pub fn categories(plural: &str, group: &str) -> Vec<&'static str> {
    CATEGORIES.iter().filter(|(p, g, _)| *p == plural && *g == group).map(|(_, _, c)| *c).collect()
}

/// One row of `kubectl api-resources`: a resource as one group serves it.
#[derive(Clone, Debug)]
pub struct ApiResourceRow {
    pub info: &'static ResourceInfo,
    /// The API group of this row ("" for core).
    pub group: &'static str,
    /// The group's preferred version for the resource.
    pub version: &'static str,
}

impl ApiResourceRow {
    /// `group/version`, or the version alone for the core group.
    pub fn group_version(&self) -> String {
        super::join_group_version(self.group, self.version)
    }

    /// `-o name`: the resource, qualified by its group unless core (`deployments.apps`).
    pub fn name(&self) -> String {
        super::qualify(self.info.plural, self.group)
    }

    pub fn verbs(&self, profile: Profile) -> &'static [&'static str] {
        verbs(self.info.plural, self.group, profile)
    }
}

/// Every resource `profile`'s server lists (the simulated kinds and [`UNMODELLED`]), one row
/// per group with that group's preferred version, sorted as kubectl sorts them by default
/// (group, then name; the core group "" first).
pub fn api_resource_rows(profile: Profile) -> Vec<ApiResourceRow> {
    let mut rows = Vec::new();
    for info in RESOURCES.iter().chain(UNMODELLED) {
        let mut groups: Vec<&'static str> = Vec::new();
        for s in info.served {
            if s.in_profile(profile) && !groups.contains(&s.group) {
                groups.push(s.group);
            }
        }
        for group in groups {
            rows.push(ApiResourceRow { info, group, version: preferred_version(info, group, profile) });
        }
    }
    kubelab_sim::sort::by(&mut rows, |a, b| a.group.cmp(b.group).then_with(|| a.info.plural.cmp(b.info.plural)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_and_categories_as_discovery_lists_them() {
        assert_eq!(verbs("pods", "", Profile::Current), ALL);
        assert_eq!(verbs("tokenreviews", "authentication.k8s.io", Profile::Course), ["create"]);
        assert_eq!(verbs("services", "", Profile::Course), NO_COLLECTION);
        assert_eq!(verbs("services", "", Profile::Current), ALL);
        assert_eq!(categories("deployments", "apps"), ["all"]);
        assert!(categories("deployments", "extensions").is_empty());
        assert_eq!(categories("apiservices", "apiregistration.k8s.io"), ["api-extensions"]);
    }

    #[test]
    fn every_listed_resource_has_verbs() {
        for profile in Profile::ALL {
            for row in api_resource_rows(profile) {
                assert!(!row.verbs(profile).is_empty(), "{profile:?}: {}", row.name());
            }
        }
    }
}
