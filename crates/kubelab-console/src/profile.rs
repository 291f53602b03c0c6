//! Which Kubernetes the console and its cluster behave like, and everything that differs
//! between the two as data.
//!
//! # The profile names (decided once, here)
//!
//! | Profile             | canonical name | also accepted   | kubectl and server |
//! |---------------------|----------------|-----------------|--------------------|
//! | [`Profile::Course`] | `course`       | `1.15`, `1.11`  | v1.11              |
//! | [`Profile::Current`]| `current`      | `1.33`          | v1.33              |
//!
//! The course profile is the era of the course chapter. `1.15` is the name the exercise files
//! (`profile: "1.15"`), the transcripts (`# profile: 1.15`) and `--profile 1.15` have always
//! used for it; but what the chapter's transcripts show is kubectl 1.11 against a 1.11 server
//! (`deployment.extensions/nginx scaled`, `kubectl run` creating a Deployment, DESIRED/CURRENT
//! columns), so the profile behaves like 1.11 and its cluster reports v1.11.10. `1.11` is
//! accepted for that reason, and `course` is the name that does not pretend to be a version. [`Profile::name`] gives the canonical name; [`Profile::from_str`]
//! is the only parser of profile names (the CLI's `--profile`, exercise files and the
//! transcripts' `# profile:` header all go through it).
//!
//! # What differs: [`Era`]
//!
//! Each profile has one [`Era`] record ([`Profile::era`]) whose fields are the differences
//! between kubectl 1.11 and kubectl 1.33 that the console reproduces: table widths and columns,
//! describe's lines, message wordings, the version and cluster-info texts. Code asks the era
//! for the fact (`era.table_min_width`, `era.describe_pod_ips`) instead of branching on the
//! profile, so a difference lives in one place and says what it is. Which group/versions a
//! server serves per resource type is the resource table's (`resources.rs`, keyed by
//! [`Profile`]), and which fields `kubectl explain` knows is `help/explain.rs`'s.

use std::fmt;
use std::str::FromStr;

use kubelab_sim::ClusterConfig;

use crate::text::{LEGACY_MINWIDTH, MODERN_MINWIDTH};

/// Which Kubernetes release the console and cluster behave like (see the module doc for the
/// names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Profile {
    /// The course era, as the chapter's own transcripts show it (`course`, also `1.15` and
    /// `1.11`): kubectl and server v1.11.
    Course,
    /// A current release, v1.33 (`current`, also `1.33`; the default).
    Current,
}

impl Profile {
    /// Every profile, in the order the names are listed in messages.
    pub const ALL: [Profile; 2] = [Profile::Course, Profile::Current];

    /// The canonical name: `course` or `current`.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Course => "course",
            Profile::Current => "current",
        }
    }

    /// Every spelling [`Profile::from_str`] accepts for this profile, the canonical name first.
    pub fn spellings(self) -> &'static [&'static str] {
        match self {
            Profile::Course => &["course", "1.15", "1.11"],
            Profile::Current => &["current", "1.33"],
        }
    }

    /// The accepted spellings, for messages: `course (also 1.15, 1.11) or current (also 1.33)`.
    pub fn accepted_names() -> String {
        let each = Profile::ALL.map(|p| match p.spellings() {
            [name, also @ ..] if !also.is_empty() => format!("{name} (also {})", also.join(", ")),
            _ => p.name().to_string(),
        });
        each.join(" or ")
    }

    /// The differences this profile's kubectl and server make.
    pub fn era(self) -> &'static Era {
        match self {
            Profile::Course => &COURSE,
            Profile::Current => &CURRENT,
        }
    }

    /// The simulated cluster this profile starts (v1.11.10 or v1.33.4, kubeadm-like).
    pub fn cluster_config(self, seed: u64) -> ClusterConfig {
        match self {
            Profile::Course => ClusterConfig::course(seed),
            Profile::Current => ClusterConfig::current(seed),
        }
    }

    /// The profile's cluster as a named preset (`cloud`: node groups and the Cluster
    /// Autoscaler, `kubelab_sim::cloud`), or the error to show for an unknown name.
    pub fn cluster_preset(self, seed: u64, name: &str) -> Result<ClusterConfig, String> {
        kubelab_sim::cloud::cluster_preset(name, self.cluster_config(seed))
            .ok_or_else(|| format!("unknown cluster \"{name}\": expected {}", kubelab_sim::cloud::PRESETS.join(" or ")))
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A profile name that is none of the accepted spellings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownProfile(pub String);

impl fmt::Display for UnknownProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown profile \"{}\": expected {}", self.0, Profile::accepted_names())
    }
}

