//! An exercise can bring an image of its own (`images:` in `exercise.yaml`): here `acme/shop`,
//! whose v2 answers 5 % of requests with HTTP 500 and takes 300 ms per answer. The tests check
//! what a student would see: curl and wget in a pod shell, the pod's log, the traffic counters of
//! a load run (error share and latency), a goal graded on that traffic, and a saved session that
//! replays to the identical cluster. Invalid image specs are refused with the field named.

use kubelab_lab::{Exercise, SavedSession, Session};

const SHOP: &str = r#"
id: shop
title: A shop that sometimes fails
profile: current
seed: 5
images:
  - repository: acme/shop
    tags: [v1, v2]
    ports: [8080]
    service_ms: 300
    errors: {percent: 5, status: 500, body: "oops\n"}
    http:
      - path: /
        body: "acme shop $tag on $hostname\n"
      - path: /health
        body: "ok\n"
    log:
      start: ["shop $tag listening on :$port"]
      access:
        - line: "$remote_addr GET $path $status"
setup:
  - kubectl create deployment shop --image=acme/shop:v2 --replicas=2
  - kubectl expose deployment shop --port=80 --target-port=8080
  - sleep 20
steps:
  - title: Load the shop
    goals:
      - id: loaded
        text: Send load to the shop
        check:
          traffic: {service: shop, min_rate: 50, image: "acme/shop:v2", share: 100}
    solution:
      - kubectl run load --image=busybox:1.28 --restart=Never -- /bin/sh -c "while sleep 0.01; do wget -q -O- http://shop; done"
      - sleep 30
"#;

fn shop() -> Exercise {
    Exercise::load(SHOP, &[]).unwrap_or_else(|e| panic!("{e}"))
}

fn started() -> Session {
    Session::new(shop()).unwrap_or_else(|e| panic!("{e}"))
}

fn shop_pod(s: &Session) -> String {
    let out =
        s.console().cluster().pods().find(|p| p.metadata.name.starts_with("shop-")).map(|p| p.metadata.name.clone());
    out.expect("a shop pod")
}

#[test]
fn the_exercise_image_pulls_and_serves_its_pages() {
    let mut s = started();
    let pods = s.run("kubectl get pods");
    assert_eq!(pods.stdout.matches("Running").count(), 2, "{pods:?}");
    let pod = shop_pod(&s);
    // The generic shell (Debian's bash with curl) in the shop's own container, to the pod's
    // own address and port.
    let ip = s.cluster().pods().find(|p| p.metadata.name == pod).and_then(|p| p.status.pod_ip.clone());
    let url = format!("http://{}:8080/health", ip.expect("a pod IP"));
    let health: Vec<String> = (0..10).map(|_| s.run(&format!("kubectl exec {pod} -- curl -s {url}")).stdout).collect();
    assert!(health.iter().all(|h| h == "ok\n" || h == "oops\n"), "{health:?}");
    assert!(health.iter().any(|h| h == "ok\n"), "{health:?}");
    // Through the Service: the page names the tag and the answering pod; about one in twenty
    // answers is the error page.
    let (mut pages, mut errors) = (0, 0);
    for _ in 0..200 {
        let out = s.run(&format!("kubectl exec {pod} -- curl -s http://shop/"));
        if out.stdout.starts_with("acme shop v2 on shop-") {
            pages += 1;
        } else {
            assert_eq!(out.stdout, "oops\n");
            errors += 1;
        }
    }
    assert!((3..=20).contains(&errors), "{errors} errors in 200 requests");
    assert_eq!(pages + errors, 200);
    // wget in a busybox pod reports the 500 the way busybox does.
    s.run("kubectl run client --image=busybox:1.28 --restart=Never -- sleep 3600");
    s.run("sleep 5");
    let mut seen_500 = false;
    for _ in 0..100 {
        let out = s.run("kubectl exec client -- wget -q -O- http://shop/");
        if out.exit_code != 0 {
            assert!(
                out.stderr.starts_with("wget: server returned error: HTTP/1.1 500 Internal Server Error\n"),
                "{out:?}"
            );
            seen_500 = true;
        }
    }
    assert!(seen_500);
    // The image's log: its start line, then one line per request it served.
    let log = s.run(&format!("kubectl logs {pod}"));
    assert!(log.stdout.starts_with("shop v2 listening on :8080\n"), "{log:?}");
    assert!(log.stdout.contains(" GET / 500\n") && log.stdout.contains(" GET /health 200\n"), "{log:?}");
}

#[test]
fn a_load_run_shows_the_error_share_and_the_latency() {
    let mut s = started();
    assert!(s.progress().met().is_empty(), "nothing is met after setup");
    for line in shop().solution() {
        s.run(line);
    }
    assert!(s.progress().is_met("loaded"), "the traffic goal is met by the solution");
    let traffic = kubelab_sim::traffic::state(s.cluster());
    let mut v2 = kubelab_sim::traffic::Counts::default();
    for sample in traffic.series() {
        if let Some(c) = sample.versions.get("acme/shop:v2") {
            v2.requests += c.requests;
            v2.errors += c.errors;
            v2.latency_ms += c.latency_ms;
        }
    }
    assert!(v2.requests > 1500, "{v2:?}");
    let permille = v2.errors * 1000 / v2.requests;
    assert!((35..=65).contains(&permille), "error share {permille}‰ of {v2:?}");
    assert_eq!(v2.mean_latency_ms(), 300, "{v2:?}");
}

