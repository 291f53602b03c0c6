//! Exercises: `exercises/<id>/exercise.yaml` plus the manifests it lists, loaded from text (the
//! caller reads or embeds the files; this crate does no I/O). The format is documented for
//! course authors in `exercises/README.md`.

use crate::condition::Condition;
use kubelab_console::Profile;
use kubelab_sim::hash::Fnv64;
use kubelab_sim::images::ImageSpec;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::fmt;

/// A loaded, validated exercise.
/// The addons an exercise's cluster can start with (`addons:`): `metrics-server` (the Metrics
/// API for `kubectl top` and the HPA; see `kubelab_sim::usage::server`), `argo-rollouts` (the
/// Argo Rollouts controller, its CRDs and the kubectl plugin; see `kubelab_sim::cluster::argo`)
/// and `argocd` (Argo CD in namespace `argocd`; see `kubelab_sim::argocd`).
pub const ADDONS: &[&str] = &["metrics-server", "argo-rollouts", "argocd"];

#[derive(Clone, Debug)]
pub struct Exercise {
    pub id: String,
    pub title: String,
    pub profile: Profile,
    pub seed: u64,
    /// The cluster when it is not the profile's default one (`cluster: cloud`, `node_groups:`).
    pub cluster: Option<kubelab_sim::ClusterConfig>,
    /// Plain paragraphs, separated by blank lines; `code` in backticks.
    pub intro: String,
    /// The files the student can `kubectl apply -f`, in the order listed.
    pub files: Vec<ExerciseFile>,
    /// Images of the exercise's own (`images:`), registered with the cluster before setup.
    pub images: Vec<ImageSpec>,
    /// Addons the cluster starts with (`addons:`): [`ADDONS`].
    pub addons: Vec<String>,
    /// Git repositories on the lab's Git host and clones in the home (`repos:`), seeded before
    /// `setup` (see `kubelab_console::repos`).
    pub repos: Vec<kubelab_console::repos::RepoSpec>,
    /// Console lines run before the student starts (not part of the student's history).
    pub setup: Vec<String>,
    pub steps: Vec<Step>,
}

/// A file shipped with an exercise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExerciseFile {
    pub name: String,
    pub contents: String,
}

