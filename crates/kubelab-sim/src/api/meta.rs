//! Object metadata, owner references and the pieces every kind shares.

use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

pub type Labels = BTreeMap<String, String>;

/// Fields the manifests may carry that we do not model; kept so objects round-trip in `-o yaml`.
pub type Extra = BTreeMap<String, serde_json::Value>;

/// A value shared between copies until one is written (copy on write). A pod's containers,
/// tolerations and unmodelled fields are copied from its template with each pod a controller
/// makes, and with each copy the kubelet or a controller takes to write a pod, and are almost
/// never written afterwards: shared, ten thousand replicas hold one copy of them. Reads and
/// writes go through `Deref`/`DerefMut` (a write copies first if the value is shared);
/// serialised exactly as the value.
#[derive(Default)]
pub struct Shared<T>(std::sync::Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Shared<T> {
        Shared(self.0.clone())
    }
}

/// A pod spec's or container's unmodelled fields, shared (see [`Shared`]).
pub type SharedExtra = Shared<Extra>;

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> std::ops::DerefMut for Shared<T> {
    fn deref_mut(&mut self) -> &mut T {
        std::sync::Arc::make_mut(&mut self.0)
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Shared<T>) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<T> From<T> for Shared<T> {
    fn from(v: T) -> Shared<T> {
        Shared(std::sync::Arc::new(v))
    }
}

impl<A, T: FromIterator<A>> FromIterator<A> for Shared<T> {
    fn from_iter<I: IntoIterator<Item = A>>(iter: I) -> Shared<T> {
        Shared::from(T::from_iter(iter))
    }
}

impl<T: Clone> Shared<T> {
    /// A copy of the value, not shared.
    pub fn to_inner(&self) -> T {
        T::clone(&self.0)
    }
}

impl<T> Shared<T> {
    /// Whether the two are one shared value (not merely equal).
    pub fn same(&self, other: &Shared<T>) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<'a, T> IntoIterator for &'a Shared<T>
where
    &'a T: IntoIterator,
{
    type Item = <&'a T as IntoIterator>::Item;
    type IntoIter = <&'a T as IntoIterator>::IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        self.0.as_ref().into_iter()
    }
}

impl<'a, T: Clone> IntoIterator for &'a mut Shared<T>
where
    &'a mut T: IntoIterator,
{
    type Item = <&'a mut T as IntoIterator>::Item;
    type IntoIter = <&'a mut T as IntoIterator>::IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        std::sync::Arc::make_mut(&mut self.0).into_iter()
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Shared<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Shared<T>, D::Error> {
        T::deserialize(d).map(Shared::from)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ObjectMeta {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generate_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub uid: String,
    /// Stored as a number; printed as a string by the console, like the API server does.
    #[serde(skip_serializing_if = "is_zero")]
    pub resource_version: u64,
    #[serde(skip_serializing_if = "is_zero")]
    pub generation: i64,
    pub creation_timestamp: SimTime,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_timestamp: Option<SimTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_grace_period_seconds: Option<i64>,
    /// Shared (copy on write): the replicas of a template carry the same labels.
    #[serde(skip_serializing_if = "no_labels")]
    pub labels: Shared<Labels>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// Shared (copy on write), like the labels: a ReplicaSet's pods have the same owner.
    #[serde(skip_serializing_if = "no_owners")]
    pub owner_references: Shared<Vec<OwnerReference>>,
    #[serde(flatten)]
    pub extra: Extra,
}

fn no_labels(l: &Shared<Labels>) -> bool {
    l.is_empty()
}

fn no_owners(o: &Shared<Vec<OwnerReference>>) -> bool {
    o.is_empty()
}

/// For `skip_serializing_if`: a number (or any field) at its default, zero, is not written.
pub(crate) fn is_zero<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

impl ObjectMeta {
    pub fn ns(&self) -> &str {
        self.namespace.as_deref().unwrap_or("")
    }
    /// The owner reference with `controller: true`, if any.
    pub fn controller_ref(&self) -> Option<&OwnerReference> {
        self.owner_references.iter().find(|o| o.controller == Some(true))
    }
    pub fn is_deleting(&self) -> bool {
        self.deletion_timestamp.is_some()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnerReference {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub uid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub controller: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block_owner_deletion: Option<bool>,
}

/// An int-or-percent value such as `maxSurge: 25%` or `port: http`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i64),
    Str(String),
}

impl IntOrString {
    /// Kubernetes' `GetScaledValueFromIntOrPercent`: integers as they are, `N%` of `total`
    /// rounded up or down. Anything else is an error message like the API server's.
    pub fn scaled_value(&self, total: i64, round_up: bool) -> Result<i64, String> {
        match self {
            IntOrString::Int(v) => Ok(*v),
            IntOrString::Str(s) => {
                let Some(num) = s.strip_suffix('%') else {
                    return Err("invalid value for IntOrString: invalid type: string is not a percentage".to_string());
                };
                let p: i64 = num
                    .parse()
                    .map_err(|_| format!("invalid value \"{s}\": invalid type: string is not a percentage"))?;
                let prod = p.saturating_mul(total);
                Ok(if round_up { div_ceil(prod, 100) } else { prod.div_euclid(100) })
            }
        }
    }
}

fn div_ceil(a: i64, b: i64) -> i64 {
    let q = a.div_euclid(b);
    if a.rem_euclid(b) != 0 {
        q + 1
    } else {
        q
    }
}

impl std::fmt::Display for IntOrString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrString::Int(v) => write!(f, "{v}"),
            IntOrString::Str(s) => f.write_str(s),
        }
    }
}

/// The words every pod's conditions and events repeat, which a cluster read back from JSON
/// (a restored session) borrows from here instead of holding a copy in each pod and event.
const WORDS: &[&str] = &[
    "True",
    "False",
    "Unknown",
    "PodReadyToStartContainers",
    "Initialized",
    "Ready",
    "ContainersReady",
    "PodScheduled",
    "Available",
    "Progressing",
    "Normal",
    "Warning",
    "Scheduled",
    "Pulling",
    "Pulled",
    "Created",
    "Started",
    "Killing",
    "SuccessfulCreate",
    "SuccessfulDelete",
    "ScalingReplicaSet",
    "kubelet",
    "default-scheduler",
    "replicaset-controller",
    "deployment-controller",
    "Pod",
    "ReplicaSet",
    "Deployment",
    "default",
];

/// `s` as one of [`WORDS`], if it is one.
fn known(s: &str) -> Option<&'static str> {
    WORDS.iter().find(|w| **w == s).copied()
}

