//! Golden transcripts: every `tests/transcripts/*.txt` at the repository root is a console
//! session. Header comments choose the profile (`# profile: 1.15|current`), the seed
//! (`# seed: N`, default 1), the cluster preset (`# cluster: cloud`), the working directory for
//! `-f` paths (`# cwd: <dir>`, relative to the repository root), whether the cluster starts
//! with metrics-server (`# metrics-server: on`) Argo Rollouts (`# argo-rollouts: on`) or Argo CD (`# argocd: on`), and Git
//! repositories (`# repos: FILE`, a YAML list in `tests/transcripts/` as in an exercise's
//! `repos:`). Each session runs in a fresh console and its whole output — each
//! input echoed as `$ <line>` (here-document lines as `> <line>`), then what the command printed
//! on stdout and stderr — is compared with the snapshot in `tests/transcripts/snapshots/`.
//!
//! Review changes with `cargo insta review`.

use kubelab_console::{Console, ConsoleConfig, FileEntry, Files, Profile};
use std::path::{Path, PathBuf};

struct DirFiles(PathBuf);

impl Files for DirFiles {
    fn read(&self, path: &str) -> Result<FileEntry, String> {
        let p = self.0.join(path);
        if p.is_dir() {
            let mut names: Vec<String> = std::fs::read_dir(&p)
                .map_err(|e| e.to_string())?
                .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
                .collect();
            names.sort();
            return Ok(FileEntry::Dir(names));
        }
        std::fs::read_to_string(&p).map(FileEntry::File).map_err(|_| format!("the path \"{path}\" does not exist"))
    }
}

/// Runs a transcript script and returns the session as a student would see it.
pub fn run_transcript(script: &str, root: &Path) -> String {
    let header = |key: &str| kubelab_console::transcript::header(script, key);
    let profile = match header("profile") {
        Some(name) => name.parse().unwrap_or_else(|e| panic!("# profile: {e}")),
        None => Profile::Current,
    };
    let seed = header("seed").and_then(|s| s.parse().ok()).unwrap_or(1);
    let cwd = root.join(header("cwd").unwrap_or_default());
    let config = ConsoleConfig { seed, profile };
    let mut cluster = match header("cluster") {
        Some(name) => profile.cluster_preset(seed, &name).unwrap_or_else(|e| panic!("# cluster: {e}")),
        None => profile.cluster_config(seed),
    };
    // `# metrics-server: on`: the cluster starts with the addon, as the playground's does.
    if header("metrics-server").as_deref() == Some("on") {
        cluster.metrics_server = true;
    }
    // `# argo-rollouts: on`: the cluster starts with the Argo Rollouts addon (`addons: [argo-rollouts]`).
    if header("argo-rollouts").as_deref() == Some("on") {
        cluster.argo_rollouts = true;
    }
    // `# argocd: on`: the cluster starts with Argo CD installed in namespace `argocd`.
    if header("argocd").as_deref() == Some("on") {
        cluster.argocd = true;
    }
    let mut console = Console::with_cluster_config(config, Box::new(DirFiles(cwd)), cluster);
    // `# repos: FILE`: Git repositories (the exercises' `repos:` section, a YAML list in
    // `tests/transcripts/FILE`) on the lab's Git host and cloned in the home.
    if let Some(file) = header("repos") {
        let text = std::fs::read_to_string(root.join("tests/transcripts").join(&file)).expect("the repos file");
        let specs: Vec<kubelab_console::repos::RepoSpec> = serde_norway::from_str(&text).expect("a list of repos");
        console.seed_repos(&specs).expect("repos seeded");
    }
    kubelab_console::transcript::run(&mut console, script)
}

#[test]
fn golden_transcripts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("tests/transcripts");
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/transcripts exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    scripts.sort();
    assert!(scripts.len() >= 5, "expected the transcript files, found {}", scripts.len());
    // Every transcript is checked, and every mismatch is listed, not just the first.
    let mut failed = Vec::new();
    for path in scripts {
        let script = std::fs::read_to_string(&path).expect("readable transcript");
        let session = run_transcript(&script, &root);
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("transcript").to_string();
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(dir.join("snapshots"));
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            settings.bind(|| insta::assert_snapshot!(name.clone(), session))
        }));
        if result.is_err() {
            failed.push(name);
        }
    }
    assert!(failed.is_empty(), "transcripts that differ from their snapshots: {failed:?}");
}

#[test]
fn transcripts_are_deterministic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = std::fs::read_to_string(root.join("tests/transcripts/ex4-course.txt")).expect("ex4 transcript");
    assert_eq!(run_transcript(&script, &root), run_transcript(&script, &root));
    let other_seed = script.replacen("# profile: 1.15", "# profile: 1.15\n# seed: 2", 1);
    assert_ne!(
        run_transcript(&script, &root),
        run_transcript(&other_seed, &root),
        "a different seed gives different names"
    );
}
