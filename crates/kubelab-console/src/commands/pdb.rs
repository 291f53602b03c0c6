//! `kubectl create poddisruptionbudget NAME --selector=SEL --min-available=N|N%` (or
//! `--max-unavailable`): the PodDisruptionBudget kubectl's generator builds
//! (`create_pdb.go`), with its validation messages in its order.

use super::*;

/// The flags of `kubectl create poddisruptionbudget --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] = &["--allow-missing-template-keys", "--show-managed-fields", "--template"];

/// The flags of [create, poddisruptionbudget], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::v("selector", None),
    flags::v("min-available", None),
    flags::v("max-unavailable", None),
    flags::DRY_RUN,
    flags::v("output", Some('o')),
    flags::b("save-config", None),
    flags::v("validate", None),
    flags::v("field-manager", None),
];

/// `^[0-9]+%?$`.
fn int_or_percent(v: &str) -> bool {
    let digits = v.strip_suffix('%').unwrap_or(v);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `intstr.Parse`: an integer when it is one, else the string.
fn int_or_string(v: &str) -> Value {
    match v.parse::<i64>() {
        Ok(n) if n.to_string() == v => Value::from(n),
        _ => Value::String(v.to_string()),
    }
}

/// `metav1.ParseToLabelSelector`: `k=v` / `k==v` into matchLabels, the rest as expressions.
fn label_selector(s: &str) -> Result<Value, String> {
    let sel = Selector::parse(s).map_err(|e| format!("error: {e}"))?;
    let mut labels = serde_json::Map::new();
    let mut exprs = Vec::new();
    for r in &sel.requirements {
        let op = match r.op {
            kubelab_sim::api::Op::Equals => {
                labels.insert(r.key.clone(), Value::String(r.values.first().cloned().unwrap_or_default()));
                continue;
            }
            kubelab_sim::api::Op::In => "In",
            kubelab_sim::api::Op::NotEquals | kubelab_sim::api::Op::NotIn => "NotIn",
            kubelab_sim::api::Op::Exists => "Exists",
            kubelab_sim::api::Op::DoesNotExist => "DoesNotExist",
        };
        let mut e = serde_json::json!({"key": r.key, "operator": op});
        if !r.values.is_empty() {
            e["values"] = Value::Array(r.values.iter().cloned().map(Value::String).collect());
        }
        exprs.push(e);
    }
    let mut out = serde_json::Map::new();
    if !labels.is_empty() {
        out.insert("matchLabels".into(), Value::Object(labels));
    }
    if !exprs.is_empty() {
        out.insert("matchExpressions".into(), Value::Array(exprs));
    }
    Ok(Value::Object(out))
}

fn build(name: &str, ns: &str, ctx: &Ctx, api_version: &str) -> Result<Object, String> {
    let selector = ctx.flags.get("selector").unwrap_or("");
    let min = ctx.flags.get("min-available").unwrap_or("");
    let max = ctx.flags.get("max-unavailable").unwrap_or("");
    if selector.is_empty() {
        return Err("error: a selector must be specified".into());
    }
    if min.is_empty() && max.is_empty() {
        return Err("error: one of min-available or max-unavailable must be specified".into());
    }
    if !min.is_empty() && !max.is_empty() {
        return Err("error: min-available and max-unavailable cannot be both specified".into());
    }
    if !min.is_empty() && !int_or_percent(min) {
        return Err("error: invalid format specified for min-available".into());
    }
    if !max.is_empty() && !int_or_percent(max) {
        return Err("error: invalid format specified for max-unavailable".into());
    }
    let mut spec = serde_json::Map::new();
    if !min.is_empty() {
        spec.insert("minAvailable".into(), int_or_string(min));
    }
    spec.insert("selector".into(), label_selector(selector)?);
    if !max.is_empty() {
        spec.insert("maxUnavailable".into(), int_or_string(max));
    }
    let v = serde_json::json!({
        "apiVersion": api_version,
        "kind": "PodDisruptionBudget",
        "metadata": {"name": name, "namespace": ns},
        "spec": Value::Object(spec),
        "status": {"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0, "expectedPods": 0},
    });
    serde_json::from_value::<Opaque>(v)
        .map(|o| Object::Opaque(Kind::PodDisruptionBudget, o))
        .map_err(|e| format!("error: {e}"))
}

pub(super) fn create_pdb(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    if ctx.pos.len() != 1 {
        return out.err(&format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl create poddisruptionbudget -h' for help and examples",
            ctx.pos.len()
        ));
    }
    let name = ctx.pos[0].clone();
    let api_version = resources::RESOURCES
        .iter()
        .find(|r| r.kind == "PodDisruptionBudget")
        .map(|r| r.api_version(c.profile))
        .unwrap_or_else(|| "policy/v1".into());
    match build(&name, &namespace(ctx), ctx, &api_version) {
        Ok(obj) => create_one(c, obj, "policy", ctx, out),
        Err(e) => out.err(&e),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn create_pdb_checks_its_flags_as_kubectl_does() {
        let mut c = console();
        assert_eq!(fails(&mut c, "kubectl create pdb web --min-available=1"), "error: a selector must be specified\n");
        assert_eq!(
            fails(&mut c, "kubectl create pdb web --selector=app=web"),
            "error: one of min-available or max-unavailable must be specified\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl create pdb web --selector=app=web --min-available=1 --max-unavailable=1"),
            "error: min-available and max-unavailable cannot be both specified\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl create pdb web --selector=app=web --min-available=abc"),
            "error: invalid format specified for min-available\n"
        );
        assert_eq!(
            ok(&mut c, "kubectl create pdb web --selector=app=web --min-available=50%"),
            "poddisruptionbudget.policy/web created\n"
        );
    }
}
