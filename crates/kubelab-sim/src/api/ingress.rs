//! Typed views of `Ingress` and `IngressClass`, in both wire shapes: `networking.k8s.io/v1`
//! (`backend.service.name` / `backend.service.port.number|name`, `pathType`, `defaultBackend`,
//! `ingressClassName`) and the course era's `extensions/v1beta1` (`backend.serviceName` /
//! `backend.servicePort`, `spec.backend`, no `pathType`). Stored as `Object::Opaque`, read
//! and written through `from_object` / `into_object` as the storage kinds are.
//!
//! Also the API server's validation of the common mistakes, with its field paths and wording
//! (`ValidateIngressSpec`: `pathType` required in v1, absolute paths, a service backend with a
//! name and a port name or number, a rule or a default backend).

use super::meta::{Extra, IntOrString, ObjectMeta};
use super::{Kind, Object, Opaque};
use serde::{Deserialize, Serialize};

/// The annotation that marks an IngressClass as the cluster's default.
pub const DEFAULT_INGRESS_CLASS_ANNOTATION: &str = "ingressclass.kubernetes.io/is-default-class";

fn from_opaque<T: serde::de::DeserializeOwned>(obj: &Object, kind: Kind) -> Option<T> {
    match obj {
        Object::Opaque(k, o) if *k == kind => serde_json::to_value(o).ok().and_then(|v| serde_json::from_value(v).ok()),
        _ => None,
    }
}

