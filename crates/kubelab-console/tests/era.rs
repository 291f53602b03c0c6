//! Each profile's `Era` says what its kubectl prints: these tests run the commands in both
//! profiles and compare what the console prints with the era's facts, so an era field cannot
//! drift from the behaviour it names.

use kubelab_console::{Console, ConsoleConfig, Era, NoFiles, Output, Profile};

fn console(profile: Profile) -> Console {
    Console::new(ConsoleConfig { seed: 1, profile }, Box::new(NoFiles))
}

#[track_caller]
fn ok(c: &mut Console, input: &str) -> Output {
    let out = c.run(input);
    assert_eq!(out.exit_code, 0, "{:?} `{input}`: {}", c.profile(), out.stderr);
    out
}

/// Both profiles, each with its era.
fn eras() -> impl Iterator<Item = (Console, &'static Era)> {
    Profile::ALL.into_iter().map(|p| (console(p), p.era()))
}

const TWO_CONTAINERS: &str = "kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: duo
spec:
  containers:
  - name: a
    image: nginx
  - name: b
    image: busybox
    command: [sleep, '3600']
EOF";

#[test]
fn get_with_nothing_to_list() {
    for (mut c, era) in eras() {
        let out = ok(&mut c, "kubectl get deployments");
        assert_eq!(out.stderr, format!("{}\n", era.no_resources(Some("default"))), "{}", era.profile);
    }
}

#[test]
fn version_and_cluster_info() {
    for (mut c, era) in eras() {
        let version = ok(&mut c, "kubectl version").stdout;
        assert_eq!(version.contains("version.Info{Major:\"1\""), era.version_go_struct, "{version}");
        for text in [era.version_git_commit, era.version_build_date, era.version_go] {
            assert!(version.contains(text), "{version} lacks {text}");
        }
        assert_eq!(version.contains("Kustomize Version"), !era.version_kustomize.is_empty(), "{version}");
        assert!(version.contains(era.version_kustomize));
        let info = ok(&mut c, "kubectl cluster-info").stdout;
        let ip = info.split("https://").nth(1).and_then(|s| s.split(':').next()).expect("an address");
        assert_eq!(info, format!("{}\n", era.cluster_info(ip)));
    }
}

#[test]
fn api_resources_header() {
    for (mut c, era) in eras() {
        let out = ok(&mut c, "kubectl api-resources").stdout;
        let header: Vec<&str> = out.lines().next().unwrap_or_default().split_whitespace().collect();
        assert_eq!(header, era.api_resources_header(), "{}", era.profile);
    }
}

#[test]
fn run_deployments_and_replicas() {
    for (mut c, era) in eras() {
        ok(&mut c, "kubectl run web --image=nginx");
        let deployments = c.run("kubectl get deployment web");
        assert_eq!(deployments.exit_code == 0, era.run_creates_deployment, "{}", era.profile);
        let out = c.run("kubectl run many --image=nginx --replicas=2");
        assert_eq!(out.exit_code == 0, era.run_accepts_replicas, "{}: {}", era.profile, out.stderr);
    }
}

#[test]
fn record_and_exec_deprecations() {
    for (mut c, era) in eras() {
        ok(&mut c, "kubectl create deployment web --image=nginx");
        let out = ok(&mut c, "kubectl scale deployment web --replicas=2 --record");
        assert_eq!(out.stderr.contains("Flag --record has been deprecated"), era.record_flag_deprecated);
        let out = c.run("kubectl exec nowhere ls");
        assert_eq!(out.stderr.contains("is DEPRECATED"), era.exec_without_dashdash_deprecated, "{}", out.stderr);
    }
}

#[test]
fn apply_over_a_created_object() {
    let manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: \"1\"";
    for (mut c, era) in eras() {
        ok(&mut c, &format!("kubectl create -f - <<EOF\n{manifest}\nEOF"));
        let out = ok(&mut c, &format!("kubectl apply -f - <<EOF\n{manifest}\nEOF"));
        assert_eq!(out.warnings, era.apply_missing_annotation("configmaps/settings"), "{}", era.profile);
    }
}

#[test]
fn labels_removed() {
    for (mut c, era) in eras() {
        let out = ok(&mut c, "kubectl label namespace default nothere-");
        assert_eq!(
            out.stdout.contains("label \"nothere\" not found."),
            era.label_reports_missing_key,
            "{}",
            out.stdout
        );
        ok(&mut c, "kubectl label namespace default team=a");
        let out = ok(&mut c, "kubectl label namespace default team-");
        assert_eq!(out.stdout.trim_end().ends_with("unlabeled"), era.label_says_unlabeled, "{}", out.stdout);
    }
}

#[test]
fn rollout_status_and_undo() {
    for (mut c, era) in eras() {
        // `create deployment --replicas` came in kubectl 1.19: scale instead, in both eras.
        ok(&mut c, "kubectl create deployment web --image=nginx:1.25");
        ok(&mut c, "kubectl scale deployment web --replicas=2");
        ok(&mut c, "sleep 30");
        ok(&mut c, "kubectl set image deployment/web nginx=nginx:1.27");
        ok(&mut c, "sleep 1");
        let out = c.run("kubectl rollout status deployment/web --watch=false");
        assert!(out.stdout.starts_with(&era.rollout_waiting("web")), "{}: {}", era.profile, out.stdout);
        ok(&mut c, "sleep 30");
        let out = ok(&mut c, "kubectl rollout undo deployment/web");
        assert_eq!(
            out.stdout.trim_end().ends_with(" rolled back"),
            era.rollout_undo_says_rolled_back,
            "{}",
            out.stdout
        );
    }
}

#[test]
fn a_pod_with_two_containers() {
    for (mut c, era) in eras() {
        ok(&mut c, TWO_CONTAINERS);
        ok(&mut c, "sleep 30");
        let out = c.run("kubectl exec duo -- ls");
        assert!(out.stderr.starts_with(&era.defaulted_container("duo", "default", &["a", "b"])), "{}", out.stderr);
        let out = c.run("kubectl logs duo");
        assert_eq!(out.exit_code == 0, era.logs_defaults_container, "{}: {}", era.profile, out.stderr);
    }
}
