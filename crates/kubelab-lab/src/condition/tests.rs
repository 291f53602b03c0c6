//! One test (at least) per predicate and combinator, against a real simulated cluster driven
//! through the console, plus the YAML surface (counts, one-key maps, validation).

use super::*;
use kubelab_console::{Console, ConsoleConfig, NoFiles, Profile};
use kubelab_sim::SimTime;

fn console() -> Console {
    Console::new(ConsoleConfig { seed: 1, profile: Profile::Current }, Box::new(NoFiles))
}

fn sh(c: &mut Console, line: &str) {
    let out = c.run(line);
    assert_eq!(out.exit_code, 0, "`{line}` failed: {}", out.stderr);
}

const WEB_SERVICE: &str = "kubectl create -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    app: web
spec:
  selector:
    app: web
  ports:
  - port: 80
EOF";

/// Deployment `web` (3 × nginx:1.25, all ready) and its service.
fn web() -> Console {
    let mut c = console();
    sh(&mut c, "kubectl create deployment web --image=nginx:1.25 --replicas=3");
    sh(&mut c, WEB_SERVICE);
    sh(&mut c, "sleep 30");
    c
}

fn cond(yaml: &str) -> Condition {
    serde_norway::from_str(yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"))
}

fn eval(c: &Console, yaml: &str) -> Evaluation {
    cond(yaml).evaluate(&Context::new(c.cluster(), &[]))
}

fn met(c: &Console, yaml: &str) -> String {
    let e = eval(c, yaml);
    assert!(e.met, "expected met: {yaml}\n  -> {}", e.explanation);
    e.explanation
}

fn unmet(c: &Console, yaml: &str) -> String {
    let e = eval(c, yaml);
    assert!(!e.met, "expected unmet: {yaml}\n  -> {}", e.explanation);
    e.explanation
}

fn entry(line: &str, exit_code: i32, secs: u64) -> HistoryEntry {
    HistoryEntry { line: line.to_string(), exit_code, at: SimTime(secs * 1000) }
}

// ----- counts and YAML -----

#[test]
fn counts_parse_numbers_and_comparisons() {
    assert_eq!(Count::parse("3"), Ok(Count::exactly(3)));
    assert_eq!(Count::parse(">= 3"), Ok(Count::at_least(3)));
    assert_eq!(Count::parse(">=3"), Ok(Count::at_least(3)));
    assert_eq!(Count::parse("== 0"), Ok(Count::exactly(0)));
    assert_eq!(Count::parse("= 2"), Ok(Count::exactly(2)));
    assert_eq!(Count::parse("> 1").map(|c| (c.cmp, c.value)), Ok((Cmp::Gt, 1)));
    assert_eq!(Count::parse("<= 1").map(|c| c.cmp), Ok(Cmp::Le));
    assert_eq!(Count::parse("< 1").map(|c| c.cmp), Ok(Cmp::Lt));
    assert_eq!(Count::parse("!= 1").map(|c| c.cmp), Ok(Cmp::Ne));
    assert!(Count::parse("three").is_err());
    assert!(Count::parse(">=").is_err());
    let c: Count = serde_norway::from_str("4").expect("a number");
    assert_eq!(c, Count::exactly(4));
    let c: Count = serde_norway::from_str("'>= 2'").expect("a comparison");
    assert!(c.holds(2) && c.holds(9) && !c.holds(1));
    assert!(serde_norway::from_str::<Count>("[1]").is_err());
    assert_eq!(Count::at_least(3).describe(), "at least 3");
    assert_eq!(Count::at_least(3).to_string(), ">= 3");
    assert_eq!(serde_json::to_string(&Count::exactly(2)).expect("json"), "2");
}

#[test]
fn conditions_are_one_key_maps() {
    assert_eq!(cond("ran: kubectl get pods"), Condition::Ran(CommandCheck::new("kubectl get pods").expect("pattern")));
    assert!(matches!(cond("all: []"), Condition::All(v) if v.is_empty()));
    assert!(matches!(cond("not: {absent: {kind: svc, name: x}}"), Condition::Not(_)));
    let err = |yaml: &str| serde_norway::from_str::<Condition>(yaml).expect_err(yaml).to_string();
    assert!(err("deploymnt: {name: web}").contains("unknown variant `deploymnt`"));
    assert!(err("{ran: kubectl, failed: kubectl}").contains("exactly one key"));
    assert!(err("{}").contains("empty condition"));
    assert!(err("deployment: {name: web, replica: 3}").contains("unknown field `replica`"));
    assert!(err("deployment: {name: web, replicas: lots}").contains("invalid count"));
    assert!(err("ran: ''").contains("no word"));
    assert!(err("ran: {command: kubectl, since: yesterday}").contains("unknown variant"));
    assert!(err("kubectl get pods").contains("condition"));
    // A condition written out and read back (JSON keeps one-key maps).
    let c = cond("all: [{was: {deployment: {name: web, replicas: '>= 2'}}}, {ran: {command: kubectl get, after: g}}]");
    let json = serde_json::to_string(&c).expect("serialises");
    assert_eq!(serde_json::from_str::<Condition>(&json).expect("reads back"), c);
}

#[test]
fn validation_catches_what_serde_cannot() {
    let ids: BTreeSet<String> = ["known".to_string()].into_iter().collect();
    let check = |yaml: &str| cond(yaml).validate(&ids);
    assert!(check("exists: {kind: svc, name: web}").is_ok());
    assert!(check("exists: {kind: deployments.apps, name: web}").is_ok());
    assert!(check("exists: {kind: widget, name: web}").unwrap_err().contains("unknown kind \"widget\""));
    assert!(check("absent: {kind: Pod, name: ''}").is_err());
    assert!(check("pods: {selector: 'app in (a', ready: 1}").is_err());
    assert!(check("pods: {selector: app=web}").unwrap_err().contains("`ready` or `total`"));
    assert!(check("hpa: {min: 1}").is_err());
    assert!(check("replica_set: {ready: 1}").is_err());
    assert!(check("deployment: {name: web, container: c}").is_err());
    assert!(check("event: {object: web}").is_err());
    assert!(check("event: {reason: X, kind: gadget}").is_err());
    assert!(check("objects: {kind: pod, count: 0, selector: '!!'}").is_err());
    assert!(check("ran: {command: kubectl, after: known}").is_ok());
    assert!(check("all: [{not: {ran: {command: kubectl, after: unknown}}}]").unwrap_err().contains("after: unknown"));
}

// ----- deployments -----

#[test]
fn deployment_exists_and_counts() {
    let c = web();
    assert_eq!(met(&c, "deployment: {name: web}"), "deployment web exists");
    assert_eq!(unmet(&c, "deployment: {name: api}"), "deployment api does not exist");
    assert_eq!(unmet(&c, "deployment: {name: web, namespace: kube-system}"), "deployment web does not exist");
    assert_eq!(met(&c, "deployment: {name: web, replicas: 3}"), "deployment web is scaled to 3 replicas");
    assert_eq!(unmet(&c, "deployment: {name: web, replicas: 2}"), "deployment web is scaled to 3 replicas (wanted 2)");
    met(&c, "deployment: {name: web, replicas: '>= 2'}");
    unmet(&c, "deployment: {name: web, replicas: '< 3'}");
    assert_eq!(
        met(&c, "deployment: {name: web, available: 3, ready: 3}"),
        "deployment web has 3 of 3 ready, has 3 of 3 available"
    );
    met(&c, "deployment: {name: web, updated: 3}");
    assert_eq!(
        unmet(&c, "deployment: {name: web, available: 4, replicas: 5}"),
        "deployment web is scaled to 3 replicas (wanted 5), has 3 of 3 available (wanted 4)"
    );
}

#[test]
fn deployment_availability_lags_behind_a_scale_up() {
    let mut c = web();
    sh(&mut c, "kubectl scale deployment web --replicas=5");
    assert_eq!(unmet(&c, "deployment: {name: web, available: 5}"), "deployment web has 3 of 5 available (wanted 5)");
    met(&c, "deployment: {name: web, replicas: 5}");
    sh(&mut c, "sleep 30");
    met(&c, "deployment: {name: web, available: 5}");
}

#[test]
fn deployment_image_revision_replica_sets_and_rollout() {
    let mut c = web();
    assert_eq!(met(&c, "deployment: {name: web, image: 'nginx:1.25'}"), "deployment web runs image nginx:1.25");
    met(&c, "deployment: {name: web, container: nginx, image: 'nginx:1.25'}");
    assert_eq!(
        unmet(&c, "deployment: {name: web, container: nginx, image: 'nginx:1.27'}"),
        "deployment web container nginx runs image nginx:1.25 (wanted nginx:1.27)"
    );
    assert_eq!(
        unmet(&c, "deployment: {name: web, container: web, image: 'nginx:1.25'}"),
        "deployment web has no container named web"
    );
    met(&c, "deployment: {name: web, revision: 1, replica_sets: 1, complete: true}");
    unmet(&c, "deployment: {name: web, complete: false}");

    sh(&mut c, "kubectl set image deployment/web nginx=nginx:1.27");
    met(&c, "deployment: {name: web, image: 'nginx:1.27', revision: 2, replica_sets: 2}");
    let e = unmet(&c, "deployment: {name: web, complete: true}");
    assert!(e.starts_with("deployment web is rolling out ("), "{e}");
    met(&c, "deployment: {name: web, complete: false}");
    assert_eq!(
        unmet(&c, "deployment: {name: web, replica_sets: '>= 3'}"),
        "deployment web owns 2 replica sets (wanted at least 3)"
    );
    sh(&mut c, "sleep 60");
    assert_eq!(met(&c, "deployment: {name: web, complete: true}"), "deployment web has finished its rollout");
    sh(&mut c, "kubectl rollout undo deployment/web");
    met(&c, "deployment: {name: web, image: 'nginx:1.25', revision: 3, replica_sets: 2}");
}

// ----- replica sets -----

#[test]
fn replica_set_by_owner_image_name_and_prefix() {
    let mut c = web();
    let e = met(&c, "replica_set: {owner: web, image: 'nginx:1.25', ready: 3}");
    assert!(e.starts_with("replica set web-") && e.ends_with("has 3 of 3 ready"), "{e}");
    met(&c, "replica_set: {name_prefix: web-, replicas: 3, available: 3}");
    met(&c, "replica_set: {owner: web, container: nginx, image: 'nginx:1.25'}");
    unmet(&c, "replica_set: {owner: web, container: other, image: 'nginx:1.25'}");
    assert_eq!(
        unmet(&c, "replica_set: {owner: web, image: 'nginx:1.27'}"),
        "no replica set of deployment web with image nginx:1.27"
    );
    assert_eq!(unmet(&c, "replica_set: {owner: api}"), "deployment api does not exist");
    assert_eq!(unmet(&c, "replica_set: {name_prefix: api-}"), "no replica set named api-*");

    sh(&mut c, "kubectl set image deployment/web nginx=nginx:1.27");
    // Two match the prefix; the condition holds if any of them has the counts.
    met(&c, "replica_set: {name_prefix: web-, ready: 3}");
    let e = unmet(&c, "replica_set: {owner: web, image: 'nginx:1.27', ready: 3}");
    assert!(e.contains("(wanted 3)"), "{e}");
    sh(&mut c, "sleep 60");
    met(&c, "replica_set: {owner: web, image: 'nginx:1.27', ready: 3}");
    met(&c, "replica_set: {owner: web, image: 'nginx:1.25', replicas: 0}");
    let name = c.cluster().list(Kind::ReplicaSet, Some("default"))[0].meta().name.clone();
    met(&c, &format!("replica_set: {{name: {name}}}"));
}

// ----- autoscalers -----

#[test]
fn hpa_by_target_or_name_with_limits() {
    let mut c = web();
    assert_eq!(unmet(&c, "hpa: {target: web}"), "no autoscaler for web");
    assert_eq!(unmet(&c, "hpa: {name: web}"), "no autoscaler web");
    sh(&mut c, "kubectl autoscale deployment web --min=4 --max=8");
    assert_eq!(
        met(&c, "hpa: {target: web, min: 4, max: 8}"),
        "autoscaler web (for Deployment web) has min 4, has max 8"
    );
    met(&c, "hpa: {name: web, target: web, max: '>= 5'}");
    assert_eq!(unmet(&c, "hpa: {target: web, min: 3}"), "autoscaler web (for Deployment web) has min 4 (wanted 3)");
    assert_eq!(unmet(&c, "hpa: {name: other, target: web}"), "no autoscaler other for web");
    sh(&mut c, "sleep 30");
    met(&c, "hpa: {target: web, replicas: '>= 4'}");
    met(&c, "deployment: {name: web, replicas: 4}");
}

// ----- pods -----

#[test]
fn pods_by_selector_ready_total_and_image() {
    let mut c = console();
    sh(&mut c, "kubectl create deployment web --image=nginx:1.25 --replicas=3");
    assert_eq!(
        unmet(&c, "pods: {selector: app=web, ready: 3}"),
        "pods with app=web: 0 of 3 running and ready (wanted 3)"
    );
    met(&c, "pods: {selector: app=web, total: 3}");
    sh(&mut c, "sleep 30");
    assert_eq!(met(&c, "pods: {selector: app=web, ready: 3}"), "pods with app=web: 3 of 3 running and ready");
    met(&c, "pods: {selector: 'app in (web,api)', ready: '>= 1', total: 3}");
    met(&c, "pods: {selector: 'app=web', image: 'nginx:1.25', total: 3}");
    assert_eq!(
        unmet(&c, "pods: {selector: app=web, image: 'nginx:1.27', total: '>= 1'}"),
        "pods with app=web running nginx:1.27: 0 in all (wanted at least 1)"
    );
    met(&c, "pods: {selector: app!=web, total: 0}");
    // An empty selector takes every pod of the namespace.
    met(&c, "pods: {selector: '', total: 3}");
    met(&c, "pods: {selector: '', namespace: kube-system, ready: '>= 1'}");
    // An invalid selector is unmet, with the parser's reason.
    assert!(unmet(&c, "pods: {selector: 'app in (web', total: 0}").starts_with("invalid selector"));
}

#[test]
fn terminating_pods_count_as_gone() {
    let mut c = console();
    sh(&mut c, "kubectl run solo --image=nginx --labels=app=solo");
    sh(&mut c, "sleep 20");
    met(&c, "pods: {selector: app=solo, ready: 1}");
    met(&c, "exists: {kind: pod, name: solo}");
    sh(&mut c, "kubectl delete pod solo --wait=false");
    // The pod is still in the store, Terminating, for its grace period.
    assert!(c.cluster().get(Kind::Pod, "default", "solo").is_some());
    met(&c, "pods: {selector: app=solo, total: 0}");
    assert_eq!(met(&c, "absent: {kind: po, name: solo}"), "pod solo does not exist");
    met(&c, "objects: {kind: pods, count: 0}");
}

// ----- any object -----

#[test]
fn exists_and_absent_by_any_kind_spelling() {
    let c = web();
    for kind in ["Service", "service", "services", "svc"] {
        assert_eq!(met(&c, &format!("exists: {{kind: {kind}, name: web}}")), "service web exists");
    }
    met(&c, "exists: {kind: deploy, name: web}");
    met(&c, "exists: {kind: deployments.apps, name: web}");
    assert_eq!(unmet(&c, "exists: {kind: svc, name: api}"), "service api does not exist");
    assert_eq!(met(&c, "absent: {kind: svc, name: api}"), "service api does not exist");
    assert_eq!(unmet(&c, "absent: {kind: svc, name: web}"), "service web exists");
    met(&c, "exists: {kind: svc, name: kubernetes}");
    met(&c, "exists: {kind: hpa, name: web}".replace("exists", "absent").as_str());
    // Cluster-scoped kinds ignore the namespace.
    met(&c, "exists: {kind: node, name: node01}");
    met(&c, "exists: {kind: ns, name: kube-system, namespace: whatever}");
    // A kind the validator would refuse is unmet when evaluated anyway.
    assert_eq!(unmet(&c, "exists: {kind: widget, name: w}"), "unknown kind \"widget\"");
}

#[test]
fn objects_counts_with_except_and_selector() {
    let c = web();
    assert_eq!(met(&c, "objects: {kind: Service, count: 2}"), "2 services in namespace default (kubernetes, web)");
    assert_eq!(
        unmet(&c, "objects: {kind: Service, count: 0}"),
        "2 services in namespace default (kubernetes, web) (wanted 0)"
    );
    met(&c, "objects: {kind: Service, count: 1, except: [kubernetes]}");
    met(&c, "objects: {kind: Service, count: 1, selector: app=web}");
    met(&c, "objects: {kind: hpa, count: 0}");
    met(&c, "objects: {kind: rs, count: '>= 1'}");
    met(&c, "objects: {kind: nodes, count: 3}");
    assert_eq!(met(&c, "objects: {kind: deploy, namespace: empty, count: 0}"), "0 deployments in namespace empty");
}

// ----- events -----

#[test]
fn events_by_reason_message_object_and_kind() {
    let mut c = web();
    let e = met(&c, "event: {reason: ScalingReplicaSet, message: 'Scaled up replica set web-* to 3'}");
    assert!(e.starts_with("event ScalingReplicaSet on deployment web: Scaled up replica set web-"), "{e}");
    met(&c, "event: {reason: ScalingReplicaSet, object: web, kind: deploy}");
    met(&c, "event: {message: 'Created pod: web-*', kind: ReplicaSet}");
    unmet(&c, "event: {reason: ScalingReplicaSet, kind: pod}");
    // Events of other namespaces count when the condition names the namespace. (The cluster's
    // own bootstrap events expired long ago: events live for an hour, as on a real cluster.)
    unmet(&c, "event: {reason: ScalingReplicaSet, namespace: kube-system, object: coredns}");
    sh(&mut c, "kubectl scale deployment coredns -n kube-system --replicas=3");
    met(&c, "event: {reason: ScalingReplicaSet, namespace: kube-system, object: coredns}");
    unmet(&c, "event: {reason: ScalingReplicaSet, namespace: kube-system, object: web}");
    assert_eq!(
        unmet(&c, "event: {reason: ScalingReplicaSet, message: '* to 5', object: web}"),
        "no event ScalingReplicaSet \"* to 5\" on web yet"
    );
    sh(&mut c, "kubectl scale deployment web --replicas=5");
    met(&c, "event: {reason: ScalingReplicaSet, message: '* to 5 from 3', object: web}");
}

// ----- commands -----

#[test]
fn ran_and_failed_look_at_the_history() {
    let c = console();
    let history = vec![
        entry("kubectl get pods", 0, 1),
        entry("kubectl get hpa -o wide", 0, 2),
        entry("kubectl get nosuchkind", 1, 3),
        entry("kubectl describe deployment/web", 0, 4),
    ];
    let check =
        |yaml: &str, since: usize| cond(yaml).evaluate(&Context { since, ..Context::new(c.cluster(), &history) });
    let e = check("ran: kubectl get hpa", 0);
    assert_eq!((e.met, e.explanation.as_str()), (true, "ran `kubectl get hpa -o wide`"));
    assert!(check("ran: kubectl describe deploy* web", 0).met);
    assert!(!check("ran: kubectl get nosuchkind", 0).met, "a failed line is not a successful one");
    let e = check("failed: kubectl get", 0);
    assert_eq!((e.met, e.explanation.as_str()), (true, "`kubectl get nosuchkind` failed (exit code 1)"));
    assert!(!check("failed: kubectl describe", 0).met);
    // `since: step` (the default) looks from the step's first entry; `session` from the start.
    let e = check("ran: kubectl get pods", 1);
    assert_eq!((e.met, e.explanation.as_str()), (false, "nothing like `kubectl get pods` ran in this step yet"));
    assert!(check("ran: {command: kubectl get pods, since: session}", 1).met);
    assert!(!check("failed: kubectl get", 3).met);
    assert!(!cond("ran: kubectl").evaluate(&Context::new(c.cluster(), &[])).met);
}

#[test]
fn ran_after_a_goal_counts_only_later_lines() {
    let c = console();
    let history =
        vec![entry("kubectl describe deploy web", 0, 1), entry("kubectl scale deploy web --replicas=2", 0, 2)];
    let condition = cond("ran: {command: kubectl describe deploy*, after: scaled}");
    let mut goals = BTreeMap::new();
    fn cx<'a>(
        cluster: &'a Cluster,
        history: &'a [HistoryEntry],
        goals: &'a BTreeMap<String, GoalRecord>,
    ) -> Context<'a> {
        Context { met: Some(goals), ..Context::new(cluster, history) }
    }
    assert_eq!(
        condition.evaluate(&cx(c.cluster(), &history, &goals)).explanation,
        "waiting for goal scaled before `kubectl describe deploy*` counts"
    );
    goals.insert("scaled".to_string(), GoalRecord { at: SimTime(2000), entry: 2, explanation: String::new() });
    let e = condition.evaluate(&cx(c.cluster(), &history, &goals));
    assert_eq!(
        (e.met, e.explanation.as_str()),
        (false, "nothing like `kubectl describe deploy*` ran since goal scaled was met yet")
    );
    let mut later = history.clone();
    later.push(entry("kubectl describe deployments", 0, 3));
    assert!(condition.evaluate(&Context { met: Some(&goals), ..Context::new(c.cluster(), &later) }).met);
}