impl std::error::Error for UnknownProfile {}

impl FromStr for Profile {
    type Err = UnknownProfile;

    /// `course`, `1.15` or `1.11` → [`Profile::Course`]; `current` or `1.33` →
    /// [`Profile::Current`]. Exact spellings (no trimming, case-sensitive).
    fn from_str(s: &str) -> Result<Profile, UnknownProfile> {
        Profile::ALL.into_iter().find(|p| p.spellings().contains(&s)).ok_or_else(|| UnknownProfile(s.to_string()))
    }
}

/// What kubectl and the API server of one profile do differently from the other's. Every
/// field is one fact; its doc says what kubectl 1.11 (course) and kubectl 1.33 (current) do.
#[derive(Debug)]
pub struct Era {
    /// The profile this record belongs to (for the tables keyed by profile: `resources`,
    /// `explain`).
    pub profile: Profile,
    /// The minor version of this era's kubectl (11: kubectl 1.11; 33: kubectl 1.33). A flag
    /// (`FlagDef::since`, `FlagDef::short_since`) or a command (`Verb::since`) that appeared
    /// in a later kubectl answers as this kubectl did: `unknown shorthand flag: 'A' in -A`,
    /// `unknown command "restart ..."`.
    pub kubectl_minor: u8,
    /// How kubectl begins a flag error (`unknown flag`, `unknown shorthand flag`, a bad value):
    /// cobra's own `Error` up to at least kubectl 1.19 (`Error: unknown flag: --replicas` /
    /// `See 'kubectl create deployment --help' for usage.` on 1.18; `Error: unknown shorthand
    /// flag: 'A' in -A` on a pre-1.14 kubectl), kubectl's `error` on 1.33.
    pub flag_error_prefix: &'static str,

    // ----- get tables -----
    /// The table printer's minimum column width: 10 up to kubectl 1.11, 6 since kubectl 1.12.
    pub table_min_width: usize,
    /// `get deploy` shows `DESIRED CURRENT UP-TO-DATE AVAILABLE` (kubectl 1.11) instead of
    /// `READY UP-TO-DATE AVAILABLE` with READY as `ready/desired` (kubectl 1.33).
    pub deployment_desired_current_columns: bool,
    /// `get sts` shows `DESIRED CURRENT` (kubectl 1.11's `printStatefulSet`: spec replicas and
    /// status replicas) instead of `READY` as `ready/desired` (kubectl 1.12 and later).
    pub statefulset_desired_current_columns: bool,
    /// `get jobs` columns: kubectl 1.11's NAME DESIRED SUCCESSFUL AGE (true) or NAME STATUS
    /// COMPLETIONS DURATION AGE (false, kubectl 1.33).
    pub job_desired_successful_columns: bool,
    /// `get cronjobs` has a TIMEZONE column (kubectl 1.25+).
    pub cronjob_timezone_column: bool,
    /// `describe job` prints Completion Mode, Suspend, Backoff Limit and TTL lines and counts
    /// `N Active (M Ready)` pods (kubectl 1.33), not `N Running` (kubectl 1.11).
    pub describe_job_spec_lines: bool,
    /// `get all` lists jobs before cronjobs: the v1.11 server's discovery has batch/v1 (jobs)
    /// before batch/v1beta1 (cronjobs); v1.33 serves both in batch/v1, cronjobs first.
    pub all_jobs_before_cronjobs: bool,
    /// `get pods -o wide` ends with a READINESS GATES column (kubectl 1.33; not in 1.11, which
    /// ends with NOMINATED NODE).
    pub pod_readiness_gates_column: bool,
    /// An HPA's TARGETS cell names the metric, `cpu: 10%/80%` (kubectl 1.33), instead of
    /// `10%/80%` (kubectl 1.11).
    pub hpa_targets_name_metric: bool,
    /// PVC and PV tables end with a VOLUMEATTRIBUTESCLASS column before AGE (REASON for PVs)
    /// (kubectl 1.29 on); kubectl 1.11 has none.
    pub volume_attributes_class_column: bool,
    /// StorageClass tables show RECLAIMPOLICY, VOLUMEBINDINGMODE and ALLOWVOLUMEEXPANSION
    /// (kubectl 1.33); kubectl 1.11 prints NAME PROVISIONER AGE.
    pub storage_class_policy_columns: bool,
    /// Ingress tables have a CLASS column after NAME (kubectl 1.19 on, `spec.ingressClassName`);
    /// kubectl 1.11 prints NAME HOSTS ADDRESS PORTS AGE.
    pub ingress_class_column: bool,
    /// `describe pvc` lists the pods using the claim (`Used By:`, kubectl 1.19 on; `Mounted By:`
    /// before, from 1.13); kubectl 1.11 has no such line.
    pub describe_pvc_used_by: bool,
    /// `describe ingress` is networking/v1's describer (Labels, Ingress Class, `<default>`
    /// default backend, annotations as `k: v`), kubectl 1.33; kubectl 1.11's extensions
    /// describer names `default-http-backend:80` in kube-system as the default backend and
    /// lists annotations under `Annotations:` one per line.
    pub describe_ingress_v1: bool,
    /// `kubectl get` with nothing to list says `No resources found in NS namespace.` (kubectl
    /// 1.33; `No resources found` with `--all-namespaces`) instead of `No resources found.`
    /// (kubectl 1.11). See [`Era::no_resources`].
    pub no_resources_names_namespace: bool,
    /// `kubectl api-resources`' third column is APIVERSION, the preferred `group/version`
    /// (kubectl 1.33), instead of APIGROUP, the group only with one row per group (kubectl 1.11).
    pub api_resources_version_column: bool,
    /// `kubectl api-resources -o wide` adds VERBS comma-joined and CATEGORIES (kubectl 1.33)
    /// instead of VERBS alone as a Go list, `[create delete get]` (kubectl 1.11).
    pub api_resources_wide_categories: bool,

