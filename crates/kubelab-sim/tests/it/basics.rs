//! First contact: a deployment's pods come up, are named like Kubernetes names them, heal, and
//! go away with their deployment; an HPA without metrics keeps its target within min/max.

use crate::common::*;
use kubelab_sim::api::*;
use kubelab_sim::rng::NAME_ALPHABET;
use kubelab_sim::*;

fn events_about<'a>(c: &'a Cluster, kind: &str, name: &str) -> Vec<&'a Event> {
    c.events().iter().filter(|e| e.involved_object.kind == kind && e.involved_object.name == name).collect()
}

#[test]
fn a_deployment_brings_up_named_running_pods() {
    let mut c = Cluster::new(ClusterConfig::current(1));
    c.create(deployment_obj("web", 3, "nginx")).unwrap();
    wait_rolled_out(&mut c, "web", 60);
    let d = get_deployment(&c, "web").unwrap();
    let rss = owned_rss(&c, &d);
    assert_eq!(rss.len(), 1);
    let rs = &rss[0];
    let hash = rs.metadata.labels.get(POD_TEMPLATE_HASH_LABEL).cloned().unwrap();
    assert_eq!(rs.metadata.name, format!("web-{hash}"));
    assert!(!hash.is_empty() && hash.len() <= 10 && hash.chars().all(|ch| "456789bcdf".contains(ch)), "{hash}");
    assert_eq!(rs.metadata.annotations.get(REVISION_ANNOTATION).map(String::as_str), Some("1"));
    assert_eq!(d.metadata.annotations.get(REVISION_ANNOTATION).map(String::as_str), Some("1"));

    let pods = active_pods_of(&c, &rs.metadata.uid);
    assert_eq!(pods.len(), 3);
    let mut nodes = std::collections::BTreeSet::new();
    for p in &pods {
        let suffix = p.metadata.name.strip_prefix(&format!("{}-", rs.metadata.name)).expect(&p.metadata.name);
        assert_eq!(suffix.len(), 5);
        assert!(suffix.bytes().all(|b| NAME_ALPHABET.contains(&b)), "{suffix}");
        assert_eq!(p.status.phase, "Running");
        assert!(p.is_ready());
        assert_eq!(p.metadata.labels.get(POD_TEMPLATE_HASH_LABEL), Some(&hash));
        nodes.insert(p.spec.node_name.clone().unwrap());
        let reasons: Vec<&str> = events_about(&c, "Pod", &p.metadata.name).iter().map(|e| &*e.reason).collect();
        assert_eq!(reasons, ["Scheduled", "Pulling", "Pulled", "Created", "Started"], "{}", p.metadata.name);
    }
    assert_eq!(nodes.into_iter().collect::<Vec<_>>(), ["node01", "node02"], "replicas are spread over the workers");

    let msgs: Vec<String> = events_about(&c, "Deployment", "web").iter().map(|e| e.message.clone()).collect();
    assert_eq!(msgs, [format!("Scaled up replica set {} to 3", rs.metadata.name)]);
    let created =
        events_about(&c, "ReplicaSet", &rs.metadata.name).iter().filter(|e| e.reason == "SuccessfulCreate").count();
    assert_eq!(created, 3);

    assert_eq!(
        (d.status.replicas, d.status.updated_replicas, d.status.ready_replicas, d.status.available_replicas),
        (3, 3, 3, 3)
    );
    let conds: Vec<(&str, &str, &str)> =
        d.status.conditions.iter().map(|x| (&*x.type_, &*x.status, x.reason.as_str())).collect();
    assert_eq!(
        conds,
        [("Available", "True", "MinimumReplicasAvailable"), ("Progressing", "True", "NewReplicaSetAvailable")]
    );
}

