//! What the verb modules' unit tests share: a seeded console per profile, in-memory `-f` files,
//! one-line runners and a snapshot of the whole cluster for "a failing command changes nothing".

use crate::{Console, ConsoleConfig, FileEntry, Files, NoFiles, Output, Profile};
use kubelab_sim::api::{Kind, Object};
use std::collections::BTreeMap;

/// A console on a current (v1.33) cluster, seed 1, with no files.
pub(crate) fn console() -> Console {
    Console::new(ConsoleConfig { seed: 1, profile: Profile::Current }, Box::new(NoFiles))
}

/// A console on the course era's (v1.11) cluster, seed 1, with no files.
pub(crate) fn course() -> Console {
    Console::new(ConsoleConfig { seed: 1, profile: Profile::Course }, Box::new(NoFiles))
}

/// Files held in memory: a path is a file, or a directory when other paths start with `path/`.
struct MemFiles(BTreeMap<String, String>);

impl Files for MemFiles {
    fn read(&self, path: &str) -> Result<FileEntry, String> {
        if let Some(text) = self.0.get(path) {
            return Ok(FileEntry::File(text.clone()));
        }
        let dir = format!("{}/", path.trim_end_matches('/'));
        let entries: Vec<String> = self.0.keys().filter_map(|k| k.strip_prefix(&dir)).map(str::to_string).collect();
        if entries.is_empty() {
            Err(format!("the path \"{path}\" does not exist"))
        } else {
            Ok(FileEntry::Dir(entries))
        }
    }
}

/// A current console whose `-f` reads these (path, content) files.
pub(crate) fn with_files(files: &[(&str, &str)]) -> Console {
    let files = files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
    Console::new(ConsoleConfig { seed: 1, profile: Profile::Current }, Box::new(MemFiles(files)))
}

/// A course-era (v1.11) console whose `-f` reads these (path, content) files.
pub(crate) fn with_files_course(files: &[(&str, &str)]) -> Console {
    let files = files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
    Console::new(ConsoleConfig { seed: 1, profile: Profile::Course }, Box::new(MemFiles(files)))
}

/// Runs one input line.
pub(crate) fn run(c: &mut Console, line: &str) -> Output {
    c.run(line)
}

/// Runs a line that must succeed; its stdout.
pub(crate) fn ok(c: &mut Console, line: &str) -> String {
    let out = c.run(line);
    assert_eq!(out.exit_code, 0, "`{line}` failed:\n{}{}", out.stdout, out.stderr);
    out.stdout
}

/// Runs a line that must fail and leave the cluster exactly as it was (objects, clock, random
/// streams, events); its stderr.
pub(crate) fn fails(c: &mut Console, line: &str) -> String {
    let before = state(c);
    let out = c.run(line);
    assert_ne!(out.exit_code, 0, "`{line}` succeeded:\n{}", out.stdout);
    assert!(state(c) == before, "`{line}` failed but changed the cluster");
    out.stderr
}

/// The whole cluster (store, clock, random streams, events, controller state) as text.
pub(crate) fn state(c: &Console) -> String {
    serde_json::to_string(&c.cluster).unwrap_or_default()
}

/// The object `kind`/`name` in `default`, if it exists.
pub(crate) fn object(c: &Console, kind: Kind, name: &str) -> Option<Object> {
    c.cluster.get(kind, "default", name).cloned()
}

/// `spec.replicas` of the deployment `name` in `default`.
pub(crate) fn replicas(c: &Console, name: &str) -> Option<i64> {
    match object(c, Kind::Deployment, name)? {
        Object::Deployment(d) => d.spec.replicas,
        _ => None,
    }
}

/// A console with the deployment `web` (nginx, 2 replicas) created and settled for a minute.
pub(crate) fn with_web() -> Console {
    let mut c = console();
    ok(&mut c, "kubectl create deployment web --image=nginx --replicas=2 --port=80");
    ok(&mut c, "sleep 60");
    c
}

/// The names of the pods in `default`, sorted.
pub(crate) fn pods(c: &Console) -> Vec<String> {
    c.cluster.list(Kind::Pod, Some("default")).iter().map(|o| o.meta().name.clone()).collect()
}
