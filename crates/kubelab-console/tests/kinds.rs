//! Every kind `kubectl api-resources` lists, in each profile, either works or answers with the
//! lab's honest "does not simulate" message on `get`, `describe`, `explain` and `create -f`:
//! never with an API error that denies a kind the server just listed.

use kubelab_console::resources::{self, UNMODELLED};
use kubelab_console::{Console, ConsoleConfig, NoFiles, Profile};

/// Errors with which a real server says a kind does not exist.
const DENIALS: &[&str] = &["doesn't have a resource type", "no matches for kind", "ensure CRDs are installed"];

struct Row {
    name: String,
    group: String,
    kind: String,
}

/// The rows of `kubectl api-resources`, cut at the header's column starts.
fn api_resources(c: &mut Console) -> Vec<Row> {
    let out = c.run("kubectl api-resources");
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let mut lines = out.stdout.lines();
    let header = lines.next().unwrap();
    let col = |name: &str| header.find(name).unwrap();
    let (group_at, namespaced_at, kind_at) =
        (header.find("APIVERSION").unwrap_or_else(|| col("APIGROUP")), col("NAMESPACED"), col("KIND"));
    lines
        .map(|l| {
            let group_col = l[group_at..namespaced_at].trim();
            // APIVERSION "apps/v1" or "v1", APIGROUP "apps" or "".
            let group = match group_col.split_once('/') {
                Some((g, _)) => g,
                None if header.contains("APIVERSION") => "",
                None => group_col,
            };
            Row {
                name: l.split_whitespace().next().unwrap().to_string(),
                group: group.to_string(),
                kind: l[kind_at..].trim().to_string(),
            }
        })
        .collect()
}

#[test]
fn every_listed_kind_works_or_answers_honestly() {
    for profile in Profile::ALL {
        let mut c = Console::new(ConsoleConfig { seed: 1, profile }, Box::new(NoFiles));
        let rows = api_resources(&mut c);
        assert!(rows.len() > 20, "{profile:?}: {}", rows.len());
        let mut honest = 0;
        for row in &rows {
            let typed = if row.group.is_empty() { row.name.clone() } else { format!("{}.{}", row.name, row.group) };
            let info = resources::resolve(&typed, profile)
                .map(|r| (r.info, r.api_version()))
                .or_else(|| resources::unmodelled(&typed, profile).map(|r| (r.info, r.api_version())))
                .unwrap_or_else(|| panic!("{profile:?}: {typed} is listed but does not resolve"));
            let (info, api_version) = info;
            assert_eq!(info.kind, row.kind);
            let unmodelled = UNMODELLED.iter().any(|u| u.kind == row.kind);
            let manifest = format!(
                "kubectl create -f - <<EOF\napiVersion: {api_version}\nkind: {}\nmetadata:\n  name: probe\nEOF",
                row.kind
            );
            // `explain` takes a bare type: it names the server's preferred group/version.
            let preferred = resources::unmodelled(&row.name, profile).map(|r| r.api_version());
            let preferred = preferred.as_deref().unwrap_or(&api_version);
            for (input, named) in [
                (format!("kubectl get {typed}"), api_version.as_str()),
                (format!("kubectl describe {typed} probe"), api_version.as_str()),
                (format!("kubectl explain {}", row.name), preferred),
                (manifest, api_version.as_str()),
            ] {
                let out = c.run(&input);
                for denial in DENIALS {
                    assert!(!out.stderr.contains(denial), "{profile:?} `{input}`: {}", out.stderr);
                }
                if unmodelled {
                    assert_eq!(
                        out.stderr,
                        format!("{}\n", resources::not_simulated(info, named)),
                        "{profile:?} `{input}`"
                    );
                    assert!(out.stderr.starts_with(&format!("error: Kubelab does not simulate {}", &row.kind[..3])));
                    assert_ne!(out.exit_code, 0);
                    honest += 1;
                }
            }
        }
        assert!(honest >= 4 * 15, "{profile:?}: {honest}");
    }
}
