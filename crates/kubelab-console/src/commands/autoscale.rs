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
    flags::v("cpu", None),
    flags::v("name", None),
    flags::v("filename", Some('f')),
    flags::b("record", None),
    flags::v("dry-run", None),
    flags::v("output", Some('o')),
];

pub(super) fn autoscale(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some((r, kind, name)) = one_target(c, ctx, out, "autoscale") else {
        return;
    };
    let Some(max) = ctx.flags.get("max") else {
        return out.err("error: required flag(s) \"max\" not set");
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
    let cpu = ctx
        .flags
        .get("cpu-percent")
        .or(ctx.flags.get("cpu").map(|c| c.trim_end_matches('%')))
        .and_then(|p| p.parse::<i64>().ok())
        .filter(|p| *p >= 0);
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
        CrossVersionObjectReference { api_version: "apps/v1".into(), kind: kind.name().into(), name: name.clone() };
    h.spec.min_replicas = min;
    h.spec.max_replicas = max;
    h.spec.target_cpu_utilization_percentage = cpu;
    match c.cluster.create(Object::HorizontalPodAutoscaler(h)) {
        Ok(_) => out.out(&format!("horizontalpodautoscaler.autoscaling/{hpa_name} autoscaled")),
        Err(e @ ApiError::Invalid { .. }) => {
            out.err(&format!("The HorizontalPodAutoscaler \"{hpa_name}\" is invalid: {}", invalid_causes(&e)))
        }
        Err(e) => out.err(&api_error(c, &e, Some("autoscaling"))),
    }
}
