//! Typed API objects, named as in Kubernetes, with their wire field names (camelCase) so that
//! manifests decode into them and `-o yaml` encodes from them.
//!
//! Fields we do not model are kept in `extra` maps so that an object round-trips.

pub mod application;
pub mod cluster_objects;
pub mod cron;
pub mod hpa;
pub mod ingress;
pub mod job;
pub mod meta;
pub mod pdb;
pub mod pod;
pub mod quantity;
pub mod rollout;
pub mod selector;
pub mod sets;
pub mod storage;
pub mod workloads;

pub use cluster_objects::*;
pub use hpa::{
    HpaBehavior, HpaScalingPolicy, HpaScalingRules, MetricSpec, MetricStatus, MetricTarget, MetricValueStatus,
    ResourceMetricSource, ResourceMetricStatus,
};
pub use ingress::*;
pub use job::*;
pub use meta::*;
pub use pdb::PodDisruptionBudget;
pub use pod::*;
pub use selector::*;
pub use sets::*;
pub use storage::*;
pub use workloads::*;

use serde::{Deserialize, Serialize};

/// The kinds the store holds. The order is the order `kubectl get all` and listings use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Kind {
    Namespace,
    Node,
    Pod,
    ReplicationController,
    Service,
    Deployment,
    ReplicaSet,
    HorizontalPodAutoscaler,
    ConfigMap,
    ServiceAccount,
    Endpoints,
    EndpointSlice,
    Secret,
    Job,
    CronJob,
    DaemonSet,
    StatefulSet,
    PersistentVolumeClaim,
    PersistentVolume,
    StorageClass,
    Ingress,
    IngressClass,
    PodDisruptionBudget,
    Rollout,
    AnalysisRun,
    AnalysisTemplate,
    /// Argo CD's `argoproj.io/v1alpha1` Application (a custom resource: served once the agent is installed).
    Application,
}

impl Kind {
    pub const ALL: [Kind; 27] = [
        Kind::Namespace,
        Kind::Node,
        Kind::Pod,
        Kind::ReplicationController,
        Kind::Service,
        Kind::Deployment,
        Kind::ReplicaSet,
        Kind::HorizontalPodAutoscaler,
        Kind::ConfigMap,
        Kind::ServiceAccount,
        Kind::Endpoints,
        Kind::EndpointSlice,
        Kind::Secret,
        Kind::Job,
        Kind::CronJob,
        Kind::DaemonSet,
        Kind::StatefulSet,
        Kind::PersistentVolumeClaim,
        Kind::PersistentVolume,
        Kind::StorageClass,
        Kind::Ingress,
        Kind::IngressClass,
        Kind::PodDisruptionBudget,
        Kind::Rollout,
        Kind::AnalysisRun,
        Kind::AnalysisTemplate,
        Kind::Application,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Namespace => "Namespace",
            Kind::Node => "Node",
            Kind::Pod => "Pod",
            Kind::ReplicationController => "ReplicationController",
            Kind::Service => "Service",
            Kind::Deployment => "Deployment",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::HorizontalPodAutoscaler => "HorizontalPodAutoscaler",
            Kind::ConfigMap => "ConfigMap",
            Kind::ServiceAccount => "ServiceAccount",
            Kind::Endpoints => "Endpoints",
            Kind::EndpointSlice => "EndpointSlice",
            Kind::Secret => "Secret",
            Kind::Job => "Job",
            Kind::CronJob => "CronJob",
            Kind::DaemonSet => "DaemonSet",
            Kind::StatefulSet => "StatefulSet",
            Kind::PersistentVolumeClaim => "PersistentVolumeClaim",
            Kind::PersistentVolume => "PersistentVolume",
            Kind::StorageClass => "StorageClass",
            Kind::Ingress => "Ingress",
            Kind::IngressClass => "IngressClass",
            Kind::PodDisruptionBudget => "PodDisruptionBudget",
            Kind::Rollout => "Rollout",
            Kind::AnalysisRun => "AnalysisRun",
            Kind::AnalysisTemplate => "AnalysisTemplate",
            Kind::Application => "Application",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Lower-case plural resource name, as in `deployments`.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Namespace => "namespaces",
            Kind::Node => "nodes",
            Kind::Pod => "pods",
            Kind::ReplicationController => "replicationcontrollers",
            Kind::Service => "services",
            Kind::Deployment => "deployments",
            Kind::ReplicaSet => "replicasets",
            Kind::HorizontalPodAutoscaler => "horizontalpodautoscalers",
            Kind::ConfigMap => "configmaps",
            Kind::ServiceAccount => "serviceaccounts",
            Kind::Endpoints => "endpoints",
            Kind::EndpointSlice => "endpointslices",
            Kind::Secret => "secrets",
            Kind::Job => "jobs",
            Kind::CronJob => "cronjobs",
            Kind::DaemonSet => "daemonsets",
            Kind::StatefulSet => "statefulsets",
            Kind::PersistentVolumeClaim => "persistentvolumeclaims",
            Kind::PersistentVolume => "persistentvolumes",
            Kind::StorageClass => "storageclasses",
            Kind::Ingress => "ingresses",
            Kind::IngressClass => "ingressclasses",
            Kind::PodDisruptionBudget => "poddisruptionbudgets",
            Kind::Rollout => "rollouts",
            Kind::AnalysisRun => "analysisruns",
            Kind::AnalysisTemplate => "analysistemplates",
            Kind::Application => "applications",
        }
    }

    pub fn namespaced(self) -> bool {
        !matches!(self, Kind::Namespace | Kind::Node | Kind::PersistentVolume | Kind::StorageClass | Kind::IngressClass)
    }

    /// The API group ("" for core).
    pub fn group(self) -> &'static str {
        match self {
            Kind::Deployment | Kind::ReplicaSet | Kind::DaemonSet | Kind::StatefulSet => "apps",
            Kind::Job | Kind::CronJob => "batch",
            Kind::StorageClass => "storage.k8s.io",
            Kind::Ingress | Kind::IngressClass => "networking.k8s.io",
            Kind::HorizontalPodAutoscaler => "autoscaling",
            Kind::EndpointSlice => "discovery.k8s.io",
            Kind::PodDisruptionBudget => "policy",
            Kind::Rollout | Kind::AnalysisRun | Kind::AnalysisTemplate | Kind::Application => "argoproj.io",
            _ => "",
        }
    }
}

