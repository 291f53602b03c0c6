//! The in-cluster sync agent, Argo CD-like (issue 13): its application controller compares each
//! `Application`'s manifests in Git with the live objects, reports sync status and health, and
//! syncs (applies) when asked or, with `syncPolicy.automated`, by itself.
//!
//! # When it acts
//! Only while its controller pod (`argocd-application-controller-0` of the StatefulSet that
//! `install` creates) is Ready, as the real agent runs there: a cluster without the agent, or
//! with its pod down, keeps its objects as they are. It reads Git ([`Forge::checkout`]) on a
//! *refresh*: when an Application appears or its source changes, every
//! [`RECONCILIATION`] plus up to [`JITTER`] (drawn per refresh from its own stream, the last of
//! `rng::Streams`; `timeout.reconciliation` and `timeout.reconciliation.jitter` in `argocd-cm`),
//! and at once on a webhook delivery ([`Forge::deliveries_since`]) for the app's repository and
//! branch. Between refreshes it compares the Git state it read last with the live objects on
//! every pass, as Argo CD's watch of the live objects does, so a `kubectl scale` shows
//! `OutOfSync` at once.
//!
//! # Status and sync
//! Sync status per resource and for the app (`Synced`, `OutOfSync`, `Unknown` with a
//! `ComparisonError` condition when Git cannot be read or a manifest not decoded); health by
//! `health`'s rules, a resource in Git but not live `Missing`, the app's the worst of its
//! resources'. A sync applies every manifest in gitops-engine's kind order (`compare`: written
//! over the live object, not kubectl's three-way merge), labels each object with
//! `app.kubernetes.io/instance: <app>` (Argo CD's default tracking), deletes the tracked objects
//! that left Git only when pruning (else they stay, `OutOfSync` with `requiresPruning`),
//! records `operationState` and a history entry (at most `revisionHistoryLimit`, 10), and
//! events as Argo CD words them. Automated sync runs once per new Git revision; `selfHeal`
//! syncs again [`SELF_HEAL_DELAY`] after drift from an already synced revision is seen.
//!
//! # Simplified
//! One source per app, a plain directory of YAML/JSON manifests (no Helm, Kustomize, plugins,
//! hooks, sync waves, ignoreDifferences); projects are not checked (`default` only); one
//! destination, the cluster itself; a sync finishes in the instant it starts; no retries of a
//! failed automated sync (Argo CD does not retry either unless `retry` is set). Decoding YAML is
//! the console's (`ManifestDecoder`, handed over with `Cluster::set_manifest_decoder`): without
//! one the app is `Unknown` with a condition saying so.

pub mod compare;
pub mod health;
pub mod install;

use crate::api::application::{
    AppCondition, AppSource, Application, HealthStatus, OperationState, ResourceStatus, RevisionHistory, SyncResult,
    INSTANCE_LABEL,
};
use crate::api::*;
use crate::cluster::{Api, DeleteOptions};
use crate::git::Forge;
use crate::rng::SimRng;
use crate::time::{SimDuration, SimTime};
use health::Health;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// `timeout.reconciliation`.
pub const RECONCILIATION: SimDuration = SimDuration::from_secs(120);
/// `timeout.reconciliation.jitter`: up to this much is added to each period.
pub const JITTER_SECS: u64 = 60;
/// `--self-heal-timeout-seconds`.
pub const SELF_HEAL_DELAY: SimDuration = SimDuration::from_secs(5);
/// The component its events name.
const COMPONENT: &str = "argocd-application-controller";

/// YAML or JSON text (a file of the app's path) to manifests, one JSON value per document,
/// checked as the API server would decode them; the error is what `kubectl apply` would say.
pub type ManifestDecoder = fn(text: &str, source: &str) -> Result<Vec<Value>, String>;

/// The agent's memory. Unused (and not serialised) until the agent is installed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct ArgoState {
    /// The namespace it was installed into; `None`: not installed (the CRDs are not there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) namespace: Option<String>,
    /// Its random stream (`rng::Streams::argocd`), taken at install.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) rng: Option<SimRng>,
    /// The last webhook delivery handled.
    #[serde(default)]
    delivery_seq: u64,
    /// The Git host's webhook to argocd-server is not configured: pushes are seen by polling.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) webhooks_off: bool,
    #[serde(default)]
    apps: BTreeMap<String, AppMemory>,
    /// Operations asked for through the API (`argocd app sync`, `rollback`), by app name.
    #[serde(default)]
    pub(crate) pending: BTreeMap<String, Operation>,
    #[serde(skip)]
    pub(crate) decoder: Option<ManifestDecoder>,
}

