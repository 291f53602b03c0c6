//! `kubectl explain` tables: Deployments, ReplicaSets and ReplicationControllers (apps/v1, and extensions/v1beta1 on the course-era server).

use super::*;

// --- Deployment (apps/v1) ---------------------------------------------------

pub(super) static DEPLOYMENT: TypeDef = TypeDef {
    name: "Deployment",
    desc: "Deployment enables declarative updates for Pods and ReplicaSets.",
    fields: &[
        API_VERSION,
        KIND,
        METADATA,
        f("spec", Ty::Obj(|| &DEPLOYMENT_SPEC), "Specification of the desired behavior of the Deployment."),
        f("status", Ty::Obj(|| &DEPLOYMENT_STATUS), "Most recently observed status of the Deployment."),
    ],
};

pub(super) static DEPLOYMENT_SPEC: TypeDef = TypeDef {
    name: "DeploymentSpec",
    desc: "DeploymentSpec is the specification of the desired behavior of the Deployment.",
    fields: &[
        MIN_READY_SECONDS,
        f("paused", Ty::Bool, "Indicates that the deployment is paused."),
        f("progressDeadlineSeconds", Ty::Int, "The maximum time in seconds for a deployment to make progress before it is considered to be failed. The deployment controller will continue to process failed deployments and a condition with a ProgressDeadlineExceeded reason will be surfaced in the deployment status. Note that progress will not be estimated during the time a deployment is paused. Defaults to 600s."),
        f("replicas", Ty::Int, "Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1."),
        f("revisionHistoryLimit", Ty::Int, "The number of old ReplicaSets to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. Defaults to 10."),
        req("selector", Ty::Obj(|| &LABEL_SELECTOR), "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels."),
        f("strategy", Ty::Obj(|| &DEPLOYMENT_STRATEGY), "The deployment strategy to use to replace existing pods with new ones."),
        req("template", Ty::Obj(|| &POD_TEMPLATE_SPEC), "Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is \"Always\"."),
    ],
};

pub(super) const STRATEGY_TYPE_DESC: &str = "Type of deployment. Can be \"Recreate\" or \"RollingUpdate\". Default is RollingUpdate.\n\nPossible enum values:\n - `\"Recreate\"` Kill all existing pods before creating new ones.\n - `\"RollingUpdate\"` Replace the old ReplicaSets by new one using rolling update i.e gradually scale down the old ReplicaSets and scale up the new one.";

pub(super) static DEPLOYMENT_STRATEGY: TypeDef = TypeDef {
    name: "DeploymentStrategy",
    desc: "DeploymentStrategy describes how to replace existing pods with new ones.",
    fields: &[
        f(
            "rollingUpdate",
            Ty::Obj(|| &ROLLING_UPDATE_DEPLOYMENT),
            "Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.",
        ),
        en("type", &["Recreate", "RollingUpdate"], STRATEGY_TYPE_DESC),
    ],
};

pub(super) static ROLLING_UPDATE_DEPLOYMENT: TypeDef = TypeDef {
    name: "RollingUpdateDeployment",
    desc: "Spec to control the desired behavior of rolling update.",
    fields: &[
        f("maxSurge", Ty::IntOrString, "The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). This can not be 0 if MaxUnavailable is 0. Absolute number is calculated from percentage by rounding up. Defaults to 25%. Example: when this is set to 30%, the new ReplicaSet can be scaled up immediately when the rolling update starts, such that the total number of old and new pods do not exceed 130% of desired pods. Once old pods have been killed, new ReplicaSet can be scaled up further, ensuring that total number of pods running at any time during the update is at most 130% of desired pods."),
        f("maxUnavailable", Ty::IntOrString, "The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding down. This can not be 0 if MaxSurge is 0. Defaults to 25%. Example: when this is set to 30%, the old ReplicaSet can be scaled down to 70% of desired pods immediately when the rolling update starts. Once new pods are ready, old ReplicaSet can be scaled down further, followed by scaling up the new ReplicaSet, ensuring that the total number of pods available at all times during the update is at least 70% of desired pods."),
    ],
};