/// Identifies one object: kind, namespace ("" for cluster-scoped kinds) and name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ObjectKey {
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
}

impl ObjectKey {
    pub fn new(kind: Kind, namespace: &str, name: &str) -> ObjectKey {
        let namespace = if kind.namespaced() { namespace.to_string() } else { String::new() };
        ObjectKey { kind, namespace, name: name.to_string() }
    }
}

/// Any stored object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Object {
    Namespace(Namespace),
    Node(Node),
    Pod(Pod),
    ReplicationController(ReplicationController),
    Service(Service),
    Deployment(Deployment),
    ReplicaSet(ReplicaSet),
    HorizontalPodAutoscaler(HorizontalPodAutoscaler),
    Endpoints(Endpoints),
    EndpointSlice(EndpointSlice),
    DaemonSet(DaemonSet),
    StatefulSet(StatefulSet),
    Job(Job),
    /// Boxed: a CronJob carries a whole Job template.
    CronJob(Box<CronJob>),
    /// Kinds stored and listed without a typed form (ConfigMaps, ServiceAccounts, and the kinds
    /// `Kind` names whose typed form is not written yet).
    Opaque(Kind, Opaque),
}

macro_rules! each_object {
    ($obj:expr, $o:ident => $body:expr) => {
        match $obj {
            Object::Namespace($o) => $body,
            Object::Node($o) => $body,
            Object::Pod($o) => $body,
            Object::ReplicationController($o) => $body,
            Object::Service($o) => $body,
            Object::Deployment($o) => $body,
            Object::ReplicaSet($o) => $body,
            Object::HorizontalPodAutoscaler($o) => $body,
            Object::Endpoints($o) => $body,
            Object::EndpointSlice($o) => $body,
            Object::DaemonSet($o) => $body,
            Object::StatefulSet($o) => $body,
            Object::Job($o) => $body,
            Object::CronJob($o) => $body,
            Object::Opaque(_, $o) => $body,
        }
    };
}

impl Object {
    pub fn kind(&self) -> Kind {
        match self {
            Object::Namespace(_) => Kind::Namespace,
            Object::Node(_) => Kind::Node,
            Object::Pod(_) => Kind::Pod,
            Object::ReplicationController(_) => Kind::ReplicationController,
            Object::Service(_) => Kind::Service,
            Object::Deployment(_) => Kind::Deployment,
            Object::ReplicaSet(_) => Kind::ReplicaSet,
            Object::HorizontalPodAutoscaler(_) => Kind::HorizontalPodAutoscaler,
            Object::Endpoints(_) => Kind::Endpoints,
            Object::EndpointSlice(_) => Kind::EndpointSlice,
            Object::DaemonSet(_) => Kind::DaemonSet,
            Object::StatefulSet(_) => Kind::StatefulSet,
            Object::Job(_) => Kind::Job,
            Object::CronJob(_) => Kind::CronJob,
            Object::Opaque(k, _) => *k,
        }
    }
    pub fn meta(&self) -> &ObjectMeta {
        each_object!(self, o => &o.metadata)
    }
    pub fn meta_mut(&mut self) -> &mut ObjectMeta {
        each_object!(self, o => &mut o.metadata)
    }
    pub fn api_version(&self) -> &str {
        each_object!(self, o => &o.api_version)
    }
    pub fn set_api_version(&mut self, v: &str) {
        each_object!(self, o => o.api_version = v.to_string())
    }
    pub fn key(&self) -> ObjectKey {
        ObjectKey::new(self.kind(), self.meta().ns(), &self.meta().name)
    }
    /// The object as JSON in its wire shape (timestamps are still simulator milliseconds).
    pub fn to_json(&self) -> serde_json::Value {
        let mut v = each_object!(self, o => serde_json::to_value(o).unwrap_or(serde_json::Value::Null));
        if let serde_json::Value::Object(map) = &mut v {
            map.insert("kind".into(), serde_json::Value::String(self.kind().name().to_string()));
        }
        v
    }
    pub fn as_pod(&self) -> Option<&Pod> {
        match self {
            Object::Pod(p) => Some(p),
            _ => None,
        }
    }
    pub fn as_deployment(&self) -> Option<&Deployment> {
        match self {
            Object::Deployment(d) => Some(d),
            _ => None,
        }
    }
    pub fn as_daemon_set(&self) -> Option<&DaemonSet> {
        match self {
            Object::DaemonSet(d) => Some(d),
            _ => None,
        }
    }
    pub fn as_stateful_set(&self) -> Option<&StatefulSet> {
        match self {
            Object::StatefulSet(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_replica_set(&self) -> Option<&ReplicaSet> {
        match self {
            Object::ReplicaSet(r) => Some(r),
            _ => None,
        }
    }
}
