//! `kubectl create secret generic|docker-registry|tls NAME ...` and `kubectl create
//! serviceaccount NAME`: the objects kubectl builds on the client, with its checks and
//! messages, then one create.
//!
//! * `generic`: `--from-file` sources first, then `--from-literal`, or `--from-env-file` alone
//!   (`KEY=value` lines; `#` comments and blank lines skipped; a line without `=` takes the
//!   variable from kubectl's own environment, which is empty here); `--type` as given.
//! * `docker-registry`: the `.dockerconfigjson` kubectl writes (`auths.SERVER` with username,
//!   password, email when given and `auth`, the base64 of `user:password`), or `--from-file`
//!   (a file without a key becomes `.dockerconfigjson`, as kubectl 1.33 does). Simplified: before
//!   kubectl 1.19 `--docker-username` and `--docker-password` were required flags (cobra's
//!   `required flag(s)` error); the course era answers with the newer message.
//! * `tls`: kubectl loads the pair with Go's `tls.X509KeyPair`. Simplified: the lab checks the
//!   PEM blocks as that function does (a `CERTIFICATE` block in the certificate file, a
//!   `... PRIVATE KEY` block in the key file, with its messages for missing or switched inputs)
//!   but does not parse the DER inside or check that the key belongs to the certificate.

use super::*;
use kubelab_sim::secret::encode;
use std::collections::BTreeMap;

/// The flags of `kubectl create secret generic --help` the lab does not model.
pub(super) const GENERIC_NOT_MODELLED: &[&str] =
    &["--allow-missing-template-keys", "--append-hash", "--show-managed-fields", "--template"];

/// The flags of `kubectl create serviceaccount --help` the lab does not model.
pub(super) const SA_NOT_MODELLED: &[&str] = &["--allow-missing-template-keys", "--show-managed-fields", "--template"];

const COMMON: [FlagDef; 5] = [
    flags::DRY_RUN,
    flags::v("output", Some('o')),
    flags::b("save-config", None),
    flags::v("validate", None),
    flags::v("field-manager", None),
];

/// The flags of [create, secret, generic], besides the global ones.
pub(super) const GENERIC_FLAGS: &[FlagDef] = &[
    flags::v("from-file", None),
    flags::v("from-literal", None),
    flags::v("from-env-file", None),
    flags::v("type", None),
    COMMON[0],
    COMMON[1],
    COMMON[2],
    COMMON[3],
    COMMON[4],
];

/// The flags of [create, secret, docker-registry].
pub(super) const DOCKER_FLAGS: &[FlagDef] = &[
    flags::v("docker-server", None),
    flags::v("docker-username", None),
    flags::v("docker-password", None),
    flags::v("docker-email", None),
    flags::v("from-file", None),
    COMMON[0],
    COMMON[1],
    COMMON[2],
    COMMON[3],
    COMMON[4],
];

/// The flags of [create, secret, tls].
pub(super) const TLS_FLAGS: &[FlagDef] =
    &[flags::v("cert", None), flags::v("key", None), COMMON[0], COMMON[1], COMMON[2], COMMON[3], COMMON[4]];

/// The flags of [create, serviceaccount].
pub(super) const SA_FLAGS: &[FlagDef] = &COMMON;

type Data = BTreeMap<String, Vec<u8>>;

/// The one NAME, or kubectl's error for `kubectl create secret <sub>`.
fn one_name(ctx: &Ctx) -> Result<String, String> {
    match ctx.pos.as_slice() {
        [name] => Ok(name.clone()),
        other => Err(format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl {} -h' for help and examples",
            other.len(),
            ctx.path.join(" ")
        )),
    }
}

/// kubectl's `addKeyFromLiteralToSecret`.
fn add_key(data: &mut Data, key: &str, value: Vec<u8>) -> Result<(), String> {
    let errs = kubelab_sim::validation::config_key_errors(key);
    if !errs.is_empty() {
        return Err(format!("error: {key:?} is not valid key name for a Secret {}", errs.join(";")));
    }
    if data.contains_key(key) {
        return Err(format!("error: cannot add key {key}, another key by that name already exists"));
    }
    data.insert(key.to_string(), value);
    Ok(())
}

