//! The controllers, level-triggered: each looks at the whole store and closes the gap between
//! desired and observed state. They run in the order `Cluster::settle` documents.

pub mod argocd;
pub(crate) mod autoscaler;
pub(crate) mod cronjob;
pub(crate) mod daemonset;
pub(crate) mod deployment;
pub(crate) mod disruption;
pub(crate) mod endpoints;
pub(crate) mod gc;
pub(crate) mod history;
pub(crate) mod hpa;
pub(crate) mod ingress;
pub(crate) mod job;
pub(crate) mod nodelifecycle;
pub(crate) mod replicaset;
pub(crate) mod rollout;
pub(crate) mod serviceaccount;
pub(crate) mod statefulset;
pub(crate) mod volume;
