//! `kubectl get --raw PATH` for the Metrics API (`/apis/metrics.k8s.io/v1beta1/...`): the JSON
//! metrics-server answers, one line as the API server sends it: `NodeMetricsList` /
//! `NodeMetrics` (`/nodes[/NAME]`), `PodMetricsList` / `PodMetrics` (`/pods`,
//! `/namespaces/NS/pods[/NAME]`) and the group version's resource list. Quantities are printed
//! canonically (CPU `500m` where metrics-server sends the same in nanocores, memory `80896Ki`),
//! the window in Go's duration format. Before metrics-server is installed the group is not
//! served (NotFound); while its pod is not ready the APIService is unavailable
//! (ServiceUnavailable). Any other path is not modelled: the lab's note for `--raw`.

use super::*;
use kubelab_sim::api::quantity::{Format, Quantity};
use kubelab_sim::usage::{server, ContainerUsage, NodeUsage, PodUsage};
use kubelab_sim::SimTime;

const PREFIX: &str = "/apis/metrics.k8s.io";
const NOT_FOUND: &str = "Error from server (NotFound): the server could not find the requested resource";

pub(super) fn get_raw(c: &Console, ctx: &Ctx, path: &str, out: &mut Output) {
    if !ctx.pos.is_empty() {
        return out.err("error: arguments may not be passed when --raw is specified");
    }
    let path = path.split('?').next().unwrap_or("");
    let Some(rest) = path.strip_prefix(PREFIX) else {
        return out.err("error: flag --raw is not available in this lab yet\nSee 'kubectl get --help' for usage.");
    };
    let m = c.cluster.metrics_api();
    if !m.available {
        return out.err(if server::installed(&c.cluster) {
            "Error from server (ServiceUnavailable): the server is currently unable to handle the request"
        } else {
            NOT_FOUND
        });
    }
    let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
    let now = c.cluster.now();
    let body = match parts.as_slice() {
        [] | ["v1beta1"] => Some(RESOURCES.to_string()),
        ["v1beta1", "nodes"] => {
            let items: Vec<String> = m.nodes.values().map(|n| node_json(c, n, now)).collect();
            Some(list("NodeMetricsList", &items))
        }
        ["v1beta1", "nodes", name] => match m.node(name) {
            Some(n) => Some(node_json(c, n, now)),
            None => {
                return out
                    .err(&format!("Error from server (NotFound): nodemetrics.metrics.k8s.io \"{name}\" not found"))
            }
        },
        ["v1beta1", "pods"] => {
            let items: Vec<String> = m.pods.values().map(|p| pod_json(c, p, now)).collect();
            Some(list("PodMetricsList", &items))
        }
        ["v1beta1", "namespaces", ns, "pods"] => {
            let items: Vec<String> =
                m.pods.values().filter(|p| p.namespace == *ns).map(|p| pod_json(c, p, now)).collect();
            Some(list("PodMetricsList", &items))
        }
        ["v1beta1", "namespaces", ns, "pods", name] => match m.pod(ns, name) {
            Some(p) => Some(pod_json(c, p, now)),
            None => {
                return out
                    .err(&format!("Error from server (NotFound): podmetrics.metrics.k8s.io \"{ns}/{name}\" not found"))
            }
        },
        _ => None,
    };
    match body {
        Some(b) => out.out(&b),
        None => out.err(NOT_FOUND),
    }
}

const RESOURCES: &str = "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"metrics.k8s.io/v1beta1\",\"resources\":[{\"name\":\"nodes\",\"singularName\":\"\",\"namespaced\":false,\"kind\":\"NodeMetrics\",\"verbs\":[\"get\",\"list\"]},{\"name\":\"pods\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"PodMetrics\",\"verbs\":[\"get\",\"list\"]}]}";

fn list(kind: &str, items: &[String]) -> String {
    format!(
        "{{\"kind\":\"{kind}\",\"apiVersion\":\"metrics.k8s.io/v1beta1\",\"metadata\":{{}},\"items\":[{}]}}",
        items.join(",")
    )
}

fn s(v: &str) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn labels_json(labels: &std::collections::BTreeMap<String, String>) -> String {
    let kv: Vec<String> = labels.iter().map(|(k, v)| format!("{}:{}", s(k), s(v))).collect();
    format!("{{{}}}", kv.join(","))
}

fn usage_json(cpu_milli: u64, memory_bytes: u64) -> String {
    let cpu = Quantity { nanos: i128::from(cpu_milli) * 1_000_000, format: Format::DecimalSI }.canonical();
    let mem = Quantity { nanos: i128::from(memory_bytes) * 1_000_000_000, format: Format::BinarySI }.canonical();
    format!("{{\"cpu\":{},\"memory\":{}}}", s(&cpu), s(&mem))
}

fn window(d: kubelab_sim::SimDuration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{}.{}s", ms / 1000, format!("{:03}", ms % 1000).trim_end_matches('0'))
    }
}

fn meta_json(c: &Console, name: &str, ns: Option<&str>, labels: Option<String>, now: SimTime) -> String {
    let mut fields = vec![format!("\"name\":{}", s(name))];
    if let Some(ns) = ns {
        fields.push(format!("\"namespace\":{}", s(ns)));
    }
    fields.push(format!("\"creationTimestamp\":{}", s(&rfc3339(c.cluster.unix_secs(now)))));
    if let Some(l) = labels {
        fields.push(format!("\"labels\":{l}"));
    }
    format!("{{{}}}", fields.join(","))
}

fn node_json(c: &Console, n: &NodeUsage, now: SimTime) -> String {
    let labels = c.cluster.get(Kind::Node, "", &n.name).map(|o| labels_json(&o.meta().labels));
    format!(
        "{{\"metadata\":{},\"timestamp\":{},\"window\":{},\"usage\":{}}}",
        meta_json(c, &n.name, None, labels, now),
        s(&rfc3339(c.cluster.unix_secs(n.timestamp))),
        s(&window(n.window)),
        usage_json(n.cpu_milli, n.memory_bytes)
    )
}

fn pod_json(c: &Console, p: &PodUsage, now: SimTime) -> String {
    let labels = c
        .cluster
        .get(Kind::Pod, &p.namespace, &p.name)
        .map(|o| &*o.meta().labels)
        .filter(|l| !l.is_empty())
        .map(labels_json);
    let containers: Vec<String> = p
        .containers
        .iter()
        .map(|ContainerUsage { name, cpu_milli, memory_bytes }| {
            format!("{{\"name\":{},\"usage\":{}}}", s(name), usage_json(*cpu_milli, *memory_bytes))
        })
        .collect();
    format!(
        "{{\"metadata\":{},\"timestamp\":{},\"window\":{},\"containers\":[{}]}}",
        meta_json(c, &p.name, Some(&p.namespace), labels, now),
        s(&rfc3339(c.cluster.unix_secs(p.timestamp))),
        s(&window(p.window)),
        containers.join(",")
    )
}
