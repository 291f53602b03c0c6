//! `kubelab --exercise ID|DIR`: an exercise in the terminal, through [`kubelab_lab::Session`]
//! (the browser's engine: the same setup, goal checks, hints and progress).
//!
//! - ID is a shipped exercise ([`kubelab_lab::BUILTIN`]); DIR a directory holding an
//!   `exercise.yaml` and the files it lists. A directory wins over an ID of the same name, so an
//!   instructor's edited copy of `exercises/ex4` runs as `kubelab --exercise ex4` from `exercises/`.
//! - `kubectl apply -f NAME` reads the working directory first and the exercise's copy of NAME
//!   when there is no such file on disk ([`kubelab_lab::Session::with_outer_files`]).
//! - Lines starting with `:` and a letter are lab commands (`:step`, `:goals`, `:hint`,
//!   `:solution`, `:intro`, `:help`). No shell command starts that way (`:` alone, or `: words`,
//!   is the shell's no-op and goes to the console as typed). They are not part of the student's
//!   history, so they never meet a `ran:` goal.
//! - The goal report ([`report`]) is one header line and one line per goal, in step order:
//!   `# goals: 2 of 3 met`, then `[x] ID: TEXT` or `[ ] ID: TEXT`.

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

use kubelab_console::{Console, Output};
use kubelab_lab::{Exercise, Session, SessionError};

use crate::host_files::{HostFiles, MAX_FILE_BYTES};
use crate::script::Runner;

/// Why `--exercise` could not start.
#[derive(Debug)]
pub enum OpenError {
    /// Neither a shipped exercise nor a directory (a usage error: exit 2).
    Unknown(String),
    /// A directory without an `exercise.yaml` (a usage error: exit 2).
    NoExerciseYaml(PathBuf),
    /// The exercise's files could not be read or loaded, or its setup failed (exit 1).
    Broken(String),
}

impl OpenError {
    pub fn exit_code(&self) -> u8 {
        match self {
            OpenError::Unknown(_) | OpenError::NoExerciseYaml(_) => 2,
            OpenError::Broken(_) => 1,
        }
    }

    pub fn message(&self) -> String {
        match self {
            OpenError::Unknown(name) => format!(
                "unknown exercise '{name}': give one of these IDs, or a directory holding an exercise.yaml\n{}",
                crate::args::exercise_list()
            ),
            OpenError::NoExerciseYaml(dir) => format!("{} has no exercise.yaml", dir.display()),
            OpenError::Broken(why) => why.clone(),
        }
    }
}

/// The exercise `--exercise` names: a directory holding an `exercise.yaml` first, else a shipped ID.
pub fn open(arg: &OsStr) -> Result<Exercise, OpenError> {
    let dir = Path::new(arg);
    if dir.join("exercise.yaml").is_file() {
        return load_dir(dir);
    }
    if let Some(builtin) = arg.to_str().and_then(kubelab_lab::builtin) {
        return builtin.load().map_err(|e| OpenError::Broken(format!("shipped exercise {}: {e}", builtin.id)));
    }
    if dir.is_dir() {
        return Err(OpenError::NoExerciseYaml(dir.to_path_buf()));
    }
    Err(OpenError::Unknown(arg.to_string_lossy().into_owned()))
}

/// Loads `DIR/exercise.yaml` and the files it lists from `DIR`.
fn load_dir(dir: &Path) -> Result<Exercise, OpenError> {
    let broken = |e: String| OpenError::Broken(format!("{}: {e}", dir.display()));
    let yaml = read_text(&dir.join("exercise.yaml")).map_err(broken)?;
    let names = Exercise::file_names(&yaml).map_err(|e| broken(e.to_string()))?;
    let mut files = Vec::new();
    for name in names {
        // Only plain names are read; anything else is left out, and `Exercise::load` says why.
        if name.is_empty() || name.starts_with('.') || name.contains(['/', '\\']) {
            continue;
        }
        let contents = read_text(&dir.join(&name)).map_err(broken)?;
        files.push((name, contents));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(n, c)| (n.as_str(), c.as_str())).collect();
    Exercise::load(&yaml, &files).map_err(|e| broken(e.to_string()))
}

/// A text file of at most [`MAX_FILE_BYTES`]; bytes that are not UTF-8 become U+FFFD.
fn read_text(path: &Path) -> Result<String, String> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!("{} is larger than 1 MiB", path.display()));
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Starts the exercise's session in the working directory (real files win over its copies).
pub fn start(exercise: Exercise) -> Result<Lab, OpenError> {
    let id = exercise.id.clone();
    let session = Session::with_outer_files(exercise, Box::new(HostFiles)).map_err(|e| match e {
        SessionError::Setup { .. } => OpenError::Broken(format!("exercise {id}: {e}")),
        other => OpenError::Broken(other.to_string()),
    })?;
    Ok(Lab { shown_step: session.progress().current_step(), session, last_was_lab_command: false })
}

