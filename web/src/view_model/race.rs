//! The race view's lanes as chart series, with no Yew: for each lane, pods by version and
//! requests by version per second since the change (x), on the race's one clock; requests
//! nobody answered and failed requests as their own lines.

use kubelab_lab::race::{Lane, Tick};
use kubelab_sim::traffic::UNANSWERED;
use std::collections::BTreeMap;

/// A line of a lane's chart.
#[derive(Clone, Debug, PartialEq)]
pub struct RaceLine {
    /// `v1.0.0`, `v2.0.0-errors`, `no pod`, `failed`.
    pub label: String,
    pub colour: &'static str,
    pub width: u32,
    pub points: Vec<(f64, f64)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LaneView {
    pub strategy: &'static str,
    /// The operator's phase now (`waiting`, `observing`, `done`, `rolled back`, ...).
    pub phase: &'static str,
    pub pods: Vec<RaceLine>,
    pub requests: Vec<RaceLine>,
    /// The operator's commands so far: (second, line).
    pub commands: Vec<(u64, String)>,
}

const V1: &str = "#0072B2";
const V2: &str = "#E69F00";
const NONE: &str = "#D55E00";
const FAILED: &str = "#000000";

fn tag(image: &str) -> String {
    if image == UNANSWERED {
        return "no pod".into();
    }
    image.rsplit_once(':').map_or(image, |(_, t)| t).to_string()
}

fn colour(label: &str) -> &'static str {
    if label.starts_with("v1") {
        V1
    } else if label == "no pod" {
        NONE
    } else {
        V2
    }
}

/// The lines of `ticks`: one per version, a point per second (0 where the version had none).
fn lines(ticks: &[Tick], value: impl Fn(&Tick) -> BTreeMap<String, f64>, width: u32) -> Vec<RaceLine> {
    let per_tick: Vec<(f64, BTreeMap<String, f64>)> = ticks.iter().map(|t| (t.secs as f64, value(t))).collect();
    let mut labels: Vec<String> = per_tick.iter().flat_map(|(_, m)| m.keys().cloned()).collect();
    kubelab_sim::sort::natural(&mut labels);
    labels.dedup();
    labels
        .into_iter()
        .map(|label| RaceLine {
            colour: colour(&label),
            width,
            points: per_tick.iter().map(|(x, m)| (*x, m.get(&label).copied().unwrap_or(0.0))).collect(),
            label,
        })
        .collect()
}

pub fn lane_view(lane: &Lane) -> LaneView {
    let ticks = lane.ticks();
    let pods = lines(ticks, |t| t.pods.iter().map(|(img, n)| (tag(img), f64::from(*n))).collect(), 2);
    let mut requests = lines(ticks, |t| t.requests.iter().map(|(img, (r, _))| (tag(img), *r as f64)).collect(), 2);
    let failed: Vec<(f64, f64)> =
        ticks.iter().map(|t| (t.secs as f64, t.requests.values().map(|(_, e)| *e as f64).sum())).collect();
    if failed.iter().any(|p| p.1 > 0.0) {
        requests.push(RaceLine { label: "failed".into(), colour: FAILED, width: 1, points: failed });
    }
    LaneView {
        strategy: lane.strategy.name(),
        phase: ticks.last().map_or("start", |t| t.phase),
        pods,
        requests,
        commands: lane.result().commands.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubelab_lab::race::{Race, RaceConfig, V2 as Bad};

    #[test]
    fn lanes_show_pods_and_requests_by_version_on_one_clock() {
        let mut race = Race::new(RaceConfig { seed: 1, replicas: 2, v2: Bad::Good }).expect("race");
        while race.lanes().len() < 4 {
            race.step(1).expect("lane");
        }
        for _ in 0..12 {
            race.step(10).expect("step");
        }
        let views: Vec<LaneView> = race.lanes().iter().map(lane_view).collect();
        assert_eq!(
            views.iter().map(|v| v.strategy).collect::<Vec<_>>(),
            ["Recreate", "RollingUpdate", "BlueGreen", "Canary"]
        );
        for v in &views {
            let last_x = |ls: &[RaceLine]| ls.iter().filter_map(|l| l.points.last()).map(|p| p.0).fold(0.0, f64::max);
            assert_eq!(last_x(&v.pods), 120.0, "{}: one clock", v.strategy);
            // (Recreate's v1 pods are gone in its first second.)
            if v.strategy != "Recreate" {
                assert!(v.pods.iter().any(|l| l.label == "v1.0.0" && l.colour == V1), "{}: {:?}", v.strategy, v.pods);
                assert!(v.requests.iter().any(|l| l.label == "v1.0.0" && l.points.iter().any(|p| p.1 > 0.0)));
            }
            assert!(v.pods.iter().any(|l| l.label == "v2.0.0"), "{}: {:?}", v.strategy, v.pods);
            assert!(!v.commands.is_empty());
        }
        // Recreate stops every v1 pod before v2 starts: seconds with no pod answering.
        assert!(views[0].requests.iter().any(|l| l.label == "no pod"), "{:?}", views[0].requests);
    }
}