    // ----- the API's fields (get -o yaml/json, describe) -----
    /// A pod's status repeats podIP/hostIP as `podIPs`/`hostIPs` lists (servers since 1.16 and
    /// 1.28), and describe prints an `IPs:` block under `IP:`. Not in 1.11.
    pub pod_ip_lists: bool,
    /// A node's spec repeats podCIDR as `podCIDRs` (since 1.16), and describe prints a
    /// `PodCIDRs:` line. Not in 1.11.
    pub node_pod_cidrs: bool,

    // ----- explain -----
    /// `kubectl explain` prints kubectl 1.11's template (`KIND:     `, `VERSION:  group/version`,
    /// `RESOURCE:`/`FIELD:    `, types as `<Object>`, descriptions indented 5) instead of
    /// kubectl 1.33's (`GROUP:`, `KIND:`, `VERSION:`, `FIELD: name <Type>`, `ENUM:`).
    pub explain_legacy_template: bool,

    // ----- describe -----
    /// The separator between an annotation's key and value in describe: `key=value`
    /// (kubectl 1.11) or `key: value` (kubectl 1.33). Labels are `key=value` in both.
    pub describe_annotation_separator: &'static str,
    /// describe pod prints `PriorityClassName:  <none>` after `Priority:` (kubectl 1.11 only).
    pub describe_pod_priority_class_name: bool,
    /// describe pod prints `Service Account:  default` (kubectl 1.33; not in 1.11).
    pub describe_pod_service_account: bool,
    /// A pod template (in describe deploy/rs/rc) ends with `Node-Selectors:` and
    /// `Tolerations:` lines (kubectl 1.33; not in 1.11).
    pub describe_template_scheduling: bool,
    /// describe deploy lists every old ReplicaSet, `(0/0 replicas created)` ones too (kubectl
    /// 1.33), instead of only those that still have replicas (kubectl 1.11).
    pub describe_all_old_replica_sets: bool,
    /// A toleration with `operator: Exists` shows ` op=Exists` (kubectl since 1.18; not 1.11).
    pub describe_toleration_operator: bool,
    /// describe svc prints `IP Family Policy:`, `IP Families:` and `IPs:` (dual-stack
    /// Services; kubectl 1.33, not 1.11).
    pub describe_service_ip_families: bool,
    /// describe svc's `Endpoints:` lines come from the Service's EndpointSlices (kubectl 1.33)
    /// instead of its Endpoints object (kubectl 1.11).
    pub describe_service_endpoint_slices: bool,
    /// describe svc prints `Internal Traffic Policy:` (kubectl 1.33; not 1.11).
    pub describe_service_internal_traffic_policy: bool,
    /// describe node prints the node's `Lease:` block (kubectl 1.33; not 1.11).
    pub describe_node_lease: bool,
    /// The From column of describe's events names the reporting host too, `kubelet, node-1`
    /// (kubectl 1.11), instead of just the component, `kubelet` (kubectl 1.33).
    pub describe_event_source_host: bool,
    /// describe configmap follows each data value with a blank line and ends with a
    /// `BinaryData` block, a blank line and the events (kubectl 1.33); kubectl 1.11's
    /// describer printed the values back to back and stopped after the data.
    pub describe_config_map_binary_data: bool,