/// An exercise's session, run line by line from the REPL or a script.
pub struct Lab {
    session: Session,
    /// The step the user was last told about (news announces a new one).
    shown_step: usize,
    /// The last input was a lab command: it changed no progress, so there is no news.
    last_was_lab_command: bool,
}

/// The lab commands and what each shows, for `:help`.
const COMMANDS: &[(&str, &str)] = &[
    (":step", "the current step, its goals and why each is met or not"),
    (":goals", "every goal of the exercise, met [x] or not [ ]"),
    (":hint", "the current step's next hint"),
    (":solution", "the current step's solution lines (not run)"),
    (":intro", "the exercise's introduction"),
    (":help", "these commands"),
];

/// True for a lab command: `:` directly followed by a letter (`:goals`), never a shell line.
pub fn is_lab_command(input: &str) -> bool {
    let mut chars = input.trim_start().chars();
    chars.next() == Some(':') && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
}

impl Lab {
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The interactive banner: which exercise, its intro and its current step.
    pub fn banner(&self) -> String {
        let exercise = self.session.exercise();
        let mut text = format!(
            "Kubelab {}: exercise {}, \"{}\" (profile {}, seed {}).\n\
             Type kubectl commands; lab commands start with `:` (`:help` lists them); Tab completes, \
             `exit` or Ctrl-D quits.\n",
            env!("CARGO_PKG_VERSION"),
            exercise.id,
            exercise.title,
            crate::args::profile_name(exercise.profile),
            exercise.seed
        );
        if !exercise.intro.trim().is_empty() {
            let _ = write!(text, "\n{}\n", exercise.intro.trim_end());
        }
        let _ = write!(text, "\n{}", self.step_view());
        text
    }

    /// What the last input changed in the progress: goals met, a new current step.
    pub fn news(&mut self) -> String {
        let mut text = String::new();
        if self.last_was_lab_command {
            return text;
        }
        for id in self.session.last_met() {
            if let Some((_, goal)) = self.session.exercise().goal(id) {
                let _ = writeln!(text, "[x] goal met: {}", one_line(&goal.text));
            }
        }
        let current = self.session.progress().current_step();
        if current != self.shown_step {
            self.shown_step = current;
            text.push('\n');
            text.push_str(&self.step_view());
        }
        text
    }

    /// `:step`: the current step with its goals (and why each is met or not), or the end.
    fn step_view(&self) -> String {
        let exercise = self.session.exercise();
        let current = self.session.progress().current_step();
        let Some(step) = exercise.steps.get(current) else {
            return "Every step is done: all goals are met (`:goals` lists them).\n".to_string();
        };
        let mut text = format!("Step {} of {}: {}\n", current + 1, exercise.steps.len(), step.title);
        if !step.text.trim().is_empty() {
            let _ = writeln!(text, "{}", step.text.trim_end());
        }
        text.push_str("Goals:\n");
        for status in self.session.goal_statuses(current) {
            let _ = writeln!(text, "  {} {}: {}", mark(status.met), status.id, one_line(&status.text));
            let _ = writeln!(text, "      {}", one_line(&status.explanation));
        }
        let shown = self.session.revealed_hints(current).len();
        if step.hints.len() > shown {
            let _ = writeln!(text, "Hints: {shown} of {} shown (`:hint` shows the next).", step.hints.len());
        }
        text
    }

    /// Runs a lab command.
    fn lab_command(&mut self, input: &str) -> Output {
        let mut words = input.split_whitespace();
        let name = words.next().unwrap_or_default();
        let mut takes_no_arguments = |out: String| match words.next() {
            Some(_) => fail(format!("{name} takes no arguments\n")),
            None => ok(out),
        };
        match name {
            ":step" => takes_no_arguments(self.step_view()),
            ":goals" => takes_no_arguments(report(&self.session)),
            ":hint" => takes_no_arguments(self.hint()),
            ":solution" => takes_no_arguments(self.solution()),
            ":intro" => takes_no_arguments(self.intro()),
            ":help" => takes_no_arguments(help()),
            _ => fail(format!("unknown lab command {name}; `:help` lists them\n")),
        }
    }

    fn hint(&mut self) -> String {
        let current = self.session.progress().current_step();
        let Some(total) = self.session.exercise().steps.get(current).map(|s| s.hints.len()) else {
            return "Every step is done.\n".to_string();
        };
        match self.session.reveal_hint(current).map(|hint| hint.trim_end().to_string()) {
            Some(hint) => format!("Hint {} of {total}: {hint}\n", self.session.revealed_hints(current).len()),
            None => "No more hints for this step.\n".to_string(),
        }
    }

