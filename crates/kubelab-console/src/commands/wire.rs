use super::*;

/// The object as the API server would return it: wire timestamps, string resourceVersion,
/// the apiVersion the profile prefers.
pub fn wire_json(c: &Console, obj: &Object) -> Value {
    wire_json_as(c, obj, None)
}

/// [`wire_json`] in the version the command line named (`hpa.v1.autoscaling`): for the kinds
/// whose versions differ in shape (HorizontalPodAutoscaler); others keep the preferred one.
pub fn wire_json_as(c: &Console, obj: &Object, requested: Option<&str>) -> Value {
    let mut v = obj.to_json();
    let kind = obj.kind();
    let api_version = match requested.filter(|_| kind == Kind::HorizontalPodAutoscaler) {
        Some(r) => r.to_string(),
        None => resources::RESOURCES
            .iter()
            .find(|r| r.kind == kind.name())
            .map(|r| r.api_version(c.profile))
            .unwrap_or_else(|| "v1".into()),
    };
    fix_timestamps(c, &mut v);
    // What a kubelet reports about its node beyond the simulator's model: machine identifiers,
    // the status heartbeat, podCIDRs (1.16+).
    if let Object::Node(n) = obj {
        let name = &n.metadata.name;
        let beat = rfc3339(c.cluster.unix_secs(crate::describe::node_heartbeat(&c.cluster, n)));
        if let Some(Value::Object(info)) = v.pointer_mut("/status/nodeInfo") {
            info.insert(
                "machineID".into(),
                Value::String(kubelab_sim::hash::hex_stream(&format!("machine/{name}"), 32)),
            );
            info.insert("systemUUID".into(), Value::String(crate::describe::pseudo_uuid(&format!("system/{name}"))));
            info.insert("bootID".into(), Value::String(crate::describe::pseudo_uuid(&format!("boot/{name}"))));
        }
        if let Some(Value::Array(conds)) = v.pointer_mut("/status/conditions") {
            for cond in conds.iter_mut().filter_map(Value::as_object_mut) {
                cond.remove("lastProbeTime");
                cond.insert("lastHeartbeatTime".into(), Value::String(beat.clone()));
            }
        }
        if c.era().node_pod_cidrs {
            if let (Some(cidr), Some(Value::Object(spec))) = (n.spec.pod_cidr.clone(), v.get_mut("spec")) {
                spec.insert("podCIDRs".into(), serde_json::json!([cidr]));
            }
        }
    }
    // podIPs / hostIPs (1.16+ / 1.28+) repeat podIP / hostIP.
    if kind == Kind::Pod && c.era().pod_ip_lists {
        if let Some(Value::Object(status)) = v.get_mut("status") {
            for (one, many) in [("hostIP", "hostIPs"), ("podIP", "podIPs")] {
                if let Some(ip) = status.get(one).cloned().filter(|ip| ip.as_str().is_some_and(|s| !s.is_empty())) {
                    status.insert(many.into(), serde_json::json!([{ "ip": ip }]));
                }
            }
        }
    }
    // A pod template's metadata has no creation time: the API prints `creationTimestamp: null`.
    for path in ["/spec/template/metadata", "/spec/jobTemplate/metadata", "/spec/jobTemplate/spec/template/metadata"] {
        if let Some(Value::Object(meta)) = v.pointer_mut(path) {
            meta.insert("creationTimestamp".into(), Value::Null);
        }
    }
    if let Value::Object(m) = &mut v {
        m.insert("apiVersion".into(), Value::String(api_version.clone()));
        if let Some(Value::Object(meta)) = m.get_mut("metadata") {
            if let Some(rv) = meta.get("resourceVersion").and_then(Value::as_u64) {
                meta.insert("resourceVersion".into(), Value::String(rv.to_string()));
            }
        }
    }
    if let Object::HorizontalPodAutoscaler(h) = obj {
        let version = api_version.rsplit('/').next().unwrap_or("v2");
        let fmt = |t: kubelab_sim::SimTime| rfc3339(c.cluster.unix_secs(t));
        kubelab_sim::api::hpa::from_stored(&mut v, h, version, &fmt);
    }
    v
}

pub(super) fn fix_timestamps(c: &Console, v: &mut Value) {
    const KEYS: [&str; 16] = [
        "creationTimestamp",
        "deletionTimestamp",
        "lastTransitionTime",
        "lastUpdateTime",
        "lastProbeTime",
        "startTime",
        "startedAt",
        "finishedAt",
        "firstTimestamp",
        "lastTimestamp",
        "lastScaleTime",
        "lastHeartbeatTime",
        "timeAdded",
        "completionTime",
        "lastScheduleTime",
        "lastSuccessfulTime",
    ];
    match v {
        Value::Object(m) => {
            for (k, val) in m.iter_mut() {
                if KEYS.contains(&k.as_str()) {
                    if let Some(ms) = val.as_u64() {
                        *val = Value::String(rfc3339(c.cluster.unix_secs(kubelab_sim::SimTime(ms))));
                        continue;
                    }
                }
                fix_timestamps(c, val);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| fix_timestamps(c, x)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::wire_json;
    use crate::commands::testing::*;
    use kubelab_sim::api::Kind;

    #[test]
    fn objects_carry_wire_timestamps_and_a_string_resource_version() {
        let c = with_web();
        let d = object(&c, Kind::Deployment, "web").expect("web");
        let v = wire_json(&c, &d);
        assert_eq!(v["apiVersion"], "apps/v1");
        assert!(v["metadata"]["resourceVersion"].is_string(), "{v}");
        let created = v["metadata"]["creationTimestamp"].as_str().unwrap_or_default();
        assert!(created.len() == 20 && created.ends_with('Z') && created.contains('T'), "{created}");
        assert!(v["spec"]["template"]["metadata"]["creationTimestamp"].is_null());
        assert!(v["status"]["conditions"][0]["lastUpdateTime"].is_string(), "{v}");
    }

    #[test]
    fn the_profile_decides_api_version_and_pod_ip_lists() {
        let c = with_web();
        let pod = object(&c, Kind::Pod, &pods(&c)[0]).expect("pod");
        let v = wire_json(&c, &pod);
        assert_eq!(v["status"]["podIPs"][0]["ip"], v["status"]["podIP"]);
        let mut old = course();
        ok(&mut old, "kubectl run web --image=nginx");
        ok(&mut old, "sleep 60");
        let d = object(&old, Kind::Deployment, "web").expect("web");
        assert_eq!(wire_json(&old, &d)["apiVersion"], "extensions/v1beta1");
        let pod = object(&old, Kind::Pod, &pods(&old)[0]).expect("pod");
        let v = wire_json(&old, &pod);
        assert!(v["status"]["podIP"].is_string() && v["status"].get("podIPs").is_none(), "{v}");
    }

    #[test]
    fn autoscaling_v2_moves_the_cpu_target_into_metrics() {
        let mut c = with_web();
        ok(&mut c, "kubectl autoscale deployment web --max=3 --cpu-percent=60");
        let h = object(&c, Kind::HorizontalPodAutoscaler, "web").expect("hpa");
        let v = wire_json(&c, &h);
        assert_eq!(v["apiVersion"], "autoscaling/v2");
        assert!(v["spec"].get("targetCPUUtilizationPercentage").is_none());
        assert_eq!(v["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"], 60);
    }
}
