//! Command-line flags, parsed the way kubectl's pflag does: `--name=value`, `--name value`,
//! `-n value`, `-nvalue`, booleans `--all` / `--all=false`, `--` ending flags. Each command has a
//! list of the flags it knows (its row in `commands::VERBS`) and of the real flags the lab does
//! not model; anything else is kubectl's `unknown flag` error.

use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug)]
pub struct FlagDef {
    pub long: &'static str,
    pub short: Option<char>,
    pub takes_value: bool,
    /// The kubectl minor version the flag appeared in (0: in every kubectl the lab plays).
    /// An older era's kubectl answers `unknown flag: --NAME`. List only what kubectl's
    /// history shows.
    pub since: u8,
    /// The kubectl minor version its shorthand appeared in, when later than the flag: `-A` for
    /// `--all-namespaces` came in kubectl 1.14 (kubernetes/kubernetes#72006), so kubectl 1.11
    /// answers `unknown shorthand flag: 'A' in -A`.
    pub short_since: u8,
    /// pflag's `NoOptDefVal`: the value of the flag written without `=value` (which then takes
    /// no next argument: `--dry-run client` is the flag and a positional `client`).
    pub optional_value: Option<&'static str>,
}

pub(crate) const fn v(long: &'static str, short: Option<char>) -> FlagDef {
    FlagDef { long, short, takes_value: true, since: 0, short_since: 0, optional_value: None }
}
pub(crate) const fn b(long: &'static str, short: Option<char>) -> FlagDef {
    FlagDef { long, short, takes_value: false, since: 0, short_since: 0, optional_value: None }
}

impl FlagDef {
    /// The same flag, new in kubectl 1.`minor`.
    pub(crate) const fn since(self, minor: u8) -> FlagDef {
        FlagDef { since: minor, ..self }
    }
    /// The same flag, its shorthand new in kubectl 1.`minor`.
    pub(crate) const fn short_since(self, minor: u8) -> FlagDef {
        FlagDef { short_since: minor, ..self }
    }
}

/// `--dry-run[=none|client|server]`: bare, kubectl 1.18+ reads it as `client` with a deprecation
/// warning, as it does `--dry-run=true|false`; kubectl 1.11's was a boolean (`--dry-run`,
/// `--dry-run=true`), which refuses `client`. [`parse_for`] turns every form into
/// `none`/`client`/`server` (or the verb's own error for another word).
pub(crate) const DRY_RUN: FlagDef = FlagDef { optional_value: Some("unchanged"), ..v("dry-run", None) };

/// `--all-namespaces`, `-A` since kubectl 1.14 (kubernetes/kubernetes#72006).
pub(crate) const ALL_NAMESPACES: FlagDef = b("all-namespaces", Some('A')).short_since(14);

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

/// The global flags `kubectl options` lists that the lab does not model (credentials, TLS,
/// the API server's address, ...): refused as "not available in this lab yet".
pub const GLOBAL_NOT_MODELLED: &[&str] = &[
    "--as",
    "--as-group",
    "--as-uid",
    "--cache-dir",
    "--certificate-authority",
    "--client-certificate",
    "--client-key",
    "--disable-compression",
    "--insecure-skip-tls-verify",
    "--log-flush-frequency",
    "--match-server-version",
    "--password",
    "--profile",
    "--profile-output",
    "-s",
    "--server",
    "--tls-server-name",
    "--token",
    "--username",
    "--vmodule",
    "--warnings-as-errors",
];

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

/// One command line's arguments, parsed.
#[derive(Debug)]
pub struct Parsed {
    pub positionals: Vec<String>,
    pub flags: Flags,
    /// The flags in the order given, `(long name, value)` (for `kubernetes.io/change-cause`).
    pub order: Vec<(String, String)>,
    /// The arguments after `--`.
    pub rest: Vec<String>,
    /// What kubectl logs as a warning while reading the flags (`--dry-run is deprecated ...`),
    /// without klog's header.
    pub warnings: Vec<String>,
}