    fn solution(&self) -> String {
        let current = self.session.progress().current_step();
        match self.session.exercise().steps.get(current) {
            Some(step) => {
                let mut text = format!("# solution of step {}: {}\n", current + 1, step.title);
                for line in &step.solution {
                    let _ = writeln!(text, "{}", line.trim_end());
                }
                text
            }
            None => "Every step is done.\n".to_string(),
        }
    }

    fn intro(&self) -> String {
        let exercise = self.session.exercise();
        format!("{}\n\n{}\n", exercise.title, exercise.intro.trim_end())
    }
}

fn help() -> String {
    COMMANDS.iter().map(|(name, what)| format!("{name:10} {what}\n")).collect()
}

fn ok(stdout: String) -> Output {
    Output { stdout, ..Default::default() }
}

fn fail(stderr: String) -> Output {
    Output { stderr, exit_code: 1, ..Default::default() }
}

fn mark(met: bool) -> &'static str {
    if met {
        "[x]"
    } else {
        "[ ]"
    }
}

/// A text on one line: its lines joined by single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The goal report: `# goals: M of N met`, then `[x] ID: TEXT` / `[ ] ID: TEXT` per goal, in
/// step order. Met means met once: goals are sticky, as in the browser.
pub fn report(session: &Session) -> String {
    let exercise = session.exercise();
    let goals: Vec<_> = exercise.goals().collect();
    let met = goals.iter().filter(|g| session.progress().is_met(&g.id)).count();
    let mut text = format!("# goals: {met} of {} met\n", goals.len());
    for goal in goals {
        let _ = writeln!(text, "{} {}: {}", mark(session.progress().is_met(&goal.id)), goal.id, one_line(&goal.text));
    }
    text
}

impl Runner for Lab {
    fn needs_more_input(&self, input: &str) -> bool {
        !is_lab_command(input) && Console::needs_more_input(input)
    }
    fn run(&mut self, input: &str) -> Output {
        self.last_was_lab_command = is_lab_command(input);
        if self.last_was_lab_command {
            return self.lab_command(input);
        }
        self.session.run(input)
    }
    fn prompt(&self) -> String {
        self.session.console().prompt()
    }
    fn in_shell(&self) -> bool {
        self.session.console().in_shell()
    }
    fn complete(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        if let Some(before) = line.get(..pos).filter(|b| b.starts_with(':') && !b.contains(char::is_whitespace)) {
            let names = COMMANDS.iter().map(|(name, _)| name.to_string()).filter(|n| n.starts_with(before)).collect();
            return (0, names);
        }
        self.session.console().complete(line, pos)
    }
    fn finish_edit(&mut self, saved: &str) -> Output {
        self.session.finish_edit(saved)
    }
    fn abandon_edit(&mut self) {
        self.session.console_mut().abandon_edit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lab_commands_are_a_colon_and_a_letter() {
        for line in [":goals", "  :hint", ":step extra", ":x"] {
            assert!(is_lab_command(line), "{line}");
        }
        for line in [":", ": comment", "kubectl get pods", "echo :goals", "", ":1"] {
            assert!(!is_lab_command(line), "{line}");
        }
    }

    fn shipped(id: &str) -> Lab {
        let exercise = kubelab_lab::builtin(id).and_then(|b| b.load().ok()).expect("a shipped exercise");
        start(exercise).unwrap_or_else(|e| panic!("{}", e.message()))
    }

    #[test]
    fn news_announces_goals_met_and_the_next_step_once() {
        let mut lab = shipped("ex4");
        let exercise = lab.session().exercise().clone();
        assert!(lab.banner().contains(&format!("Step 1 of {}: {}", exercise.steps.len(), exercise.steps[0].title)));
        lab.run("kubectl version");
        assert_eq!(lab.news(), "", "nothing met");
        for line in &exercise.steps[0].solution {
            lab.run(line);
        }
        let news = lab.news();
        let last = exercise.steps[0].goals.last().expect("a goal");
        assert!(news.contains(&format!("[x] goal met: {}\n", last.text)), "{news}");
        assert!(news.contains(&format!("Step 2 of {}: {}\n", exercise.steps.len(), exercise.steps[1].title)), "{news}");
        lab.run(":goals");
        assert_eq!(lab.news(), "", "a lab command changes nothing");
        lab.run("kubectl get pods");
        assert!(!lab.news().contains("Step 2"), "a step is announced once");
    }

    #[test]
    fn lab_commands_complete_after_the_colon() {
        let lab = shipped("playground");
        assert_eq!(lab.complete(":st", 3), (0, vec![":step".to_string()]));
        assert_eq!(lab.complete(":", 1).1.len(), COMMANDS.len());
        assert!(lab.complete("kubectl get no", 14).1.contains(&"nodes".to_string()));
    }

    #[test]
    fn one_line_joins_lines_and_blanks() {
        assert_eq!(one_line("  Scale web\n  to 2\treplicas \n"), "Scale web to 2 replicas");
    }
}
