//! Command-line flags. Hand-written (no clap) to keep the binary small.

use std::ffi::OsString;
use std::path::PathBuf;

use kubelab_console::Profile;

pub const USAGE: &str = "\
Usage: kubelab [--seed N] [--profile course|current] [--cluster cloud] [SCRIPT]
       kubelab --exercise ID|DIR [SCRIPT]
       kubelab grade FILE...
       kubelab race [--seed N] [--replicas N] [--v2 good|errors|slow|crash|unready]

Kubelab in a terminal: kubectl against a simulated, deterministic cluster.

With a terminal on stdin, kubelab starts an interactive console (prompt `$ `,
Tab completion, history, Ctrl-C clears the line, Ctrl-D or `exit` quits).
Otherwise it runs a script (SCRIPT, or stdin) and prints a transcript: each
command echoed as `$ command` followed by its output.

Options:
  --seed N          seed of the simulated cluster (default 1)
  --profile P       `current` (default: Kubernetes v1.33 with metrics-server) or `course` (also
                    `1.15`: the course's era, kubectl v1.11 as its transcripts show)
  --cluster cloud   a cloud cluster: one node pool of 2-CPU / 4-GiB workers
                    (min 1, max 5, one at the start) and the Cluster Autoscaler
  --exercise ID|DIR start an exercise: its cluster (profile, seed and setup;
                    --seed and --profile cannot be given with it) and its
                    files, which `kubectl apply -f NAME` reads as if they were
                    in the working directory; a real file there wins over the
                    exercise's copy of the same name, and `-f .` applies both.
                    ID is a shipped exercise (see below); DIR is a directory
                    holding an exercise.yaml and its files (a directory of that
                    name wins over a shipped ID).
  -h, --help        print this help
  -V, --version     print the version

Exercises:
  Interactive, the exercise's intro and current step are shown, and goals met
  are announced. Lab commands start with a colon, which no shell command does:
    :step      the current step, its goals and why each is met or not
    :goals     every goal of the exercise, met [x] or not [ ]
    :hint      the current step's next hint
    :solution  the current step's solution lines (not run)
    :intro     the exercise's introduction
    :help      these commands
  In a script, lab commands work too, and after the last line kubelab prints
  a goal report and exits 0, met or not:
    # goals: 2 of 3 met
    [x] scaled: Scale web to 2 replicas
    [ ] rolled-back: Undo the rollout
  Shipped exercises (ID):
{EXERCISES}
Grading:
  kubelab grade FILE... replays sessions exported from the web app (\"Export
  session\") and prints, per file, the exercise, each goal met [x] or not [ ]
  with the simulated time it was first met, and a summary line:
    alice.json: exercise ex4 (...), profile course, seed 1; simulated ...
      [x] scaled: Scale web to 2 replicas (met at 00:03:10, +1m05s)
      goals: 1 of 3 met
    bob.json: error: not a Kubelab session file: not JSON (...)
    graded 1 of 2 files (1 could not be read); goals met: 1 of 3
  It exits 0 when every file was graded, met or not, and 1 when a file could
  not be read; a bad file never stops the others. (A script named `grade`
  runs as `kubelab ./grade`.)

Race:
  kubelab race runs the chapter's change (registry.lab/my-app v1.0.0 -> v2,
  good or misbehaving) four ways on four clusters from one seed under the same
  load, one operator rule for all, and prints one row per strategy (Recreate,
  RollingUpdate, BlueGreen, Canary): failed requests, the longest stretch with
  no successful request, peak pods and requested CPU/memory, time to finish,
  share of requests that reached a bad v2, time to roll back. Defaults: seed 1,
  10 replicas, --v2 good. Wall time goes to stderr.

Environment:
  KUBELAB_HISTFILE  interactive history file (default ~/.kubelab_history;
                    set it to an empty string to keep history in memory only)
";

/// The usage message, with the shipped exercises listed.
pub fn usage() -> String {
    USAGE.replace("{EXERCISES}", &exercise_list())
}

/// One line per shipped exercise: `    ID  menu title`.
pub fn exercise_list() -> String {
    let width = kubelab_lab::BUILTIN.iter().map(|b| b.id.len()).max().unwrap_or(0);
    kubelab_lab::BUILTIN.iter().map(|b| format!("    {:width$}  {}\n", b.id, b.menu_title)).collect()
}

/// Everything a run needs.
#[derive(Debug, PartialEq)]
pub struct Options {
    pub seed: u64,
    pub profile: Profile,
    /// A script file to run instead of reading stdin (`-` means stdin).
    pub script: Option<PathBuf>,
    /// `--exercise ID|DIR`, as given (the exercise fixes the seed and the profile).
    pub exercise: Option<OsString>,
    /// `--cluster NAME`: a cluster preset (`cloud`) instead of the profile's default cluster.
    pub cluster: Option<String>,
}

/// What the command line asks for.
#[derive(Debug, PartialEq)]
pub enum Action {
    Run(Options),
    /// `kubelab grade FILE...`: the files to grade.
    Grade(Vec<PathBuf>),
    /// `kubelab race ...`.
    Race(kubelab_lab::race::RaceConfig),
    Help,
    Version,
}

/// Parses the arguments after the program name. `Err` holds a one-line reason for the usage message.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Action, String> {
    let mut options = Options { seed: 1, profile: Profile::Current, script: None, exercise: None, cluster: None };
    // Which of --seed and --profile were given, to refuse them next to --exercise.
    let mut cluster_flags: Vec<&str> = Vec::new();
    let mut args = args.into_iter().peekable();
    if args.peek().is_some_and(|a| a == "grade") {
        return parse_grade(args.skip(1));
    }
    if args.peek().is_some_and(|a| a == "race") {
        return Ok(crate::race::parse(args.skip(1))?.map_or(Action::Help, Action::Race));
    }
    let mut only_positional = false;
    while let Some(arg) = args.next() {
        let text = arg.to_str();
        if only_positional || text == Some("-") || !text.is_some_and(|t| t.starts_with('-')) {
            // A script path: any bytes are fine, the file system decides.
            if options.script.is_some() {
                return Err(format!("unexpected extra argument '{}'", arg.to_string_lossy()));
            }
            options.script = Some(PathBuf::from(arg));
            continue;
        }
        let text = text.unwrap_or_default();
        let (flag, inline_value) = match text.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_string())),
            _ => (text, None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match inline_value.clone() {
                Some(value) => Ok(value),
                None => match args.next() {
                    Some(value) => value
                        .into_string()
                        .map_err(|value| format!("invalid value '{}' for {name}", value.to_string_lossy())),
                    None => Err(format!("{name} needs a value")),
                },
            }
        };
        match flag {
            "--" => only_positional = true,
            "-h" | "--help" => return Ok(Action::Help),
            "-V" | "--version" => return Ok(Action::Version),
            "--seed" => {
                cluster_flags.push("--seed");
                let raw = value("--seed")?;
                options.seed = raw.trim().parse().map_err(|_| {
                    format!("invalid value '{raw}' for --seed: expected a whole number from 0 to {}", u64::MAX)
                })?;
            }
            "--profile" => {
                cluster_flags.push("--profile");
                let raw = value("--profile")?;
                options.profile = raw.parse().map_err(|_| {
                    format!("invalid value '{raw}' for --profile: expected {}", Profile::accepted_names())
                })?;
            }
            "--cluster" => {
                cluster_flags.push("--cluster");
                let raw = value("--cluster")?;
                if let Err(reason) = Profile::Current.cluster_preset(0, &raw) {
                    return Err(format!("invalid value for --cluster: {reason}"));
                }
                options.cluster = Some(raw);
            }
            "--exercise" => {
                let raw = match inline_value.clone() {
                    Some(value) => OsString::from(value),
                    None => args.next().ok_or("--exercise needs a value")?,
                };
                if raw.is_empty() {
                    return Err("--exercise needs a value: an exercise ID or a directory".to_string());
                }
                options.exercise = Some(raw);
            }
            _ => return Err(format!("unknown option '{flag}'")),
        }
    }
    if let (Some(flag), Some(_)) = (cluster_flags.first(), &options.exercise) {
        return Err(format!(
            "{flag} cannot be used with --exercise: the exercise sets the cluster's seed and profile itself"
        ));
    }
    Ok(Action::Run(options))
}

