//! Goal conditions: a small composable language, read from exercise files with serde and
//! evaluated against the cluster and the console history.
//!
//! A condition is a one-key map: a combinator (`all`, `any`, `not`, `was`) or a predicate
//! (`deployment`, `replica_set`, `hpa`, `pods`, `exists`, `absent`, `objects`, `event`, `traffic`,
//! `ran`, `failed`, and GitOps' `application`, `git`, `pull_request` in `condition/gitops.rs`). Evaluating one ([`Condition::evaluate`]) is a pure function of a [`Context`] (the
//! cluster, the history, and the memory the lab engine keeps per goal) and returns an
//! [`Evaluation`]: met or not, plus one short sentence about the state that the UI can show
//! ("deployment header-deployment has 2 of 3 available (wanted 3)").
//!
//! Objects that are being deleted (a pod still `Terminating`) count as gone everywhere.
//!
//! # Memory: `was`
//! `was: C` holds if `C` holds now or held at an earlier moment the lab engine looked. The
//! engine looks after setup, after every console input and after every simulated second the
//! session's clock is stepped (see `Progress::update`): at each look, for every goal not yet
//! met, each `was` node whose inner condition holds is remembered ([`Memory`]: its position in
//! the goal's condition tree, with the explanation of that moment). So "the image is back to X
//! after having been Y" is `all: [{was: <image is Y>}, <image is X>]`.
//!
//! The full reference, with examples, is `exercises/README.md`.

use crate::pattern::{glob_matches, CommandPattern};
use crate::progress::{GoalRecord, HistoryEntry};
use kubelab_sim::api::{Deployment, Object, PodSpec, Selector};
use kubelab_sim::{Cluster, Kind};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A goal condition. In YAML, one key naming the variant (snake_case) with its argument:
/// `{all: [...]}`, `{deployment: {name: web, replicas: 3}}`, `{ran: kubectl get pods}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// Every condition holds (an empty list holds).
    All(Vec<Condition>),
    /// At least one condition holds (an empty list does not).
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
    /// The condition holds now or held at an earlier look (see the module documentation).
    Was(Box<Condition>),
    /// A deployment exists, with optional checks on its spec and status.
    Deployment(DeploymentCheck),
    /// Some ReplicaSet matching the filters has the given counts.
    ReplicaSet(ReplicaSetCheck),
    /// A HorizontalPodAutoscaler (by name or by target) exists, with optional checks.
    Hpa(HpaCheck),
    /// Pods matching a label selector: how many are running and ready, how many exist.
    Pods(PodsCheck),
    /// An object of a kind exists (and is not being deleted).
    Exists(ObjectRef),
    /// An object of a kind does not exist (or is being deleted).
    Absent(ObjectRef),
    /// How many objects of a kind exist in a namespace.
    Objects(ObjectsCheck),
    /// An event with this reason / message / object was recorded.
    Event(EventCheck),
    /// The last simulated second's requests: rate, errors, share of an image, pods answering.
    Traffic(TrafficCheck),
    /// A console line matching the pattern ran successfully (exit code 0).
    Ran(CommandCheck),
    /// A console line matching the pattern ran and failed (exit code not 0).
    Failed(CommandCheck),
    /// A question answered by picking an option (`choose GOAL OPTION`).
    Choice(ChoiceCheck),
    /// An Argo CD Application's sync status, health, revision and history.
    Application(ApplicationCheck),
    /// A branch of a repository on the Git host: a file's text, its history.
    Git(GitCheck),
    /// Some pull request of a repository on the Git host.
    PullRequest(PullRequestCheck),
}

/// The keys a condition may have, as the YAML spells them.
pub const CONDITION_KEYS: &[&str] = &[
    "all",
    "any",
    "not",
    "was",
    "deployment",
    "replica_set",
    "hpa",
    "pods",
    "exists",
    "absent",
    "objects",
    "event",
    "traffic",
    "ran",
    "failed",
    "choice",
    "application",
    "git",
    "pull_request",
];

// Written by hand rather than derived: serde_norway reads externally tagged enums only from YAML
// tags (`!all`), and course authors should write plain one-key maps (`all: [...]`).
impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Condition, D::Error> {
        struct ConditionVisitor;
        impl<'de> Visitor<'de> for ConditionVisitor {
            type Value = Condition;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a condition: a map with one key such as `all`, `deployment` or `ran`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Condition, A::Error> {
                let Some(key) = map.next_key::<String>()? else {
                    return Err(de::Error::custom(
                        "empty condition: expected one key such as `all`, `deployment` or `ran`",
                    ));
                };
                let condition = match key.as_str() {
                    "all" => Condition::All(map.next_value()?),
                    "any" => Condition::Any(map.next_value()?),
                    "not" => Condition::Not(map.next_value()?),
                    "was" => Condition::Was(map.next_value()?),
                    "deployment" => Condition::Deployment(map.next_value()?),
                    "replica_set" => Condition::ReplicaSet(map.next_value()?),
                    "hpa" => Condition::Hpa(map.next_value()?),
                    "pods" => Condition::Pods(map.next_value()?),
                    "exists" => Condition::Exists(map.next_value()?),
                    "absent" => Condition::Absent(map.next_value()?),
                    "objects" => Condition::Objects(map.next_value()?),
                    "event" => Condition::Event(map.next_value()?),
                    "traffic" => Condition::Traffic(map.next_value()?),
                    "ran" => Condition::Ran(map.next_value()?),
                    "failed" => Condition::Failed(map.next_value()?),
                    "choice" => Condition::Choice(map.next_value()?),
                    "application" => Condition::Application(map.next_value()?),
                    "git" => Condition::Git(map.next_value()?),
                    "pull_request" => Condition::PullRequest(map.next_value()?),
                    other => return Err(de::Error::unknown_variant(other, CONDITION_KEYS)),
                };
                if let Some(extra) = map.next_key::<String>()? {
                    return Err(de::Error::custom(format!(
                        "a condition has exactly one key, found `{key}` and `{extra}` (combine conditions with `all:`)"
                    )));
                }
                Ok(condition)
            }
        }
        d.deserialize_map(ConditionVisitor)
    }
}

