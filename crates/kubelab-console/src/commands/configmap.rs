//! `kubectl create configmap NAME [--from-file=[key=]source] [--from-literal=key=value]
//! [--from-env-file=path]`: the data kubectl builds on the client (files first, then literals,
//! then env files, as `createConfigMap` adds them), with kubectl's key checks and messages, then
//! one create. Simplified: an env-file line without `=` takes its value from kubectl's own
//! environment, which in the lab is empty, so the value is "".

use super::*;
use std::collections::BTreeMap;

/// The flags of `kubectl create configmap --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] =
    &["--allow-missing-template-keys", "--append-hash", "--show-managed-fields", "--template"];

/// The flags of [create, configmap], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::v("from-file", None),
    flags::v("from-literal", None),
    flags::v("from-env-file", None),
    flags::DRY_RUN,
    flags::v("output", Some('o')),
    flags::b("save-config", None),
    flags::v("validate", None),
    flags::v("field-manager", None),
];

/// Why `key` is no valid ConfigMap key (apimachinery's `IsConfigMapKey`, joined as kubectl
/// joins them), or `None`.
fn config_key_errors(key: &str) -> Option<String> {
    let errs = kubelab_sim::validation::config_key_errors(key);
    (!errs.is_empty()).then(|| errs.join(";"))
}

/// Adds one key as kubectl's `addKeyFromLiteralToConfigMap` does.
fn add_key(data: &mut BTreeMap<String, String>, name: &str, key: &str, value: String) -> Result<(), String> {
    if let Some(why) = config_key_errors(key) {
        return Err(format!("error: \"{key}\" is not a valid key name for a ConfigMap: {why}"));
    }
    if data.contains_key(key) {
        return Err(format!(
            "error: cannot add key \"{key}\", another key by that name already exists in Data for ConfigMap \"{name}\""
        ));
    }
    data.insert(key.to_string(), value);
    Ok(())
}

fn read_file(c: &Console, path: &str) -> Result<String, String> {
    match c.read_file(path) {
        Ok(FileEntry::File(text)) => Ok(text),
        Ok(FileEntry::Dir(_)) => Err(format!("error: error reading {path}: is a directory")),
        Err(_) => Err(format!("error: error reading {path}: no such file or directory")),
    }
}

/// `--from-file=[key=]source`: a file under its base name or the given key; a directory gives
/// each of its files under its own name.
fn add_file_source(c: &Console, data: &mut BTreeMap<String, String>, name: &str, source: &str) -> Result<(), String> {
    let (key, path) = match source.split_once('=') {
        None => (None, source),
        Some((_, rest)) if rest.contains('=') => {
            return Err("error: key names or file paths cannot contain '='".into());
        }
        // kubectl's `ParseFileSource`.
        Some(("", p)) => return Err(format!("error: key name for file path {p} missing")),
        Some((k, "")) => return Err(format!("error: file path for key name {k} missing")),
        Some((k, p)) => (Some(k), p),
    };
    match c.read_file(path) {
        Ok(FileEntry::Dir(entries)) => {
            if key.is_some() {
                return Err("error: cannot give a key name for a directory path".into());
            }
            for e in entries {
                let p = format!("{}/{}", path.trim_end_matches('/'), e);
                // Only regular files count; a sub-directory is passed over.
                if let Ok(FileEntry::File(text)) = c.read_file(&p) {
                    add_key(data, name, &e, text)?;
                }
            }
            Ok(())
        }
        Ok(FileEntry::File(text)) => {
            let base = path.trim_end_matches('/').rsplit('/').next().unwrap_or(path);
            add_key(data, name, key.unwrap_or(base), text)
        }
        Err(_) => read_file(c, path).map(|_| ()),
    }
}