impl ArgoState {
    pub(crate) fn is_unused(&self) -> bool {
        self.namespace.is_none()
    }
}

/// A sync asked for: to the app's target (`revision` None) or to a revision of its history.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    pub prune: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    /// `initiated rollback to N`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollback_id: Option<i64>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct AppMemory {
    uid: String,
    /// The source the last refresh read.
    source: AppSource,
    next_refresh: SimTime,
    reconciled_at: SimTime,
    /// What the last refresh read from Git: the commit and its manifests, or why not.
    sha: String,
    manifests: Vec<Value>,
    error: Option<String>,
    /// The last revision automated sync tried (once per revision).
    auto_synced: String,
    /// When self-heal syncs (drift from a synced revision seen, then 5 s).
    heal_at: Option<SimTime>,
}

/// One resource as compared.
struct Compared {
    key: ObjectKey,
    group: String,
    version: String,
    /// The manifest with its namespace and tracking label (None: only live, to prune).
    raw: Option<Value>,
    synced: bool,
    health: Option<(Health, String)>,
}

/// Asks for a refresh of app `name` at `now` (`argocd app get --refresh`); false if the agent
/// has not seen the app yet (it refreshes a new app at once anyway).
pub(crate) fn request_refresh(state: &mut ArgoState, name: &str, now: SimTime) -> bool {
    match state.apps.get_mut(name) {
        Some(m) => {
            m.next_refresh = m.next_refresh.min(now);
            true
        }
        None => false,
    }
}

/// Whether the agent's pod is Ready in `ns`.
pub(crate) fn agent_ready(store: &crate::cluster::Store, ns: &str) -> bool {
    store
        .get(Kind::Pod, ns, &format!("{}-0", install::CONTROLLER))
        .and_then(Object::as_pod)
        .is_some_and(|p| p.is_ready() && !p.metadata.is_deleting())
}

pub(crate) fn reconcile(api: &mut Api<'_, ArgoState>, forge: &Forge) {
    let Some(ns) = api.own.namespace.clone() else { return };
    if !agent_ready(api, &ns) {
        return;
    }
    // Webhooks: a push to an app's repository and branch asks for a refresh.
    let deliveries: Vec<(u64, String, String)> =
        forge.deliveries_since(api.own.delivery_seq).map(|d| (d.seq, d.url.clone(), d.git_ref.clone())).collect();
    let apps: Vec<Application> =
        api.list(Kind::Application, Some(&ns)).into_iter().filter_map(Application::from_object).collect();
    let now = api.now();
    for (seq, url, git_ref) in deliveries {
        api.own.delivery_seq = api.own.delivery_seq.max(seq);
        if api.own.webhooks_off {
            continue;
        }
        for app in &apps {
            let src = &app.spec.source;
            let branch = match src.revision() {
                "HEAD" => "main",
                other => other,
            };
            if src.repo_url == url && git_ref == format!("refs/heads/{branch}") {
                if let Some(m) = api.own.apps.get_mut(&app.metadata.name) {
                    m.next_refresh = now;
                }
            }
        }
    }
    api.own.apps.retain(|name, _| apps.iter().any(|a| &a.metadata.name == name));
    api.own.pending.retain(|name, _| apps.iter().any(|a| &a.metadata.name == name));
    for app in apps {
        reconcile_app(api, forge, app);
    }
}