fn default_namespace() -> String {
    "default".to_string()
}

/// `deployment:` — the deployment `name` exists; every optional field given must hold too.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploymentCheck {
    pub name: String,
    #[serde(default = "default_namespace")]
    pub namespace: String,
    /// `spec.replicas`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<Count>,
    /// `status.readyReplicas`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<Count>,
    /// `status.availableReplicas`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<Count>,
    /// `status.updatedReplicas`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Count>,
    /// The pod template's image: of `container` if given, else of any container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    /// The `deployment.kubernetes.io/revision` annotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<Count>,
    /// How many ReplicaSets the deployment owns (old ones scaled to 0 included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replica_sets: Option<Count>,
    /// `true`: the rollout is finished (the controller saw the latest spec, and all replicas are
    /// updated and available, with no old ones left); `false`: it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complete: Option<bool>,
}

/// `replica_set:` — some ReplicaSet that matches every filter given (`name`, `name_prefix`,
/// `owner`, `image`) has every count given.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicaSetCheck {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_prefix: Option<String>,
    /// The name of the Deployment that controls it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The pod template's image: of `container` if given, else of any container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    #[serde(default = "default_namespace")]
    pub namespace: String,
    /// `spec.replicas`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<Count>,
    /// `status.readyReplicas`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<Count>,
    /// `status.availableReplicas`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<Count>,
}

/// `hpa:` — a HorizontalPodAutoscaler named `name` and/or targeting `target` exists.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HpaCheck {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The name in `spec.scaleTargetRef`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default = "default_namespace")]
    pub namespace: String,
    /// `spec.minReplicas` (1 when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Count>,
    /// `spec.maxReplicas`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Count>,
    /// `status.currentReplicas`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<Count>,
}

/// `pods:` — the pods in `namespace` matching `selector` (and running `image`, if given).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PodsCheck {
    /// A label selector as `kubectl get -l` takes it (`app=web,tier!=db`); empty: all pods.
    pub selector: String,
    #[serde(default = "default_namespace")]
    pub namespace: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Pods in phase Running whose Ready condition is True.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<Count>,
    /// All matching pods, whatever their phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<Count>,
}

/// `exists:` / `absent:` — one object by kind and name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectRef {
    /// A kind or resource name as kubectl accepts it: `Service`, `svc`, `deployments`, ...
    pub kind: String,
    pub name: String,
    /// Ignored for cluster-scoped kinds (nodes, namespaces).
    #[serde(default = "default_namespace")]
    pub namespace: String,
}

/// `objects:` — how many objects of a kind exist in a namespace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectsCheck {
    pub kind: String,
    #[serde(default = "default_namespace")]
    pub namespace: String,
    pub count: Count,
    /// Only objects whose labels match this selector count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<String>,
    /// Names that do not count (e.g. `kubernetes` for Services).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except: Vec<String>,
}

/// `event:` — some event matches every field given (at least `reason` or `message`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventCheck {
    /// Exact, e.g. `ScalingReplicaSet`, `SuccessfulRescale`, `Killing`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// A glob (`*`, `?`) over the whole message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// A glob over the involved object's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// The involved object's kind (any spelling kubectl accepts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default = "default_namespace")]
    pub namespace: String,
}

/// `traffic:` — the requests of the last simulated second (the traffic sample taken at the
/// cluster's current time; none yet: unmet). At least one of `min_rate`, `share` (with `image`),
/// `max_errors`, `pods` must be given.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrafficCheck {
    /// Only requests through this Service (in `namespace`) count for `min_rate` and `max_errors`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    #[serde(default = "default_namespace")]
    pub namespace: String,
    /// At least this many requests answered without an error in that second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_rate: Option<u64>,
    /// With `share`: a glob (`*`, `?`) over the image that answered (`*:blue`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// With `image`: at least this percentage (0-100) of all the second's requests (every
    /// client's; unanswered ones included) was answered by a pod running a matching image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<u64>,
    /// At most this many requests failed in that second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_errors: Option<u64>,
    /// How many distinct pods in `namespace` answered at least one request in that second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pods: Option<Count>,
    /// A window: the last N simulated seconds (`condition/window.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over: Option<u64>,
    /// A window: every second after this goal (an id) was met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// With a window: only requests answered by an image matching this glob count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// With a window: how many requests failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Count>,
    /// With a window: at most this percentage of the requests failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_error_rate: Option<f64>,
    /// With a window: at least this many requests were sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_requests: Option<u64>,
    /// With a window and `service`: in every second, at least this many ready pods behind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_ready: Option<u64>,
    /// With a window and `service`: in every second, at most this many pods behind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pods: Option<u64>,
}