#[derive(Clone, Debug)]
pub struct Step {
    pub title: String,
    pub text: String,
    pub goals: Vec<Goal>,
    /// Revealed one at a time.
    pub hints: Vec<String>,
    /// Console lines that do this step (`sleep N` lets time pass); never shown by default.
    pub solution: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Goal {
    /// Unique in the exercise.
    pub id: String,
    /// What to do, as the UI shows it.
    pub text: String,
    pub check: Condition,
}

/// Why an exercise could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError(pub String);

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LoadError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExerciseYaml {
    id: String,
    title: String,
    profile: ProfileName,
    #[serde(default = "default_seed")]
    seed: u64,
    /// A cluster preset (`cloud`).
    #[serde(default)]
    cluster: Option<String>,
    /// Node groups of a cloud cluster (in place of the preset's).
    #[serde(default)]
    node_groups: Vec<kubelab_sim::cloud::NodeGroup>,
    #[serde(default)]
    intro: String,
    #[serde(default)]
    files: Vec<String>,
    #[serde(default)]
    images: Vec<ImageSpec>,
    #[serde(default)]
    addons: Vec<String>,
    #[serde(default)]
    repos: Vec<kubelab_console::repos::RepoSpec>,
    #[serde(default)]
    setup: Vec<String>,
    #[serde(default)]
    steps: Vec<StepYaml>,
}

fn default_seed() -> u64 {
    1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepYaml {
    title: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    goals: Vec<GoalYaml>,
    #[serde(default)]
    hints: Vec<String>,
    #[serde(default)]
    solution: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GoalYaml {
    id: String,
    text: String,
    check: Condition,
}

/// `profile:` any name `Profile::from_str` accepts: `"1.15"` or `course`
/// (an unquoted `1.15` is a number to YAML, read back as its text), `current`.
struct ProfileName(Profile);

impl<'de> Deserialize<'de> for ProfileName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ProfileName, D::Error> {
        struct ProfileVisitor;
        impl Visitor<'_> for ProfileVisitor {
            type Value = ProfileName;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a profile: {}", Profile::accepted_names())
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ProfileName, E> {
                v.trim().parse().map(ProfileName).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ProfileName, E> {
                self.visit_str(&v.to_string())
            }
        }
        d.deserialize_any(ProfileVisitor)
    }
}

impl Exercise {
    /// The names listed under `files:`, so a caller that reads files from disk knows which to
    /// read before [`Exercise::load`].
    pub fn file_names(yaml: &str) -> Result<Vec<String>, LoadError> {
        #[derive(Deserialize)]
        struct FilesOnly {
            #[serde(default)]
            files: Vec<String>,
        }
        serde_norway::from_str::<FilesOnly>(yaml).map(|f| f.files).map_err(|e| LoadError(format!("exercise.yaml: {e}")))
    }

    /// Loads an exercise from the text of its `exercise.yaml` and the files it lists, as
    /// `(name, contents)`. Every file listed must be given, and only those.
    pub fn load(yaml: &str, files: &[(&str, &str)]) -> Result<Exercise, LoadError> {
        let raw: ExerciseYaml = serde_norway::from_str(yaml).map_err(|e| LoadError(format!("exercise.yaml: {e}")))?;
        let id = raw.id.trim().to_string();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(LoadError(format!("exercise id \"{}\": use letters, digits, - and _", raw.id)));
        }
        let mut loaded_files = Vec::new();
        for name in &raw.files {
            validate_file_name(name).map_err(LoadError)?;
            if loaded_files.iter().any(|f: &ExerciseFile| &f.name == name) {
                return Err(LoadError(format!("{id}: file {name} is listed twice")));
            }
            let Some((_, contents)) = files.iter().find(|(n, _)| n == name) else {
                return Err(LoadError(format!("{id}: file {name} is listed in files: but was not given")));
            };
            loaded_files.push(ExerciseFile { name: name.clone(), contents: contents.to_string() });
        }
        if let Some((extra, _)) = files.iter().find(|(n, _)| !raw.files.iter().any(|f| f == n)) {
            return Err(LoadError(format!("{id}: file {extra} was given but is not listed in files:")));
        }
        let mut repositories = BTreeSet::new();
        for (i, image) in raw.images.iter().enumerate() {
            let name = &image.repository;
            image.validate().map_err(|e| LoadError(format!("{id}: images[{i}] ({name}): {e}")))?;
            if !repositories.insert(name.clone()) {
                return Err(LoadError(format!("{id}: images[{i}] ({name}): repository: defined twice")));
            }
        }
        kubelab_console::repos::validate(&raw.repos).map_err(|e| LoadError(format!("{id}: {e}")))?;
        for (i, addon) in raw.addons.iter().enumerate() {
            if !ADDONS.contains(&addon.as_str()) {
                return Err(LoadError(format!(
                    "{id}: addons[{i}]: unknown addon {addon:?} (known: {})",
                    ADDONS.join(", ")
                )));
            }
        }
        let mut goal_ids = BTreeSet::new();
        for (step_idx, step) in raw.steps.iter().enumerate() {
            for goal in &step.goals {
                let gid = goal.id.trim();
                if gid.is_empty() {
                    return Err(LoadError(format!("{id}: step {} has a goal with an empty id", step_idx + 1)));
                }
                if !goal_ids.insert(gid.to_string()) {
                    return Err(LoadError(format!("{id}: goal id {gid} is used twice")));
                }
            }
        }
        let mut steps = Vec::new();
        for (step_idx, step) in raw.steps.into_iter().enumerate() {
            let mut goals = Vec::new();
            for goal in step.goals {
                goal.check
                    .validate(&goal_ids)
                    .map_err(|e| LoadError(format!("{id}: step {} goal {}: {e}", step_idx + 1, goal.id)))?;
                let gid = goal.id.trim().to_string();
                let mut check = goal.check;
                match &mut check {
                    // A question knows its goal: the student answers `choose <goal id> <option>`.
                    Condition::Choice(c) => c.goal = gid.clone(),
                    other if other.contains_choice() => {
                        return Err(LoadError(format!(
                            "{id}: step {} goal {gid}: a `choice` must be the goal's whole check",
                            step_idx + 1
                        )));
                    }
                    _ => {}
                }
                goals.push(Goal { id: gid, text: goal.text, check });
            }
            steps.push(Step { title: step.title, text: step.text, goals, hints: step.hints, solution: step.solution });
        }
        let mut cluster = match raw.cluster.as_deref() {
            None => None,
            Some(name) => {
                Some(raw.profile.0.cluster_preset(raw.seed, name).map_err(|e| LoadError(format!("{id}: {e}")))?)
            }
        };
        if !raw.node_groups.is_empty() {
            for g in &raw.node_groups {
                if let Some(problem) = g.problem() {
                    return Err(LoadError(format!("{id}: node_groups: {problem}")));
                }
            }
            let base = cluster.take().unwrap_or_else(|| raw.profile.0.cluster_config(raw.seed));
            cluster = Some(kubelab_sim::cloud::with_groups(base, raw.node_groups));
        }
        Ok(Exercise {
            id,
            title: raw.title,
            profile: raw.profile.0,
            seed: raw.seed,
            cluster,
            intro: raw.intro,
            files: loaded_files,
            images: raw.images,
            repos: raw.repos,
            addons: raw.addons,
            setup: raw.setup,
            steps,
        })
    }

    /// Every goal, in step order.
    pub fn goals(&self) -> impl Iterator<Item = &Goal> {
        self.steps.iter().flat_map(|s| s.goals.iter())
    }

    /// A goal by id, with the index of its step.
    pub fn goal(&self, id: &str) -> Option<(usize, &Goal)> {
        self.steps.iter().enumerate().find_map(|(i, s)| s.goals.iter().find(|g| g.id == id).map(|g| (i, g)))
    }

    /// The whole solution: every step's solution lines, in order.
    pub fn solution(&self) -> Vec<&str> {
        self.steps.iter().flat_map(|s| s.solution.iter().map(String::as_str)).collect()
    }

    pub fn file(&self, name: &str) -> Option<&ExerciseFile> {
        self.files.iter().find(|f| f.name == name)
    }

    /// A fingerprint of everything that decides how a saved session replays: profile, seed,
    /// images, setup lines and file contents (FNV-1a, 64 bits, hex). Texts, goals and hints are not in
    /// it, so fixing a typo in a hint keeps saved sessions valid.
    pub fn fingerprint(&self) -> String {
        let mut h = Fnv64::new();
        h.write_prefixed(self.id.as_bytes());
        // The canonical name: saved sessions stay valid as long as it does not change.
        h.write_prefixed(self.profile.name().as_bytes());
        h.write_prefixed(&self.seed.to_le_bytes());
        if let Some(cluster) = &self.cluster {
            // Only exercises on a cluster of their own hash it (older fingerprints stay).
            h.write_prefixed(serde_json::to_string(cluster).unwrap_or_default().as_bytes());
        }
        if !self.images.is_empty() {
            // Only exercises with images of their own hash them (older fingerprints stay).
            h.write_prefixed(serde_json::to_string(&self.images).unwrap_or_default().as_bytes());
        }
        if !self.repos.is_empty() {
            // Only exercises with repositories hash them (older fingerprints stay).
            h.write_prefixed(serde_json::to_string(&self.repos).unwrap_or_default().as_bytes());
        }
        for addon in &self.addons {
            // Only exercises with addons hash them (older fingerprints stay).
            h.write_prefixed(addon.as_bytes());
        }
        for line in &self.setup {
            h.write_prefixed(line.as_bytes());
        }
        for f in &self.files {
            h.write_prefixed(f.name.as_bytes());
            h.write_prefixed(f.contents.as_bytes());
        }
        h.hex()
    }
}

/// File names are plain names in the exercise's folder: no directories, no leading dot.
pub(crate) fn validate_file_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 100
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(format!("file name \"{name}\": use a plain name (letters, digits, '-', '_', '.'), no folders"))
    }
}

