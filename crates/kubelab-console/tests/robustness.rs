//! Robustness: no input panics the console, and an input that fails (non-zero exit code and
//! nothing on stdout) leaves the cluster exactly as it was (ARCHITECTURE.md, "Invariants").
//!
//! Three generators: (a) random bytes (lossy UTF-8), alone, after `kubectl ` and as a
//! here-document body; (b) random sequences of kubectl-ish words (verbs, kinds, flags, names,
//! quotes, `=`, `/`, `-f -` with a here-document); (c) malformed and hostile manifests through
//! `kubectl apply|create -f - <<EOF`. Plus a fixed list of hostile manifests (alias bombs, deep
//! nesting, a 1 MB paste, ...), each run on both profiles.
//!
//! The cluster is compared as its serde JSON (`Cluster` implements `Serialize`): store, clock,
//! RNG state, events and controller state all count.

use kubelab_console::{Console, ConsoleConfig, NoFiles, Output, Profile};
use proptest::prelude::*;
use proptest::test_runner::Config;

fn new_console(profile: Profile) -> Console {
    Console::new(ConsoleConfig { seed: 7, profile }, Box::new(NoFiles))
}

fn state(c: &Console) -> String {
    serde_json::to_string(c.cluster()).expect("the cluster serializes")
}

/// A cluster with something in it for the commands to act on.
const SETUP: &[&str] = &[
    // Scaled apart: `create deployment --replicas` came in kubectl 1.19, after the course era's.
    "kubectl create deployment web --image=nginx:1.25",
    "kubectl scale deployment web --replicas=3",
    "kubectl create namespace other",
    "kubectl run solo --image=nginx",
    "kubectl autoscale deployment web --min=2 --max=5",
    "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\nEOF",
    "kubectl apply -f - <<EOF\napiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: rcx\n  namespace: other\nspec:\n  replicas: 2\n  selector:\n    app: rcx\n  template:\n    metadata:\n      labels:\n        app: rcx\n    spec:\n      containers:\n      - name: c\n        image: busybox\nEOF",
    "sleep 20",
];

fn prepared(profile: Profile) -> Console {
    let mut c = new_console(profile);
    for cmd in SETUP {
        let out = c.run(cmd);
        // The course profile's `run` makes a Deployment; both succeed.
        assert_eq!(out.exit_code, 0, "setup {cmd:?} failed: {out:?}");
    }
    c
}

/// Runs one input and checks the invariant. Returns the output for callers that want more.
fn check(c: &mut Console, input: &str) -> Output {
    let before = state(c);
    let out = c.run(input);
    if out.exit_code != 0 && out.stdout.is_empty() {
        let after = state(c);
        if before != after {
            let shown: String = input.chars().take(400).collect();
            panic!(
                "a failing input changed the cluster\ninput: {shown:?}\noutput: {out:?}\n{}",
                first_difference(&before, &after)
            );
        }
    }
    out
}

fn first_difference(a: &str, b: &str) -> String {
    let i = a.bytes().zip(b.bytes()).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    let from = i.saturating_sub(200);
    let snip = |s: &str| s.get(from..(i + 200).min(s.len())).unwrap_or("").to_string();
    format!("first difference at byte {i}:\nbefore: …{}…\nafter:  …{}…", snip(a), snip(b))
}

fn profile() -> impl Strategy<Value = Profile> {
    prop_oneof![Just(Profile::Current), Just(Profile::Course)]
}

// ----- (a) random bytes -----

fn lossy(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).into_owned()
}

fn random_text() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..4096).prop_map(lossy),
        // Mostly printable ASCII with newlines: reaches the lexer's and parser's corners more often.
        proptest::collection::vec(prop_oneof![8 => 0x20u8..0x7f, 1 => Just(b'\n'), 1 => Just(b'\t')], 0..2048)
            .prop_map(lossy),
    ]
}

// ----- (b) kubectl-ish words -----

/// Every word of every command path the console runs (from its one table of verbs), plus words
/// that are not commands of the console.
fn verbs() -> Vec<&'static str> {
    let mut words = kubelab_console::help::command_words();
    words.extend(["help", "options", "edit", "top"]);
    words
}

