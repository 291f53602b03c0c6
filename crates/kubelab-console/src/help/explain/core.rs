//! `kubectl explain` tables: Services, Namespaces, Nodes, HorizontalPodAutoscalers (autoscaling/v2 and v1), ConfigMaps, Secrets and ServiceAccounts.

use super::*;

// --- Service ----------------------------------------------------------------

pub(super) static SERVICE: TypeDef = TypeDef {
    name: "Service",
    desc: "Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.",
    fields: &[
        API_VERSION,
        KIND,
        METADATA,
        f("spec", Ty::Obj(|| &SERVICE_SPEC), "Spec defines the behavior of a service. https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
        f("status", Ty::Obj(|| &SERVICE_STATUS), "Most recently observed status of the service. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

pub(super) static SERVICE_SPEC: TypeDef = TypeDef {
    name: "ServiceSpec",
    desc: "ServiceSpec describes the attributes that a user creates on a service.",
    fields: &[
        f("clusterIP", Ty::Str, "clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are \"None\", empty string (\"\"), or a valid IP address. Setting this to \"None\" makes a \"headless service\" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
        f("clusterIPs", Ty::StrList, "ClusterIPs is a list of IP addresses assigned to this service, and are usually assigned randomly.  If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be empty) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are \"None\", empty string (\"\"), or a valid IP address.  Setting this to \"None\" makes a \"headless service\" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName.  If this field is not specified, it will be initialized from the clusterIP field.  If this field is specified, clients must ensure that clusterIPs[0] and clusterIP have the same value.\n\nThis field may hold a maximum of two entries (dual-stack IPs, in either order). These IPs must correspond to the values of the ipFamilies field. Both clusterIPs and ipFamilies are governed by the ipFamilyPolicy field. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies").modern(),
        f("externalIPs", Ty::StrList, "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system."),
        f("externalName", Ty::Str, "externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g. a DNS CNAME record). No proxying will be involved.  Must be a lowercase RFC-1123 hostname (https://tools.ietf.org/html/rfc1123) and requires `type` to be \"ExternalName\"."),
        Field {
            enums: &["Cluster", "Local"],
            ..f("externalTrafficPolicy", Ty::Str, "externalTrafficPolicy describes how nodes distribute service traffic they receive on one of the Service's \"externally-facing\" addresses (NodePorts, ExternalIPs, and LoadBalancer IPs). If set to \"Local\", the proxy will configure the service in a way that assumes that external load balancers will take care of balancing the service traffic between nodes, and so each node will deliver traffic only to the node-local endpoints of the service, without masquerading the client source IP. (Traffic mistakenly sent to a node with no endpoints will be dropped.) The default value, \"Cluster\", uses the standard behavior of routing to all endpoints evenly (possibly modified by topology and other features). Note that traffic sent to an External IP or LoadBalancer IP from within the cluster will always get \"Cluster\" semantics, but clients sending to a NodePort from within the cluster may need to take traffic policy into account when picking a node.\n\nPossible enum values:\n - `\"Cluster\"` routes traffic to all endpoints.\n - `\"Local\"` preserves the source IP of the traffic by routing only to endpoints on the same node as the traffic was received on (dropping the traffic if there are no local endpoints).")
        },
        f("loadBalancerIP", Ty::Str, "Only applies to Service Type: LoadBalancer. This feature depends on whether the underlying cloud-provider supports specifying the loadBalancerIP when a load balancer is created. This field will be ignored if the cloud-provider does not support the feature. Deprecated: This field was under-specified and its meaning varies across implementations. Using it is non-portable and it may not support dual-stack. Users are encouraged to use implementation-specific annotations when available."),
        f("ports", Ty::List(|| &SERVICE_PORT), "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
        f("selector", Ty::StrMap, "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/"),
        Field {
            enums: &["ClientIP", "None"],
            ..f("sessionAffinity", Ty::Str, "Supports \"ClientIP\" and \"None\". Used to maintain session affinity. Enable client IP based session affinity. Must be ClientIP or None. Defaults to None. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies\n\nPossible enum values:\n - `\"ClientIP\"` is the Client IP based.\n - `\"None\"` - no session affinity.")
        },
        Field {
            enums: &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
            ..f("type", Ty::Str, "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. \"ClusterIP\" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is \"None\", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. \"NodePort\" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. \"LoadBalancer\" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. \"ExternalName\" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types\n\nPossible enum values:\n - `\"ClusterIP\"` means a service will only be accessible inside the cluster, via the cluster IP.\n - `\"ExternalName\"` means a service consists of only a reference to an external name that kubedns or equivalent will return as a CNAME record, with no exposing or proxying of any pods involved.\n - `\"LoadBalancer\"` means a service will be exposed via an external load balancer (if the cloud provider supports it), in addition to 'NodePort' type.\n - `\"NodePort\"` means a service will be exposed on one port of every node, in addition to 'ClusterIP' type.")
        },
    ],
};

pub(super) static SERVICE_PORT: TypeDef = TypeDef {
    name: "ServicePort",
    desc: "ServicePort contains information on service's port.",
    fields: &[
        f("appProtocol", Ty::Str, "The application protocol for this port. This is used as a hint for implementations to offer richer behavior for protocols that they understand. This field follows standard Kubernetes label syntax. Valid values are either un-prefixed protocol names (per IANA standard service names) or domain prefixed names such as mycompany.com/my-custom-protocol.").modern(),
        f("name", Ty::Str, "The name of this port within the service. This must be a DNS_LABEL. All ports within a ServiceSpec must have unique names. When considering the endpoints for a Service, this must match the 'name' field in the EndpointPort. Optional if only one ServicePort is defined on this service."),
        f("nodePort", Ty::Int, "The port on each node on which this service is exposed when type is NodePort or LoadBalancer.  Usually assigned by the system. If a value is specified, in-range, and not in use it will be used, otherwise the operation will fail.  If not specified, a port will be allocated if this Service requires one.  If this field is specified when creating a Service which does not need it, creation will fail. This field will be wiped when updating a Service to no longer need it (e.g. changing type from NodePort to ClusterIP). More info: https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport"),
        req("port", Ty::Int, "The port that will be exposed by this service."),
        Field {
            enums: &["SCTP", "TCP", "UDP"],
            ..f("protocol", Ty::Str, "The IP protocol for this port. Supports \"TCP\", \"UDP\", and \"SCTP\". Default is TCP.\n\nPossible enum values:\n - `\"SCTP\"` is the SCTP protocol.\n - `\"TCP\"` is the TCP protocol.\n - `\"UDP\"` is the UDP protocol.")
        },
        f("targetPort", Ty::IntOrString, "Number or name of the port to access on the pods targeted by the service. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME. If this is a string, it will be looked up as a named port in the target Pod's container ports. If this is not specified, the value of the 'port' field is used (an identity map). This field is ignored for services with clusterIP=None, and should be omitted or set equal to the 'port' field. More info: https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service"),
    ],
};

pub(super) static SERVICE_STATUS: TypeDef = TypeDef {
    name: "ServiceStatus",
    desc: "ServiceStatus represents the current status of a service.",
    fields: &[
        f("conditions", Ty::List(|| &CONDITION), "Current service state").modern(),
        f(
            "loadBalancer",
            Ty::Obj(|| &LOAD_BALANCER_STATUS),
            "LoadBalancer contains the current status of the load-balancer, if one is present.",
        ),
    ],
};

pub(super) static CONDITION: TypeDef = TypeDef {
    name: "Condition",
    desc: "Condition contains details for one aspect of the current state of this API Resource.",
    fields: &[
        req("lastTransitionTime", Ty::Time, "lastTransitionTime is the last time the condition transitioned from one status to another. This should be when the underlying condition changed.  If that is not known, then using the time when the API field changed is acceptable."),
        req("message", Ty::Str, "message is a human readable message indicating details about the transition. This may be an empty string."),
        f("observedGeneration", Ty::Int, "observedGeneration represents the .metadata.generation that the condition was set based upon. For instance, if .metadata.generation is currently 12, but the .status.conditions[x].observedGeneration is 9, the condition is out of date with respect to the current state of the instance."),
        req("reason", Ty::Str, "reason contains a programmatic identifier indicating the reason for the condition's last transition. Producers of specific condition types may define expected values and meanings for this field, and whether the values are considered a guaranteed API. The value should be a CamelCase string. This field may not be empty."),
        req("status", Ty::Str, "status of the condition, one of True, False, Unknown."),
        req("type", Ty::Str, "type of condition in CamelCase or in foo.example.com/CamelCase."),
    ],
};

pub(super) static LOAD_BALANCER_STATUS: TypeDef = TypeDef {
    name: "LoadBalancerStatus",
    desc: "LoadBalancerStatus represents the status of a load-balancer.",
    fields: &[f(
        "ingress",
        Ty::List(|| &LOAD_BALANCER_INGRESS),
        "Ingress is a list containing ingress points for the load-balancer. Traffic intended for the service should be sent to these ingress points.",
    )],
};

pub(super) static LOAD_BALANCER_INGRESS: TypeDef = TypeDef {
    name: "LoadBalancerIngress",
    desc: "LoadBalancerIngress represents the status of a load-balancer ingress point: traffic intended for the service should be sent to an ingress point.",
    fields: &[
        f("hostname", Ty::Str, "Hostname is set for load-balancer ingress points that are DNS based (typically AWS load-balancers)"),
        f("ip", Ty::Str, "IP is set for load-balancer ingress points that are IP based (typically GCE or OpenStack load-balancers)"),
    ],
};

// --- Namespace ----------------------------------------------------------------

pub(super) static NAMESPACE: TypeDef = TypeDef {
    name: "Namespace",
    desc: "Namespace provides a scope for Names. Use of multiple namespaces is optional.",
    fields: &[
        API_VERSION,
        KIND,
        METADATA,
        f("spec", Ty::Obj(|| &NAMESPACE_SPEC), "Spec defines the behavior of the Namespace. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
        f("status", Ty::Obj(|| &NAMESPACE_STATUS), "Status describes the current status of a Namespace. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

pub(super) static NAMESPACE_SPEC: TypeDef = TypeDef {
    name: "NamespaceSpec",
    desc: "NamespaceSpec describes the attributes on a Namespace.",
    fields: &[f(
        "finalizers",
        Ty::StrList,
        "Finalizers is an opaque list of values that must be empty to permanently remove object from storage. More info: https://kubernetes.io/docs/tasks/administer-cluster/namespaces/",
    )],
};

pub(super) static NAMESPACE_STATUS: TypeDef = TypeDef {
    name: "NamespaceStatus",
    desc: "NamespaceStatus is information about the current status of a Namespace.",
    fields: &[
        f("conditions", Ty::List(|| &NAMESPACE_CONDITION), "Represents the latest available observations of a namespace's current state.").modern(),
        Field {
            enums: &["Active", "Terminating"],
            ..f("phase", Ty::Str, "Phase is the current lifecycle phase of the namespace. More info: https://kubernetes.io/docs/tasks/administer-cluster/namespaces/\n\nPossible enum values:\n - `\"Active\"` means the namespace is available for use in the system\n - `\"Terminating\"` means the namespace is undergoing graceful termination")
        },
    ],
};

pub(super) static NAMESPACE_CONDITION: TypeDef = TypeDef {
    name: "NamespaceCondition",
    desc: "NamespaceCondition contains details about state of namespace.",
    fields: &condition_fields(
        "Status of the condition, one of True, False, Unknown.",
        "Type of namespace controller condition.",
    ),
};

// --- Node -------------------------------------------------------------------

pub(super) static NODE: TypeDef = TypeDef {
    name: "Node",
    desc: "Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).",
    fields: &[
        API_VERSION,
        KIND,
        METADATA,
        f("spec", Ty::Obj(|| &NODE_SPEC), "Spec defines the behavior of a node. https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
        f("status", Ty::Obj(|| &NODE_STATUS), "Most recently observed status of the node. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

pub(super) static NODE_SPEC: TypeDef = TypeDef {
    name: "NodeSpec",
    desc: "NodeSpec describes the attributes that a node is created with.",
    fields: &[
        f("externalID", Ty::Str, "Deprecated. Not all kubelets will set this field. Remove field after 1.13. see: https://issues.k8s.io/61966"),
        f("podCIDR", Ty::Str, "PodCIDR represents the pod IP range assigned to the node."),
        f("podCIDRs", Ty::StrList, "podCIDRs represents the IP ranges assigned to the node for usage by Pods on that node. If this field is specified, the 0th entry must match the podCIDR field. It may contain at most 1 value for each of IPv4 and IPv6.").modern(),
        f("providerID", Ty::Str, "ID of the node assigned by the cloud provider in the format: <ProviderName>://<ProviderSpecificNodeID>"),
        f("taints", Ty::List(|| &TAINT), "If specified, the node's taints."),
        f("unschedulable", Ty::Bool, "Unschedulable controls node schedulability of new pods. By default, node is schedulable. More info: https://kubernetes.io/docs/concepts/nodes/node/#manual-node-administration"),
    ],
};

pub(super) static TAINT: TypeDef = TypeDef {
    name: "Taint",
    desc: "The node this Taint is attached to has the \"effect\" on any pod that does not tolerate the Taint.",
    fields: &[
        Field {
            enums: &["NoExecute", "NoSchedule", "PreferNoSchedule"],
            ..req("effect", Ty::Str, "Required. The effect of the taint on pods that do not tolerate the taint. Valid effects are NoSchedule, PreferNoSchedule and NoExecute.\n\nPossible enum values:\n - `\"NoExecute\"` Evict any already-running pods that do not tolerate the taint. Currently enforced by NodeController.\n - `\"NoSchedule\"` Do not allow new pods to schedule onto the node unless they tolerate the taint, but allow all pods submitted to Kubelet without going through the scheduler to start, and allow all already-running pods to continue running. Enforced by the scheduler.\n - `\"PreferNoSchedule\"` Like TaintEffectNoSchedule, but the scheduler tries not to schedule new pods onto the node, rather than prohibiting new pods from scheduling onto the node entirely. Enforced by the scheduler.")
        },
        req("key", Ty::Str, "Required. The taint key to be applied to a node."),
        f("timeAdded", Ty::Time, "TimeAdded represents the time at which the taint was added."),
        f("value", Ty::Str, "The taint value corresponding to the taint key."),
    ],
};

pub(super) static NODE_STATUS: TypeDef = TypeDef {
    name: "NodeStatus",
    desc: "NodeStatus is information about the current status of a node.",
    fields: &[
        f("addresses", Ty::List(|| &NODE_ADDRESS), "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP)."),
        f("allocatable", Ty::QuantityMap, "Allocatable represents the resources of a node that are available for scheduling. Defaults to Capacity."),
        f("capacity", Ty::QuantityMap, "Capacity represents the total resources of a node. More info: https://kubernetes.io/docs/reference/node/node-status/#capacity"),
        f("conditions", Ty::List(|| &NODE_CONDITION), "Conditions is an array of current observed node conditions. More info: https://kubernetes.io/docs/reference/node/node-status/#condition"),
        f("nodeInfo", Ty::Obj(|| &NODE_SYSTEM_INFO), "Set of ids/uuids to uniquely identify the node. More info: https://kubernetes.io/docs/reference/node/node-status/#info"),
        Field {
            enums: &["Pending", "Running", "Terminated"],
            ..f("phase", Ty::Str, "NodePhase is the recently observed lifecycle phase of the node. More info: https://kubernetes.io/docs/concepts/nodes/node/#phase The field is never populated, and now is deprecated.\n\nPossible enum values:\n - `\"Pending\"` means the node has been created/added by the system, but not configured.\n - `\"Running\"` means the node has been configured and has Kubernetes components running.\n - `\"Terminated\"` means the node has been removed from the cluster.")
        },
    ],
};

pub(super) static NODE_ADDRESS: TypeDef = TypeDef {
    name: "NodeAddress",
    desc: "NodeAddress contains information for the node's address.",
    fields: &[
        req("address", Ty::Str, "The node address."),
        req("type", Ty::Str, "Node address type, one of Hostname, ExternalIP or InternalIP."),
    ],
};

pub(super) static NODE_CONDITION: TypeDef = TypeDef {
    name: "NodeCondition",
    desc: "NodeCondition contains condition information for a node.",
    fields: &[
        f("lastHeartbeatTime", Ty::Time, "Last time we got an update on a given condition."),
        f("lastTransitionTime", Ty::Time, "Last time the condition transit from one status to another."),
        f("message", Ty::Str, "Human readable message indicating details about last transition."),
        f("reason", Ty::Str, "(brief) reason for the condition's last transition."),
        req("status", Ty::Str, "Status of the condition, one of True, False, Unknown."),
        req("type", Ty::Str, "Type of node condition."),
    ],
};

pub(super) static NODE_SYSTEM_INFO: TypeDef = TypeDef {
    name: "NodeSystemInfo",
    desc: "NodeSystemInfo is a set of ids/uuids to uniquely identify the node.",
    fields: &[
        req("architecture", Ty::Str, "The Architecture reported by the node"),
        req("bootID", Ty::Str, "Boot ID reported by the node."),
        req("containerRuntimeVersion", Ty::Str, "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2)."),
        req("kernelVersion", Ty::Str, "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
        req("kubeProxyVersion", Ty::Str, "Deprecated: KubeProxy Version reported by the node."),
        req("kubeletVersion", Ty::Str, "Kubelet Version reported by the node."),
        req("machineID", Ty::Str, "MachineID reported by the node. For unique machine identification in the cluster this field is preferred. Learn more from man(5) machine-id: http://man7.org/linux/man-pages/man5/machine-id.5.html"),
        req("operatingSystem", Ty::Str, "The Operating System reported by the node"),
        req("osImage", Ty::Str, "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
        req("systemUUID", Ty::Str, "SystemUUID reported by the node. For unique machine identification MachineID is preferred. This field is specific to Red Hat hosts https://access.redhat.com/documentation/en-us/red_hat_subscription_management/1/html/rhsm/uuid"),
    ],
};

// --- HorizontalPodAutoscaler ----------------------------------------------------

pub(super) static HPA_V2: TypeDef = TypeDef {
    name: "HorizontalPodAutoscaler",
    desc: "HorizontalPodAutoscaler is the configuration for a horizontal pod autoscaler, which automatically manages the replica count of any resource implementing the scale subresource based on the metrics specified.",
    fields: &[
        API_VERSION,
        KIND,
        f("metadata", Ty::Obj(|| &OBJECT_META), "metadata is the standard object metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
        f("spec", Ty::Obj(|| &HPA_V2_SPEC), "spec is the specification for the behaviour of the autoscaler. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status."),
        f("status", Ty::Obj(|| &HPA_V2_STATUS), "status is the current information about the autoscaler."),
    ],
};

pub(super) static HPA_V2_SPEC: TypeDef = TypeDef {
    name: "HorizontalPodAutoscalerSpec",
    desc: "HorizontalPodAutoscalerSpec describes the desired functionality of the HorizontalPodAutoscaler.",
    fields: &[
        f("behavior", Ty::Obj(|| &HPA_BEHAVIOR), "behavior configures the scaling behavior of the target in both Up and Down directions (scaleUp and scaleDown fields respectively). If not set, the default HPAScalingRules for scale up and scale down are used."),
        req("maxReplicas", Ty::Int, "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas."),
        f("metrics", Ty::List(|| &METRIC_SPEC), "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).  The desired replica count is calculated multiplying the ratio between the target value and the current value by the current number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa.  See the individual metric source types for more information about how each type of metric must respond. If not set, the default metric will be set to 80% average CPU utilization."),
        f("minReplicas", Ty::Int, "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available."),
        req("scaleTargetRef", Ty::Obj(|| &CROSS_VERSION_OBJECT_REFERENCE), "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count."),
    ],
};

pub(super) static HPA_BEHAVIOR: TypeDef = TypeDef {
    name: "HorizontalPodAutoscalerBehavior",
    desc: "HorizontalPodAutoscalerBehavior configures the scaling behavior of the target in both Up and Down directions (scaleUp and scaleDown fields respectively).",
    fields: &[
        f("scaleDown", Ty::Obj(|| &HPA_SCALING_RULES), "scaleDown is scaling policy for scaling Down. If not set, the default value is to allow to scale down to minReplicas pods, with a 300 second stabilization window (i.e., the highest recommendation for the last 300sec is used)."),
        f("scaleUp", Ty::Obj(|| &HPA_SCALING_RULES), "scaleUp is scaling policy for scaling Up. If not set, the default value is the higher of:\n  * increase no more than 4 pods per 60 seconds\n  * double the number of pods per 60 seconds\nNo stabilization is used."),
    ],
};

pub(super) static HPA_SCALING_RULES: TypeDef = TypeDef {
    name: "HPAScalingRules",
    desc: "HPAScalingRules configures the scaling behavior for one direction via scaling Policy Rules and a configurable metric tolerance.\n\nScaling Policy Rules are applied after calculating DesiredReplicas from metrics for the HPA. They can limit the scaling velocity by specifying scaling policies. They can prevent flapping by specifying the stabilization window, so that the number of replicas is not set instantly, instead, the safest value from the stabilization window is chosen.\n\nThe tolerance is applied to the metric values and prevents scaling too eagerly for small metric variations. (Note that setting a tolerance requires enabling the alpha HPAConfigurableTolerance feature gate.)",
    fields: &[
        f("policies", Ty::List(|| &HPA_SCALING_POLICY), "policies is a list of potential scaling polices which can be used during scaling. If not set, use the default values: - For scale up: allow doubling the number of pods, or an absolute change of 4 pods in a 15s window. - For scale down: allow all pods to be removed in a 15s window."),
        f("selectPolicy", Ty::Str, "selectPolicy is used to specify which policy should be used. If not set, the default value Max is used."),
        f("stabilizationWindowSeconds", Ty::Int, "stabilizationWindowSeconds is the number of seconds for which past recommendations should be considered while scaling up or scaling down. StabilizationWindowSeconds must be greater than or equal to zero and less than or equal to 3600 (one hour). If not set, use the default values: - For scale up: 0 (i.e. no stabilization is done). - For scale down: 300 (i.e. the stabilization window is 300 seconds long)."),
        f("tolerance", Ty::Quantity, "tolerance is the tolerance on the ratio between the current and desired metric value under which no updates are made to the desired number of replicas (e.g. 0.01 for 1%). Must be greater than or equal to zero. If not set, the default cluster-wide tolerance is applied (by default 10%).\n\nFor example, if autoscaling is configured with a memory consumption target of 100Mi, and scale-down and scale-up tolerances of 5% and 1% respectively, scaling will be triggered when the actual consumption falls below 95Mi or exceeds 101Mi.\n\nThis is an alpha field and requires enabling the HPAConfigurableTolerance feature gate."),
    ],
};

pub(super) static HPA_SCALING_POLICY: TypeDef = TypeDef {
    name: "HPAScalingPolicy",
    desc: "HPAScalingPolicy is a single policy which must hold true for a specified past interval.",
    fields: &[
        req("periodSeconds", Ty::Int, "periodSeconds specifies the window of time for which the policy should hold true. PeriodSeconds must be greater than zero and less than or equal to 1800 (30 min)."),
        req("type", Ty::Str, "type is used to specify the scaling policy."),
        req("value", Ty::Int, "value contains the amount of change which is permitted by the policy. It must be greater than zero"),
    ],
};

pub(super) static METRIC_SPEC: TypeDef = TypeDef {
    name: "MetricSpec",
    desc: "MetricSpec specifies how to scale based on a single metric (only `type` and one other matching field should be set at once).",
    fields: &[
        f("resource", Ty::Obj(|| &RESOURCE_METRIC_SOURCE), "resource refers to a resource metric (such as those specified in requests and limits) known to Kubernetes describing each pod in the current scale target (e.g. CPU or memory). Such metrics are built in to Kubernetes, and have special scaling options on top of those available to normal per-pod metrics using the \"pods\" source."),
        req("type", Ty::Str, "type is the type of metric source.  It should be one of \"ContainerResource\", \"External\", \"Object\", \"Pods\" or \"Resource\", each mapping to a matching field in the object."),
    ],
};

pub(super) static RESOURCE_METRIC_SOURCE: TypeDef = TypeDef {
    name: "ResourceMetricSource",
    desc: "ResourceMetricSource indicates how to scale on a resource metric known to Kubernetes, as specified in requests and limits, describing each pod in the current scale target (e.g. CPU or memory).  The values will be averaged together before being compared to the target.  Such metrics are built in to Kubernetes, and have special scaling options on top of those available to normal per-pod metrics using the \"pods\" source.  Only one \"target\" type should be set.",
    fields: &[
        req("name", Ty::Str, "name is the name of the resource in question."),
        req("target", Ty::Obj(|| &METRIC_TARGET), "target specifies the target value for the given metric"),
    ],
};

pub(super) static METRIC_TARGET: TypeDef = TypeDef {
    name: "MetricTarget",
    desc: "MetricTarget defines the target value, average value, or average utilization of a specific metric",
    fields: &[
        f("averageUtilization", Ty::Int, "averageUtilization is the target value of the average of the resource metric across all relevant pods, represented as a percentage of the requested value of the resource for the pods. Currently only valid for Resource metric source type"),
        f("averageValue", Ty::Quantity, "averageValue is the target value of the average of the metric across all relevant pods (as a quantity)"),
        req("type", Ty::Str, "type represents whether the metric type is Utilization, Value, or AverageValue"),
        f("value", Ty::Quantity, "value is the target value of the metric (as a quantity)."),
    ],
};

pub(super) static CROSS_VERSION_OBJECT_REFERENCE: TypeDef = TypeDef {
    name: "CrossVersionObjectReference",
    desc: "CrossVersionObjectReference contains enough information to let you identify the referred resource.",
    fields: &[
        f("apiVersion", Ty::Str, "apiVersion is the API version of the referent"),
        req("kind", Ty::Str, "kind is the kind of the referent; More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"),
        req("name", Ty::Str, "name is the name of the referent; More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names"),
    ],
};

pub(super) static HPA_V2_STATUS: TypeDef = TypeDef {
    name: "HorizontalPodAutoscalerStatus",
    desc: "HorizontalPodAutoscalerStatus describes the current status of a horizontal pod autoscaler.",
    fields: &[
        f("conditions", Ty::List(|| &HPA_CONDITION), "conditions is the set of conditions required for this autoscaler to scale its target, and indicates whether or not those conditions are met."),
        f("currentMetrics", Ty::List(|| &METRIC_STATUS), "currentMetrics is the last read state of the metrics used by this autoscaler."),
        f("currentReplicas", Ty::Int, "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler."),
        req("desiredReplicas", Ty::Int, "desiredReplicas is the desired number of replicas of pods managed by this autoscaler, as last calculated by the autoscaler."),
        f("lastScaleTime", Ty::Time, "lastScaleTime is the last time the HorizontalPodAutoscaler scaled the number of pods, used by the autoscaler to control how often the number of pods is changed."),
        f("observedGeneration", Ty::Int, "observedGeneration is the most recent generation observed by this autoscaler."),
    ],
};

pub(super) static METRIC_STATUS: TypeDef = TypeDef {
    name: "MetricStatus",
    desc: "MetricStatus describes the last-read state of a single metric.",
    fields: &[],
};

pub(super) static HPA_CONDITION: TypeDef = TypeDef {
    name: "HorizontalPodAutoscalerCondition",
    desc: "HorizontalPodAutoscalerCondition describes the state of a HorizontalPodAutoscaler at a certain point.",
    fields: &[
        f(
            "lastTransitionTime",
            Ty::Time,
            "lastTransitionTime is the last time the condition transitioned from one status to another",
        ),
        f("message", Ty::Str, "message is a human-readable explanation containing details about the transition"),
        f("reason", Ty::Str, "reason is the reason for the condition's last transition."),
        req("status", Ty::Str, "status is the status of the condition (True, False, Unknown)"),
        req("type", Ty::Str, "type describes the current condition"),
    ],
};

pub(super) static HPA_V1: TypeDef = TypeDef {
    name: "HorizontalPodAutoscaler",
    desc: "configuration of a horizontal pod autoscaler.",
    fields: &[
        API_VERSION,
        KIND,
        f("metadata", Ty::Obj(|| &OBJECT_META), "Standard object metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
        f("spec", Ty::Obj(|| &HPA_V1_SPEC), "behaviour of autoscaler. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status."),
        f("status", Ty::Obj(|| &HPA_V1_STATUS), "current information about the autoscaler."),
    ],
};

pub(super) static HPA_V1_SPEC: TypeDef = TypeDef {
    name: "HorizontalPodAutoscalerSpec",
    desc: "specification of a horizontal pod autoscaler.",
    fields: &[
        req("maxReplicas", Ty::Int, "upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas."),
        f("minReplicas", Ty::Int, "lower limit for the number of pods that can be set by the autoscaler, default 1."),
        req("scaleTargetRef", Ty::Obj(|| &CROSS_VERSION_OBJECT_REFERENCE_V1), "reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource."),
        f("targetCPUUtilizationPercentage", Ty::Int, "target average CPU utilization (represented as a percentage of requested CPU) over all the pods; if not specified the default autoscaling policy will be used."),
    ],
};

pub(super) static CROSS_VERSION_OBJECT_REFERENCE_V1: TypeDef = TypeDef {
    name: "CrossVersionObjectReference",
    desc: "CrossVersionObjectReference contains enough information to let you identify the referred resource.",
    fields: &[
        f("apiVersion", Ty::Str, "API version of the referent"),
        req("kind", Ty::Str, "Kind of the referent; More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds\""),
        req("name", Ty::Str, "Name of the referent; More info: http://kubernetes.io/docs/user-guide/identifiers#names"),
    ],
};

pub(super) static HPA_V1_STATUS: TypeDef = TypeDef {
    name: "HorizontalPodAutoscalerStatus",
    desc: "current status of a horizontal pod autoscaler",
    fields: &[
        f("currentCPUUtilizationPercentage", Ty::Int, "current average CPU utilization over all pods, represented as a percentage of requested CPU, e.g. 70 means that an average pod is using now 70% of its requested CPU."),
        req("currentReplicas", Ty::Int, "current number of replicas of pods managed by this autoscaler."),
        req("desiredReplicas", Ty::Int, "desired number of replicas of pods managed by this autoscaler."),
        f("lastScaleTime", Ty::Time, "last time the HorizontalPodAutoscaler scaled the number of pods; used by the autoscaler to control how often the number of pods is changed."),
        f("observedGeneration", Ty::Int, "most recent generation observed by this autoscaler."),
    ],
};

// --- ConfigMap ----------------------------------------------------------------

pub(super) static CONFIG_MAP: TypeDef = TypeDef {
    name: "ConfigMap",
    desc: "ConfigMap holds configuration data for pods to consume.",
    fields: &[
        API_VERSION,
        f("binaryData", Ty::StrMap, "BinaryData contains the binary data. Each key must consist of alphanumeric characters, '-', '_' or '.'. BinaryData can contain byte sequences that are not in the UTF-8 range. The keys stored in BinaryData must not overlap with the ones in the Data field, this is enforced during validation process. Using this field will require 1.10+ apiserver and kubelet."),
        f("data", Ty::StrMap, "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."),
        f("immutable", Ty::Bool, "Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil.").modern(),
        KIND,
        METADATA,
    ],
};

// --- Secret, ServiceAccount -----------------------------------------------------

pub(super) static SECRET: TypeDef = TypeDef {
    name: "Secret",
    desc: "Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.",
    fields: &[
        API_VERSION,
        f("data", Ty::StrMap, "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"),
        f("immutable", Ty::Bool, "Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil.").modern(),
        KIND,
        METADATA,
        f("stringData", Ty::StrMap, "stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience. All keys and values are merged into the data field on write, overwriting any existing values. The stringData field is never output when reading from the API."),
        f("type", Ty::Str, "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
    ],
};

pub(super) static LOCAL_OBJECT_REFERENCE: TypeDef = TypeDef {
    name: "LocalObjectReference",
    desc: "LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.",
    fields: &[f("name", Ty::Str, "Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names")],
};

pub(super) static OBJECT_REFERENCE: TypeDef = TypeDef {
    name: "ObjectReference",
    desc: "ObjectReference contains enough information to let you inspect or modify the referred object.",
    fields: &[
        f("apiVersion", Ty::Str, "API version of the referent."),
        f("fieldPath", Ty::Str, "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]."),
        f("kind", Ty::Str, "Kind of the referent. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"),
        f("name", Ty::Str, "Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names"),
        f("namespace", Ty::Str, "Namespace of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/"),
        f("resourceVersion", Ty::Str, "Specific resourceVersion to which this reference is made, if any. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency"),
        f("uid", Ty::Str, "UID of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#uids"),
    ],
};

pub(super) static SERVICE_ACCOUNT: TypeDef = TypeDef {
    name: "ServiceAccount",
    desc: "ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets",
    fields: &[
        API_VERSION,
        f("automountServiceAccountToken", Ty::Bool, "AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted. Can be overridden at the pod level."),
        f("imagePullSecrets", Ty::List(|| &LOCAL_OBJECT_REFERENCE), "ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images in pods that reference this ServiceAccount. ImagePullSecrets are distinct from Secrets because Secrets can be mounted in the pod, but ImagePullSecrets are only accessed by the kubelet. More info: https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod"),
        KIND,
        METADATA,
        f("secrets", Ty::List(|| &OBJECT_REFERENCE), "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a \"kubernetes.io/enforce-mountable-secrets\" annotation set to \"true\". More info: https://kubernetes.io/docs/concepts/configuration/secret"),
    ],
};