/// `--from-file=[key=]source`: a file under its base name or the given key; a directory gives
/// each of its files under its own name.
fn add_file_source(c: &Console, data: &mut Data, source: &str) -> Result<(), String> {
    // kubectl's `ParseFileSource`.
    let (key, path) = match source.split_once('=') {
        None => (None, source),
        Some((_, rest)) if rest.contains('=') => return Err("error: key names or file paths cannot contain '='".into()),
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
                if let Ok(FileEntry::File(text)) = c.read_file(&p) {
                    add_key(data, &e, text.into_bytes())?;
                }
            }
            Ok(())
        }
        Ok(FileEntry::File(text)) => {
            let base = path.trim_end_matches('/').rsplit('/').next().unwrap_or(path);
            add_key(data, key.unwrap_or(base), text.into_bytes())
        }
        Err(_) => Err(format!("error: error reading {path}: no such file or directory")),
    }
}

/// apimachinery's `IsEnvVarName`, joined as kubectl joins it.
fn env_var_name_errors(key: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let first_ok = key.chars().next().is_some_and(|ch| ch.is_ascii_alphabetic() || matches!(ch, '-' | '_' | '.'));
    if !first_ok || !key.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.')) {
        errs.push(
            "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', \
             and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used \
             for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"
                .to_string(),
        );
    }
    if key == "." {
        errs.push("must not be '.'".into());
    } else if key == ".." {
        errs.push("must not be '..'".into());
    } else if key.starts_with("..") {
        errs.push("must not start with '..'".into());
    }
    errs
}

/// `--from-env-file`: kubectl's `addFromEnvFile`.
fn add_env_file(c: &Console, data: &mut Data, path: &str) -> Result<(), String> {
    let text = match c.read_file(path) {
        Ok(FileEntry::File(text)) => text,
        Ok(FileEntry::Dir(_)) => return Err("error: env secret file cannot be a directory".into()),
        Err(_) => return Err(format!("error: error reading {path}: no such file or directory")),
    };
    for (i, line) in text.lines().enumerate() {
        let line = if i == 0 { line.trim_start_matches('\u{feff}') } else { line };
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once('=').unwrap_or((line, ""));
        let errs = env_var_name_errors(key);
        if !errs.is_empty() {
            return Err(format!("error: {key:?} is not a valid key name: {}", errs.join(";")));
        }
        add_key(data, key, value.as_bytes().to_vec())?;
    }
    Ok(())
}

fn secret_object(ctx: &Ctx, name: String, data: Data, ty: Option<&str>) -> Object {
    let mut o = Opaque { api_version: "v1".into(), kind: "Secret".into(), ..Default::default() };
    o.metadata.name = name;
    o.metadata.namespace = Some(namespace(ctx));
    if !data.is_empty() {
        let map: serde_json::Map<String, Value> =
            data.into_iter().map(|(k, v)| (k, Value::String(encode(&v)))).collect();
        o.rest.insert("data".into(), Value::Object(map));
    }
    if let Some(t) = ty.filter(|t| !t.is_empty()) {
        o.rest.insert("type".into(), Value::String(t.to_string()));
    }
    Object::Opaque(Kind::Secret, o)
}

pub(super) fn create_generic(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let built = one_name(ctx).and_then(|name| {
        let (files, literals, envs) =
            (ctx.flags.all("from-file"), ctx.flags.all("from-literal"), ctx.flags.all("from-env-file"));
        if !envs.is_empty() && (!files.is_empty() || !literals.is_empty()) {
            return Err("error: from-env-file cannot be combined with from-file or from-literal".to_string());
        }
        let mut data = Data::new();
        for source in files {
            add_file_source(c, &mut data, source)?;
        }
        for source in literals {
            let Some((key, value)) = source.split_once('=').filter(|(k, _)| !k.is_empty()) else {
                return Err(format!("error: invalid literal source {source}, expected key=value"));
            };
            add_key(&mut data, key, value.as_bytes().to_vec())?;
        }
        for path in envs {
            add_env_file(c, &mut data, path)?;
        }
        Ok(secret_object(ctx, name, data, ctx.flags.get("type")))
    });
    match built {
        Ok(obj) => create_one(c, obj, "", ctx, out),
        Err(e) => out.err(&e),
    }
}

/// A JSON string as Go's `json.Marshal` writes it (`<`, `>`, `&` escaped too).
fn go_json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", ch as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The `.dockerconfigjson` kubectl builds (`DockerConfigJSON`, fields in Go's order).
pub(super) fn docker_config_json(server: &str, user: &str, password: &str, email: &str) -> String {
    let auth = encode(format!("{user}:{password}").as_bytes());
    let email = if email.is_empty() { String::new() } else { format!(",\"email\":{}", go_json_string(email)) };
    format!(
        "{{\"auths\":{{{}:{{\"username\":{},\"password\":{}{email},\"auth\":{}}}}}}}",
        go_json_string(server),
        go_json_string(user),
        go_json_string(password),
        go_json_string(&auth)
    )
}