#[cfg(test)]
mod cluster_tests {
    use super::*;

    #[test]
    fn cluster_cloud_and_node_groups_load() {
        let e = Exercise::load("id: c\ntitle: C\nprofile: current\ncluster: cloud\n", &[]).expect("loads");
        let c = e.cluster.expect("a cluster");
        assert!(c.autoscaler && c.node_groups.len() == 1 && c.workers == 0);
        let yaml = "id: c\ntitle: C\nprofile: current\nnode_groups:\n- name: small\n  cpu: \"1\"\n  memory: 2Gi\n  min: 1\n  max: 3\n  initial: 2\n";
        let e = Exercise::load(yaml, &[]).expect("loads");
        assert_eq!(e.cluster.expect("a cluster").node_groups[0].name, "small");
        assert!(Exercise::load("id: c\ntitle: C\nprofile: current\ncluster: moon\n", &[]).is_err());
        let bad = "id: c\ntitle: C\nprofile: current\nnode_groups:\n- name: x\n  cpu: \"1\"\n  memory: 2Gi\n  min: 4\n  max: 3\n";
        assert!(Exercise::load(bad, &[]).is_err());
    }
}

#[cfg(test)]
mod profile_name_tests {
    use super::*;

    fn profile_of(value: &str) -> Result<Profile, LoadError> {
        Exercise::load(&format!("id: p\ntitle: P\nprofile: {value}\n"), &[]).map(|e| e.profile)
    }