fn into_opaque<T: Serialize>(value: &T, kind: Kind) -> Object {
    let o: Opaque = serde_json::to_value(value).ok().and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
    Object::Opaque(kind, o)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Ingress {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: IngressSpec,
    #[serde(skip_serializing_if = "serde_json::Value::is_null")]
    pub status: serde_json::Value,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IngressSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ingress_class_name: Option<String>,
    /// v1's default backend.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_backend: Option<IngressBackend>,
    /// extensions/v1beta1's default backend.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend: Option<IngressBackend>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<IngressRule>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tls: Vec<IngressTls>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IngressRule {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpRule>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HttpRule {
    pub paths: Vec<HttpPath>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HttpPath {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_type: Option<String>,
    pub backend: IngressBackend,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IngressBackend {
    /// v1: `service: {name, port: {number | name}}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<ServiceBackend>,
    /// extensions/v1beta1: `serviceName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// extensions/v1beta1: `servicePort` (a number or a port name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_port: Option<IntOrString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<serde_json::Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ServiceBackend {
    pub name: String,
    pub port: ServiceBackendPort,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ServiceBackendPort {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IngressTls {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_name: Option<String>,
}

impl IngressBackend {
    /// The Service and its port (number or name), in either wire shape.
    pub fn service_ref(&self) -> Option<(String, IntOrString)> {
        if let Some(s) = &self.service {
            let port = match (&s.port.number, &s.port.name) {
                (Some(n), _) => IntOrString::Int(*n),
                (None, Some(name)) => IntOrString::Str(name.clone()),
                (None, None) => IntOrString::Int(0),
            };
            return Some((s.name.clone(), port));
        }
        self.service_name.clone().map(|n| (n, self.service_port.clone().unwrap_or(IntOrString::Int(0))))
    }

    /// How `kubectl describe ingress` names it: `web:80`, `web:http`.
    pub fn describe(&self) -> String {
        match self.service_ref() {
            Some((name, IntOrString::Int(p))) => format!("{name}:{p}"),
            Some((name, IntOrString::Str(p))) => format!("{name}:{p}"),
            None => String::new(),
        }
    }
}

impl Ingress {
    pub fn from_object(obj: &Object) -> Option<Ingress> {
        from_opaque(obj, Kind::Ingress)
    }
    pub fn into_object(&self) -> Object {
        into_opaque(self, Kind::Ingress)
    }

    /// The default backend in either wire shape.
    pub fn default_backend(&self) -> Option<&IngressBackend> {
        self.spec.default_backend.as_ref().or(self.spec.backend.as_ref())
    }

    /// `formatHosts`: up to three hosts, `*` when none is named.
    pub fn hosts_cell(&self) -> String {
        let hosts: Vec<&str> =
            self.spec.rules.iter().filter_map(|r| r.host.as_deref()).filter(|h| !h.is_empty()).collect();
        if hosts.is_empty() {
            return "*".into();
        }
        let shown = hosts.iter().take(3).copied().collect::<Vec<_>>().join(",");
        if hosts.len() > 3 {
            format!("{shown} + {} more...", hosts.len() - 3)
        } else {
            shown
        }
    }

    /// The load balancer's addresses (`status.loadBalancer.ingress[].ip|hostname`).
    pub fn addresses(&self) -> Vec<String> {
        self.status
            .pointer("/loadBalancer/ingress")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|i| i.get("ip").or_else(|| i.get("hostname")).and_then(|v| v.as_str()))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn address_cell(&self) -> String {
        self.addresses().join(",")
    }

    /// `80`, or `80, 443` with TLS.
    pub fn ports_cell(&self) -> String {
        if self.spec.tls.is_empty() {
            "80".into()
        } else {
            "80, 443".into()
        }
    }

    /// Sets the load balancer's address (the ingress controller's status update).
    pub fn set_address(&mut self, ip: &str) {
        self.status = serde_json::json!({"loadBalancer": {"ingress": [{"ip": ip}]}});
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IngressClass {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: IngressClassSpec,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IngressClassSpec {
    pub controller: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<serde_json::Value>,
}

impl IngressClass {
    pub fn from_object(obj: &Object) -> Option<IngressClass> {
        from_opaque(obj, Kind::IngressClass)
    }
    pub fn into_object(&self) -> Object {
        into_opaque(self, Kind::IngressClass)
    }
    pub fn is_default(&self) -> bool {
        self.metadata.annotations.get(DEFAULT_INGRESS_CLASS_ANNOTATION).is_some_and(|v| v == "true")
    }
    /// `Kind/name` of `spec.parameters`, or `<none>`.
    pub fn parameters_cell(&self) -> String {
        let Some(p) = &self.spec.parameters else { return "<none>".into() };
        let kind = p.get("kind").and_then(|v| v.as_str()).unwrap_or("");
        let name = p.get("name").and_then(|v| v.as_str()).unwrap_or("");
        match p.get("apiGroup").and_then(|v| v.as_str()) {
            Some(g) if !g.is_empty() => format!("{kind}.{g}/{name}"),
            _ => format!("{kind}/{name}"),
        }
    }
}

/// The API server's checks of an Ingress (`ValidateIngressSpec` of the object's version).
pub fn validate_ingress(ing: &Ingress, causes: &mut Vec<String>) {
    let v1 = ing.api_version.starts_with("networking.k8s.io/");
    if ing.spec.rules.is_empty() && ing.default_backend().is_none() {
        let field = if v1 { "defaultBackend" } else { "backend" };
        causes.push(format!("spec: Invalid value: \"\": either `{field}` or `rules` must be specified"));
    }
    if let Some(b) = ing.default_backend() {
        let field = if v1 { "spec.defaultBackend" } else { "spec.backend" };
        validate_backend(b, field, v1, causes);
    }
    for (i, rule) in ing.spec.rules.iter().enumerate() {
        if let Some(host) = rule.host.as_deref().filter(|h| !h.is_empty()) {
            if host.parse::<std::net::IpAddr>().is_ok() {
                causes.push(format!(
                    "spec.rules[{i}].host: Invalid value: \"{host}\": must be a DNS name, not an IP address"
                ));
            } else {
                let bare = host.strip_prefix("*.").unwrap_or(host);
                if !crate::validation::is_dns1123_subdomain(bare) {
                    causes.push(format!(
                        "spec.rules[{i}].host: Invalid value: \"{host}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
                    ));
                }
            }
        }
        let Some(http) = &rule.http else { continue };
        if http.paths.is_empty() {
            causes.push(format!("spec.rules[{i}].http.paths: Required value"));
        }
        for (j, p) in http.paths.iter().enumerate() {
            let at = format!("spec.rules[{i}].http.paths[{j}]");
            let path = p.path.clone().unwrap_or_default();
            if v1 {
                let Some(pt) = p.path_type.as_deref() else {
                    causes.push(format!("{at}.pathType: Required value: pathType must be specified"));
                    continue;
                };
                match pt {
                    "Exact" | "Prefix" => {
                        if !path.starts_with('/') {
                            causes.push(format!("{at}.path: Invalid value: \"{path}\": must be an absolute path"));
                        }
                    }
                    "ImplementationSpecific" => {
                        if !path.is_empty() && !path.starts_with('/') {
                            causes.push(format!("{at}.path: Invalid value: \"{path}\": must be an absolute path"));
                        }
                    }
                    other => causes.push(format!(
                        "{at}.pathType: Unsupported value: \"{other}\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\""
                    )),
                }
            } else if !path.is_empty() && !path.starts_with('/') {
                causes.push(format!("{at}.path: Invalid value: \"{path}\": must be an absolute path"));
            }
            validate_backend(&p.backend, &format!("{at}.backend"), v1, causes);
        }
    }
}

fn validate_backend(b: &IngressBackend, at: &str, v1: bool, causes: &mut Vec<String>) {
    if !v1 {
        match b.service_name.as_deref() {
            None | Some("") => causes.push(format!("{at}.serviceName: Required value")),
            Some(n) if !crate::validation::is_dns1123_label(n) => causes.push(format!(
                "{at}.serviceName: Invalid value: \"{n}\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
            )),
            _ => {}
        }
        match &b.service_port {
            Some(IntOrString::Int(p)) if !(1..=65535).contains(p) => {
                causes.push(format!("{at}.servicePort: Invalid value: {p}: must be between 1 and 65535, inclusive"))
            }
            None => causes.push(format!("{at}.servicePort: Invalid value: 0: must be between 1 and 65535, inclusive")),
            _ => {}
        }
        return;
    }
    match (&b.service, &b.resource) {
        (Some(_), Some(_)) => {
            causes.push(format!("{at}: Invalid value: \"\": cannot set both resource and service backends"))
        }
        (None, Some(_)) => {}
        (None, None) => causes.push(format!("{at}: Invalid value: \"\": resource or service backend is required")),
        (Some(s), None) => {
            if s.name.is_empty() {
                causes.push(format!("{at}.service.name: Required value"));
            }
            match (&s.port.name, s.port.number) {
                (Some(n), Some(_)) if !n.is_empty() => {
                    causes.push(format!("{at}: Invalid value: \"\": cannot set both port name & port number"))
                }
                (_, Some(p)) if !(1..=65535).contains(&p) => causes.push(format!(
                    "{at}.service.port.number: Invalid value: {p}: must be between 1 and 65535, inclusive"
                )),
                (Some(n), None) if !n.is_empty() => {}
                (_, Some(_)) => {}
                _ => causes.push(format!("{at}: Required value: port name or number is required")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ingress(json: serde_json::Value) -> Ingress {
        serde_json::from_value(json).expect("ingress")
    }

    #[test]
    fn v1_requires_a_path_type_and_a_port() {
        let ing = ingress(serde_json::json!({
            "apiVersion": "networking.k8s.io/v1",
            "spec": {"rules": [{"host": "a.example.com", "http": {"paths": [
                {"path": "/", "backend": {"service": {"name": "web", "port": {"number": 80}}}},
                {"path": "/x", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {}}}}
            ]}}]}
        }));
        let mut causes = vec![];
        validate_ingress(&ing, &mut causes);
        assert_eq!(
            causes,
            [
                "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified",
                "spec.rules[0].http.paths[1].backend: Required value: port name or number is required",
            ]
        );
    }

    #[test]
    fn the_beta_shape_names_service_and_port() {
        let ing = ingress(serde_json::json!({
            "apiVersion": "extensions/v1beta1",
            "spec": {"rules": [{"http": {"paths": [{"path": "/", "backend": {"serviceName": "web", "servicePort": 80}}]}}]}
        }));
        let mut causes = vec![];
        validate_ingress(&ing, &mut causes);
        assert!(causes.is_empty(), "{causes:?}");
        let backend = &ing.spec.rules[0].http.as_ref().expect("http").paths[0].backend;
        assert_eq!(backend.describe(), "web:80");
        assert_eq!(ing.hosts_cell(), "*");
    }
}
