//! The speed scenarios shared by `benches/speed.rs` and `examples/speed.rs`.

use kubelab_console::{Console, ConsoleConfig, NoFiles, Profile};

/// The scenarios: a name, the setup commands and the simulated seconds to advance.
pub const SCENARIOS: &[(&str, &[&str], u64)] = &[
    ("idle cluster (3 nodes, system pods)", &[], 36_000),
    ("50 nginx pods, no traffic", &["kubectl create deployment web --image=nginx:1.25 --replicas=50"], 3_600),
    ("chapter lab: 20 pods, 2 Services, 2 wget loops", CHAPTER, 600),
];

/// The chapter-size lab: two Deployments of ten behind their Services, and two busybox pods
/// requesting them in a loop (as in the service discovery lab).
pub const CHAPTER: &[&str] = &[
    "kubectl create deployment blue --image=nginx:1.25 --replicas=10",
    "kubectl create deployment green --image=httpd:2.4 --replicas=10",
    "kubectl expose deployment blue --port=80",
    "kubectl expose deployment green --port=80",
    "kubectl run load-blue --image=busybox -- /bin/sh -c 'while true; do wget -q -O- http://blue; sleep 1; done'",
    "kubectl run load-green --image=busybox -- /bin/sh -c 'while true; do wget -q -O- http://green; sleep 1; done'",
];

/// A console after `setup`, with everything up and steady.
pub fn console(setup: &[&str]) -> Console {
    let mut c = Console::new(ConsoleConfig { seed: 1, profile: Profile::Current }, Box::new(NoFiles));
    for line in setup {
        let out = c.run(line);
        assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
    }
    // Everything up and steady.
    c.run("sleep 120");
    c
}