/// The data `create configmap` builds from its sources, or kubectl's error.
fn build_data(c: &Console, ctx: &Ctx, name: &str) -> Result<BTreeMap<String, String>, String> {
    let mut data = BTreeMap::new();
    for source in ctx.flags.all("from-file") {
        add_file_source(c, &mut data, name, source)?;
    }
    for source in ctx.flags.all("from-literal") {
        let Some((key, value)) = source.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Err(format!("error: invalid literal source {source}, expected key=value"));
        };
        add_key(&mut data, name, key, value.to_string())?;
    }
    for path in ctx.flags.all("from-env-file") {
        let text = match c.read_file(path) {
            Ok(FileEntry::File(text)) => text,
            Ok(FileEntry::Dir(_)) => return Err("error: env config file cannot be a directory".into()),
            Err(_) => return Err(format!("error: error reading {path}: no such file or directory")),
        };
        add_env_file(&mut data, name, &text)?;
    }
    Ok(data)
}

/// kubectl's AddFromEnvFile: each line, leading white space trimmed, is `KEY=value` (the
/// value as written) or `KEY` (the value from the environment: none here); blank lines and
/// `#` comments are passed over; a key must be an environment variable name.
fn add_env_file(data: &mut BTreeMap<String, String>, name: &str, text: &str) -> Result<(), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for line in text.lines() {
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once('=').unwrap_or((line, ""));
        if !is_env_var_name(key) {
            return Err(format!("error: \"{key}\" is not a valid key name: {ENV_VAR_NAME_MSG}"));
        }
        add_key(data, name, key, value.to_string())?;
    }
    Ok(())
}

const ENV_VAR_NAME_MSG: &str = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

/// apimachinery's IsEnvVarName regular expression, `[-._a-zA-Z][-._a-zA-Z0-9]*`.
fn is_env_var_name(key: &str) -> bool {
    let ok = |c: char| c.is_ascii_alphabetic() || matches!(c, '-' | '.' | '_');
    let mut chars = key.chars();
    chars.next().is_some_and(ok) && chars.all(|c| ok(c) || c.is_ascii_digit())
}

