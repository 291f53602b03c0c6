//! `kubectl diff -f FILE|DIR|-` (kubectl 1.13+): the live objects against what `apply` would
//! make of them, as the API server answers a dry run (defaults, validation, the generation a
//! spec change raises), printed as GNU `diff -u -N LIVE-DIR MERGED-DIR` prints two directories
//! of YAML files named `GROUP.VERSION.KIND.NAMESPACE.NAME` (kubectl's `InfoObject.Name`).
//! Exit status as kubectl's: 0 no differences, 1 differences, 2 an error (`CheckDiffErr`), and
//! on an error nothing but the error is printed (kubectl stops before it runs `diff`).
//!
//! The temporary directories (`/tmp/LIVE-NNN`, Go's `os.MkdirTemp`: a decimal `uint32`) and
//! the files' times come from the cluster's seed and clock, so a transcript is the same every
//! run; the times are the simulated clock's, in UTC. A Secret's `data` is masked as kubectl's
//! `Masker` masks it (`***`, `*** (before)`/`*** (after)`).
//!
//! Simplified: the merge is the lab's `apply` (the file's desired state replaces the live one,
//! server-set fields and the deployment's revision kept), not kubectl's three-way strategic
//! merge; a live object's `last-applied-configuration` annotation stays as it is, as
//! kubectl's dry-run patch (made without annotating) leaves it. The lab keeps no
//! `managedFields`, so there are none to hide (kubectl hides them unless
//! `--show-managed-fields`).

use super::*;
use crate::text::udiff::unified_hunks;
use std::collections::BTreeMap;

/// The flags of `kubectl diff --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] = &[
    "--concurrency",
    "--field-manager",
    "--force-conflicts",
    "-k",
    "--kustomize",
    "--prune",
    "--prune-allowlist",
    "-l",
    "--selector",
    "--server-side",
    "--show-managed-fields",
];

/// The flags of [diff], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[flags::v("filename", Some('f')), flags::b("recursive", Some('R'))];

/// kubectl's exit code for an error in `diff` (`CheckDiffErr`: one more than usual, since 1
/// means "differences found").
const ERROR_EXIT: i32 = 2;

fn fail(out: &mut Output, msg: &str) {
    out.err(msg);
    out.exit_code = ERROR_EXIT;
}

pub(super) fn diff(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    if !ctx.pos.is_empty() {
        return fail(
            out,
            &format!("error: Unexpected args: [{}]\nSee 'kubectl diff -h' for help and examples", ctx.pos.join(" ")),
        );
    }
    if !ctx.flags.has("filename") {
        return fail(out, "error: must specify one of -f and -k");
    }
    let mut read = Output::default();
    let Some(docs) = read_manifests(c, ctx, &mut read) else {
        return;
    };
    if read.exit_code != 0 {
        return fail(out, &read.stderr);
    }
    // File name → (live YAML, merged YAML); a name written twice keeps the last write.
    let mut files: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (source, doc) in docs {
        match one_object(c, ctx, &source, doc) {
            Ok((name, live, merged)) => {
                files.insert(name, (live, merged));
            }
            Err(e) => return fail(out, &e),
        }
    }
    c.temp_names += 1;
    let (live_dir, merged_dir) = (temp_dir(c, "LIVE"), temp_dir(c, "MERGED"));
    let (live_time, merged_time) = file_times(c);
    for (name, (live, merged)) in &files {
        let hunks = unified_hunks(live, merged, 3);
        if hunks.is_empty() {
            continue;
        }
        let (a, b) = (format!("{live_dir}/{name}"), format!("{merged_dir}/{name}"));
        out.stdout.push_str(&format!("diff -u -N {a} {b}\n--- {a}\t{live_time}\n+++ {b}\t{merged_time}\n{hunks}"));
        out.exit_code = 1;
    }
}

