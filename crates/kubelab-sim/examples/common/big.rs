//! The big clusters' workload, shared by the big-cluster examples, `benches/big.rs` and
//! `kubelab-wasm-memory` (each includes this file with `#[path]`): what
//! `kubectl create deployment big --image=nginx --replicas=N` creates.

use kubelab_sim::api::*;

/// A Deployment `big` in `default` of `replicas` nginx pods labelled `app: big`.
pub fn big_deployment(replicas: i64) -> Deployment {
    let labels: Labels = [("app".to_string(), "big".to_string())].into_iter().collect();
    let mut d = Deployment { api_version: "apps/v1".into(), kind: "Deployment".into(), ..Default::default() };
    d.metadata.name = "big".into();
    d.metadata.namespace = Some("default".into());
    d.spec.replicas = Some(replicas);
    d.spec.selector = Some(LabelSelector { match_labels: labels.clone(), match_expressions: vec![] });
    d.spec.template.metadata.labels = labels.into();
    d.spec.template.spec.containers.push(Container {
        name: "nginx".into(),
        image: "nginx".into(),
        ..Default::default()
    });
    d
}
