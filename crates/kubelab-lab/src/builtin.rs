//! The exercises shipped with Kubelab: the one list, embedded at build time (`include_str!`),
//! that the browser app offers in its menu and `kubelab --exercise ID` runs in a terminal.
//!
//! A new exercise under `exercises/` is added here (its `exercise.yaml` and every file its
//! `files:` lists); `cargo test -p kubelab-lab` fails when a folder under `exercises/` is missing
//! from this list or a listed file is not handed in.

use crate::exercise::{Exercise, LoadError};

/// One shipped exercise, as embedded.
#[derive(Debug)]
pub struct Builtin {
    /// The exercise's id, which is also its folder's name under `exercises/`.
    pub id: &'static str,
    /// The one-line title of the menu entry (the browser's exercise menu, `kubelab --help`).
    pub menu_title: &'static str,
    /// The text of its `exercise.yaml` and its files as `(name, contents)`, as
    /// [`Exercise::load`] takes them. A function rather than the texts themselves: the web
    /// build's split (crates/kubelab-split) then keeps only the open exercise's text in the
    /// first download, since only a function that runs holds the texts' addresses.
    pub source: fn() -> Source,
}

/// An exercise's `exercise.yaml` and its files as `(name, contents)`.
pub type Source = (&'static str, &'static [(&'static str, &'static str)]);

impl Builtin {
    /// Loads the exercise. Shipped exercises are checked by this crate's tests, so an error
    /// here is a defect of the build, not of the user's input.
    pub fn load(&self) -> Result<Exercise, LoadError> {
        let (yaml, files) = (self.source)();
        Exercise::load(yaml, files)
    }
}

