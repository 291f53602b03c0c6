//! `kubectl explain` types of the storage kinds and of Ingress/IngressClass: the fields a lab
//! touches (descriptions paraphrase the OpenAPI ones, as the parent module's do). Ingress has
//! two shapes: `networking.k8s.io/v1` (current) and `extensions/v1beta1` (course).

use super::*;

pub(super) static PVC: TypeDef = TypeDef {
    name: "PersistentVolumeClaim",
    desc: "PersistentVolumeClaim is a user's request for and claim to a persistent volume",
    fields: &[
        API_VERSION,
        KIND,
        METADATA,
        f("spec", Ty::Obj(|| &PVC_SPEC), "spec defines the desired characteristics of a volume requested by a pod author. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims"),
        f("status", Ty::Obj(|| &PVC_STATUS), "status represents the current information/status of a persistent volume claim. Read-only. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims"),
    ],
};

static PVC_SPEC: TypeDef = TypeDef {
    name: "PersistentVolumeClaimSpec",
    desc: "PersistentVolumeClaimSpec describes the common attributes of storage devices and allows a Source for provider-specific attributes",
    fields: &[
        f("accessModes", Ty::StrList, "accessModes contains the desired access modes the volume should have. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1"),
        f("resources", Ty::Obj(|| &VOLUME_RESOURCES), "resources represents the minimum resources the volume should have. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#resources"),
        f("selector", Ty::Obj(|| &LABEL_SELECTOR), "selector is a label query over volumes to consider for binding."),
        f("storageClassName", Ty::Str, "storageClassName is the name of the StorageClass required by the claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#class-1"),
        en("volumeMode", &["Block", "Filesystem"], "volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.").modern(),
        f("volumeName", Ty::Str, "volumeName is the binding reference to the PersistentVolume backing this claim."),
    ],
};

static VOLUME_RESOURCES: TypeDef = TypeDef {
    name: "VolumeResourceRequirements",
    desc: "VolumeResourceRequirements describes the storage resource requirements for a volume.",
    fields: &[
        f("limits", Ty::QuantityMap, "Limits describes the maximum amount of compute resources allowed. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"),
        f("requests", Ty::QuantityMap, "Requests describes the minimum amount of compute resources required. If Requests is omitted for a container, it defaults to Limits if that is explicitly specified, otherwise to an implementation-defined value. Requests cannot exceed Limits. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"),
    ],
};

static PVC_STATUS: TypeDef = TypeDef {
    name: "PersistentVolumeClaimStatus",
    desc: "PersistentVolumeClaimStatus is the current status of a persistent volume claim.",
    fields: &[
        f("accessModes", Ty::StrList, "accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1"),
        f("capacity", Ty::QuantityMap, "capacity represents the actual resources of the underlying volume."),
        en("phase", &["Bound", "Lost", "Pending"], "phase represents the current phase of PersistentVolumeClaim."),
    ],
};

pub(super) static PV: TypeDef = TypeDef {
    name: "PersistentVolume",
    desc: "PersistentVolume (PV) is a storage resource provisioned by an administrator. It is analogous to a node. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes",
    fields: &[
        API_VERSION,
        KIND,
        METADATA,
        f("spec", Ty::Obj(|| &PV_SPEC), "spec defines a specification of a persistent volume owned by the cluster. Provisioned by an administrator. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistent-volumes"),
        f("status", Ty::Obj(|| &PV_STATUS), "status represents the current information/status for the persistent volume. Populated by the system. Read-only. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistent-volumes"),
    ],
};

