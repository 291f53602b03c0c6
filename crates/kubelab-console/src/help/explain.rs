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

mod core;
mod pod;
mod workloads;

use self::core::*;
use pod::*;
use workloads::*;

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
    Obj(Def),
    List(Def),
}

/// A type's definition, behind a function: the tables are read only through code (`explain`),
/// never through an address stored in another table, so that all of them, with every field's
/// documentation, stay out of the page's first download (crates/kubelab-split moves a table
/// unless code that a first visit runs, or a table it keeps, holds its address).
type Def = fn() -> &'static TypeDef;

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
            Ty::Obj(t) => t().name.into(),
            Ty::List(t) => format!("[]{}", t().name),
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
            Ty::Obj(t) | Ty::List(t) => Some(t()),
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
    current: (&'static str, &'static str, Def),
    course: (&'static str, &'static str, Def),
}

impl Kind {
    /// The group, version and type `profile`'s kubectl explains.
    fn in_profile(&self, profile: Profile) -> (&'static str, &'static str, &'static TypeDef) {
        let (group, version, def) = match profile {
            Profile::Course => self.course,
            Profile::Current => self.current,
        };
        (group, version, def())
    }
}

static KINDS: &[Kind] = &[
    Kind { plural: "pods", kind: "Pod", current: ("", "v1", || &POD), course: ("", "v1", || &POD) },
    Kind {
        plural: "deployments",
        kind: "Deployment",
        current: ("apps", "v1", || &DEPLOYMENT),
        course: ("extensions", "v1beta1", || &DEPLOYMENT_EXT),
    },
    Kind {
        plural: "replicasets",
        kind: "ReplicaSet",
        current: ("apps", "v1", || &REPLICA_SET),
        course: ("extensions", "v1beta1", || &REPLICA_SET_EXT),
    },
    Kind {
        plural: "replicationcontrollers",
        kind: "ReplicationController",
        current: ("", "v1", || &REPLICATION_CONTROLLER),
        course: ("", "v1", || &REPLICATION_CONTROLLER),
    },
    Kind { plural: "services", kind: "Service", current: ("", "v1", || &SERVICE), course: ("", "v1", || &SERVICE) },
    Kind {
        plural: "namespaces",
        kind: "Namespace",
        current: ("", "v1", || &NAMESPACE),
        course: ("", "v1", || &NAMESPACE),
    },
    Kind { plural: "nodes", kind: "Node", current: ("", "v1", || &NODE), course: ("", "v1", || &NODE) },
    Kind {
        plural: "horizontalpodautoscalers",
        kind: "HorizontalPodAutoscaler",
        current: ("autoscaling", "v2", || &HPA_V2),
        course: ("autoscaling", "v1", || &HPA_V1),
    },
    Kind {
        plural: "configmaps",
        kind: "ConfigMap",
        current: ("", "v1", || &CONFIG_MAP),
        course: ("", "v1", || &CONFIG_MAP),
    },
    Kind { plural: "secrets", kind: "Secret", current: ("", "v1", || &SECRET), course: ("", "v1", || &SECRET) },
    Kind {
        plural: "serviceaccounts",
        kind: "ServiceAccount",
        current: ("", "v1", || &SERVICE_ACCOUNT),
        course: ("", "v1", || &SERVICE_ACCOUNT),
    },
    Kind {
        plural: "daemonsets",
        kind: "DaemonSet",
        current: ("apps", "v1", || &sets::DAEMON_SET),
        course: ("extensions", "v1beta1", || &sets::DAEMON_SET_EXT),
    },
    Kind {
        plural: "statefulsets",
        kind: "StatefulSet",
        current: ("apps", "v1", || &sets::STATEFUL_SET),
        course: ("apps", "v1", || &sets::STATEFUL_SET),
    },
    Kind {
        plural: "jobs",
        kind: "Job",
        current: ("batch", "v1", || &batch::JOB),
        course: ("batch", "v1", || &batch::JOB),
    },
    Kind {
        plural: "cronjobs",
        kind: "CronJob",
        current: ("batch", "v1", || &batch::CRONJOB),
        course: ("batch", "v1beta1", || &batch::CRONJOB),
    },
    Kind {
        plural: "persistentvolumeclaims",
        kind: "PersistentVolumeClaim",
        current: ("", "v1", || &storage::PVC),
        course: ("", "v1", || &storage::PVC),
    },
    Kind {
        plural: "persistentvolumes",
        kind: "PersistentVolume",
        current: ("", "v1", || &storage::PV),
        course: ("", "v1", || &storage::PV),
    },
    Kind {
        plural: "storageclasses",
        kind: "StorageClass",
        current: ("storage.k8s.io", "v1", || &storage::STORAGE_CLASS),
        course: ("storage.k8s.io", "v1", || &storage::STORAGE_CLASS),
    },
    Kind {
        plural: "ingresses",
        kind: "Ingress",
        current: ("networking.k8s.io", "v1", || &storage::INGRESS),
        course: ("extensions", "v1beta1", || &storage::INGRESS_EXT),
    },
    Kind {
        plural: "poddisruptionbudgets",
        kind: "PodDisruptionBudget",
        current: ("policy", "v1", || &pdb::PDB),
        course: ("policy", "v1beta1", || &pdb::PDB),
    },
    Kind {
        plural: "ingressclasses",
        kind: "IngressClass",
        current: ("networking.k8s.io", "v1", || &storage::INGRESS_CLASS),
        course: ("networking.k8s.io", "v1", || &storage::INGRESS_CLASS),
    },
];

/// `kubectl explain <resource_path>` output, e.g. for `deployment.spec.strategy`
/// or `pods.spec.containers.readinessProbe`. The first segment is any name
/// [`resources::lookup`] accepts; field names are case-sensitive, as in kubectl.
/// None for an unknown resource or field (the caller prints kubectl's error).
///
/// Never inlined: the tables it reads (every field's documentation, about 150 KB) then stay out
/// of the page's first download (crates/kubelab-split) with the function itself.
#[inline(never)]
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
    Ty::Obj(|| &OBJECT_META),
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
        f("managedFields", Ty::List(|| &MANAGED_FIELDS_ENTRY), "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field. A workflow can be the user's name, a controller's name, or the name of a specific apply path like \"ci-cd\". The set of fields is always in the version that the workflow used when modifying the object.").modern(),
        f("name", Ty::Str, "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"),
        f("namespace", Ty::Str, "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace, but \"default\" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces"),
        f("ownerReferences", Ty::List(|| &OWNER_REFERENCE), "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller."),
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
        f("matchExpressions", Ty::List(|| &LABEL_SELECTOR_REQUIREMENT), "matchExpressions is a list of label selector requirements. The requirements are ANDed."),
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
            walk(k.plural, (k.current.2)(), 6, Profile::Current);
            walk(k.plural, (k.course.2)(), 6, Profile::Course);
        }
    }
}
