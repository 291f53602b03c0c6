//! `minikube addons enable ingress` in the student's terminal: the one minikube command the lab
//! knows, which installs the ingress controller (`kubelab_sim::ingress::enable_addon`, what it
//! creates per era is documented there). A current minikube waits in its `Verifying ingress
//! addon...` step until the controller is ready (at most 6 minutes, as minikube's own timeout);
//! minikube 0.28 returned at once. Any other minikube command gets a lab note, never a made-up
//! minikube answer.

use crate::{Console, Output};
use kubelab_sim::ingress;

/// minikube's wait for the addon's pods.
const VERIFY_LIMIT_SECS: u32 = 360;

pub(crate) fn minikube(c: &mut Console, args: &[String], out: &mut Output) {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    if words != ["addons", "enable", "ingress"] {
        out.err("kubelab: this lab's terminal knows one minikube command: minikube addons enable ingress");
        out.exit_code = 1;
        return;
    }
    ingress::enable_addon(&mut c.cluster);
    let text = c.era().ingress_addon_output;
    let (before, after) = match text.split_once("{wait}") {
        Some((b, a)) => (b, Some(a)),
        None => (text, None),
    };
    out.stdout.push_str(before);
    if let Some(after) = after {
        for _ in 0..VERIFY_LIMIT_SECS {
            if !ingress::controller_pods(&c.cluster).is_empty() {
                break;
            }
            c.cluster.step();
        }
        out.stdout.push_str(after);
    }
}
