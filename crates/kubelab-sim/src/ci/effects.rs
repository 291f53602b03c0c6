//! What a job does to the world when it ends: pushes an image to the registry (and registers
//! its tags with the cluster's image table, so kubelets pull exactly the pushed tags), opens the
//! configuration repository's pull request that bumps the image's tag, or (the push model)
//! sets a Deployment's image with the pipeline's cluster credential.
//!
//! Simplified: a digest is derived from the repository and tag (SHA-1 based, not the image's
//! content); the bump rewrites every `registry.lab/<app>:<tag>` of every file of the
//! configuration repository's default branch (the `sed` line the log shows).

use super::{CiState, RegistryTag, BOT, BOT_IDENT};
use crate::api::{Kind, Object};
use crate::cluster::Api;
use crate::git::{owner_and_name, Forge, HostError};
use crate::images::{ImageSpec, LogLine, LogSpec, Route, Variant};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) enum Effect {
    /// `docker push`: the tag joins the registry.
    Push { repository: String, tag: String, behaviour: Variant, port: i64, app: String },
    /// `gh pr create`: the bump's pull request on the configuration repository.
    OpenPr { config_repo: String, repository: String, tag: String, app: String },
    /// `kubectl set image` with the pipeline's cluster credential.
    SetImage { namespace: String, deployment: String, container: String, image: String },
}

/// `sha256:` and 64 hex digits for a pushed tag.
pub(crate) fn digest(repository: &str, tag: &str) -> String {
    let a = sha1_smol::Sha1::from(format!("{repository}:{tag}")).digest().to_string();
    let b = sha1_smol::Sha1::from(format!("{tag}@{repository}")).digest().to_string();
    format!("sha256:{a}{}", &b[..24])
}

/// What an effect printed and whether it worked; `image`/`pr` are set on the run.
pub(crate) struct Done {
    pub(crate) lines: Vec<String>,
    pub(crate) ok: bool,
    pub(crate) image: Option<String>,
    pub(crate) pr: Option<(String, u64)>,
}

fn done(lines: Vec<String>, ok: bool) -> Done {
    Done { lines, ok, image: None, pr: None }
}

/// Carries `effect` out now; `commit` is the run's commit.
pub(crate) fn apply(api: &mut Api<'_, CiState>, forge: &mut Forge, effect: &Effect, commit: &str) -> Done {
    match effect {
        Effect::Push { repository, tag, behaviour, port, app } => {
            push(api, repository, tag, behaviour, *port, app, commit);
            Done { lines: vec![], ok: true, image: Some(format!("{repository}:{tag}")), pr: None }
        }
        Effect::OpenPr { config_repo, repository, tag, app } => open_pr(api, forge, config_repo, repository, tag, app),
        Effect::SetImage { namespace, deployment, container, image } => {
            set_image(api, namespace, deployment, container, image)
        }
    }
}

/// The image of an app the pipeline built: serves `<app> <tag> on <pod>` on `/`, `ok` on
/// `/health`, on its port.
fn app_spec(repository: &str, app: &str, port: i64) -> ImageSpec {
    let route = |path: &str, status: u16, body: String| Route { path: path.into(), tags: vec![], status, body };
    ImageSpec {
        pull_secs: 3,
        size_bytes: 21_480_000,
        ports: Some(vec![port]),
        service_ms: 5,
        http: vec![
            route("/", 200, format!("{app} $tag on $hostname\n")),
            route("/health", 200, "ok\n".into()),
            route("*", 404, "404 page not found\n".into()),
        ],
        log: LogSpec {
            start: vec![format!("{app} $tag listening on :$port")],
            access: vec![LogLine { line: "$remote_addr GET $path $status".into(), paths: vec![] }],
        },
        ..ImageSpec::generic(repository)
    }
}

fn push(
    api: &mut Api<'_, CiState>,
    repository: &str,
    tag: &str,
    behaviour: &Variant,
    port: i64,
    app: &str,
    commit: &str,
) {
    let now = api.now();
    api.own.registry.repositories.entry(repository.to_string()).or_default().insert(
        tag.to_string(),
        RegistryTag {
            digest: digest(repository, tag),
            pushed: now,
            by: BOT.to_string(),
            commit: commit.to_string(),
            behaviour: behaviour.clone(),
        },
    );
    // The cluster's image table: the repository's spec (built-in or registered before), or a
    // new one, with this tag pullable and behaving as pushed.
    let known = api.image(&format!("{repository}:{tag}")).spec;
    let mut spec = if known.repository == repository { (*known).clone() } else { app_spec(repository, app, port) };
    if spec.tags.is_empty() || !spec.tags.iter().any(|t| t == tag) {
        spec.tags.push(tag.to_string());
    }
    spec.variants.retain(|v| v.tags != [tag.to_string()]);
    spec.variants.insert(0, Variant { tags: vec![tag.to_string()], ..behaviour.clone() });
    let _ = api.register_image(spec);
}