/// Every shipped exercise, in menu order.
pub const BUILTIN: &[Builtin] = &[
    Builtin {
        id: "ex4",
        menu_title: "Exercise 4 — scaling, autoscaling, rollout (course era)",
        source: || {
            (
                include_str!("../../../exercises/ex4/exercise.yaml"),
                &[
                    ("helloworld-dep-svc.yaml", include_str!("../../../exercises/ex4/helloworld-dep-svc.yaml")),
                    ("navbar-black.yaml", include_str!("../../../exercises/ex4/navbar-black.yaml")),
                ],
            )
        },
    },
    Builtin {
        id: "discovery",
        menu_title: "Lab — service discovery with DNS (course era)",
        source: || {
            (
                include_str!("../../../exercises/discovery/exercise.yaml"),
                &[
                    ("rc.yaml", include_str!("../../../exercises/discovery/rc.yaml")),
                    ("svc.yaml", include_str!("../../../exercises/discovery/svc.yaml")),
                    ("jumpod.yaml", include_str!("../../../exercises/discovery/jumpod.yaml")),
                    ("other-ns.yaml", include_str!("../../../exercises/discovery/other-ns.yaml")),
                    ("other-rc.yaml", include_str!("../../../exercises/discovery/other-rc.yaml")),
                    ("other-svc.yaml", include_str!("../../../exercises/discovery/other-svc.yaml")),
                ],
            )
        },
    },
    Builtin {
        id: "hpa",
        menu_title: "Lab — the Horizontal Pod Autoscaler under load",
        source: || {
            (
                include_str!("../../../exercises/hpa/exercise.yaml"),
                &[("php-apache.yaml", include_str!("../../../exercises/hpa/php-apache.yaml"))],
            )
        },
    },
    Builtin {
        id: "autoscaler",
        menu_title: "Lab — the Cluster Autoscaler adds and removes nodes",
        source: || {
            (
                include_str!("../../../exercises/autoscaler/exercise.yaml"),
                &[
                    ("shop.yaml", include_str!("../../../exercises/autoscaler/shop.yaml")),
                    ("sale.yaml", include_str!("../../../exercises/autoscaler/sale.yaml")),
                ],
            )
        },
    },
    Builtin {
        id: "traffic",
        menu_title: "Lab — Services under load: load balancing and blue/green",
        source: || {
            (
                include_str!("../../../exercises/traffic/exercise.yaml"),
                &[
                    ("web-black.yaml", include_str!("../../../exercises/traffic/web-black.yaml")),
                    ("web-svc.yaml", include_str!("../../../exercises/traffic/web-svc.yaml")),
                    ("web-blue.yaml", include_str!("../../../exercises/traffic/web-blue.yaml")),
                ],
            )
        },
    },
    Builtin {
        id: "playground",
        menu_title: "Playground (current Kubernetes)",
        source: || {
            (
                include_str!("../../../exercises/playground/exercise.yaml"),
                &[("web.yaml", include_str!("../../../exercises/playground/web.yaml"))],
            )
        },
    },
    Builtin {
        id: "cloud",
        menu_title: "Playground — a cloud cluster with the Cluster Autoscaler",
        source: || {
            (
                include_str!("../../../exercises/cloud/exercise.yaml"),
                &[("burst.yaml", include_str!("../../../exercises/cloud/burst.yaml"))],
            )
        },
    },
    Builtin {
        id: "recreate",
        menu_title: "Lab — the Recreate strategy under load",
        source: || {
            (
                include_str!("../../../exercises/recreate/exercise.yaml"),
                &[
                    ("my-app.yaml", include_str!("../../../exercises/recreate/my-app.yaml")),
                    ("my-app-svc.yaml", include_str!("../../../exercises/recreate/my-app-svc.yaml")),
                    ("my-app-v2.yaml", include_str!("../../../exercises/recreate/my-app-v2.yaml")),
                ],
            )
        },
    },
    Builtin {
        id: "rollout",
        menu_title: "Lab — a Rollout whose analysis stops a bad canary (Argo Rollouts)",
        source: || {
            (
                include_str!("../../../exercises/rollout/exercise.yaml"),
                &[
                    ("my-app-svc.yaml", include_str!("../../../exercises/rollout/my-app-svc.yaml")),
                    ("error-rate.yaml", include_str!("../../../exercises/rollout/error-rate.yaml")),
                    ("my-app-rollout.yaml", include_str!("../../../exercises/rollout/my-app-rollout.yaml")),
                ],
            )
        },
    },
    Builtin {
        id: "canary",
        menu_title: "Lab — a canary release that catches a bad version",
        source: || {
            (
                include_str!("../../../exercises/canary/exercise.yaml"),
                &[
                    ("my-dep-v1.yaml", include_str!("../../../exercises/canary/my-dep-v1.yaml")),
                    ("my-dep-v2.yaml", include_str!("../../../exercises/canary/my-dep-v2.yaml")),
                    ("my-dep-v2-fix.yaml", include_str!("../../../exercises/canary/my-dep-v2-fix.yaml")),
                    ("my-app-svc.yaml", include_str!("../../../exercises/canary/my-app-svc.yaml")),
                ],
            )
        },
    },
    Builtin {
        id: "rolling",
        menu_title: "Lab — a rolling update within a budget, gated by readiness",
        source: || {
            (
                include_str!("../../../exercises/rolling/exercise.yaml"),
                &[
                    ("my-app.yaml", include_str!("../../../exercises/rolling/my-app.yaml")),
                    ("my-app-svc.yaml", include_str!("../../../exercises/rolling/my-app-svc.yaml")),
                ],
            )
        },
    },
    Builtin {
        id: "bluegreen",
        menu_title: "Lab — blue/green, an instant switch and an instant rollback",
        source: || {
            (
                include_str!("../../../exercises/bluegreen/exercise.yaml"),
                &[
                    ("my-dep-v1.yaml", include_str!("../../../exercises/bluegreen/my-dep-v1.yaml")),
                    ("my-dep-v2.yaml", include_str!("../../../exercises/bluegreen/my-dep-v2.yaml")),
                    ("my-app-svc.yaml", include_str!("../../../exercises/bluegreen/my-app-svc.yaml")),
                ],
            )
        },
    },
    Builtin {
        id: "gitops-pr",
        menu_title: "Lab — GitOps: a new version by pull request (Argo CD)",
        source: || (include_str!("../../../exercises/gitops-pr/exercise.yaml"), &[]),
    },
    Builtin {
        id: "gitops-revert",
        menu_title: "Lab — GitOps: a rollback by pull request (git revert)",
        source: || (include_str!("../../../exercises/gitops-revert/exercise.yaml"), &[]),
    },
    Builtin {
        id: "gitops-drift",
        menu_title: "Lab — GitOps: drift from Git, and self-heal",
        source: || (include_str!("../../../exercises/gitops-drift/exercise.yaml"), &[]),
    },
    Builtin {
        id: "gitops-rebuild",
        menu_title: "Lab — GitOps: the cluster goes down, everything returns from Git",
        source: || (include_str!("../../../exercises/gitops-rebuild/exercise.yaml"), &[]),
    },
    Builtin {
        id: "gitops-playground",
        menu_title: "Playground — GitOps: a pipeline, pull requests and Argo CD",
        source: || {
            (
                include_str!("../../../exercises/gitops-playground/exercise.yaml"),
                &[("application.yaml", include_str!("../../../exercises/gitops-playground/application.yaml"))],
            )
        },
    },
    Builtin {
        id: "gitops-push-pull",
        menu_title: "Lab — push versus pull: who holds the cluster's keys? (GitOps)",
        source: || {
            (
                include_str!("../../../exercises/gitops-push-pull/exercise.yaml"),
                &[("application.yaml", include_str!("../../../exercises/gitops-push-pull/application.yaml"))],
            )
        },
    },
];

/// The shipped exercise with this id.
pub fn builtin(id: &str) -> Option<&'static Builtin> {
    BUILTIN.iter().find(|b| b.id == id)
}

/// The position of `id` in [`BUILTIN`], usable in constants (`const EX4: usize = index_of("ex4");`).
/// An id that is not shipped stops the build (a panic during const evaluation).
pub const fn index_of(id: &str) -> usize {
    let mut i = 0;
    while i < BUILTIN.len() {
        if const_eq(BUILTIN[i].id.as_bytes(), id.as_bytes()) {
            return i;
        }
        i += 1;
    }
    panic!("not a shipped exercise id")
}

const fn const_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_exercise_loads_under_its_own_id() {
        for b in BUILTIN {
            let exercise = b.load().unwrap_or_else(|e| panic!("{}: {e}", b.id));
            assert_eq!(exercise.id, b.id);
            assert!(!b.menu_title.is_empty());
        }
    }

    #[test]
    fn lookups_by_id() {
        assert_eq!(builtin("traffic").map(|b| b.id), Some("traffic"));
        assert!(builtin("nope").is_none());
        assert!(builtin("").is_none());
        const PLAYGROUND: usize = index_of("playground");
        assert_eq!(BUILTIN[PLAYGROUND].id, "playground");
        assert_eq!(index_of("ex4"), 0);
    }
}
