//! Label selectors: the structured `LabelSelector` of manifests and the parsed requirement list
//! the API server matches with (`=`, `==`, `!=`, `in`, `notin`, exists, `!` does-not-exist).

use super::meta::Labels;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LabelSelector {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LabelSelectorRequirement {
    pub key: String,
    pub operator: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Op {
    Equals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

/// One requirement of a selector.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Requirement {
    pub key: String,
    pub op: Op,
    /// Sorted, as Kubernetes keeps them.
    pub values: Vec<String>,
}

/// A parsed selector: all requirements must hold. Empty matches everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selector {
    pub requirements: Vec<Requirement>,
}

impl Requirement {
    pub fn matches(&self, labels: &Labels) -> bool {
        let value = labels.get(&self.key);
        match self.op {
            Op::Equals | Op::In => value.is_some_and(|v| self.values.iter().any(|x| x == v)),
            Op::NotEquals | Op::NotIn => value.is_none_or(|v| !self.values.iter().any(|x| x == v)),
            Op::Exists => value.is_some(),
            Op::DoesNotExist => value.is_none(),
        }
    }
}

impl std::fmt::Display for Requirement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.op {
            Op::Equals => write!(f, "{}={}", self.key, self.values.join(",")),
            Op::NotEquals => write!(f, "{}!={}", self.key, self.values.join(",")),
            Op::In => write!(f, "{} in ({})", self.key, self.values.join(",")),
            Op::NotIn => write!(f, "{} notin ({})", self.key, self.values.join(",")),
            Op::Exists => write!(f, "{}", self.key),
            Op::DoesNotExist => write!(f, "!{}", self.key),
        }
    }
}

impl std::fmt::Display for Selector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.requirements.iter().map(|r| r.to_string()).collect();
        f.write_str(&parts.join(","))
    }
}

impl Selector {
    pub fn everything() -> Selector {
        Selector::default()
    }

    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
    }

    pub fn matches(&self, labels: &Labels) -> bool {
        self.requirements.iter().all(|r| r.matches(labels))
    }

    /// An equality selector (`spec.selector` of ReplicationControllers and Services).
    pub fn from_map(map: &BTreeMap<String, String>) -> Selector {
        let mut requirements: Vec<Requirement> =
            map.iter().map(|(k, v)| Requirement { key: k.clone(), op: Op::Equals, values: vec![v.clone()] }).collect();
        crate::sort::natural(&mut requirements);
        Selector { requirements }
    }

    /// Parses a selector string as `kubectl get -l` sends it, e.g. `app=web,tier!=db`,
    /// `env in (prod,qa)`, `!canary`. Errors read like the API server's.
    pub fn parse(input: &str) -> Result<Selector, String> {
        let mut requirements = Vec::new();
        for part in split_top_level(input)? {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            requirements.push(parse_requirement(part)?);
        }
        crate::sort::natural(&mut requirements);
        Ok(Selector { requirements })
    }
}

impl LabelSelector {
    /// Converts to the requirement form, validating operators as the API server does.
    pub fn to_selector(&self) -> Result<Selector, String> {
        let mut requirements: Vec<Requirement> = self
            .match_labels
            .iter()
            .map(|(k, v)| Requirement { key: k.clone(), op: Op::Equals, values: vec![v.clone()] })
            .collect();
        for e in &self.match_expressions {
            let mut values = e.values.clone();
            crate::sort::natural(&mut values);
            let op = match e.operator.as_str() {
                "In" => Op::In,
                "NotIn" => Op::NotIn,
                "Exists" => Op::Exists,
                "DoesNotExist" => Op::DoesNotExist,
                other => return Err(format!("\"{other}\" is not a valid pod selector operator")),
            };
            if matches!(op, Op::In | Op::NotIn) && values.is_empty() {
                return Err("for 'in', 'notin' operators, values set can't be empty".to_string());
            }
            requirements.push(Requirement { key: e.key.clone(), op, values });
        }
        crate::sort::natural(&mut requirements);
        Ok(Selector { requirements })
    }

    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    /// Whether the selector matches `labels`; an invalid selector matches nothing.
    pub fn matches(&self, labels: &Labels) -> bool {
        self.to_selector().map(|s| s.matches(labels)).unwrap_or(false)
    }
}

