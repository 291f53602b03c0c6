//! The controllers, level-triggered: each looks at the whole store and closes the gap between
//! desired and observed state. They run in the order `Cluster::settle` documents.

pub mod deployment;
pub mod endpoints;
pub mod gc;
pub mod hpa;
pub mod replicaset;