const KINDS: &[&str] = &[
    "pods",
    "po",
    "pod",
    "deploy",
    "deployments",
    "deployment.apps",
    "deployments.v1.apps",
    "deployment.extensions",
    "rs",
    "replicaset",
    "rc",
    "svc",
    "service",
    "hpa",
    "ns",
    "namespace",
    "no",
    "nodes",
    "node",
    "events",
    "ev",
    "all",
    "cm",
    "ep",
    "endpoints",
    "foo",
    "deploy,po",
    "pods,svc,rs",
    "all,ns",
    "po,",
    ",",
    "deploy/web",
    "pod/solo",
    "svc/web",
    "ns/other",
    "rc/rcx",
    "hpa/web",
    "deployment.extensions/web",
    "node/node01",
    "pods/",
    "/web",
    "deployment.spec.strategy",
    "pods.spec.containers",
    "deployment.spec.nope",
    "svc.spec",
];

const FLAGS: &[&str] = &[
    "-o",
    "wide",
    "yaml",
    "json",
    "name",
    "-o=jsonpath={.spec}",
    "-ojsonpath={.metadata.name}",
    "-o=jsonpath='{.spec.clusterIP}'",
    "-ocustom-columns=NAME:.metadata.name",
    "-l",
    "app=web",
    "app!=web",
    "'env in (a,b)'",
    "env notin (a)",
    "!app",
    "-A",
    "--all",
    "--all-namespaces",
    "-n",
    "other",
    "kube-system",
    "--namespace=nope",
    "--replicas=3",
    "--replicas",
    "-1",
    "--replicas=-5",
    "--replicas=abc",
    "--replicas=0",
    "--replicas=99999999999",
    "--image=nginx",
    "--image",
    "busybox",
    "--image=Bad:Image",
    "--port=80",
    "--port=99999",
    "--port=-1",
    "--min=2",
    "--max=1",
    "--max=5",
    "--max=abc",
    "--cpu-percent=50",
    "--overwrite",
    "--record",
    "--to-revision=1",
    "--to-revision=-1",
    "--to-revision=x",
    "--revision=2",
    "-w",
    "--watch=false",
    "--show-labels",
    "--no-headers",
    "--grace-period=0",
    "--grace-period=-3",
    "--force",
    "--now",
    "--wait=false",
    "--timeout=5s",
    "--timeout=x",
    "-p",
    "'{\"spec\":{\"replicas\":2}}'",
    "'{\"spec\":{\"selector\":{\"app\":\"x\"}}}'",
    "'{\"spec\":{\"replicas\":\"x\"}}'",
    "'{\"metadata\":{\"name\":\"other\"}}'",
    "'[1,2]'",
    "'null'",
    "'{'",
    "'{\"spec\":{\"template\":{\"spec\":{\"containers\":null}}}}'",
    "--type=merge",
    "--type=json",
    "-f",
    "-",
    "--filename=-",
    "--dry-run=client",
    "--dry-run",
    "-o=yaml",
    "--help",
    "-h",
    "--",
    "--bogus",
    "-z",
    "--namespace=",
    "-it",
    "--restart=Never",
    "--restart=Sometimes",
    "--command",
    "--selector=",
    "--cascade=orphan",
    "--ignore-not-found",
    "--client",
    "--recursive",
    "--api-version=apps/v1",
    "--output=name",
    "-L",
    "app",
    "--sort-by=.metadata.name",
    "--field-selector=status.phase=Running",
    "--labels=a=b",
    "--env=A=B",
    "--name=x",
    "--cpu=50%",
    "--local",
    "--list",
    "--all=false",
    "--all=maybe",
    "--show-labels=yes",
    "-nother",
    "-owide",
    "-o=custom-columns=",
    "-ocustom-columns=A:",
    "-ocustom-columns=A:.b,C",
    "-o=jsonpath={.items[-99]}",
    "-ojsonpath={[",
    "-o=jsonpath={..a}",
    "-o=go-template={{",
    "--template={{.a",
    "-o=go-template",
    "-ojsonpath",
    "-L=",
    "-Lapp,version",
];

