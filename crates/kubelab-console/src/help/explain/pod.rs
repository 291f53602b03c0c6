//! `kubectl explain` tables: Pods, their templates, containers, probes and statuses (v1).

use super::*;

// --- Pod ----------------------------------------------------------------------

pub(super) static POD: TypeDef = TypeDef {
    name: "Pod",
    desc: "Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.",
    fields: &[
        API_VERSION,
        KIND,
        METADATA,
        f("spec", Ty::Obj(|| &POD_SPEC), "Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
        f("status", Ty::Obj(|| &POD_STATUS), "Most recently observed status of the pod. This data may not be up to date. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

pub(super) static POD_TEMPLATE_SPEC: TypeDef = TypeDef {
    name: "PodTemplateSpec",
    desc: "PodTemplateSpec describes the data a pod should have when created from a template",
    fields: &[
        METADATA,
        f("spec", Ty::Obj(|| &POD_SPEC), "Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

pub(super) static POD_SPEC: TypeDef = TypeDef {
    name: "PodSpec",
    desc: "PodSpec is a description of a pod.",
    fields: &[
        f("activeDeadlineSeconds", Ty::Int, "Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers. Value must be a positive integer."),
        f("affinity", Ty::Obj(|| &AFFINITY), "If specified, the pod's scheduling constraints"),
        f("automountServiceAccountToken", Ty::Bool, "AutomountServiceAccountToken indicates whether a service account token should be automatically mounted."),
        req("containers", Ty::List(|| &CONTAINER), "List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated."),
        Field {
            enums: &["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
            ..f("dnsPolicy", Ty::Str, "Set DNS policy for the pod. Defaults to \"ClusterFirst\". Valid values are 'ClusterFirstWithHostNet', 'ClusterFirst', 'Default' or 'None'. DNS parameters given in DNSConfig will be merged with the policy selected with DNSPolicy. To have DNS options set along with hostNetwork, you have to specify DNS policy explicitly to 'ClusterFirstWithHostNet'.\n\nPossible enum values:\n - `\"ClusterFirst\"` indicates that the pod should use cluster DNS first unless hostNetwork is true, if it is available, then fall back on the default (as determined by kubelet) DNS settings.\n - `\"ClusterFirstWithHostNet\"` indicates that the pod should use cluster DNS first, if it is available, then fall back on the default (as determined by kubelet) DNS settings.\n - `\"Default\"` indicates that the pod should use the default (as determined by kubelet) DNS settings.\n - `\"None\"` indicates that the pod should use empty DNS settings. DNS parameters such as nameservers and search paths should be defined via DNSConfig.")
        },
        f("enableServiceLinks", Ty::Bool, "EnableServiceLinks indicates whether information about services should be injected into pod's environment variables, matching the syntax of Docker links. Optional: Defaults to true.").modern(),
        f("hostNetwork", Ty::Bool, "Host networking requested for this pod. Use the host's network namespace. When using HostNetwork you should specify ports so the scheduler is aware. When `hostNetwork` is true, specified `hostPort` fields in port definitions must match `containerPort`, and unspecified `hostPort` fields in port definitions are defaulted to match `containerPort`. Default to false."),
        f("hostname", Ty::Str, "Specifies the hostname of the Pod If not specified, the pod's hostname will be set to a system-defined value."),
        f("initContainers", Ty::List(|| &CONTAINER), "List of initialization containers belonging to the pod. Init containers are executed in order prior to containers being started. If any init container fails, the pod is considered to have failed and is handled according to its restartPolicy. The name for an init container or normal container must be unique among all containers. Init containers may not have Lifecycle actions, Readiness probes, Liveness probes, or Startup probes. The resourceRequirements of an init container are taken into account during scheduling by finding the highest request/limit for each resource type, and then using the max of that value or the sum of the normal containers. Limits are applied to init containers in a similar fashion. Init containers cannot currently be added or removed. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/init-containers/"),
        f("nodeName", Ty::Str, "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename"),
        f("nodeSelector", Ty::StrMap, "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
        f("priority", Ty::Int, "The priority value. Various system components use this field to find the priority of the pod. When Priority Admission Controller is enabled, it prevents users from setting this field. The admission controller populates this field from PriorityClassName. The higher the value, the higher the priority."),
        f("priorityClassName", Ty::Str, "If specified, indicates the pod's priority. \"system-node-critical\" and \"system-cluster-critical\" are two special keywords which indicate the highest priorities with the former being the highest priority. Any other name must be defined by creating a PriorityClass object with that name. If not specified, the pod priority will be default or zero if there is no default."),
        Field {
            enums: &["Always", "Never", "OnFailure"],
            ..f("restartPolicy", Ty::Str, "Restart policy for all containers within the pod. One of Always, OnFailure, Never. In some contexts, only a subset of those values may be permitted. Default to Always. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy\n\nPossible enum values:\n - `\"Always\"`\n - `\"Never\"`\n - `\"OnFailure\"`")
        },
        f("schedulerName", Ty::Str, "If specified, the pod will be dispatched by specified scheduler. If not specified, the pod will be dispatched by default scheduler."),
        f("securityContext", Ty::Obj(|| &POD_SECURITY_CONTEXT), "SecurityContext holds pod-level security attributes and common container settings. Optional: Defaults to empty.  See type description for default values of each field."),
        f("serviceAccount", Ty::Str, "DeprecatedServiceAccount is a deprecated alias for ServiceAccountName. Deprecated: Use serviceAccountName instead."),
        f("serviceAccountName", Ty::Str, "ServiceAccountName is the name of the ServiceAccount to use to run this pod. More info: https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/"),
        f("subdomain", Ty::Str, "If specified, the fully qualified Pod hostname will be \"<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>\". If not specified, the pod will not have a domainname at all."),
        f("terminationGracePeriodSeconds", Ty::Int, "Optional duration in seconds the pod needs to terminate gracefully. May be decreased in delete request. Value must be non-negative integer. The value zero indicates stop immediately via the kill signal (no opportunity to shut down). If this value is nil, the default grace period will be used instead. The grace period is the duration in seconds after the processes running in the pod are sent a termination signal and the time when the processes are forcibly halted with a kill signal. Set this value longer than the expected cleanup time for your process. Defaults to 30 seconds."),
        f("tolerations", Ty::List(|| &TOLERATION), "If specified, the pod's tolerations."),
        f("volumes", Ty::List(|| &VOLUME), "List of volumes that can be mounted by containers belonging to the pod. More info: https://kubernetes.io/docs/concepts/storage/volumes"),
    ],
};

pub(super) static AFFINITY: TypeDef =
    TypeDef { name: "Affinity", desc: "Affinity is a group of affinity scheduling rules.", fields: &[] };

pub(super) static POD_SECURITY_CONTEXT: TypeDef = TypeDef {
    name: "PodSecurityContext",
    desc: "PodSecurityContext holds pod-level security attributes and common container settings. Some fields are also present in container.securityContext.  Field values of container.securityContext take precedence over field values of PodSecurityContext.",
    fields: &[],
};

pub(super) static TOLERATION: TypeDef = TypeDef {
    name: "Toleration",
    desc: "The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.",
    fields: &[
        Field {
            enums: &["NoExecute", "NoSchedule", "PreferNoSchedule"],
            ..f("effect", Ty::Str, "Effect indicates the taint effect to match. Empty means match all taint effects. When specified, allowed values are NoSchedule, PreferNoSchedule and NoExecute.\n\nPossible enum values:\n - `\"NoExecute\"` Evict any already-running pods that do not tolerate the taint. Currently enforced by NodeController.\n - `\"NoSchedule\"` Do not allow new pods to schedule onto the node unless they tolerate the taint, but allow all pods submitted to Kubelet without going through the scheduler to start, and allow all already-running pods to continue running. Enforced by the scheduler.\n - `\"PreferNoSchedule\"` Like TaintEffectNoSchedule, but the scheduler tries not to schedule new pods onto the node, rather than prohibiting new pods from scheduling onto the node entirely. Enforced by the scheduler.")
        },
        f("key", Ty::Str, "Key is the taint key that the toleration applies to. Empty means match all taint keys. If the key is empty, operator must be Exists; this combination means to match all values and all keys."),
        Field {
            enums: &["Equal", "Exists"],
            ..f("operator", Ty::Str, "Operator represents a key's relationship to the value. Valid operators are Exists and Equal. Defaults to Equal. Exists is equivalent to wildcard for value, so that a pod can tolerate all taints of a particular category.\n\nPossible enum values:\n - `\"Equal\"`\n - `\"Exists\"`")
        },
        f("tolerationSeconds", Ty::Int, "TolerationSeconds represents the period of time the toleration (which must be of effect NoExecute, otherwise this field is ignored) tolerates the taint. By default, it is not set, which means tolerate the taint forever (do not evict). Zero and negative values will be treated as 0 (evict immediately) by the system."),
        f("value", Ty::Str, "Value is the taint value the toleration matches to. If the operator is Exists, the value should be empty, otherwise just a regular string."),
    ],
};

pub(super) static VOLUME: TypeDef = TypeDef {
    name: "Volume",
    desc: "Volume represents a named volume in a pod that may be accessed by any container in the pod.",
    fields: &[req(
        "name",
        Ty::Str,
        "name of the volume. Must be a DNS_LABEL and unique within the pod. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names",
    )],
};

pub(super) static CONTAINER: TypeDef = TypeDef {
    name: "Container",
    desc: "A single application container that you want to run within a pod.",
    fields: &[
        f("args", Ty::StrList, "Arguments to the entrypoint. The container image's CMD is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container's environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. \"$$(VAR_NAME)\" will produce the string literal \"$(VAR_NAME)\". Escaped references will never be expanded, regardless of whether the variable exists or not. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell"),
        f("command", Ty::StrList, "Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container's environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. \"$$(VAR_NAME)\" will produce the string literal \"$(VAR_NAME)\". Escaped references will never be expanded, regardless of whether the variable exists or not. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell"),
        f("env", Ty::List(|| &ENV_VAR), "List of environment variables to set in the container. Cannot be updated."),
        f("image", Ty::Str, "Container image name. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets."),
        Field {
            enums: &["Always", "IfNotPresent", "Never"],
            ..f("imagePullPolicy", Ty::Str, "Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated. More info: https://kubernetes.io/docs/concepts/containers/images#updating-images\n\nPossible enum values:\n - `\"Always\"` means that kubelet always attempts to pull the latest image. Container will fail If the pull fails.\n - `\"IfNotPresent\"` means that kubelet pulls if the image isn't present on disk. Container will fail if the image isn't present and the pull fails.\n - `\"Never\"` means that kubelet never pulls an image, but only uses a local image. Container will fail if the image isn't present")
        },
        f("livenessProbe", Ty::Obj(|| &PROBE), "Periodic probe of container liveness. Container will be restarted if the probe fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes"),
        req("name", Ty::Str, "Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated."),
        f("ports", Ty::List(|| &CONTAINER_PORT), "List of ports to expose from the container. Not specifying a port here DOES NOT prevent that port from being exposed. Any port which is listening on the default \"0.0.0.0\" address inside a container will be accessible from the network. Modifying this array with strategic merge patch may corrupt the data. For more information See https://github.com/kubernetes/kubernetes/issues/108255. Cannot be updated."),
        f("readinessProbe", Ty::Obj(|| &PROBE), "Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes"),
        f("resources", Ty::Obj(|| &RESOURCE_REQUIREMENTS), "Compute Resources required by this container. Cannot be updated. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"),
        f("startupProbe", Ty::Obj(|| &PROBE), "StartupProbe indicates that the Pod has successfully initialized. If specified, no other probes are executed until this completes successfully. If this probe fails, the Pod will be restarted, just as if the livenessProbe failed. This can be used to provide different probe parameters at the beginning of a Pod's lifecycle, when it might take a long time to load data or warm a cache, than during steady-state operation. This cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes").modern(),
        f("volumeMounts", Ty::List(|| &VOLUME_MOUNT), "Pod volumes to mount into the container's filesystem. Cannot be updated."),
        f("workingDir", Ty::Str, "Container's working directory. If not specified, the container runtime's default will be used, which might be configured in the container image. Cannot be updated."),
    ],
};

pub(super) static ENV_VAR: TypeDef = TypeDef {
    name: "EnvVar",
    desc: "EnvVar represents an environment variable present in a Container.",
    fields: &[
        req("name", Ty::Str, "Name of the environment variable. Must be a C_IDENTIFIER."),
        f("value", Ty::Str, "Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. \"$$(VAR_NAME)\" will produce the string literal \"$(VAR_NAME)\". Escaped references will never be expanded, regardless of whether the variable exists or not. Defaults to \"\"."),
        f("valueFrom", Ty::Obj(|| &ENV_VAR_SOURCE), "Source for the environment variable's value. Cannot be used if value is not empty."),
    ],
};

pub(super) static ENV_VAR_SOURCE: TypeDef =
    TypeDef { name: "EnvVarSource", desc: "EnvVarSource represents a source for the value of an EnvVar.", fields: &[] };

pub(super) static CONTAINER_PORT: TypeDef = TypeDef {
    name: "ContainerPort",
    desc: "ContainerPort represents a network port in a single container.",
    fields: &[
        req("containerPort", Ty::Int, "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536."),
        f("hostIP", Ty::Str, "What host IP to bind the external port to."),
        f("hostPort", Ty::Int, "Number of port to expose on the host. If specified, this must be a valid port number, 0 < x < 65536. If HostNetwork is specified, this must match ContainerPort. Most containers do not need this."),
        f("name", Ty::Str, "If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name. Name for the port that can be referred to by services."),
        Field {
            enums: &["SCTP", "TCP", "UDP"],
            ..f("protocol", Ty::Str, "Protocol for port. Must be UDP, TCP, or SCTP. Defaults to \"TCP\".\n\nPossible enum values:\n - `\"SCTP\"` is the SCTP protocol.\n - `\"TCP\"` is the TCP protocol.\n - `\"UDP\"` is the UDP protocol.")
        },
    ],
};

pub(super) static RESOURCE_REQUIREMENTS: TypeDef = TypeDef {
    name: "ResourceRequirements",
    desc: "ResourceRequirements describes the compute resource requirements.",
    fields: &[
        f("claims", Ty::List(|| &RESOURCE_CLAIM), "Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.\n\nThis is an alpha field and requires enabling the DynamicResourceAllocation feature gate.\n\nThis field is immutable. It can only be set for containers.").modern(),
        f("limits", Ty::QuantityMap, "Limits describes the maximum amount of compute resources allowed. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"),
        f("requests", Ty::QuantityMap, "Requests describes the minimum amount of compute resources required. If Requests is omitted for a container, it defaults to Limits if that is explicitly specified, otherwise to an implementation-defined value. Requests cannot exceed Limits. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"),
    ],
};

pub(super) static RESOURCE_CLAIM: TypeDef = TypeDef {
    name: "ResourceClaim",
    desc: "ResourceClaim references one entry in PodSpec.ResourceClaims.",
    fields: &[
        req("name", Ty::Str, "Name must match the name of one entry in pod.spec.resourceClaims of the Pod where this field is used. It makes that resource available inside a container."),
        f("request", Ty::Str, "Request is the name chosen for a request in the referenced claim. If empty, everything from the claim is made available, otherwise only the result of this request."),
    ],
};

pub(super) static VOLUME_MOUNT: TypeDef = TypeDef {
    name: "VolumeMount",
    desc: "VolumeMount describes a mounting of a Volume within a container.",
    fields: &[
        req("mountPath", Ty::Str, "Path within the container at which the volume should be mounted.  Must not contain ':'."),
        req("name", Ty::Str, "This must match the Name of a Volume."),
        f("readOnly", Ty::Bool, "Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false."),
        f("subPath", Ty::Str, "Path within the volume from which the container's volume should be mounted. Defaults to \"\" (volume's root)."),
    ],
};

pub(super) static PROBE: TypeDef = TypeDef {
    name: "Probe",
    desc: "Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.",
    fields: &[
        f("exec", Ty::Obj(|| &EXEC_ACTION), "Exec specifies a command to execute in the container."),
        f("failureThreshold", Ty::Int, "Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3. Minimum value is 1."),
        f("grpc", Ty::Obj(|| &GRPC_ACTION), "GRPC specifies a GRPC HealthCheckRequest.").modern(),
        f("httpGet", Ty::Obj(|| &HTTP_GET_ACTION), "HTTPGet specifies an HTTP GET request to perform."),
        f("initialDelaySeconds", Ty::Int, "Number of seconds after the container has started before liveness probes are initiated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes"),
        f("periodSeconds", Ty::Int, "How often (in seconds) to perform the probe. Default to 10 seconds. Minimum value is 1."),
        f("successThreshold", Ty::Int, "Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1. Must be 1 for liveness and startup. Minimum value is 1."),
        f("tcpSocket", Ty::Obj(|| &TCP_SOCKET_ACTION), "TCPSocket specifies a connection to a TCP port."),
        f("terminationGracePeriodSeconds", Ty::Int, "Optional duration in seconds the pod needs to terminate gracefully upon probe failure. The grace period is the duration in seconds after the processes running in the pod are sent a termination signal and the time when the processes are forcibly halted with a kill signal. Set this value longer than the expected cleanup time for your process. If this value is nil, the pod's terminationGracePeriodSeconds will be used. Otherwise, this value overrides the value provided by the pod spec. Value must be non-negative integer. The value zero indicates stop immediately via the kill signal (no opportunity to shut down). This is a beta field and requires enabling ProbeTerminationGracePeriod feature gate. Minimum value is 1. spec.terminationGracePeriodSeconds is used if unset.").modern(),
        f("timeoutSeconds", Ty::Int, "Number of seconds after which the probe times out. Defaults to 1 second. Minimum value is 1. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes"),
    ],
};

pub(super) static EXEC_ACTION: TypeDef = TypeDef {
    name: "ExecAction",
    desc: "ExecAction describes a \"run in container\" action.",
    fields: &[f(
        "command",
        Ty::StrList,
        "Command is the command line to execute inside the container, the working directory for the command  is root ('/') in the container's filesystem. The command is simply exec'd, it is not run inside a shell, so traditional shell instructions ('|', etc) won't work. To use a shell, you need to explicitly call out to that shell. Exit status of 0 is treated as live/healthy and non-zero is unhealthy.",
    )],
};

pub(super) static GRPC_ACTION: TypeDef = TypeDef {
    name: "GRPCAction",
    desc: "GRPCAction specifies an action involving a GRPC service.",
    fields: &[
        req("port", Ty::Int, "Port number of the gRPC service. Number must be in the range 1 to 65535."),
        f("service", Ty::Str, "Service is the name of the service to place in the gRPC HealthCheckRequest (see https://github.com/grpc/grpc/blob/master/doc/health-checking.md).\n\nIf this is not specified, the default behavior is defined by gRPC."),
    ],
};

pub(super) static HTTP_GET_ACTION: TypeDef = TypeDef {
    name: "HTTPGetAction",
    desc: "HTTPGetAction describes an action based on HTTP Get requests.",
    fields: &[
        f("host", Ty::Str, "Host name to connect to, defaults to the pod IP. You probably want to set \"Host\" in httpHeaders instead."),
        f("httpHeaders", Ty::List(|| &HTTP_HEADER), "Custom headers to set in the request. HTTP allows repeated headers."),
        f("path", Ty::Str, "Path to access on the HTTP server."),
        req("port", Ty::IntOrString, "Name or number of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME."),
        Field {
            enums: &["HTTP", "HTTPS"],
            ..f("scheme", Ty::Str, "Scheme to use for connecting to the host. Defaults to HTTP.\n\nPossible enum values:\n - `\"HTTP\"` means that the scheme used will be http://\n - `\"HTTPS\"` means that the scheme used will be https://")
        },
    ],
};

pub(super) static HTTP_HEADER: TypeDef = TypeDef {
    name: "HTTPHeader",
    desc: "HTTPHeader describes a custom header to be used in HTTP probes",
    fields: &[
        req("name", Ty::Str, "The header field name. This will be canonicalized upon output, so case-variant names will be understood as the same header."),
        req("value", Ty::Str, "The header field value"),
    ],
};

pub(super) static TCP_SOCKET_ACTION: TypeDef = TypeDef {
    name: "TCPSocketAction",
    desc: "TCPSocketAction describes an action based on opening a socket",
    fields: &[
        f("host", Ty::Str, "Optional: Host name to connect to, defaults to the pod IP."),
        req("port", Ty::IntOrString, "Number or name of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME."),
    ],
};

pub(super) static POD_STATUS: TypeDef = TypeDef {
    name: "PodStatus",
    desc: "PodStatus represents information about the status of a pod. Status may trail the actual state of a system, especially if the node that hosts the pod cannot contact the control plane.",
    fields: &[
        f("conditions", Ty::List(|| &POD_CONDITION), "Current service state of pod. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions"),
        f("containerStatuses", Ty::List(|| &CONTAINER_STATUS), "Statuses of containers in this pod. Each container in the pod should have at most one status in this list, and all statuses should be for containers in the pod. However this is not enforced. If a status for a non-existent container is present in the list, or the list has duplicate names, the behavior of various Kubernetes components is not defined and those statuses might be ignored. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-and-container-status"),
        f("hostIP", Ty::Str, "hostIP holds the IP address of the host to which the pod is assigned. Empty if the pod has not started yet. A pod can be assigned to a node that has a problem in kubelet which in turns mean that HostIP will not be updated even if there is a node is assigned to pod"),
        f("message", Ty::Str, "A human readable message indicating details about why the pod is in this condition."),
        Field {
            enums: &["Failed", "Pending", "Running", "Succeeded", "Unknown"],
            ..f("phase", Ty::Str, "The phase of a Pod is a simple, high-level summary of where the Pod is in its lifecycle. The conditions array, the reason and message fields, and the individual container status arrays contain more detail about the pod's status. There are five possible phase values:\n\nPending: The pod has been accepted by the Kubernetes system, but one or more of the container images has not been created. This includes time before being scheduled as well as time spent downloading images over the network, which could take a while. Running: The pod has been bound to a node, and all of the containers have been created. At least one container is still running, or is in the process of starting or restarting. Succeeded: All containers in the pod have terminated in success, and will not be restarted. Failed: All containers in the pod have terminated, and at least one container has terminated in failure. The container either exited with non-zero status or was terminated by the system. Unknown: For some reason the state of the pod could not be obtained, typically due to an error in communicating with the host of the pod.\n\nMore info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-phase\n\nPossible enum values:\n - `\"Failed\"` means that all containers in the pod have terminated, and at least one container has terminated in a failure (exited with a non-zero exit code or was stopped by the system).\n - `\"Pending\"` means the pod has been accepted by the system, but one or more of the containers has not been started. This includes time before being bound to a node, as well as time spent pulling images onto the host.\n - `\"Running\"` means the pod has been bound to a node and all of the containers have been started. At least one container is still running or is in the process of being restarted.\n - `\"Succeeded\"` means that all containers in the pod have voluntarily terminated with a container exit code of 0, and the system is not going to restart any of these containers.\n - `\"Unknown\"` means that for some reason the state of the pod could not be obtained, typically due to an error in communicating with the host of the pod. Deprecated: It isn't being set since 2015 (74da3b14b0c0f658b3bb8d2def5094686d0e9095)")
        },
        f("podIP", Ty::Str, "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."),
        Field {
            enums: &["BestEffort", "Burstable", "Guaranteed"],
            ..f("qosClass", Ty::Str, "The Quality of Service (QOS) classification assigned to the pod based on resource requirements See PodQOSClass type for available QOS classes More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/#quality-of-service-classes\n\nPossible enum values:\n - `\"BestEffort\"` is the BestEffort qos class.\n - `\"Burstable\"` is the Burstable qos class.\n - `\"Guaranteed\"` is the Guaranteed qos class.")
        },
        f("reason", Ty::Str, "A brief CamelCase message indicating details about why the pod is in this state. e.g. 'Evicted'"),
        f("startTime", Ty::Time, "RFC 3339 date and time at which the object was acknowledged by the Kubelet. This is before the Kubelet pulled the container image(s) for the pod."),
    ],
};

pub(super) static POD_CONDITION: TypeDef = TypeDef {
    name: "PodCondition",
    desc: "PodCondition contains details for the current condition of this pod.",
    fields: &[
        f("lastProbeTime", Ty::Time, "Last time we probed the condition."),
        f("lastTransitionTime", Ty::Time, "Last time the condition transitioned from one status to another."),
        f("message", Ty::Str, "Human-readable message indicating details about last transition."),
        f("reason", Ty::Str, "Unique, one-word, CamelCase reason for the condition's last transition."),
        req("status", Ty::Str, "Status is the status of the condition. Can be True, False, Unknown. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions"),
        req("type", Ty::Str, "Type is the type of the condition. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions"),
    ],
};

pub(super) static CONTAINER_STATUS: TypeDef = TypeDef {
    name: "ContainerStatus",
    desc: "ContainerStatus contains details for the current status of this container.",
    fields: &[
        f("containerID", Ty::Str, "ContainerID is the ID of the container in the format '<type>://<container_id>'. Where type is a container runtime identifier, returned from Version call of CRI API (for example \"containerd\")."),
        req("image", Ty::Str, "Image is the name of container image that the container is running. The container image may not match the image used in the PodSpec, as it may have been resolved by the runtime. More info: https://kubernetes.io/docs/concepts/containers/images."),
        req("imageID", Ty::Str, "ImageID is the image ID of the container's image. The image ID may not match the image ID of the image used in the PodSpec, as it may have been resolved by the runtime."),
        req("name", Ty::Str, "Name is a DNS_LABEL representing the unique name of the container. Each container in a pod must have a unique name across all container types. Cannot be updated."),
        req("ready", Ty::Bool, "Ready specifies whether the container is currently passing its readiness check. The value will change as readiness probes keep executing. If no readiness probes are specified, this field defaults to true once the container is fully started (see Started field).\n\nThe value is typically used to determine whether a container is ready to accept traffic."),
        req("restartCount", Ty::Int, "RestartCount holds the number of times the container has been restarted. Kubelet makes an effort to always increment the value, but there are cases when the state may be lost due to node restarts and then the value may be reset to 0. The value is never negative."),
        f("started", Ty::Bool, "Started indicates whether the container has finished its postStart lifecycle hook and passed its startup probe. Initialized as false, becomes true after startupProbe is considered successful. Resets to false when the container is restarted, or if kubelet loses state temporarily. In both cases, startup probes will run again. Is always true when no startupProbe is defined and container is running and has passed the postStart lifecycle hook. The null value must be treated the same as false.").modern(),
    ],
};
