//! Skipping idle time changes nothing: a cluster that skips the seconds in which nothing is due
//! (`Cluster::run_for` / `advance`) ends exactly as one that steps every second
//! (`Cluster::new_stepping`): same objects, events, resource versions, random streams,
//! controller memory, charts' samples and console output, compared as the cluster's serde JSON
//! after every command of random sessions with random waits, on both profiles.

use kubelab_console::{Console, ConsoleConfig, NoFiles, Profile};
use kubelab_sim::Cluster;
use proptest::prelude::*;
use proptest::test_runner::Config;

fn pair(profile: Profile, seed: u64, metrics_server: bool) -> (Console, Console) {
    let mut config = profile.cluster_config(seed);
    config.metrics_server = metrics_server;
    pair_on(profile, seed, config)
}

fn pair_on(profile: Profile, seed: u64, cluster: kubelab_sim::ClusterConfig) -> (Console, Console) {
    let skipping = Console::with_cluster_config(ConsoleConfig { seed, profile }, Box::new(NoFiles), cluster.clone());
    let mut stepping = Console::new(ConsoleConfig { seed, profile }, Box::new(NoFiles));
    *stepping.cluster_mut() = Cluster::new_stepping(cluster);
    stepping.cluster_mut().set_manifest_decoder(kubelab_console::argocd::decode::for_profile(profile));
    stepping.cluster_mut().set_yaml_reader(kubelab_console::ci::yaml);
    (skipping, stepping)
}

fn state(c: &Console) -> String {
    serde_json::to_string(c.cluster()).expect("the cluster serializes")
}

/// Runs `lines` on both and compares output and state after each.
fn same(profile: Profile, seed: u64, lines: &[String]) -> Result<(), String> {
    same_with(profile, seed, false, lines)
}

/// `same`, on clusters that start with metrics-server (`ClusterConfig::metrics_server`) or not.
fn same_with(profile: Profile, seed: u64, metrics_server: bool, lines: &[String]) -> Result<(), String> {
    same_cfg(profile, seed, lines, None, metrics_server)
}

/// `same` on a cluster preset (`cloud`: node groups and the Cluster Autoscaler).
fn same_on(profile: Profile, seed: u64, lines: &[String], preset: Option<&str>) -> Result<(), String> {
    same_cfg(profile, seed, lines, preset, false)
}

fn same_cfg(
    profile: Profile,
    seed: u64,
    lines: &[String],
    preset: Option<&str>,
    metrics_server: bool,
) -> Result<(), String> {
    let (mut a, mut b) = match preset {
        Some(name) => pair_on(profile, seed, profile.cluster_preset(seed, name)?),
        None => pair(profile, seed, metrics_server),
    };
    if state(&a) != state(&b) {
        return Err("the fresh clusters differ".into());
    }
    for (i, line) in lines.iter().enumerate() {
        if let Some(kind) = line.strip_prefix("@ci-push ") {
            ci_push(&mut a, kind, i);
            ci_push(&mut b, kind, i);
            continue;
        }
        let (oa, ob) = (a.run(line), b.run(line));
        if (&oa.stdout, &oa.stderr, oa.exit_code) != (&ob.stdout, &ob.stderr, ob.exit_code) {
            return Err(format!("output of line {i} `{line}` differs:\n{oa:?}\nvs\n{ob:?}"));
        }
        let (sa, sb) = (state(&a), state(&b));
        if sa != sb {
            let at = sa.bytes().zip(sb.bytes()).position(|(x, y)| x != y).unwrap_or(0);
            let from = at.saturating_sub(300);
            return Err(format!(
                "state after line {i} `{line}` differs at byte {at}:\nskipping: {}\nstepping: {}",
                &sa[from..(at + 300).min(sa.len())],
                &sb[from..(at + 300).min(sb.len())]
            ));
        }
    }
    Ok(())
}

/// A workflow of the chapter's four stages; `deploy` adds the push model's job (a KUBECONFIG
/// secret and `kubectl set image` of Deployment `web`).
fn ci_workflow(deploy: bool) -> String {
    let mut w = String::from("name: CI\non: push\nenv:\n  IMAGE: registry.lab/app\n  CONFIG_REPO: team/cfg\njobs:\n  test:\n    steps:\n    - run: make test\n  build:\n    needs: test\n    steps:\n    - run: docker build .\n  scan:\n    needs: build\n    steps:\n    - run: trivy image --exit-code 1 x\n  publish:\n    needs: scan\n    steps:\n    - run: docker push\n    - run: gh pr create\n");
    if deploy {
        w.push_str("  deploy:\n    needs: publish\n    env:\n      KUBECONFIG: ${{ secrets.KUBECONFIG }}\n    steps:\n    - run: kubectl set image deployment/web nginx=$IMAGE:${GITHUB_SHA::7}\n");
    }
    w
}

