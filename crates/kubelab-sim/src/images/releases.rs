//! Releases that behave differently per tag, as real releases of one app do: a `v2.0.0` that is
//! fine beside a `v2.0.0-errors` that answers a share of requests with HTTP 500, one that is
//! slower, one that crashes some minutes after it starts, one whose readiness endpoint never
//! answers 200. A spec's [`Variant`]s say so: the first variant whose tag globs match the
//! image's tag overrides the spec's service time, error share, crash and probe answer.
//!
//! The chapter's app, `registry.lab/my-app`, is the built-in example ([`chapter_app`]):
//!
//! | tag | behaviour |
//! |---|---|
//! | `v1.0.0`, `v2.0.0` | fine: 5 ms per answer |
//! | `v2.0.0-errors` | 20 % of requests answered with HTTP 500 |
//! | `v2.0.0-slow` | 400 ms per answer |
//! | `v2.0.0-crash` | exits with code 1 three minutes after each start (CrashLoopBackOff) |
//! | `v2.0.0-unready` | HTTP probes get 503: a readiness probe never passes |
//!
//! Simplification: a crash is the process exiting (code 1) at a fixed time after each start;
//! a probe's answer is one status for every HTTP probe of the container, whatever its path.

use super::{strings, Errors, ImageSpec, LogLine, LogSpec, Route};
use serde::{Deserialize, Serialize};

/// Behaviour of the tags matching `tags`, overriding the spec's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// Globs over the tag (`v2.*-errors`); required.
    pub tags: Vec<String>,
    /// Milliseconds per answer (instead of the spec's `service_ms`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_ms: Option<u32>,
    /// A share of failing requests (instead of the spec's `errors`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Errors>,
    /// The server exits with code 1 this many seconds after each start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crash_after_secs: Option<u64>,
    /// The status every HTTP probe of the container gets (200-399 passes; `503`: never ready).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probe_status: Option<u16>,
}

impl Variant {
    pub(super) fn validate(&self, i: usize) -> Result<(), String> {
        if self.tags.is_empty() {
            return Err(format!("variants[{i}].tags: give at least one tag glob"));
        }
        if self.tags.iter().any(|t| t.is_empty() || t.len() > 128) {
            return Err(format!("variants[{i}].tags: a tag is empty or too long"));
        }
        if self.service_ms.is_some_and(|ms| ms > 60_000) {
            return Err(format!("variants[{i}].service_ms: more than 60000 (a minute)"));
        }
        if let Some(e) = &self.errors {
            if e.percent > 100 {
                return Err(format!("variants[{i}].errors.percent: {} is not a percentage (0-100)", e.percent));
            }
            if !(500..=599).contains(&e.status) {
                return Err(format!("variants[{i}].errors.status: {} is not a server error (500-599)", e.status));
            }
        }
        if self.crash_after_secs.is_some_and(|s| s == 0 || s > 86_400) {
            return Err(format!("variants[{i}].crash_after_secs: 1 to 86400"));
        }
        if self.probe_status.is_some_and(|s| !(100..=599).contains(&s)) {
            return Err(format!("variants[{i}].probe_status: not an HTTP status (100-599)"));
        }
        Ok(())
    }
}

/// The chapter's app: `registry.lab/my-app`, a small web service on port 8080 whose releases
/// misbehave as their tags say (see the module's table).
pub(super) fn chapter_app() -> ImageSpec {
    let variant = |tag: &str| Variant { tags: strings(&[tag]), ..Variant::default() };
    ImageSpec {
        tags: strings(&["v1.0.0", "v2.0.0", "v2.0.0-errors", "v2.0.0-slow", "v2.0.0-crash", "v2.0.0-unready"]),
        pull_secs: 3,
        size_bytes: 21_480_000,
        ports: Some(vec![8080]),
        service_ms: 5,
        http: vec![
            Route { path: "/".into(), tags: vec![], status: 200, body: "my-app $tag on $hostname\n".into() },
            Route { path: "/health".into(), tags: vec![], status: 200, body: "ok\n".into() },
            Route { path: "*".into(), tags: vec![], status: 404, body: "404 page not found\n".into() },
        ],
        log: LogSpec {
            start: strings(&["my-app $tag listening on :$port"]),
            access: vec![LogLine { line: "$remote_addr GET $path $status".into(), paths: vec![] }],
        },
        variants: vec![
            Variant {
                errors: Some(Errors { percent: 20, status: 500, body: "internal error\n".into() }),
                ..variant("*-errors")
            },
            Variant { service_ms: Some(400), ..variant("*-slow") },
            Variant { crash_after_secs: Some(180), ..variant("*-crash") },
            Variant { probe_status: Some(503), ..variant("*-unready") },
        ],
        ..ImageSpec::generic("registry.lab/my-app")
    }
}

#[cfg(test)]
mod tests {
    use super::super::{image_info, ImageSpec};

    #[test]
    fn each_release_of_the_chapter_app_behaves_as_its_tag_says() {
        let info = |tag: &str| image_info(&format!("registry.lab/my-app:{tag}"));
        for good in ["v1.0.0", "v2.0.0"] {
            let i = info(good);
            assert!(i.pullable());
            assert_eq!((i.service_ms(), i.errors(), i.crash_after_secs(), i.probe_status()), (5, None, None, None));
        }
        assert_eq!(info("v2.0.0-errors").errors().map(|(p, a)| (p, a.status)), Some((20, 500)));
        assert_eq!(info("v2.0.0-slow").service_ms(), 400);
        assert_eq!(info("v2.0.0-crash").crash_after_secs(), Some(180));
        assert_eq!(info("v2.0.0-unready").probe_status(), Some(503));
        assert!(!info("v3.0.0").pullable(), "a tag that was never released fails to pull");
    }

    #[test]
    fn bad_variants_name_the_field() {
        let with = |v: serde_json::Value| {
            let spec: ImageSpec =
                serde_json::from_value(serde_json::json!({"repository": "acme/shop", "variants": [v]}))
                    .expect("parses");
            spec.validate().err().unwrap_or_default()
        };
        assert_eq!(with(serde_json::json!({"tags": []})), "variants[0].tags: give at least one tag glob");
        assert_eq!(
            with(serde_json::json!({"tags": ["v2"], "errors": {"percent": 101}})),
            "variants[0].errors.percent: 101 is not a percentage (0-100)"
        );
        assert_eq!(
            with(serde_json::json!({"tags": ["v2"], "crash_after_secs": 0})),
            "variants[0].crash_after_secs: 1 to 86400"
        );
        assert_eq!(
            with(serde_json::json!({"tags": ["v2"], "probe_status": 42})),
            "variants[0].probe_status: not an HTTP status (100-599)"
        );
        assert_eq!(with(serde_json::json!({"tags": ["v2"], "service_ms": 400})), "");
    }
}
