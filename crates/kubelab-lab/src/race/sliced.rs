//! The race in slices, for a page that must not freeze: [`Race::step`] does a little at a
//! time (builds the next lane, or moves every lane on by a few simulated seconds on one clock),
//! and once every lane reaches the horizon [`Race::table`] is the table [`super::race`] and
//! `kubelab race` print, byte for byte (the lanes are independent, so stepping them in turn
//! changes nothing).

use super::{table, Lane, LaneResult, RaceConfig, Strategy, HORIZON_SECS};

/// The four lanes of one race, built and run a slice at a time.
pub struct Race {
    config: RaceConfig,
    /// Strategies whose lane is not built yet, in [`Strategy::ALL`]'s order.
    pending: Vec<Strategy>,
    lanes: Vec<Lane>,
}

impl Race {
    pub fn new(config: RaceConfig) -> Result<Race, String> {
        config.validate()?;
        Ok(Race { config, pending: Strategy::ALL.to_vec(), lanes: Vec::new() })
    }

    pub fn config(&self) -> &RaceConfig {
        &self.config
    }

    /// One slice: builds the next lane if one is missing (its setup and warm-up), otherwise
    /// moves every lane on by `secs` simulated seconds (at least one). An error is a lane
    /// whose setup failed.
    pub fn step(&mut self, secs: u64) -> Result<(), String> {
        if !self.pending.is_empty() {
            let strategy = self.pending.remove(0);
            self.lanes.push(Lane::new(self.config, strategy)?);
            return Ok(());
        }
        for lane in &mut self.lanes {
            for _ in 0..secs.clamp(1, HORIZON_SECS) {
                if lane.finished() {
                    break;
                }
                lane.step();
            }
            if lane.finished() {
                lane.close();
            }
        }
        Ok(())
    }

    /// Every lane is built and at the horizon.
    pub fn finished(&self) -> bool {
        self.pending.is_empty() && self.lanes.iter().all(Lane::finished)
    }

    /// The lanes built so far, in [`Strategy::ALL`]'s order.
    pub fn lanes(&self) -> &[Lane] {
        &self.lanes
    }

    /// Seconds since the change on the race's clock (every lane is there).
    pub fn secs(&self) -> u64 {
        if !self.pending.is_empty() {
            return 0;
        }
        self.lanes.iter().map(Lane::secs).min().unwrap_or(0).min(HORIZON_SECS)
    }

    /// Work done and work in all, in lane-seconds (building a lane counts as one second).
    pub fn progress(&self) -> (u64, u64) {
        let per_lane = HORIZON_SECS + 1;
        let done: u64 = self.lanes.iter().map(|l| 1 + l.secs().min(HORIZON_SECS)).sum();
        (done, per_lane * Strategy::ALL.len() as u64)
    }

    /// The table, once finished.
    pub fn table(&self) -> Option<String> {
        if !self.finished() {
            return None;
        }
        let results: Vec<LaneResult> = self.lanes.iter().map(|l| l.result().clone()).collect();
        Some(table(&self.config, &results))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{race, V2};
    use super::*;

    #[test]
    fn a_race_in_slices_prints_the_same_table() {
        let config = RaceConfig { seed: 5, replicas: 2, v2: V2::Errors };
        let whole = race(config).expect("race");
        let want = table(&config, &whole.iter().map(|(r, _)| r.clone()).collect::<Vec<_>>());
        let mut sliced = Race::new(config).expect("config");
        let mut slices = 0;
        let mut last = (0, 0);
        while !sliced.finished() {
            assert!(sliced.table().is_none());
            sliced.step(7).expect("lane");
            let p = sliced.progress();
            assert!(p.0 > last.0 && p.0 <= p.1, "progress moves on: {last:?} then {p:?}");
            last = p;
            slices += 1;
            assert!(slices < 1000, "bounded");
        }
        assert_eq!(last.0, last.1);
        assert_eq!(sliced.secs(), HORIZON_SECS);
        assert_eq!(sliced.table().as_deref(), Some(want.as_str()));
        for (lane, (_, ticks)) in sliced.lanes().iter().zip(&whole) {
            assert_eq!(lane.ticks(), &ticks[..], "{:?}: the same seconds", lane.strategy);
        }
    }

    #[test]
    fn bad_configs_are_refused() {
        assert!(Race::new(RaceConfig { seed: 1, replicas: 0, v2: V2::Good }).is_err());
    }
}