/// `ran:` / `failed:` — a console line matched a command pattern. In YAML either just the
/// pattern (`ran: kubectl get hpa`) or a map with `command` and optional `since` / `after`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CommandCheck {
    pub command: CommandPattern,
    /// Which part of the history counts: `step` (default: lines run since the goal's step became
    /// current) or `session` (every line).
    pub since: Since,
    /// Only lines run after this goal (an id) was met count; overrides `since`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// Where in the history a `ran`/`failed` goal starts looking.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Since {
    #[default]
    Step,
    Session,
}

/// A number to compare with: `3` (exactly 3) or `">= 3"`, `"> 3"`, `"<= 3"`, `"< 3"`,
/// `"== 3"`, `"!= 3"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Count {
    pub cmp: Cmp,
    pub value: i64,
}

/// A comparison operator of a [`Count`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Ge,
    Gt,
    Le,
    Lt,
}

impl Count {
    pub fn exactly(value: i64) -> Count {
        Count { cmp: Cmp::Eq, value }
    }
    pub fn at_least(value: i64) -> Count {
        Count { cmp: Cmp::Ge, value }
    }

    pub fn holds(&self, actual: i64) -> bool {
        match self.cmp {
            Cmp::Eq => actual == self.value,
            Cmp::Ne => actual != self.value,
            Cmp::Ge => actual >= self.value,
            Cmp::Gt => actual > self.value,
            Cmp::Le => actual <= self.value,
            Cmp::Lt => actual < self.value,
        }
    }

    /// In words, for explanations: `3`, `at least 3`, `fewer than 3`, ...
    pub fn describe(&self) -> String {
        let v = self.value;
        match self.cmp {
            Cmp::Eq => format!("{v}"),
            Cmp::Ne => format!("anything but {v}"),
            Cmp::Ge => format!("at least {v}"),
            Cmp::Gt => format!("more than {v}"),
            Cmp::Le => format!("at most {v}"),
            Cmp::Lt => format!("fewer than {v}"),
        }
    }

    /// Parses `3`, `== 3`, `>= 3`, `>3`, ...
    pub fn parse(text: &str) -> Result<Count, String> {
        let t = text.trim();
        let (cmp, rest) = [
            ("==", Cmp::Eq),
            ("!=", Cmp::Ne),
            (">=", Cmp::Ge),
            ("<=", Cmp::Le),
            (">", Cmp::Gt),
            ("<", Cmp::Lt),
            ("=", Cmp::Eq),
        ]
        .iter()
        .find_map(|(op, cmp)| t.strip_prefix(op).map(|rest| (*cmp, rest)))
        .unwrap_or((Cmp::Eq, t));
        let value = rest.trim().parse::<i64>().map_err(|_| {
            format!("invalid count \"{text}\": expected a number, optionally after ==, !=, >=, >, <= or <")
        })?;
        Ok(Count { cmp, value })
    }
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = match self.cmp {
            Cmp::Eq => return write!(f, "{}", self.value),
            Cmp::Ne => "!=",
            Cmp::Ge => ">=",
            Cmp::Gt => ">",
            Cmp::Le => "<=",
            Cmp::Lt => "<",
        };
        write!(f, "{op} {}", self.value)
    }
}