/// Reads a string field that is usually one of [`WORDS`]: borrowed when it is one, owned when
/// not. Serialised as the plain string either way.
pub(crate) fn word<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Cow<'static, str>, D::Error> {
    let s = String::deserialize(d)?;
    Ok(known(&s).map_or(Cow::Owned(s), Cow::Borrowed))
}

/// `s` borrowed when it is one of [`WORDS`] (a namespace in an event or an object reference is
/// nearly always `default`), copied when not.
pub(crate) fn word_of(s: &str) -> Cow<'static, str> {
    known(s).map_or_else(|| Cow::Owned(s.to_string()), Cow::Borrowed)
}

/// A condition as most kinds carry them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Condition {
    /// The type and the status are the controllers' own words (`Ready`, `True`), borrowed, not
    /// copied into each of a pod's five conditions, unless read back from JSON.
    #[serde(rename = "type", deserialize_with = "word")]
    pub type_: Cow<'static, str>,
    #[serde(deserialize_with = "word")]
    pub status: Cow<'static, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_probe_time: Option<SimTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_update_time: Option<SimTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<SimTime>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
}

/// Parses a CPU quantity into millicores as `Quantity.MilliValue()` does (`100m` -> 100, `1` ->
/// 1000, `0.5` -> 500, `1e3` -> 1000000, `0.5m` rounds up to 1), through apimachinery's parser
/// (`quantity::parse`). Negative or unparsable quantities are `None`.
pub fn cpu_millis(q: &str) -> Option<i64> {
    scaled(q, 1_000_000)
}

/// Parses a memory quantity into bytes as `Quantity.Value()` does (`64Mi`, `1G`, `128974848`,
/// `129e6`; a fraction of a byte rounds up).
pub fn memory_bytes(q: &str) -> Option<i64> {
    scaled(q, 1_000_000_000)
}

/// The quantity in units of `per` nano-units, rounded up (apimachinery's `ScaledValue` rounds away
/// from zero).
fn scaled(q: &str, per: i128) -> Option<i64> {
    let parsed = super::quantity::parse(q).ok()?;
    if parsed.nanos < 0 {
        return None;
    }
    let v = parsed.nanos / per + i128::from(parsed.nanos % per != 0);
    i64::try_from(v).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pct(s: &str) -> IntOrString {
        IntOrString::Str(s.to_string())
    }

    #[test]
    fn int_or_percent_vectors_from_intstr_test() {
        assert_eq!(IntOrString::Int(123).scaled_value(0, true), Ok(123));
        assert_eq!(pct("90%").scaled_value(100, true), Ok(90));
        assert_eq!(pct("90%").scaled_value(95, true), Ok(86));
        assert_eq!(pct("90%").scaled_value(95, false), Ok(85));
        for bad in ["%", "90#", "#%", "90"] {
            assert!(pct(bad).scaled_value(100, true).is_err(), "{bad}");
        }
    }

    #[test]
    fn quantities() {
        assert_eq!(cpu_millis("100m"), Some(100));
        assert_eq!(cpu_millis("1"), Some(1000));
        assert_eq!(cpu_millis("0.5"), Some(500));
        assert_eq!(cpu_millis("abc"), None);
        assert_eq!(memory_bytes("64Mi"), Some(67108864));
        assert_eq!(memory_bytes("1G"), Some(1_000_000_000));
        assert_eq!(memory_bytes("-1"), None);
    }

    /// Both notations, as `Quantity.MilliValue()` / `Value()` give them (apimachinery's
    /// quantity_test.go: rounding up past the unit, exponents, binary and decimal suffixes).
    #[test]
    fn quantities_in_both_notations() {
        for (q, milli) in [
            ("500m", 500),
            ("0.5", 500),
            (".5", 500),
            ("1e3", 1_000_000),
            ("1E-3", 1),
            ("0.5m", 1),
            ("1k", 1_000_000),
            ("2", 2000),
            ("250m", 250),
            ("0.25", 250),
            ("1u", 1),
        ] {
            assert_eq!(cpu_millis(q), Some(milli), "{q}");
        }
        for (q, bytes) in [
            ("128Mi", 134_217_728),
            ("1G", 1_000_000_000),
            ("1Gi", 1_073_741_824),
            ("1e3", 1000),
            ("129e6", 129_000_000),
            ("1.5Ki", 1536),
            ("4015740Ki", 4_112_117_760),
            ("100m", 1),
            ("123456789", 123_456_789),
        ] {
            assert_eq!(memory_bytes(q), Some(bytes), "{q}");
        }
        for bad in ["", "abc", "1.2.3", "12x", "5ii", "-100m", "1Mb"] {
            assert_eq!(cpu_millis(bad), None, "{bad}");
            assert_eq!(memory_bytes(bad), None, "{bad}");
        }
    }
}