    #[test]
    fn every_profile_spelling_loads_quoted_or_not() {
        for profile in Profile::ALL {
            for spelling in profile.spellings() {
                assert_eq!(profile_of(spelling).ok(), Some(profile), "{spelling}");
                assert_eq!(profile_of(&format!("\"{spelling}\"")).ok(), Some(profile), "\"{spelling}\"");
            }
        }
    }

    #[test]
    fn addons_start_with_the_cluster_and_unknown_ones_are_refused() {
        let yaml = |addons: &str| format!("id: a\ntitle: A\nprofile: current\naddons: {addons}\nsteps: []\n");
        let e = Exercise::load(&yaml("[metrics-server]"), &[]).expect("loads");
        assert_eq!(e.addons, ["metrics-server"]);
        assert_ne!(e.fingerprint(), Exercise::load(&yaml("[]"), &[]).expect("loads").fingerprint());
        let s = crate::Session::new(e).expect("starts");
        assert!(s.console().cluster().metrics_api().available, "metrics-server serves from the start");
        let e = Exercise::load(&yaml("[argocd]"), &[]).expect("loads");
        let s = crate::Session::new(e).expect("starts");
        assert_eq!(s.console().cluster().argocd_namespace(), Some("argocd"));
        assert!(s.console().cluster().argocd_ready(), "Argo CD runs from the start");
        let bad = Exercise::load(&yaml("[heapster]"), &[]).unwrap_err().to_string();
        assert!(
            bad.contains("addons[0]: unknown addon \"heapster\" (known: metrics-server, argo-rollouts, argocd)"),
            "{bad}"
        );
    }

    #[test]
    fn repos_are_seeded_before_setup_and_bad_ones_are_refused() {
        let yaml = |repos: &str| {
            format!("id: g\ntitle: G\nprofile: current\nrepos:\n{repos}\nsetup:\n- cd ~/cfg\nsteps: []\n")
        };
        let good = "- url: https://git.lab/team/cfg.git\n  protected: true\n  clone: ~/cfg\n  commits:\n  - message: Add\n    files:\n      k8s/a.yaml: \"kind: ConfigMap\\n\"\n";
        let e = Exercise::load(&yaml(good), &[]).expect("loads");
        assert_eq!(e.repos.len(), 1);
        assert_ne!(
            e.fingerprint(),
            Exercise::load(&yaml("  []").replace("- cd ~/cfg", "- cd ~"), &[]).expect("loads").fingerprint()
        );
        let mut s = crate::Session::new(e).expect("starts");
        let out = s.run("git log --oneline");
        assert!(out.stdout.ends_with(" (HEAD -> main, origin/main, origin/HEAD) Add\n"), "{out:?}");
        assert!(s.console().cluster().git().repo("https://git.lab/team/cfg.git").is_some_and(|r| r.protected));
        for bad in [
            "- url: http://elsewhere/x.git",
            "- url: https://git.lab/a/b.git\n  clone: /etc/x",
            "- url: https://git.lab/a/b.git\n  commits:\n  - message: m\n    files:\n      ../x: y",
        ] {
            let err = Exercise::load(&yaml(bad), &[]).unwrap_err().to_string();
            assert!(err.starts_with("g: repos: "), "{err}");
        }
    }

    #[test]
    fn an_unknown_profile_is_refused_naming_the_accepted_ones() {
        for bad in ["\"1.16\"", "1.16", "latest"] {
            let e = profile_of(bad).unwrap_err().to_string();
            assert!(e.contains("expected course (also 1.15, 1.11) or current (also 1.33)"), "{bad}: {e}");
        }
    }
}
