//! Command-line flags, parsed the way kubectl's pflag does: `--name=value`, `--name value`,
//! `-n value`, `-nvalue`, booleans `--all` / `--all=false`, `--` ending flags. Each command has a
//! list of the flags it knows; anything else is kubectl's `unknown flag` error.

use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug)]
pub struct FlagDef {
    pub long: &'static str,
    pub short: Option<char>,
    pub takes_value: bool,
}

const fn v(long: &'static str, short: Option<char>) -> FlagDef {
    FlagDef { long, short, takes_value: true }
}
const fn b(long: &'static str, short: Option<char>) -> FlagDef {
    FlagDef { long, short, takes_value: false }
}

/// Flags every command accepts.
pub const GLOBAL: &[FlagDef] = &[
    v("namespace", Some('n')),
    b("help", Some('h')),
    v("context", None),
    v("kubeconfig", None),
    v("cluster", None),
    v("user", None),
    v("v", Some('v')),
    v("request-timeout", None),
];

/// The flags of one command (besides the global ones).
pub fn command_flags(path: &[&str]) -> &'static [FlagDef] {
    match path {
        ["get"] => {
            const F: &[FlagDef] = &[
                v("output", Some('o')),
                b("show-labels", None),
                v("selector", Some('l')),
                b("watch", Some('w')),
                b("watch-only", None),
                b("all-namespaces", Some('A')),
                b("no-headers", None),
                v("filename", Some('f')),
                v("label-columns", Some('L')),
                v("sort-by", None),
                v("field-selector", None),
                v("template", None),
                b("show-kind", None),
                v("chunk-size", None),
                b("ignore-not-found", None),
                b("recursive", Some('R')),
            ];
            F
        }
        ["describe"] => {
            const F: &[FlagDef] = &[
                v("selector", Some('l')),
                b("all-namespaces", Some('A')),
                v("filename", Some('f')),
                b("show-events", None),
                b("recursive", Some('R')),
            ];
            F
        }
        ["create"] | ["apply"] | ["replace"] => {
            const F: &[FlagDef] = &[
                v("filename", Some('f')),
                b("record", None),
                v("dry-run", None),
                v("output", Some('o')),
                b("save-config", None),
                v("validate", None),
                b("recursive", Some('R')),
                v("field-manager", None),
                b("server-side", None),
                b("overwrite", None),
                b("prune", None),
            ];
            F
        }
        ["create", "deployment"] => {
            const F: &[FlagDef] = &[
                v("image", None),
                v("replicas", Some('r')),
                v("port", None),
                v("dry-run", None),
                v("output", Some('o')),
                b("save-config", None),
                v("validate", None),
                v("field-manager", None),
            ];
            F
        }
        ["create", _] => {
            const F: &[FlagDef] = &[
                v("dry-run", None),
                v("output", Some('o')),
                b("save-config", None),
                v("validate", None),
                v("tcp", None),
                v("clusterip", None),
                v("node-port", None),
                v("field-manager", None),
            ];
            F
        }
        ["expose"] => {
            const F: &[FlagDef] = &[
                v("port", None),
                v("target-port", None),
                v("type", None),
                v("name", None),
                v("protocol", None),
                v("selector", None),
                v("labels", Some('l')),
                v("cluster-ip", None),
                v("external-ip", None),
                v("session-affinity", None),
                v("load-balancer-ip", None),
                v("dry-run", None),
                v("output", Some('o')),
                v("filename", Some('f')),
                v("overrides", None),
                v("field-manager", None),
                b("save-config", None),
                b("record", None),
            ];
            F
        }
        ["delete"] => {
            const F: &[FlagDef] = &[
                v("filename", Some('f')),
                b("all", None),
                v("selector", Some('l')),
                v("grace-period", None),
                b("force", None),
                b("now", None),
                b("wait", None),
                b("ignore-not-found", None),
                v("cascade", None),
                b("recursive", Some('R')),
                b("all-namespaces", Some('A')),
                v("output", Some('o')),
                v("timeout", None),
            ];
            F
        }
        ["run"] => {
            const F: &[FlagDef] = &[
                v("image", None),
                v("port", None),
                v("replicas", Some('r')),
                v("labels", Some('l')),
                v("env", None),
                v("restart", None),
                b("command", None),
                v("dry-run", None),
                v("output", Some('o')),
                b("expose", None),
                b("rm", None),
                b("stdin", Some('i')),
                b("tty", Some('t')),
                v("generator", None),
                v("image-pull-policy", None),
                v("requests", None),
                v("limits", None),
                b("record", None),
                v("overrides", None),
                b("attach", None),
            ];
            F
        }
        ["exec"] => {
            const F: &[FlagDef] = &[
                b("stdin", Some('i')),
                b("tty", Some('t')),
                v("container", Some('c')),
                b("quiet", Some('q')),
                v("filename", Some('f')),
                v("pod-running-timeout", None),
            ];
            F
        }
        ["logs"] => {
            const F: &[FlagDef] = &[
                v("container", Some('c')),
                b("follow", Some('f')),
                b("previous", Some('p')),
                v("tail", None),
                b("timestamps", None),
                b("all-containers", None),
                v("since", None),
                v("since-time", None),
                v("selector", Some('l')),
                b("prefix", None),
                v("limit-bytes", None),
            ];
            F
        }
        ["scale"] => {
            const F: &[FlagDef] = &[
                v("replicas", None),
                v("current-replicas", None),
                v("selector", Some('l')),
                b("all", None),
                v("filename", Some('f')),
                b("record", None),
                v("timeout", None),
                v("resource-version", None),
                v("output", Some('o')),
                v("dry-run", None),
            ];
            F
        }
        ["autoscale"] => {
            const F: &[FlagDef] = &[
                v("min", None),
                v("max", None),
                v("cpu-percent", None),
                v("cpu", None),
                v("name", None),
                v("filename", Some('f')),
                b("record", None),
                v("dry-run", None),
                v("output", Some('o')),
            ];
            F
        }
        ["set", "image"] => {
            const F: &[FlagDef] = &[
                b("all", None),
                v("selector", Some('l')),
                b("record", None),
                b("local", None),
                v("dry-run", None),
                v("output", Some('o')),
                v("filename", Some('f')),
            ];
            F
        }
        ["rollout", "status"] => {
            const F: &[FlagDef] =
                &[b("watch", Some('w')), v("timeout", None), v("revision", None), v("filename", Some('f'))];
            F
        }
        ["rollout", "history"] => {
            const F: &[FlagDef] = &[v("revision", None), v("output", Some('o')), v("filename", Some('f'))];
            F
        }
        ["rollout", "undo"] => {
            const F: &[FlagDef] = &[v("to-revision", None), v("dry-run", None), v("filename", Some('f'))];
            F
        }
        ["rollout", _] => {
            const F: &[FlagDef] = &[v("filename", Some('f'))];
            F
        }
        ["label"] | ["annotate"] => {
            const F: &[FlagDef] = &[
                b("overwrite", None),
                b("all", None),
                v("selector", Some('l')),
                b("list", None),
                b("local", None),
                v("dry-run", None),
                v("output", Some('o')),
                v("resource-version", None),
                v("filename", Some('f')),
                b("record", None),
            ];
            F
        }
        ["patch"] => {
            const F: &[FlagDef] = &[
                v("patch", Some('p')),
                v("type", None),
                v("output", Some('o')),
                v("dry-run", None),
                b("local", None),
                v("filename", Some('f')),
                b("record", None),
            ];
            F
        }
        ["explain"] => {
            const F: &[FlagDef] = &[
                b("recursive", None),
                v("api-version", None),
                // kubectl 1.33's explain has no -o shorthand.
                v("output", None),
            ];
            F
        }
        ["version"] => {
            const F: &[FlagDef] = &[b("client", None), v("output", Some('o')), b("short", None)];
            F
        }
        ["api-resources"] => {
            const F: &[FlagDef] = &[
                v("namespaced", None),
                v("output", Some('o')),
                v("api-group", None),
                b("no-headers", None),
                v("verbs", None),
                b("cached", None),
                v("sort-by", None),
            ];
            F
        }
        ["cluster-info"] => {
            const F: &[FlagDef] = &[];
            F
        }
        ["port-forward"] => {
            const F: &[FlagDef] = &[v("address", None), v("pod-running-timeout", None)];
            F
        }
        ["proxy"] => {
            const F: &[FlagDef] = &[
                v("port", Some('p')),
                v("address", None),
                v("accept-hosts", None),
                v("accept-paths", None),
                v("api-prefix", None),
                v("append-server-path", None),
                b("disable-filter", None),
                v("keepalive", None),
                v("reject-methods", None),
                v("reject-paths", None),
                v("unix-socket", Some('u')),
                v("www", Some('w')),
                v("www-prefix", Some('P')),
            ];
            F
        }
        _ => &[],
    }
}