    // ----- messages of commands -----
    /// `--record` earns `Flag --record has been deprecated, --record will be removed in the
    /// future` (kubectl 1.33; 1.11 records silently).
    pub record_flag_deprecated: bool,
    /// `kubectl apply` on an object without the last-applied annotation warns with this text
    /// (`{resource}` stands for `deployments.apps/web`): kubectl 1.11's short warning or
    /// kubectl 1.33's that says the annotation will be patched.
    pub apply_missing_annotation_warning: &'static str,
    /// `kubectl run NAME --image=...` (restart Always, no `--generator` or a deployment one)
    /// creates a Deployment labelled `run=NAME` (kubectl 1.11) instead of a Pod (kubectl 1.33).
    pub run_creates_deployment: bool,
    /// `kubectl run` accepts `--replicas` (kubectl 1.11; 1.33 says `unknown flag: --replicas`).
    pub run_accepts_replicas: bool,
    /// `kubectl exec POD COMMAND` without `--` warns that the form is deprecated (kubectl
    /// 1.33; 1.11 takes it silently).
    pub exec_without_dashdash_deprecated: bool,
    /// Picking a pod's first container for exec/logs says `Defaulted container "a" out of:
    /// a, b` (kubectl 1.33) instead of `Defaulting container name to a.` plus a describe hint
    /// (kubectl 1.11, exec only). See [`Era::defaulted_container`].
    pub defaulted_container_lists_all: bool,
    /// `kubectl logs POD` on a pod with several containers defaults to the first one (kubectl
    /// 1.33) instead of failing with `a container name must be specified` (kubectl 1.11).
    pub logs_defaults_container: bool,
    /// `rollout status` progress lines read `Waiting for deployment "web" rollout to finish:
    /// ...` (kubectl 1.33) instead of `Waiting for rollout to finish: ...` (kubectl 1.11).
    pub rollout_status_names_deployment: bool,
    /// `rollout undo` prints `deployment.apps/web rolled back` (kubectl 1.33) instead of just
    /// `deployment.extensions/web` (kubectl 1.11).
    pub rollout_undo_says_rolled_back: bool,
    /// `rollout status` of an OnDelete DaemonSet: `rollout status is only available for
    /// RollingUpdate strategy type` (kubectl 1.33), `Status is available only for RollingUpdate
    /// strategy type` (kubectl 1.11).
    pub rollout_status_daemonset_not_rolling: &'static str,
    /// `describe ds` has a `Namespace:` line after `Name:` (kubectl 1.33; not in 1.11).
    pub describe_daemonset_namespace: bool,
    /// `describe sts` prints `  Partition:  0` under `Update Strategy:` for a zero partition
    /// (kubectl 1.33 prints any set partition; 1.11 only a non-zero one).
    pub describe_statefulset_zero_partition: bool,
    /// `rollout status` of an OnDelete StatefulSet: the same as for DaemonSets (kubectl 1.33),
    /// ``OnDelete updateStrategy does not have a Status` `` with its stray backquote (kubectl 1.11).
    pub rollout_status_statefulset_not_rolling: &'static str,
    /// `kubectl label` removing a label that is not there says `label "k" not found.`
    /// (kubectl 1.33; 1.11 says nothing).
    pub label_reports_missing_key: bool,
    /// `kubectl label ... k-` prints `... unlabeled` (kubectl 1.33) instead of `... labeled`
    /// (kubectl 1.11).
    pub label_says_unlabeled: bool,
    /// How `kubectl delete --force --grace-period=0` starts its warning: `Warning:` (kubectl
    /// 1.33 prints it through its warning printer) or `warning:` (kubectl 1.11).
    pub force_delete_warning_prefix: &'static str,
    /// kubectl 1.11's drain texts (`pkg/kubectl/cmd/drain.go`): refusals and warnings name
    /// pods without their namespace (`pods not managed by ReplicationController, ReplicaSet,
    /// Job, DaemonSet or StatefulSet (use --force to override): bare`, `WARNING: Ignoring
    /// DaemonSet-managed pods: ...`, `--delete-local-data`), no `evicting pod` lines, a failed
    /// node is `error: unable to drain node "x", aborting command...` and a timeout `Drain did not
    /// complete within 5s`. kubectl 1.33 (`pkg/drain`): `cannot delete Pods that declare no
    /// controller (use --force to override): default/bare`, `Warning: ignoring DaemonSet-managed
    /// Pods: ...`, `evicting pod default/web-...`, `error: unable to drain node "x" due to error:
    /// ..., continuing command...`.
    pub drain_legacy_texts: bool,
    /// `kubectl wait` timing out says `timed out waiting for the condition on pods/x` (kubectl
    /// 1.33) instead of wait.ErrWaitTimeout's bare `timed out waiting for the condition`
    /// (kubectl 1.11).
    pub wait_timeout_names_object: bool,
    /// `set env --from` warns `Warning: key log.level transferred to LOG_LEVEL` when it changes
    /// a key to make a variable name (kubectl 1.33's warning printer; 1.11 renames silently).
    pub set_env_warns_renamed_keys: bool,
    /// How `set resources` begins a failed write: `failed to patch resources update to pod
    /// template` (kubectl 1.33) or `failed to patch limit update to pod template` (kubectl 1.11).
    pub set_resources_patch_error: &'static str,

