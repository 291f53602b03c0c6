//! Measures session snapshots for a chapter-size lab (20 pods behind two Services, two busybox
//! `wget` loops) after 1, 8 and 24 simulated hours: the snapshot's size (and its largest parts),
//! the time to take it, and the time to restore from it (natively). Hours to measure may be
//! given as arguments; `--replay` also times a restore by replaying the whole log.
//!
//! `cargo run --release -p kubelab-lab --example snapshot_size [--replay] [HOURS...]`

use kubelab_lab::{builtin, Restoring, Session};
use std::time::Instant;

fn lab() -> Session {
    let exercise = builtin("playground").expect("shipped").load().expect("loads");
    let mut s = Session::new(exercise).expect("starts");
    for line in [
        "kubectl create deployment web --image=nginx:1.25 --replicas=10 --port=80",
        "kubectl create deployment hello --image=karthequian/helloworld:blue --replicas=10 --port=80",
        "kubectl expose deployment web --port=80",
        "kubectl expose deployment hello --port=80",
        "sleep 30",
        "kubectl run load-1 --image=busybox:1.28 --restart=Never -- /bin/sh -c \"while sleep 0.1; do wget -q -O- http://web/; done\"",
        "kubectl run load-2 --image=busybox:1.28 --restart=Never -- /bin/sh -c \"while sleep 0.1; do wget -q -O- http://hello/; done\"",
        "kubectl autoscale deployment web --min=10 --max=12",
    ] {
        s.run(line);
    }
    s
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let replay = args.iter().any(|a| a == "--replay");
    let mut hours: Vec<u64> = args.iter().filter_map(|a| a.parse().ok()).collect();
    if hours.is_empty() {
        hours = vec![1, 8, 24];
    }
    let mut s = lab();
    let mut at = 0;
    for h in hours {
        let t = Instant::now();
        s.step_clock((h - at) * 3600);
        at = h;
        let stepped = t.elapsed();
        // An input every hour keeps a log tail worth replaying.
        s.run("kubectl get pods");
        let t = Instant::now();
        let snap = s.snapshot();
        let take = t.elapsed();
        if let Ok(path) = std::env::var("SNAPSHOT_OUT") {
            let _ = std::fs::write(format!("{path}.{h}h"), &snap);
        }
        let saved = s.save();
        let t = Instant::now();
        let plain = serde_json::to_string(s.cluster()).expect("json");
        let plain_write = t.elapsed();
        let t = Instant::now();
        let value: serde_json::Value = serde_json::from_str(&plain).expect("json");
        let plain_value = t.elapsed();
        let t = Instant::now();
        let _back: kubelab_sim::Cluster = serde_json::from_value(value).expect("cluster");
        println!(
            "       plain cluster JSON {} bytes: written in {:.1} ms, parsed to a value in {:.1} ms, then to a cluster in {:.1} ms",
            plain.len(),
            plain_write.as_secs_f64() * 1e3,
            plain_value.as_secs_f64() * 1e3,
            t.elapsed().as_secs_f64() * 1e3
        );
        let t = Instant::now();
        let restored = Restoring::start(s.exercise().clone(), &saved, Some(&snap)).expect("starts");
        assert!(restored.used_snapshot(), "{:?}", restored.snapshot_refused());
        let restored = restored.finish().expect("restores");
        let restore = t.elapsed();
        assert_eq!(
            serde_json::to_string(restored.cluster()).expect("json"),
            serde_json::to_string(s.cluster()).expect("json")
        );
        println!(
            "{h:>3} h: snapshot {} UTF-16 units ({} bytes as UTF-8), taken in {:.1} ms, restored in {:.1} ms (stepping there took {:.1} s)",
            snap.encode_utf16().count(),
            snap.len(),
            take.as_secs_f64() * 1e3,
            restore.as_secs_f64() * 1e3,
            stepped.as_secs_f64()
        );
        if let Ok(serde_json::Value::Object(parts)) = serde_json::to_value(s.cluster()) {
            let mut sizes: Vec<(usize, String)> = parts
                .iter()
                .map(|(k, v)| (serde_json::to_string(v).map(|j| j.len()).unwrap_or(0), k.clone()))
                .collect();
            sizes.sort_by(|a, b| b.cmp(a));
            let top: Vec<String> = sizes.iter().take(5).map(|(n, k)| format!("{k} {n}")).collect();
            println!("       cluster parts: {}", top.join(", "));
        }
        if replay {
            let t = Instant::now();
            let again = Session::restore(s.exercise().clone(), &saved).expect("replays");
            println!("       replaying the whole log: {:.2} s", t.elapsed().as_secs_f64());
            assert_eq!(again.now(), s.now());
        }
    }
}