// ----- combinators -----

#[test]
fn all_any_not() {
    let c = web();
    assert_eq!(
        met(&c, "all: [{deployment: {name: web}}, {exists: {kind: svc, name: web}}]"),
        "deployment web exists; service web exists"
    );
    assert_eq!(
        unmet(&c, "all: [{deployment: {name: web}}, {exists: {kind: svc, name: api}}, {deployment: {name: api}}]"),
        "service api does not exist"
    );
    assert_eq!(met(&c, "any: [{deployment: {name: api}}, {deployment: {name: web}}]"), "deployment web exists");
    assert_eq!(
        unmet(&c, "any: [{deployment: {name: api}}, {deployment: {name: db}}]"),
        "deployment api does not exist; or deployment db does not exist"
    );
    assert_eq!(met(&c, "not: {deployment: {name: api}}"), "deployment api does not exist");
    assert_eq!(unmet(&c, "not: {deployment: {name: web}}"), "deployment web exists");
    met(&c, "not: {not: {deployment: {name: web}}}");
    // The empty cases: `all` holds, `any` does not.
    met(&c, "all: []");
    assert_eq!(unmet(&c, "any: []"), "nothing to choose from");
}

#[test]
fn was_remembers_each_node_separately() {
    let mut c = web();
    let condition = cond(
        "all:
           - was: {deployment: {name: web, image: 'nginx:1.27'}}
           - any:
               - was: {deployment: {name: web, replicas: 5}}
               - ran: {command: kubectl never, since: session}
           - deployment: {name: web, image: 'nginx:1.25'}",
    );
    assert!(condition.has_memory());
    assert!(!cond("not: {ran: kubectl}").has_memory());
    let mut seen = Memory::new();
    let look = |c: &Console, seen: &mut Memory| {
        let cx = Context::new(c.cluster(), &[]);
        condition.observe(&cx, seen);
        condition.evaluate(&Context { seen: Some(seen), ..cx })
    };
    let e = look(&c, &mut seen);
    assert!(!e.met && seen.is_empty());
    assert_eq!(e.explanation, "not yet seen: deployment web runs image nginx:1.25 (wanted nginx:1.27)");

    sh(&mut c, "kubectl set image deployment/web nginx=nginx:1.27");
    let e = look(&c, &mut seen);
    // The image was seen (node 1); the scale was not (node 4); and the image is not back yet.
    assert_eq!(seen.keys().copied().collect::<Vec<_>>(), [1]);
    assert_eq!(seen[&1], "deployment web runs image nginx:1.27");
    assert!(!e.met);

    sh(&mut c, "kubectl scale deployment web --replicas=5");
    look(&c, &mut seen);
    assert_eq!(seen.keys().copied().collect::<Vec<_>>(), [1, 4]);
    sh(&mut c, "kubectl scale deployment web --replicas=3");
    sh(&mut c, "kubectl rollout undo deployment/web");
    let e = look(&c, &mut seen);
    assert!(e.met, "{}", e.explanation);
    assert_eq!(
        e.explanation,
        "earlier: deployment web runs image nginx:1.27; earlier: deployment web is scaled to 5 replicas; \
         deployment web runs image nginx:1.25"
    );

    // Without memory, `was` looks at now only.
    assert!(!condition.evaluate(&Context::new(c.cluster(), &[])).met);
}

