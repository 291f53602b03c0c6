//! What a job's steps do: each `run:` line is matched against the few commands the runner
//! models (tests, `docker build`, `trivy image`, `docker push`, `gh pr create`, `kubectl`) and
//! the job's log is written as a GitHub Actions runner writes it (`##[group]Run ...`, the
//! commands' own output, `##[error]Process completed with exit code N.`). Side effects are
//! returned as [`Effect`]s, carried out when the job ends (`effects`).
//!
//! The application repository's `app.yaml` says what the app is and does:
//!
//! ```yaml
//! name: my-app          # the app's name (default: the repository's)
//! port: 8080            # the port it serves on (default 8080)
//! image:                # how the built image behaves (an exercise's `images:` variant fields)
//!   service_ms: 5
//!   errors: {percent: 20, status: 500}
//!   crash_after_secs: 180
//!   probe_status: 503
//! tests:                # what the test command checks: each file must contain its text
//!   - name: TestGreeting
//!     file: greeting.txt
//!     contains: Hello
//! ```

use super::effects::Effect;
use super::{StageState, YamlReader};
use crate::images::Variant;
use serde_json::Value;
use std::collections::BTreeMap;

/// What the runner knows while it plans a run's jobs.
pub(crate) struct Ctx<'a> {
    /// The commit's files.
    pub(crate) files: &'a BTreeMap<String, String>,
    /// The workflow's variables plus the runner's (`GITHUB_SHA`, ...).
    pub(crate) env: BTreeMap<String, String>,
    /// `registry.lab/my-app`.
    pub(crate) image_repo: String,
    /// The commit's 7-digit id: the image's tag.
    pub(crate) tag: String,
    /// The app's name (`app.yaml`'s `name`, else the repository's).
    pub(crate) app: String,
    /// The commit message's first line.
    pub(crate) subject: String,
    pub(crate) yaml: YamlReader,
    /// An image was built by an earlier job of the run (`docker build`), with its behaviour.
    pub(crate) built: Option<Built>,
}

#[derive(Clone, Debug)]
pub(crate) struct Built {
    pub(crate) base: String,
    pub(crate) behaviour: Variant,
    pub(crate) port: i64,
}

/// One job, planned: its steps (names and final states), its lines (by step), whether it
/// succeeds (before its effects), and its effects (by step, and the position in `lines` where
/// their output goes).
#[derive(Debug, Default)]
pub(crate) struct JobPlan {
    pub(crate) steps: Vec<(String, StageState)>,
    pub(crate) lines: Vec<(usize, String)>,
    pub(crate) ok: bool,
    pub(crate) effects: Vec<(usize, usize, Effect)>,
}

/// A command's output and exit code.
struct Outcome {
    lines: Vec<String>,
    code: i32,
    effect: Option<Effect>,
}

fn ok(lines: Vec<String>) -> Outcome {
    Outcome { lines, code: 0, effect: None }
}

fn fail(lines: Vec<String>, code: i32) -> Outcome {
    Outcome { lines, code, effect: None }
}

/// A finding the scanner reports for a base image.
struct Vuln {
    /// Base images (globs) it is found in.
    images: &'static [&'static str],
    /// The OS trivy detects.
    os: &'static str,
    package: &'static str,
    cve: &'static str,
    severity: &'static str,
    installed: &'static str,
    fixed: &'static str,
    title: &'static str,
}

/// Base images the scanner knows to be vulnerable: a handful of well-known cases, not a
/// database.
const VULNERABLE: &[Vuln] = &[
    Vuln {
        images: &["debian:7*", "debian:wheezy*"],
        os: "debian 7.11",
        package: "bash",
        cve: "CVE-2014-6271",
        severity: "CRITICAL",
        installed: "4.2+dfsg-0.1",
        fixed: "4.2+dfsg-0.1+deb7u1",
        title: "bash: specially-crafted environment variables can be used to inject shell commands",
    },
    Vuln {
        images: &["alpine:3.15.0", "alpine:3.15"],
        os: "alpine 3.15.0",
        package: "libcrypto1.1",
        cve: "CVE-2022-0778",
        severity: "HIGH",
        installed: "1.1.1l-r7",
        fixed: "1.1.1n-r0",
        title: "openssl: Infinite loop in BN_mod_sqrt() reachable when parsing certificates",
    },
    Vuln {
        images: &["alpine:3.16.0", "alpine:3.16"],
        os: "alpine 3.16.0",
        package: "zlib",
        cve: "CVE-2022-37434",
        severity: "CRITICAL",
        installed: "1.2.12-r1",
        fixed: "1.2.12-r2",
        title: "zlib: heap-based buffer over-read and overflow in inflate() in inflate.c via a large gzip header extra field",
    },
];

