//! The YAML reader the console hands the cluster's pipeline runner
//! (`Cluster::set_yaml_reader`): workflow files and `app.yaml` are YAML, and YAML lives here.

use serde_json::Value;

/// The first document of `text` as JSON (an empty text is `null`).
pub fn yaml(text: &str) -> Result<Value, String> {
    match crate::manifest::parse_documents(text, "the file") {
        Ok(docs) => Ok(docs.into_iter().next().unwrap_or(Value::Null)),
        Err(e) => Err(e.trim_start_matches("error parsing the file: ").to_string()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn yaml_reads_the_first_document() {
        assert_eq!(super::yaml("on: push\njobs: {}\n").ok(), Some(serde_json::json!({"on": "push", "jobs": {}})));
        assert!(super::yaml("a: b: c\n").is_err());
    }
}