const NAMES: &[&str] = &[
    "web",
    "solo",
    "rcx",
    "nginx",
    "x",
    "other",
    "default",
    "kube-system",
    "kubernetes",
    "node01",
    "controlplane",
    "''",
    "\"\"",
    "Web",
    "UPPER",
    "a.b",
    "-",
    "web-",
    "app=y",
    "app-",
    "app=",
    "=y",
    "nginx=nginx:1.25",
    "web=nginx:1.26",
    "*=busybox",
    "=",
    "/",
    "//",
    "web/",
    "a=b=c",
    "-1",
    "0",
    "99999999999999999999",
    "\\",
    "'unterminated",
    "\"dq",
    "$HOME",
    "`cmd`",
    "|",
    ">",
    "&&",
    ";",
    "#",
    "ÿ",
    "名前",
    "\t",
    "--",
    "-f",
    "a,b",
    "web,solo",
    "release-version=1.0",
    "'name with space'",
    "web.",
    ".web",
    "a/b/c",
    "deploy/",
    "x=y,z",
    "app-=",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(verbs()).prop_map(str::to_string),
        3 => proptest::sample::select(KINDS).prop_map(str::to_string),
        4 => proptest::sample::select(FLAGS).prop_map(str::to_string),
        3 => proptest::sample::select(NAMES).prop_map(str::to_string),
        1 => "[a-zA-Z0-9=/,.:_-]{0,12}",
    ]
}

fn heredoc_body() -> impl Strategy<Value = String> {
    prop_oneof![manifest(), random_text().prop_map(|t| t.replace("\nEOF\n", "\n")), Just(String::new()),]
}

fn kubectl_line() -> impl Strategy<Value = String> {
    (
        prop_oneof![6 => Just("kubectl"), 1 => Just("k"), 1 => Just("sleep"), 1 => Just("kubectl -n other")],
        proptest::collection::vec(word(), 0..9),
        proptest::option::weighted(0.3, heredoc_body()),
    )
        .prop_map(|(head, words, body)| {
            let mut line = format!("{head} {}", words.join(" "));
            if let Some(body) = body {
                line.push_str(" <<EOF\n");
                line.push_str(&body);
                if !body.ends_with('\n') && !body.is_empty() {
                    line.push('\n');
                }
                line.push_str("EOF");
            }
            line
        })
}

// ----- (c) hostile manifests -----

const KIND_HEADS: &[&str] = &[
    "apiVersion: apps/v1\nkind: Deployment",
    "apiVersion: apps/v1beta1\nkind: Deployment",
    "apiVersion: extensions/v1beta1\nkind: Deployment",
    "apiVersion: extensions/v1beta1\nkind: ReplicaSet",
    "apiVersion: apps/v1\nkind: ReplicaSet",
    "apiVersion: v1\nkind: ReplicationController",
    "apiVersion: v1\nkind: Pod",
    "apiVersion: v1\nkind: Service",
    "apiVersion: v1\nkind: Namespace",
    "apiVersion: v1\nkind: Node",
    "apiVersion: v1\nkind: ConfigMap",
    "apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler",
    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler",
    "apiVersion: v1\nkind: List",
    "apiVersion: v1\nkind: Event",
    "apiVersion: v1\nkind: Endpoints",
    "apiVersion: example.com/v1\nkind: Widget",
    "apiVersion: v1\nkind: Deployment",
    "kind: Pod",
    "apiVersion: v1",
    "apiVersion: 1\nkind: [Pod]",
    "apiVersion: apps/v1\nkind: deployment",
];

/// Values that are wrong in interesting ways for one field or another.
const VALUES: &[&str] = &[
    "1",
    "0",
    "-1",
    "3",
    "\"x\"",
    "[1]",
    "{}",
    "null",
    "~",
    "1e400",
    "99999999999999999999",
    "2147483648",
    "0x10",
    ".inf",
    "-.nan",
    "true",
    "\"3\"",
    "1.5",
    "\"\"",
    "\"25%\"",
    "\"0%\"",
    "\"101%\"",
    "\"-5%\"",
    "\"%\"",
    "\"abc\"",
    "65536",
    "0",
    "-80",
    "\"http\"",
    "[a, b]",
    "{a: b}",
    "!!binary aGVsbG8=",
    "&anchor 5",
    "*nope",
    "'",
];

