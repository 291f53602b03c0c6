//! The kubectl console (stub interface; being filled in).

pub mod help;
pub mod lex;
pub mod resources;
pub mod suggest;
pub mod text;

/// Which Kubernetes release the console and cluster behave like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    /// The course era, as the chapter's own transcripts show it (`--profile 1.15`).
    Course,
    /// A current release (the default).
    Current,
}

/// How a console (and its cluster) starts.
#[derive(Clone, Debug)]
pub struct ConsoleConfig {
    pub seed: u64,
    pub profile: Profile,
}

/// What a path given to `-f` is, as the host's file system sees it.
pub enum FileEntry {
    File(String),
    /// A directory: the names of its entries (not full paths), sorted.
    Dir(Vec<String>),
}

/// The host's file system, as far as `-f` needs it. The console never does I/O itself.
pub trait Files {
    fn read(&self, path: &str) -> Result<FileEntry, String>;
}

/// The result of one console input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

pub struct Console {
    #[allow(dead_code)]
    config: ConsoleConfig,
    #[allow(dead_code)]
    files: Box<dyn Files>,
}

impl Console {
    pub fn new(config: ConsoleConfig, files: Box<dyn Files>) -> Console {
        Console { config, files }
    }
    /// Runs one input: a command line, possibly followed by here-document lines.
    pub fn run(&mut self, input: &str) -> Output {
        let _ = input;
        Output::default()
    }
    /// True when `input` is not complete yet (an open here-document, quote or a trailing backslash).
    pub fn needs_more_input(input: &str) -> bool {
        let _ = input;
        false
    }
    /// Tab completion: the byte offset where the replaced word starts, and the candidates.
    pub fn complete(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        let _ = (line, pos);
        (pos, Vec::new())
    }
}