/// `@ci-push good|bad|deploy`: a push to an application repository with a pipeline (and its
/// configuration repository), as the Git host receives it; `bad` fails its test.
fn ci_push(c: &mut Console, kind: &str, i: usize) {
    let greeting = if kind == "bad" { format!("Bye {i}\n") } else { format!("Hello {i}\n") };
    let workflow = ci_workflow(kind == "deploy");
    let app = "tests:\n- name: TestHello\n  file: greeting.txt\n  contains: Hello\n";
    let files = [
        (".github/workflows/ci.yaml", workflow.as_str()),
        ("app.yaml", app),
        ("Dockerfile", "FROM alpine:3.20\n"),
        ("greeting.txt", greeting.as_str()),
    ];
    c.cluster_mut().git_write(|f, now| {
        if f.repo("https://git.lab/team/cfg.git").is_none() {
            f.put_files(
                "https://git.lab/team/cfg.git",
                "main",
                &[("d.yaml", "image: registry.lab/app:v1\n")],
                "a",
                "init",
                now,
            );
        }
        f.put_files("https://git.lab/team/app.git", "main", &files, "dev", "change", now);
    });
}

fn manifest(yaml: &str) -> String {
    format!("kubectl apply -f - <<EOF\n{yaml}\nEOF")
}