pub(super) static DEPLOYMENT_STATUS: TypeDef = TypeDef {
    name: "DeploymentStatus",
    desc: "DeploymentStatus is the most recently observed status of the Deployment.",
    fields: &[
        f("availableReplicas", Ty::Int, "Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment."),
        f("collisionCount", Ty::Int, "Count of hash collisions for the Deployment. The Deployment controller uses this field as a collision avoidance mechanism when it needs to create the name for the newest ReplicaSet."),
        f("conditions", Ty::List(|| &DEPLOYMENT_CONDITION), "Represents the latest available observations of a deployment's current state."),
        f("observedGeneration", Ty::Int, "The generation observed by the deployment controller."),
        f("readyReplicas", Ty::Int, "Total number of non-terminating pods targeted by this Deployment with a Ready Condition."),
        f("replicas", Ty::Int, "Total number of non-terminating pods targeted by this deployment (their labels match the selector)."),
        f("terminatingReplicas", Ty::Int, "Total number of terminating pods targeted by this deployment. Terminating pods have a non-null .metadata.deletionTimestamp and have not yet reached the Failed or Succeeded .status.phase.\n\nThis is an alpha field. Enable DeploymentReplicaSetTerminatingReplicas to be able to use this field.").modern(),
        f("unavailableReplicas", Ty::Int, "Total number of unavailable pods targeted by this deployment. This is the total number of pods that are still required for the deployment to have 100% available capacity. They may either be pods that are running but not yet available or pods that still have not been created."),
        f("updatedReplicas", Ty::Int, "Total number of non-terminating pods targeted by this deployment that have the desired template spec."),
    ],
};

pub(super) static DEPLOYMENT_CONDITION: TypeDef = TypeDef {
    name: "DeploymentCondition",
    desc: "DeploymentCondition describes the state of a deployment at a certain point.",
    fields: &{
        let [a, b, c, d, e] =
            condition_fields("Status of the condition, one of True, False, Unknown.", "Type of deployment condition.");
        [a, f("lastUpdateTime", Ty::Time, "The last time this condition was updated."), b, c, d, e]
    },
};

// --- Deployment (extensions/v1beta1, course profile) ------------------------

pub(super) static DEPLOYMENT_EXT: TypeDef = TypeDef {
    name: "Deployment",
    desc: "DEPRECATED - This group version of Deployment is deprecated by apps/v1beta2/Deployment. See the release notes for more information. Deployment enables declarative updates for Pods and ReplicaSets.",
    fields: &[
        API_VERSION,
        KIND,
        f("metadata", Ty::Obj(|| &OBJECT_META), "Standard object metadata."),
        f("spec", Ty::Obj(|| &DEPLOYMENT_SPEC_EXT), "Specification of the desired behavior of the Deployment."),
        f("status", Ty::Obj(|| &DEPLOYMENT_STATUS), "Most recently observed status of the Deployment."),
    ],
};

pub(super) static DEPLOYMENT_SPEC_EXT: TypeDef = TypeDef {
    name: "DeploymentSpec",
    desc: "DeploymentSpec is the specification of the desired behavior of the Deployment.",
    fields: &[
        MIN_READY_SECONDS,
        f("paused", Ty::Bool, "Indicates that the deployment is paused and will not be processed by the deployment controller."),
        f("progressDeadlineSeconds", Ty::Int, "The maximum time in seconds for a deployment to make progress before it is considered to be failed. The deployment controller will continue to process failed deployments and a condition with a ProgressDeadlineExceeded reason will be surfaced in the deployment status. Note that progress will not be estimated during the time a deployment is paused. This is set to the max value of int32 (i.e. 2147483647) by default, which means \"no deadline\"."),
        f("replicas", Ty::Int, "Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1."),
        f("revisionHistoryLimit", Ty::Int, "The number of old ReplicaSets to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. This is set to the max value of int32 (i.e. 2147483647) by default, which means \"retaining all old RelicaSets\"."),
        f("rollbackTo", Ty::Obj(|| &ROLLBACK_CONFIG), "DEPRECATED. The config this deployment is rolling back to. Will be cleared after rollback is done."),
        f("selector", Ty::Obj(|| &LABEL_SELECTOR), "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment."),
        f("strategy", Ty::Obj(|| &DEPLOYMENT_STRATEGY_EXT), "The deployment strategy to use to replace existing pods with new ones."),
        req("template", Ty::Obj(|| &POD_TEMPLATE_SPEC), "Template describes the pods that will be created."),
    ],
};

