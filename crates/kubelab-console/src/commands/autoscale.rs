use super::*;

/// The flags of `kubectl autoscale --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] = &[
    "--allow-missing-template-keys",
    "--field-manager",
    "-k",
    "--kustomize",
    "-R",
    "--recursive",
    "--save-config",
    "--show-managed-fields",
    "--template",
];

/// The flags of [autoscale], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::v("min", None),
    flags::v("max", None),
    flags::v("cpu-percent", None),
    // kubectl 1.34's replacement for --cpu-percent: 1.33 and 1.11 answer `unknown flag`.
    flags::v("cpu", None).since(34),
    flags::v("name", None),
    flags::v("filename", Some('f')),
    flags::b("record", None),
    flags::DRY_RUN,
    flags::v("output", Some('o')),
];

pub(super) fn autoscale(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    // kubectl's order: pflag's int values, cobra's required flag, then the resources.
    for (long, shown) in [("max", "--max"), ("min", "--min"), ("cpu-percent", "--cpu-percent")] {
        if let Err(e) = int_flag(ctx, long, shown) {
            return out.err(&e);
        }
    }
    let Some(max) = ctx.flags.get("max") else {
        return out.err("error: required flag(s) \"max\" not set");
    };
    if ctx.pos.is_empty() && !ctx.flags.has("filename") {
        return out.err(NO_RESOURCES);
    }
    let Some((r, kind, name)) = one_target(c, ctx, out, "autoscale") else {
        return;
    };
    let max: i64 = max.parse().unwrap_or(-1);
    let min: Option<i64> = ctx.flags.get("min").and_then(|m| m.parse().ok()).filter(|m| *m >= 0);
    if max < 1 {
        return out.err(&format!("error: --max=MAXPODS is required and must be at least 1, max: {max}"));
    }
    if let Some(m) = min {
        if max < m {
            return out
                .err(&format!("error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: {max}, min: {m}"));
        }
    }
    let cpu = ctx.flags.get("cpu-percent").and_then(|p| p.parse::<i64>().ok()).filter(|p| *p >= 0);
    let ns = namespace(ctx);
    if c.cluster.get(kind, &ns, &name).is_none() {
        return out.err(&api_error(c, &ApiError::NotFound { kind, name }, Some(r.group)));
    }
    let hpa_name = ctx.flags.get("name").unwrap_or(&name).to_string();
    let mut h = HorizontalPodAutoscaler {
        api_version: "autoscaling/v1".into(),
        kind: "HorizontalPodAutoscaler".into(),
        ..Default::default()
    };
    h.metadata.name = hpa_name.clone();
    h.metadata.namespace = Some(ns);
    h.spec.scale_target_ref =
        // kubectl names the target in the group/version it found it in (1.11: extensions/v1beta1).
        CrossVersionObjectReference { api_version: r.api_version(), kind: kind.name().into(), name: name.clone() };
    h.spec.min_replicas = min;
    h.spec.max_replicas = max;
    // No --cpu-percent: no metric, and the API server's default (CPU at 80 %) applies.
    h.spec.metrics = cpu.map(|p| vec![MetricSpec::resource_utilization("cpu", p)]).unwrap_or_default();
    if let Err(e) = check_dry_run_and_output(ctx) {
        return out.err(&e);
    }
    let output = ctx.flags.get("output");
    if let Some(dry) = ctx.flags.get("dry-run").filter(|d| *d != "none") {
        // The object kubectl built, printed and not sent (no server defaults on the client).
        if let Some(o @ ("yaml" | "json")) = output {
            let mut v = wire_json(c, &Object::HorizontalPodAutoscaler(h));
            if dry != "server" {
                client_side_object(&mut v, ctx);
            }
            return out.out(&if o == "json" { to_json(&v) } else { to_yaml(&v) });
        }
        if output == Some("name") {
            return out.out(&format!("horizontalpodautoscaler.autoscaling/{hpa_name}"));
        }
        let how = if dry == "server" { "server dry run" } else { "dry run" };
        return out.out(&format!("horizontalpodautoscaler.autoscaling/{hpa_name} autoscaled ({how})"));
    }
    match c.cluster.create(Object::HorizontalPodAutoscaler(h)) {
        Ok(_) if output == Some("name") => out.out(&format!("horizontalpodautoscaler.autoscaling/{hpa_name}")),
        Ok(_) => out.out(&format!("horizontalpodautoscaler.autoscaling/{hpa_name} autoscaled")),
        Err(e @ ApiError::Invalid { .. }) => {
            out.err(&format!("The HorizontalPodAutoscaler \"{hpa_name}\" is invalid: {}", invalid_causes(&e)))
        }
        Err(e) => out.err(&api_error(c, &e, Some("autoscaling"))),
    }
}

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;
    use kubelab_sim::api::{Kind, Object};

    #[test]
    fn resource_and_max_are_required() {
        let mut c = with_web();
        // As kubectl 1.33: pflag's values, the required --max, then the resources.
        assert_eq!(fails(&mut c, "kubectl autoscale"), "error: required flag(s) \"max\" not set\n");
        assert_eq!(fails(&mut c, "kubectl autoscale --max=3"), "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n");
        assert_eq!(
            fails(&mut c, "kubectl autoscale deploy web --max=abc"),
            "error: invalid argument \"abc\" for \"--max\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\nSee 'kubectl autoscale --help' for usage.\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl autoscale deploy web --min=x --max=3"),
            "error: invalid argument \"x\" for \"--min\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\nSee 'kubectl autoscale --help' for usage.\n"
        );
        assert_eq!(fails(&mut c, "kubectl autoscale deployment web"), "error: required flag(s) \"max\" not set\n");
    }

    #[test]
    fn max_below_one_or_below_min_is_refused() {
        let mut c = with_web();
        assert_eq!(
            fails(&mut c, "kubectl autoscale deployment web --max=0"),
            "error: --max=MAXPODS is required and must be at least 1, max: 0\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl autoscale deployment web --max=2 --min=5"),
            "error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 5\n"
        );
    }

    #[test]
    fn a_missing_target_is_not_found() {
        let mut c = with_web();
        assert_eq!(
            fails(&mut c, "kubectl autoscale deployment nope --max=3"),
            "Error from server (NotFound): deployments.apps \"nope\" not found\n"
        );
    }

    #[test]
    fn creates_an_hpa_with_the_given_bounds_once() {
        let mut c = with_web();
        assert_eq!(
            ok(&mut c, "kubectl autoscale deployment web --min=2 --max=5 --cpu-percent=50"),
            "horizontalpodautoscaler.autoscaling/web autoscaled\n"
        );
        let Some(Object::HorizontalPodAutoscaler(h)) = object(&c, Kind::HorizontalPodAutoscaler, "web") else {
            panic!("no HPA web");
        };
        assert_eq!((h.spec.min_replicas, h.spec.max_replicas), (Some(2), 5));
        assert_eq!(h.target_cpu(), Some(50));
        assert_eq!(
            (h.spec.scale_target_ref.kind.as_str(), h.spec.scale_target_ref.name.as_str()),
            ("Deployment", "web")
        );
        assert_eq!(
            fails(&mut c, "kubectl autoscale deployment web --max=5"),
            "Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling \"web\" already exists\n"
        );
    }

    #[test]
    fn a_dry_run_prints_and_creates_nothing() {
        let mut c = with_web();
        assert_eq!(
            ok(&mut c, "kubectl autoscale deployment web --max=3 --dry-run=client"),
            "horizontalpodautoscaler.autoscaling/web autoscaled (dry run)\n"
        );
        let yaml = ok(&mut c, "kubectl autoscale deployment web --max=3 --cpu-percent=40 --dry-run=client -o yaml");
        assert!(yaml.contains("averageUtilization: 40"), "{yaml}");
        assert!(yaml.contains("creationTimestamp: null"), "{yaml}");
        assert!(object(&c, Kind::HorizontalPodAutoscaler, "web").is_none());
        assert_eq!(
            fails(&mut c, "kubectl autoscale deployment web --max=3 --cpu=50%"),
            "error: unknown flag: --cpu\nSee 'kubectl autoscale --help' for usage.\n"
        );
    }

    /// Serves `milli` millicores for every pod in `default`, as metrics-server would.
    fn serve(c: &mut crate::Console, milli: u64) {
        use kubelab_sim::usage::{ContainerUsage, MetricsApi, PodUsage};
        let now = c.cluster.now();
        let mut m = MetricsApi { available: true, ..Default::default() };
        for name in pods(c) {
            let usage = PodUsage {
                namespace: "default".into(),
                name: name.clone(),
                timestamp: now,
                window: kubelab_sim::SimDuration::from_secs(15),
                containers: vec![ContainerUsage { name: "nginx".into(), cpu_milli: milli, memory_bytes: 0 }],
            };
            m.pods.insert(("default".into(), name), usage);
        }
        c.cluster.set_metrics_api_for_test(m);
    }

    #[test]
    fn measured_utilization_shows_in_get_and_describe() {
        let mut c = with_web();
        ok(&mut c, "kubectl set resources deployment web --requests=cpu=100m");
        ok(&mut c, "sleep 400");
        ok(&mut c, "kubectl autoscale deployment web --min=2 --max=6 --cpu-percent=50");
        serve(&mut c, 35);
        ok(&mut c, "sleep 16");
        let table = ok(&mut c, "kubectl get hpa web");
        assert!(table.contains("cpu: 35%/50%"), "{table}");
        let d = ok(&mut c, "kubectl describe hpa web");
        assert!(d.contains("  resource cpu on pods  (as a percentage of request):  35% (35m) / 50%\n"), "{d}");
        assert!(
            d.contains("ScalingActive   True    ValidMetricFound    the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)"),
            "{d}"
        );
        // Load: 3 × 35m wanted at 20m each → scale out, capped at max(2 × 2, 4).
        serve(&mut c, 150);
        ok(&mut c, "sleep 15");
        assert_eq!(replicas(&c, "web"), Some(4));
        let d = ok(&mut c, "kubectl describe hpa web");
        assert!(
            d.contains("New size: 4; reason: cpu resource utilization (percentage of request) above target"),
            "{d}"
        );
        let yaml = ok(&mut c, "kubectl get hpa web -o yaml");
        assert!(
            yaml.contains("      current:\n        averageUtilization: 150\n        averageValue: 150m\n"),
            "{yaml}"
        );
    }

    #[test]
    fn name_flag_names_the_hpa() {
        let mut c = with_web();
        assert_eq!(
            ok(&mut c, "kubectl autoscale deploy/web --max=3 --name=web-hpa"),
            "horizontalpodautoscaler.autoscaling/web-hpa autoscaled\n"
        );
        assert!(object(&c, Kind::HorizontalPodAutoscaler, "web-hpa").is_some());
        assert!(object(&c, Kind::HorizontalPodAutoscaler, "web").is_none());
    }
}