const NAMES_IN_MANIFESTS: &[&str] = &[
    "web",
    "Web",
    "UPPER",
    "a_b",
    "-x",
    "x-",
    "a.b",
    "\"\"",
    "null",
    "[web]",
    "web2",
    "solo",
    "default",
    "other",
    "kubernetes",
    "x",
    "a.b.c-d",
];

fn manifest() -> impl Strategy<Value = String> {
    let v = || proptest::sample::select(VALUES).prop_map(str::to_string);
    (
        proptest::sample::select(KIND_HEADS),
        proptest::sample::select(NAMES_IN_MANIFESTS),
        proptest::option::of(proptest::sample::select(&["default", "other", "nope", "Other", "kube-system"][..])),
        (v(), v(), v(), v(), v(), v()),
        any::<bool>(),
        any::<bool>(),
        proptest::option::weighted(0.3, any::<prop::sample::Index>()),
    )
        .prop_map(|(head, name, ns, (replicas, surge, unavail, port, target, max), with_selector, recreate, cut)| {
            let mut m = format!("{head}\nmetadata:\n  name: {name}\n");
            if let Some(ns) = ns {
                m.push_str(&format!("  namespace: {ns}\n"));
            }
            m.push_str("  labels:\n    app: web\n");
            m.push_str(&format!("spec:\n  replicas: {replicas}\n"));
            if with_selector {
                m.push_str("  selector:\n    matchLabels:\n      app: web\n    app: web\n");
            }
            if recreate {
                m.push_str("  strategy:\n    type: Recreate\n");
            } else {
                m.push_str(&format!("  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: {surge}\n      maxUnavailable: {unavail}\n"));
            }
            m.push_str(&format!("  ports:\n  - port: {port}\n    targetPort: {target}\n    nodePort: {port}\n"));
            m.push_str(&format!("  maxReplicas: {max}\n  minReplicas: {replicas}\n  scaleTargetRef:\n    kind: Deployment\n    name: web\n"));
            m.push_str(&format!(
                "  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: {name}\n        image: nginx\n        ports:\n        - containerPort: {port}\n        readinessProbe:\n          httpGet:\n            port: {target}\n"
            ));
            m.push_str("  containers:\n  - name: c\n    image: busybox\n");
            m.push_str("items:\n- 1\n- kind: Pod\n- {apiVersion: v1, kind: Namespace, metadata: {name: listed}}\n- [garbage]\n");
            match cut {
                Some(i) => {
                    let at = i.index(m.len() + 1);
                    let at = (0..=at).rev().find(|&j| m.is_char_boundary(j)).unwrap_or(0);
                    m[..at].to_string()
                }
                None => m,
            }
        })
}

fn manifest_command() -> impl Strategy<Value = String> {
    (proptest::sample::select(&["apply", "create", "delete", "get", "describe", "replace"][..]), manifest())
        .prop_map(|(verb, body)| format!("kubectl {verb} -f - <<EOF\n{body}\nEOF"))
}

/// `cases` per property; `PROPTEST_CASES=N` explores more (a few hundred find more than CI needs).
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
    Config { cases, failure_persistence: None, ..Config::default() }
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn random_bytes_never_panic_or_change_state(p in profile(), inputs in proptest::collection::vec(random_text(), 1..4)) {
        let mut c = new_console(p);
        for text in inputs {
            check(&mut c, &text);
            check(&mut c, &format!("kubectl {text}"));
            check(&mut c, &format!("kubectl apply -f - <<EOF\n{}\nEOF", text.replace("\nEOF\n", "\n")));
        }
    }

    #[test]
    fn kubectl_words_never_panic_or_change_state_when_failing(p in profile(), lines in proptest::collection::vec(kubectl_line(), 1..16)) {
        let mut c = prepared(p);
        for line in lines {
            check(&mut c, &line);
        }
    }

    #[test]
    fn hostile_manifests_never_panic_or_change_state_when_failing(p in profile(), cmds in proptest::collection::vec(manifest_command(), 1..10)) {
        let mut c = prepared(p);
        for cmd in cmds {
            check(&mut c, &cmd);
        }
    }
}

#[test]
fn hostile_fixed_inputs_current() {
    hostile_fixed_inputs(Profile::Current);
}