pub(super) static ROLLBACK_CONFIG: TypeDef = TypeDef {
    name: "RollbackConfig",
    desc: "DEPRECATED.",
    fields: &[f("revision", Ty::Int, "The revision to rollback to. If set to 0, rollback to the last revision.")],
};

pub(super) static DEPLOYMENT_STRATEGY_EXT: TypeDef = TypeDef {
    name: "DeploymentStrategy",
    desc: "DeploymentStrategy describes how to replace existing pods with new ones.",
    fields: &[
        f(
            "rollingUpdate",
            Ty::Obj(|| &ROLLING_UPDATE_DEPLOYMENT_EXT),
            "Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.",
        ),
        f("type", Ty::Str, "Type of deployment. Can be \"Recreate\" or \"RollingUpdate\". Default is RollingUpdate."),
    ],
};

pub(super) static ROLLING_UPDATE_DEPLOYMENT_EXT: TypeDef = TypeDef {
    name: "RollingUpdateDeployment",
    desc: "Spec to control the desired behavior of rolling update.",
    fields: &[
        f("maxSurge", Ty::IntOrString, "The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). This can not be 0 if MaxUnavailable is 0. Absolute number is calculated from percentage by rounding up. By default, a value of 1 is used. Example: when this is set to 30%, the new RC can be scaled up immediately when the rolling update starts, such that the total number of old and new pods do not exceed 130% of desired pods. Once old pods have been killed, new RC can be scaled up further, ensuring that total number of pods running at any time during the update is atmost 130% of desired pods."),
        f("maxUnavailable", Ty::IntOrString, "The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding down. This can not be 0 if MaxSurge is 0. By default, a fixed value of 1 is used. Example: when this is set to 30%, the old RC can be scaled down to 70% of desired pods immediately when the rolling update starts. Once new pods are ready, old RC can be scaled down further, followed by scaling up the new RC, ensuring that the total number of pods available at all times during the update is at least 70% of desired pods."),
    ],
};

// --- ReplicaSet -------------------------------------------------------------

