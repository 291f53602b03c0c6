//! The CI pipeline runner's and the registry's public side (`ci`): runs, the registry, the
//! credential table, and the YAML reader the console hands over.

use super::*;
use crate::ci::{Credential, CredentialKind, PipelineRun, Registry, YamlReader};

impl Cluster {
    /// Pipeline runs, oldest first.
    pub fn pipeline_runs(&self) -> &[PipelineRun] {
        &self.ci.runs
    }

    /// The image registry (`registry.lab`).
    pub fn registry(&self) -> &Registry {
        &self.ci.registry
    }

    /// Hands the runner the YAML reader it reads workflow files with (YAML lives in the
    /// console). Not serialised: set it again on a restored cluster.
    pub fn set_yaml_reader(&mut self, reader: YamlReader) {
        self.ci.yaml = Some(reader);
    }

    /// Who holds which credential and what it reaches, drawn from the simulation's state: the
    /// student (a kubeconfig, pushes to the repositories), the CI pipeline (registry and
    /// configuration repository; the cluster too when a workflow holds a `KUBECONFIG` secret),
    /// and Argo CD's application controller (reads Git, writes the cluster from inside).
    pub fn credentials(&self) -> Vec<Credential> {
        let mut out = Vec::new();
        let cred = |holder: &str, kind, reaches: String, stored: &str, outside: bool| Credential {
            holder: holder.to_string(),
            kind,
            reaches,
            stored: stored.to_string(),
            outside_cluster: outside,
        };
        let repos: Vec<&String> = self.forge.repos().map(|(url, _)| url).collect();
        for url in &repos {
            out.push(cred("student", CredentialKind::CodeWrite, url.to_string(), "Git host account", true));
        }
        out.push(cred(
            "student",
            CredentialKind::ClusterAdmin,
            "the cluster's API server (every namespace)".into(),
            "~/.kube/config",
            true,
        ));
        // The pipeline: per application repository with a workflow.
        let mut ci_repos: Vec<&str> = self.ci.runs.iter().map(|r| r.repo.as_str()).collect();
        crate::sort::natural(&mut ci_repos);
        ci_repos.dedup();
        for repo in ci_repos {
            out.push(cred("CI pipeline", CredentialKind::CodeRead, repo.to_string(), "GITHUB_TOKEN", true));
        }
        for image in self.ci.registry.repositories.keys() {
            out.push(cred("CI pipeline", CredentialKind::RegistryWrite, image.clone(), "repository secret", true));
        }
        let mut configs: Vec<&str> = self.ci.runs.iter().filter_map(|r| r.config_repo.as_deref()).collect();
        crate::sort::natural(&mut configs);
        configs.dedup();
        for c in configs {
            out.push(cred("CI pipeline", CredentialKind::ConfigRepoWrite, c.to_string(), "repository secret", true));
        }
        for (repo, secret) in &self.ci.cluster_secrets {
            out.push(cred(
                "CI pipeline",
                CredentialKind::ClusterAdmin,
                "the cluster's API server (every namespace)".into(),
                &format!("repository secret {secret} ({repo})"),
                true,
            ));
        }
        if let Some(ns) = self.argocd.namespace.as_deref() {
            let holder = "Argo CD application-controller";
            let mut sources: Vec<String> = self
                .store
                .list(Kind::Application, Some(ns))
                .into_iter()
                .filter_map(crate::api::application::Application::from_object)
                .map(|a| a.spec.source.repo_url.clone())
                .collect();
            crate::sort::natural(&mut sources);
            sources.dedup();
            for s in sources {
                out.push(cred(holder, CredentialKind::ConfigRepoRead, s, "repository Secret in argocd", false));
            }
            out.push(cred(
                holder,
                CredentialKind::ClusterAdmin,
                "the cluster's API server (every namespace)".into(),
                &format!("in-cluster ServiceAccount {ns}/argocd-application-controller"),
                false,
            ));
        }
        if !self.ci.registry.is_empty() {
            for image in self.ci.registry.repositories.keys() {
                out.push(cred("kubelet", CredentialKind::RegistryRead, image.clone(), "node", false));
            }
        }
        out
    }
}
