//! Kubelab's simulated Kubernetes cluster: deterministic, in memory, no I/O.
//!
//! The main type is [`Cluster`]: it owns the object store (playing the API server), one clock
//! ([`SimTime`]), one seed (per-subsystem streams of [`rng::SimRng`]), the event log and every controller's state.
//! Callers change it through its public API (`create`, `update`, `delete`, `step`, ...) and read
//! it through `get`, `list` and `events`. Nothing here reads real time or ambient randomness,
//! parses command lines or knows about the browser.
//!
//! Modules: [`api`] (typed objects), [`cluster`] (the world and its phase order), `controllers`
//! (deployment, replicaset/replicationcontroller, HPA, garbage collector, endpoints), `scheduler`, `kubelet`
//! (container lifecycle and probes), [`images`] (what each image does, its shell and HTTP
//! answers), [`network`] (cluster DNS, kube-proxy, access logs, Service env vars), [`traffic`]
//! (clients with a request rate, kube-proxy modes, counters and time series), [`validation`]
//! (defaulting and validation), [`hash`] (pod-template-hash).

pub mod api;
mod bootstrap;
pub mod cluster;
mod controllers;
pub mod error;
pub mod hash;
pub mod images;
mod kubelet;
pub mod metrics;
pub mod network;
pub mod rng;
mod scheduler;
pub mod time;
pub mod traffic;
pub mod validation;

pub use api::{Kind, Object, ObjectKey};
pub use cluster::{Cluster, ClusterConfig, DeleteOptions, KubeVersion, RollbackOutcome};
pub use controllers::deployment::{max_surge, max_unavailable};
pub use controllers::hpa::SYNC_PERIOD as HPA_SYNC_PERIOD;
pub use error::ApiError;
pub use time::{SimDuration, SimTime};
