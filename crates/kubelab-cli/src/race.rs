//! `kubelab race [--seed N] [--replicas N] [--v2 good|errors|slow|crash|unready]`: the four
//! deployment strategies raced headless ([`kubelab_lab::race`]), printed as one table row per
//! strategy on stdout; how long the simulation took (wall time per simulated minute) goes to
//! stderr, since it is the one thing that differs between runs.

use kubelab_lab::race::{self, RaceConfig, Strategy, HORIZON_SECS, V2};
use std::ffi::OsString;
use std::time::Instant;

/// Parses the arguments after `race`.
pub fn parse(args: impl Iterator<Item = OsString>) -> Result<Option<RaceConfig>, String> {
    let mut config = RaceConfig { seed: 1, replicas: 10, v2: V2::Good };
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let text = arg.to_str().ok_or_else(|| format!("invalid argument '{}' for race", arg.to_string_lossy()))?;
        let (flag, inline) = match text.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (text, None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match inline.clone() {
                Some(v) => Ok(v),
                None => args.next().and_then(|v| v.into_string().ok()).ok_or(format!("{name} needs a value")),
            }
        };
        match flag {
            "-h" | "--help" => return Ok(None),
            "--seed" => {
                let raw = value("--seed")?;
                config.seed = raw.trim().parse().map_err(|_| format!("invalid value '{raw}' for --seed"))?;
            }
            "--replicas" => {
                let raw = value("--replicas")?;
                config.replicas = raw.trim().parse().map_err(|_| format!("invalid value '{raw}' for --replicas"))?;
            }
            "--v2" => {
                let raw = value("--v2")?;
                config.v2 = V2::parse(raw.trim())
                    .ok_or(format!("invalid value '{raw}' for --v2: expected good, errors, slow, crash or unready"))?;
            }
            other => return Err(format!("unknown option '{other}' for race")),
        }
    }
    config.validate()?;
    Ok(Some(config))
}

/// Runs the race; the table (stdout) and the timing (stderr), or why it could not run.
pub fn run(config: RaceConfig) -> Result<(String, String), String> {
    let mut results = Vec::new();
    let mut timing = String::new();
    let mut total = 0.0;
    for strategy in Strategy::ALL {
        let start = Instant::now();
        let lane = race::Lane::new(config, strategy)?;
        let simulated = lane.warm_up_secs() + HORIZON_SECS;
        let (result, _) = lane.run();
        let wall = start.elapsed().as_secs_f64();
        total += wall;
        let minutes = simulated as f64 / 60.0;
        timing.push_str(&format!(
            "# {}: {:.2} s wall for {minutes:.1} simulated minutes (setup, warm-up, 10 after the change): {:.0} ms per simulated minute\n",
            strategy.name(),
            wall,
            wall * 1000.0 / minutes
        ));
        results.push(result);
    }
    timing.push_str(&format!("# total: {total:.2} s\n"));
    Ok((race::table(&config, &results), timing))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Option<RaceConfig>, String> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn defaults_and_flags() {
        assert_eq!(parse_strs(&[]), Ok(Some(RaceConfig { seed: 1, replicas: 10, v2: V2::Good })));
        assert_eq!(
            parse_strs(&["--seed", "7", "--replicas=4", "--v2", "errors"]),
            Ok(Some(RaceConfig { seed: 7, replicas: 4, v2: V2::Errors }))
        );
        assert_eq!(parse_strs(&["--help"]), Ok(None));
    }

    #[test]
    fn bad_values_are_refused_naming_the_flag() {
        for (args, needle) in [
            (&["--v2", "worse"][..], "--v2"),
            (&["--replicas", "0"][..], "--replicas must be 1 to 50"),
            (&["--replicas", "51"][..], "--replicas must be 1 to 50"),
            (&["--seed", "x"][..], "--seed"),
            (&["--seed"][..], "--seed needs a value"),
            (&["--fast"][..], "unknown option '--fast' for race"),
        ] {
            let e = parse_strs(args).expect_err("refused");
            assert!(e.contains(needle), "{args:?}: {e}");
        }
    }
}