/// One document: its diff file name, the live object's YAML (empty when there is none) and the
/// merged one's, or kubectl's error.
fn one_object(c: &Console, ctx: &Ctx, source: &str, doc: Value) -> Result<(String, String, String), String> {
    let mut obj = manifest::decode(doc, source, c.profile)?;
    let kind = obj.kind();
    if kind.namespaced() {
        match (obj.meta().namespace.clone(), ctx.flags.get("namespace")) {
            (Some(d), Some(f)) if d != f => {
                return Err(format!("error: the namespace from the provided object \"{d}\" does not match the namespace \"{f}\". You must pass '--namespace={d}' to perform this operation."));
            }
            (None, _) => obj.meta_mut().namespace = Some(namespace(ctx)),
            _ => {}
        }
    }
    let api_version = obj.api_version().to_string();
    let (group, version) = match api_version.split_once('/') {
        Some((g, v)) => (format!("{g}."), v.to_string()),
        None => (String::new(), api_version.clone()),
    };
    let name = obj.meta().name.clone();
    let ns = obj.meta().ns().to_string();
    let file = format!("{group}{version}.{}.{}.{name}", kind.name(), if kind.namespaced() { ns.as_str() } else { "" });
    let live = c.cluster.get(kind, &ns, &name).cloned();
    let invalid = |e: ApiError| match e {
        e @ ApiError::Invalid { .. } => format!("The {} \"{name}\" is invalid: {}", kind.name(), invalid_causes(&e)),
        e => api_error(c, &e, Some(group.trim_end_matches('.'))),
    };
    let merged = match &live {
        Some(old) => {
            let mut new = merge_apply(old, obj);
            if let Some(a) = old.meta().annotations.get(LAST_APPLIED_ANNOTATION) {
                new.meta_mut().annotations.insert(LAST_APPLIED_ANNOTATION.into(), a.clone());
            }
            c.cluster.dry_run_update(new).map_err(invalid)?
        }
        None => c.cluster.dry_run_create(obj).map_err(invalid)?,
    };
    let json = |o: &Object| {
        let mut v = wire_json(c, o);
        if let Some(m) = v.as_object_mut() {
            m.insert("apiVersion".into(), Value::String(api_version.clone()));
        }
        v
    };
    let (mut live, mut merged) = (live.as_ref().map(json), json(&merged));
    if kind == Kind::Secret && api_version == "v1" {
        mask_secret_data(live.as_mut(), &mut merged);
    }
    Ok((file, live.as_ref().map(to_yaml).unwrap_or_default(), to_yaml(&merged)))
}

/// kubectl's `Masker`: a Secret's `data` values become `***`, or `*** (before)` and
/// `*** (after)` where the two sides differ, so the diff shows which keys changed but no values.
fn mask_secret_data(live: Option<&mut Value>, merged: &mut Value) {
    const MASK: &str = "***";
    let mut empty = serde_json::Map::new();
    let from = match live.and_then(|v| v.get_mut("data")).and_then(Value::as_object_mut) {
        Some(m) => m,
        None => &mut empty,
    };
    let Some(to) = merged.get_mut("data").and_then(Value::as_object_mut) else {
        for v in from.values_mut() {
            *v = Value::String(MASK.into());
        }
        return;
    };
    for (k, v) in from.iter_mut() {
        match to.get_mut(k) {
            Some(t) if t != v => {
                *v = Value::String(format!("{MASK} (before)"));
                *t = Value::String(format!("{MASK} (after)"));
                continue;
            }
            Some(t) => *t = Value::String(MASK.into()),
            None => {}
        }
        *v = Value::String(MASK.into());
    }
    for (k, t) in to.iter_mut() {
        if !from.contains_key(k) {
            *t = Value::String(MASK.into());
        }
    }
}

/// A deterministic stand-in for the randomness of the run: the seed, the clock, the number of
/// names made so far and a label.
pub(super) fn mix(c: &Console, label: &str) -> u64 {
    let mut h = c.cluster.config().seed ^ 0x9e37_79b9_7f4a_7c15;
    let counted = c.temp_names.to_le_bytes();
    for b in c.cluster.now().as_millis().to_le_bytes().iter().chain(&counted).chain(label.as_bytes()) {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        h ^= h >> 29;
    }
    h
}

/// `os.MkdirTemp("", "LIVE-")`: `/tmp/LIVE-` and a decimal `uint32`.
fn temp_dir(c: &Console, prefix: &str) -> String {
    format!("/tmp/{prefix}-{}", mix(c, prefix) as u32)
}

/// The files' modification times as GNU diff prints them (`%Y-%m-%d %H:%M:%S.%N %z`): the
/// LIVE files are written a few hundred microseconds after the command starts, the MERGED
/// ones after the dry run's round trip.
fn file_times(c: &Console) -> (String, String) {
    let now = c.cluster.now();
    let secs = c.cluster.unix_secs(now);
    let base_ns = (now.as_millis() % 1000) * 1_000_000;
    let live_ns = base_ns + 200_000 + mix(c, "live-time") % 700_000;
    let merged_ns = live_ns + 2_000_000 + mix(c, "merged-time") % 3_000_000;
    let stamp = |ns: u64| {
        let (s, ns) = (secs + (ns / 1_000_000_000) as i64, ns % 1_000_000_000);
        // rfc3339 is `YYYY-MM-DDTHH:MM:SSZ`.
        let t = rfc3339(s);
        let (date, time) = t.trim_end_matches('Z').split_once('T').unwrap_or((&t, ""));
        format!("{date} {time}.{ns:09} +0000")
    };
    (stamp(live_ns), stamp(merged_ns))
}

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;

    const WEB: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