static PV_SPEC: TypeDef = TypeDef {
    name: "PersistentVolumeSpec",
    desc: "PersistentVolumeSpec is the specification of a persistent volume.",
    fields: &[
        f("accessModes", Ty::StrList, "accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes"),
        f("capacity", Ty::QuantityMap, "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity"),
        f("claimRef", Ty::Obj(|| &OBJECT_REFERENCE), "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding"),
        f("hostPath", Ty::Obj(|| &HOST_PATH), "hostPath represents a directory on the host. Provisioned by a developer or tester. This is useful for single-node development and testing only! On-host storage is not supported in any way and WILL NOT WORK in a multi-node cluster. More info: https://kubernetes.io/docs/concepts/storage/volumes#hostpath"),
        en("persistentVolumeReclaimPolicy", &["Delete", "Recycle", "Retain"], "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming"),
        f("storageClassName", Ty::Str, "storageClassName is the name of StorageClass to which this persistent volume belongs. Empty value means that this volume does not belong to any StorageClass."),
        en("volumeMode", &["Block", "Filesystem"], "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.").modern(),
    ],
};

static OBJECT_REFERENCE: TypeDef = TypeDef {
    name: "ObjectReference",
    desc: "ObjectReference contains enough information to let you inspect or modify the referred object.",
    fields: &[
        f("apiVersion", Ty::Str, "API version of the referent."),
        f("kind", Ty::Str, "Kind of the referent. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"),
        f("name", Ty::Str, "Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names"),
        f("namespace", Ty::Str, "Namespace of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/"),
        f("resourceVersion", Ty::Str, "Specific resourceVersion to which this reference is made, if any. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency"),
        f("uid", Ty::Str, "UID of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#uids"),
    ],
};

static HOST_PATH: TypeDef = TypeDef {
    name: "HostPathVolumeSource",
    desc: "Represents a host path mapped into a pod. Host path volumes do not support ownership management or SELinux relabeling.",
    fields: &[
        req("path", Ty::Str, "path of the directory on the host. If the path is a symlink, it will follow the link to the real path. More info: https://kubernetes.io/docs/concepts/storage/volumes#hostpath"),
        f("type", Ty::Str, "type for HostPath Volume Defaults to \"\" More info: https://kubernetes.io/docs/concepts/storage/volumes#hostpath"),
    ],
};

