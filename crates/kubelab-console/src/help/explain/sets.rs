//! `kubectl explain` types of DaemonSets and StatefulSets. Descriptions paraphrase the
//! Kubernetes OpenAPI ones; a StatefulSet's `volumeClaimTemplates` and
//! `persistentVolumeClaimRetentionPolicy` list their common fields only.

use super::*;

pub(super) static DAEMON_SET: TypeDef = TypeDef {
    name: "DaemonSet",
    desc: "DaemonSet represents the configuration of a daemon set.",
    fields: &[
        API_VERSION,
        KIND,
        f("metadata", Ty::Obj(|| &OBJECT_META), "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
        f("spec", Ty::Obj(|| &DAEMON_SET_SPEC), "The desired behavior of this daemon set. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
        f("status", Ty::Obj(|| &DAEMON_SET_STATUS), "The current status of this daemon set. This data may be out of date by some window of time. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

pub(super) static DAEMON_SET_EXT: TypeDef = TypeDef {
    name: "DaemonSet",
    desc: "DEPRECATED - This group version of DaemonSet is deprecated by apps/v1beta2/DaemonSet. See the release notes for more information. DaemonSet represents the configuration of a daemon set.",
    fields: DAEMON_SET.fields,
};

static DAEMON_SET_SPEC: TypeDef = TypeDef {
    name: "DaemonSetSpec",
    desc: "DaemonSetSpec is the specification of a daemon set.",
    fields: &[
        f("minReadySeconds", Ty::Int, "The minimum number of seconds for which a newly created DaemonSet pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)."),
        f("revisionHistoryLimit", Ty::Int, "The number of old history to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. Defaults to 10."),
        req("selector", Ty::Obj(|| &LABEL_SELECTOR), "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
        req("template", Ty::Obj(|| &POD_TEMPLATE_SPEC), "An object that describes the pod that will be created. The DaemonSet will create exactly one copy of this pod on every node that matches the template's node selector (or on every node if no node selector is specified). The only allowed template.spec.restartPolicy value is \"Always\". More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#pod-template"),
        f("updateStrategy", Ty::Obj(|| &DAEMON_SET_UPDATE_STRATEGY), "An update strategy to replace existing DaemonSet pods with new pods."),
    ],
};

static DAEMON_SET_UPDATE_STRATEGY: TypeDef = TypeDef {
    name: "DaemonSetUpdateStrategy",
    desc: "DaemonSetUpdateStrategy is a struct used to control the update strategy for a DaemonSet.",
    fields: &[
        f("rollingUpdate", Ty::Obj(|| &ROLLING_UPDATE_DAEMON_SET), "Rolling update config params. Present only if type = \"RollingUpdate\"."),
        en("type", &["OnDelete", "RollingUpdate"], "Type of daemon set update. Can be \"RollingUpdate\" or \"OnDelete\". Default is RollingUpdate.\n\nPossible enum values:\n - `\"OnDelete\"` Replace the old daemons only when it's killed\n - `\"RollingUpdate\"` Replace the old daemons by new ones using rolling update i.e replace them on each node one after the other."),
    ],
};

static ROLLING_UPDATE_DAEMON_SET: TypeDef = TypeDef {
    name: "RollingUpdateDaemonSet",
    desc: "Spec to control the desired behavior of daemon set rolling update.",
    fields: &[
        f("maxSurge", Ty::IntOrString, "The maximum number of nodes with an existing available DaemonSet pod that can have an updated DaemonSet pod during during an update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). This can not be 0 if MaxUnavailable is 0. Default value is 0.").modern(),
        f("maxUnavailable", Ty::IntOrString, "The maximum number of DaemonSet pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of total number of DaemonSet pods at the start of the update (ex: 10%). Absolute number is calculated from percentage by rounding up. This cannot be 0 if MaxSurge is 0 Default value is 1."),
    ],
};

static DAEMON_SET_STATUS: TypeDef = TypeDef {
    name: "DaemonSetStatus",
    desc: "DaemonSetStatus represents the current status of a daemon set.",
    fields: &[
        f("collisionCount", Ty::Int, "Count of hash collisions for the DaemonSet. The DaemonSet controller uses this field as a collision avoidance mechanism when it needs to create the name for the newest ControllerRevision."),
        req("currentNumberScheduled", Ty::Int, "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
        req("desiredNumberScheduled", Ty::Int, "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
        f("numberAvailable", Ty::Int, "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
        req("numberMisscheduled", Ty::Int, "The number of nodes that are running the daemon pod, but are not supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
        req("numberReady", Ty::Int, "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition."),
        f("numberUnavailable", Ty::Int, "The number of nodes that should be running the daemon pod and have none of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
        f("observedGeneration", Ty::Int, "The most recent generation observed by the daemon set controller."),
        f("updatedNumberScheduled", Ty::Int, "The total number of nodes that are running updated daemon pod"),
    ],
};

pub(super) static STATEFUL_SET: TypeDef = TypeDef {
    name: "StatefulSet",
    desc: "StatefulSet represents a set of pods with consistent identities. Identities are defined as:\n  - Network: A single stable DNS and hostname.\n  - Storage: As many VolumeClaims as requested.\n\nThe StatefulSet guarantees that a given network identity will always map to the same storage identity.",
    fields: &[
        API_VERSION,
        KIND,
        f("metadata", Ty::Obj(|| &OBJECT_META), "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
        f("spec", Ty::Obj(|| &STATEFUL_SET_SPEC), "Spec defines the desired identities of pods in this set."),
        f("status", Ty::Obj(|| &STATEFUL_SET_STATUS), "Status is the current status of Pods in this StatefulSet. This data may be out of date by some window of time."),
    ],
};

static STATEFUL_SET_SPEC: TypeDef = TypeDef {
    name: "StatefulSetSpec",
    desc: "A StatefulSetSpec is the specification of a StatefulSet.",
    fields: &[
        f("minReadySeconds", Ty::Int, "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)").modern(),
        en("podManagementPolicy", &["OrderedReady", "Parallel"], "podManagementPolicy controls how pods are created during initial scale up, when replacing pods on nodes, or when scaling down. The default policy is `OrderedReady`, where pods are created in increasing order (pod-0, then pod-1, etc) and the controller will wait until each pod is ready before continuing. When scaling down, the pods are removed in the opposite order. The alternative policy is `Parallel` which will create pods in parallel to match the desired scale without waiting, and on scale down will delete all pods at once.\n\nPossible enum values:\n - `\"OrderedReady\"` will create pods in strictly increasing order on scale up and strictly decreasing order on scale down, progressing only when the previous pod is ready or terminated. At most one pod will be changed at any time.\n - `\"Parallel\"` will create and delete pods as soon as the stateful set replica count is changed, and will not wait for pods to be ready or complete termination."),
        f("replicas", Ty::Int, "replicas is the desired number of replicas of the given Template. These are replicas in the sense that they are instantiations of the same Template, but individual replicas also have a consistent identity. If unspecified, defaults to 1."),
        f("revisionHistoryLimit", Ty::Int, "revisionHistoryLimit is the maximum number of revisions that will be maintained in the StatefulSet's revision history. The revision history consists of all revisions not represented by a currently applied StatefulSetSpec version. The default value is 10."),
        req("selector", Ty::Obj(|| &LABEL_SELECTOR), "selector is a label query over pods that should match the replica count. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
        f("serviceName", Ty::Str, "serviceName is the name of the service that governs this StatefulSet. This service must exist before the StatefulSet, and is responsible for the network identity of the set. Pods get DNS/hostnames that follow the pattern: pod-specific-string.serviceName.default.svc.cluster.local where \"pod-specific-string\" is managed by the StatefulSet controller."),
        req("template", Ty::Obj(|| &POD_TEMPLATE_SPEC), "template is the object that describes the pod that will be created if insufficient replicas are detected. Each pod stamped out by the StatefulSet will fulfill this Template, but have a unique identity from the rest of the StatefulSet. Each pod will be named with the format <statefulsetname>-<podindex>. For example, a pod in a StatefulSet named \"web\" with index number \"3\" would be named \"web-3\". The only allowed template.spec.restartPolicy value is \"Always\"."),
        f("updateStrategy", Ty::Obj(|| &STATEFUL_SET_UPDATE_STRATEGY), "updateStrategy indicates the StatefulSetUpdateStrategy that will be employed to update Pods in the StatefulSet when a revision is made to Template."),
        f("volumeClaimTemplates", Ty::List(|| &PVC), "volumeClaimTemplates is a list of claims that pods are allowed to reference. The StatefulSet controller is responsible for mapping network identities to claims in a way that maintains the identity of a pod. Every claim in this list must have at least one matching (by name) volumeMount in one container in the template. A claim in this list takes precedence over any volumes in the template, with the same name."),
    ],
};

static STATEFUL_SET_UPDATE_STRATEGY: TypeDef = TypeDef {
    name: "StatefulSetUpdateStrategy",
    desc: "StatefulSetUpdateStrategy indicates the strategy that the StatefulSet controller will use to perform updates. It includes any additional parameters necessary to perform the update for the indicated strategy.",
    fields: &[
        f("rollingUpdate", Ty::Obj(|| &ROLLING_UPDATE_STATEFUL_SET), "RollingUpdate is used to communicate parameters when Type is RollingUpdateStatefulSetStrategyType."),
        en("type", &["OnDelete", "RollingUpdate"], "Type indicates the type of the StatefulSetUpdateStrategy. Default is RollingUpdate.\n\nPossible enum values:\n - `\"OnDelete\"` triggers the legacy behavior. Version tracking and ordered rolling restarts are disabled. Pods are recreated from the StatefulSetSpec when they are manually deleted. When a scale operation is performed with this strategy,specification version indicated by the StatefulSet's currentRevision.\n - `\"RollingUpdate\"` indicates that update will be applied to all Pods in the StatefulSet with respect to the StatefulSet ordering constraints. When a scale operation is performed with this strategy, new Pods will be created from the specification version indicated by the StatefulSet's updateRevision."),
    ],
};

static ROLLING_UPDATE_STATEFUL_SET: TypeDef = TypeDef {
    name: "RollingUpdateStatefulSetStrategy",
    desc: "RollingUpdateStatefulSetStrategy is used to communicate parameter for RollingUpdateStatefulSetStrategyType.",
    fields: &[
        f("maxUnavailable", Ty::IntOrString, "The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding up. This can not be 0. Defaults to 1. This field is alpha-level and is only honored by servers that enable the MaxUnavailableStatefulSet feature. The field applies to all pods in the range 0 to Replicas-1. That means if there is any unavailable pod in the range 0 to Replicas-1, it will be counted towards MaxUnavailable.").modern(),
        f("partition", Ty::Int, "Partition indicates the ordinal at which the StatefulSet should be partitioned for updates. During a rolling update, all pods from ordinal Replicas-1 to Partition are updated. All pods from ordinal Partition-1 to 0 remain untouched. This is helpful in being able to do a canary based deployment. The default value is 0."),
    ],
};

static STATEFUL_SET_STATUS: TypeDef = TypeDef {
    name: "StatefulSetStatus",
    desc: "StatefulSetStatus represents the current state of a StatefulSet.",
    fields: &[
        f("availableReplicas", Ty::Int, "Total number of available pods (ready for at least minReadySeconds) targeted by this statefulset.").modern(),
        f("collisionCount", Ty::Int, "collisionCount is the count of hash collisions for the StatefulSet. The StatefulSet controller uses this field as a collision avoidance mechanism when it needs to create the name for the newest ControllerRevision."),
        f("currentReplicas", Ty::Int, "currentReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by currentRevision."),
        f("currentRevision", Ty::Str, "currentRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas)."),
        f("observedGeneration", Ty::Int, "observedGeneration is the most recent generation observed for this StatefulSet. It corresponds to the StatefulSet's generation, which is updated on mutation by the API Server."),
        f("readyReplicas", Ty::Int, "readyReplicas is the number of pods created for this StatefulSet with a Ready Condition."),
        req("replicas", Ty::Int, "replicas is the number of Pods created by the StatefulSet controller."),
        f("updateRevision", Ty::Str, "updateRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas)"),
        f("updatedReplicas", Ty::Int, "updatedReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by updateRevision."),
    ],
};

static PVC: TypeDef = TypeDef {
    name: "PersistentVolumeClaim",
    desc: "PersistentVolumeClaim is a user's request for and claim to a persistent volume",
    fields: &[
        API_VERSION,
        KIND,
        f("metadata", Ty::Obj(|| &OBJECT_META), "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
        f("spec", Ty::Obj(|| &PVC_SPEC), "spec defines the desired characteristics of a volume requested by a pod author. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims"),
    ],
};

static PVC_SPEC: TypeDef = TypeDef {
    name: "PersistentVolumeClaimSpec",
    desc: "PersistentVolumeClaimSpec describes the common attributes of storage devices and allows a Source for provider-specific attributes",
    fields: &[
        f("accessModes", Ty::StrList, "accessModes contains the desired access modes the volume should have. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1"),
        f("storageClassName", Ty::Str, "storageClassName is the name of the StorageClass required by the claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#class-1"),
        f("volumeName", Ty::Str, "volumeName is the binding reference to the PersistentVolume backing this claim."),
    ],
};