    // ----- version, cluster-info -----
    /// `kubectl version` prints Go's `version.Info{Major:"1", Minor:"11", ...}` struct
    /// (kubectl 1.11) instead of `Client Version: v1.33.4` plus the Kustomize version
    /// (kubectl 1.33).
    pub version_go_struct: bool,
    /// The build the version struct names (kubectl 1.11.10's): git commit, build date, Go.
    pub version_git_commit: &'static str,
    pub version_build_date: &'static str,
    pub version_go: &'static str,
    /// The Kustomize version `kubectl version` prints (kubectl 1.33 only; "" for 1.11).
    pub version_kustomize: &'static str,
    /// What `kubectl cluster-info` calls the API server: `Kubernetes master` (kubectl 1.11) or
    /// `Kubernetes control plane` (kubectl 1.33).
    pub cluster_info_control_plane: &'static str,
    /// What `kubectl cluster-info` calls the cluster DNS: `KubeDNS` (kubectl 1.11) or
    /// `CoreDNS` (kubectl 1.33); its proxy URL is the `kube-dns` Service's in both.
    pub cluster_info_dns: &'static str,

    // ----- the control-plane node and the containers -----
    /// The node's own curl, which `curl` in the student's terminal runs: Ubuntu 16.04's 7.47
    /// (the course era's kubeadm nodes) or Ubuntu 24.04's 8.5.
    pub node_curl_7_47: bool,
    /// The API server's `Status` over `kubectl proxy`: the course era's encoder printed an
    /// empty `metadata` over two lines (`{\n    \n  }`), current servers print `{}`.
    pub proxy_status_metadata: &'static str,
    /// What the container runtime prints for a program the image lacks (`{prog}` is the
    /// program): Docker 17/18's runc (`container_linux.go:348: starting container process
    /// caused ...`) or containerd's current runc.
    pub exec_not_found: &'static str,
    /// Whether nginx images from 1.19 on print their docker-entrypoint lines in `kubectl logs`
    /// (the course era's `nginx:latest`, 1.15-1.17, had no entrypoint scripts yet).
    pub nginx_entrypoint_logs: bool,
    /// What `minikube addons enable ingress` prints: minikube 0.28's one line (the course era's
    /// addon, no waiting) or a current minikube's lines, whose `Verifying` step waits until the
    /// controller is ready (`{wait}` marks where).
    pub ingress_addon_output: &'static str,
    /// `kubectl top node`'s percentage headers: `CPU%`/`MEMORY%` (kubectl 1.11's
    /// `metricsutil.NodeColumns`) or `CPU(%)`/`MEMORY(%)` (kubectl 1.33's).
    pub top_node_percent_columns: [&'static str; 2],
    /// What `kubectl top` says when the server does not serve the Metrics API: kubectl 1.33's
    /// `Metrics API not available`; kubectl 1.11 falls back to Heapster through the API
    /// server's service proxy, which answers NotFound on a cluster without Heapster.
    pub top_no_metrics_api: &'static str,
    /// Whether `kubectl top pod` says `No resources found ...` on stderr when the namespace has
    /// no pods (kubectl 1.33's `RunTopPod`); kubectl 1.11 printed nothing.
    pub top_says_no_resources: bool,
}

/// kubectl 1.11 against a 1.11 server: the course chapter's transcripts.
static COURSE: Era = Era {
    profile: Profile::Course,
    kubectl_minor: 11,
    flag_error_prefix: "Error",
    table_min_width: LEGACY_MINWIDTH,
    deployment_desired_current_columns: true,
    statefulset_desired_current_columns: true,
    job_desired_successful_columns: true,
    cronjob_timezone_column: false,
    describe_job_spec_lines: false,
    all_jobs_before_cronjobs: true,
    pod_readiness_gates_column: false,
    hpa_targets_name_metric: false,
    volume_attributes_class_column: false,
    storage_class_policy_columns: false,
    ingress_class_column: false,
    describe_pvc_used_by: false,
    describe_ingress_v1: false,
    no_resources_names_namespace: false,
    api_resources_version_column: false,
    api_resources_wide_categories: false,
    pod_ip_lists: false,
    node_pod_cidrs: false,
    explain_legacy_template: true,
    describe_annotation_separator: "=",
    describe_pod_priority_class_name: true,
    describe_pod_service_account: false,
    describe_template_scheduling: false,
    describe_all_old_replica_sets: false,
    describe_toleration_operator: false,
    describe_service_ip_families: false,
    describe_service_endpoint_slices: false,
    describe_service_internal_traffic_policy: false,
    describe_node_lease: false,
    describe_event_source_host: true,
    describe_config_map_binary_data: false,
    record_flag_deprecated: false,
    apply_missing_annotation_warning: "Warning: kubectl apply should be used on resource created by either kubectl create --save-config or kubectl apply",
    run_creates_deployment: true,
    run_accepts_replicas: true,
    exec_without_dashdash_deprecated: false,
    defaulted_container_lists_all: false,
    logs_defaults_container: false,
    rollout_status_names_deployment: false,
    rollout_undo_says_rolled_back: false,
    rollout_status_daemonset_not_rolling: "Status is available only for RollingUpdate strategy type",
    describe_daemonset_namespace: false,
    describe_statefulset_zero_partition: false,
    rollout_status_statefulset_not_rolling: "OnDelete updateStrategy does not have a Status`",
    label_reports_missing_key: false,
    label_says_unlabeled: false,
    force_delete_warning_prefix: "warning:",
    drain_legacy_texts: true,
    wait_timeout_names_object: false,
    set_env_warns_renamed_keys: false,
    set_resources_patch_error: "failed to patch limit update to pod template",
    version_go_struct: true,
    version_git_commit: "637c7e288581ee40ab4ca210618a89a555b6e7e9",
    version_build_date: "2019-05-08T04:00:46Z",
    version_go: "go1.10.8",
    version_kustomize: "",
    cluster_info_control_plane: "Kubernetes master",
    cluster_info_dns: "KubeDNS",
    node_curl_7_47: true,
    proxy_status_metadata: "{\n    \n  }",
    exec_not_found: "OCI runtime exec failed: exec failed: container_linux.go:348: starting container process caused \"exec: \\\"{prog}\\\": executable file not found in $PATH\": unknown",
    nginx_entrypoint_logs: false,
    ingress_addon_output: "ingress was successfully enabled\n",
    top_node_percent_columns: ["CPU%", "MEMORY%"],
    top_says_no_resources: false,
    top_no_metrics_api:
        "Error from server (NotFound): the server could not find the requested resource (get services http:heapster:)",
};

/// kubectl 1.33 against a 1.33 server.
static CURRENT: Era = Era {
    profile: Profile::Current,
    kubectl_minor: 33,
    flag_error_prefix: "error",
    table_min_width: MODERN_MINWIDTH,
    deployment_desired_current_columns: false,
    statefulset_desired_current_columns: false,
    job_desired_successful_columns: false,
    cronjob_timezone_column: true,
    describe_job_spec_lines: true,
    all_jobs_before_cronjobs: false,
    pod_readiness_gates_column: true,
    hpa_targets_name_metric: true,
    volume_attributes_class_column: true,
    storage_class_policy_columns: true,
    ingress_class_column: true,
    describe_pvc_used_by: true,
    describe_ingress_v1: true,
    no_resources_names_namespace: true,
    api_resources_version_column: true,
    api_resources_wide_categories: true,
    pod_ip_lists: true,
    node_pod_cidrs: true,
    explain_legacy_template: false,
    describe_annotation_separator: ": ",
    describe_pod_priority_class_name: false,
    describe_pod_service_account: true,
    describe_template_scheduling: true,
    describe_all_old_replica_sets: true,
    describe_toleration_operator: true,
    describe_service_ip_families: true,
    describe_service_endpoint_slices: true,
    describe_service_internal_traffic_policy: true,
    describe_node_lease: true,
    describe_event_source_host: false,
    describe_config_map_binary_data: true,
    record_flag_deprecated: true,
    apply_missing_annotation_warning: "Warning: resource {resource} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.",
    run_creates_deployment: false,
    run_accepts_replicas: false,
    exec_without_dashdash_deprecated: true,
    defaulted_container_lists_all: true,
    logs_defaults_container: true,
    rollout_status_names_deployment: true,
    rollout_undo_says_rolled_back: true,
    rollout_status_daemonset_not_rolling: "rollout status is only available for RollingUpdate strategy type",
    describe_daemonset_namespace: true,
    describe_statefulset_zero_partition: true,
    rollout_status_statefulset_not_rolling: "rollout status is only available for RollingUpdate strategy type",
    label_reports_missing_key: true,
    label_says_unlabeled: true,
    force_delete_warning_prefix: "Warning:",
    drain_legacy_texts: false,
    wait_timeout_names_object: true,
    set_env_warns_renamed_keys: true,
    set_resources_patch_error: "failed to patch resources update to pod template",
    version_go_struct: false,
    version_git_commit: "",
    version_build_date: "",
    version_go: "",
    version_kustomize: "v5.6.0",
    cluster_info_control_plane: "Kubernetes control plane",
    cluster_info_dns: "CoreDNS",
    node_curl_7_47: false,
    proxy_status_metadata: "{}",
    exec_not_found: "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{prog}\": executable file not found in $PATH: unknown",
    nginx_entrypoint_logs: true,
    ingress_addon_output: "\u{1f4a1}  ingress is an addon maintained by Kubernetes. For any concerns contact minikube on GitHub.\nYou can view the list of minikube maintainers at: https://github.com/kubernetes/minikube/blob/master/OWNERS\n    \u{25aa} Using image registry.k8s.io/ingress-nginx/controller:v1.11.3\n    \u{25aa} Using image registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.4\n    \u{25aa} Using image registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.4\n\u{1f50e}  Verifying ingress addon...\n{wait}\u{1f31f}  The 'ingress' addon is enabled\n",
    top_node_percent_columns: ["CPU(%)", "MEMORY(%)"],
    top_says_no_resources: true,
    top_no_metrics_api: "error: Metrics API not available",
};

impl Era {
    /// What `kubectl get` prints on stderr when nothing matched (no newline). `namespace` is
    /// None with `--all-namespaces`.
    pub fn no_resources(&self, namespace: Option<&str>) -> String {
        match (self.no_resources_names_namespace, namespace) {
            (false, _) => "No resources found.".to_string(),
            (true, None) => "No resources found".to_string(),
            (true, Some(ns)) => format!("No resources found in {ns} namespace."),
        }
    }