/// `${{ github.sha }}`, `${{ env.X }}`, `${{ secrets.X }}` (printed as `***`), then the shell's
/// `$X`, `${X}` and `${X::N}`.
pub(crate) fn expand(s: &str, env: &BTreeMap<String, String>) -> String {
    let var = |name: &str| env.get(name).cloned().unwrap_or_default();
    // Expressions first.
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("${{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 3..];
        let Some(j) = after.find("}}") else {
            out.push_str(&rest[i..]);
            rest = "";
            break;
        };
        let expr = after[..j].trim();
        let value = match expr {
            "github.sha" => var("GITHUB_SHA"),
            "github.ref_name" => var("GITHUB_REF_NAME"),
            "github.repository" => var("GITHUB_REPOSITORY"),
            e if e.starts_with("secrets.") => "***".to_string(),
            e => e.strip_prefix("env.").map(var).unwrap_or_default(),
        };
        out.push_str(&value);
        rest = &after[j + 2..];
    }
    out.push_str(rest);
    // Then the shell's variables.
    let chars: Vec<char> = out.chars().collect();
    let mut res = String::new();
    let mut i = 0;
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    while i < chars.len() {
        if chars[i] != '$' {
            res.push(chars[i]);
            i += 1;
            continue;
        }
        if chars.get(i + 1) == Some(&'{') {
            let Some(end) = chars[i + 2..].iter().position(|c| *c == '}') else {
                res.extend(&chars[i..]);
                break;
            };
            let inner: String = chars[i + 2..i + 2 + end].iter().collect();
            let value = match inner.split_once("::") {
                Some((name, n)) => {
                    let v = var(name);
                    let n: usize = n.parse().unwrap_or(usize::MAX);
                    v.chars().take(n).collect()
                }
                None => var(&inner),
            };
            res.push_str(&value);
            i += end + 3;
        } else {
            let len = chars[i + 1..].iter().take_while(|c| ident(**c)).count();
            if len == 0 {
                res.push('$');
                i += 1;
            } else {
                let name: String = chars[i + 1..i + 1 + len].iter().collect();
                res.push_str(&var(&name));
                i += len + 1;
            }
        }
    }
    res
}