/// Commands that start things with timers: probes (steady, failing), minReadySeconds, progress
/// deadlines, pull failures, crash loops, Jobs with back-off and TTL, CronJobs, HPAs, Services
/// with load, claims waiting for a consumer, StatefulSets, DaemonSets, Ingresses, cordons,
/// Argo Rollouts' pauses and analyses.
fn commands() -> Vec<String> {
    let mut v: Vec<String> = [
        // Argo CD: its install, an automated app over a repository that does not exist (Unknown,
        // polled every 120 s + jitter); the full story is `argocd_polls_syncs_and_heals_identically`.
        "kubectl create namespace argocd",
        "kubectl apply -n argocd -f https://raw.githubusercontent.com/argoproj/argo-cd/stable/manifests/install.yaml",
        "argocd app create web --repo https://git.lab/team/none.git --path k8s --dest-server https://kubernetes.default.svc --dest-namespace default --sync-policy automated --self-heal",
        "kubectl create deployment web --image=nginx:1.25",
        // CI: pushes that run a pipeline (a green run that pushes an image and opens a pull
        // request, a failing test, the push model setting web's image).
        "@ci-push good",
        "@ci-push bad",
        "@ci-push deploy",
        "kubectl scale deployment web --replicas=4",
        "kubectl scale deployment web --replicas=1",
        "kubectl set image deployment/web nginx=nginx:1.26",
        "kubectl set image deployment/web nginx=nginx:nope",
        "kubectl rollout undo deployment/web",
        "kubectl delete pod -l app=web",
        "kubectl expose deployment web --port=80",
        "kubectl autoscale deployment web --min=2 --max=5",
        "kubectl run crash --image=busybox -- /bin/sh -c 'exit 1'",
        "kubectl run badimage --image=nginx:doesnotexist",
        "kubectl run load --image=busybox -- /bin/sh -c 'while true; do wget -q -O- http://web; sleep 1; done'",
        "kubectl delete pod load --now",
        "kubectl create job pi --image=perl:5.34 -- perl -Mbignum=bpi -wle 'print bpi(20)'",
        "kubectl create job fails --image=busybox -- /bin/sh -c 'exit 3'",
        "kubectl create cronjob tick --image=busybox --schedule='*/2 * * * *' -- echo hi",
        "kubectl delete cronjob tick",
        "kubectl cordon node01",
        "kubectl uncordon node01",
        "kubectl delete deployment web",
        "kubectl get pods",
        "kubectl get events",
        // metrics-server scrapes every 15 s; php-apache under a wget loop is throttled at its
        // CPU limit and OOM-killed past its memory limit.
        "kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml",
        "kubectl create deployment php --image=registry.k8s.io/hpa-example",
        "kubectl set resources deployment php --limits=cpu=500m,memory=60Mi --requests=cpu=200m",
        "kubectl expose deployment php --port=80",
        "kubectl run hammer --image=busybox -- /bin/sh -c 'while sleep 0.01; do wget -q -O- http://php; done'",
        "kubectl delete pod hammer --now",
        "kubectl top pods -A",
        "kubectl top nodes",
        "kubectl -n kube-system delete deployment metrics-server",
        // Releases that misbehave (images.rs variants): a crash some minutes after each start,
        // a readiness endpoint answering 503.
        "kubectl create deployment rel --image=registry.lab/my-app:v2.0.0-crash --replicas=2",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push(manifest(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: unready\nspec:\n  selector:\n    matchLabels:\n      app: unready\n  template:\n    metadata:\n      labels:\n        app: unready\n    spec:\n      containers:\n      - name: c\n        image: registry.lab/my-app:v2.0.0-unready\n        readinessProbe:\n          httpGet:\n            port: 8080\n          periodSeconds: 4",
    ));
    v.push(manifest(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: probed\nspec:\n  replicas: 2\n  minReadySeconds: 7\n  progressDeadlineSeconds: 40\n  selector:\n    matchLabels:\n      app: probed\n  template:\n    metadata:\n      labels:\n        app: probed\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.25\n        readinessProbe:\n          httpGet:\n            port: 80\n          periodSeconds: 3\n          successThreshold: 2\n        livenessProbe:\n          tcpSocket:\n            port: 80\n          periodSeconds: 7",
    ));
    v.push(manifest(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: never\nspec:\n  replicas: 1\n  progressDeadlineSeconds: 30\n  selector:\n    matchLabels:\n      app: never\n  template:\n    metadata:\n      labels:\n        app: never\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.25\n        readinessProbe:\n          httpGet:\n            port: 8080\n          periodSeconds: 5\n        livenessProbe:\n          exec:\n            command: [\"false\"]\n          periodSeconds: 11\n          failureThreshold: 2",
    ));
    v.push(manifest(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ttl\nspec:\n  ttlSecondsAfterFinished: 50\n  activeDeadlineSeconds: 500\n  backoffLimit: 2\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox\n        command: [\"sh\", \"-c\", \"exit 1\"]",
    ));
    v.push(manifest(
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: waiting\n  resources:\n    requests:\n      storage: 1Gi",
    ));
    v.push(manifest(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  replicas: 2\n  minReadySeconds: 5\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.25",
    ));
    v.push(manifest(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  minReadySeconds: 9\n  selector:\n    matchLabels:\n      app: agent\n  template:\n    metadata:\n      labels:\n        app: agent\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.25",
    ));
    // The Cluster Autoscaler's timers (on a cloud cluster): pods that do not fit, a budget,
    // scaling back down.
    v.push("kubectl create deployment big --image=nginx:1.25 --replicas=3".into());
    v.push("kubectl set resources deployment big --requests=cpu=800m".into());
    v.push("kubectl scale deployment big --replicas=1".into());
    v.push("kubectl create pdb web --selector=app=web --min-available=1".into());
    // A pod with local storage keeps its node until annotated safe to evict (the autoscaler
    // lab); metrics-server as the course era installed it (v0.3.1's deploy/1.8+ files).
    v.push(manifest(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\nspec:\n  selector:\n    matchLabels:\n      app: cart\n  template:\n    metadata:\n      labels:\n        app: cart\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.25\n        resources:\n          requests:\n            cpu: 300m\n        volumeMounts:\n        - name: s\n          mountPath: /s\n      volumes:\n      - name: s\n        emptyDir: {}",
    ));
    v.push("kubectl annotate pod -l app=cart cluster-autoscaler.kubernetes.io/safe-to-evict=true".into());
    v.push("kubectl apply -f https://raw.githubusercontent.com/kubernetes-incubator/metrics-server/v0.3.1/deploy/1.8+/metrics-server-deployment.yaml -f https://raw.githubusercontent.com/kubernetes-incubator/metrics-server/v0.3.1/deploy/1.8+/metrics-server-service.yaml".into());
    v.push(manifest(
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: front\nspec:\n  rules:\n  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: web\n            port:\n              number: 80",
    ));
    v.push(manifest(
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: probed\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: probed\n  minReplicas: 1\n  maxReplicas: 4\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 20\n      policies:\n      - type: Pods\n        value: 1\n        periodSeconds: 10",
    ));
    v.extend(argo_rollouts());
    v
}

/// Argo Rollouts (the addon): a canary whose steps pause for a while, are measured by an
/// analysis every few seconds (against a load), pause indefinitely, and are promoted.
fn argo_rollouts() -> Vec<String> {
    let mut v: Vec<String> = [
        "kubectl create namespace argo-rollouts",
        "kubectl apply -n argo-rollouts -f https://github.com/argoproj/argo-rollouts/releases/latest/download/install.yaml",
        "kubectl create service clusterip ro --tcp=80:8080",
        "kubectl run roload --image=busybox -- /bin/sh -c 'while sleep 0.05; do wget -q -O- http://ro; done'",
        "kubectl argo rollouts set image ro ro=registry.lab/my-app:v2.0.0-errors",
        "kubectl argo rollouts set image ro ro=registry.lab/my-app:v2.0.0",
        "kubectl argo rollouts set image ro ro=registry.lab/my-app:v1.0.0",
        "kubectl argo rollouts promote ro",
        "kubectl argo rollouts abort ro",
        "kubectl argo rollouts retry rollout ro",
        "kubectl argo rollouts get rollout ro",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push(manifest(
        "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: errors\nspec:\n  metrics:\n  - name: errors\n    interval: 7s\n    count: 3\n    initialDelay: 4s\n    successCondition: result <= 0.05\n    failureLimit: 1\n    provider:\n      plugin:\n        kubelab/traffic:\n          metric: error-rate",
    ));
    v.push(manifest(
        "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: ro\nspec:\n  replicas: 4\n  selector:\n    matchLabels:\n      app: ro\n  template:\n    metadata:\n      labels:\n        app: ro\n    spec:\n      containers:\n      - name: ro\n        image: registry.lab/my-app:v1.0.0\n  strategy:\n    canary:\n      steps:\n      - setWeight: 25\n      - pause: {duration: 23s}\n      - analysis:\n          templates:\n          - templateName: errors\n      - setWeight: 50\n      - pause: {}\n      - setWeight: 75\n      - pause: {duration: 1m}",
    ));
    v
}

/// The Argo Rollouts pool in order, with waits across its pauses and measurements.
#[test]
fn argo_rollouts_pause_and_measure_identically() {
    let mut lines = Vec::new();
    let cmds = argo_rollouts();
    let (setup, plugin) = cmds.split_at(4);
    for c in setup.iter().chain(&cmds[cmds.len() - 2..]) {
        lines.push(c.clone());
        lines.push("sleep 13".into());
    }
    for c in plugin.iter().take(plugin.len() - 2) {
        lines.push(c.clone());
        for s in ["sleep 3", "sleep 29", "sleep 61"] {
            lines.push(s.into());
            lines.push("kubectl argo rollouts get rollout ro".into());
        }
    }
    if let Err(e) = same(Profile::Current, 7, &lines) {
        panic!("{e}");
    }
}

fn waits() -> impl Strategy<Value = String> {
    prop::sample::select(vec![1u64, 2, 3, 5, 8, 13, 30, 61, 95, 300, 700]).prop_map(|s| format!("sleep {s}"))
}

/// 12 cases per profile in the test command; `PROPTEST_CASES=N` for a longer hunt.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(12)
}

fn sessions() -> impl Strategy<Value = Vec<String>> {
    let cmds = commands();
    prop::collection::vec(prop_oneof![3 => prop::sample::select(cmds), 2 => waits()], 1..14)
}

proptest! {
    #![proptest_config(Config { cases: cases(), failure_persistence: None, ..Config::default() })]

    #[test]
    fn skipping_idle_seconds_equals_stepping_current(lines in sessions(), seed in 0u64..1000) {
        if let Err(e) = same(Profile::Current, seed, &lines) {
            return Err(TestCaseError::fail(e));
        }
    }

    #[test]
    fn skipping_idle_seconds_equals_stepping_cloud(lines in sessions(), seed in 0u64..1000) {
        if let Err(e) = same_on(Profile::Current, seed, &lines, Some("cloud")) {
            return Err(TestCaseError::fail(e));
        }
    }

    #[test]
    fn skipping_idle_seconds_equals_stepping_course(lines in sessions(), seed in 0u64..1000) {
        if let Err(e) = same(Profile::Course, seed, &lines) {
            return Err(TestCaseError::fail(e));
        }
    }
}

/// Every command of the pool, with waits long enough for back-offs, deadlines, TTLs, the HPA's
/// syncs, CronJob schedules and event expiry (an hour) to pass while skipping.
#[test]
fn every_timer_kind_passes_identically_over_two_hours() {
    for profile in [Profile::Current, Profile::Course] {
        let mut lines = Vec::new();
        for c in commands() {
            lines.push(c);
            lines.push("sleep 37".into());
        }
        lines.push("sleep 3700".into());
        lines.push("kubectl get events -A".into());
        lines.push("sleep 1900".into());
        if let Err(e) = same(profile, 11, &lines) {
            panic!("{profile:?}: {e}");
        }
        if profile == Profile::Current {
            if let Err(e) = same_on(profile, 11, &lines, Some("cloud")) {
                panic!("cloud: {e}");
            }
        }
    }
}

/// A cluster that starts with metrics-server, under load that is throttled and OOM-killed, with
/// the scrapes, the kills and the restarts' back-off passing while skipping.
#[test]
fn metrics_server_scrapes_and_oom_kills_identically() {
    let lines: Vec<String> = [
        "kubectl top nodes",
        "kubectl create deployment php --image=registry.k8s.io/hpa-example",
        "kubectl set resources deployment php --limits=cpu=500m,memory=60Mi --requests=cpu=200m",
        "kubectl expose deployment php --port=80",
        "sleep 40",
        "kubectl top pods",
        "kubectl run hammer --image=busybox -- /bin/sh -c 'while sleep 0.01; do wget -q -O- http://php; done'",
        "sleep 95",
        "kubectl top pods",
        "kubectl get pods",
        "kubectl set resources deployment php --limits=cpu=500m,memory=200Mi",
        "sleep 61",
        "kubectl top pods -A",
        "kubectl delete pod hammer --now",
        "sleep 300",
        "kubectl top pods",
        "kubectl -n kube-system delete deployment metrics-server",
        "sleep 30",
        "kubectl top nodes",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for profile in [Profile::Current, Profile::Course] {
        if let Err(e) = same_with(profile, 5, true, &lines) {
            panic!("{profile:?}: {e}");
        }
    }
}

/// Argo CD with an automated, self-healing app over a repository: its sync, a drift reverted
/// after 5 s, pushes seen by webhook and (webhook off) by polling every 120 s + jitter, a prune.
#[test]
fn argocd_polls_syncs_and_heals_identically() {
    const REPO: &str = "https://git.lab/team/app-config.git";
    let deploy = |replicas: u32, image: &str| {
        format!("{{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{{\"name\":\"web\"}},\"spec\":{{\"replicas\":{replicas},\"selector\":{{\"matchLabels\":{{\"app\":\"web\"}}}},\"template\":{{\"metadata\":{{\"labels\":{{\"app\":\"web\"}}}},\"spec\":{{\"containers\":[{{\"name\":\"web\",\"image\":\"{image}\"}}]}}}}}}}}")
    };
    let svc = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"web\"},\"spec\":{\"selector\":{\"app\":\"web\"},\"ports\":[{\"port\":80}]}}";
    let (mut a, mut b) = pair(Profile::Current, 3, false);
    let run = |a: &mut Console, b: &mut Console, line: &str| {
        let (oa, ob) = (a.run(line), b.run(line));
        assert_eq!((&oa.stdout, &oa.stderr), (&ob.stdout, &ob.stderr), "{line}");
        assert!(state(a) == state(b), "state after `{line}` differs");
    };
    let push = |c: &mut Console, files: &[(&str, String)]| {
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        c.cluster_mut().git_write(|f, now| f.put_files(REPO, "main", &files, "dev", "change", now));
    };
    for line in [
        "kubectl create namespace argocd",
        "kubectl apply -n argocd -f https://raw.githubusercontent.com/argoproj/argo-cd/stable/manifests/install.yaml",
        "sleep 61",
    ] {
        run(&mut a, &mut b, line);
    }
    let first = vec![("k8s/d.json", deploy(2, "nginx:1.25")), ("k8s/s.json", svc.to_string())];
    push(&mut a, &first);
    push(&mut b, &first);
    for line in [
        "argocd app create web --repo https://git.lab/team/app-config.git --path k8s --dest-server https://kubernetes.default.svc --dest-namespace default --sync-policy automated --self-heal",
        "sleep 30",
        "kubectl scale deployment web --replicas=5",
        "sleep 2",
        "sleep 9",
        "argocd app get web",
    ] {
        run(&mut a, &mut b, line);
    }
    a.cluster_mut().set_argocd_webhooks(false);
    b.cluster_mut().set_argocd_webhooks(false);
    let second = vec![("k8s/d.json", deploy(3, "nginx:1.26"))];
    push(&mut a, &second);
    push(&mut b, &second);
    for line in [
        "sleep 95",
        "sleep 95",
        "argocd app get web",
        "argocd app set web --auto-prune",
        "sleep 700",
        "argocd app history web",
    ] {
        run(&mut a, &mut b, line);
    }
    let out = a.run("kubectl get deployment web -o jsonpath={.spec.replicas}");
    assert_eq!(out.stdout, "3", "the poll picked the push up");
}