/// `kubelab grade [--] FILE...`.
fn parse_grade(args: impl Iterator<Item = OsString>) -> Result<Action, String> {
    let mut files = Vec::new();
    let mut only_positional = false;
    for arg in args {
        match arg.to_str() {
            Some("--") if !only_positional => only_positional = true,
            Some("-h" | "--help") if !only_positional => return Ok(Action::Help),
            Some(flag) if !only_positional && flag.starts_with('-') && flag != "-" => {
                return Err(format!("unknown option '{flag}' for grade"))
            }
            _ => files.push(PathBuf::from(arg)),
        }
    }
    if files.is_empty() {
        return Err("grade needs at least one FILE (a session exported from the web app)".into());
    }
    Ok(Action::Grade(files))
}

/// The name a user would type for `profile` (its canonical name, `course` or `current`).
pub fn profile_name(profile: Profile) -> &'static str {
    profile.name()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Action, String> {
        parse(args.iter().map(OsString::from))
    }

    fn run_options(args: &[&str]) -> Options {
        match parse_strs(args) {
            Ok(Action::Run(options)) => options,
            other => panic!("expected Run for {args:?}, got {other:?}"),
        }
    }

    #[test]
    fn defaults_are_seed_1_and_current_profile_reading_stdin() {
        let options = run_options(&[]);
        assert_eq!(
            options,
            Options { seed: 1, profile: Profile::Current, script: None, exercise: None, cluster: None }
        );
        assert_eq!(run_options(&["--cluster", "cloud"]).cluster.as_deref(), Some("cloud"));
        assert!(parse(["--cluster".into(), "moon".into()]).is_err());
    }

    #[test]
    fn seed_and_profile_take_separate_or_inline_values() {
        let options = run_options(&["--seed", "42", "--profile", "1.15", "demo.txt"]);
        assert_eq!(options.seed, 42);
        assert_eq!(options.profile, Profile::Course);
        assert_eq!(options.script, Some(PathBuf::from("demo.txt")));
        let options = run_options(&["--seed=7", "--profile=course"]);
        assert_eq!((options.seed, options.profile), (7, Profile::Course));
        assert_eq!(run_options(&["--profile", "current"]).profile, Profile::Current);
    }

    #[test]
    fn exercise_takes_an_id_or_a_directory_and_a_script() {
        let options = run_options(&["--exercise", "ex4", "solve.txt"]);
        assert_eq!(options.exercise, Some(OsString::from("ex4")));
        assert_eq!(options.script, Some(PathBuf::from("solve.txt")));
        assert_eq!(run_options(&["--exercise=./labs/mine"]).exercise, Some(OsString::from("./labs/mine")));
    }

    #[test]
    fn seed_or_profile_next_to_exercise_is_refused_in_either_order() {
        for args in [
            &["--exercise", "ex4", "--seed", "3"][..],
            &["--seed=3", "--exercise", "ex4"][..],
            &["--profile", "current", "--exercise", "traffic"][..],
        ] {
            let error = parse_strs(args).expect_err("should be refused");
            assert!(error.contains("cannot be used with --exercise"), "{args:?}: {error}");
        }
        assert!(parse_strs(&["--exercise"]).is_err());
        assert!(parse_strs(&["--exercise="]).is_err());
    }

    #[test]
    fn the_usage_lists_every_shipped_exercise() {
        let usage = usage();
        assert!(!usage.contains("{EXERCISES}"));
        for b in kubelab_lab::BUILTIN {
            assert!(
                usage.contains(&format!("    {}  ", b.id)) || usage.contains(&format!("    {} ", b.id)),
                "{}",
                b.id
            );
        }
    }

    #[test]
    fn dash_is_stdin_and_double_dash_ends_flags() {
        assert_eq!(run_options(&["-"]).script, Some(PathBuf::from("-")));
        assert_eq!(run_options(&["--", "--weird-name"]).script, Some(PathBuf::from("--weird-name")));
    }

    #[test]
    fn help_and_version_win() {
        assert_eq!(parse_strs(&["--seed", "3", "--help"]), Ok(Action::Help));
        assert_eq!(parse_strs(&["-V"]), Ok(Action::Version));
    }

    #[test]
    fn bad_flags_are_errors_naming_the_problem() {
        for (args, needle) in [
            (&["--profile", "bogus"][..], "bogus"),
            (&["--profile"][..], "--profile needs a value"),
            (&["--seed", "-1"][..], "--seed"),
            (&["--seed", "18446744073709551616"][..], "--seed"),
            (&["--frobnicate"][..], "--frobnicate"),
            (&["a.txt", "b.txt"][..], "b.txt"),
        ] {
            let error = parse_strs(args).expect_err("should be rejected");
            assert!(error.contains(needle), "{args:?}: {error}");
        }
    }

    #[test]
    fn every_profile_spelling_is_accepted_and_the_usage_names_the_canonical_ones() {
        for profile in Profile::ALL {
            for spelling in profile.spellings() {
                assert_eq!(run_options(&["--profile", spelling]).profile, profile, "{spelling}");
            }
            assert!(USAGE.contains(&format!("`{}`", profile.name())), "{}", profile.name());
        }
        assert!(USAGE.contains("--profile course|current"));
        let Err(e) = parse_strs(&["--profile", "1.16"]) else { panic!("1.16 is no profile") };
        assert_eq!(e, "invalid value '1.16' for --profile: expected course (also 1.15, 1.11) or current (also 1.33)");
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_arguments_do_not_panic() {
        use std::os::unix::ffi::OsStringExt;
        let bad = OsString::from_vec(vec![0xff, 0xfe]);
        assert!(parse([OsString::from("--seed"), bad.clone()]).is_err());
        assert!(matches!(parse([bad]), Ok(Action::Run(Options { script: Some(_), .. }))));
    }
}
