//! `kubectl explain`: a compact schema tree for the kinds the lab uses, rendered
//! the way kubectl prints it.
//!
//! What is reproduced:
//! * current profile (kubectl 1.33, explain's OpenAPI v3 plaintext template):
//!   `GROUP:` (omitted for the core group), `KIND:`, `VERSION:`, then for a field
//!   `FIELD: name <Type>` (and `ENUM:` for enum fields), `DESCRIPTION:` (the
//!   field's description followed by its type's description, wrapped to 74
//!   columns, indented 4), and `FIELDS:` with `  name\t<Type>` lines, an
//!   `  enum: ...` line for enum fields and the ` -required-` marker;
//! * course profile (kubectl 1.11, the older template): `KIND:     `,
//!   `VERSION:  group/version`, `RESOURCE: name <Object>` / `FIELD:    name <type>`,
//!   descriptions indented 5 and wrapped to 75 columns, fields indented 3, types
//!   shown as `<Object>`/`<[]Object>`; Deployment and ReplicaSet resolve to
//!   `extensions/v1beta1` and HorizontalPodAutoscaler to `autoscaling/v1`, as
//!   kubectl 1.11 did.
//!
//! Simplified: descriptions paraphrase the Kubernetes OpenAPI descriptions
//! closely but are not byte-exact; big types (PodSpec, Container, PodStatus,
//! NodeStatus, ...) list their commonly used fields only, and some leaf types
//! (Affinity, EnvVarSource, PodSecurityContext, Volume sources, MetricStatus)
//! are described without their fields. `--recursive` and `--api-version` are not
//! modelled. Kinds covered: pods, deployments, replicasets,
//! replicationcontrollers, services, namespaces, nodes, horizontalpodautoscalers,
//! configmaps, secrets, serviceaccounts, daemonsets, statefulsets (`help/explain/sets.rs`),
//! jobs and cronjobs (`explain/batch.rs`).

mod batch;

mod pdb;
mod storage;

use crate::resources;
use crate::Profile;

mod sets;

/// How a field's value is typed.
#[derive(Clone, Copy)]
enum Ty {
    Str,
    Int,
    Bool,
    /// A timestamp; shown as `<string>`.
    Time,
    IntOrString,
    Quantity,
    StrList,
    StrMap,
    QuantityMap,
    Obj(&'static TypeDef),
    List(&'static TypeDef),
}

impl Ty {
    /// The type as kubectl 1.33 prints it.
    fn current_name(self) -> String {
        match self {
            Ty::Str | Ty::Time => "string".into(),
            Ty::Int => "integer".into(),
            Ty::Bool => "boolean".into(),
            Ty::IntOrString => "IntOrString".into(),
            Ty::Quantity => "Quantity".into(),
            Ty::StrList => "[]string".into(),
            Ty::StrMap => "map[string]string".into(),
            Ty::QuantityMap => "map[string]Quantity".into(),
            Ty::Obj(t) => t.name.into(),
            Ty::List(t) => format!("[]{}", t.name),
        }
    }

    /// The type as kubectl 1.11 printed it.
    fn course_name(self) -> &'static str {
        match self {
            Ty::Str | Ty::Time | Ty::IntOrString | Ty::Quantity => "string",
            Ty::Int => "integer",
            Ty::Bool => "boolean",
            Ty::StrList => "[]string",
            Ty::StrMap => "map[string]string",
            Ty::QuantityMap => "object",
            Ty::Obj(_) => "Object",
            Ty::List(_) => "[]Object",
        }
    }

    fn def(self) -> Option<&'static TypeDef> {
        match self {
            Ty::Obj(t) | Ty::List(t) => Some(t),
            _ => None,
        }
    }
}

/// One property of an object type.
#[derive(Clone, Copy)]
struct Field {
    name: &'static str,
    ty: Ty,
    required: bool,
    enums: &'static [&'static str],
    desc: &'static str,
    /// Present in the course-era (v1.11) API.
    course: bool,
}

/// An object type.
struct TypeDef {
    name: &'static str,
    desc: &'static str,
    fields: &'static [Field],
}

const fn f(name: &'static str, ty: Ty, desc: &'static str) -> Field {
    Field { name, ty, required: false, enums: &[], desc, course: true }
}

const fn req(name: &'static str, ty: Ty, desc: &'static str) -> Field {
    Field { required: true, ..f(name, ty, desc) }
}