#[inline(never)] // out of `Cluster::settle`, so the web split can leave it out of the first download
fn reconcile_app(api: &mut Api<'_, ArgoState>, forge: &Forge, mut app: Application) {
    let now = api.now();
    let name = app.metadata.name.clone();
    let mut mem = api.own.apps.remove(&name).unwrap_or_default();
    if mem.uid != app.metadata.uid || mem.source != app.spec.source {
        mem = AppMemory { uid: app.metadata.uid.clone(), source: app.spec.source.clone(), next_refresh: now, ..mem };
        mem.auto_synced.clear();
    }
    let before = app.clone();
    if let Err(e) = crate::api::application::validate(&app) {
        set_condition(&mut app, "InvalidSpecError", &e, now, api);
        app.status.sync.status = "Unknown".into();
        app.status.health.status = "Unknown".into();
        finish(api, before, app, mem);
        return;
    }
    if now >= mem.next_refresh {
        refresh(api, forge, &app, &mut mem);
    }
    api.wake_at(mem.next_refresh);
    let mut compared = compare(api, &app, &mem);
    // An operation asked for through the API.
    if let Some(op) = api.own.pending.remove(&name) {
        run_sync(api, forge, &mut app, &mem, &compared, &op, None);
        compared = compare(api, &app, &mem);
    }
    // Automated sync: once per revision; self-heal after drift from a synced revision.
    let out_of_sync: Vec<&Compared> = compared.iter().filter(|c| !c.synced).collect();
    let needs_apply = out_of_sync.iter().any(|c| c.raw.is_some());
    let needs_prune = out_of_sync.iter().any(|c| c.raw.is_none());
    if app.automated().is_some() && mem.error.is_none() && !mem.sha.is_empty() {
        let worth = needs_apply || (needs_prune && app.prune());
        if !worth {
            mem.heal_at = None;
        } else if mem.auto_synced != mem.sha {
            mem.auto_synced = mem.sha.clone();
            mem.heal_at = None;
            let op = Operation { prune: app.prune(), ..Default::default() };
            let msg = format!("Initiated automated sync to '{}'", mem.sha);
            run_sync(api, forge, &mut app, &mem, &compared, &op, Some(msg));
            compared = compare(api, &app, &mem);
        } else if app.self_heal() {
            match mem.heal_at {
                None => {
                    let at = now + SELF_HEAL_DELAY;
                    mem.heal_at = Some(at);
                    api.wake_at(at);
                }
                Some(at) if now >= at => {
                    mem.heal_at = None;
                    let op = Operation { prune: app.prune(), ..Default::default() };
                    let msg = format!("Initiated automated sync to '{}'", mem.sha);
                    run_sync(api, forge, &mut app, &mem, &compared, &op, Some(msg));
                    compared = compare(api, &app, &mem);
                }
                Some(at) => api.wake_at(at),
            }
        }
    } else {
        mem.heal_at = None;
    }
    write_status(api, &mut app, &mem, &compared);
    finish(api, before, app, mem);
}

/// Stores the app if it changed (with Argo CD's events for status changes) and keeps `mem`.
fn finish(api: &mut Api<'_, ArgoState>, before: Application, app: Application, mem: AppMemory) {
    let name = app.metadata.name.clone();
    if before.status.sync.status != app.status.sync.status {
        let msg = format!("Updated sync status: {} -> {}", before.status.sync.status, app.status.sync.status);
        event(api, &app, "ResourceUpdated", msg);
    }
    if before.status.health.status != app.status.health.status {
        let msg = format!("Updated health status: {} -> {}", before.status.health.status, app.status.health.status);
        event(api, &app, "ResourceUpdated", msg);
    }
    if before != app {
        // Events may have been recorded on `before`'s object: write the app as it is now.
        api.put(app.into_object());
    }
    api.own.apps.insert(name, mem);
}

fn event(api: &mut Api<'_, ArgoState>, app: &Application, reason: &'static str, message: String) {
    let obj = app.clone().into_object();
    api.record_event(&obj, "Normal", reason, message, COMPONENT);
}

fn rfc3339(api: &Api<'_, ArgoState>, t: SimTime) -> String {
    crate::controllers::autoscaler::status::rfc3339(api.unix_secs(t))
}

fn set_condition(app: &mut Application, type_: &str, message: &str, now: SimTime, api: &Api<'_, ArgoState>) {
    if let Some(c) = app.status.conditions.iter_mut().find(|c| c.type_ == type_) {
        if c.message == message {
            return;
        }
        c.message = message.to_string();
        c.last_transition_time = rfc3339(api, now);
        return;
    }
    app.status.conditions.push(AppCondition {
        type_: type_.to_string(),
        message: message.to_string(),
        last_transition_time: rfc3339(api, now),
    });
}

/// Reads the app's source from Git: its revision and manifests, or why not.
fn refresh(api: &mut Api<'_, ArgoState>, forge: &Forge, app: &Application, mem: &mut AppMemory) {
    let now = api.now();
    let jitter = api.own.rng.as_mut().map(|r| r.below(JITTER_SECS + 1)).unwrap_or(0);
    mem.next_refresh = now + RECONCILIATION + SimDuration::from_secs(jitter);
    mem.reconciled_at = now;
    mem.source = app.spec.source.clone();
    match read_source(forge, api.own.decoder, &app.spec.source, app.spec.source.revision()) {
        Ok((sha, manifests)) => {
            mem.sha = sha;
            mem.manifests = manifests;
            mem.error = None;
        }
        Err(e) => {
            mem.error = Some(e);
            mem.manifests.clear();
        }
    }
}