static PV_STATUS: TypeDef = TypeDef {
    name: "PersistentVolumeStatus",
    desc: "PersistentVolumeStatus is the current status of a persistent volume.",
    fields: &[
        f("message", Ty::Str, "message is a human-readable message indicating details about why the volume is in this state."),
        en("phase", &["Available", "Bound", "Failed", "Pending", "Released"], "phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase"),
        f("reason", Ty::Str, "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
    ],
};

pub(super) static STORAGE_CLASS: TypeDef = TypeDef {
    name: "StorageClass",
    desc: "StorageClass describes the parameters for a class of storage for which PersistentVolumes can be dynamically provisioned.\n\nStorageClasses are non-namespaced; the name of the storage class according to etcd is in ObjectMeta.Name.",
    fields: &[
        f("allowVolumeExpansion", Ty::Bool, "allowVolumeExpansion shows whether the storage class allow volume expand."),
        API_VERSION,
        KIND,
        METADATA,
        f("mountOptions", Ty::StrList, "mountOptions controls the mountOptions for dynamically provisioned PersistentVolumes of this storage class. e.g. [\"ro\", \"soft\"]. Not validated - mount of the PVs will simply fail if one is invalid."),
        f("parameters", Ty::StrMap, "parameters holds the parameters for the provisioner that should create volumes of this storage class."),
        req("provisioner", Ty::Str, "provisioner indicates the type of the provisioner."),
        en("reclaimPolicy", &["Delete", "Recycle", "Retain"], "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete."),
        en("volumeBindingMode", &["Immediate", "WaitForFirstConsumer"], "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature."),
    ],
};

pub(super) static INGRESS: TypeDef = TypeDef {
    name: "Ingress",
    desc: "Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend. An Ingress can be configured to give services externally-reachable urls, load balance traffic, terminate SSL, offer name based virtual hosting etc.",
    fields: &[
        API_VERSION,
        KIND,
        METADATA,
        f("spec", Ty::Obj(|| &INGRESS_SPEC), "spec is the desired state of the Ingress. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
        f("status", Ty::Obj(|| &INGRESS_STATUS), "status is the current state of the Ingress. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

static INGRESS_SPEC: TypeDef = TypeDef {
    name: "IngressSpec",
    desc: "IngressSpec describes the Ingress the user wishes to exist.",
    fields: &[
        f("defaultBackend", Ty::Obj(|| &INGRESS_BACKEND), "defaultBackend is the backend that should handle requests that don't match any rule. If Rules are not specified, DefaultBackend must be specified. If DefaultBackend is not set, the handling of requests that do not match any of the rules will be up to the Ingress controller."),
        f("ingressClassName", Ty::Str, "ingressClassName is the name of an IngressClass cluster resource. Ingress controller implementations use this field to know whether they should be serving this Ingress resource, by a transitive connection (controller -> IngressClass -> Ingress resource)."),
        f("rules", Ty::List(|| &INGRESS_RULE), "rules is a list of host rules used to configure the Ingress. If unspecified, or no rule matches, all traffic is sent to the default backend."),
        f("tls", Ty::List(|| &INGRESS_TLS), "tls represents the TLS configuration. Currently the Ingress only supports a single TLS port, 443. If multiple members of this list specify different hosts, they will be multiplexed on the same port according to the hostname specified through the SNI TLS extension, if the ingress controller fulfilling the ingress supports SNI."),
    ],
};

static INGRESS_RULE: TypeDef = TypeDef {
    name: "IngressRule",
    desc: "IngressRule represents the rules mapping the paths under a specified host to the related backend services. Incoming requests are first evaluated for a host match, then routed to the backend associated with the matching IngressRuleValue.",
    fields: &[
        f("host", Ty::Str, "host is the fully qualified domain name of a network host, as defined by RFC 3986. Note the following deviations from the \"host\" part of the URI as defined in RFC 3986: 1. IPs are not allowed. 2. The `:` delimiter is not respected because ports are not allowed. host can be \"precise\" which is a domain name without the terminating dot of a network host (e.g. \"foo.bar.com\") or \"wildcard\", which is a domain name prefixed with a single wildcard label (e.g. \"*.foo.com\")."),
        f("http", Ty::Obj(|| &HTTP_RULE), ""),
    ],
};

static HTTP_RULE: TypeDef = TypeDef {
    name: "HTTPIngressRuleValue",
    desc: "HTTPIngressRuleValue is a list of http selectors pointing to backends. In the example: http://<host>/<path>?<searchpart> -> backend where where parts of the url correspond to RFC 3986, this resource will be used to match against everything after the last '/' and before the first '?' or '#'.",
    fields: &[req("paths", Ty::List(|| &HTTP_PATH), "paths is a collection of paths that map requests to backends.")],
};

static HTTP_PATH: TypeDef = TypeDef {
    name: "HTTPIngressPath",
    desc: "HTTPIngressPath associates a path with a backend. Incoming urls matching the path are forwarded to the backend.",
    fields: &[
        req("backend", Ty::Obj(|| &INGRESS_BACKEND), "backend defines the referenced service endpoint to which the traffic will be forwarded to."),
        f("path", Ty::Str, "path is matched against the path of an incoming request. Currently it can contain characters disallowed from the conventional \"path\" part of a URL as defined by RFC 3986. Paths must begin with a '/' and must be present when using PathType with value \"Exact\" or \"Prefix\"."),
        Field { required: true, ..en("pathType", &["Exact", "ImplementationSpecific", "Prefix"], "pathType determines the interpretation of the path matching. PathType can be one of the following values: * Exact: Matches the URL path exactly. * Prefix: Matches based on a URL path prefix split by '/'. Matching is done on a path element by element basis. * ImplementationSpecific: Interpretation of the Path matching is up to the IngressClass.") },
    ],
};

static INGRESS_BACKEND: TypeDef = TypeDef {
    name: "IngressBackend",
    desc: "IngressBackend describes all endpoints for a given service and port.",
    fields: &[f(
        "service",
        Ty::Obj(|| &SERVICE_BACKEND),
        "service references a service as a backend. This is a mutually exclusive setting with \"Resource\".",
    )],
};

static SERVICE_BACKEND: TypeDef = TypeDef {
    name: "IngressServiceBackend",
    desc: "IngressServiceBackend references a Kubernetes Service as a Backend.",
    fields: &[
        req(
            "name",
            Ty::Str,
            "name is the referenced service. The service must exist in the same namespace as the Ingress object.",
        ),
        f(
            "port",
            Ty::Obj(|| &SERVICE_BACKEND_PORT),
            "port of the referenced service. A port name or port number is required for a IngressServiceBackend.",
        ),
    ],
};

static SERVICE_BACKEND_PORT: TypeDef = TypeDef {
    name: "ServiceBackendPort",
    desc: "ServiceBackendPort is the service port being referenced.",
    fields: &[
        f("name", Ty::Str, "name is the name of the port on the Service. This is a mutually exclusive setting with \"Number\"."),
        f("number", Ty::Int, "number is the numerical port number (e.g. 80) on the Service. This is a mutually exclusive setting with \"Name\"."),
    ],
};

static INGRESS_TLS: TypeDef = TypeDef {
    name: "IngressTLS",
    desc: "IngressTLS describes the transport layer security associated with an ingress.",
    fields: &[
        f("hosts", Ty::StrList, "hosts is a list of hosts included in the TLS certificate. The values in this list must match the name/s used in the tlsSecret. Defaults to the wildcard host setting for the loadbalancer controller fulfilling this Ingress, if left unspecified."),
        f("secretName", Ty::Str, "secretName is the name of the secret used to terminate TLS traffic on port 443. Field is left optional to allow TLS routing based on SNI hostname alone."),
    ],
};

static INGRESS_STATUS: TypeDef = TypeDef {
    name: "IngressStatus",
    desc: "IngressStatus describe the current state of the Ingress.",
    fields: &[f(
        "loadBalancer",
        Ty::Obj(|| &LOAD_BALANCER_STATUS),
        "loadBalancer contains the current status of the load-balancer.",
    )],
};

/// extensions/v1beta1 Ingress, as kubectl 1.11 explains it.
pub(super) static INGRESS_EXT: TypeDef = TypeDef {
    name: "Ingress",
    desc: "Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend. An Ingress can be configured to give services externally-reachable urls, load balance traffic, terminate SSL, offer name based virtual hosting etc.",
    fields: &[
        API_VERSION,
        KIND,
        METADATA,
        f("spec", Ty::Obj(|| &INGRESS_SPEC_EXT), "Spec is the desired state of the Ingress. More info: https://git.k8s.io/community/contributors/devel/api-conventions.md#spec-and-status"),
        f("status", Ty::Obj(|| &INGRESS_STATUS), "Status is the current state of the Ingress. More info: https://git.k8s.io/community/contributors/devel/api-conventions.md#spec-and-status"),
    ],
};

static INGRESS_SPEC_EXT: TypeDef = TypeDef {
    name: "IngressSpec",
    desc: "IngressSpec describes the Ingress the user wishes to exist.",
    fields: &[
        f("backend", Ty::Obj(|| &INGRESS_BACKEND_EXT), "A default backend capable of servicing requests that don't match any rule. At least one of 'backend' or 'rules' must be specified. This field is optional to allow the loadbalancer controller or defaulting logic to specify a global default."),
        f("rules", Ty::List(|| &INGRESS_RULE_EXT), "A list of host rules used to configure the Ingress. If unspecified, or no rule matches, all traffic is sent to the default backend."),
        f("tls", Ty::List(|| &INGRESS_TLS), "TLS configuration. Currently the Ingress only supports a single TLS port, 443. If multiple members of this list specify different hosts, they will be multiplexed on the same port according to the hostname specified through the SNI TLS extension, if the ingress controller fulfilling the ingress supports SNI."),
    ],
};

static INGRESS_RULE_EXT: TypeDef = TypeDef {
    name: "IngressRule",
    desc: "IngressRule represents the rules mapping the paths under a specified host to the related backend services. Incoming requests are first evaluated for a host match, then routed to the backend associated with the matching IngressRuleValue.",
    fields: &[
        f("host", Ty::Str, "Host is the fully qualified domain name of a network host, as defined by RFC 3986. Note the following deviations from the \"host\" part of the URI as defined in the RFC: 1. IPs are not allowed. Currently an IngressRuleValue can only apply to the IP in the Spec of the parent Ingress. 2. The `:` delimiter is not respected because ports are not allowed. Currently the port of an Ingress is implicitly :80 for http and :443 for https. Both these may change in the future. Incoming requests are matched against the host before the IngressRuleValue. If the host is unspecified, the Ingress routes all traffic based on the specified IngressRuleValue."),
        f("http", Ty::Obj(|| &HTTP_RULE_EXT), ""),
    ],
};

static HTTP_RULE_EXT: TypeDef = TypeDef {
    name: "HTTPIngressRuleValue",
    desc: "HTTPIngressRuleValue is a list of http selectors pointing to backends. In the example: http://<host>/<path>?<searchpart> -> backend where where parts of the url correspond to RFC 3986, this resource will be used to match against everything after the last '/' and before the first '?' or '#'.",
    fields: &[req("paths", Ty::List(|| &HTTP_PATH_EXT), "A collection of paths that map requests to backends.")],
};

static HTTP_PATH_EXT: TypeDef = TypeDef {
    name: "HTTPIngressPath",
    desc: "HTTPIngressPath associates a path regex with a backend. Incoming urls matching the path are forwarded to the backend.",
    fields: &[
        req("backend", Ty::Obj(|| &INGRESS_BACKEND_EXT), "Backend defines the referenced service endpoint to which the traffic will be forwarded to."),
        f("path", Ty::Str, "Path is an extended POSIX regex as defined by IEEE Std 1003.1, (i.e this follows the egrep/unix syntax, not the perl syntax) matched against the path of an incoming request. Currently it can contain characters disallowed from the conventional \"path\" part of a URL as defined by RFC 3986. Paths must begin with a '/'. If unspecified, the path defaults to a catch all sending traffic to the backend."),
    ],
};

static INGRESS_BACKEND_EXT: TypeDef = TypeDef {
    name: "IngressBackend",
    desc: "IngressBackend describes all endpoints for a given service and port.",
    fields: &[
        req("serviceName", Ty::Str, "Specifies the name of the referenced service."),
        req("servicePort", Ty::IntOrString, "Specifies the port of the referenced service."),
    ],
};

pub(super) static INGRESS_CLASS: TypeDef = TypeDef {
    name: "IngressClass",
    desc: "IngressClass represents the class of the Ingress, referenced by the Ingress Spec. The `ingressclass.kubernetes.io/is-default-class` annotation can be used to indicate that an IngressClass should be considered default. When a single IngressClass resource has this annotation set to true, new Ingress resources without a class specified will be assigned this default class.",
    fields: &[
        API_VERSION,
        KIND,
        METADATA,
        f("spec", Ty::Obj(|| &INGRESS_CLASS_SPEC), "spec is the desired state of the IngressClass. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

static INGRESS_CLASS_SPEC: TypeDef = TypeDef {
    name: "IngressClassSpec",
    desc: "IngressClassSpec provides information about the class of an Ingress.",
    fields: &[f("controller", Ty::Str, "controller refers to the name of the controller that should handle this class. This allows for different \"flavors\" that are controlled by the same controller. For example, you may have different parameters for the same implementing controller. This should be specified as a domain-prefixed path no more than 250 characters in length, e.g. \"acme.io/ingress-controller\". This field is immutable.")],
};