pub(super) fn create_docker_registry(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    const TYPE: &str = "kubernetes.io/dockerconfigjson";
    let built = one_name(ctx).and_then(|name| {
        let files = ctx.flags.all("from-file");
        let mut data = Data::new();
        if !files.is_empty() {
            for source in files {
                // kubectl 1.29+ (kubernetes#119589): a source without a key is the
                // `.dockerconfigjson` (so a directory cannot be given).
                let keyed =
                    if source.contains('=') { source.to_string() } else { format!(".dockerconfigjson={source}") };
                add_file_source(c, &mut data, &keyed)?;
            }
            return Ok(secret_object(ctx, name, data, Some(TYPE)));
        }
        let user = ctx.flags.get("docker-username").unwrap_or_default();
        let password = ctx.flags.get("docker-password").unwrap_or_default();
        let server = ctx.flags.get("docker-server").unwrap_or("https://index.docker.io/v1/");
        if user.is_empty() || password.is_empty() || server.is_empty() {
            return Err("error: either --from-file or the combination of --docker-username, --docker-password and \
                        --docker-server is required"
                .to_string());
        }
        let email = ctx.flags.get("docker-email").unwrap_or_default();
        data.insert(".dockerconfigjson".into(), docker_config_json(server, user, password, email).into_bytes());
        Ok(secret_object(ctx, name, data, Some(TYPE)))
    });
    match built {
        Ok(obj) => create_one(c, obj, "", ctx, out),
        Err(e) => out.err(&e),
    }
}

/// The types of the PEM blocks in `text` (`-----BEGIN T-----` ... `-----END T-----` with a
/// base64 body), in order.
fn pem_blocks(text: &str) -> Vec<String> {
    let mut types = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in text.lines().map(str::trim_end) {
        match &mut open {
            None => {
                if let Some(t) = line.strip_prefix("-----BEGIN ").and_then(|l| l.strip_suffix("-----")) {
                    open = Some((t.to_string(), String::new()));
                }
            }
            Some((t, body)) => {
                if line == format!("-----END {t}-----") {
                    if kubelab_sim::secret::decode(body).is_ok() {
                        types.push(t.clone());
                    }
                    open = None;
                } else if !line.contains(':') {
                    // Headers (`Proc-Type: ...`) are passed over, as pem.Decode keeps them apart.
                    body.push_str(line.trim());
                }
            }
        }
    }
    types
}

/// The checks of Go's `tls.X509KeyPair` on the PEM blocks (see the module doc).
fn check_key_pair(cert: &str, key: &str) -> Result<(), String> {
    let blocks = pem_blocks(cert);
    if !blocks.iter().any(|t| t == "CERTIFICATE") {
        return Err(match blocks.as_slice() {
            [] => "tls: failed to find any PEM data in certificate input".into(),
            [one] if one.ends_with("PRIVATE KEY") => "tls: failed to find certificate PEM data in certificate input, \
                                                      but did find a private key; PEM inputs may have been switched"
                .into(),
            _ => format!(
                "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the \
                 following types: [{}]",
                blocks.join(" ")
            ),
        });
    }
    let blocks = pem_blocks(key);
    let is_key = |t: &String| t == "PRIVATE KEY" || t.ends_with(" PRIVATE KEY");
    match blocks.iter().position(is_key) {
        Some(_) => Ok(()),
        None => Err(match blocks.as_slice() {
            [] => "tls: failed to find any PEM data in key input".into(),
            [one] if one == "CERTIFICATE" => {
                "tls: found a certificate rather than a key in the PEM for the private key".into()
            }
            _ => format!(
                "tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM \
                 blocks of the following types: [{}]",
                blocks.join(" ")
            ),
        }),
    }
}

fn read_whole(c: &Console, path: &str) -> Result<String, String> {
    match c.read_file(path) {
        Ok(FileEntry::File(text)) => Ok(text),
        Ok(FileEntry::Dir(_)) => Err(format!("error: Cannot read file {path}, read {path}: is a directory")),
        Err(_) => Err(format!("error: Cannot read file {path}, open {path}: no such file or directory")),
    }
}