/// The commit `revision` names and the manifests under the source's path at it.
fn read_source(
    forge: &Forge,
    decoder: Option<ManifestDecoder>,
    src: &AppSource,
    revision: &str,
) -> Result<(String, Vec<Value>), String> {
    let wrap = |e: String| {
        format!("Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: code = Unknown desc = {e}")
    };
    let checkout = forge.checkout(&src.repo_url, revision, &src.path).map_err(|e| wrap(e.to_string()))?;
    let Some(decode) = decoder else {
        return Err(wrap("no manifest decoder: this cluster cannot read YAML".to_string()));
    };
    let mut manifests = Vec::new();
    for (path, text) in &checkout.files {
        let lower = path.to_ascii_lowercase();
        if !(lower.ends_with(".yaml") || lower.ends_with(".yml") || lower.ends_with(".json")) {
            continue;
        }
        manifests.extend(decode(text, path).map_err(wrap)?);
    }
    Ok((checkout.sha, manifests))
}

/// The desired objects with the namespace and tracking label the agent gives them.
fn desired(app: &Application, manifests: &[Value]) -> Vec<(ObjectKey, String, String, Value)> {
    let mut out = Vec::new();
    for raw in manifests {
        let Some(kind) = raw.get("kind").and_then(Value::as_str).and_then(Kind::from_name) else { continue };
        let mut raw = raw.clone();
        let name = raw.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_string();
        let mut ns = raw.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("").to_string();
        if kind.namespaced() && ns.is_empty() {
            ns = if app.spec.destination.namespace.is_empty() {
                "default".into()
            } else {
                app.spec.destination.namespace.clone()
            };
            if let Some(m) = raw.get_mut("metadata").and_then(Value::as_object_mut) {
                m.insert("namespace".into(), Value::String(ns.clone()));
            }
        }
        compare::set_meta_map(&mut raw, "labels", INSTANCE_LABEL, &app.metadata.name);
        let api_version = raw.get("apiVersion").and_then(Value::as_str).unwrap_or("v1");
        let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
        out.push((ObjectKey::new(kind, &ns, &name), group.to_string(), version.to_string(), raw));
    }
    out
}

/// Kinds Argo CD never tracks (`resource.exclusions`' defaults: Endpoints and EndpointSlices
/// copy their Service's labels), and Applications themselves.
pub fn excluded(kind: Kind) -> bool {
    matches!(kind, Kind::Endpoints | Kind::EndpointSlice | Kind::Application)
}

/// The live objects the app tracks (its instance label, no owner, not excluded).
fn tracked<'a>(store: &'a crate::cluster::Store, app: &Application) -> Vec<&'a Object> {
    store
        .objects()
        .filter(|o| o.meta().labels.get(INSTANCE_LABEL) == Some(&app.metadata.name))
        .filter(|o| o.meta().owner_references.is_empty() && !o.meta().is_deleting())
        .filter(|o| !excluded(o.kind()))
        .collect()
}

/// The app's resources as the agent last read them from Git, with the tracked live objects
/// that are not in Git (manifest `None`): (key, API group, manifest with namespace and label).
pub(crate) fn target(
    state: &ArgoState,
    store: &crate::cluster::Store,
    app: &Application,
) -> Option<Vec<(ObjectKey, String, Option<Value>)>> {
    let mem = state.apps.get(&app.metadata.name)?;
    if mem.error.is_some() {
        return None;
    }
    let mut out: Vec<(ObjectKey, String, Option<Value>)> =
        desired(app, &mem.manifests).into_iter().map(|(k, g, _, raw)| (k, g, Some(raw))).collect();
    for obj in tracked(store, app) {
        let key = obj.key();
        if out.iter().any(|o| o.0 == key) {
            continue;
        }
        let group = obj.api_version().rsplit_once('/').map(|(g, _)| g.to_string()).unwrap_or_default();
        out.push((key, group, None));
    }
    Some(out)
}

