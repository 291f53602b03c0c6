//! Integration tests of the simulated cluster through its public API, in one test binary.
//!
//! * `basics`: what a student sees first (pods come up, names, events, self-healing, cascading
//!   deletion).
//! * `dns`: SRV records for named Service ports and ExternalName Services (CNAME).
//! * `determinism`: same seed and same actions give the same cluster, byte for byte.
//! * `endpoints`: property tests of the endpoints controller (Endpoints and EndpointSlices hold
//!   exactly the ready, matching pods).
//! * `hpa`: the HorizontalPodAutoscaler on served samples (scale-out, the stabilization window,
//!   behavior policies) and property tests of its bounds, window and scale-up cap.
//! * `hpa_decisions`: each HPA sync kept as data (`Cluster::hpa_decisions`): pods counted,
//!   utilization, ratio, the window's recommendations, the clamp.
//! * `images`: image specs registered with a cluster (answers, error shares, no effect on others).
//! * `traffic`: cluster DNS answers, the Service environment, and kube-proxy spreading requests
//!   evenly over ready endpoints only.
//! * `invariants`: property tests, random student sessions with invariants checked after every
//!   simulated second.
//! * `sets`: DaemonSets (one pod per eligible node) and StatefulSets (ordinals, order,
//!   partitions), property tests; kube-proxy as a DaemonSet.
//! * `usage`: resource use under load (php-apache at its CPU limit), metrics-server's reports.
//! * `scale`: large numbers (the ReplicaSet controller's 500-pod bursts, the scheduler's queue
//!   of unschedulable pods and its back-off).

mod argocd;
mod autoscaler;
mod autoscaler_blocking;
mod basics;
mod common;
mod determinism;
mod digest;
mod dns;
mod endpoints;
mod hpa;
mod hpa_decisions;
mod images;
mod invariants;
mod jobs;
mod rollout;
mod scale;
mod sets;
mod traffic;
mod usage;