    /// The apply warning for `resource` (`deployments.apps/web`), with its newline.
    pub fn apply_missing_annotation(&self, resource: &str) -> String {
        format!("{}\n", self.apply_missing_annotation_warning.replace("{resource}", resource))
    }

    /// The notice on stderr when exec picks a pod's first container (with its newline).
    pub fn defaulted_container(&self, pod: &str, namespace: &str, containers: &[&str]) -> String {
        let first = containers.first().copied().unwrap_or_default();
        if self.defaulted_container_lists_all {
            format!("Defaulted container \"{first}\" out of: {}\n", containers.join(", "))
        } else {
            format!(
                "Defaulting container name to {first}.\nUse 'kubectl describe pod/{pod} -n {namespace}' to see all of the containers in this pod.\n"
            )
        }
    }

    /// The start of `rollout status`'s progress lines for deployment `name`.
    pub fn rollout_waiting(&self, name: &str) -> String {
        if self.rollout_status_names_deployment {
            format!("Waiting for deployment \"{name}\" rollout to finish")
        } else {
            "Waiting for rollout to finish".to_string()
        }
    }

    /// The header of `kubectl api-resources`.
    pub fn api_resources_header(&self) -> [&'static str; 5] {
        let third = if self.api_resources_version_column { "APIVERSION" } else { "APIGROUP" };
        ["NAME", "SHORTNAMES", third, "NAMESPACED", "KIND"]
    }