/// Git (as last read) against live.
fn compare(api: &Api<'_, ArgoState>, app: &Application, mem: &AppMemory) -> Vec<Compared> {
    let mut out = Vec::new();
    if mem.error.is_some() {
        return out;
    }
    for (key, group, version, raw) in desired(app, &mem.manifests) {
        let live = api.get_by_key(&key).filter(|o| !o.meta().is_deleting());
        let (synced, health) = match live {
            Some(obj) => (compare::subset(&compare::desired_fields(&raw), &obj.to_json()), health::of(obj)),
            None => (false, Some((Health::Missing, String::new()))),
        };
        out.push(Compared { key, group, version, raw: Some(raw), synced, health });
    }
    // Tracked objects no longer in Git.
    for obj in tracked(api, app) {
        let key = obj.key();
        if out.iter().any(|c| c.key == key) {
            continue;
        }
        let api_version = obj.api_version();
        let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
        out.push(Compared {
            key,
            group: group.to_string(),
            version: version.to_string(),
            raw: None,
            synced: false,
            health: health::of(obj),
        });
    }
    out
}

fn write_status(api: &mut Api<'_, ArgoState>, app: &mut Application, mem: &AppMemory, compared: &[Compared]) {
    let now = api.now();
    app.status.reconciled_at = rfc3339(api, mem.reconciled_at);
    app.status.source_type = "Directory".into();
    if let Some(e) = &mem.error {
        set_condition(app, "ComparisonError", e, now, api);
        app.status.sync.status = "Unknown".into();
        app.status.sync.revision = String::new();
        app.status.resources.clear();
        if app.status.health.status.is_empty() {
            app.status.health.status = "Healthy".into();
        }
        return;
    }
    app.status.conditions.retain(|c| c.type_ != "ComparisonError" && c.type_ != "InvalidSpecError");
    app.status.resources = compared
        .iter()
        .map(|c| ResourceStatus {
            group: c.group.clone(),
            version: c.version.clone(),
            kind: c.key.kind.name().to_string(),
            namespace: c.key.namespace.clone(),
            name: c.key.name.clone(),
            status: if c.synced { "Synced" } else { "OutOfSync" }.to_string(),
            health: c.health.as_ref().map(|(h, m)| HealthStatus { status: h.as_str().to_string(), message: m.clone() }),
            requires_pruning: c.raw.is_none(),
        })
        .collect();
    let synced = compared.iter().all(|c| c.synced);
    app.status.sync.status = if synced { "Synced" } else { "OutOfSync" }.to_string();
    app.status.sync.revision = mem.sha.clone();
    let worst =
        health::worst(compared.iter().filter(|c| c.raw.is_some()).filter_map(|c| c.health.as_ref().map(|h| h.0)));
    app.status.health.status = worst.as_str().to_string();
}

