//! Kubelab's simulated Kubernetes cluster: deterministic, in memory, no I/O.
//!
//! The main type is [`Cluster`]: it owns the object store (playing the API server), one clock
//! ([`SimTime`]), one seed (per-subsystem streams of [`rng::SimRng`]), the event log and every
//! controller's state. Callers change it through its public API (`create`, `update`, `delete`,
//! `rollback`, `step`, ...) and read it through `get`, `list` and `events`. Nothing here reads
//! real time or ambient randomness, parses command lines or knows about the browser.
//!
//! Modules: [`api`] (typed objects), [`cluster`] (the world, its phase order and the store),
//! `controllers` (deployment, replicaset/replicationcontroller, HPA, garbage collector,
//! endpoints), `scheduler`, `kubelet` (container lifecycle and probes), [`images`] (what each
//! image does, its shell and HTTP answers), [`network`] (cluster DNS, kube-proxy, access logs,
//! Service env vars), [`traffic`] (clients with a request rate, kube-proxy modes, counters and
//! time series), [`validation`] (defaulting and validation), [`hash`] (pod-template-hash).
//!
//! The controllers, the scheduler and the kubelet are private: each reconciles through a handle
//! that `Cluster` gives it (the store, the clock and its own state and random stream; see
//! [`cluster`]). From outside, none of them can be run and no subsystem's state or stream can be
//! reached:
//!
//! ```compile_fail,E0603
//! let mut c = kubelab_sim::Cluster::new(kubelab_sim::ClusterConfig::current(1));
//! kubelab_sim::controllers::gc::reconcile(&mut c); // module `controllers` is private
//! ```
//!
//! ```compile_fail,E0603
//! use kubelab_sim::scheduler::SchedulerState; // module `scheduler` is private
//! ```
//!
//! ```compile_fail,E0616
//! let mut c = kubelab_sim::Cluster::new(kubelab_sim::ClusterConfig::current(1));
//! let kubelet = &mut c.kubelet; // field `kubelet` of `Cluster` is private
//! ```
//!
//! ```compile_fail,E0616
//! let c = kubelab_sim::Cluster::new(kubelab_sim::ClusterConfig::current(1));
//! let rng = &kubelab_sim::traffic::state(&c).rng; // the traffic stream is private to `traffic`
//! ```
//!
//! Inside the crate the same field privacy is what keeps a controller to its own stream: each
//! stream is a private field of its owner's state (`SchedulerState`, `KubeletState`,
//! `TrafficState`) or of the store (names, ids, Service addresses), and a controller's handle
//! holds the store and that one state only.

pub mod api;
mod bootstrap;
pub mod ci;
pub mod cloud;
pub mod cluster;
mod controllers;
pub mod envvars;
pub mod error;
pub mod git;
pub mod hash;
pub mod images;
pub mod ingress;
mod kubelet;
pub mod metrics;
pub mod network;
pub mod rng;
mod scheduler;
pub mod secret;
pub mod sort;
pub mod time;
pub mod traffic;
pub mod usage;
pub mod validation;

pub use api::{Kind, Object, ObjectKey};
pub use cluster::{Cluster, ClusterConfig, DeleteOptions, KubeVersion, RollbackOutcome};
pub use controllers::argocd;
pub use controllers::autoscaler::rules::{drainability, BlockingReason, Drain};
pub use controllers::autoscaler::{Decision, DecisionKind};
pub use controllers::deployment::{max_surge, max_unavailable};
pub use controllers::hpa::decision::{HpaDecision, MetricWhy, PodCount, PodWhy, Stabilization};
pub use controllers::hpa::SYNC_PERIOD as HPA_SYNC_PERIOD;
pub use error::ApiError;
pub use time::{SimDuration, SimTime};