#[test]
fn deleted_pods_are_replaced_at_once_and_terminate_gracefully() {
    let mut c = Cluster::new(ClusterConfig::current(2));
    c.create(deployment_obj("web", 2, "nginx")).unwrap();
    wait_rolled_out(&mut c, "web", 60);
    let rs = owned_rss(&c, &get_deployment(&c, "web").unwrap()).remove(0);
    let before: Vec<String> = active_pods_of(&c, &rs.metadata.uid).iter().map(|p| p.metadata.name.clone()).collect();
    let victim = before[0].clone();
    c.delete(Kind::Pod, "default", &victim, DeleteOptions::default()).unwrap();
    // Terminating, and already replaced.
    let p = c.get(Kind::Pod, "default", &victim).and_then(Object::as_pod).unwrap();
    assert!(p.metadata.deletion_timestamp.is_some());
    let active: Vec<String> = active_pods_of(&c, &rs.metadata.uid).iter().map(|p| p.metadata.name.clone()).collect();
    assert_eq!(active.len(), 2);
    assert!(!active.contains(&victim));
    let replacement = active.iter().find(|n| !before.contains(n)).cloned().expect("a replacement pod");
    let msgs: Vec<String> =
        events_about(&c, "ReplicaSet", &rs.metadata.name).iter().map(|e| e.message.clone()).collect();
    assert!(msgs.contains(&format!("Created pod: {replacement}")), "{msgs:?}");
    let gone = c.run_until(SimDuration::from_secs(31), |c| c.get(Kind::Pod, "default", &victim).is_none());
    assert!(gone, "the pod is gone within its grace period");
    wait_rolled_out(&mut c, "web", 60);
}

#[test]
fn deleting_a_deployment_takes_its_replica_sets_and_pods() {
    let mut c = Cluster::new(ClusterConfig::current(3));
    c.create(deployment_obj("web", 3, "nginx")).unwrap();
    wait_rolled_out(&mut c, "web", 60);
    set_image(&mut c, "web", "nginx:1.25").unwrap();
    wait_rolled_out(&mut c, "web", 120);
    c.delete(Kind::Deployment, "default", "web", DeleteOptions::default()).unwrap();
    assert!(c.list(Kind::ReplicaSet, Some("default")).is_empty());
    assert!(c.pods().filter(|p| p.metadata.ns() == "default").all(|p| p.metadata.deletion_timestamp.is_some()));
    let gone = c.run_until(SimDuration::from_secs(31), |c| c.list(Kind::Pod, Some("default")).is_empty());
    assert!(gone);
}

#[test]
fn a_bad_image_never_becomes_ready() {
    let mut c = Cluster::new(ClusterConfig::current(4));
    c.create(deployment_obj("web", 1, "nginx:1.291")).unwrap();
    c.run_for(SimDuration::from_secs(60));
    let p = c.pods().find(|p| p.metadata.ns() == "default").unwrap();
    assert_eq!(p.status.phase, "Pending");
    assert!(!p.is_ready());
    let waiting = p.status.container_statuses[0].state.waiting.as_ref().map(|w| w.reason.clone());
    assert!(matches!(waiting.as_deref(), Some("ImagePullBackOff") | Some("ErrImagePull")), "{waiting:?}");
    let d = get_deployment(&c, "web").unwrap();
    assert_eq!((d.status.replicas, d.status.available_replicas, d.status.unavailable_replicas), (1, 0, 1));
}

fn hpa_target(c: &Cluster, name: &str) -> i64 {
    get_deployment(c, name).unwrap().spec.replicas.unwrap()
}

