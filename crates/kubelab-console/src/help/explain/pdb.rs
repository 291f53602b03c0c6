//! `kubectl explain` of PodDisruptionBudget (`policy/v1`, course `policy/v1beta1`): the fields
//! a lab touches (descriptions paraphrase the OpenAPI ones, as the parent module's do).

use super::*;

pub(super) static PDB: TypeDef = TypeDef {
    name: "PodDisruptionBudget",
    desc: "PodDisruptionBudget is an object to define the max disruption that can be caused to a collection of pods",
    fields: &[
        API_VERSION,
        KIND,
        METADATA,
        f("spec", Ty::Obj(|| &PDB_SPEC), "Specification of the desired behavior of the PodDisruptionBudget."),
        f("status", Ty::Obj(|| &PDB_STATUS), "Most recently observed status of the PodDisruptionBudget."),
    ],
};

static PDB_SPEC: TypeDef = TypeDef {
    name: "PodDisruptionBudgetSpec",
    desc: "PodDisruptionBudgetSpec is a description of a PodDisruptionBudget.",
    fields: &[
        f("maxUnavailable", Ty::IntOrString, "An eviction is allowed if at most \"maxUnavailable\" pods selected by \"selector\" are unavailable after the eviction, i.e. even in absence of the evicted pod. For example, one can prevent all voluntary evictions by specifying 0. This is a mutually exclusive setting with \"minAvailable\"."),
        f("minAvailable", Ty::IntOrString, "An eviction is allowed if at least \"minAvailable\" pods selected by \"selector\" will still be available after the eviction, i.e. even in the absence of the evicted pod.  So for example you can prevent all voluntary evictions by specifying \"100%\"."),
        f("selector", Ty::Obj(|| &LABEL_SELECTOR), "Label query over pods whose evictions are managed by the disruption budget. A null selector will match no pods, while an empty ({}) selector will select all pods within the namespace."),
    ],
};

static PDB_STATUS: TypeDef = TypeDef {
    name: "PodDisruptionBudgetStatus",
    desc: "PodDisruptionBudgetStatus represents information about the status of a PodDisruptionBudget. Status may trail the actual state of a system.",
    fields: &[
        req("currentHealthy", Ty::Int, "current number of healthy pods"),
        req("desiredHealthy", Ty::Int, "minimum desired number of healthy pods"),
        req("disruptionsAllowed", Ty::Int, "Number of pod disruptions that are currently allowed."),
        req("expectedPods", Ty::Int, "total number of pods counted by this disruption budget"),
        f("observedGeneration", Ty::Int, "Most recent generation observed when updating this PDB status. DisruptionsAllowed and other status information is valid only if observedGeneration equals to PDB's object generation."),
    ],
};