    /// `kubectl cluster-info`'s text for an API server at `https://{ip}:6443`.
    pub fn cluster_info(&self, ip: &str) -> String {
        format!(
            "{} is running at https://{ip}:6443\n{} is running at https://{ip}:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.",
            self.cluster_info_control_plane, self.cluster_info_dns
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_parses_to_its_profile_and_the_name_round_trips() {
        for p in Profile::ALL {
            assert_eq!(p.name().parse::<Profile>(), Ok(p));
            assert_eq!(p.to_string(), p.name());
            assert_eq!(p.spellings()[0], p.name());
            for s in p.spellings() {
                assert_eq!(s.parse::<Profile>(), Ok(p), "{s}");
            }
        }
        assert_eq!("1.15".parse::<Profile>(), Ok(Profile::Course));
        assert_eq!("1.11".parse::<Profile>(), Ok(Profile::Course));
        assert_eq!("1.33".parse::<Profile>(), Ok(Profile::Current));
        assert_eq!(Profile::Course.name(), "course");
        assert_eq!(Profile::Current.name(), "current");
    }

    #[test]
    fn an_unknown_name_is_an_error_that_lists_the_accepted_ones() {
        for bad in ["", "Course", " course", "1.16", "1.1", "latest"] {
            let err = bad.parse::<Profile>().unwrap_err();
            assert_eq!(err, UnknownProfile(bad.to_string()));
        }
        assert_eq!(
            "1.16".parse::<Profile>().unwrap_err().to_string(),
            "unknown profile \"1.16\": expected course (also 1.15, 1.11) or current (also 1.33)"
        );
    }

    #[test]
    fn each_profile_has_its_own_era_and_cluster() {
        for p in Profile::ALL {
            assert_eq!(p.era().profile, p);
        }
        assert_eq!(Profile::Course.cluster_config(1).version.minor, 11);
        assert_eq!(Profile::Current.cluster_config(1).version.minor, 33);
        assert_eq!(Profile::Course.era().table_min_width, 10);
        assert_eq!(Profile::Current.era().table_min_width, 6);
    }

    #[test]
    fn era_messages() {
        let (course, current) = (Profile::Course.era(), Profile::Current.era());
        assert_eq!(course.no_resources(Some("lab")), "No resources found.");
        assert_eq!(current.no_resources(Some("lab")), "No resources found in lab namespace.");
        assert_eq!(current.no_resources(None), "No resources found");
        assert!(current.apply_missing_annotation("deployments.apps/web").starts_with(
            "Warning: resource deployments.apps/web is missing the kubectl.kubernetes.io/last-applied-configuration"
        ));
        assert!(!course.apply_missing_annotation("deployments.apps/web").contains("deployments.apps/web"));
        assert_eq!(current.defaulted_container("p", "lab", &["a", "b"]), "Defaulted container \"a\" out of: a, b\n");
        assert!(course.defaulted_container("p", "lab", &["a", "b"]).starts_with("Defaulting container name to a.\n"));
        assert_eq!(course.api_resources_header()[2], "APIGROUP");
        assert_eq!(current.api_resources_header()[2], "APIVERSION");
    }
}