pub(super) fn create_tls(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let built = one_name(ctx).and_then(|name| {
        let (Some(cert_path), Some(key_path)) =
            (ctx.flags.get("cert").filter(|p| !p.is_empty()), ctx.flags.get("key").filter(|p| !p.is_empty()))
        else {
            return Err("error: key and cert must be specified".to_string());
        };
        let cert = read_whole(c, cert_path)?;
        let key = read_whole(c, key_path)?;
        check_key_pair(&cert, &key).map_err(|e| format!("error: {e}"))?;
        let data: Data = [("tls.crt".to_string(), cert.into_bytes()), ("tls.key".to_string(), key.into_bytes())].into();
        Ok(secret_object(ctx, name, data, Some("kubernetes.io/tls")))
    });
    match built {
        Ok(obj) => create_one(c, obj, "", ctx, out),
        Err(e) => out.err(&e),
    }
}

pub(super) fn create_serviceaccount(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let name = match one_name(ctx) {
        Ok(n) => n,
        Err(e) => return out.err(&e),
    };
    let mut o = Opaque { api_version: "v1".into(), kind: "ServiceAccount".into(), ..Default::default() };
    o.metadata.name = name;
    o.metadata.namespace = Some(namespace(ctx));
    create_one(c, Object::Opaque(Kind::ServiceAccount, o), "", ctx, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_config_json_is_what_kubectl_writes() {
        assert_eq!(
            docker_config_json("registry.example.com", "alice", "pw", "a@example.com"),
            r#"{"auths":{"registry.example.com":{"username":"alice","password":"pw","email":"a@example.com","auth":"YWxpY2U6cHc="}}}"#
        );
        assert_eq!(
            docker_config_json("https://index.docker.io/v1/", "alice", "p\"w<>&", ""),
            r#"{"auths":{"https://index.docker.io/v1/":{"username":"alice","password":"p\"w\u003c\u003e\u0026","auth":"YWxpY2U6cCJ3PD4m"}}}"#
        );
    }

    #[test]
    fn key_pairs_are_checked_block_by_block() {
        let cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        let key = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";
        let rsa = "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n";
        assert_eq!(check_key_pair(cert, key), Ok(()));
        assert_eq!(check_key_pair(cert, rsa), Ok(()));
        assert_eq!(check_key_pair("hello\n", key), Err("tls: failed to find any PEM data in certificate input".into()));
        assert_eq!(check_key_pair(cert, "hello\n"), Err("tls: failed to find any PEM data in key input".into()));
        assert!(check_key_pair(key, cert).unwrap_err().contains("PEM inputs may have been switched"));
        assert_eq!(
            check_key_pair(cert, cert),
            Err("tls: found a certificate rather than a key in the PEM for the private key".into())
        );
        assert!(check_key_pair(
            "-----BEGIN X-----\nAA==\n-----END X-----\n-----BEGIN Y-----\nAA==\n-----END Y-----\n",
            key
        )
        .unwrap_err()
        .ends_with("skipping PEM blocks of the following types: [X Y]"));
        // A block without its end, or with a body that is no base64, is no block.
        assert!(pem_blocks("-----BEGIN CERTIFICATE-----\nMIIB\n").is_empty());
        assert!(pem_blocks("-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n").is_empty());
    }

    #[test]
    fn describe_sa_marks_listed_secrets_that_do_not_exist() {
        use super::super::testing::*;
        let manifest = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ci\nimagePullSecrets:\n- name: pull\n- name: gone\nsecrets:\n- name: gone\n";
        let mut c = with_files(&[("sa.yaml", manifest)]);
        ok(&mut c, "kubectl create secret generic pull --from-literal=a=b");
        ok(&mut c, "kubectl apply -f sa.yaml");
        let d = ok(&mut c, "kubectl describe sa ci");
        assert!(
            d.contains(
                "Image pull secrets:  pull\n                     gone (not found)\nMountable secrets:   gone (not found)\nTokens:              <none>\n"
            ),
            "{d}"
        );
        assert_eq!(ok(&mut c, "kubectl get sa ci"), "NAME   SECRETS   AGE\nci     1         0s\n");
    }

    #[test]
    fn env_var_names_follow_is_env_var_name() {
        assert!(env_var_name_errors("PASS_1").is_empty());
        assert!(env_var_name_errors(".x").is_empty());
        assert_eq!(env_var_name_errors("1A").len(), 1);
        assert_eq!(env_var_name_errors("..x"), ["must not start with '..'"]);
    }
}