fn split_top_level(input: &str) -> Result<Vec<&str>, String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in input.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return Err("unable to parse requirement: found ')', expected: '('".to_string());
                }
            }
            ',' if depth == 0 => {
                parts.push(&input[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if depth != 0 {
        return Err("unable to parse requirement: found '', expected: ',' or ')'".to_string());
    }
    parts.push(&input[start..]);
    Ok(parts)
}

fn valid_key(k: &str) -> bool {
    !k.is_empty()
        && k.len() <= 253
        && k.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

fn valid_value(v: &str) -> bool {
    v.len() <= 63 && v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn parse_requirement(part: &str) -> Result<Requirement, String> {
    let bad_key = |k: &str| format!("unable to parse requirement: invalid label key \"{k}\"");
    let bad_value = |v: &str| format!("unable to parse requirement: invalid label value: \"{v}\"");
    if let Some(key) = part.strip_prefix('!') {
        let key = key.trim();
        if !valid_key(key) {
            return Err(bad_key(key));
        }
        return Ok(Requirement { key: key.to_string(), op: Op::DoesNotExist, values: vec![] });
    }
    for (token, op) in [("!=", Op::NotEquals), ("==", Op::Equals), ("=", Op::Equals)] {
        if let Some(idx) = part.find(token) {
            let key = part[..idx].trim();
            let value = part[idx + token.len()..].trim();
            if !valid_key(key) {
                return Err(bad_key(key));
            }
            if !valid_value(value) {
                return Err(bad_value(value));
            }
            return Ok(Requirement { key: key.to_string(), op, values: vec![value.to_string()] });
        }
    }
    let words: Vec<&str> = part.splitn(2, char::is_whitespace).collect();
    if words.len() == 2 {
        let key = words[0].trim();
        let rest = words[1].trim_start();
        let (op, list) = if let Some(r) = rest.strip_prefix("notin") {
            (Op::NotIn, r)
        } else if let Some(r) = rest.strip_prefix("in") {
            (Op::In, r)
        } else {
            return Err(format!("unable to parse requirement: found '{rest}', expected: in, notin, =, ==, !=, gt, lt"));
        };
        let list = list.trim();
        let inner = list
            .strip_prefix('(')
            .and_then(|l| l.strip_suffix(')'))
            .ok_or_else(|| format!("unable to parse requirement: found '{list}', expected: '('"))?;
        if !valid_key(key) {
            return Err(bad_key(key));
        }
        let mut values: Vec<String> = Vec::new();
        for v in inner.split(',') {
            let v = v.trim();
            if !valid_value(v) {
                return Err(bad_value(v));
            }
            values.push(v.to_string());
        }
        crate::sort::natural(&mut values);
        values.dedup();
        return Ok(Requirement { key: key.to_string(), op, values });
    }
    let key = part.trim();
    if !valid_key(key) {
        return Err(bad_key(key));
    }
    Ok(Requirement { key: key.to_string(), op: Op::Exists, values: vec![] })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn parses_and_matches_every_operator() {
        let l = labels(&[("env", "production"), ("dev-lead", "amy"), ("release-version", "1.0")]);
        let yes = [
            "env=production",
            "env==production",
            "env=production,dev-lead=amy",
            "dev-lead!=karthik",
            "release-version in (1.0,2.0)",
            "env notin (dev,staging)",
            "env",
            "!tier",
        ];
        for s in yes {
            assert!(Selector::parse(s).unwrap().matches(&l), "{s}");
        }
        let no = ["env=dev", "env=production,dev-lead!=amy", "release-version in (2.0)", "tier", "!env"];
        for s in no {
            assert!(!Selector::parse(s).unwrap().matches(&l), "{s}");
        }
    }

    #[test]
    fn rejects_malformed_selectors() {
        for s in ["env in (a", "a b c", "=x", "env in ()x"] {
            assert!(Selector::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn displays_like_kubernetes() {
        let ls = LabelSelector {
            match_labels: BTreeMap::new(),
            match_expressions: vec![
                LabelSelectorRequirement {
                    key: "app".into(),
                    operator: "In".into(),
                    values: vec!["soaktestrs".into(), "soaktestrs".into(), "soaktest".into()],
                },
                LabelSelectorRequirement {
                    key: "tier".into(),
                    operator: "NotIn".into(),
                    values: vec!["production".into()],
                },
            ],
        };
        assert_eq!(
            ls.to_selector().unwrap().to_string(),
            "app in (soaktest,soaktestrs,soaktestrs),tier notin (production)"
        );
    }
}
