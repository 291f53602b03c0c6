//! Helpers shared by the integration tests.

use kubelab_sim::api::*;
use kubelab_sim::*;

pub fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// A Deployment as `kubectl create deployment NAME --image=IMAGE --replicas=N` makes it.
pub fn deployment(name: &str, replicas: i64, image: &str) -> Deployment {
    let l = labels(&[("app", name)]);
    let mut d = Deployment { api_version: "apps/v1".into(), kind: "Deployment".into(), ..Default::default() };
    d.metadata.name = name.into();
    d.metadata.namespace = Some("default".into());
    d.metadata.labels = l.clone().into();
    d.spec.replicas = Some(replicas);
    d.spec.selector = Some(LabelSelector { match_labels: l.clone(), match_expressions: vec![] });
    d.spec.template.metadata.labels = l.into();
    let container = image.rsplit('/').next().unwrap_or(image).split(':').next().unwrap_or("app").to_string();
    d.spec.template.spec.containers.push(Container { name: container, image: image.into(), ..Default::default() });
    d
}

pub fn deployment_obj(name: &str, replicas: i64, image: &str) -> Object {
    Object::Deployment(deployment(name, replicas, image))
}

pub fn get_deployment(c: &Cluster, name: &str) -> Option<Deployment> {
    c.get(Kind::Deployment, "default", name).and_then(Object::as_deployment).cloned()
}

/// The ReplicaSets a deployment controls, oldest first.
pub fn owned_rss(c: &Cluster, d: &Deployment) -> Vec<ReplicaSet> {
    let mut v: Vec<ReplicaSet> = c
        .list(Kind::ReplicaSet, Some(d.metadata.ns()))
        .into_iter()
        .filter_map(Object::as_replica_set)
        .filter(|r| r.metadata.controller_ref().is_some_and(|o| o.uid == d.metadata.uid))
        .cloned()
        .collect();
    v.sort_by_key(|r| (r.metadata.creation_timestamp, r.metadata.name.clone()));
    v
}

/// Active (not terminating, not finished) pods controlled by the object with this uid.
pub fn active_pods_of<'a>(c: &'a Cluster, owner_uid: &str) -> Vec<&'a Pod> {
    c.pods().filter(|p| p.is_active() && p.metadata.controller_ref().is_some_and(|o| o.uid == owner_uid)).collect()
}

pub fn set_image(c: &mut Cluster, name: &str, image: &str) -> Result<Object, ApiError> {
    let mut d = get_deployment(c, name).expect(name);
    d.spec.template.spec.containers[0].image = image.into();
    c.update(Object::Deployment(d))
}

pub fn scale(c: &mut Cluster, name: &str, replicas: i64) -> Result<Object, ApiError> {
    let mut d = get_deployment(c, name).expect(name);
    d.spec.replicas = Some(replicas);
    c.update(Object::Deployment(d))
}

/// The rollout is over: the deployment is complete and only its current RS has replicas.
pub fn rolled_out(c: &Cluster, name: &str) -> bool {
    let Some(d) = get_deployment(c, name) else {
        return false;
    };
    let s = &d.status;
    let n = d.spec.replicas.unwrap_or(1);
    s.observed_generation >= d.metadata.generation
        && s.updated_replicas == n
        && s.replicas == n
        && s.available_replicas == n
        && {
            let rss = owned_rss(c, &d);
            rss.iter().filter(|r| r.replicas() > 0).count() <= 1
                && rss.iter().map(ReplicaSet::replicas).sum::<i64>() == n
        }
}

pub fn wait_rolled_out(c: &mut Cluster, name: &str, limit_secs: u64) {
    let ok = c.run_until(SimDuration::from_secs(limit_secs), |c| rolled_out(c, name));
    assert!(ok, "{name} did not roll out in {limit_secs} s: {:?}", get_deployment(c, name).map(|d| d.status));
}

pub fn hpa(name: &str, target: &str, min: i64, max: i64) -> Object {
    let mut h = HorizontalPodAutoscaler {
        api_version: "autoscaling/v2".into(),
        kind: "HorizontalPodAutoscaler".into(),
        ..Default::default()
    };
    h.metadata.name = name.into();
    h.metadata.namespace = Some("default".into());
    h.spec.scale_target_ref =
        CrossVersionObjectReference { api_version: "apps/v1".into(), kind: "Deployment".into(), name: target.into() };
    h.spec.min_replicas = Some(min);
    h.spec.max_replicas = max;
    h.spec.metrics = vec![MetricSpec::resource_utilization("cpu", 50)];
    Object::HorizontalPodAutoscaler(h)
}

/// `name`: nginx:1.25 pods labelled `tier: web` serving port 80, with a readiness probe that
/// passes (`ready`) or fails for ever (it probes port 8080).
pub fn web_deployment(name: &str, replicas: i64, ready: bool) -> Object {
    let mut d = deployment(name, replicas, "nginx:1.25");
    d.spec.template.metadata.labels.insert("tier".into(), "web".into());
    let container = &mut d.spec.template.spec.containers[0];
    container.ports.push(ContainerPort { container_port: 80, ..Default::default() });
    container.readiness_probe = Some(web_readiness(ready));
    Object::Deployment(d)
}

/// An HTTP readiness probe of `/` every 2 s that passes on nginx (`ready`: port 80) or fails
/// for ever (port 8080, where nothing listens).
pub fn web_readiness(ready: bool) -> Probe {
    Probe {
        http_get: Some(HttpGetAction {
            path: Some("/".into()),
            port: Some(IntOrString::Int(if ready { 80 } else { 8080 })),
            ..Default::default()
        }),
        period_seconds: Some(2),
        ..Default::default()
    }
}