/// Rewrites every `REPOSITORY:<tag>` of `text` to `REPOSITORY:TAG`.
fn bump(text: &str, repository: &str, tag: &str) -> String {
    let needle = format!("{repository}:");
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(&needle) {
        out.push_str(&rest[..i + needle.len()]);
        let after = &rest[i + needle.len()..];
        let end = after.find(|c: char| c.is_whitespace() || c == '"' || c == '\'').unwrap_or(after.len());
        out.push_str(tag);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn open_pr(api: &mut Api<'_, CiState>, forge: &mut Forge, url: &str, repository: &str, tag: &str, app: &str) -> Done {
    let now = api.now();
    let mut lines = vec!["Cloning into 'config'...".to_string()];
    let Some(host) = forge.repo(url) else {
        lines.push("remote: Repository not found.".into());
        lines.push(format!("fatal: repository '{url}' not found"));
        return done(lines, false);
    };
    let base = host.default_branch.clone();
    let Some(tip) = host.repo.branches.get(&base).cloned() else {
        lines.push("warning: You appear to have cloned an empty repository.".into());
        lines.push(format!("fatal: couldn't find remote ref {base}"));
        return done(lines, false);
    };
    let files = host.repo.files_at(&tip);
    let mut changed = Vec::new();
    let mut new_files = Vec::new();
    let (mut ins, mut del) = (0usize, 0usize);
    for (path, text) in &files {
        let new = bump(text, repository, tag);
        if &new != text {
            let (old_lines, new_lines): (Vec<&str>, Vec<&str>) = (text.lines().collect(), new.lines().collect());
            let differ = old_lines.iter().zip(&new_lines).filter(|(a, b)| a != b).count();
            ins += differ;
            del += differ;
            changed.push(path.clone());
        }
        new_files.push((path.clone(), new));
    }
    for path in &changed {
        lines.push(format!("+ sed -i 's|{repository}:[^ \"]*|{repository}:{tag}|' {path}"));
    }
    let branch = format!("ci/{app}-{tag}");
    if changed.is_empty() {
        lines.push(format!("On branch {branch}"));
        lines.push("nothing to commit, working tree clean".into());
        return done(lines, false);
    }
    let message = format!("Update {app} to {tag}");
    let snapshot = host.repo.clone();
    if let Err(e) = forge.push(url, &snapshot, &branch, Some(&tip), true, now) {
        lines.push(format!("error: failed to push some refs to '{url}' ({e:?})"));
        return done(lines, false);
    }
    let refs: Vec<(&str, &str)> = new_files.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
    let sha = forge.put_files(url, &branch, &refs, BOT_IDENT, &message, now);
    let plural = |n: usize, one: &str, many: &str| if n == 1 { one.to_string() } else { many.to_string() };
    lines.push(format!("[{branch} {}] {message}", &sha[..7.min(sha.len())]));
    lines.push(format!(
        " {} {} changed, {ins} {}(+), {del} {}(-)",
        changed.len(),
        plural(changed.len(), "file", "files"),
        plural(ins, "insertion", "insertions"),
        plural(del, "deletion", "deletions")
    ));
    lines.push(format!("To {url}"));
    lines.push(format!(" * [new branch]      HEAD -> {branch}"));
    let (owner, name) = owner_and_name(url);
    let title = format!("Update {app} to {tag}");
    let body = format!("Built by the CI pipeline: {repository}:{tag}.");
    match forge.create_pull(url, &branch, &base, &title, &body, BOT, now) {
        Ok(n) => {
            lines.push(format!("https://git.lab/{owner}/{name}/pull/{n}"));
            Done { lines, ok: true, image: None, pr: Some((url.to_string(), n)) }
        }
        Err(HostError::PullExists(n)) => {
            lines.push(format!("a pull request for branch \"{branch}\" into branch \"{base}\" already exists:"));
            lines.push(format!("https://git.lab/{owner}/{name}/pull/{n}"));
            done(lines, false)
        }
        Err(e) => {
            lines.push(format!("pull request create failed: {e:?}"));
            done(lines, false)
        }
    }
}

fn set_image(api: &mut Api<'_, CiState>, ns: &str, name: &str, container: &str, image: &str) -> Done {
    let Some(Object::Deployment(mut d)) = api.get(Kind::Deployment, ns, name).cloned() else {
        let msg = format!("Error from server (NotFound): deployments.apps \"{name}\" not found");
        return done(vec![msg], false);
    };
    let Some(c) = d.spec.template.spec.containers.iter_mut().find(|c| c.name == container) else {
        return done(vec![format!("error: unable to find container named \"{container}\"")], false);
    };
    if c.image == image {
        return done(vec![], true);
    }
    c.image = image.to_string();
    match api.update_internal(Object::Deployment(d)) {
        Ok(_) => done(vec![format!("deployment.apps/{name} image updated")], true),
        Err(e) => done(vec![format!("{e}")], false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bump_rewrites_every_tag_of_the_image() {
        let text =
            "image: registry.lab/my-app:v1.0.0\n  other: registry.lab/my-app-2:v1\n  x: \"registry.lab/my-app:abc\"\n";
        assert_eq!(
            bump(text, "registry.lab/my-app", "1a2b3c4"),
            "image: registry.lab/my-app:1a2b3c4\n  other: registry.lab/my-app-2:v1\n  x: \"registry.lab/my-app:1a2b3c4\"\n"
        );
        assert_eq!(digest("registry.lab/my-app", "1a2b3c4").len(), 7 + 64);
    }
}
