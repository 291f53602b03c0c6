//! The race's objects: the chapter's app as Deployments (one per version for blue/green and
//! canary, one whose image changes for Recreate and RollingUpdate), its Service and a load
//! generator, as the console lines an operator would type.

use super::Strategy;

/// The app's image without a tag.
pub const IMAGE: &str = "registry.lab/my-app";
/// The version the race starts from.
pub const V1: &str = "v1.0.0";
/// Requests per pod: 100 millicores and 128 MiB.
pub const CPU_MILLIS: i64 = 100;
pub const MEMORY_MIB: i64 = 128;
/// Seconds a Deployment may take to make progress (`progressDeadlineSeconds`); the operator's
/// deadline for the new version to be ready.
pub const PROGRESS_DEADLINE_SECS: u64 = 120;

/// A Deployment of `replicas` pods of `tag`, as `kubectl apply -f -` takes it.
pub fn deployment(name: &str, replicas: u32, tag: &str, version_label: Option<&str>, strategy: &str) -> String {
    let (selector, labels) = match version_label {
        Some(v) => {
            (format!("      app: my-app\n      version: {v}\n"), format!("        app: my-app\n        version: {v}\n"))
        }
        None => ("      app: my-app\n".to_string(), "        app: my-app\n".to_string()),
    };
    format!(
        "kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: {replicas}
  progressDeadlineSeconds: {PROGRESS_DEADLINE_SECS}
  selector:
    matchLabels:
{selector}  strategy:
{strategy}  template:
    metadata:
      labels:
{labels}    spec:
      containers:
      - name: my-app
        image: {IMAGE}:{tag}
        ports:
        - containerPort: 8080
        readinessProbe:
          httpGet:
            path: /
            port: 8080
          initialDelaySeconds: 5
          periodSeconds: 5
          successThreshold: 1
        resources:
          requests:
            cpu: {CPU_MILLIS}m
            memory: {MEMORY_MIB}Mi
EOF"
    )
}

/// The Service `my-app` on port 80, selecting `app: my-app` (and `version`, for blue/green).
pub fn service(version: Option<&str>) -> String {
    let extra = version.map(|v| format!("    version: {v}\n")).unwrap_or_default();
    format!(
        "kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: my-app
spec:
  selector:
    app: my-app
{extra}  ports:
  - port: 80
    targetPort: 8080
EOF"
    )
}

/// The steady client: a busybox pod fetching the app in a loop (about 65 requests a second).
pub const LOAD: &str = "kubectl run load --image=busybox:1.28 --restart=Never -- /bin/sh -c \"while sleep 0.01; do wget -q -O- http://my-app; done\"";

/// The `strategy:` block of a strategy's Deployment(s).
pub fn strategy_block(strategy: Strategy) -> &'static str {
    match strategy {
        Strategy::Recreate => "    type: Recreate\n",
        // The chapter's slide: maxSurge 2, maxUnavailable 1.
        Strategy::RollingUpdate => {
            "    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 2\n      maxUnavailable: 1\n"
        }
        Strategy::BlueGreen | Strategy::Canary => "    type: RollingUpdate\n",
    }
}

/// The console lines that build a strategy's starting state: v1 serving under load.
pub fn setup(strategy: Strategy, replicas: u32) -> Vec<String> {
    let block = strategy_block(strategy);
    match strategy {
        Strategy::Recreate | Strategy::RollingUpdate => {
            vec![deployment("my-app", replicas, V1, None, block), service(None), LOAD.to_string()]
        }
        Strategy::BlueGreen => {
            vec![deployment("my-dep-v1", replicas, V1, Some(V1), block), service(Some(V1)), LOAD.to_string()]
        }
        Strategy::Canary => {
            vec![deployment("my-dep-v1", replicas, V1, Some(V1), block), service(None), LOAD.to_string()]
        }
    }
}