// ----- `traffic:`, against a cluster with a load-generator pod -----

/// `yaml`, after checking it passes validation as an exercise goal must.
fn valid(yaml: &str) -> &str {
    cond(yaml).validate(&BTreeSet::new()).unwrap_or_else(|e| panic!("{yaml}: {e}"));
    yaml
}

const LOAD: &str = "kubectl run load --image=busybox:1.28 --restart=Never -- /bin/sh -c \"while sleep 0.01; do wget -q -O- http://web; done\"";

/// Deployment `web` (3 × helloworld:black) behind Service `web`, and no load yet.
fn black_web() -> Console {
    let mut c = console();
    sh(&mut c, "kubectl create deployment web --image=karthequian/helloworld:black --replicas=3 --port=80");
    sh(&mut c, "kubectl expose deployment web --port=80");
    sh(&mut c, "sleep 20");
    c
}

#[test]
fn traffic_rate_share_errors_and_pods() {
    let mut c = black_web();
    // Seconds passed, but nobody sent anything.
    let quiet = unmet(&c, valid("traffic: {min_rate: 1}"));
    assert!(quiet.contains("0 requests answered (wanted at least 1)"), "{quiet}");
    unmet(&c, valid("traffic: {image: '*:black', share: 100}"));
    met(&c, valid("traffic: {max_errors: 0}"));
    sh(&mut c, LOAD);
    sh(&mut c, "sleep 10");
    let e = met(&c, valid("traffic: {service: web, min_rate: 50, pods: 3}"));
    assert!(e.starts_with("traffic through service web in the last second: "), "{e}");
    assert!(e.contains("3 pods answering"), "{e}");
    met(&c, valid("traffic: {min_rate: 50}"));
    unmet(&c, valid("traffic: {min_rate: 100000}"));
    let share = met(&c, valid("traffic: {image: '*:black', share: 100, max_errors: 0}"));
    assert!(share.contains("100% ("), "{share}");
    let blue = unmet(&c, valid("traffic: {image: '*:blue', share: 1}"));
    assert!(blue.contains("0% (0 of ") && blue.contains("(wanted at least 1%)"), "{blue}");
    met(&c, valid("traffic: {image: '*:blue', share: 0}"));
    met(&c, valid("traffic: {pods: '>= 2'}"));
    unmet(&c, valid("traffic: {pods: 1}"));
    // Another namespace: nothing through a service of that name, no pods answering there.
    unmet(&c, valid("traffic: {service: web, namespace: other, min_rate: 1}"));
    met(&c, valid("traffic: {namespace: other, pods: 0}"));
    // A service nobody calls.
    unmet(&c, valid("traffic: {service: nope, min_rate: 1}"));

    // ClientIP affinity: one client address, one pod.
    sh(&mut c, r#"kubectl patch service web -p '{"spec":{"sessionAffinity":"ClientIP"}}'"#);
    sh(&mut c, "sleep 2");
    met(&c, valid("traffic: {service: web, pods: 1, min_rate: 50}"));

    // No ready endpoint: every request fails.
    sh(&mut c, r#"kubectl patch service web -p '{"spec":{"selector":{"app":"nothing"}}}'"#);
    sh(&mut c, "sleep 2");
    let errors = unmet(&c, valid("traffic: {service: web, max_errors: 0}"));
    assert!(errors.contains(" failed (wanted at most 0)"), "{errors}");
    unmet(&c, valid("traffic: {image: '*', share: 1}"));
    met(&c, valid("traffic: {pods: 0}"));
}

#[test]
fn traffic_needs_a_sample_of_this_second() {
    let c = console();
    if kubelab_sim::traffic::state(c.cluster()).last_sample().is_none_or(|s| s.time != c.cluster().now()) {
        assert_eq!(unmet(&c, valid("traffic: {max_errors: 0}")), "no traffic yet");
    }
}

#[test]
fn traffic_validation() {
    let bad = |yaml: &str| {
        let cond: Condition = serde_norway::from_str(yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"));
        cond.validate(&BTreeSet::new()).expect_err(yaml)
    };
    assert!(bad("traffic: {service: web}").contains("at least one of"));
    assert!(bad("traffic: {image: '*:blue'}").contains("`image` and `share` go together"));
    assert!(bad("traffic: {share: 50}").contains("`image` and `share` go together"));
    assert!(bad("traffic: {image: '*', share: 150}").contains("percentage"));
    assert!(serde_norway::from_str::<Condition>("traffic: {rate: 5}").is_err());
    assert!(serde_norway::from_str::<Condition>("traffic: {pods: many}").is_err());
}