pub(super) const RS_FIELDS_TAIL: [Field; 2] = [
    f("spec", Ty::Obj(|| &REPLICA_SET_SPEC), "Spec defines the specification of the desired behavior of the ReplicaSet. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    f("status", Ty::Obj(|| &REPLICA_SET_STATUS), "Status is the most recently observed status of the ReplicaSet. This data may be out of date by some window of time. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
];
pub(super) const RS_METADATA: Field = f(
    "metadata",
    Ty::Obj(|| &OBJECT_META),
    "If the Labels of a ReplicaSet are empty, they are defaulted to be the same as the Pod(s) that the ReplicaSet manages. Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
);

pub(super) static REPLICA_SET: TypeDef = TypeDef {
    name: "ReplicaSet",
    desc: "ReplicaSet ensures that a specified number of pod replicas are running at any given time.",
    fields: &[API_VERSION, KIND, RS_METADATA, RS_FIELDS_TAIL[0], RS_FIELDS_TAIL[1]],
};

pub(super) static REPLICA_SET_EXT: TypeDef = TypeDef {
    name: "ReplicaSet",
    desc: "DEPRECATED - This group version of ReplicaSet is deprecated by apps/v1beta2/ReplicaSet. See the release notes for more information. ReplicaSet ensures that a specified number of pod replicas are running at any given time.",
    fields: &[API_VERSION, KIND, RS_METADATA, RS_FIELDS_TAIL[0], RS_FIELDS_TAIL[1]],
};

pub(super) static REPLICA_SET_SPEC: TypeDef = TypeDef {
    name: "ReplicaSetSpec",
    desc: "ReplicaSetSpec is the specification of a ReplicaSet.",
    fields: &[
        MIN_READY_SECONDS,
        f("replicas", Ty::Int, "Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#how-a-replicaset-works"),
        req("selector", Ty::Obj(|| &LABEL_SELECTOR), "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
        f("template", Ty::Obj(|| &POD_TEMPLATE_SPEC), "Template is the object that describes the pod that will be created if insufficient replicas are detected. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#pod-template"),
    ],
};

pub(super) static REPLICA_SET_STATUS: TypeDef = TypeDef {
    name: "ReplicaSetStatus",
    desc: "ReplicaSetStatus represents the current status of a ReplicaSet.",
    fields: &[
        f("availableReplicas", Ty::Int, "The number of available non-terminating pods (ready for at least minReadySeconds) for this replica set."),
        f("conditions", Ty::List(|| &REPLICA_SET_CONDITION), "Represents the latest available observations of a replica set's current state."),
        f("fullyLabeledReplicas", Ty::Int, "The number of non-terminating pods that have labels matching the labels of the pod template of the replicaset."),
        f("observedGeneration", Ty::Int, "ObservedGeneration reflects the generation of the most recently observed ReplicaSet."),
        f("readyReplicas", Ty::Int, "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition."),
        req("replicas", Ty::Int, "Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#how-a-replicaset-works"),
        f("terminatingReplicas", Ty::Int, "The number of terminating pods for this replica set. Terminating pods have a non-null .metadata.deletionTimestamp and have not yet reached the Failed or Succeeded .status.phase.\n\nThis is an alpha field. Enable DeploymentReplicaSetTerminatingReplicas to be able to use this field.").modern(),
    ],
};

pub(super) static REPLICA_SET_CONDITION: TypeDef = TypeDef {
    name: "ReplicaSetCondition",
    desc: "ReplicaSetCondition describes the state of a replica set at a certain point.",
    fields: &condition_fields(
        "Status of the condition, one of True, False, Unknown.",
        "Type of replica set condition.",
    ),
};

// --- ReplicationController --------------------------------------------------

pub(super) static REPLICATION_CONTROLLER: TypeDef = TypeDef {
    name: "ReplicationController",
    desc: "ReplicationController represents the configuration of a replication controller.",
    fields: &[
        API_VERSION,
        KIND,
        f("metadata", Ty::Obj(|| &OBJECT_META), "If the Labels of a ReplicationController are empty, they are defaulted to be the same as the Pod(s) that the replication controller manages. Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
        f("spec", Ty::Obj(|| &REPLICATION_CONTROLLER_SPEC), "Spec defines the specification of the desired behavior of the replication controller. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
        f("status", Ty::Obj(|| &REPLICATION_CONTROLLER_STATUS), "Status is the most recently observed status of the replication controller. This data may be out of date by some window of time. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

pub(super) static REPLICATION_CONTROLLER_SPEC: TypeDef = TypeDef {
    name: "ReplicationControllerSpec",
    desc: "ReplicationControllerSpec is the specification of a replication controller.",
    fields: &[
        MIN_READY_SECONDS,
        f("replicas", Ty::Int, "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller"),
        f("selector", Ty::StrMap, "Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
        f("template", Ty::Obj(|| &POD_TEMPLATE_SPEC), "Template is the object that describes the pod that will be created if insufficient replicas are detected. This takes precedence over a TemplateRef. The only allowed template.spec.restartPolicy value is \"Always\". More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#pod-template"),
    ],
};

pub(super) static REPLICATION_CONTROLLER_STATUS: TypeDef = TypeDef {
    name: "ReplicationControllerStatus",
    desc: "ReplicationControllerStatus represents the current status of a replication controller.",
    fields: &[
        f("availableReplicas", Ty::Int, "The number of available replicas (ready for at least minReadySeconds) for this replication controller."),
        f("conditions", Ty::List(|| &REPLICATION_CONTROLLER_CONDITION), "Represents the latest available observations of a replication controller's current state."),
        f("fullyLabeledReplicas", Ty::Int, "The number of pods that have labels matching the labels of the pod template of the replication controller."),
        f("observedGeneration", Ty::Int, "ObservedGeneration reflects the generation of the most recently observed replication controller."),
        f("readyReplicas", Ty::Int, "The number of ready replicas for this replication controller."),
        req("replicas", Ty::Int, "Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller"),
    ],
};

pub(super) static REPLICATION_CONTROLLER_CONDITION: TypeDef = TypeDef {
    name: "ReplicationControllerCondition",
    desc: "ReplicationControllerCondition describes the state of a replication controller at a certain point.",
    fields: &condition_fields(
        "Status of the condition, one of True, False, Unknown.",
        "Type of replication controller condition.",
    ),
};