/// §3.5 rows that need no metrics: TooFewReplicas, TooManyReplicas, ZeroReplicas, and an
/// in-range target that stays where it is. The first sync is one resync period (15 s) after
/// creation.
#[test]
fn hpa_without_metrics_clamps_to_min_and_max() {
    let mut c = Cluster::new(ClusterConfig::current(5));
    // (deployment, current replicas, min, max, expected)
    #[rustfmt::skip]
    let rows = [
        ("few", 2, 3, 5, 3),     // TooFewReplicas
        ("many", 10, 3, 5, 5),   // TooManyReplicas
        ("zero", 0, 3, 5, 0),    // ZeroReplicas: scaling disabled
        ("up", 1, 2, 6, 2),      // ScaleUpRCImmediately
        ("down", 6, 2, 5, 5),    // ScaleDownRCImmediately
        ("inrange", 4, 3, 5, 4), // no metrics: no change
    ];
    for (name, current, min, max, _) in rows {
        c.create(deployment_obj(name, current, "nginx")).unwrap();
        c.create(hpa(name, name, min, max)).unwrap();
    }
    c.run_for(SimDuration::from_secs(14));
    for (name, current, ..) in rows {
        assert_eq!(hpa_target(&c, name), current, "{name}: no sync before 15 s");
    }
    c.run_for(SimDuration::from_secs(1));
    for (name, _, _, _, want) in rows {
        assert_eq!(hpa_target(&c, name), want, "{name}");
    }
    let msg = |name: &str| -> Vec<String> {
        events_about(&c, "HorizontalPodAutoscaler", name)
            .iter()
            .filter(|e| e.reason == "SuccessfulRescale")
            .map(|e| e.message.clone())
            .collect()
    };
    assert_eq!(msg("few"), ["New size: 3; reason: Current number of replicas below Spec.MinReplicas"]);
    assert_eq!(msg("many"), ["New size: 5; reason: Current number of replicas above Spec.MaxReplicas"]);
    assert!(msg("zero").is_empty() && msg("inrange").is_empty());
    let cond = |name: &str, type_: &str| -> (String, String) {
        let Some(Object::HorizontalPodAutoscaler(h)) = c.get(Kind::HorizontalPodAutoscaler, "default", name) else {
            panic!("{name}")
        };
        let x = h.status.conditions.iter().find(|x| x.type_ == type_).unwrap();
        (x.status.to_string(), x.reason.clone())
    };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(cond("few", "ScalingLimited"), pair("True", "TooFewReplicas"));
    assert_eq!(cond("many", "ScalingLimited"), pair("True", "TooManyReplicas"));
    assert_eq!(cond("zero", "ScalingActive"), pair("False", "ScalingDisabled"));
    assert_eq!(cond("inrange", "ScalingActive"), pair("False", "FailedGetResourceMetric"));
    // A student scaling past the maximum is undone at the next sync.
    scale(&mut c, "inrange", 9).unwrap();
    let fixed = c.run_until(SimDuration::from_secs(15), |c| hpa_target(c, "inrange") == 5);
    assert!(fixed);
    wait_rolled_out(&mut c, "inrange", 60);
}

/// Admission's service account token volume is held as its name, but a pod reads and writes as
/// the API server shows it: the projected volume last in `volumes`, mounted last in each
/// container; reading that back gives the stored pod, and a volume that only looks like it (a
/// different expiry) stays an ordinary volume.
#[test]
fn a_pods_token_volume_is_shown_in_full_and_read_back() {
    let mut c = Cluster::new(ClusterConfig::current(1));
    c.create(deployment_obj("web", 2, "nginx")).unwrap();
    wait_rolled_out(&mut c, "web", 60);
    let pods: Vec<Pod> = c.pods().filter(|p| p.metadata.name.starts_with("web-")).cloned().collect();
    assert_eq!(pods.len(), 2);
    let mut names = std::collections::BTreeSet::new();
    for pod in &pods {
        let json = serde_json::to_value(pod).unwrap();
        let volume = json["spec"]["volumes"].as_array().and_then(|v| v.last()).cloned().unwrap();
        let name = volume["name"].as_str().unwrap().to_string();
        assert!(name.starts_with("kube-api-access-") && name.len() == "kube-api-access-".len() + 5, "{name}");
        assert_eq!(volume["projected"]["sources"][0]["serviceAccountToken"]["expirationSeconds"], 3607);
        assert_eq!(volume["projected"]["sources"][1]["configMap"]["name"], "kube-root-ca.crt");
        let mount = json["spec"]["containers"][0]["volumeMounts"].as_array().and_then(|m| m.last()).cloned().unwrap();
        assert_eq!(mount["mountPath"], "/var/run/secrets/kubernetes.io/serviceaccount");
        assert_eq!(mount["name"].as_str(), Some(name.as_str()));
        assert_eq!(mount["readOnly"], true);
        names.insert(name);

        let back: Pod = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(&back, pod, "read back, the pod is the stored one");
        assert!(back.spec.token_volume.is_some());

        let mut lookalike = json.clone();
        lookalike["spec"]["volumes"][0]["projected"]["sources"][0]["serviceAccountToken"]["expirationSeconds"] =
            serde_json::json!(3600);
        let other: Pod = serde_json::from_value(lookalike.clone()).unwrap();
        assert!(other.spec.token_volume.is_none());
        assert_eq!(serde_json::to_value(&other).unwrap(), lookalike, "an ordinary volume round-trips as it is");
    }
    assert_eq!(names.len(), 2, "each pod has its own token volume name");
}

