//! The race of deployment strategies: its table for a fixed seed is a golden file (good and
//! erroring v2, the chapter's 10 replicas), and properties of the lanes hold over seeds:
//! Recreate never serves two versions in one second; a canary's share of the requests stays
//! within binomial bounds of its share of the replicas.

use kubelab_lab::race::{self, Lane, RaceConfig, Strategy, V2};
use proptest::prelude::*;
use std::path::Path;

/// Compares `text` with the golden file `name` (rewritten when `UPDATE_GOLDEN=1`).
fn golden(name: &str, text: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, text).expect("writes the golden file");
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
    assert_eq!(text, want, "{} differs (UPDATE_GOLDEN=1 rewrites it)", path.display());
}

fn table(v2: V2) -> String {
    let config = RaceConfig { seed: 1, replicas: 10, v2 };
    let results: Vec<_> = race::race(config).expect("runs").into_iter().map(|(r, _)| r).collect();
    race::table(&config, &results)
}

#[test]
fn the_race_table_with_a_good_v2() {
    let t = table(V2::Good);
    golden("race-seed1-good.txt", &t);
}

#[test]
fn the_race_table_with_an_erroring_v2() {
    let t = table(V2::Errors);
    golden("race-seed1-errors.txt", &t);
}

/// Steps `lane` until `stop` holds for its latest tick (at most the horizon).
fn run_until(lane: &mut Lane, stop: impl Fn(&race::Tick) -> bool) {
    while !lane.finished() {
        lane.step();
        if lane.ticks().last().is_some_and(&stop) {
            break;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn recreate_never_serves_two_versions_at_once(seed in 0u64..1_000_000, replicas in 2u32..=10, bad in any::<bool>()) {
        let v2 = if bad { V2::Errors } else { V2::Good };
        let mut lane = Lane::new(RaceConfig { seed, replicas, v2 }, Strategy::Recreate).expect("lane");
        run_until(&mut lane, |t| t.phase == "done" || t.phase == "rolled back");
        let mut served = std::collections::BTreeSet::new();
        for t in lane.ticks() {
            let versions: Vec<&String> =
                t.requests.iter().filter(|(image, (n, _))| *n > 0 && image.as_str() != kubelab_sim::traffic::UNANSWERED).map(|(i, _)| i).collect();
            prop_assert!(versions.len() <= 1, "second {}: {:?}", t.secs, t.requests);
            let ready: Vec<&String> = t.ready.keys().collect();
            prop_assert!(ready.len() <= 1, "second {}: ready {:?}", t.secs, t.ready);
            served.extend(versions.into_iter().cloned());
        }
        // v2 served; after a rollback, v1 again.
        prop_assert!(served.contains(&lane.config().v2_image()), "{served:?}");
        prop_assert_eq!(served.len(), if bad { 2 } else { 1 }, "{:?}", served);
    }

    #[test]
    fn a_canary_gets_its_share_of_the_replicas(seed in 0u64..1_000_000, replicas in 4u32..=10) {
        let config = RaceConfig { seed, replicas, v2: V2::Good };
        let mut lane = Lane::new(config, Strategy::Canary).expect("lane");
        run_until(&mut lane, |t| t.phase == "scaling up");
        let v2 = config.v2_image();
        let (mut canary, mut all) = (0u64, 0u64);
        for t in lane.ticks().iter().filter(|t| t.phase == "observing") {
            prop_assert_eq!(t.ready.get(&v2).copied(), Some(1));
            for (image, (n, _)) in &t.requests {
                if image.as_str() != kubelab_sim::traffic::UNANSWERED {
                    all += n;
                    if *image == v2 {
                        canary += n;
                    }
                }
            }
        }
        // One canary pod among `replicas + 1`: binomial, within 4.5 standard deviations.
        let p = 1.0 / f64::from(replicas + 1);
        let mean = all as f64 * p;
        let sd = (all as f64 * p * (1.0 - p)).sqrt();
        prop_assert!(all > 2000, "a minute of traffic: {all}");
        prop_assert!((canary as f64 - mean).abs() <= 4.5 * sd, "{canary} of {all}, expected {mean:.0} ± {:.0}", 4.5 * sd);
    }
}