#[test]
fn hostile_fixed_inputs_course() {
    hostile_fixed_inputs(Profile::Course);
}

/// Fixed hostile inputs.
fn hostile_fixed_inputs(p: Profile) {
    let mut bomb = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let mut prev = 'a';
    for ch in 'b'..='j' {
        bomb.push_str(&format!(
            "  {ch}: &{ch} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = ch;
    }
    let deep_list = format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\nspec: {}", "[".repeat(20_000));
    let deep_map = {
        let mut s = String::from("apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\nspec:\n");
        for i in 0..400 {
            s.push_str(&" ".repeat(2 + i));
            s.push_str("a:\n");
        }
        s
    };
    let deep_flow = format!(
        "{{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{{\"name\":\"j\"}},\"spec\":{}{}}}",
        "{\"a\":".repeat(5000),
        "}".repeat(5000)
    );
    let huge_name = format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {}\n", "a".repeat(300_000));
    let huge_label = format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: {}\nspec:\n  containers:\n  - name: c\n    image: nginx\n", "x".repeat(100_000));
    let mut megabyte = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n");
    let mut i = 0;
    while megabyte.len() < 1_048_576 {
        megabyte.push_str(&format!("  key{i}: \"{}\"\n", "v".repeat(90)));
        i += 1;
    }
    let many_docs = "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: [x]\n".repeat(2000);
    let deployment = |extra: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: d\n  template:\n    metadata:\n      labels:\n        app: d\n    spec:\n      containers:\n      - name: c\n        image: nginx\n{extra}"
        )
    };
    let cases: Vec<String> = vec![
        bomb,
        deep_list,
        deep_map,
        deep_flow,
        huge_name,
        huge_label,
        megabyte,
        many_docs,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: t\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: t\n  templ".into(),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: r\nspec:\n  replicas: \"x\"\n".into(),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: r\nspec:\n  replicas: [1]\n".into(),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: r\nspec:\n  replicas: -3\n  selector:\n    matchLabels:\n      app: r\n  template:\n    metadata:\n      labels:\n        app: r\n    spec:\n      containers:\n      - name: c\n        image: nginx\n".into(),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: r\nspec:\n  replicas: 1e10\n".into(),
        deployment("  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0\n"),
        deployment("").replace("  replicas: 2\n", "  replicas: 2\n  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0\n"),
        deployment("").replace("  replicas: 2\n", "  replicas: 2\n  strategy:\n    rollingUpdate:\n      maxSurge: \"0%\"\n      maxUnavailable: \"0%\"\n"),
        deployment("").replace("  replicas: 2\n", "  replicas: 2\n  strategy:\n    type: Recreate\n    rollingUpdate:\n      maxSurge: 1\n"),
        deployment("").replace("  replicas: 2\n", "  replicas: 2\n  strategy:\n    type: Sideways\n"),
        deployment("").replace("  replicas: 2\n", "  replicas: 2\n  strategy:\n    rollingUpdate:\n      maxSurge: -1\n      maxUnavailable: \"150%\"\n"),
        deployment("        ports:\n        - containerPort: 70000\n"),
        deployment("        ports:\n        - containerPort: 0\n"),
        deployment("        ports:\n        - containerPort: \"http\"\n"),
        deployment("").replace("name: d", "name: MyApp"),
        deployment("").replace("name: c\n", "name: Web_Container\n"),
        deployment("").replace("image: nginx", "image: \"\""),
        deployment("    restartPolicy: Never\n").replace("    restartPolicy: Never\n", "      restartPolicy: Never\n"),
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: NodePort\n  ports:\n  - port: 0\n    nodePort: 80\n  - port: 70000\n".into(),
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  clusterIP: 10.96.0.1\n  ports:\n  - port: 80\n".into(),
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: Weird\n".into(),
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: 1s\nspec:\n  ports:\n  - port: 80\n".into(),
        "apiVersion: v1\nkind: List\nitems:\n- 1\n- \"two\"\n- [3]\n- {kind: Pod}\n- {apiVersion: v1, kind: Pod, metadata: {name: Bad_Name}}\n".into(),
        "apiVersion: v1\nkind: List\nitems: 5\n".into(),
        "apiVersion: v1\nkind: List\n".into(),
        "- apiVersion: v1\n  kind: Namespace\n".into(),
        "just a string\n".into(),
        "42\n".into(),
        "[]\n".into(),
        "null\n".into(),
        "{}\n".into(),
        "---\n---\n...\n".into(),
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok-one\n---\n: : :\n".into(),
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [\n".into(),
        "apiVersion: v1\nkind: Namespace\nmetadata: 7\n".into(),
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: 7\n".into(),
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: Capital\n".into(),
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n".into(),
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kube-system\n  labels:\n    x: \"bad value!\"\n".into(),
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: node01\nspec:\n  unschedulable: \"yes\"\n".into(),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: {}\n".into(),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n  - name: c\n    image: nginx\n".into(),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n    resources:\n      requests:\n        cpu: lots\n        memory: -1Gi\n".into(),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n    readinessProbe: {}\n    livenessProbe:\n      exec:\n        command: [\"false\"]\n      successThreshold: 3\n".into(),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: nope\nspec:\n  containers:\n  - name: c\n    image: nginx\n".into(),
        "apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n  maxReplicas: 0\n  minReplicas: -2\n".into(),
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n  maxReplicas: 3\n  metrics: 5\n".into(),
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n  maxReplicas: 3\n  metrics:\n  - {}\n  - resource: 7\n".into(),
        "apiVersion: extensions/v1beta1\nkind: ReplicaSet\nmetadata:\n  name: rsx\nspec:\n  selector:\n    matchExpressions:\n    - {key: app, operator: Sideways, values: [a]}\n  template:\n    metadata:\n      labels:\n        app: a\n    spec:\n      containers:\n      - name: c\n        image: nginx\n".into(),
        "apiVersion: extensions/v1beta1\nkind: ReplicaSet\nmetadata:\n  name: rsx\nspec:\n  selector:\n    matchExpressions:\n    - {key: app, operator: In}\n  template:\n    metadata:\n      labels:\n        app: a\n    spec:\n      containers:\n      - name: c\n        image: nginx\n".into(),
        "apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: rc\nspec:\n  selector:\n    app: a\n".into(),
        "apiVersion: widgets.example.com/v1\nkind: Widget\nmetadata:\n  name: w\n".into(),
        "\u{feff}apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bom\n".into(),
        "apiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: crlf\r\n".into(),
        "\tapiVersion: v1\n".into(),
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dup\n  name: dup2\n".into(),
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  <<: {name: merged}\n".into(),
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  ? [complex, key]\n  : value\n".into(),
        "%YAML 1.2\n%TAG ! tag:example.com,2000:\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: tagged\n".into(),
        "apiVersion: !!int v1\nkind: Namespace\n".into(),
        "\0\0\0".into(),
    ];
    {
        let mut c = prepared(p);
        for body in &cases {
            // Big bodies once (they take a while in a debug build), small ones through every verb.
            let verbs: &[&str] =
                if body.len() > 100_000 { &["apply", "delete"] } else { &["apply", "create", "delete", "get"] };
            for verb in verbs {
                check(&mut c, &format!("kubectl {verb} -f - <<EOF\n{body}\nEOF"));
            }
            // The same text typed as a command line (without the here-document).
            let line: String = body.chars().take(10_000).collect::<String>().replace('\n', " ");
            check(&mut c, &format!("kubectl {line}"));
            if body.len() <= 100_000 {
                check(&mut c, &format!("kubectl patch deploy web -p '{}'", body.replace('\'', "")));
            }
        }
        // An input over the size limit.
        check(&mut c, &"a".repeat(kubelab_console::MAX_INPUT + 1));
        // Deeply nested patches and JSON paths.
        check(&mut c, &format!("kubectl patch deploy web -p '{}1{}'", "{\"a\":".repeat(3000), "}".repeat(3000)));
        check(&mut c, &format!("kubectl patch deploy web -p '{}'", "[".repeat(3000)));
        check(&mut c, &format!("kubectl get deploy web -o jsonpath='{{{}}}'", ".a".repeat(5000)));
        check(&mut c, &format!("kubectl get pods -l '{}'", "a in (".repeat(2000)));
        check(&mut c, &format!("kubectl label pod solo {}", "k=v ".repeat(2000)));
    }
}