const fn en(name: &'static str, enums: &'static [&'static str], desc: &'static str) -> Field {
    Field { enums, ..f(name, Ty::Str, desc) }
}

impl Field {
    /// Marks a field that the course-era API did not have.
    const fn modern(self) -> Field {
        Field { course: false, ..self }
    }

    /// True when `profile`'s API has this field (the current one has them all).
    fn in_profile(&self, profile: Profile) -> bool {
        self.course || profile == Profile::Current
    }
}

/// A kind `kubectl explain` knows, per profile.
struct Kind {
    plural: &'static str,
    kind: &'static str,
    current: (&'static str, &'static str, &'static TypeDef),
    course: (&'static str, &'static str, &'static TypeDef),
}

impl Kind {
    /// The group, version and type `profile`'s kubectl explains.
    fn in_profile(&self, profile: Profile) -> (&'static str, &'static str, &'static TypeDef) {
        match profile {
            Profile::Course => self.course,
            Profile::Current => self.current,
        }
    }
}

static KINDS: &[Kind] = &[
    Kind { plural: "pods", kind: "Pod", current: ("", "v1", &POD), course: ("", "v1", &POD) },
    Kind {
        plural: "deployments",
        kind: "Deployment",
        current: ("apps", "v1", &DEPLOYMENT),
        course: ("extensions", "v1beta1", &DEPLOYMENT_EXT),
    },
    Kind {
        plural: "replicasets",
        kind: "ReplicaSet",
        current: ("apps", "v1", &REPLICA_SET),
        course: ("extensions", "v1beta1", &REPLICA_SET_EXT),
    },
    Kind {
        plural: "replicationcontrollers",
        kind: "ReplicationController",
        current: ("", "v1", &REPLICATION_CONTROLLER),
        course: ("", "v1", &REPLICATION_CONTROLLER),
    },
    Kind { plural: "services", kind: "Service", current: ("", "v1", &SERVICE), course: ("", "v1", &SERVICE) },
    Kind { plural: "namespaces", kind: "Namespace", current: ("", "v1", &NAMESPACE), course: ("", "v1", &NAMESPACE) },
    Kind { plural: "nodes", kind: "Node", current: ("", "v1", &NODE), course: ("", "v1", &NODE) },
    Kind {
        plural: "horizontalpodautoscalers",
        kind: "HorizontalPodAutoscaler",
        current: ("autoscaling", "v2", &HPA_V2),
        course: ("autoscaling", "v1", &HPA_V1),
    },
    Kind { plural: "configmaps", kind: "ConfigMap", current: ("", "v1", &CONFIG_MAP), course: ("", "v1", &CONFIG_MAP) },
    Kind { plural: "secrets", kind: "Secret", current: ("", "v1", &SECRET), course: ("", "v1", &SECRET) },
    Kind {
        plural: "serviceaccounts",
        kind: "ServiceAccount",
        current: ("", "v1", &SERVICE_ACCOUNT),
        course: ("", "v1", &SERVICE_ACCOUNT),
    },
    Kind {
        plural: "daemonsets",
        kind: "DaemonSet",
        current: ("apps", "v1", &sets::DAEMON_SET),
        course: ("extensions", "v1beta1", &sets::DAEMON_SET_EXT),
    },
    Kind {
        plural: "statefulsets",
        kind: "StatefulSet",
        current: ("apps", "v1", &sets::STATEFUL_SET),
        course: ("apps", "v1", &sets::STATEFUL_SET),
    },
    Kind { plural: "jobs", kind: "Job", current: ("batch", "v1", &batch::JOB), course: ("batch", "v1", &batch::JOB) },
    Kind {
        plural: "cronjobs",
        kind: "CronJob",
        current: ("batch", "v1", &batch::CRONJOB),
        course: ("batch", "v1beta1", &batch::CRONJOB),
    },
    Kind {
        plural: "persistentvolumeclaims",
        kind: "PersistentVolumeClaim",
        current: ("", "v1", &storage::PVC),
        course: ("", "v1", &storage::PVC),
    },
    Kind {
        plural: "persistentvolumes",
        kind: "PersistentVolume",
        current: ("", "v1", &storage::PV),
        course: ("", "v1", &storage::PV),
    },
    Kind {
        plural: "storageclasses",
        kind: "StorageClass",
        current: ("storage.k8s.io", "v1", &storage::STORAGE_CLASS),
        course: ("storage.k8s.io", "v1", &storage::STORAGE_CLASS),
    },
    Kind {
        plural: "ingresses",
        kind: "Ingress",
        current: ("networking.k8s.io", "v1", &storage::INGRESS),
        course: ("extensions", "v1beta1", &storage::INGRESS_EXT),
    },
    Kind {
        plural: "poddisruptionbudgets",
        kind: "PodDisruptionBudget",
        current: ("policy", "v1", &pdb::PDB),
        course: ("policy", "v1beta1", &pdb::PDB),
    },
    Kind {
        plural: "ingressclasses",
        kind: "IngressClass",
        current: ("networking.k8s.io", "v1", &storage::INGRESS_CLASS),
        course: ("networking.k8s.io", "v1", &storage::INGRESS_CLASS),
    },
];

/// `kubectl explain <resource_path>` output, e.g. for `deployment.spec.strategy`
/// or `pods.spec.containers.readinessProbe`. The first segment is any name
/// [`resources::lookup`] accepts; field names are case-sensitive, as in kubectl.
/// None for an unknown resource or field (the caller prints kubectl's error).
pub fn explain(resource_path: &str, profile: Profile) -> Option<String> {
    let mut parts = resource_path.split('.');
    let resource = parts.next()?;
    let info = resources::lookup(resource)?;
    let kind = KINDS.iter().find(|k| k.plural == info.plural)?;
    let (group, version, root) = kind.in_profile(profile);
    let mut def: Option<&'static TypeDef> = Some(root);
    let mut field: Option<Field> = None;
    for name in parts {
        let current = def?;
        let found = *current.fields.iter().find(|fl| fl.name == name && fl.in_profile(profile))?;
        def = found.ty.def();
        field = Some(found);
    }
    Some(if profile.era().explain_legacy_template {
        render_course(group, version, kind.kind, field, def)
    } else {
        render_current(group, version, kind.kind, field, def)
    })
}

fn render_current(group: &str, version: &str, kind: &str, field: Option<Field>, def: Option<&TypeDef>) -> String {
    let mut out = String::new();
    if !group.is_empty() {
        out.push_str(&format!("GROUP:      {group}\n"));
    }
    out.push_str(&format!("KIND:       {kind}\nVERSION:    {version}\n\n"));
    if let Some(fl) = field {
        out.push_str(&format!("FIELD: {} <{}>\n", fl.name, fl.ty.current_name()));
        if !fl.enums.is_empty() {
            out.push_str("ENUM:\n");
            for e in fl.enums {
                out.push_str(&format!("    {e}\n"));
            }
        }
        out.push('\n');
    }
    out.push_str("DESCRIPTION:\n");
    let mut desc = Vec::new();
    if let Some(fl) = field {
        desc.push(fl.desc);
    }
    if let Some(d) = def {
        desc.push(d.desc);
    }
    for d in desc {
        out.push_str(&indent(&wrap(d, 74), "    ", true));
        out.push('\n');
    }
    out.push_str("    \n");
    if let Some(d) = def {
        if !d.fields.is_empty() {
            out.push_str("FIELDS:\n");
            for fl in sorted_fields(d, Profile::Current) {
                let required = if fl.required { " -required-" } else { "" };
                out.push_str(&format!("  {}\t<{}>{}\n", fl.name, fl.ty.current_name(), required));
                if !fl.enums.is_empty() {
                    out.push_str(&format!("  enum: {}\n", fl.enums.join(", ")));
                }
                out.push_str(&indent(&wrap(fl.desc, 74), "    ", true));
                out.push_str("\n\n");
            }
        }
    }
    out
}

fn render_course(group: &str, version: &str, kind: &str, field: Option<Field>, def: Option<&TypeDef>) -> String {
    let api_version = if group.is_empty() { version.to_string() } else { format!("{group}/{version}") };
    let mut out = format!("KIND:     {kind}\nVERSION:  {api_version}\n\n");
    if let Some(fl) = field {
        if def.is_some() {
            out.push_str(&format!("RESOURCE: {} <{}>\n\n", fl.name, fl.ty.course_name()));
        } else {
            out.push_str(&format!("FIELD:    {} <{}>\n\n", fl.name, fl.ty.course_name()));
        }
    }
    out.push_str("DESCRIPTION:\n");
    let mut desc = Vec::new();
    if let Some(fl) = field {
        desc.push(course_text(fl.desc));
    }
    if let Some(d) = def {
        desc.push(course_text(d.desc));
    }
    out.push_str(&indent(&wrap(&desc.join("\n\n"), 75), "     ", false));
    out.push_str("\n\n");
    if let Some(d) = def {
        if !d.fields.is_empty() {
            out.push_str("FIELDS:\n");
            for fl in sorted_fields(d, Profile::Course) {
                let required = if fl.required { " -required-" } else { "" };
                out.push_str(&format!("   {}\t<{}>{}\n", fl.name, fl.ty.course_name(), required));
                out.push_str(&indent(&wrap(&course_text(fl.desc), 75), "     ", false));
                out.push_str("\n\n");
            }
        }
    }
    out
}

/// The fields of a type in kubectl's order (alphabetical), for a profile.
fn sorted_fields(def: &TypeDef, profile: Profile) -> Vec<&Field> {
    let mut fields: Vec<&Field> = def.fields.iter().filter(|f| f.in_profile(profile)).collect();
    kubelab_sim::sort::by_key(&mut fields, |f| f.name);
    fields
}

/// A description as the course-era API documented it: no enum value lists, and
/// the older API conventions link.
fn course_text(desc: &str) -> String {
    let desc = match desc.find("\n\nPossible enum values:") {
        Some(i) => desc.get(..i).unwrap_or(desc),
        None => desc,
    };
    desc.replace("devel/sig-architecture/api-conventions.md", "devel/api-conventions.md")
}

/// Greedy word wrap like go-wordwrap: existing newlines are kept, a line breaks
/// before a word that would make it longer than `limit` chars (a word longer than
/// the limit gets a line of its own), runs of spaces inside a line are kept.
fn wrap(text: &str, limit: usize) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut current = 0usize;
        let mut spaces = 0usize;
        let mut word = String::new();
        let emit = |out: &mut String, spaces: usize, word: &str, current: &mut usize| {
            let len = word.chars().count();
            if *current > 0 && *current + spaces + len > limit {
                out.push('\n');
                *current = 0;
            } else {
                out.extend(std::iter::repeat_n(' ', spaces));
                *current += spaces;
            }
            out.push_str(word);
            *current += len;
        };
        for ch in line.chars() {
            if ch == ' ' {
                if !word.is_empty() {
                    emit(&mut out, spaces, &word, &mut current);
                    word.clear();
                    spaces = 0;
                }
                spaces += 1;
            } else {
                word.push(ch);
            }
        }
        if !word.is_empty() {
            emit(&mut out, spaces, &word, &mut current);
        }
    }
    out
}

/// Prefixes every line with `prefix` (empty lines too when `blank_lines`).
fn indent(text: &str, prefix: &str, blank_lines: bool) -> String {
    text.split('\n')
        .map(|l| if l.is_empty() && !blank_lines { String::new() } else { format!("{prefix}{l}") })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------
// The schema data. Descriptions follow the Kubernetes API reference.

const API_VERSION: Field = f(
    "apiVersion",
    Ty::Str,
    "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
);
const KIND: Field = f(
    "kind",
    Ty::Str,
    "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
);
const METADATA: Field = f(
    "metadata",
    Ty::Obj(&OBJECT_META),
    "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
);
const MIN_READY_SECONDS: Field = f(
    "minReadySeconds",
    Ty::Int,
    "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)",
);

const fn condition_fields(status_desc: &'static str, type_desc: &'static str) -> [Field; 5] {
    [
        f("lastTransitionTime", Ty::Time, "Last time the condition transitioned from one status to another."),
        f("message", Ty::Str, "A human readable message indicating details about the transition."),
        f("reason", Ty::Str, "The reason for the condition's last transition."),
        req("status", Ty::Str, status_desc),
        req("type", Ty::Str, type_desc),
    ]
}

static OBJECT_META: TypeDef = TypeDef {
    name: "ObjectMeta",
    desc: "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
    fields: &[
        f("annotations", Ty::StrMap, "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations"),
        f("creationTimestamp", Ty::Time, "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
        f("deletionGracePeriodSeconds", Ty::Int, "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only."),
        f("deletionTimestamp", Ty::Time, "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. The resource is expected to be deleted (no longer visible from resource lists, and not reachable by name) after the time in this field, once the finalizers list is empty.\n\nPopulated by the system when a graceful deletion is requested. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
        f("finalizers", Ty::StrList, "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed. Finalizers may be processed and removed in any order. Order is NOT enforced because it introduces significant risk of stuck finalizers. finalizers is a shared field, any actor with permission can reorder it."),
        f("generateName", Ty::Str, "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed. This value will also be combined with a unique suffix. The provided value has the same validation rules as the Name field, and may be truncated by the length of the suffix required to make the value unique on the server.\n\nIf this field is specified and the generated name exists, the server will return a 409.\n\nApplied only if Name is not specified. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#idempotency"),
        f("generation", Ty::Int, "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only."),
        f("labels", Ty::StrMap, "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels"),
        f("managedFields", Ty::List(&MANAGED_FIELDS_ENTRY), "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field. A workflow can be the user's name, a controller's name, or the name of a specific apply path like \"ci-cd\". The set of fields is always in the version that the workflow used when modifying the object.").modern(),
        f("name", Ty::Str, "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"),
        f("namespace", Ty::Str, "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace, but \"default\" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces"),
        f("ownerReferences", Ty::List(&OWNER_REFERENCE), "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller."),
        f("resourceVersion", Ty::Str, "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Clients must treat these values as opaque and passed unmodified back to the server. They may only be valid for a particular resource or set of resources.\n\nPopulated by the system. Read-only. Value must be treated as opaque by clients and . More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency"),
        f("selfLink", Ty::Str, "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."),
        f("uid", Ty::Str, "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.\n\nPopulated by the system. Read-only. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids"),
    ],
};

static MANAGED_FIELDS_ENTRY: TypeDef = TypeDef {
    name: "ManagedFieldsEntry",
    desc: "ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.",
    fields: &[
        f("apiVersion", Ty::Str, "APIVersion defines the version of this resource that this field set applies to. The format is \"group/version\" just like the top-level APIVersion field. It is necessary to track the version of a field set because it cannot be automatically converted."),
        f("fieldsType", Ty::Str, "FieldsType is the discriminator for the different fields format and version. There is currently only one possible value: \"FieldsV1\""),
        f("manager", Ty::Str, "Manager is an identifier of the workflow managing these fields."),
        f("operation", Ty::Str, "Operation is the type of operation which lead to this ManagedFieldsEntry being created. The only valid values for this field are 'Apply' and 'Update'."),
        f("subresource", Ty::Str, "Subresource is the name of the subresource used to update that object, or empty string if the object was updated through the main resource. The value of this field is used to distinguish between managers, even if they share the same name. For example, a status update will be distinct from a regular update using the same manager name. Note that the APIVersion field is not related to the Subresource field and it always corresponds to the version of the main resource."),
        f("time", Ty::Time, "Time is the timestamp of when the ManagedFields entry was added. The timestamp will also be updated if a field is added, the manager changes any of the owned fields value or removes a field. The timestamp does not update when a field is removed from the entry because another manager took it over."),
    ],
};

static OWNER_REFERENCE: TypeDef = TypeDef {
    name: "OwnerReference",
    desc: "OwnerReference contains enough information to let you identify an owning object. An owning object must be in the same namespace as the dependent, or be cluster-scoped, so there is no namespace field.",
    fields: &[
        req("apiVersion", Ty::Str, "API version of the referent."),
        f("blockOwnerDeletion", Ty::Bool, "If true, AND if the owner has the \"foregroundDeletion\" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed. See https://kubernetes.io/docs/concepts/architecture/garbage-collection/#foreground-deletion for how the garbage collector interacts with this field and enforces the foreground deletion. Defaults to false. To set this field, a user needs \"delete\" permission of the owner, otherwise 422 (Unprocessable Entity) will be returned."),
        f("controller", Ty::Bool, "If true, this reference points to the managing controller."),
        req("kind", Ty::Str, "Kind of the referent. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"),
        req("name", Ty::Str, "Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"),
        req("uid", Ty::Str, "UID of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids"),
    ],
};

static LABEL_SELECTOR: TypeDef = TypeDef {
    name: "LabelSelector",
    desc: "A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects. A null label selector matches no objects.",
    fields: &[
        f("matchExpressions", Ty::List(&LABEL_SELECTOR_REQUIREMENT), "matchExpressions is a list of label selector requirements. The requirements are ANDed."),
        f("matchLabels", Ty::StrMap, "matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is \"key\", the operator is \"In\", and the values array contains only \"value\". The requirements are ANDed."),
    ],
};

static LABEL_SELECTOR_REQUIREMENT: TypeDef = TypeDef {
    name: "LabelSelectorRequirement",
    desc: "A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.",
    fields: &[
        req("key", Ty::Str, "key is the label key that the selector applies to."),
        req("operator", Ty::Str, "operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist."),
        f("values", Ty::StrList, "values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. This array is replaced during a strategic merge patch."),
    ],
};

// --- Deployment (apps/v1) ---------------------------------------------------

static DEPLOYMENT: TypeDef = TypeDef {
    name: "Deployment",
    desc: "Deployment enables declarative updates for Pods and ReplicaSets.",
    fields: &[
        API_VERSION,
        KIND,
        METADATA,
        f("spec", Ty::Obj(&DEPLOYMENT_SPEC), "Specification of the desired behavior of the Deployment."),
        f("status", Ty::Obj(&DEPLOYMENT_STATUS), "Most recently observed status of the Deployment."),
    ],
};

static DEPLOYMENT_SPEC: TypeDef = TypeDef {
    name: "DeploymentSpec",
    desc: "DeploymentSpec is the specification of the desired behavior of the Deployment.",
    fields: &[
        MIN_READY_SECONDS,
        f("paused", Ty::Bool, "Indicates that the deployment is paused."),
        f("progressDeadlineSeconds", Ty::Int, "The maximum time in seconds for a deployment to make progress before it is considered to be failed. The deployment controller will continue to process failed deployments and a condition with a ProgressDeadlineExceeded reason will be surfaced in the deployment status. Note that progress will not be estimated during the time a deployment is paused. Defaults to 600s."),
        f("replicas", Ty::Int, "Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1."),
        f("revisionHistoryLimit", Ty::Int, "The number of old ReplicaSets to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. Defaults to 10."),
        req("selector", Ty::Obj(&LABEL_SELECTOR), "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels."),
        f("strategy", Ty::Obj(&DEPLOYMENT_STRATEGY), "The deployment strategy to use to replace existing pods with new ones."),
        req("template", Ty::Obj(&POD_TEMPLATE_SPEC), "Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is \"Always\"."),
    ],
};

const STRATEGY_TYPE_DESC: &str = "Type of deployment. Can be \"Recreate\" or \"RollingUpdate\". Default is RollingUpdate.\n\nPossible enum values:\n - `\"Recreate\"` Kill all existing pods before creating new ones.\n - `\"RollingUpdate\"` Replace the old ReplicaSets by new one using rolling update i.e gradually scale down the old ReplicaSets and scale up the new one.";

static DEPLOYMENT_STRATEGY: TypeDef = TypeDef {
    name: "DeploymentStrategy",
    desc: "DeploymentStrategy describes how to replace existing pods with new ones.",
    fields: &[
        f(
            "rollingUpdate",
            Ty::Obj(&ROLLING_UPDATE_DEPLOYMENT),
            "Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.",
        ),
        en("type", &["Recreate", "RollingUpdate"], STRATEGY_TYPE_DESC),
    ],
};

static ROLLING_UPDATE_DEPLOYMENT: TypeDef = TypeDef {
    name: "RollingUpdateDeployment",
    desc: "Spec to control the desired behavior of rolling update.",
    fields: &[
        f("maxSurge", Ty::IntOrString, "The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). This can not be 0 if MaxUnavailable is 0. Absolute number is calculated from percentage by rounding up. Defaults to 25%. Example: when this is set to 30%, the new ReplicaSet can be scaled up immediately when the rolling update starts, such that the total number of old and new pods do not exceed 130% of desired pods. Once old pods have been killed, new ReplicaSet can be scaled up further, ensuring that total number of pods running at any time during the update is at most 130% of desired pods."),
        f("maxUnavailable", Ty::IntOrString, "The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding down. This can not be 0 if MaxSurge is 0. Defaults to 25%. Example: when this is set to 30%, the old ReplicaSet can be scaled down to 70% of desired pods immediately when the rolling update starts. Once new pods are ready, old ReplicaSet can be scaled down further, followed by scaling up the new ReplicaSet, ensuring that the total number of pods available at all times during the update is at least 70% of desired pods."),
    ],
};

static DEPLOYMENT_STATUS: TypeDef = TypeDef {
    name: "DeploymentStatus",
    desc: "DeploymentStatus is the most recently observed status of the Deployment.",
    fields: &[
        f("availableReplicas", Ty::Int, "Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment."),
        f("collisionCount", Ty::Int, "Count of hash collisions for the Deployment. The Deployment controller uses this field as a collision avoidance mechanism when it needs to create the name for the newest ReplicaSet."),
        f("conditions", Ty::List(&DEPLOYMENT_CONDITION), "Represents the latest available observations of a deployment's current state."),
        f("observedGeneration", Ty::Int, "The generation observed by the deployment controller."),
        f("readyReplicas", Ty::Int, "Total number of non-terminating pods targeted by this Deployment with a Ready Condition."),
        f("replicas", Ty::Int, "Total number of non-terminating pods targeted by this deployment (their labels match the selector)."),
        f("terminatingReplicas", Ty::Int, "Total number of terminating pods targeted by this deployment. Terminating pods have a non-null .metadata.deletionTimestamp and have not yet reached the Failed or Succeeded .status.phase.\n\nThis is an alpha field. Enable DeploymentReplicaSetTerminatingReplicas to be able to use this field.").modern(),
        f("unavailableReplicas", Ty::Int, "Total number of unavailable pods targeted by this deployment. This is the total number of pods that are still required for the deployment to have 100% available capacity. They may either be pods that are running but not yet available or pods that still have not been created."),
        f("updatedReplicas", Ty::Int, "Total number of non-terminating pods targeted by this deployment that have the desired template spec."),
    ],
};

static DEPLOYMENT_CONDITION: TypeDef = TypeDef {
    name: "DeploymentCondition",
    desc: "DeploymentCondition describes the state of a deployment at a certain point.",
    fields: &{
        let [a, b, c, d, e] =
            condition_fields("Status of the condition, one of True, False, Unknown.", "Type of deployment condition.");
        [a, f("lastUpdateTime", Ty::Time, "The last time this condition was updated."), b, c, d, e]
    },
};

// --- Deployment (extensions/v1beta1, course profile) ------------------------

static DEPLOYMENT_EXT: TypeDef = TypeDef {
    name: "Deployment",
    desc: "DEPRECATED - This group version of Deployment is deprecated by apps/v1beta2/Deployment. See the release notes for more information. Deployment enables declarative updates for Pods and ReplicaSets.",
    fields: &[
        API_VERSION,
        KIND,
        f("metadata", Ty::Obj(&OBJECT_META), "Standard object metadata."),
        f("spec", Ty::Obj(&DEPLOYMENT_SPEC_EXT), "Specification of the desired behavior of the Deployment."),
        f("status", Ty::Obj(&DEPLOYMENT_STATUS), "Most recently observed status of the Deployment."),
    ],
};

static DEPLOYMENT_SPEC_EXT: TypeDef = TypeDef {
    name: "DeploymentSpec",
    desc: "DeploymentSpec is the specification of the desired behavior of the Deployment.",
    fields: &[
        MIN_READY_SECONDS,
        f("paused", Ty::Bool, "Indicates that the deployment is paused and will not be processed by the deployment controller."),
        f("progressDeadlineSeconds", Ty::Int, "The maximum time in seconds for a deployment to make progress before it is considered to be failed. The deployment controller will continue to process failed deployments and a condition with a ProgressDeadlineExceeded reason will be surfaced in the deployment status. Note that progress will not be estimated during the time a deployment is paused. This is set to the max value of int32 (i.e. 2147483647) by default, which means \"no deadline\"."),
        f("replicas", Ty::Int, "Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1."),
        f("revisionHistoryLimit", Ty::Int, "The number of old ReplicaSets to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. This is set to the max value of int32 (i.e. 2147483647) by default, which means \"retaining all old RelicaSets\"."),
        f("rollbackTo", Ty::Obj(&ROLLBACK_CONFIG), "DEPRECATED. The config this deployment is rolling back to. Will be cleared after rollback is done."),
        f("selector", Ty::Obj(&LABEL_SELECTOR), "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment."),
        f("strategy", Ty::Obj(&DEPLOYMENT_STRATEGY_EXT), "The deployment strategy to use to replace existing pods with new ones."),
        req("template", Ty::Obj(&POD_TEMPLATE_SPEC), "Template describes the pods that will be created."),
    ],
};

static ROLLBACK_CONFIG: TypeDef = TypeDef {
    name: "RollbackConfig",
    desc: "DEPRECATED.",
    fields: &[f("revision", Ty::Int, "The revision to rollback to. If set to 0, rollback to the last revision.")],
};

static DEPLOYMENT_STRATEGY_EXT: TypeDef = TypeDef {
    name: "DeploymentStrategy",
    desc: "DeploymentStrategy describes how to replace existing pods with new ones.",
    fields: &[
        f(
            "rollingUpdate",
            Ty::Obj(&ROLLING_UPDATE_DEPLOYMENT_EXT),
            "Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.",
        ),
        f("type", Ty::Str, "Type of deployment. Can be \"Recreate\" or \"RollingUpdate\". Default is RollingUpdate."),
    ],
};

static ROLLING_UPDATE_DEPLOYMENT_EXT: TypeDef = TypeDef {
    name: "RollingUpdateDeployment",
    desc: "Spec to control the desired behavior of rolling update.",
    fields: &[
        f("maxSurge", Ty::IntOrString, "The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). This can not be 0 if MaxUnavailable is 0. Absolute number is calculated from percentage by rounding up. By default, a value of 1 is used. Example: when this is set to 30%, the new RC can be scaled up immediately when the rolling update starts, such that the total number of old and new pods do not exceed 130% of desired pods. Once old pods have been killed, new RC can be scaled up further, ensuring that total number of pods running at any time during the update is atmost 130% of desired pods."),
        f("maxUnavailable", Ty::IntOrString, "The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding down. This can not be 0 if MaxSurge is 0. By default, a fixed value of 1 is used. Example: when this is set to 30%, the old RC can be scaled down to 70% of desired pods immediately when the rolling update starts. Once new pods are ready, old RC can be scaled down further, followed by scaling up the new RC, ensuring that the total number of pods available at all times during the update is at least 70% of desired pods."),
    ],
};

// --- ReplicaSet -------------------------------------------------------------

const RS_FIELDS_TAIL: [Field; 2] = [
    f("spec", Ty::Obj(&REPLICA_SET_SPEC), "Spec defines the specification of the desired behavior of the ReplicaSet. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    f("status", Ty::Obj(&REPLICA_SET_STATUS), "Status is the most recently observed status of the ReplicaSet. This data may be out of date by some window of time. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
];
const RS_METADATA: Field = f(
    "metadata",
    Ty::Obj(&OBJECT_META),
    "If the Labels of a ReplicaSet are empty, they are defaulted to be the same as the Pod(s) that the ReplicaSet manages. Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
);

static REPLICA_SET: TypeDef = TypeDef {
    name: "ReplicaSet",
    desc: "ReplicaSet ensures that a specified number of pod replicas are running at any given time.",
    fields: &[API_VERSION, KIND, RS_METADATA, RS_FIELDS_TAIL[0], RS_FIELDS_TAIL[1]],
};

static REPLICA_SET_EXT: TypeDef = TypeDef {
    name: "ReplicaSet",
    desc: "DEPRECATED - This group version of ReplicaSet is deprecated by apps/v1beta2/ReplicaSet. See the release notes for more information. ReplicaSet ensures that a specified number of pod replicas are running at any given time.",
    fields: &[API_VERSION, KIND, RS_METADATA, RS_FIELDS_TAIL[0], RS_FIELDS_TAIL[1]],
};

static REPLICA_SET_SPEC: TypeDef = TypeDef {
    name: "ReplicaSetSpec",
    desc: "ReplicaSetSpec is the specification of a ReplicaSet.",
    fields: &[
        MIN_READY_SECONDS,
        f("replicas", Ty::Int, "Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#how-a-replicaset-works"),
        req("selector", Ty::Obj(&LABEL_SELECTOR), "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
        f("template", Ty::Obj(&POD_TEMPLATE_SPEC), "Template is the object that describes the pod that will be created if insufficient replicas are detected. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#pod-template"),
    ],
};

static REPLICA_SET_STATUS: TypeDef = TypeDef {
    name: "ReplicaSetStatus",
    desc: "ReplicaSetStatus represents the current status of a ReplicaSet.",
    fields: &[
        f("availableReplicas", Ty::Int, "The number of available non-terminating pods (ready for at least minReadySeconds) for this replica set."),
        f("conditions", Ty::List(&REPLICA_SET_CONDITION), "Represents the latest available observations of a replica set's current state."),
        f("fullyLabeledReplicas", Ty::Int, "The number of non-terminating pods that have labels matching the labels of the pod template of the replicaset."),
        f("observedGeneration", Ty::Int, "ObservedGeneration reflects the generation of the most recently observed ReplicaSet."),
        f("readyReplicas", Ty::Int, "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition."),
        req("replicas", Ty::Int, "Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#how-a-replicaset-works"),
        f("terminatingReplicas", Ty::Int, "The number of terminating pods for this replica set. Terminating pods have a non-null .metadata.deletionTimestamp and have not yet reached the Failed or Succeeded .status.phase.\n\nThis is an alpha field. Enable DeploymentReplicaSetTerminatingReplicas to be able to use this field.").modern(),
    ],
};

static REPLICA_SET_CONDITION: TypeDef = TypeDef {
    name: "ReplicaSetCondition",
    desc: "ReplicaSetCondition describes the state of a replica set at a certain point.",
    fields: &condition_fields(
        "Status of the condition, one of True, False, Unknown.",
        "Type of replica set condition.",
    ),
};

// --- ReplicationController --------------------------------------------------

static REPLICATION_CONTROLLER: TypeDef = TypeDef {
    name: "ReplicationController",
    desc: "ReplicationController represents the configuration of a replication controller.",
    fields: &[
        API_VERSION,
        KIND,
        f("metadata", Ty::Obj(&OBJECT_META), "If the Labels of a ReplicationController are empty, they are defaulted to be the same as the Pod(s) that the replication controller manages. Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
        f("spec", Ty::Obj(&REPLICATION_CONTROLLER_SPEC), "Spec defines the specification of the desired behavior of the replication controller. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
        f("status", Ty::Obj(&REPLICATION_CONTROLLER_STATUS), "Status is the most recently observed status of the replication controller. This data may be out of date by some window of time. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

static REPLICATION_CONTROLLER_SPEC: TypeDef = TypeDef {
    name: "ReplicationControllerSpec",
    desc: "ReplicationControllerSpec is the specification of a replication controller.",
    fields: &[
        MIN_READY_SECONDS,
        f("replicas", Ty::Int, "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller"),
        f("selector", Ty::StrMap, "Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
        f("template", Ty::Obj(&POD_TEMPLATE_SPEC), "Template is the object that describes the pod that will be created if insufficient replicas are detected. This takes precedence over a TemplateRef. The only allowed template.spec.restartPolicy value is \"Always\". More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#pod-template"),
    ],
};

static REPLICATION_CONTROLLER_STATUS: TypeDef = TypeDef {
    name: "ReplicationControllerStatus",
    desc: "ReplicationControllerStatus represents the current status of a replication controller.",
    fields: &[
        f("availableReplicas", Ty::Int, "The number of available replicas (ready for at least minReadySeconds) for this replication controller."),
        f("conditions", Ty::List(&REPLICATION_CONTROLLER_CONDITION), "Represents the latest available observations of a replication controller's current state."),
        f("fullyLabeledReplicas", Ty::Int, "The number of pods that have labels matching the labels of the pod template of the replication controller."),
        f("observedGeneration", Ty::Int, "ObservedGeneration reflects the generation of the most recently observed replication controller."),
        f("readyReplicas", Ty::Int, "The number of ready replicas for this replication controller."),
        req("replicas", Ty::Int, "Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller"),
    ],
};

static REPLICATION_CONTROLLER_CONDITION: TypeDef = TypeDef {
    name: "ReplicationControllerCondition",
    desc: "ReplicationControllerCondition describes the state of a replication controller at a certain point.",
    fields: &condition_fields(
        "Status of the condition, one of True, False, Unknown.",
        "Type of replication controller condition.",
    ),
};

// --- Pod ----------------------------------------------------------------------

static POD: TypeDef = TypeDef {
    name: "Pod",
    desc: "Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.",
    fields: &[
        API_VERSION,
        KIND,
        METADATA,
        f("spec", Ty::Obj(&POD_SPEC), "Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
        f("status", Ty::Obj(&POD_STATUS), "Most recently observed status of the pod. This data may not be up to date. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

static POD_TEMPLATE_SPEC: TypeDef = TypeDef {
    name: "PodTemplateSpec",
    desc: "PodTemplateSpec describes the data a pod should have when created from a template",
    fields: &[
        METADATA,
        f("spec", Ty::Obj(&POD_SPEC), "Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

static POD_SPEC: TypeDef = TypeDef {
    name: "PodSpec",
    desc: "PodSpec is a description of a pod.",
    fields: &[
        f("activeDeadlineSeconds", Ty::Int, "Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers. Value must be a positive integer."),
        f("affinity", Ty::Obj(&AFFINITY), "If specified, the pod's scheduling constraints"),
        f("automountServiceAccountToken", Ty::Bool, "AutomountServiceAccountToken indicates whether a service account token should be automatically mounted."),
        req("containers", Ty::List(&CONTAINER), "List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated."),
        Field {
            enums: &["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
            ..f("dnsPolicy", Ty::Str, "Set DNS policy for the pod. Defaults to \"ClusterFirst\". Valid values are 'ClusterFirstWithHostNet', 'ClusterFirst', 'Default' or 'None'. DNS parameters given in DNSConfig will be merged with the policy selected with DNSPolicy. To have DNS options set along with hostNetwork, you have to specify DNS policy explicitly to 'ClusterFirstWithHostNet'.\n\nPossible enum values:\n - `\"ClusterFirst\"` indicates that the pod should use cluster DNS first unless hostNetwork is true, if it is available, then fall back on the default (as determined by kubelet) DNS settings.\n - `\"ClusterFirstWithHostNet\"` indicates that the pod should use cluster DNS first, if it is available, then fall back on the default (as determined by kubelet) DNS settings.\n - `\"Default\"` indicates that the pod should use the default (as determined by kubelet) DNS settings.\n - `\"None\"` indicates that the pod should use empty DNS settings. DNS parameters such as nameservers and search paths should be defined via DNSConfig.")
        },
        f("enableServiceLinks", Ty::Bool, "EnableServiceLinks indicates whether information about services should be injected into pod's environment variables, matching the syntax of Docker links. Optional: Defaults to true.").modern(),
        f("hostNetwork", Ty::Bool, "Host networking requested for this pod. Use the host's network namespace. When using HostNetwork you should specify ports so the scheduler is aware. When `hostNetwork` is true, specified `hostPort` fields in port definitions must match `containerPort`, and unspecified `hostPort` fields in port definitions are defaulted to match `containerPort`. Default to false."),
        f("hostname", Ty::Str, "Specifies the hostname of the Pod If not specified, the pod's hostname will be set to a system-defined value."),
        f("initContainers", Ty::List(&CONTAINER), "List of initialization containers belonging to the pod. Init containers are executed in order prior to containers being started. If any init container fails, the pod is considered to have failed and is handled according to its restartPolicy. The name for an init container or normal container must be unique among all containers. Init containers may not have Lifecycle actions, Readiness probes, Liveness probes, or Startup probes. The resourceRequirements of an init container are taken into account during scheduling by finding the highest request/limit for each resource type, and then using the max of that value or the sum of the normal containers. Limits are applied to init containers in a similar fashion. Init containers cannot currently be added or removed. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/init-containers/"),
        f("nodeName", Ty::Str, "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename"),
        f("nodeSelector", Ty::StrMap, "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
        f("priority", Ty::Int, "The priority value. Various system components use this field to find the priority of the pod. When Priority Admission Controller is enabled, it prevents users from setting this field. The admission controller populates this field from PriorityClassName. The higher the value, the higher the priority."),
        f("priorityClassName", Ty::Str, "If specified, indicates the pod's priority. \"system-node-critical\" and \"system-cluster-critical\" are two special keywords which indicate the highest priorities with the former being the highest priority. Any other name must be defined by creating a PriorityClass object with that name. If not specified, the pod priority will be default or zero if there is no default."),
        Field {
            enums: &["Always", "Never", "OnFailure"],
            ..f("restartPolicy", Ty::Str, "Restart policy for all containers within the pod. One of Always, OnFailure, Never. In some contexts, only a subset of those values may be permitted. Default to Always. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy\n\nPossible enum values:\n - `\"Always\"`\n - `\"Never\"`\n - `\"OnFailure\"`")
        },
        f("schedulerName", Ty::Str, "If specified, the pod will be dispatched by specified scheduler. If not specified, the pod will be dispatched by default scheduler."),
        f("securityContext", Ty::Obj(&POD_SECURITY_CONTEXT), "SecurityContext holds pod-level security attributes and common container settings. Optional: Defaults to empty.  See type description for default values of each field."),
        f("serviceAccount", Ty::Str, "DeprecatedServiceAccount is a deprecated alias for ServiceAccountName. Deprecated: Use serviceAccountName instead."),
        f("serviceAccountName", Ty::Str, "ServiceAccountName is the name of the ServiceAccount to use to run this pod. More info: https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/"),
        f("subdomain", Ty::Str, "If specified, the fully qualified Pod hostname will be \"<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>\". If not specified, the pod will not have a domainname at all."),
        f("terminationGracePeriodSeconds", Ty::Int, "Optional duration in seconds the pod needs to terminate gracefully. May be decreased in delete request. Value must be non-negative integer. The value zero indicates stop immediately via the kill signal (no opportunity to shut down). If this value is nil, the default grace period will be used instead. The grace period is the duration in seconds after the processes running in the pod are sent a termination signal and the time when the processes are forcibly halted with a kill signal. Set this value longer than the expected cleanup time for your process. Defaults to 30 seconds."),
        f("tolerations", Ty::List(&TOLERATION), "If specified, the pod's tolerations."),
        f("volumes", Ty::List(&VOLUME), "List of volumes that can be mounted by containers belonging to the pod. More info: https://kubernetes.io/docs/concepts/storage/volumes"),
    ],
};

static AFFINITY: TypeDef =
    TypeDef { name: "Affinity", desc: "Affinity is a group of affinity scheduling rules.", fields: &[] };

static POD_SECURITY_CONTEXT: TypeDef = TypeDef {
    name: "PodSecurityContext",
    desc: "PodSecurityContext holds pod-level security attributes and common container settings. Some fields are also present in container.securityContext.  Field values of container.securityContext take precedence over field values of PodSecurityContext.",
    fields: &[],
};

static TOLERATION: TypeDef = TypeDef {
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

static VOLUME: TypeDef = TypeDef {
    name: "Volume",
    desc: "Volume represents a named volume in a pod that may be accessed by any container in the pod.",
    fields: &[req(
        "name",
        Ty::Str,
        "name of the volume. Must be a DNS_LABEL and unique within the pod. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names",
    )],
};

static CONTAINER: TypeDef = TypeDef {
    name: "Container",
    desc: "A single application container that you want to run within a pod.",
    fields: &[
        f("args", Ty::StrList, "Arguments to the entrypoint. The container image's CMD is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container's environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. \"$$(VAR_NAME)\" will produce the string literal \"$(VAR_NAME)\". Escaped references will never be expanded, regardless of whether the variable exists or not. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell"),
        f("command", Ty::StrList, "Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container's environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. \"$$(VAR_NAME)\" will produce the string literal \"$(VAR_NAME)\". Escaped references will never be expanded, regardless of whether the variable exists or not. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell"),
        f("env", Ty::List(&ENV_VAR), "List of environment variables to set in the container. Cannot be updated."),
        f("image", Ty::Str, "Container image name. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets."),
        Field {
            enums: &["Always", "IfNotPresent", "Never"],
            ..f("imagePullPolicy", Ty::Str, "Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated. More info: https://kubernetes.io/docs/concepts/containers/images#updating-images\n\nPossible enum values:\n - `\"Always\"` means that kubelet always attempts to pull the latest image. Container will fail If the pull fails.\n - `\"IfNotPresent\"` means that kubelet pulls if the image isn't present on disk. Container will fail if the image isn't present and the pull fails.\n - `\"Never\"` means that kubelet never pulls an image, but only uses a local image. Container will fail if the image isn't present")
        },
        f("livenessProbe", Ty::Obj(&PROBE), "Periodic probe of container liveness. Container will be restarted if the probe fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes"),
        req("name", Ty::Str, "Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated."),
        f("ports", Ty::List(&CONTAINER_PORT), "List of ports to expose from the container. Not specifying a port here DOES NOT prevent that port from being exposed. Any port which is listening on the default \"0.0.0.0\" address inside a container will be accessible from the network. Modifying this array with strategic merge patch may corrupt the data. For more information See https://github.com/kubernetes/kubernetes/issues/108255. Cannot be updated."),
        f("readinessProbe", Ty::Obj(&PROBE), "Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes"),
        f("resources", Ty::Obj(&RESOURCE_REQUIREMENTS), "Compute Resources required by this container. Cannot be updated. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"),
        f("startupProbe", Ty::Obj(&PROBE), "StartupProbe indicates that the Pod has successfully initialized. If specified, no other probes are executed until this completes successfully. If this probe fails, the Pod will be restarted, just as if the livenessProbe failed. This can be used to provide different probe parameters at the beginning of a Pod's lifecycle, when it might take a long time to load data or warm a cache, than during steady-state operation. This cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes").modern(),
        f("volumeMounts", Ty::List(&VOLUME_MOUNT), "Pod volumes to mount into the container's filesystem. Cannot be updated."),
        f("workingDir", Ty::Str, "Container's working directory. If not specified, the container runtime's default will be used, which might be configured in the container image. Cannot be updated."),
    ],
};

static ENV_VAR: TypeDef = TypeDef {
    name: "EnvVar",
    desc: "EnvVar represents an environment variable present in a Container.",
    fields: &[
        req("name", Ty::Str, "Name of the environment variable. Must be a C_IDENTIFIER."),
        f("value", Ty::Str, "Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. \"$$(VAR_NAME)\" will produce the string literal \"$(VAR_NAME)\". Escaped references will never be expanded, regardless of whether the variable exists or not. Defaults to \"\"."),
        f("valueFrom", Ty::Obj(&ENV_VAR_SOURCE), "Source for the environment variable's value. Cannot be used if value is not empty."),
    ],
};

static ENV_VAR_SOURCE: TypeDef =
    TypeDef { name: "EnvVarSource", desc: "EnvVarSource represents a source for the value of an EnvVar.", fields: &[] };

static CONTAINER_PORT: TypeDef = TypeDef {
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

static RESOURCE_REQUIREMENTS: TypeDef = TypeDef {
    name: "ResourceRequirements",
    desc: "ResourceRequirements describes the compute resource requirements.",
    fields: &[
        f("claims", Ty::List(&RESOURCE_CLAIM), "Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.\n\nThis is an alpha field and requires enabling the DynamicResourceAllocation feature gate.\n\nThis field is immutable. It can only be set for containers.").modern(),
        f("limits", Ty::QuantityMap, "Limits describes the maximum amount of compute resources allowed. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"),
        f("requests", Ty::QuantityMap, "Requests describes the minimum amount of compute resources required. If Requests is omitted for a container, it defaults to Limits if that is explicitly specified, otherwise to an implementation-defined value. Requests cannot exceed Limits. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"),
    ],
};

static RESOURCE_CLAIM: TypeDef = TypeDef {
    name: "ResourceClaim",
    desc: "ResourceClaim references one entry in PodSpec.ResourceClaims.",
    fields: &[
        req("name", Ty::Str, "Name must match the name of one entry in pod.spec.resourceClaims of the Pod where this field is used. It makes that resource available inside a container."),
        f("request", Ty::Str, "Request is the name chosen for a request in the referenced claim. If empty, everything from the claim is made available, otherwise only the result of this request."),
    ],
};

static VOLUME_MOUNT: TypeDef = TypeDef {
    name: "VolumeMount",
    desc: "VolumeMount describes a mounting of a Volume within a container.",
    fields: &[
        req("mountPath", Ty::Str, "Path within the container at which the volume should be mounted.  Must not contain ':'."),
        req("name", Ty::Str, "This must match the Name of a Volume."),
        f("readOnly", Ty::Bool, "Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false."),
        f("subPath", Ty::Str, "Path within the volume from which the container's volume should be mounted. Defaults to \"\" (volume's root)."),
    ],
};

static PROBE: TypeDef = TypeDef {
    name: "Probe",
    desc: "Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.",
    fields: &[
        f("exec", Ty::Obj(&EXEC_ACTION), "Exec specifies a command to execute in the container."),
        f("failureThreshold", Ty::Int, "Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3. Minimum value is 1."),
        f("grpc", Ty::Obj(&GRPC_ACTION), "GRPC specifies a GRPC HealthCheckRequest.").modern(),
        f("httpGet", Ty::Obj(&HTTP_GET_ACTION), "HTTPGet specifies an HTTP GET request to perform."),
        f("initialDelaySeconds", Ty::Int, "Number of seconds after the container has started before liveness probes are initiated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes"),
        f("periodSeconds", Ty::Int, "How often (in seconds) to perform the probe. Default to 10 seconds. Minimum value is 1."),
        f("successThreshold", Ty::Int, "Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1. Must be 1 for liveness and startup. Minimum value is 1."),
        f("tcpSocket", Ty::Obj(&TCP_SOCKET_ACTION), "TCPSocket specifies a connection to a TCP port."),
        f("terminationGracePeriodSeconds", Ty::Int, "Optional duration in seconds the pod needs to terminate gracefully upon probe failure. The grace period is the duration in seconds after the processes running in the pod are sent a termination signal and the time when the processes are forcibly halted with a kill signal. Set this value longer than the expected cleanup time for your process. If this value is nil, the pod's terminationGracePeriodSeconds will be used. Otherwise, this value overrides the value provided by the pod spec. Value must be non-negative integer. The value zero indicates stop immediately via the kill signal (no opportunity to shut down). This is a beta field and requires enabling ProbeTerminationGracePeriod feature gate. Minimum value is 1. spec.terminationGracePeriodSeconds is used if unset.").modern(),
        f("timeoutSeconds", Ty::Int, "Number of seconds after which the probe times out. Defaults to 1 second. Minimum value is 1. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes"),
    ],
};

static EXEC_ACTION: TypeDef = TypeDef {
    name: "ExecAction",
    desc: "ExecAction describes a \"run in container\" action.",
    fields: &[f(
        "command",
        Ty::StrList,
        "Command is the command line to execute inside the container, the working directory for the command  is root ('/') in the container's filesystem. The command is simply exec'd, it is not run inside a shell, so traditional shell instructions ('|', etc) won't work. To use a shell, you need to explicitly call out to that shell. Exit status of 0 is treated as live/healthy and non-zero is unhealthy.",
    )],
};

static GRPC_ACTION: TypeDef = TypeDef {
    name: "GRPCAction",
    desc: "GRPCAction specifies an action involving a GRPC service.",
    fields: &[
        req("port", Ty::Int, "Port number of the gRPC service. Number must be in the range 1 to 65535."),
        f("service", Ty::Str, "Service is the name of the service to place in the gRPC HealthCheckRequest (see https://github.com/grpc/grpc/blob/master/doc/health-checking.md).\n\nIf this is not specified, the default behavior is defined by gRPC."),
    ],
};

static HTTP_GET_ACTION: TypeDef = TypeDef {
    name: "HTTPGetAction",
    desc: "HTTPGetAction describes an action based on HTTP Get requests.",
    fields: &[
        f("host", Ty::Str, "Host name to connect to, defaults to the pod IP. You probably want to set \"Host\" in httpHeaders instead."),
        f("httpHeaders", Ty::List(&HTTP_HEADER), "Custom headers to set in the request. HTTP allows repeated headers."),
        f("path", Ty::Str, "Path to access on the HTTP server."),
        req("port", Ty::IntOrString, "Name or number of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME."),
        Field {
            enums: &["HTTP", "HTTPS"],
            ..f("scheme", Ty::Str, "Scheme to use for connecting to the host. Defaults to HTTP.\n\nPossible enum values:\n - `\"HTTP\"` means that the scheme used will be http://\n - `\"HTTPS\"` means that the scheme used will be https://")
        },
    ],
};

static HTTP_HEADER: TypeDef = TypeDef {
    name: "HTTPHeader",
    desc: "HTTPHeader describes a custom header to be used in HTTP probes",
    fields: &[
        req("name", Ty::Str, "The header field name. This will be canonicalized upon output, so case-variant names will be understood as the same header."),
        req("value", Ty::Str, "The header field value"),
    ],
};

static TCP_SOCKET_ACTION: TypeDef = TypeDef {
    name: "TCPSocketAction",
    desc: "TCPSocketAction describes an action based on opening a socket",
    fields: &[
        f("host", Ty::Str, "Optional: Host name to connect to, defaults to the pod IP."),
        req("port", Ty::IntOrString, "Number or name of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME."),
    ],
};

static POD_STATUS: TypeDef = TypeDef {
    name: "PodStatus",
    desc: "PodStatus represents information about the status of a pod. Status may trail the actual state of a system, especially if the node that hosts the pod cannot contact the control plane.",
    fields: &[
        f("conditions", Ty::List(&POD_CONDITION), "Current service state of pod. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions"),
        f("containerStatuses", Ty::List(&CONTAINER_STATUS), "Statuses of containers in this pod. Each container in the pod should have at most one status in this list, and all statuses should be for containers in the pod. However this is not enforced. If a status for a non-existent container is present in the list, or the list has duplicate names, the behavior of various Kubernetes components is not defined and those statuses might be ignored. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-and-container-status"),
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

static POD_CONDITION: TypeDef = TypeDef {
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

static CONTAINER_STATUS: TypeDef = TypeDef {
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

// --- Service ----------------------------------------------------------------

static SERVICE: TypeDef = TypeDef {
    name: "Service",
    desc: "Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.",
    fields: &[
        API_VERSION,
        KIND,
        METADATA,
        f("spec", Ty::Obj(&SERVICE_SPEC), "Spec defines the behavior of a service. https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
        f("status", Ty::Obj(&SERVICE_STATUS), "Most recently observed status of the service. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

static SERVICE_SPEC: TypeDef = TypeDef {
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
        f("ports", Ty::List(&SERVICE_PORT), "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
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

static SERVICE_PORT: TypeDef = TypeDef {
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

static SERVICE_STATUS: TypeDef = TypeDef {
    name: "ServiceStatus",
    desc: "ServiceStatus represents the current status of a service.",
    fields: &[
        f("conditions", Ty::List(&CONDITION), "Current service state").modern(),
        f(
            "loadBalancer",
            Ty::Obj(&LOAD_BALANCER_STATUS),
            "LoadBalancer contains the current status of the load-balancer, if one is present.",
        ),
    ],
};

static CONDITION: TypeDef = TypeDef {
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

static LOAD_BALANCER_STATUS: TypeDef = TypeDef {
    name: "LoadBalancerStatus",
    desc: "LoadBalancerStatus represents the status of a load-balancer.",
    fields: &[f(
        "ingress",
        Ty::List(&LOAD_BALANCER_INGRESS),
        "Ingress is a list containing ingress points for the load-balancer. Traffic intended for the service should be sent to these ingress points.",
    )],
};

static LOAD_BALANCER_INGRESS: TypeDef = TypeDef {
    name: "LoadBalancerIngress",
    desc: "LoadBalancerIngress represents the status of a load-balancer ingress point: traffic intended for the service should be sent to an ingress point.",
    fields: &[
        f("hostname", Ty::Str, "Hostname is set for load-balancer ingress points that are DNS based (typically AWS load-balancers)"),
        f("ip", Ty::Str, "IP is set for load-balancer ingress points that are IP based (typically GCE or OpenStack load-balancers)"),
    ],
};

// --- Namespace ----------------------------------------------------------------

static NAMESPACE: TypeDef = TypeDef {
    name: "Namespace",
    desc: "Namespace provides a scope for Names. Use of multiple namespaces is optional.",
    fields: &[
        API_VERSION,
        KIND,
        METADATA,
        f("spec", Ty::Obj(&NAMESPACE_SPEC), "Spec defines the behavior of the Namespace. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
        f("status", Ty::Obj(&NAMESPACE_STATUS), "Status describes the current status of a Namespace. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

static NAMESPACE_SPEC: TypeDef = TypeDef {
    name: "NamespaceSpec",
    desc: "NamespaceSpec describes the attributes on a Namespace.",
    fields: &[f(
        "finalizers",
        Ty::StrList,
        "Finalizers is an opaque list of values that must be empty to permanently remove object from storage. More info: https://kubernetes.io/docs/tasks/administer-cluster/namespaces/",
    )],
};

static NAMESPACE_STATUS: TypeDef = TypeDef {
    name: "NamespaceStatus",
    desc: "NamespaceStatus is information about the current status of a Namespace.",
    fields: &[
        f("conditions", Ty::List(&NAMESPACE_CONDITION), "Represents the latest available observations of a namespace's current state.").modern(),
        Field {
            enums: &["Active", "Terminating"],
            ..f("phase", Ty::Str, "Phase is the current lifecycle phase of the namespace. More info: https://kubernetes.io/docs/tasks/administer-cluster/namespaces/\n\nPossible enum values:\n - `\"Active\"` means the namespace is available for use in the system\n - `\"Terminating\"` means the namespace is undergoing graceful termination")
        },
    ],
};

static NAMESPACE_CONDITION: TypeDef = TypeDef {
    name: "NamespaceCondition",
    desc: "NamespaceCondition contains details about state of namespace.",
    fields: &condition_fields(
        "Status of the condition, one of True, False, Unknown.",
        "Type of namespace controller condition.",
    ),
};

// --- Node -------------------------------------------------------------------

static NODE: TypeDef = TypeDef {
    name: "Node",
    desc: "Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).",
    fields: &[
        API_VERSION,
        KIND,
        METADATA,
        f("spec", Ty::Obj(&NODE_SPEC), "Spec defines the behavior of a node. https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
        f("status", Ty::Obj(&NODE_STATUS), "Most recently observed status of the node. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

static NODE_SPEC: TypeDef = TypeDef {
    name: "NodeSpec",
    desc: "NodeSpec describes the attributes that a node is created with.",
    fields: &[
        f("externalID", Ty::Str, "Deprecated. Not all kubelets will set this field. Remove field after 1.13. see: https://issues.k8s.io/61966"),
        f("podCIDR", Ty::Str, "PodCIDR represents the pod IP range assigned to the node."),
        f("podCIDRs", Ty::StrList, "podCIDRs represents the IP ranges assigned to the node for usage by Pods on that node. If this field is specified, the 0th entry must match the podCIDR field. It may contain at most 1 value for each of IPv4 and IPv6.").modern(),
        f("providerID", Ty::Str, "ID of the node assigned by the cloud provider in the format: <ProviderName>://<ProviderSpecificNodeID>"),
        f("taints", Ty::List(&TAINT), "If specified, the node's taints."),
        f("unschedulable", Ty::Bool, "Unschedulable controls node schedulability of new pods. By default, node is schedulable. More info: https://kubernetes.io/docs/concepts/nodes/node/#manual-node-administration"),
    ],
};

static TAINT: TypeDef = TypeDef {
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

static NODE_STATUS: TypeDef = TypeDef {
    name: "NodeStatus",
    desc: "NodeStatus is information about the current status of a node.",
    fields: &[
        f("addresses", Ty::List(&NODE_ADDRESS), "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP)."),
        f("allocatable", Ty::QuantityMap, "Allocatable represents the resources of a node that are available for scheduling. Defaults to Capacity."),
        f("capacity", Ty::QuantityMap, "Capacity represents the total resources of a node. More info: https://kubernetes.io/docs/reference/node/node-status/#capacity"),
        f("conditions", Ty::List(&NODE_CONDITION), "Conditions is an array of current observed node conditions. More info: https://kubernetes.io/docs/reference/node/node-status/#condition"),
        f("nodeInfo", Ty::Obj(&NODE_SYSTEM_INFO), "Set of ids/uuids to uniquely identify the node. More info: https://kubernetes.io/docs/reference/node/node-status/#info"),
        Field {
            enums: &["Pending", "Running", "Terminated"],
            ..f("phase", Ty::Str, "NodePhase is the recently observed lifecycle phase of the node. More info: https://kubernetes.io/docs/concepts/nodes/node/#phase The field is never populated, and now is deprecated.\n\nPossible enum values:\n - `\"Pending\"` means the node has been created/added by the system, but not configured.\n - `\"Running\"` means the node has been configured and has Kubernetes components running.\n - `\"Terminated\"` means the node has been removed from the cluster.")
        },
    ],
};

static NODE_ADDRESS: TypeDef = TypeDef {
    name: "NodeAddress",
    desc: "NodeAddress contains information for the node's address.",
    fields: &[
        req("address", Ty::Str, "The node address."),
        req("type", Ty::Str, "Node address type, one of Hostname, ExternalIP or InternalIP."),
    ],
};

static NODE_CONDITION: TypeDef = TypeDef {
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

static NODE_SYSTEM_INFO: TypeDef = TypeDef {
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

static HPA_V2: TypeDef = TypeDef {
    name: "HorizontalPodAutoscaler",
    desc: "HorizontalPodAutoscaler is the configuration for a horizontal pod autoscaler, which automatically manages the replica count of any resource implementing the scale subresource based on the metrics specified.",
    fields: &[
        API_VERSION,
        KIND,
        f("metadata", Ty::Obj(&OBJECT_META), "metadata is the standard object metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
        f("spec", Ty::Obj(&HPA_V2_SPEC), "spec is the specification for the behaviour of the autoscaler. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status."),
        f("status", Ty::Obj(&HPA_V2_STATUS), "status is the current information about the autoscaler."),
    ],
};

static HPA_V2_SPEC: TypeDef = TypeDef {
    name: "HorizontalPodAutoscalerSpec",
    desc: "HorizontalPodAutoscalerSpec describes the desired functionality of the HorizontalPodAutoscaler.",
    fields: &[
        f("behavior", Ty::Obj(&HPA_BEHAVIOR), "behavior configures the scaling behavior of the target in both Up and Down directions (scaleUp and scaleDown fields respectively). If not set, the default HPAScalingRules for scale up and scale down are used."),
        req("maxReplicas", Ty::Int, "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas."),
        f("metrics", Ty::List(&METRIC_SPEC), "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).  The desired replica count is calculated multiplying the ratio between the target value and the current value by the current number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa.  See the individual metric source types for more information about how each type of metric must respond. If not set, the default metric will be set to 80% average CPU utilization."),
        f("minReplicas", Ty::Int, "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available."),
        req("scaleTargetRef", Ty::Obj(&CROSS_VERSION_OBJECT_REFERENCE), "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count."),
    ],
};

static HPA_BEHAVIOR: TypeDef = TypeDef {
    name: "HorizontalPodAutoscalerBehavior",
    desc: "HorizontalPodAutoscalerBehavior configures the scaling behavior of the target in both Up and Down directions (scaleUp and scaleDown fields respectively).",
    fields: &[
        f("scaleDown", Ty::Obj(&HPA_SCALING_RULES), "scaleDown is scaling policy for scaling Down. If not set, the default value is to allow to scale down to minReplicas pods, with a 300 second stabilization window (i.e., the highest recommendation for the last 300sec is used)."),
        f("scaleUp", Ty::Obj(&HPA_SCALING_RULES), "scaleUp is scaling policy for scaling Up. If not set, the default value is the higher of:\n  * increase no more than 4 pods per 60 seconds\n  * double the number of pods per 60 seconds\nNo stabilization is used."),
    ],
};

static HPA_SCALING_RULES: TypeDef = TypeDef {
    name: "HPAScalingRules",
    desc: "HPAScalingRules configures the scaling behavior for one direction via scaling Policy Rules and a configurable metric tolerance.\n\nScaling Policy Rules are applied after calculating DesiredReplicas from metrics for the HPA. They can limit the scaling velocity by specifying scaling policies. They can prevent flapping by specifying the stabilization window, so that the number of replicas is not set instantly, instead, the safest value from the stabilization window is chosen.\n\nThe tolerance is applied to the metric values and prevents scaling too eagerly for small metric variations. (Note that setting a tolerance requires enabling the alpha HPAConfigurableTolerance feature gate.)",
    fields: &[
        f("policies", Ty::List(&HPA_SCALING_POLICY), "policies is a list of potential scaling polices which can be used during scaling. If not set, use the default values: - For scale up: allow doubling the number of pods, or an absolute change of 4 pods in a 15s window. - For scale down: allow all pods to be removed in a 15s window."),
        f("selectPolicy", Ty::Str, "selectPolicy is used to specify which policy should be used. If not set, the default value Max is used."),
        f("stabilizationWindowSeconds", Ty::Int, "stabilizationWindowSeconds is the number of seconds for which past recommendations should be considered while scaling up or scaling down. StabilizationWindowSeconds must be greater than or equal to zero and less than or equal to 3600 (one hour). If not set, use the default values: - For scale up: 0 (i.e. no stabilization is done). - For scale down: 300 (i.e. the stabilization window is 300 seconds long)."),
        f("tolerance", Ty::Quantity, "tolerance is the tolerance on the ratio between the current and desired metric value under which no updates are made to the desired number of replicas (e.g. 0.01 for 1%). Must be greater than or equal to zero. If not set, the default cluster-wide tolerance is applied (by default 10%).\n\nFor example, if autoscaling is configured with a memory consumption target of 100Mi, and scale-down and scale-up tolerances of 5% and 1% respectively, scaling will be triggered when the actual consumption falls below 95Mi or exceeds 101Mi.\n\nThis is an alpha field and requires enabling the HPAConfigurableTolerance feature gate."),
    ],
};

static HPA_SCALING_POLICY: TypeDef = TypeDef {
    name: "HPAScalingPolicy",
    desc: "HPAScalingPolicy is a single policy which must hold true for a specified past interval.",
    fields: &[
        req("periodSeconds", Ty::Int, "periodSeconds specifies the window of time for which the policy should hold true. PeriodSeconds must be greater than zero and less than or equal to 1800 (30 min)."),
        req("type", Ty::Str, "type is used to specify the scaling policy."),
        req("value", Ty::Int, "value contains the amount of change which is permitted by the policy. It must be greater than zero"),
    ],
};

static METRIC_SPEC: TypeDef = TypeDef {
    name: "MetricSpec",
    desc: "MetricSpec specifies how to scale based on a single metric (only `type` and one other matching field should be set at once).",
    fields: &[
        f("resource", Ty::Obj(&RESOURCE_METRIC_SOURCE), "resource refers to a resource metric (such as those specified in requests and limits) known to Kubernetes describing each pod in the current scale target (e.g. CPU or memory). Such metrics are built in to Kubernetes, and have special scaling options on top of those available to normal per-pod metrics using the \"pods\" source."),
        req("type", Ty::Str, "type is the type of metric source.  It should be one of \"ContainerResource\", \"External\", \"Object\", \"Pods\" or \"Resource\", each mapping to a matching field in the object."),
    ],
};

static RESOURCE_METRIC_SOURCE: TypeDef = TypeDef {
    name: "ResourceMetricSource",
    desc: "ResourceMetricSource indicates how to scale on a resource metric known to Kubernetes, as specified in requests and limits, describing each pod in the current scale target (e.g. CPU or memory).  The values will be averaged together before being compared to the target.  Such metrics are built in to Kubernetes, and have special scaling options on top of those available to normal per-pod metrics using the \"pods\" source.  Only one \"target\" type should be set.",
    fields: &[
        req("name", Ty::Str, "name is the name of the resource in question."),
        req("target", Ty::Obj(&METRIC_TARGET), "target specifies the target value for the given metric"),
    ],
};

static METRIC_TARGET: TypeDef = TypeDef {
    name: "MetricTarget",
    desc: "MetricTarget defines the target value, average value, or average utilization of a specific metric",
    fields: &[
        f("averageUtilization", Ty::Int, "averageUtilization is the target value of the average of the resource metric across all relevant pods, represented as a percentage of the requested value of the resource for the pods. Currently only valid for Resource metric source type"),
        f("averageValue", Ty::Quantity, "averageValue is the target value of the average of the metric across all relevant pods (as a quantity)"),
        req("type", Ty::Str, "type represents whether the metric type is Utilization, Value, or AverageValue"),
        f("value", Ty::Quantity, "value is the target value of the metric (as a quantity)."),
    ],
};

static CROSS_VERSION_OBJECT_REFERENCE: TypeDef = TypeDef {
    name: "CrossVersionObjectReference",
    desc: "CrossVersionObjectReference contains enough information to let you identify the referred resource.",
    fields: &[
        f("apiVersion", Ty::Str, "apiVersion is the API version of the referent"),
        req("kind", Ty::Str, "kind is the kind of the referent; More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"),
        req("name", Ty::Str, "name is the name of the referent; More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names"),
    ],
};

static HPA_V2_STATUS: TypeDef = TypeDef {
    name: "HorizontalPodAutoscalerStatus",
    desc: "HorizontalPodAutoscalerStatus describes the current status of a horizontal pod autoscaler.",
    fields: &[
        f("conditions", Ty::List(&HPA_CONDITION), "conditions is the set of conditions required for this autoscaler to scale its target, and indicates whether or not those conditions are met."),
        f("currentMetrics", Ty::List(&METRIC_STATUS), "currentMetrics is the last read state of the metrics used by this autoscaler."),
        f("currentReplicas", Ty::Int, "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler."),
        req("desiredReplicas", Ty::Int, "desiredReplicas is the desired number of replicas of pods managed by this autoscaler, as last calculated by the autoscaler."),
        f("lastScaleTime", Ty::Time, "lastScaleTime is the last time the HorizontalPodAutoscaler scaled the number of pods, used by the autoscaler to control how often the number of pods is changed."),
        f("observedGeneration", Ty::Int, "observedGeneration is the most recent generation observed by this autoscaler."),
    ],
};

static METRIC_STATUS: TypeDef = TypeDef {
    name: "MetricStatus",
    desc: "MetricStatus describes the last-read state of a single metric.",
    fields: &[],
};

static HPA_CONDITION: TypeDef = TypeDef {
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

static HPA_V1: TypeDef = TypeDef {
    name: "HorizontalPodAutoscaler",
    desc: "configuration of a horizontal pod autoscaler.",
    fields: &[
        API_VERSION,
        KIND,
        f("metadata", Ty::Obj(&OBJECT_META), "Standard object metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
        f("spec", Ty::Obj(&HPA_V1_SPEC), "behaviour of autoscaler. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status."),
        f("status", Ty::Obj(&HPA_V1_STATUS), "current information about the autoscaler."),
    ],
};

static HPA_V1_SPEC: TypeDef = TypeDef {
    name: "HorizontalPodAutoscalerSpec",
    desc: "specification of a horizontal pod autoscaler.",
    fields: &[
        req("maxReplicas", Ty::Int, "upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas."),
        f("minReplicas", Ty::Int, "lower limit for the number of pods that can be set by the autoscaler, default 1."),
        req("scaleTargetRef", Ty::Obj(&CROSS_VERSION_OBJECT_REFERENCE_V1), "reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource."),
        f("targetCPUUtilizationPercentage", Ty::Int, "target average CPU utilization (represented as a percentage of requested CPU) over all the pods; if not specified the default autoscaling policy will be used."),
    ],
};

static CROSS_VERSION_OBJECT_REFERENCE_V1: TypeDef = TypeDef {
    name: "CrossVersionObjectReference",
    desc: "CrossVersionObjectReference contains enough information to let you identify the referred resource.",
    fields: &[
        f("apiVersion", Ty::Str, "API version of the referent"),
        req("kind", Ty::Str, "Kind of the referent; More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds\""),
        req("name", Ty::Str, "Name of the referent; More info: http://kubernetes.io/docs/user-guide/identifiers#names"),
    ],
};

static HPA_V1_STATUS: TypeDef = TypeDef {
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

static CONFIG_MAP: TypeDef = TypeDef {
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

static SECRET: TypeDef = TypeDef {
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

static LOCAL_OBJECT_REFERENCE: TypeDef = TypeDef {
    name: "LocalObjectReference",
    desc: "LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.",
    fields: &[f("name", Ty::Str, "Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names")],
};

static OBJECT_REFERENCE: TypeDef = TypeDef {
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

static SERVICE_ACCOUNT: TypeDef = TypeDef {
    name: "ServiceAccount",
    desc: "ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets",
    fields: &[
        API_VERSION,
        f("automountServiceAccountToken", Ty::Bool, "AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted. Can be overridden at the pod level."),
        f("imagePullSecrets", Ty::List(&LOCAL_OBJECT_REFERENCE), "ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images in pods that reference this ServiceAccount. ImagePullSecrets are distinct from Secrets because Secrets can be mounted in the pod, but ImagePullSecrets are only accessed by the kubelet. More info: https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod"),
        KIND,
        METADATA,
        f("secrets", Ty::List(&OBJECT_REFERENCE), "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a \"kubernetes.io/enforce-mountable-secrets\" annotation set to \"true\". More info: https://kubernetes.io/docs/concepts/configuration/secret"),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn current(path: &str) -> String {
        explain(path, Profile::Current).unwrap_or_else(|| panic!("no explain for {path}"))
    }

    #[test]
    fn listed_paths_resolve() {
        for path in [
            "pods",
            "pod",
            "po",
            "deployments",
            "deploy",
            "replicasets",
            "rs",
            "replicationcontrollers",
            "rc",
            "services",
            "svc",
            "namespaces",
            "ns",
            "nodes",
            "no",
            "horizontalpodautoscalers",
            "hpa",
            "configmaps",
            "secrets",
            "secret.data",
            "sa",
            "serviceaccount.secrets",
            "deployment.spec",
            "deployment.spec.strategy",
            "deployment.spec.strategy.rollingUpdate",
            "deployment.spec.strategy.rollingUpdate.maxSurge",
            "deployment.spec.template.spec.containers",
            "deployment.spec.template.spec.containers.resources",
            "deployment.status.conditions",
            "pod.spec.containers.readinessProbe",
            "pod.spec.containers.readinessProbe.httpGet",
            "pod.spec.containers.livenessProbe.tcpSocket.port",
            "pod.spec.containers.ports",
            "pod.metadata.labels",
            "pod.status.phase",
            "rs.spec.selector.matchLabels",
            "rc.spec.template",
            "svc.spec",
            "svc.spec.ports.targetPort",
            "svc.spec.type",
            "ns.status",
            "nodes.spec.taints",
            "hpa.spec",
            "hpa.spec.scaleTargetRef",
            "hpa.spec.behavior.scaleDown",
            "hpa.spec.metrics.resource.target",
        ] {
            let out = current(path);
            assert!(out.contains("KIND:       "), "{path}");
            assert!(out.contains("DESCRIPTION:\n"), "{path}");
        }
        for path in [
            "pods",
            "deploy.spec",
            "deploy.spec.rollbackTo",
            "deploy.spec.strategy.rollingUpdate",
            "rs.spec",
            "hpa.spec.targetCPUUtilizationPercentage",
            "svc.spec.ports",
            "pod.spec.containers.readinessProbe",
        ] {
            assert!(explain(path, Profile::Course).is_some(), "course {path}");
        }
    }

    #[test]
    fn unknown_paths() {
        for path in [
            "",
            "foo",
            "pods.",
            "pods.spec.nope",
            "deployment.Spec",
            "deployment.spec.replicas.foo",
            "endpoints",
            "deploy.spec.rollbackTo",
            "hpa.spec.targetCPUUtilizationPercentage",
            "pod..spec",
        ] {
            assert_eq!(explain(path, Profile::Current), None, "{path}");
        }
        // Fields newer than the course era do not exist there.
        assert_eq!(explain("pod.spec.containers.startupProbe", Profile::Course), None);
        assert_eq!(explain("hpa.spec.behavior", Profile::Course), None);
    }

    #[test]
    fn deployment_spec_layout() {
        let out = current("deployment.spec");
        let expected_head = "GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: spec <DeploymentSpec>\n\nDESCRIPTION:\n    Specification of the desired behavior of the Deployment.\n    DeploymentSpec is the specification of the desired behavior of the\n    Deployment.\n    \nFIELDS:\n  minReadySeconds\t<integer>\n    Minimum number of seconds for which a newly created pod should be ready\n    without any of its container crashing, for it to be considered available.\n    Defaults to 0 (pod will be considered available as soon as it is ready)\n\n  paused\t<boolean>\n    Indicates that the deployment is paused.\n\n";
        assert!(out.starts_with(expected_head), "{out}");
        assert!(out.contains("\n  selector\t<LabelSelector> -required-\n"));
        assert!(out.contains("\n  template\t<PodTemplateSpec> -required-\n"));
        assert!(out.contains("\n  strategy\t<DeploymentStrategy>\n"));
        assert!(out.ends_with("\n\n"));
    }

    #[test]
    fn resource_layout_core_group() {
        let out = current("pods");
        assert!(out.starts_with("KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n    Pod is a collection of containers that can run on a host. This resource is\n    created by clients and scheduled onto hosts.\n    \nFIELDS:\n  apiVersion\t<string>\n    APIVersion defines the versioned schema of this representation of an\n    object."), "{out}");
        let out = current("pod.spec.containers");
        assert!(out.contains("FIELD: containers <[]Container>\n\nDESCRIPTION:\n"));
        assert!(out.contains("\n  readinessProbe\t<Probe>\n"));
        assert!(out.contains("\n  name\t<string> -required-\n"));
        assert!(out.contains("\n  imagePullPolicy\t<string>\n  enum: Always, IfNotPresent, Never\n"));
    }

    #[test]
    fn enum_and_leaf_fields() {
        let out = current("svc.spec.type");
        assert!(out.contains("FIELD: type <string>\nENUM:\n    ClusterIP\n    ExternalName\n    LoadBalancer\n    NodePort\n\nDESCRIPTION:\n"));
        assert!(out.contains("\n    \n    Possible enum values:\n"));
        assert!(!out.contains("FIELDS:"));
        let out = current("deployment.spec.replicas");
        assert!(out.ends_with("DESCRIPTION:\n    Number of desired pods. This is a pointer to distinguish between explicit\n    zero and not specified. Defaults to 1.\n    \n"), "{out}");
        let out = current("hpa.spec");
        assert!(out.starts_with("GROUP:      autoscaling\nKIND:       HorizontalPodAutoscaler\nVERSION:    v2\n"));
        assert!(out.contains("\n  maxReplicas\t<integer> -required-\n"));
    }

    #[test]
    fn course_layout() {
        let out = explain("deployment", Profile::Course).unwrap();
        assert!(out.starts_with("KIND:     Deployment\nVERSION:  extensions/v1beta1\n\nDESCRIPTION:\n     DEPRECATED - This group version of Deployment is deprecated by\n"), "{out}");
        assert!(out.contains("\nFIELDS:\n   apiVersion\t<string>\n     APIVersion defines"));
        assert!(out.contains("devel/api-conventions.md#resources"));
        let out = explain("deployment.spec", Profile::Course).unwrap();
        assert!(out.contains("RESOURCE: spec <Object>\n\nDESCRIPTION:\n     Specification of the desired behavior of the Deployment.\n\n     DeploymentSpec is"));
        assert!(out.contains("\n   template\t<Object> -required-\n"));
        assert!(out.contains("\n   rollbackTo\t<Object>\n"));
        let out = explain("deployment.spec.replicas", Profile::Course).unwrap();
        assert!(out.contains("FIELD:    replicas <integer>\n\nDESCRIPTION:\n"));
        let out = explain("svc.spec.type", Profile::Course).unwrap();
        assert!(!out.contains("Possible enum values"));
        let out = explain("hpa", Profile::Course).unwrap();
        assert!(out.contains("VERSION:  autoscaling/v1\n"));
        let out = explain("pods", Profile::Course).unwrap();
        assert!(out.starts_with("KIND:     Pod\nVERSION:  v1\n"));
    }

    #[test]
    fn wrapping() {
        assert_eq!(wrap("a b c", 3), "a b\nc");
        assert_eq!(wrap("abcdef gh", 3), "abcdef\ngh");
        assert_eq!(wrap("x\n\ny", 10), "x\n\ny");
        assert_eq!(wrap("two  spaces", 20), "two  spaces");
        assert_eq!(wrap("", 5), "");
        assert_eq!(indent("a\n\nb", "  ", true), "  a\n  \n  b");
        assert_eq!(indent("a\n\nb", "  ", false), "  a\n\n  b");
    }

    #[test]
    fn every_type_is_reachable_and_sorted_output_is_stable() {
        // Walk every kind down to depth 6 in both profiles; nothing may panic.
        fn walk(prefix: &str, def: &TypeDef, depth: usize, profile: Profile) {
            if depth == 0 {
                return;
            }
            for fl in def.fields {
                if !fl.in_profile(profile) {
                    continue;
                }
                let path = format!("{prefix}.{}", fl.name);
                assert!(explain(&path, profile).is_some(), "{path}");
                if let Some(d) = fl.ty.def() {
                    walk(&path, d, depth - 1, profile);
                }
            }
        }
        for k in KINDS {
            walk(k.plural, k.current.2, 6, Profile::Current);
            walk(k.plural, k.course.2, 6, Profile::Course);
        }
    }
}