/// Splits `args` into positional arguments and flags for a command whose own flags are `own`
/// (the global ones are added). A flag in `not_modelled` (written as on the help page: `--name`
/// or `-x`) is a real kubectl flag the lab does not model: it is refused with a message that
/// says so, never with `unknown flag`.
pub fn parse(own: &[FlagDef], not_modelled: &[&str], args: &[String]) -> Result<Parsed, String> {
    parse_for(own, not_modelled, args, u8::MAX)
}

/// [`parse`] as kubectl 1.`kubectl_minor` does: a flag or a shorthand that came in a later
/// kubectl (`FlagDef::since`, `FlagDef::short_since`) is unknown to it.
pub fn parse_for(own: &[FlagDef], not_modelled: &[&str], args: &[String], kubectl_minor: u8) -> Result<Parsed, String> {
    let defs: Vec<FlagDef> = own.iter().chain(GLOBAL.iter()).copied().filter(|d| d.since <= kubectl_minor).collect();
    let not_available = |name: String| format!("flag {name} is not available in this lab yet");
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
                if not_modelled.iter().chain(GLOBAL_NOT_MODELLED).any(|n| n.strip_prefix("--") == Some(name)) {
                    return Err(not_available(format!("--{name}")));
                }
                return Err(format!("unknown flag: --{name}"));
            };
            let value = if def.takes_value {
                match inline {
                    Some(v) => v,
                    None if def.optional_value.is_some() => def.optional_value.unwrap_or_default().to_string(),
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
                let Some(def) = defs.iter().find(|d| d.short == Some(c) && d.short_since <= kubectl_minor) else {
                    if not_modelled.iter().chain(GLOBAL_NOT_MODELLED).any(|n| *n == format!("-{c}")) {
                        return Err(not_available(format!("-{c}")));
                    }
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
    let warnings = dry_run_values(&mut flags, kubectl_minor)?;
    Ok(Parsed { positionals, flags, order, rest, warnings })
}

/// Go's `strconv.ParseBool`.
fn go_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

/// `--dry-run` as kubectl 1.`kubectl_minor` reads it (its `GetDryRunStrategy`): every form
/// becomes `none`/`client`/`server` (another word is left for the verb's `Invalid dry-run value`);
/// the deprecated forms give their warnings.
fn dry_run_values(flags: &mut Flags, kubectl_minor: u8) -> Result<Vec<String>, String> {
    let mut warnings = Vec::new();
    let Some(values) = flags.values.get_mut("dry-run") else {
        return Ok(warnings);
    };
    for value in values.iter_mut() {
        let boolean = if value == "unchanged" { None } else { go_bool(value) };
        if kubectl_minor < 18 {
            // A boolean flag: bare is true.
            *value = match (value.as_str(), boolean) {
                ("unchanged", _) | (_, Some(true)) => "client".into(),
                (_, Some(false)) => "none".into(),
                (other, None) => {
                    return Err(format!(
                        "invalid argument \"{other}\" for \"--dry-run\" flag: strconv.ParseBool: parsing \"{other}\": invalid syntax"
                    ))
                }
            };
        } else if value == "unchanged" {
            warnings.push("helpers.go:703] --dry-run is deprecated and can be replaced with --dry-run=client.".into());
            *value = "client".into();
        } else if let Some(b) = boolean {
            let (line, to) = if b { (717, "client") } else { (720, "none") };
            warnings.push(format!(
                "helpers.go:{line}] --dry-run={value} is deprecated (boolean value) and can be replaced with --dry-run={to}."
            ));
            *value = to.into();
        }
    }
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GET: &[FlagDef] = &[v("output", Some('o')), b("show-labels", None), v("selector", Some('l'))];

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn long_short_and_combined_forms() {
        let Parsed { positionals: pos, flags: f, .. } =
            parse(GET, &[], &s(&["pods", "-n", "kube-system", "-owide", "--show-labels", "-l=app=web"])).unwrap();
        assert_eq!(pos, vec!["pods"]);
        assert_eq!(f.get("namespace"), Some("kube-system"));
        assert_eq!(f.get("output"), Some("wide"));
        assert!(f.bool("show-labels"));
        assert_eq!(f.get("selector"), Some("app=web"));
    }

    #[test]
    fn a_shorthand_newer_than_the_kubectl_is_unknown_to_it() {
        let own = [ALL_NAMESPACES, b("since-15", None).since(15)];
        assert_eq!(parse_for(&own, &[], &s(&["pods", "-A"]), 11).unwrap_err(), "unknown shorthand flag: 'A' in -A");
        assert!(parse_for(&own, &[], &s(&["pods", "--all-namespaces"]), 11).unwrap().flags.bool("all-namespaces"));
        assert!(parse_for(&own, &[], &s(&["pods", "-A"]), 14).unwrap().flags.bool("all-namespaces"));
        assert_eq!(parse_for(&own, &[], &s(&["--since-15"]), 14).unwrap_err(), "unknown flag: --since-15");
        assert!(parse_for(&own, &[], &s(&["--since-15"]), 15).unwrap().flags.bool("since-15"));
    }

    #[test]
    fn unknown_flags_are_errors() {
        assert_eq!(parse(GET, &[], &s(&["--bogus"])).unwrap_err(), "unknown flag: --bogus");
        assert_eq!(parse(GET, &[], &s(&["x", "-z"])).unwrap_err(), "unknown shorthand flag: 'z' in -z");
        assert!(parse(GET, &[], &s(&["-o"])).is_err());
    }

    #[test]
    fn flags_the_lab_does_not_model_say_so() {
        let not_modelled = ["-k", "--kustomize"];
        assert_eq!(
            parse(GET, &not_modelled, &s(&["--kustomize=dir"])).unwrap_err(),
            "flag --kustomize is not available in this lab yet"
        );
        assert_eq!(
            parse(GET, &not_modelled, &s(&["-k", "dir"])).unwrap_err(),
            "flag -k is not available in this lab yet"
        );
        assert_eq!(parse(GET, &not_modelled, &s(&["--bogus"])).unwrap_err(), "unknown flag: --bogus");
    }

    #[test]
    fn double_dash_ends_flags() {
        let Parsed { positionals: pos, rest, .. } = parse(GET, &[], &s(&["pods", "--", "-x"])).unwrap();
        assert_eq!(pos, vec!["pods"]);
        assert_eq!(rest, vec!["-x"]);
    }

    #[test]
    fn dry_run_bare_true_false_and_words_per_kubectl_version() {
        let dry = |args: &[&str], minor: u8| {
            parse_for(&[DRY_RUN], &[], &s(args), minor)
                .map(|p| (p.flags.get("dry-run").map(str::to_string), p.positionals, p.warnings))
        };
        // kubectl 1.33: bare is `client` with the deprecation warning and takes no next argument.
        let (v, pos, w) = dry(&["x", "--dry-run", "client"], 33).unwrap();
        assert_eq!((v.as_deref(), pos), (Some("client"), s(&["x", "client"])));
        assert_eq!(w, ["helpers.go:703] --dry-run is deprecated and can be replaced with --dry-run=client."]);
        let (v, _, w) = dry(&["--dry-run=false"], 33).unwrap();
        assert_eq!(v.as_deref(), Some("none"));
        assert_eq!(
            w,
            ["helpers.go:720] --dry-run=false is deprecated (boolean value) and can be replaced with --dry-run=none."]
        );
        let (v, _, w) = dry(&["--dry-run=server"], 33).unwrap();
        assert_eq!((v.as_deref(), w.len()), (Some("server"), 0));
        assert_eq!(dry(&["--dry-run=bogus"], 33).unwrap().0.as_deref(), Some("bogus"), "the verb refuses it");
        // kubectl 1.11: a boolean.
        let (v, _, w) = dry(&["--dry-run"], 11).unwrap();
        assert_eq!((v.as_deref(), w.len()), (Some("client"), 0));
        assert_eq!(
            dry(&["--dry-run=client"], 11).unwrap_err(),
            "invalid argument \"client\" for \"--dry-run\" flag: strconv.ParseBool: parsing \"client\": invalid syntax"
        );
    }
}