pub(super) fn create_configmap(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    if ctx.pos.len() != 1 {
        return out.err(&format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl create configmap -h' for help and examples",
            ctx.pos.len()
        ));
    }
    let name = ctx.pos[0].clone();
    if ctx.flags.has("from-env-file") && (ctx.flags.has("from-file") || ctx.flags.has("from-literal")) {
        return out.err("error: from-env-file cannot be combined with from-file or from-literal");
    }
    let data = match build_data(c, ctx, &name) {
        Ok(d) => d,
        Err(e) => return out.err(&e),
    };
    let mut rest = Extra::new();
    if !data.is_empty() {
        let map: serde_json::Map<String, Value> = data.into_iter().map(|(k, v)| (k, Value::String(v))).collect();
        rest.insert("data".into(), Value::Object(map));
    }
    let mut o = Opaque { api_version: "v1".into(), kind: "ConfigMap".into(), ..Default::default() };
    o.metadata.name = name;
    o.metadata.namespace = Some(namespace(ctx));
    o.rest = rest;
    create_one(c, Object::Opaque(Kind::ConfigMap, o), "", ctx, out);
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn literals_become_data_and_get_counts_them() {
        let mut c = console();
        assert_eq!(
            ok(&mut c, "kubectl create configmap cfg --from-literal=color=blue --from-literal=size=a=b"),
            "configmap/cfg created\n"
        );
        let y = ok(&mut c, "kubectl get cm cfg -o yaml");
        assert!(y.contains("data:\n  color: blue\n  size: a=b\n"), "{y}");
        // kube-root-ca.crt: the root CA publisher's, in every namespace of a current cluster.
        assert_eq!(
            ok(&mut c, "kubectl get configmaps"),
            "NAME               DATA   AGE\ncfg                2      0s\nkube-root-ca.crt   1      2d3h\n"
        );
    }

    #[test]
    fn files_are_keyed_by_base_name_or_given_key_and_directories_by_entry() {
        let mut c = with_files(&[("conf/app.properties", "a=1\n"), ("conf/b.txt", "x\n")]);
        ok(&mut c, "kubectl create configmap one --from-file=conf/app.properties --from-file=k=conf/b.txt");
        let y = ok(&mut c, "kubectl get cm one -o yaml");
        assert!(y.contains("data:\n  app.properties: |\n    a=1\n  k: |\n    x\n"), "{y}");
        ok(&mut c, "kubectl create cm two --from-file=conf");
        let y = ok(&mut c, "kubectl get cm two -o yaml");
        assert!(y.contains("  app.properties: |\n    a=1\n  b.txt: |\n    x\n"), "{y}");
    }

    #[test]
    fn bad_sources_fail_with_kubectls_messages_and_create_nothing() {
        let mut c = with_files(&[("conf/b.txt", "x\n")]);
        let cases = [
            ("--from-literal=a", "error: invalid literal source a, expected key=value\n"),
            ("--from-literal==v", "error: invalid literal source =v, expected key=value\n"),
            (
                "--from-literal='a b=c'",
                "error: \"a b\" is not a valid key name for a ConfigMap: a valid config key must consist of \
                 alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex \
                 used for validation is '[-._a-zA-Z0-9]+')\n",
            ),
            ("--from-literal=..=v", "error: \"..\" is not a valid key name for a ConfigMap: must not be '..'\n"),
            (
                "--from-literal=..a=v",
                "error: \"..a\" is not a valid key name for a ConfigMap: must not start with '..'\n",
            ),
            (
                "--from-literal=a=1 --from-literal=a=2",
                "error: cannot add key \"a\", another key by that name already exists in Data for ConfigMap \"cfg\"\n",
            ),
            (
                "--from-file=a=conf/b.txt --from-literal=a=2",
                "error: cannot add key \"a\", another key by that name already exists in Data for ConfigMap \"cfg\"\n",
            ),
            ("--from-file=nope", "error: error reading nope: no such file or directory\n"),
            ("--from-file=k=conf", "error: cannot give a key name for a directory path\n"),
            ("--from-file=a=b=conf/b.txt", "error: key names or file paths cannot contain '='\n"),
        ];
        for (args, want) in cases {
            assert_eq!(fails(&mut c, &format!("kubectl create configmap cfg {args}")), want, "{args}");
        }
        assert_eq!(
            fails(&mut c, "kubectl create configmap --from-literal=a=b"),
            "error: exactly one NAME is required, got 0\nSee 'kubectl create configmap -h' for help and examples\n"
        );
    }

    #[test]
    fn dry_run_prints_what_kubectl_builds() {
        let mut c = console();
        assert_eq!(
            ok(&mut c, "kubectl create configmap cfg --from-literal=a=b --from-literal=x.y=2 --dry-run=client -o yaml"),
            "apiVersion: v1\ndata:\n  a: b\n  x.y: \"2\"\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: cfg\n"
        );
        assert_eq!(
            ok(&mut c, "kubectl create cm cfg --from-literal=a=b --dry-run=client"),
            "configmap/cfg created (dry run)\n"
        );
        assert!(fails(&mut c, "kubectl get cm cfg").contains("NotFound"));
    }

    #[test]
    fn the_course_era_creates_configmaps_too() {
        let mut c = course();
        assert_eq!(ok(&mut c, "kubectl create configmap cfg --from-literal=a=b"), "configmap/cfg created\n");
    }

    #[test]
    fn env_files_give_one_key_per_line() {
        let mut c = with_files(&[("app.env", "\u{feff}# comment\n\n  A=1\r\nNOVALUE\nB=x=y \n")]);
        assert_eq!(ok(&mut c, "kubectl create configmap env --from-env-file=app.env"), "configmap/env created\n");
        let yaml = ok(&mut c, "kubectl get configmap env -o jsonpath={.data}");
        assert_eq!(yaml, r#"{"A":"1","B":"x=y ","NOVALUE":""}"#);
        assert_eq!(
            fails(&mut c, "kubectl create configmap env2 --from-env-file=app.env --from-literal=a=b"),
            "error: from-env-file cannot be combined with from-file or from-literal\n"
        );
    }
}