/// The commands of a `run:` script: lines joined at a trailing `\`, `&&` split, comments and
/// blank lines left out.
fn commands(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in script.lines().take(200) {
        let t = line.trim();
        if let Some(head) = t.strip_suffix('\\') {
            cur.push_str(head.trim_end());
            cur.push(' ');
            continue;
        }
        cur.push_str(t);
        let full = std::mem::take(&mut cur);
        if full.is_empty() || full.starts_with('#') {
            continue;
        }
        out.extend(full.split("&&").map(|c| c.trim().to_string()).filter(|c| !c.is_empty()));
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

const TEST_COMMANDS: &[&str] =
    &["make test", "go test", "npm test", "npm run test", "pytest", "python -m pytest", "cargo test", "mvn test"];

/// Plans a job's steps in `ctx`, with the workflow's variables (a `KUBECONFIG` among them, at
/// any level, is the cluster credential `kubectl` needs).
pub(crate) fn plan_job(
    ctx: &mut Ctx<'_>,
    job: &super::workflow::Job,
    workflow_env: &BTreeMap<String, String>,
) -> JobPlan {
    let mut plan = JobPlan { ok: true, ..JobPlan::default() };
    plan.steps.push(("Set up job".into(), StageState::Succeeded));
    let set_up = 0;
    plan.lines.push((set_up, "Current runner version: '2.321.0'".into()));
    plan.lines.push((set_up, "Runner name: 'lab-runner'".into()));
    plan.lines.push((set_up, "Operating System".into()));
    plan.lines.push((set_up, "  Ubuntu 24.04.1 LTS".into()));
    for step in &job.steps {
        let idx = plan.steps.len();
        let mut env = ctx.env.clone();
        env.extend(workflow_env.iter().map(|(k, v)| (k.clone(), v.clone())));
        env.extend(job.env.iter().map(|(k, v)| (k.clone(), v.clone())));
        env.extend(step.env.iter().map(|(k, v)| (k.clone(), v.clone())));
        let name = match (&step.name, &step.uses, &step.run) {
            (Some(n), _, _) => n.clone(),
            (None, Some(u), _) => format!("Run {u}"),
            (None, None, Some(r)) => format!("Run {}", r.lines().next().unwrap_or_default().trim()),
            (None, None, None) => "Run".to_string(),
        };
        if !plan.ok {
            plan.steps.push((name, StageState::Skipped));
            continue;
        }
        plan.steps.push((name, StageState::Succeeded));
        if let Some(uses) = &step.uses {
            plan.lines.push((idx, format!("Run {uses}")));
            if uses.starts_with("actions/checkout") {
                let repo = ctx.env.get("GITHUB_REPOSITORY").cloned().unwrap_or_default();
                plan.lines.push((idx, format!("Syncing repository: {repo}")));
                plan.lines.push((idx, format!("HEAD is now at {} {}", ctx.tag, ctx.subject)));
            }
            continue;
        }
        let Some(script) = &step.run else { continue };
        let cmds = commands(script);
        plan.lines.push((idx, format!("##[group]Run {}", script.lines().next().unwrap_or_default().trim())));
        for line in script.lines().filter(|l| !l.trim().is_empty()).take(50) {
            plan.lines.push((idx, line.trim_end().to_string()));
        }
        plan.lines.push((idx, "shell: /usr/bin/bash -e {0}".into()));
        plan.lines.push((idx, "##[endgroup]".into()));
        for cmd in cmds {
            let cmd = expand(&cmd, &env);
            let out = run_command(ctx, &cmd, &env);
            plan.lines.extend(out.lines.into_iter().map(|l| (idx, l)));
            if let Some(e) = out.effect {
                plan.effects.push((idx, plan.lines.len(), e));
            }
            if out.code != 0 {
                plan.lines.push((idx, format!("##[error]Process completed with exit code {}.", out.code)));
                plan.steps[idx].1 = StageState::Failed;
                plan.ok = false;
                break;
            }
        }
    }
    plan.steps.push(("Complete job".into(), StageState::Succeeded));
    let last = plan.steps.len() - 1;
    plan.lines.push((last, "Cleaning up orphan processes".into()));
    plan
}

fn words(cmd: &str) -> Vec<String> {
    cmd.split_whitespace().map(|w| w.trim_matches(|c| c == '"' || c == '\'').to_string()).collect()
}

fn run_command(ctx: &mut Ctx<'_>, cmd: &str, env: &BTreeMap<String, String>) -> Outcome {
    let w = words(cmd);
    let first = w.first().map(String::as_str).unwrap_or_default();
    if let Some(t) = TEST_COMMANDS.iter().find(|t| cmd.starts_with(**t)) {
        return run_tests(ctx, t);
    }
    match (first, w.get(1).map(String::as_str)) {
        ("docker", Some("build")) => docker_build(ctx),
        ("docker", Some("push")) => docker_push(ctx, w.get(2).map(String::as_str).unwrap_or_default()),
        ("trivy", Some("image")) => trivy(ctx, &w),
        ("gh", Some("pr")) if w.get(2).map(String::as_str) == Some("create") => gh_pr_create(ctx, &w, env),
        ("kubectl", _) => kubectl(ctx, &w, env),
        ("echo", _) => ok(vec![w[1..].join(" ")]),
        _ => ok(vec![]),
    }
}

/// `app.yaml` read as JSON (`Value::Null` when absent).
fn app_file(ctx: &Ctx<'_>) -> Result<Value, String> {
    match ctx.files.get("app.yaml").or_else(|| ctx.files.get("app.yml")) {
        None => Ok(Value::Null),
        Some(text) => (ctx.yaml)(text).map_err(|e| format!("app.yaml: {e}")),
    }
}

fn run_tests(ctx: &Ctx<'_>, command: &str) -> Outcome {
    let app = match app_file(ctx) {
        Ok(v) => v,
        Err(e) => return fail(vec![e], 1),
    };
    let mut lines = Vec::new();
    let mut failed = false;
    let tests = app.get("tests").and_then(Value::as_array).cloned().unwrap_or_default();
    for (i, t) in tests.iter().take(50).enumerate() {
        let name = t.get("name").and_then(Value::as_str).map(str::to_string).unwrap_or(format!("Test{}", i + 1));
        let file = t.get("file").and_then(Value::as_str).unwrap_or_default();
        let want = t.get("contains").and_then(Value::as_str).unwrap_or_default();
        lines.push(format!("=== RUN   {name}"));
        let problem = match ctx.files.get(file) {
            None => Some(format!("    app_test.go:{}: open {file}: no such file or directory", 10 + 4 * i)),
            Some(text) if !text.contains(want) => {
                Some(format!("    app_test.go:{}: {file}: want {want:?}, not found", 10 + 4 * i))
            }
            Some(_) => None,
        };
        match problem {
            Some(p) => {
                failed = true;
                lines.push(p);
                lines.push(format!("--- FAIL: {name} (0.00s)"));
            }
            None => lines.push(format!("--- PASS: {name} (0.00s)")),
        }
    }
    if tests.is_empty() {
        lines.push("testing: warning: no tests to run".into());
    }
    if failed {
        lines.push("FAIL".into());
        lines.push(format!("FAIL\t{}\t0.004s", ctx.app));
        if command == "make test" {
            lines.push("make: *** [Makefile:2: test] Error 1".into());
            return fail(lines, 2);
        }
        return fail(lines, 1);
    }
    lines.push("PASS".into());
    lines.push(format!("ok  \t{}\t0.004s", ctx.app));
    ok(lines)
}

/// The behaviour `app.yaml`'s `image:` gives the built image, checked as an exercise's image
/// variant is.
fn behaviour(ctx: &Ctx<'_>, app: &Value) -> Result<(Variant, i64), String> {
    let mut image = app.get("image").cloned().unwrap_or(Value::Object(Default::default()));
    let Some(m) = image.as_object_mut() else { return Err("app.yaml: image: not a mapping".into()) };
    m.insert("tags".into(), Value::Array(vec![Value::String(ctx.tag.clone())]));
    let v: Variant = serde_json::from_value(image).map_err(|e| format!("app.yaml: image: {e}"))?;
    let port = app.get("port").and_then(Value::as_i64).unwrap_or(8080);
    if !(1..=65535).contains(&port) {
        return Err(format!("app.yaml: port: {port} is not a port"));
    }
    let spec = crate::images::ImageSpec { variants: vec![v.clone()], ..crate::images::ImageSpec::generic("x") };
    spec.validate().map_err(|e| format!("app.yaml: image: {}", e.trim_start_matches("variants[0].")))?;
    Ok((v, port))
}

fn docker_build(ctx: &mut Ctx<'_>) -> Outcome {
    let mut lines = vec!["#0 building with \"default\" instance using docker driver".to_string(), String::new()];
    let Some(dockerfile) = ctx.files.get("Dockerfile") else {
        lines.push("#1 [internal] load build definition from Dockerfile".into());
        lines.push("#1 transferring dockerfile: 2B done".into());
        lines.push("#1 DONE 0.0s".into());
        lines.push(
            "ERROR: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory".into(),
        );
        return fail(lines, 1);
    };
    lines.push("#1 [internal] load build definition from Dockerfile".into());
    lines.push(format!("#1 transferring dockerfile: {}B done", dockerfile.len()));
    lines.push("#1 DONE 0.0s".into());
    let instructions: Vec<&str> =
        dockerfile.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).take(50).collect();
    let Some(base) = instructions
        .iter()
        .find_map(|l| l.strip_prefix("FROM ").or_else(|| l.strip_prefix("from ")))
        .and_then(|rest| rest.split_whitespace().next())
    else {
        lines.push("ERROR: failed to solve: file with no instructions".into());
        return fail(lines, 1);
    };
    let app = match app_file(ctx) {
        Ok(v) => v,
        Err(e) => {
            lines.push(format!("ERROR: {e}"));
            return fail(lines, 1);
        }
    };
    let (variant, port) = match behaviour(ctx, &app) {
        Ok(b) => b,
        Err(e) => {
            lines.push(format!("ERROR: {e}"));
            return fail(lines, 1);
        }
    };
    let full_base = if base.contains('/') { base.to_string() } else { format!("docker.io/library/{base}") };
    lines.push(format!("#2 [internal] load metadata for {full_base}"));
    lines.push("#2 DONE 0.4s".into());
    let steps: Vec<&&str> =
        instructions.iter().filter(|l| !l.starts_with("FROM ") && !l.starts_with("from ")).collect();
    let total = steps.len() + 1;
    lines.push(format!("#3 [1/{total}] FROM {full_base}"));
    lines.push("#3 DONE 0.9s".into());
    for (i, s) in steps.iter().enumerate() {
        lines.push(format!("#{} [{}/{total}] {s}", i + 4, i + 2));
        lines.push(format!("#{} DONE 0.{}s", i + 4, (i % 9) + 1));
    }
    let n = steps.len() + 4;
    lines.push(format!("#{n} exporting to image"));
    lines.push(format!("#{n} exporting layers done"));
    lines.push(format!("#{n} naming to {}:{} done", ctx.image_repo, ctx.tag));
    lines.push(format!("#{n} DONE 0.1s"));
    ctx.built = Some(Built { base: base.to_string(), behaviour: variant, port });
    ok(lines)
}

fn docker_push(ctx: &Ctx<'_>, image: &str) -> Outcome {
    let wanted = format!("{}:{}", ctx.image_repo, ctx.tag);
    let image = if image.is_empty() { wanted.clone() } else { image.to_string() };
    let Some(built) = &ctx.built else {
        return fail(vec![format!("An image does not exist locally with the tag: {image}")], 1);
    };
    if image != wanted {
        return fail(vec![format!("An image does not exist locally with the tag: {image}")], 1);
    }
    let digest = super::effects::digest(&ctx.image_repo, &ctx.tag);
    let lines = vec![
        format!("The push refers to repository [{}]", ctx.image_repo),
        format!("{}: Pushed", &digest[7..19]),
        format!("{}: digest: {digest} size: 1570", ctx.tag),
    ];
    let effect = Effect::Push {
        repository: ctx.image_repo.clone(),
        tag: ctx.tag.clone(),
        behaviour: built.behaviour.clone(),
        port: built.port,
        app: ctx.app.clone(),
    };
    Outcome { lines, code: 0, effect: Some(effect) }
}

fn trivy(ctx: &Ctx<'_>, w: &[String]) -> Outcome {
    let flag = |name: &str| -> Option<String> {
        w.iter().enumerate().find_map(|(i, a)| {
            if a == name {
                w.get(i + 1).cloned()
            } else {
                a.strip_prefix(&format!("{name}=")).map(str::to_string)
            }
        })
    };
    let exit_code: i32 = flag("--exit-code").and_then(|c| c.parse().ok()).unwrap_or(0);
    let severities: Vec<String> = flag("--severity")
        .map(|s| s.split(',').map(|x| x.trim().to_uppercase()).collect())
        .unwrap_or_else(|| ["UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"].iter().map(|s| s.to_string()).collect());
    let Some(built) = &ctx.built else {
        let image = format!("{}:{}", ctx.image_repo, ctx.tag);
        return fail(
            vec![format!(
                "FATAL\tFatal error\timage scan error: scan error: unable to initialize a scanner: unable to find the specified image \"{image}\""
            )],
            1,
        );
    };
    let found: Vec<_> = VULNERABLE
        .iter()
        .filter(|v| v.images.iter().any(|g| crate::images::glob(g, &built.base)))
        .filter(|v| severities.iter().any(|s| s == v.severity))
        .collect();
    let os = VULNERABLE
        .iter()
        .find(|v| v.images.iter().any(|g| crate::images::glob(g, &built.base)))
        .map(|v| v.os.to_string())
        .unwrap_or_else(|| built.base.replace(':', " "));
    let target = format!("{}:{} ({os})", ctx.image_repo, ctx.tag);
    let mut lines = vec![
        "INFO\tVulnerability scanning is enabled".to_string(),
        format!("INFO\tDetected OS\tfamily=\"{}\"", os.split(' ').next().unwrap_or_default()),
        String::new(),
        target.clone(),
        "=".repeat(target.chars().count()),
    ];
    let count = |sev: &str| found.iter().filter(|v| v.severity == sev).count();
    let summary: Vec<String> = severities.iter().map(|s| format!("{s}: {}", count(s))).collect();
    lines.push(format!("Total: {} ({})", found.len(), summary.join(", ")));
    lines.push(String::new());
    if !found.is_empty() {
        lines.push("Library        Vulnerability   Severity  Installed Version     Fixed Version".into());
        for v in &found {
            lines.push(format!("{:<14} {:<15} {:<9} {:<21} {}", v.package, v.cve, v.severity, v.installed, v.fixed));
            lines.push(format!("  {}", v.title));
        }
    }
    if !found.is_empty() && exit_code != 0 {
        return fail(lines, exit_code);
    }
    ok(lines)
}

fn gh_pr_create(ctx: &Ctx<'_>, w: &[String], env: &BTreeMap<String, String>) -> Outcome {
    let repo = w
        .iter()
        .enumerate()
        .find_map(|(i, a)| if a == "--repo" || a == "-R" { w.get(i + 1).cloned() } else { None })
        .or_else(|| env.get("CONFIG_REPO").cloned())
        .unwrap_or_default();
    if repo.is_empty() {
        return fail(
            vec!["# (lab: the runner opens pull requests on the configuration repository: set CONFIG_REPO)".into()],
            1,
        );
    }
    let url = if repo.contains("://") { repo } else { format!("https://git.lab/{}.git", repo.trim_matches('/')) };
    let effect = Effect::OpenPr {
        config_repo: url,
        repository: ctx.image_repo.clone(),
        tag: ctx.tag.clone(),
        app: ctx.app.clone(),
    };
    Outcome { lines: vec![], code: 0, effect: Some(effect) }
}

fn kubectl(_ctx: &Ctx<'_>, w: &[String], env: &BTreeMap<String, String>) -> Outcome {
    if !env.contains_key("KUBECONFIG") {
        return fail(
            vec!["The connection to the server localhost:8080 was refused - did you specify the right host or port?"
                .into()],
            1,
        );
    }
    // `kubectl set image deployment/NAME CONTAINER=IMAGE [-n NS]`
    if w.get(1).map(String::as_str) == Some("set") && w.get(2).map(String::as_str) == Some("image") {
        let mut ns = "default".to_string();
        let mut pos = Vec::new();
        let mut i = 3;
        while i < w.len() {
            match w[i].as_str() {
                "-n" | "--namespace" => {
                    ns = w.get(i + 1).cloned().unwrap_or_default();
                    i += 1;
                }
                a if a.starts_with("--namespace=") => ns = a["--namespace=".len()..].to_string(),
                a if a.starts_with('-') => {}
                a => pos.push(a.to_string()),
            }
            i += 1;
        }
        let target = pos.first().cloned().unwrap_or_default();
        let name = target.strip_prefix("deployment/").or_else(|| target.strip_prefix("deploy/"));
        let pair = pos.get(1).and_then(|p| p.split_once('='));
        if let (Some(name), Some((container, image))) = (name, pair) {
            let effect = Effect::SetImage {
                namespace: ns,
                deployment: name.to_string(),
                container: container.to_string(),
                image: image.to_string(),
            };
            return Outcome { lines: vec![], code: 0, effect: Some(effect) };
        }
        return fail(
            vec!["error: the lab's runner models `kubectl set image deployment/NAME CONTAINER=IMAGE`".into()],
            1,
        );
    }
    ok(vec![format!("# (lab: the runner models only `kubectl set image`; `{}` did nothing)", w.join(" "))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_expand_as_actions_and_bash_do() {
        let env: BTreeMap<String, String> = [("GITHUB_SHA", "0123456789abcdef"), ("IMAGE", "registry.lab/my-app")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(
            expand("docker build -t $IMAGE:${GITHUB_SHA::7} .", &env),
            "docker build -t registry.lab/my-app:0123456 ."
        );
        assert_eq!(expand("${{ env.IMAGE }}:${{ github.sha }}", &env), "registry.lab/my-app:0123456789abcdef");
        assert_eq!(expand("${{ secrets.KUBECONFIG }} $ ${UNSET} ${{ oops", &env), "*** $  ${{ oops");
    }

    #[test]
    fn scripts_split_into_commands() {
        assert_eq!(
            commands("# build\nmake \\\n  test && echo ok\n\ndocker push x\n"),
            vec!["make test", "echo ok", "docker push x"]
        );
    }
}