/// The replicas of one template hold one copy of their labels, containers, tolerations and unmodelled
/// fields (what keeps a 150,000-pod cluster in a browser tab), also in a cluster read back from
/// JSON; a write to one pod's containers copies them for that pod alone.
#[test]
fn replicas_share_one_copy_of_their_spec_parts() {
    let mut c = Cluster::new(ClusterConfig::current(1));
    c.create(deployment_obj("web", 3, "nginx")).unwrap();
    wait_rolled_out(&mut c, "web", 60);
    let shared = |c: &Cluster| {
        let pods: Vec<&Pod> = c.pods().filter(|p| p.metadata.name.starts_with("web-")).collect();
        assert_eq!(pods.len(), 3);
        pods.windows(2).all(|w| {
            w[0].metadata.labels.same(&w[1].metadata.labels)
                && w[0].metadata.owner_references.same(&w[1].metadata.owner_references)
                && w[0].spec.containers.same(&w[1].spec.containers)
                && w[0].spec.tolerations.same(&w[1].spec.tolerations)
                && w[0].spec.extra.same(&w[1].spec.extra)
        })
    };
    assert!(shared(&c));
    let back: Cluster = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
    assert!(shared(&back));
    let mut pod = c.pods().find(|p| p.metadata.name.starts_with("web-")).cloned().unwrap();
    let other = c.pods().find(|p| p.metadata.name.starts_with("web-") && p.metadata.name != pod.metadata.name).unwrap();
    pod.spec.containers[0].image = "nginx:1.27".into();
    assert!(!pod.spec.containers.same(&other.spec.containers));
    assert_eq!(other.spec.containers[0].image, "nginx");
}

/// A stored pod's status holds its five conditions and its container status with no room to
/// spare: built by pushes, the lists would keep room for eight and four, more than a kilobyte
/// a pod in a browser tab (issue 10's memory per pod). Also in a cluster read back from JSON.
#[test]
fn a_stored_pods_status_keeps_no_spare_room() {
    let mut c = Cluster::new(ClusterConfig::current(1));
    c.create(deployment_obj("web", 3, "nginx")).unwrap();
    wait_rolled_out(&mut c, "web", 60);
    let pods: Vec<&Pod> = c.pods().filter(|p| p.metadata.name.starts_with("web-")).collect();
    assert_eq!(pods.len(), 3);
    for p in pods {
        assert_eq!(p.status.conditions.len(), 5, "{}", p.metadata.name);
        assert_eq!(p.status.conditions.capacity(), 5, "{}", p.metadata.name);
        assert_eq!(p.status.container_statuses.capacity(), 1, "{}", p.metadata.name);
    }
    // A cluster read back from JSON (a restored session) is as small: the lists are sized to
    // fit and the conditions' and events' common words are borrowed, not copied into each.
    let back: Cluster = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
    let borrowed = |w: &std::borrow::Cow<'static, str>| matches!(w, std::borrow::Cow::Borrowed(_));
    for p in back.pods().filter(|p| p.metadata.name.starts_with("web-")) {
        assert_eq!(p.status.conditions.capacity(), 5, "{}", p.metadata.name);
        assert!(p.status.conditions.iter().all(|c| borrowed(&c.type_) && borrowed(&c.status)), "{}", p.metadata.name);
        let events = back.events_for(&p.metadata.uid);
        assert!(events.len() >= 5, "{}: {} events", p.metadata.name, events.len());
        for e in events {
            assert!(borrowed(&e.reason) && borrowed(&e.type_) && borrowed(&e.source.component), "{:?}", e.reason);
            assert!(borrowed(&e.involved_object.namespace) && e.metadata.namespace.as_ref().is_some_and(borrowed));
        }
        // Pulled, Created and Started, recorded one after another, hold one copy of the pod's
        // reference, in the cluster and read back.
        for cluster in [&c, &back] {
            let kubelet: Vec<&Event> = cluster
                .events()
                .iter()
                .filter(|e| e.involved_object.uid == p.metadata.uid && e.source.component == "kubelet")
                .filter(|e| ["Pulled", "Created", "Started"].contains(&&*e.reason))
                .collect();
            assert_eq!(kubelet.len(), 3, "{}", p.metadata.name);
            assert!(kubelet.windows(2).all(|w| w[0].involved_object.same(&w[1].involved_object)));
        }
    }
}
