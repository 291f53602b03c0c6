//! The workflow file's subset (GitHub Actions), read from JSON (the console turns YAML into it):
//! `name`, `on: push` (a string, a list, or a map whose `push` may hold `branches`), `env`, and
//! `jobs` with `name`, `needs`, `env` and `steps` (`name`, `run`, `uses`, `env`). Anything else is
//! ignored, as the runner does not model it.

use serde_json::Value;
use std::collections::BTreeMap;

/// The most jobs and steps a workflow may have (a bound against hostile files).
const MAX_JOBS: usize = 20;
const MAX_STEPS: usize = 50;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Workflow {
    /// `name:`, else the file's name.
    pub(crate) name: String,
    /// Branches a push runs on (globs; None: every branch).
    pub(crate) branches: Option<Vec<String>>,
    /// Whether a push starts it at all.
    pub(crate) on_push: bool,
    pub(crate) env: BTreeMap<String, String>,
    /// Jobs in the order they run (their `needs` first).
    pub(crate) jobs: Vec<Job>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Job {
    pub(crate) id: String,
    pub(crate) needs: Vec<String>,
    pub(crate) env: BTreeMap<String, String>,
    pub(crate) steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Step {
    pub(crate) name: Option<String>,
    pub(crate) run: Option<String>,
    pub(crate) uses: Option<String>,
    pub(crate) env: BTreeMap<String, String>,
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn env_of(v: Option<&Value>) -> BTreeMap<String, String> {
    v.and_then(Value::as_object)
        .map(|m| m.iter().filter_map(|(k, v)| scalar(v).map(|s| (k.clone(), s))).collect())
        .unwrap_or_default()
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(xs)) => xs.iter().filter_map(scalar).collect(),
        Some(v) => scalar(v).into_iter().collect(),
        None => Vec::new(),
    }
}

/// The chapter's order, for jobs no `needs` orders.
fn rank(id: &str) -> usize {
    ["test", "build", "scan", "publish", "deploy"].iter().position(|s| *s == id).unwrap_or(5)
}

impl Workflow {
    /// Reads a workflow from its JSON form; `file` is its path (for the default name).
    pub(crate) fn parse(doc: &Value, file: &str) -> Result<Workflow, String> {
        let Some(map) = doc.as_object() else { return Err("the workflow is not a mapping".into()) };
        let default_name = file.rsplit('/').next().unwrap_or(file).to_string();
        let name = map.get("name").and_then(scalar).unwrap_or(default_name);
        // YAML 1.1 readers turn the key `on` into `true`.
        let on = map.get("on").or_else(|| map.get("true"));
        let (on_push, branches) = match on {
            Some(Value::String(s)) => (s == "push", None),
            Some(Value::Array(xs)) => (xs.iter().any(|x| x.as_str() == Some("push")), None),
            Some(Value::Object(m)) => match m.get("push") {
                Some(Value::Object(p)) if p.contains_key("branches") => (true, Some(strings(p.get("branches")))),
                Some(_) => (true, None),
                None => (false, None),
            },
            _ => return Err("the workflow has no `on` trigger".into()),
        };
        let Some(jobs) = map.get("jobs").and_then(Value::as_object) else {
            return Err("the workflow has no `jobs`".into());
        };
        if jobs.is_empty() {
            return Err("the workflow has no `jobs`".into());
        }
        if jobs.len() > MAX_JOBS {
            return Err(format!("more than {MAX_JOBS} jobs"));
        }
        let mut parsed = Vec::new();
        for (id, j) in jobs {
            let Some(j) = j.as_object() else { return Err(format!("job `{id}` is not a mapping")) };
            let steps = match j.get("steps") {
                Some(Value::Array(xs)) => xs,
                _ => return Err(format!("job `{id}` has no `steps`")),
            };
            if steps.len() > MAX_STEPS {
                return Err(format!("job `{id}` has more than {MAX_STEPS} steps"));
            }
            let steps = steps
                .iter()
                .filter_map(Value::as_object)
                .map(|s| Step {
                    name: s.get("name").and_then(scalar),
                    run: s.get("run").and_then(scalar),
                    uses: s.get("uses").and_then(scalar),
                    env: env_of(s.get("env")),
                })
                .collect();
            parsed.push(Job { id: id.clone(), needs: strings(j.get("needs")), env: env_of(j.get("env")), steps });
        }
        for j in &parsed {
            if let Some(n) = j.needs.iter().find(|n| !parsed.iter().any(|o| &o.id == *n)) {
                return Err(format!("job `{}` needs unknown job `{n}`", j.id));
            }
        }
        // Jobs in the order of their needs; among the ready ones, the chapter's order, then ids.
        let mut ordered: Vec<Job> = Vec::new();
        while ordered.len() < parsed.len() {
            let next = parsed
                .iter()
                .filter(|j| !ordered.iter().any(|o| o.id == j.id))
                .filter(|j| j.needs.iter().all(|n| ordered.iter().any(|o| &o.id == n)))
                .min_by_key(|j| (rank(&j.id), j.id.clone()));
            match next {
                Some(j) => ordered.push(j.clone()),
                None => return Err("the jobs' `needs` form a cycle".into()),
            }
        }
        Ok(Workflow { name, branches, on_push, env: env_of(map.get("env")), jobs: ordered })
    }

    /// Whether a push to `branch` starts this workflow.
    pub(crate) fn runs_on_push(&self, branch: &str) -> bool {
        self.on_push
            && match &self.branches {
                None => true,
                Some(bs) => bs.iter().any(|b| branch_glob(b, branch)),
            }
    }

    /// The secret a `KUBECONFIG` variable takes its value from, at any level (the push model's
    /// cluster credential).
    pub(crate) fn cluster_secret(&self) -> Option<String> {
        let envs = std::iter::once(&self.env)
            .chain(self.jobs.iter().map(|j| &j.env))
            .chain(self.jobs.iter().flat_map(|j| j.steps.iter().map(|s| &s.env)));
        for env in envs {
            if let Some(v) = env.get("KUBECONFIG") {
                let secret = v
                    .split("secrets.")
                    .nth(1)
                    .map(|s| s.trim_end_matches('}').trim().to_string())
                    .unwrap_or_else(|| "KUBECONFIG".to_string());
                return Some(secret);
            }
        }
        None
    }
}

/// GitHub's branch filter: `*` matches within a path segment, `**` across.
fn branch_glob(pattern: &str, branch: &str) -> bool {
    fn go(p: &[u8], s: &[u8]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some(b'*') => {
                let deep = p.get(1) == Some(&b'*');
                let rest = if deep { &p[2..] } else { &p[1..] };
                (0..=s.len()).any(|i| (deep || !s[..i].contains(&b'/')) && go(rest, &s[i..]))
            }
            Some(c) => s.first() == Some(c) && go(&p[1..], &s[1..]),
        }
    }
    pattern.len() <= 100 && go(pattern.as_bytes(), branch.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn jobs_run_in_the_order_of_their_needs() {
        let doc = json!({
            "name": "CI",
            "on": {"push": {"branches": ["main", "release/*"]}},
            "env": {"IMAGE": "registry.lab/my-app"},
            "jobs": {
                "publish": {"needs": "scan", "steps": [{"run": "docker push x"}]},
                "build": {"needs": ["test"], "steps": [{"run": "docker build ."}]},
                "scan": {"needs": "build", "steps": [{"run": "trivy image x"}]},
                "test": {"steps": [{"uses": "actions/checkout@v4"}, {"run": "make test"}]}
            }
        });
        let w = Workflow::parse(&doc, ".github/workflows/ci.yaml").expect("parses");
        let ids: Vec<&str> = w.jobs.iter().map(|j| j.id.as_str()).collect();
        assert_eq!(ids, ["test", "build", "scan", "publish"]);
        assert!(w.runs_on_push("main") && w.runs_on_push("release/v2"));
        assert!(!w.runs_on_push("feature") && !w.runs_on_push("release/v2/x"));
        assert_eq!(w.cluster_secret(), None);
    }

    #[test]
    fn bad_workflows_say_why() {
        let err = |doc: Value| Workflow::parse(&doc, "ci.yaml").unwrap_err();
        assert_eq!(err(json!("x")), "the workflow is not a mapping");
        assert_eq!(err(json!({"jobs": {}})), "the workflow has no `on` trigger");
        assert_eq!(err(json!({"on": "push"})), "the workflow has no `jobs`");
        assert_eq!(
            err(json!({"on": "push", "jobs": {"a": {"needs": "b", "steps": []}}})),
            "job `a` needs unknown job `b`"
        );
        assert_eq!(
            err(json!({"on": "push", "jobs": {"a": {"needs": "b", "steps": []}, "b": {"needs": "a", "steps": []}}})),
            "the jobs' `needs` form a cycle"
        );
    }

    #[test]
    fn a_kubeconfig_secret_is_the_cluster_credential() {
        let doc = json!({"on": ["push"], "jobs": {"deploy": {"env": {"KUBECONFIG": "${{ secrets.PROD_KUBECONFIG }}"}, "steps": []}}});
        let w = Workflow::parse(&doc, "deploy.yml").expect("parses");
        assert_eq!(w.name, "deploy.yml");
        assert_eq!(w.cluster_secret().as_deref(), Some("PROD_KUBECONFIG"));
        let pr_only =
            Workflow::parse(&json!({"on": {"pull_request": null}, "jobs": {"a": {"steps": []}}}), "x").expect("parses");
        assert!(!pr_only.runs_on_push("main"));
    }
}