";

    fn files() -> crate::Console {
        let newer = WEB.replace("nginx:1.25", "nginx:1.26");
        let bad = WEB.replace("replicas: 2", "replicas: -1");
        with_files(&[("web.yaml", WEB), ("web-1.26.yaml", &newer), ("bad.yaml", &bad)])
    }

    #[test]
    fn usage_errors_exit_with_two() {
        let mut c = files();
        let out = run(&mut c, "kubectl diff");
        assert_eq!((out.stderr.as_str(), out.exit_code), ("error: must specify one of -f and -k\n", 2));
        let out = run(&mut c, "kubectl diff web.yaml");
        assert_eq!(out.exit_code, 2);
        assert_eq!(out.stderr, "error: Unexpected args: [web.yaml]\nSee 'kubectl diff -h' for help and examples\n");
        let out = run(&mut c, "kubectl diff -f missing.yaml");
        assert_eq!((out.stderr.as_str(), out.exit_code), ("error: the path \"missing.yaml\" does not exist\n", 2));
    }

    #[test]
    fn a_new_object_diffs_against_nothing_and_changes_nothing() {
        let mut c = files();
        let before = state(&c);
        let out = run(&mut c, "kubectl diff -f web.yaml");
        assert_eq!(out.exit_code, 1, "{}", out.stderr);
        assert!(state(&c) == before, "diff changed the cluster");
        let lines: Vec<&str> = out.stdout.lines().collect();
        assert!(lines[0].starts_with("diff -u -N /tmp/LIVE-"), "{}", out.stdout);
        assert!(lines[0].ends_with("/apps.v1.Deployment.default.web"), "{}", out.stdout);
        assert!(lines[1].starts_with("--- /tmp/LIVE-") && lines[1].contains("\t2026-"), "{}", lines[1]);
        assert!(lines[3].starts_with("@@ -0,0 +1,"), "{}", lines[3]);
        assert!(out.stdout.contains("+  generation: 1\n"), "{}", out.stdout);
        // The same command again makes new directories (and nothing else changes).
        let again = run(&mut c, "kubectl diff -f web.yaml").stdout;
        assert_ne!(again, out.stdout);
        let body = |s: &str| s.lines().skip(3).map(str::to_string).collect::<Vec<_>>();
        assert_eq!(body(&again), body(&out.stdout));
    }

    #[test]
    fn the_same_file_again_is_no_difference_and_a_new_image_raises_the_generation() {
        let mut c = files();
        ok(&mut c, "kubectl apply -f web.yaml");
        let out = run(&mut c, "kubectl diff -f web.yaml");
        assert_eq!((out.stdout.as_str(), out.stderr.as_str(), out.exit_code), ("", "", 0));
        let out = run(&mut c, "kubectl diff -f web-1.26.yaml");
        assert_eq!(out.exit_code, 1);
        assert!(out.stdout.contains("-  generation: 1\n+  generation: 2\n"), "{}", out.stdout);
        assert!(out.stdout.contains("-      - image: nginx:1.25\n+      - image: nginx:1.26\n"), "{}", out.stdout);
    }

    #[test]
    fn an_invalid_object_is_the_servers_error_and_no_diff() {
        let mut c = files();
        let out = run(&mut c, "kubectl diff -f bad.yaml");
        assert_eq!(out.exit_code, 2);
        assert_eq!(out.stdout, "");
        assert!(out.stderr.starts_with("The Deployment \"web\" is invalid: spec.replicas"), "{}", out.stderr);
    }

    #[test]
    fn secret_values_are_masked_and_changed_keys_marked() {
        let mut live = serde_json::json!({"data": {"a": "MQ==", "b": "Mg==", "gone": "Mw=="}});
        let mut merged = serde_json::json!({"data": {"a": "MQ==", "b": "OQ==", "new": "NA=="}});
        super::mask_secret_data(Some(&mut live), &mut merged);
        assert_eq!(live, serde_json::json!({"data": {"a": "***", "b": "*** (before)", "gone": "***"}}));
        assert_eq!(merged, serde_json::json!({"data": {"a": "***", "b": "*** (after)", "new": "***"}}));
        let mut created = serde_json::json!({"data": {"k": "dg=="}});
        super::mask_secret_data(None, &mut created);
        assert_eq!(created, serde_json::json!({"data": {"k": "***"}}));
    }

    #[test]
    fn course_era_kubectl_has_no_diff() {
        let mut c = course();
        let out = run(&mut c, "kubectl diff -f web.yaml");
        assert_eq!(out.stderr, "error: unknown command \"diff\" for \"kubectl\"\n");
    }
}
