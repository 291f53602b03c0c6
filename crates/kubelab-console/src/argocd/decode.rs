//! The manifest decoder the console hands the cluster (`Cluster::set_manifest_decoder`): the
//! sync agent reads YAML from Git, and YAML lives here (`manifest`). Each document is decoded
//! as `kubectl apply` would (kubectl's errors for bad YAML, unknown kinds and wrong field
//! types) and handed over as JSON.

use crate::{manifest, Profile};
use serde_json::Value;

fn decode_with(text: &str, source: &str, profile: Profile) -> Result<Vec<Value>, String> {
    let docs = manifest::parse_documents(text, source)?;
    for doc in &docs {
        manifest::decode(doc.clone(), source, profile)?;
    }
    Ok(docs)
}

/// For a current (v1.33) cluster.
pub fn current(text: &str, source: &str) -> Result<Vec<Value>, String> {
    decode_with(text, source, Profile::Current)
}

/// For a course-era (v1.11) cluster.
pub fn course(text: &str, source: &str) -> Result<Vec<Value>, String> {
    decode_with(text, source, Profile::Course)
}

/// The decoder for a profile's cluster.
pub fn for_profile(profile: Profile) -> kubelab_sim::argocd::ManifestDecoder {
    match profile {
        Profile::Current => current,
        Profile::Course => course,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_decode_or_fail_as_kubectl_says() {
        let ok = current("apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n", "k8s/a.yaml");
        assert_eq!(ok.map(|d| d.len()), Ok(2));
        let e = current("apiVersion: v1\nkind: Nope\nmetadata:\n  name: a\n", "k8s/a.yaml").unwrap_err();
        assert!(e.contains("no matches for kind \"Nope\""), "{e}");
        assert!(current("a: b: c\n", "x.yaml").unwrap_err().starts_with("error parsing x.yaml"));
    }
}