impl Serialize for Count {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.cmp {
            Cmp::Eq => s.serialize_i64(self.value),
            _ => s.serialize_str(&self.to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Count, D::Error> {
        struct CountVisitor;
        impl Visitor<'_> for CountVisitor {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a comparison such as \">= 3\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
                Ok(Count::exactly(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
                i64::try_from(v).map(Count::exactly).map_err(|_| E::custom(format!("count {v} is too large")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Count, E> {
                Count::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_any(CountVisitor)
    }
}

impl Serialize for CommandPattern {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CommandPattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CommandPattern, D::Error> {
        let text = String::deserialize(d)?;
        CommandPattern::parse(&text).map_err(de::Error::custom)
    }
}

impl CommandCheck {
    /// A check for `pattern` over the current step's lines.
    pub fn new(pattern: &str) -> Result<CommandCheck, String> {
        Ok(CommandCheck { command: CommandPattern::parse(pattern)?, since: Since::Step, after: None })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommandCheckFields {
    command: CommandPattern,
    #[serde(default)]
    since: Since,
    #[serde(default)]
    after: Option<String>,
}

impl<'de> Deserialize<'de> for CommandCheck {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CommandCheck, D::Error> {
        struct CommandVisitor;
        impl<'de> Visitor<'de> for CommandVisitor {
            type Value = CommandCheck;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a command pattern, or a map with `command` and optionally `since` and `after`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CommandCheck, E> {
                CommandCheck::new(v).map_err(E::custom)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<CommandCheck, A::Error> {
                let f = CommandCheckFields::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(CommandCheck { command: f.command, since: f.since, after: f.after })
            }
        }
        d.deserialize_any(CommandVisitor)
    }
}

/// A goal's memory of its `was` nodes: position in the condition tree (pre-order) → the
/// explanation when first seen holding.
pub type Memory = BTreeMap<u32, String>;

/// What a condition is evaluated against.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub cluster: &'a Cluster,
    /// The student's console lines, oldest first.
    pub history: &'a [HistoryEntry],
    /// The first history index `ran`/`failed` with `since: step` look at (the index at which the
    /// goal's step became current).
    pub since: usize,
    /// Goals met so far, for `after:`. `None`: no goal is met.
    pub met: Option<&'a BTreeMap<String, GoalRecord>>,
    /// The goal's memory: the `was` nodes seen holding, by position, with their explanation at
    /// the first time. `None`: `was` looks at now only.
    pub seen: Option<&'a Memory>,
}

impl<'a> Context<'a> {
    /// A context with the whole history counting, no goals met and no memory.
    pub fn new(cluster: &'a Cluster, history: &'a [HistoryEntry]) -> Context<'a> {
        Context { cluster, history, since: 0, met: None, seen: None }
    }
}

/// The result of evaluating a condition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub met: bool,
    /// One sentence about the state, for the UI.
    pub explanation: String,
}

impl Evaluation {
    fn new(met: bool, explanation: impl Into<String>) -> Evaluation {
        Evaluation { met, explanation: explanation.into() }
    }
}

impl Condition {
    /// Evaluates the condition. Never panics; a condition that cannot be checked (an invalid
    /// selector, say) is unmet and says why.
    pub fn evaluate(&self, cx: &Context) -> Evaluation {
        self.eval(cx, 0)
    }

    /// Records in `seen` every `was` node whose inner condition holds now (keeping the first
    /// explanation of a node seen before).
    pub fn observe(&self, cx: &Context, seen: &mut Memory) {
        self.observe_at(cx, 0, seen)
    }

    /// Whether the condition (anywhere inside) uses `was`.
    pub fn has_memory(&self) -> bool {
        match self {
            Condition::Was(_) => true,
            Condition::All(cs) | Condition::Any(cs) => cs.iter().any(Condition::has_memory),
            Condition::Not(c) => c.has_memory(),
            _ => false,
        }
    }

    /// Whether a `choice` is anywhere in this tree.
    pub fn contains_choice(&self) -> bool {
        matches!(self, Condition::Choice(_)) || self.children().iter().any(Condition::contains_choice)
    }

    /// Nodes in this tree, counted in pre-order; a node's position names it in the memory.
    fn size(&self) -> u32 {
        match self {
            Condition::All(cs) | Condition::Any(cs) => 1 + cs.iter().map(Condition::size).sum::<u32>(),
            Condition::Not(c) | Condition::Was(c) => 1 + c.size(),
            _ => 1,
        }
    }

    fn children(&self) -> &[Condition] {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs,
            Condition::Not(c) | Condition::Was(c) => std::slice::from_ref(&**c),
            _ => &[],
        }
    }

    fn observe_at(&self, cx: &Context, idx: u32, seen: &mut Memory) {
        if let Condition::Was(inner) = self {
            if let std::collections::btree_map::Entry::Vacant(slot) = seen.entry(idx) {
                let e = inner.eval(cx, idx + 1);
                if e.met {
                    slot.insert(e.explanation);
                }
            }
        }
        let mut child_idx = idx + 1;
        for child in self.children() {
            child.observe_at(cx, child_idx, seen);
            child_idx += child.size();
        }
    }

    fn eval(&self, cx: &Context, idx: u32) -> Evaluation {
        match self {
            Condition::All(cs) => {
                let evals = eval_children(cs, cx, idx);
                match evals.iter().find(|e| !e.met) {
                    Some(unmet) => unmet.clone(),
                    None => Evaluation::new(true, join(evals.iter().map(|e| e.explanation.as_str()), "; ")),
                }
            }
            Condition::Any(cs) => {
                let evals = eval_children(cs, cx, idx);
                match evals.iter().find(|e| e.met) {
                    Some(met) => met.clone(),
                    None if evals.is_empty() => Evaluation::new(false, "nothing to choose from"),
                    None => Evaluation::new(false, join(evals.iter().map(|e| e.explanation.as_str()), "; or ")),
                }
            }
            Condition::Not(c) => {
                let e = c.eval(cx, idx + 1);
                Evaluation::new(!e.met, e.explanation)
            }
            Condition::Was(c) => {
                let now = c.eval(cx, idx + 1);
                if now.met {
                    now
                } else if let Some(then) = cx.seen.and_then(|seen| seen.get(&idx)) {
                    Evaluation::new(true, format!("earlier: {then}"))
                } else {
                    Evaluation::new(false, format!("not yet seen: {}", now.explanation))
                }
            }
            Condition::Deployment(c) => c.eval(cx.cluster),
            Condition::ReplicaSet(c) => c.eval(cx.cluster),
            Condition::Hpa(c) => c.eval(cx.cluster),
            Condition::Pods(c) => c.eval(cx.cluster),
            Condition::Exists(r) => r.eval(cx.cluster, true),
            Condition::Absent(r) => r.eval(cx.cluster, false),
            Condition::Objects(c) => c.eval(cx.cluster),
            Condition::Event(c) => c.eval(cx.cluster),
            Condition::Traffic(c) if c.windowed() => c.eval_window(cx),
            Condition::Traffic(c) => c.eval(cx.cluster),
            Condition::Ran(c) => c.eval(cx, true),
            Condition::Failed(c) => c.eval(cx, false),
            Condition::Choice(c) => c.eval(cx),
            Condition::Application(c) => c.eval(cx.cluster),
            Condition::Git(c) => c.eval(cx.cluster),
            Condition::PullRequest(c) => c.eval(cx),
        }
    }

    /// Checks what serde cannot: kinds are known, selectors parse, `after` names a goal in
    /// `goal_ids`, required fields are there. The error names the problem.
    pub fn validate(&self, goal_ids: &BTreeSet<String>) -> Result<(), String> {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().try_for_each(|c| c.validate(goal_ids)),
            Condition::Not(c) | Condition::Was(c) => c.validate(goal_ids),
            Condition::Deployment(c) => {
                non_empty("deployment", "name", &c.name)?;
                if c.container.is_some() && c.image.is_none() {
                    return Err("deployment: `container` needs `image`".into());
                }
                Ok(())
            }
            Condition::ReplicaSet(c) => {
                if c.name.is_none() && c.name_prefix.is_none() && c.owner.is_none() && c.image.is_none() {
                    return Err("replica_set: give at least one of `name`, `name_prefix`, `owner`, `image`".into());
                }
                if c.container.is_some() && c.image.is_none() {
                    return Err("replica_set: `container` needs `image`".into());
                }
                Ok(())
            }
            Condition::Hpa(c) => {
                if c.name.is_none() && c.target.is_none() {
                    return Err("hpa: give `name` or `target`".into());
                }
                Ok(())
            }
            Condition::Pods(c) => {
                Selector::parse(&c.selector).map_err(|e| format!("pods: selector \"{}\": {e}", c.selector))?;
                if c.ready.is_none() && c.total.is_none() {
                    return Err("pods: give `ready` or `total`".into());
                }
                Ok(())
            }
            Condition::Exists(r) | Condition::Absent(r) => {
                resolve_kind(&r.kind)?;
                non_empty("exists/absent", "name", &r.name)
            }
            Condition::Objects(c) => {
                resolve_kind(&c.kind)?;
                if let Some(s) = &c.selector {
                    Selector::parse(s).map_err(|e| format!("objects: selector \"{s}\": {e}"))?;
                }
                Ok(())
            }
            Condition::Event(c) => {
                if c.reason.is_none() && c.message.is_none() {
                    return Err("event: give `reason` or `message`".into());
                }
                if let Some(k) = &c.kind {
                    resolve_kind(k)?;
                }
                Ok(())
            }
            Condition::Traffic(c) if c.windowed() || c.version.is_some() || c.errors.is_some() => {
                c.validate_window()?;
                match &c.since {
                    Some(id) if !goal_ids.contains(id) => Err(format!("`since: {id}` names no goal of this exercise")),
                    _ => Ok(()),
                }
            }
            Condition::Traffic(c) => {
                c.validate_window()?;
                if let Some(s) = &c.service {
                    non_empty("traffic", "service", s)?;
                }
                if c.image.is_some() != c.share.is_some() {
                    return Err("traffic: `image` and `share` go together".into());
                }
                if c.share.is_some_and(|p| p > 100) {
                    return Err("traffic: `share` is a percentage, 0 to 100".into());
                }
                if c.min_rate.is_none() && c.share.is_none() && c.max_errors.is_none() && c.pods.is_none() {
                    return Err(
                        "traffic: give at least one of `min_rate`, `image` with `share`, `max_errors`, `pods`".into()
                    );
                }
                Ok(())
            }
            Condition::Ran(c) | Condition::Failed(c) => match &c.after {
                Some(id) if !goal_ids.contains(id) => Err(format!("`after: {id}` names no goal of this exercise")),
                _ => Ok(()),
            },
            Condition::Choice(c) => c.validate(),
            Condition::Application(c) => c.validate(),
            Condition::Git(c) => c.validate(),
            Condition::PullRequest(c) => c.validate(),
        }
    }
}

fn eval_children(cs: &[Condition], cx: &Context, idx: u32) -> Vec<Evaluation> {
    let mut child_idx = idx + 1;
    cs.iter()
        .map(|c| {
            let e = c.eval(cx, child_idx);
            child_idx += c.size();
            e
        })
        .collect()
}

fn non_empty(what: &str, field: &str, value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        Err(format!("{what}: `{field}` must not be empty"))
    } else {
        Ok(())
    }
}

fn join<'a>(parts: impl Iterator<Item = &'a str>, sep: &str) -> String {
    parts.collect::<Vec<_>>().join(sep)
}

/// A kind as kubectl names it (`Deployment`, `deploy`, `deployments.apps`, `svc`) → the
/// simulator's kind.
pub fn resolve_kind(name: &str) -> Result<Kind, String> {
    kubelab_console::resources::lookup(name)
        .and_then(|info| Kind::from_name(info.kind))
        .ok_or_else(|| format!("unknown kind \"{name}\""))
}

fn plural(n: i64, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn live(o: &Object) -> bool {
    !o.meta().is_deleting()
}

/// Collects facts about one subject; unmet facts carry what was wanted.
struct Facts {
    subject: String,
    /// Between the subject and the facts: " " ("deployment web has ...") or ": " ("pods with
    /// app=web: 2 of 3 running and ready").
    sep: &'static str,
    met: Vec<String>,
    unmet: Vec<String>,
}

impl Facts {
    fn new(subject: String) -> Facts {
        Facts { subject, sep: " ", met: Vec::new(), unmet: Vec::new() }
    }
    fn with_colon(subject: String) -> Facts {
        Facts { sep: ": ", ..Facts::new(subject) }
    }
    fn count(&mut self, want: Option<Count>, actual: i64, fact: impl FnOnce(i64) -> String) {
        if let Some(want) = want {
            let text = fact(actual);
            if want.holds(actual) {
                self.met.push(text);
            } else {
                self.unmet.push(format!("{text} (wanted {})", want.describe()));
            }
        }
    }
    fn fact(&mut self, holds: bool, text: String) {
        if holds {
            self.met.push(text)
        } else {
            self.unmet.push(text)
        }
    }
    fn finish(self, exists_text: &str) -> Evaluation {
        if !self.unmet.is_empty() {
            Evaluation::new(false, format!("{}{}{}", self.subject, self.sep, self.unmet.join(", ")))
        } else if self.met.is_empty() {
            Evaluation::new(true, format!("{} {exists_text}", self.subject))
        } else {
            Evaluation::new(true, format!("{}{}{}", self.subject, self.sep, self.met.join(", ")))
        }
    }
}

/// The image fact of a pod template: `runs image X` / `container c runs image X`.
fn image_fact(facts: &mut Facts, spec: &PodSpec, image: &str, container: Option<&str>) {
    match container {
        Some(name) => match spec.containers.iter().find(|c| c.name == name) {
            Some(c) => facts.fact(
                c.image == image,
                if c.image == image {
                    format!("container {name} runs image {image}")
                } else {
                    format!("container {name} runs image {} (wanted {image})", c.image)
                },
            ),
            None => facts.fact(false, format!("has no container named {name}")),
        },
        None => {
            let images: Vec<&str> = spec.containers.iter().map(|c| c.image.as_str()).collect();
            let holds = images.contains(&image);
            facts.fact(
                holds,
                if holds {
                    format!("runs image {image}")
                } else {
                    format!("runs image {} (wanted {image})", images.join(", "))
                },
            );
        }
    }
}

fn deployment_complete(d: &Deployment) -> bool {
    let want = d.replicas();
    d.status.observed_generation >= d.metadata.generation
        && d.status.updated_replicas == want
        && d.status.replicas == want
        && d.status.available_replicas == want
}

impl DeploymentCheck {
    fn eval(&self, cluster: &Cluster) -> Evaluation {
        let subject = format!("deployment {}", self.name);
        let Some(d) = cluster
            .get(Kind::Deployment, &self.namespace, &self.name)
            .filter(|o| live(o))
            .and_then(Object::as_deployment)
        else {
            return Evaluation::new(false, format!("{subject} does not exist"));
        };
        let want = d.replicas();
        let mut facts = Facts::new(subject);
        facts.count(self.replicas, want, |n| format!("is scaled to {}", plural(n, "replica")));
        facts.count(self.ready, d.status.ready_replicas, |n| format!("has {n} of {want} ready"));
        facts.count(self.available, d.status.available_replicas, |n| format!("has {n} of {want} available"));
        facts.count(self.updated, d.status.updated_replicas, |n| format!("has {n} of {want} updated"));
        if let Some(image) = &self.image {
            image_fact(&mut facts, &d.spec.template.spec, image, self.container.as_deref());
        }
        if let Some(want_rev) = self.revision {
            let rev = d
                .metadata
                .annotations
                .get(kubelab_sim::api::REVISION_ANNOTATION)
                .and_then(|r| r.parse::<i64>().ok())
                .unwrap_or(0);
            facts.count(Some(want_rev), rev, |n| format!("is at revision {n}"));
        }
        if let Some(want_rs) = self.replica_sets {
            let owned = cluster
                .list(Kind::ReplicaSet, Some(&self.namespace))
                .into_iter()
                .filter(|o| live(o) && o.meta().controller_ref().is_some_and(|r| r.uid == d.metadata.uid))
                .count() as i64;
            facts.count(Some(want_rs), owned, |n| format!("owns {}", plural(n, "replica set")));
        }
        if let Some(want_complete) = self.complete {
            let done = deployment_complete(d);
            let text = if done {
                "has finished its rollout".to_string()
            } else {
                format!(
                    "is rolling out ({} of {want} updated, {} available)",
                    d.status.updated_replicas, d.status.available_replicas
                )
            };
            facts.fact(done == want_complete, text);
        }
        facts.finish("exists")
    }
}

impl ReplicaSetCheck {
    fn describe_filters(&self) -> String {
        let mut parts = Vec::new();
        if let Some(n) = &self.name {
            parts.push(format!("named {n}"));
        }
        if let Some(p) = &self.name_prefix {
            parts.push(format!("named {p}*"));
        }
        if let Some(o) = &self.owner {
            parts.push(format!("of deployment {o}"));
        }
        if let Some(i) = &self.image {
            parts.push(format!("with image {i}"));
        }
        format!("no replica set {}", parts.join(" "))
    }

    fn eval(&self, cluster: &Cluster) -> Evaluation {
        let owner_uid = match &self.owner {
            Some(owner) => match cluster.get(Kind::Deployment, &self.namespace, owner) {
                Some(d) => Some(d.meta().uid.clone()),
                None => return Evaluation::new(false, format!("deployment {owner} does not exist")),
            },
            None => None,
        };
        let candidates: Vec<_> = cluster
            .list(Kind::ReplicaSet, Some(&self.namespace))
            .into_iter()
            .filter(|o| live(o))
            .filter_map(Object::as_replica_set)
            .filter(|rs| self.name.as_ref().is_none_or(|n| &rs.metadata.name == n))
            .filter(|rs| self.name_prefix.as_ref().is_none_or(|p| rs.metadata.name.starts_with(p.as_str())))
            .filter(|rs| {
                owner_uid.as_ref().is_none_or(|uid| rs.metadata.controller_ref().is_some_and(|r| &r.uid == uid))
            })
            .filter(|rs| {
                self.image.as_ref().is_none_or(|image| {
                    rs.spec
                        .template
                        .spec
                        .containers
                        .iter()
                        .any(|c| &c.image == image && self.container.as_ref().is_none_or(|n| &c.name == n))
                })
            })
            .collect();
        let mut first_unmet = None;
        for rs in &candidates {
            let mut facts = Facts::new(format!("replica set {}", rs.metadata.name));
            let want = rs.replicas();
            facts.count(self.replicas, want, |n| format!("is scaled to {}", plural(n, "replica")));
            facts.count(self.ready, rs.status.ready_replicas, |n| format!("has {n} of {want} ready"));
            facts.count(self.available, rs.status.available_replicas, |n| format!("has {n} of {want} available"));
            let e = facts.finish("exists");
            if e.met {
                return e;
            }
            first_unmet.get_or_insert(e);
        }
        first_unmet.unwrap_or_else(|| Evaluation::new(false, self.describe_filters()))
    }
}

impl HpaCheck {
    fn eval(&self, cluster: &Cluster) -> Evaluation {
        let found = cluster
            .list(Kind::HorizontalPodAutoscaler, Some(&self.namespace))
            .into_iter()
            .filter(|o| live(o))
            .find_map(|o| match o {
                Object::HorizontalPodAutoscaler(h)
                    if self.name.as_ref().is_none_or(|n| &h.metadata.name == n)
                        && self.target.as_ref().is_none_or(|t| &h.spec.scale_target_ref.name == t) =>
                {
                    Some(h)
                }
                _ => None,
            });
        let Some(hpa) = found else {
            let what = match (&self.name, &self.target) {
                (Some(n), Some(t)) => format!("no autoscaler {n} for {t}"),
                (Some(n), None) => format!("no autoscaler {n}"),
                (None, Some(t)) => format!("no autoscaler for {t}"),
                (None, None) => "no autoscaler".to_string(),
            };
            return Evaluation::new(false, what);
        };
        let mut facts = Facts::new(format!(
            "autoscaler {} (for {} {})",
            hpa.metadata.name, hpa.spec.scale_target_ref.kind, hpa.spec.scale_target_ref.name
        ));
        facts.count(self.min, hpa.min_replicas(), |n| format!("has min {n}"));
        facts.count(self.max, hpa.spec.max_replicas, |n| format!("has max {n}"));
        facts.count(self.replicas, hpa.status.current_replicas, |n| format!("sees {}", plural(n, "replica")));
        facts.finish("exists")
    }
}

impl PodsCheck {
    fn eval(&self, cluster: &Cluster) -> Evaluation {
        let selector = match Selector::parse(&self.selector) {
            Ok(s) => s,
            Err(e) => return Evaluation::new(false, format!("invalid selector \"{}\": {e}", self.selector)),
        };
        let pods: Vec<_> = cluster
            .list(Kind::Pod, Some(&self.namespace))
            .into_iter()
            .filter(|o| live(o))
            .filter_map(Object::as_pod)
            .filter(|p| selector.matches(&p.metadata.labels))
            .filter(|p| self.image.as_ref().is_none_or(|i| p.spec.containers.iter().any(|c| &c.image == i)))
            .collect();
        let total = pods.len() as i64;
        let ready = pods.iter().filter(|p| p.status.phase == "Running" && p.is_ready()).count() as i64;
        let mut subject =
            if self.selector.trim().is_empty() { "pods".to_string() } else { format!("pods with {}", self.selector) };
        if let Some(image) = &self.image {
            subject.push_str(&format!(" running {image}"));
        }
        let mut facts = Facts::with_colon(subject);
        facts.count(self.ready, ready, |n| format!("{n} of {total} running and ready"));
        facts.count(self.total, total, |n| format!("{n} in all"));
        facts.finish("exist")
    }
}

impl ObjectRef {
    fn eval(&self, cluster: &Cluster, want_present: bool) -> Evaluation {
        let kind = match resolve_kind(&self.kind) {
            Ok(k) => k,
            Err(e) => return Evaluation::new(false, e),
        };
        let what = describe_object(kind, &self.name);
        let present = cluster.get(kind, &self.namespace, &self.name).is_some_and(live);
        let text = if present { format!("{what} exists") } else { format!("{what} does not exist") };
        Evaluation::new(present == want_present, text)
    }
}

fn describe_object(kind: Kind, name: &str) -> String {
    let lower = match kind {
        Kind::HorizontalPodAutoscaler => "autoscaler".to_string(),
        Kind::ReplicaSet => "replica set".to_string(),
        Kind::ReplicationController => "replication controller".to_string(),
        Kind::ConfigMap => "config map".to_string(),
        Kind::ServiceAccount => "service account".to_string(),
        other => other.name().to_ascii_lowercase(),
    };
    format!("{lower} {name}")
}

impl ObjectsCheck {
    fn eval(&self, cluster: &Cluster) -> Evaluation {
        let kind = match resolve_kind(&self.kind) {
            Ok(k) => k,
            Err(e) => return Evaluation::new(false, e),
        };
        let selector = match self.selector.as_deref().map(Selector::parse).transpose() {
            Ok(s) => s,
            Err(e) => return Evaluation::new(false, format!("invalid selector: {e}")),
        };
        let names: Vec<&str> = cluster
            .list(kind, Some(&self.namespace))
            .into_iter()
            .filter(|o| live(o))
            .filter(|o| !self.except.iter().any(|n| n == &o.meta().name))
            .filter(|o| selector.as_ref().is_none_or(|s| s.matches(&o.meta().labels)))
            .map(|o| o.meta().name.as_str())
            .collect();
        let n = names.len() as i64;
        let noun = describe_object(kind, "").trim_end().to_string();
        let mut text = if kind.namespaced() {
            format!("{} in namespace {}", plural(n, &noun), self.namespace)
        } else {
            plural(n, &noun)
        };
        if !names.is_empty() && names.len() <= 5 {
            text.push_str(&format!(" ({})", names.join(", ")));
        }
        if self.count.holds(n) {
            Evaluation::new(true, text)
        } else {
            Evaluation::new(false, format!("{text} (wanted {})", self.count.describe()))
        }
    }
}

impl EventCheck {
    fn eval(&self, cluster: &Cluster) -> Evaluation {
        let kind = match self.kind.as_deref().map(resolve_kind).transpose() {
            Ok(k) => k,
            Err(e) => return Evaluation::new(false, e),
        };
        let found = cluster.events().iter().rev().find(|e| {
            e.metadata.namespace.as_deref().unwrap_or("default") == self.namespace
                && self.reason.as_ref().is_none_or(|r| &e.reason == r)
                && self.message.as_ref().is_none_or(|m| glob_matches(m, &e.message))
                && self.object.as_ref().is_none_or(|o| glob_matches(o, &e.involved_object.name))
                && kind.is_none_or(|k| e.involved_object.kind == k.name())
        });
        match found {
            Some(e) => Evaluation::new(
                true,
                format!(
                    "event {} on {}: {}",
                    e.reason,
                    describe_object_by_name(&e.involved_object.kind, &e.involved_object.name),
                    e.message
                ),
            ),
            None => {
                let mut what = Vec::new();
                if let Some(r) = &self.reason {
                    what.push(r.clone());
                }
                if let Some(m) = &self.message {
                    what.push(format!("\"{m}\""));
                }
                if let Some(o) = &self.object {
                    what.push(format!("on {o}"));
                }
                Evaluation::new(false, format!("no event {} yet", what.join(" ")))
            }
        }
    }
}

impl TrafficCheck {
    fn eval(&self, cluster: &Cluster) -> Evaluation {
        let now = cluster.now();
        let state = kubelab_sim::traffic::state(cluster);
        let subject = match &self.service {
            Some(s) => format!("traffic through service {s}"),
            None => "traffic".to_string(),
        };
        let Some(sample) = state.last_sample().filter(|s| s.time == now) else {
            return Evaluation::new(false, format!("no {subject} yet"));
        };
        let all = sample.total();
        // `min_rate` and `max_errors` look at the Service's requests if one is named.
        let scoped = match &self.service {
            Some(s) => sample.services.get(&format!("{}/{s}", self.namespace)).copied().unwrap_or_default(),
            None => all,
        };
        let mut facts = Facts::with_colon(format!("{subject} in the last second"));
        if let Some(min) = self.min_rate {
            let ok = scoped.requests.saturating_sub(scoped.errors);
            facts.count(Some(Count::at_least(to_i64(min))), to_i64(ok), |n| {
                format!("{} answered", plural(n, "request"))
            });
        }
        if let (Some(glob), Some(share)) = (&self.image, self.share) {
            let matched: u64 = sample
                .versions
                .iter()
                .filter(|(image, _)| image.as_str() != kubelab_sim::traffic::UNANSWERED && glob_matches(glob, image))
                .map(|(_, c)| c.requests)
                .sum();
            if all.requests == 0 {
                facts.fact(false, format!("no requests to answer (wanted {share}% by {glob})"));
            } else {
                let holds = matched.saturating_mul(100) >= share.saturating_mul(all.requests);
                let percent = matched.saturating_mul(100) / all.requests;
                let text = format!("{percent}% ({matched} of {}) answered by {glob}", all.requests);
                facts.fact(holds, if holds { text } else { format!("{text} (wanted at least {share}%)") });
            }
        }
        if let Some(max) = self.max_errors {
            facts.count(Some(Count { cmp: Cmp::Le, value: to_i64(max) }), to_i64(scoped.errors), |n| {
                format!("{n} failed")
            });
        }
        if let Some(want) = self.pods {
            let answering = state.pods().filter(|p| p.namespace == self.namespace && p.rate_at(now) > 0).count() as i64;
            facts.count(Some(want), answering, |n| format!("{} answering", plural(n, "pod")));
        }
        facts.finish("has requests")
    }
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn describe_object_by_name(kind: &str, name: &str) -> String {
    match Kind::from_name(kind) {
        Some(k) => describe_object(k, name),
        None => format!("{} {name}", kind.to_ascii_lowercase()),
    }
}

impl CommandCheck {
    fn eval(&self, cx: &Context, want_success: bool) -> Evaluation {
        let (start, scope) = match &self.after {
            Some(goal) => match cx.met.and_then(|m| m.get(goal)) {
                Some(record) => (record.entry, format!(" since goal {goal} was met")),
                None => {
                    return Evaluation::new(false, format!("waiting for goal {goal} before `{}` counts", self.command));
                }
            },
            None => match self.since {
                Since::Step => (cx.since, " in this step".to_string()),
                Since::Session => (0, String::new()),
            },
        };
        let found = cx
            .history
            .iter()
            .skip(start)
            .rev()
            .find(|h| (h.exit_code == 0) == want_success && self.command.matches(&h.line));
        match found {
            Some(h) => {
                let first_line = h.line.lines().next().unwrap_or("");
                if want_success {
                    Evaluation::new(true, format!("ran `{first_line}`"))
                } else {
                    Evaluation::new(true, format!("`{first_line}` failed (exit code {})", h.exit_code))
                }
            }
            None => {
                let what = if want_success { "ran" } else { "has failed" };
                Evaluation::new(false, format!("nothing like `{}` {what}{scope} yet", self.command))
            }
        }
    }
}

mod choice;
mod gitops;
mod window;
pub use choice::{parse_choose, ChoiceCheck, CHOOSE};
pub use gitops::{ApplicationCheck, GitCheck, PullRequestCheck};

#[cfg(test)]
mod tests;