#[test]
fn a_saved_session_with_an_exercise_image_replays_identically() {
    let mut s = started();
    for line in shop().solution() {
        s.run(line);
    }
    let pod = shop_pod(&s);
    s.run(&format!("kubectl exec {pod} -- curl -s http://shop/"));
    let saved = SavedSession::from_json(&s.save().to_json()).expect("readable");
    let restored = Session::restore(shop(), &saved).expect("restores");
    let json = |s: &Session| serde_json::to_string(s.cluster()).expect("serialises");
    assert_eq!(json(&restored), json(&s));
    assert_eq!(restored.cluster().registered_images().count(), 1);
    // The image is part of the fingerprint: a changed spec makes old saves unusable.
    let changed = Exercise::load(&SHOP.replace("percent: 5", "percent: 6"), &[]).expect("loads");
    assert_ne!(changed.fingerprint(), shop().fingerprint());
    assert!(Session::restore(changed, &saved).is_err());
}

#[test]
fn invalid_images_are_refused_with_the_field_named() {
    let err = |from: &str, to: &str| {
        assert!(SHOP.contains(from), "{from}");
        Exercise::load(&SHOP.replace(from, to), &[]).expect_err("refused").to_string()
    };
    assert_eq!(
        err("percent: 5,", "percent: 150,"),
        "shop: images[0] (acme/shop): errors.percent: 150 is not a percentage (0-100)"
    );
    assert_eq!(
        err("status: 500,", "status: 404,"),
        "shop: images[0] (acme/shop): errors.status: 404 is not a server error (500-599)"
    );
    assert_eq!(
        err("ports: [8080]", "ports: [70000]"),
        "shop: images[0] (acme/shop): ports: 70000 is not a port (1-65535)"
    );
    assert_eq!(
        err("repository: acme/shop", "repository: Acme/Shop"),
        "shop: images[0] (Acme/Shop): repository: \"Acme/Shop\" is not a repository name (lowercase letters, digits, '.', '_', '-' and '/'; no tag)"
    );
    assert_eq!(
        err("path: /health", "path: health"),
        "shop: images[0] (acme/shop): http[1].path: \"health\" must start with / (or be *)"
    );
    assert_eq!(
        err("service_ms: 300", "service_ms: 300000"),
        "shop: images[0] (acme/shop): service_ms: 300000 is more than 60000 (a minute)"
    );
    // Typos and wrong types are named by the YAML reader, with where they are.
    let e = err("percent: 5,", "percnt: 5,");
    assert!(e.contains("images[0].errors") && e.contains("unknown field `percnt`"), "{e}");
    let e = err("service_ms: 300", "service_ms: slow");
    assert!(e.contains("images[0].service_ms") && e.contains("invalid type"), "{e}");
    let twice = SHOP.replace("images:\n", "images:\n  - repository: acme/shop\n");
    let e = Exercise::load(&twice, &[]).expect_err("refused").to_string();
    assert_eq!(e, "shop: images[1] (acme/shop): repository: defined twice");
}

#[test]
fn kubectl_exec_finds_the_shell_the_exercise_gives_its_image() {
    let yaml = r#"
id: tiny
title: Images with and without a shell
profile: current
seed: 3
images:
  - repository: acme/distroless
    shell: null
  - repository: acme/box
    shell: {kind: busybox, programs: [wget]}
setup:
  - kubectl run bare --image=acme/distroless --restart=Never
  - kubectl run box --image=acme/box --restart=Never
  - sleep 20
steps:
  - title: Look inside
    goals:
      - id: looked
        text: Run a command in a pod
        check:
          ran: kubectl exec *
"#;
    let mut s =
        Session::new(Exercise::load(yaml, &[]).unwrap_or_else(|e| panic!("{e}"))).unwrap_or_else(|e| panic!("{e}"));
    // No shell in the image: exec finds no program, as with a distroless image.
    let out = s.run("kubectl exec bare -- sh -c 'echo hi'");
    assert_eq!(out.exit_code, 126, "{out:?}");
    assert!(out.stderr.contains("executable file not found"), "{out:?}");
    // A busybox shell with wget but no curl.
    assert_eq!(s.run("kubectl exec box -- echo hi").stdout, "hi\n");
    let curl = s.run("kubectl exec box -- curl -s http://example.com");
    assert_eq!(curl.exit_code, 126, "{curl:?}");
    let open = s.run("kubectl exec -it box -- sh");
    assert_eq!(open.exit_code, 0, "{open:?}");
    assert_eq!(s.console().prompt(), "/ # ");
}
