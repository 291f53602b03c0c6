//! The console's own state besides its cluster, as data: what a session snapshot
//! (`kubelab_lab::snapshot`) stores so that a restored console answers the next input exactly as
//! the one it was taken from would have: the open shell (its variables and `$?`), `kubectl
//! proxy`'s port, the background port-forwards, a pending `kubectl edit`, the count of
//! temporary names made up so far and the student's home (files, clones, current directory).
//!
//! The profile and the file system are not part of it: the caller knows both (the exercise says
//! the profile; the session rebuilds its folder from the exercise and its log).

use crate::{commands, host, shell, Console, Files, Profile};
use kubelab_sim::Cluster;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything a [`Console`] holds besides its profile, files and cluster. Serialisable; its
/// fields are private (their shape is the console's business).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsoleState {
    shell: Option<shell::ShellSession>,
    proxy: Option<i64>,
    forwards: BTreeMap<i64, host::Forward>,
    edit: Option<commands::EditSession>,
    temp_names: u64,
    #[serde(default, skip_serializing_if = "host::fs::Home::is_empty")]
    home: host::fs::Home,
}

impl Console {
    /// The console's state besides its cluster (see [`ConsoleState`]).
    pub fn state(&self) -> ConsoleState {
        ConsoleState {
            shell: self.shell.clone(),
            proxy: self.proxy,
            forwards: self.forwards.clone(),
            edit: self.edit.clone(),
            temp_names: self.temp_names,
            home: self.home.clone(),
        }
    }

    /// A console put together again from its parts: what [`Console::state`] and
    /// [`Console::cluster`] gave (through serialisation), the profile and the files.
    pub fn from_parts(profile: Profile, files: Box<dyn Files>, mut cluster: Cluster, state: ConsoleState) -> Console {
        cluster.set_manifest_decoder(crate::argocd::decode::for_profile(profile));
        cluster.set_yaml_reader(crate::ci::yaml);
        Console {
            profile,
            files,
            cluster,
            shell: state.shell,
            proxy: state.proxy,
            forwards: state.forwards,
            edit: state.edit,
            temp_names: state.temp_names,
            home: state.home,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Console, ConsoleConfig, NoFiles, Profile};

    /// A console rebuilt from its serialised parts answers the next inputs as the original does:
    /// an open shell keeps its variables, a port-forward and a pending edit survive.
    #[test]
    fn a_console_rebuilt_from_its_parts_answers_as_the_original() {
        let config = ConsoleConfig { seed: 7, profile: Profile::Current };
        let mut a = Console::new(config, Box::new(NoFiles));
        for line in [
            "kubectl create deployment web --image=nginx --replicas=2",
            "sleep 20",
            "kubectl port-forward deployment/web 8080:80",
            "kubectl run box -it --image=busybox -- sh",
            "X=hello; export X",
        ] {
            a.run(line);
        }
        let cluster = serde_json::to_string(a.cluster()).expect("serialises");
        let state = serde_json::to_string(&a.state()).expect("serialises");
        let mut b = Console::from_parts(
            Profile::Current,
            Box::new(NoFiles),
            serde_json::from_str(&cluster).expect("cluster"),
            serde_json::from_str(&state).expect("state"),
        );
        assert_eq!(b.prompt(), a.prompt());
        for line in ["echo $X $?", "exit", "curl -s localhost:8080 | head -1", "kubectl edit deploy web", "sleep 5"] {
            let (x, y) = (a.run(line), b.run(line));
            assert_eq!(x, y, "{line}");
        }
        assert_eq!(serde_json::to_string(a.cluster()).expect("a"), serde_json::to_string(b.cluster()).expect("b"));
    }
}
