//! `crane ls REPOSITORY` and `crane digest IMAGE` against the lab's registry (`registry.lab`,
//! `kubelab_sim::ci`): the tags the pipeline pushed (and the chapter's own releases of
//! `registry.lab/my-app`), one per line, in the registry's (lexical) order, as crane prints
//! them; errors in crane's `Error: ...` form.
//!
//! Simplified: only `ls` and `digest`; only `registry.lab` (another registry answers as an
//! unreachable host would).

use crate::{Console, Output};

/// The tags of `repo`: pushed by the pipeline, plus the literal tags of a built-in image under
/// that name.
fn tags(c: &Console, repo: &str) -> Option<Vec<String>> {
    let pushed = c.cluster.registry().repositories.get(repo).map(|t| t.keys().cloned().collect::<Vec<_>>());
    let info = c.cluster.image(&format!("{repo}:latest"));
    let builtin: Vec<String> = if info.spec.repository == repo {
        info.spec.tags.iter().filter(|t| !t.contains(['*', '?', '{'])).cloned().collect()
    } else {
        Vec::new()
    };
    if pushed.is_none() && builtin.is_empty() {
        return None;
    }
    let mut all: Vec<String> = pushed.unwrap_or_default();
    all.extend(builtin);
    kubelab_sim::sort::natural(&mut all);
    all.dedup();
    Some(all)
}

fn unknown(repo: &str) -> String {
    let (host, name) = repo.split_once('/').unwrap_or((repo, ""));
    format!(
        "Error: reading tags for {repo}: GET https://{host}/v2/{name}/tags/list?n=1000: NAME_UNKNOWN: repository name not known to registry; map[name:{name}]"
    )
}

/// `crane ...`.
pub(crate) fn run(c: &mut Console, args: &[String], out: &mut Output) {
    let sub = args.first().map(String::as_str);
    let rest: Vec<&String> = args.iter().skip(1).filter(|a| !a.starts_with('-')).collect();
    match sub {
        Some("ls") | Some("digest") => {
            if rest.len() != 1 {
                return out.err(&format!("Error: accepts 1 arg(s), received {}", rest.len()));
            }
            let target = rest[0].as_str();
            if !target.starts_with("registry.lab/") {
                let host = target.split('/').next().unwrap_or(target);
                return out.err(&format!(
                    "Error: reading tags for {target}: Get \"https://{host}/v2/\": dial tcp: lookup {host}: no such host"
                ));
            }
            if sub == Some("ls") {
                match tags(c, target) {
                    Some(ts) => ts.iter().for_each(|t| out.out(t)),
                    None => out.err(&unknown(target)),
                }
                return;
            }
            let (repo, tag) = match target.rsplit_once(':').filter(|(r, _)| r.contains('/')) {
                Some((r, t)) => (r, t),
                None => (target, "latest"),
            };
            match c.cluster.registry().get(&format!("{repo}:{tag}")) {
                Some(t) => out.out(&t.digest),
                None => out.err(&format!(
                    "Error: fetching digest {repo}:{tag}: HEAD https://registry.lab/v2/{}/manifests/{tag}: unexpected status code 404 Not Found (HEAD responses have no body, use GET for details)",
                    repo.trim_start_matches("registry.lab/")
                )),
            }
        }
        None | Some("--help") | Some("help") => out.out(
            "Crane is a tool for managing container images\n\nUsage:\n  crane [flags]\n  crane [command]\n\nAvailable Commands (in the lab):\n  digest      Get the digest of an image\n  ls          List the tags in a repo",
        ),
        Some(other) => out.err(&format!("Error: unknown command \"{other}\" for \"crane\"\nRun 'crane --help' for usage.")),
    }
}
