//! `kubectl explain` for Jobs and CronJobs (batch/v1; CronJobs batch/v1beta1 on the course-era
//! server). Descriptions follow the batch/v1 API reference; JobSpec lists its commonly used
//! fields (no podFailurePolicy, successPolicy, backoffLimitPerIndex, maxFailedIndexes,
//! managedBy).

use super::{f, req, Field, Ty, TypeDef, API_VERSION, KIND, LABEL_SELECTOR, METADATA, OBJECT_META, POD_TEMPLATE_SPEC};

pub(super) static JOB: TypeDef = TypeDef {
    name: "Job",
    desc: "Job represents the configuration of a single job.",
    fields: &[
        API_VERSION,
        KIND,
        METADATA,
        f("spec", Ty::Obj(|| &JOB_SPEC), "Specification of the desired behavior of a job. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
        f("status", Ty::Obj(|| &JOB_STATUS), "Current status of a job. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

const JOB_SPEC_FIELDS: &[Field] = &[
    f("activeDeadlineSeconds", Ty::Int, "Specifies the duration in seconds relative to the startTime that the job may be continuously active before the system tries to terminate it; value must be positive integer. If a Job is suspended (at creation or through an update), this timer will effectively be stopped and reset when the Job is resumed again."),
    f("backoffLimit", Ty::Int, "Specifies the number of retries before marking this job failed. Defaults to 6, unless backoffLimitPerIndex (only Indexed Job) is specified. When backoffLimitPerIndex is specified, backoffLimit defaults to 2147483647."),
    super::en("completionMode", &["Indexed", "NonIndexed"], "completionMode specifies how Pod completions are tracked. It can be `NonIndexed` (default) or `Indexed`.\n\n`NonIndexed` means that the Job is considered complete when there have been .spec.completions successfully completed Pods. Each Pod completion is homologous to each other.\n\n`Indexed` means that the Pods of a Job get an associated completion index from 0 to (.spec.completions - 1), available in the annotation batch.kubernetes.io/job-completion-index. The Job is considered complete when there is one successfully completed Pod for each index.").modern(),
    f("completions", Ty::Int, "Specifies the desired number of successfully finished pods the job should be run with.  Setting to null means that the success of any pod signals the success of all pods, and allows parallelism to have any positive value.  Setting to 1 means that parallelism is limited to 1 and the success of that pod signals the success of the job. More info: https://kubernetes.io/docs/concepts/workloads/controllers/jobs-run-to-completion/"),
    f("manualSelector", Ty::Bool, "manualSelector controls generation of pod labels and pod selectors. Leave `manualSelector` unset unless you are certain what you are doing. When false or unset, the system pick labels unique to this job and appends those labels to the pod template.  When true, the user is responsible for picking unique labels and specifying the selector.  Failure to pick a unique label may cause this and other jobs to not function correctly.  However, You may see `manualSelector=true` in jobs that were created with the old `extensions/v1beta1` API. More info: https://kubernetes.io/docs/concepts/workloads/controllers/jobs-run-to-completion/#specifying-your-own-pod-selector"),
    f("parallelism", Ty::Int, "Specifies the maximum desired number of pods the job should run at any given time. The actual number of pods running in steady state will be less than this number when ((.spec.completions - .status.successful) < .spec.parallelism), i.e. when the work left to do is less than max parallelism. More info: https://kubernetes.io/docs/concepts/workloads/controllers/jobs-run-to-completion/"),
    super::en("podReplacementPolicy", &["Failed", "TerminatingOrFailed"], "podReplacementPolicy specifies when to create replacement Pods. Possible values are: - TerminatingOrFailed means that we recreate pods\n  when they are terminating (has a metadata.deletionTimestamp) or failed.\n- Failed means to wait until a previously created Pod is fully terminated (has phase\n  Failed or Succeeded) before creating a replacement Pod.\n\nWhen using podFailurePolicy, Failed is the the only allowed value. TerminatingOrFailed and Failed are allowed values when podFailurePolicy is not in use.").modern(),
    f("selector", Ty::Obj(|| &LABEL_SELECTOR), "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
    f("suspend", Ty::Bool, "suspend specifies whether the Job controller should create Pods or not. If a Job is created with suspend set to true, no Pods are created by the Job controller. If a Job is suspended after creation (i.e. the flag goes from false to true), the Job controller will delete all active Pods associated with this Job. Users must design their workload to gracefully handle this. Suspending a Job will reset the StartTime field of the Job, effectively resetting the ActiveDeadlineSeconds timer too. Defaults to false.").modern(),
    req("template", Ty::Obj(|| &POD_TEMPLATE_SPEC), "Describes the pod that will be created when executing a job. The only allowed template.spec.restartPolicy values are \"Never\" or \"OnFailure\". More info: https://kubernetes.io/docs/concepts/workloads/controllers/jobs-run-to-completion/"),
    f("ttlSecondsAfterFinished", Ty::Int, "ttlSecondsAfterFinished limits the lifetime of a Job that has finished execution (either Complete or Failed). If this field is set, ttlSecondsAfterFinished after the Job finishes, it is eligible to be automatically deleted. When the Job is being deleted, its lifecycle guarantees (e.g. finalizers) will be honored. If this field is unset, the Job won't be automatically deleted. If this field is set to zero, the Job becomes eligible to be deleted immediately after it finishes.").modern(),
];

pub(super) static JOB_SPEC: TypeDef = TypeDef {
    name: "JobSpec",
    desc: "JobSpec describes how the job execution will look like.",
    fields: JOB_SPEC_FIELDS,
};

static JOB_STATUS: TypeDef = TypeDef {
    name: "JobStatus",
    desc: "JobStatus represents the current state of a Job.",
    fields: &[
        f("active", Ty::Int, "The number of pending and running pods which are not terminating (without a deletionTimestamp). The value is zero for finished jobs."),
        f("completionTime", Ty::Time, "Represents time when the job was completed. It is not guaranteed to be set in happens-before order across separate operations. It is represented in RFC3339 form and is in UTC. The completion time is set when the job finishes successfully, and only then. The value cannot be updated or removed. The value indicates the same or later point in time as the startTime field."),
        f("conditions", Ty::List(|| &JOB_CONDITION), "The latest available observations of an object's current state. When a Job fails, one of the conditions will have type \"Failed\" and status true. When a Job is suspended, one of the conditions will have type \"Suspended\" and status true; when the Job is resumed, the status of this condition will become false. When a Job is completed, one of the conditions will have type \"Complete\" and status true.\n\nA job is considered finished when it is in a terminal condition, either \"Complete\" or \"Failed\". A Job cannot have both the \"Complete\" and \"Failed\" conditions. Additionally, it cannot be in the \"Complete\" and \"FailureTarget\" conditions. The \"Complete\", \"Failed\" and \"FailureTarget\" conditions cannot be disabled.\n\nMore info: https://kubernetes.io/docs/concepts/workloads/controllers/jobs-run-to-completion/"),
        f("failed", Ty::Int, "The number of pods which reached phase Failed. The value increases monotonically."),
        f("ready", Ty::Int, "The number of active pods which have a Ready condition and are not terminating (without a deletionTimestamp).").modern(),
        f("startTime", Ty::Time, "Represents time when the job controller started processing a job. When a Job is created in the suspended state, this field is not set until the first time it is resumed. This field is reset every time a Job is resumed from suspension. It is represented in RFC3339 form and is in UTC.\n\nOnce set, the field can only be removed when the job is suspended. The field cannot be modified while the job is unsuspended or finished."),
        f("succeeded", Ty::Int, "The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs."),
        f("terminating", Ty::Int, "The number of pods which are terminating (in phase Pending or Running and have a deletionTimestamp).\n\nThis field is beta-level. The job controller populates the field when the feature gate JobPodReplacementPolicy is enabled (enabled by default).").modern(),
    ],
};

static JOB_CONDITION: TypeDef = TypeDef {
    name: "JobCondition",
    desc: "JobCondition describes current state of a job.",
    fields: &[
        f("lastProbeTime", Ty::Time, "Last time the condition was checked."),
        f("lastTransitionTime", Ty::Time, "Last time the condition transit from one status to another."),
        f("message", Ty::Str, "Human readable message indicating details about last transition."),
        f("reason", Ty::Str, "(brief) reason for the condition's last transition."),
        req("status", Ty::Str, "Status of the condition, one of True, False, Unknown."),
        req("type", Ty::Str, "Type of job condition, Complete or Failed."),
    ],
};

pub(super) static CRONJOB: TypeDef = TypeDef {
    name: "CronJob",
    desc: "CronJob represents the configuration of a single cron job.",
    fields: &[
        API_VERSION,
        KIND,
        METADATA,
        f("spec", Ty::Obj(|| &CRONJOB_SPEC), "Specification of the desired behavior of a cron job, including the schedule. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
        f("status", Ty::Obj(|| &CRONJOB_STATUS), "Current status of a cron job. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

static CRONJOB_SPEC: TypeDef = TypeDef {
    name: "CronJobSpec",
    desc: "CronJobSpec describes how the job execution will look like and when it will actually run.",
    fields: &[
        super::en("concurrencyPolicy", &["Allow", "Forbid", "Replace"], "Specifies how to treat concurrent executions of a Job. Valid values are:\n\n- \"Allow\" (default): allows CronJobs to run concurrently; - \"Forbid\": forbids concurrent runs, skipping next run if previous run hasn't finished yet; - \"Replace\": cancels currently running job and replaces it with a new one"),
        f("failedJobsHistoryLimit", Ty::Int, "The number of failed finished jobs to retain. Value must be non-negative integer. Defaults to 1."),
        req("jobTemplate", Ty::Obj(|| &JOB_TEMPLATE_SPEC), "Specifies the job that will be created when executing a CronJob."),
        req("schedule", Ty::Str, "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
        f("startingDeadlineSeconds", Ty::Int, "Optional deadline in seconds for starting the job if it misses scheduled time for any reason.  Missed jobs executions will be counted as failed ones."),
        f("successfulJobsHistoryLimit", Ty::Int, "The number of successful finished jobs to retain. Value must be non-negative integer. Defaults to 3."),
        f("suspend", Ty::Bool, "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false."),
        f("timeZone", Ty::Str, "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones").modern(),
    ],
};

static JOB_TEMPLATE_SPEC: TypeDef = TypeDef {
    name: "JobTemplateSpec",
    desc: "JobTemplateSpec describes the data a Job should have when created from a template",
    fields: &[
        f("metadata", Ty::Obj(|| &OBJECT_META), "Standard object's metadata of the jobs created from this template. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
        f("spec", Ty::Obj(|| &JOB_SPEC), "Specification of the desired behavior of the job. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

static CRONJOB_STATUS: TypeDef = TypeDef {
    name: "CronJobStatus",
    desc: "CronJobStatus represents the current state of a cron job.",
    fields: &[
        f("active", Ty::List(|| &OBJECT_REFERENCE), "A list of pointers to currently running jobs."),
        f("lastScheduleTime", Ty::Time, "Information when was the last time the job was successfully scheduled."),
        f("lastSuccessfulTime", Ty::Time, "Information when was the last time the job successfully completed.")
            .modern(),
    ],
};

static OBJECT_REFERENCE: TypeDef = TypeDef {
    name: "ObjectReference",
    desc: "ObjectReference contains enough information to let you inspect or modify the referred object.",
    fields: &[
        API_VERSION_REF,
        f("kind", Ty::Str, "Kind of the referent. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"),
        f("name", Ty::Str, "Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names"),
        f("namespace", Ty::Str, "Namespace of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/"),
        f("resourceVersion", Ty::Str, "Specific resourceVersion to which this reference is made, if any. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency"),
        f("uid", Ty::Str, "UID of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#uids"),
    ],
};

const API_VERSION_REF: Field = f("apiVersion", Ty::Str, "API version of the referent.");