/// Parsed flags: each long name with its values in order (booleans as "true"/"false").
#[derive(Clone, Debug, Default)]
pub struct Flags {
    values: BTreeMap<&'static str, Vec<String>>,
}

impl Flags {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(|v| v.last()).map(String::as_str)
    }
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.values.get(name).map(|v| v.iter().map(String::as_str).collect()).unwrap_or_default()
    }
    pub fn has(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }
    pub fn bool(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| v == "true")
    }
    /// The flags as given, for `kubernetes.io/change-cause` (`--name=value` in order).
    pub fn as_record(&self, order: &[(String, String)]) -> String {
        order.iter().map(|(k, v)| format!("--{k}={v}")).collect::<Vec<_>>().join(" ")
    }
}

/// Splits `args` into positional arguments and flags for the command `path`.
/// Returns `(positionals, flags, flag order, args after "--")`.
pub fn parse(
    path: &[&str],
    args: &[String],
) -> Result<(Vec<String>, Flags, Vec<(String, String)>, Vec<String>), String> {
    let defs: Vec<FlagDef> = command_flags(path).iter().chain(GLOBAL.iter()).copied().collect();
    let mut flags = Flags::default();
    let mut order = Vec::new();
    let mut positionals = Vec::new();
    let mut i = 0;
    let mut rest = Vec::new();
    while i < args.len() {
        let arg = &args[i];
        if arg == "--" {
            rest = args[i + 1..].to_vec();
            break;
        }
        if let Some(body) = arg.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let Some(def) = defs.iter().find(|d| d.long == name) else {
                return Err(format!("unknown flag: --{name}"));
            };
            let value = if def.takes_value {
                match inline {
                    Some(v) => v,
                    None => {
                        i += 1;
                        match args.get(i) {
                            Some(v) => v.clone(),
                            None => return Err(format!("flag needs an argument: --{name}")),
                        }
                    }
                }
            } else {
                match inline.as_deref() {
                    None => "true".to_string(),
                    Some("true") | Some("1") | Some("t") | Some("T") | Some("TRUE") | Some("True") => "true".into(),
                    Some("false") | Some("0") | Some("f") | Some("F") | Some("FALSE") | Some("False") => "false".into(),
                    Some(other) => {
                        return Err(format!("invalid argument \"{other}\" for \"--{name}\" flag: strconv.ParseBool: parsing \"{other}\": invalid syntax"))
                    }
                }
            };
            order.push((def.long.to_string(), value.clone()));
            flags.values.entry(def.long).or_default().push(value);
        } else if arg.len() > 1 && arg.starts_with('-') && !arg[1..].starts_with(|c: char| c.is_ascii_digit()) {
            // One or more shorthand flags: -n ns, -nns, -it, -owide.
            let chars: Vec<char> = arg[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                let Some(def) = defs.iter().find(|d| d.short == Some(c)) else {
                    return Err(format!("unknown shorthand flag: '{c}' in {arg}"));
                };
                if def.takes_value {
                    let inline: String = chars[j + 1..].iter().collect();
                    let inline = inline.strip_prefix('=').map(str::to_string).unwrap_or(inline);
                    let value = if !inline.is_empty() {
                        inline
                    } else {
                        i += 1;
                        match args.get(i) {
                            Some(v) => v.clone(),
                            None => return Err(format!("flag needs an argument: '{c}' in -{c}")),
                        }
                    };
                    order.push((def.long.to_string(), value.clone()));
                    flags.values.entry(def.long).or_default().push(value);
                    break;
                }
                order.push((def.long.to_string(), "true".into()));
                flags.values.entry(def.long).or_default().push("true".into());
                j += 1;
            }
        } else {
            positionals.push(arg.clone());
        }
        i += 1;
    }
    Ok((positionals, flags, order, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn long_short_and_combined_forms() {
        let (pos, f, _, _) =
            parse(&["get"], &s(&["pods", "-n", "kube-system", "-owide", "--show-labels", "-l=app=web"])).unwrap();
        assert_eq!(pos, vec!["pods"]);
        assert_eq!(f.get("namespace"), Some("kube-system"));
        assert_eq!(f.get("output"), Some("wide"));
        assert!(f.bool("show-labels"));
        assert_eq!(f.get("selector"), Some("app=web"));
    }

    #[test]
    fn unknown_flags_are_errors() {
        assert_eq!(parse(&["get"], &s(&["--bogus"])).unwrap_err(), "unknown flag: --bogus");
        assert_eq!(parse(&["run"], &s(&["x", "-z"])).unwrap_err(), "unknown shorthand flag: 'z' in -z");
        assert!(parse(&["get"], &s(&["-o"])).is_err());
    }

    #[test]
    fn double_dash_ends_flags() {
        let (pos, _, _, rest) = parse(&["get"], &s(&["pods", "--", "-x"])).unwrap();
        assert_eq!(pos, vec!["pods"]);
        assert_eq!(rest, vec!["-x"]);
    }
}