/// A sync operation: applies the manifests (of the app's target, or of `op.revision`), prunes
/// when asked, records the operation and the history entry.
fn run_sync(
    api: &mut Api<'_, ArgoState>,
    forge: &Forge,
    app: &mut Application,
    mem: &AppMemory,
    compared: &[Compared],
    op: &Operation,
    automated: Option<String>,
) {
    let now = api.now();
    let (sha, manifests) = match &op.revision {
        Some(rev) => match read_source(forge, api.own.decoder, &app.spec.source, rev) {
            Ok(x) => x,
            Err(e) => {
                fail(api, app, &mem.sha, e, automated.is_some());
                return;
            }
        },
        None => {
            if let Some(e) = &mem.error {
                fail(api, app, &mem.sha, e.clone(), automated.is_some());
                return;
            }
            (mem.sha.clone(), mem.manifests.clone())
        }
    };
    let started = match (&automated, op.rollback_id) {
        (Some(msg), _) => msg.clone(),
        (None, Some(id)) => format!("initiated rollback to {id}"),
        (None, None) => format!("admin initiated sync to {} ({sha})", app.spec.source.revision()),
    };
    event(api, app, "OperationStarted", started);
    let mut desired = desired(app, &manifests);
    crate::sort::by_key(&mut desired, |d| compare::kind_rank(d.0.kind));
    let mut results = Vec::new();
    let mut failed: Option<String> = None;
    for (key, group, version, raw) in &desired {
        let shown = if group.is_empty() {
            format!("{}/{}", key.kind.name().to_lowercase(), key.name)
        } else {
            format!("{}.{group}/{}", key.kind.name().to_lowercase(), key.name)
        };
        let live = api.get_by_key(key).filter(|o| !o.meta().is_deleting()).cloned();
        let outcome = match live {
            Some(obj) if compare::subset(&compare::desired_fields(raw), &obj.to_json()) => {
                Ok(format!("{shown} unchanged"))
            }
            Some(obj) => {
                let mut merged = obj.to_json();
                compare::merge(&mut merged, raw);
                match compare::object_from_json(key.kind, merged) {
                    Some(o) => api.update_internal(o).map(|_| format!("{shown} configured")).map_err(|e| e.to_string()),
                    None => Err(format!("{shown}: the manifest does not decode")),
                }
            }
            None => match compare::object_from_json(key.kind, raw.clone()) {
                Some(o) => api.create_internal(o).map(|_| format!("{shown} created")).map_err(|e| e.to_string()),
                None => Err(format!("{shown}: the manifest does not decode")),
            },
        };
        let (status, message) = match outcome {
            Ok(m) => ("Synced", m),
            Err(e) => {
                failed.get_or_insert_with(|| e.clone());
                ("SyncFailed", e)
            }
        };
        results.push(json!({"group": group, "version": version, "kind": key.kind.name(), "namespace": key.namespace,
            "name": key.name, "status": status, "message": message, "hookPhase": "Running", "syncPhase": "Sync"}));
    }
    // Tracked objects that left Git.
    let in_git: Vec<&ObjectKey> = desired.iter().map(|d| &d.0).collect();
    for c in compared.iter().filter(|c| c.raw.is_none() && !in_git.contains(&&c.key)) {
        let (status, message) = if op.prune {
            match api.delete_internal(&c.key, DeleteOptions::default()) {
                Ok(_) => ("Pruned", "pruned".to_string()),
                Err(e) => ("SyncFailed", e.to_string()),
            }
        } else {
            ("PruneSkipped", "ignored (requires pruning)".to_string())
        };
        results.push(
            json!({"group": c.group, "version": c.version, "kind": c.key.kind.name(), "namespace": c.key.namespace,
            "name": c.key.name, "status": status, "message": message, "hookPhase": "Running", "syncPhase": "Sync"}),
        );
    }
    let phase = if failed.is_some() { "Failed" } else { "Succeeded" };
    let message = match &failed {
        Some(e) => format!("one or more objects failed to apply, reason: {e}"),
        None => "successfully synced (all tasks run)".to_string(),
    };
    let at = rfc3339(api, now);
    let mut source = app.spec.source.clone();
    source.extra.clear();
    let initiated = match automated {
        Some(_) => json!({"automated": true}),
        None => json!({"username": "admin"}),
    };
    let mut sync_op = json!({"revision": sha, "syncStrategy": {"hook": {}}});
    if op.prune {
        sync_op["prune"] = json!(true);
    }
    app.status.operation_state = Some(OperationState {
        operation: json!({"initiatedBy": initiated, "retry": {}, "sync": sync_op}),
        phase: phase.to_string(),
        message,
        sync_result: Some(SyncResult { revision: sha.clone(), source: source.clone(), resources: results }),
        started_at: at.clone(),
        finished_at: at.clone(),
    });
    if failed.is_none() {
        let id = app.status.history.last().map(|h| h.id + 1).unwrap_or(0);
        app.status.history.push(RevisionHistory {
            id,
            revision: sha.clone(),
            deployed_at: at.clone(),
            deploy_started_at: at,
            source,
        });
        let limit = app.history_limit().max(1);
        let extra = app.status.history.len().saturating_sub(limit);
        app.status.history.drain(..extra);
    }
    let lower = phase.to_lowercase();
    let reason = "OperationCompleted";
    event(api, app, reason, format!("Sync operation to {sha} {lower}"));
}

fn fail(api: &mut Api<'_, ArgoState>, app: &mut Application, sha: &str, message: String, automated: bool) {
    let at = rfc3339(api, api.now());
    let initiated = if automated { json!({"automated": true}) } else { json!({"username": "admin"}) };
    app.status.operation_state = Some(OperationState {
        operation: json!({"initiatedBy": initiated, "retry": {}, "sync": {"revision": sha}}),
        phase: "Error".to_string(),
        message,
        sync_result: None,
        started_at: at.clone(),
        finished_at: at,
    });
    event(api, app, "OperationCompleted", format!("Sync operation to {sha} error"));
}
