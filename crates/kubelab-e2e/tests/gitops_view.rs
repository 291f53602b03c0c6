//! The GitOps view (issue 13) in the release build, in headless Chromium: the GitOps
//! playground (a protected config repository, Argo CD syncing it, steady traffic) driven as a
//! student would — a branch, a commit, a push and a pull request typed in the console, the
//! Merge button clicked once the teammate approved; then a push to the application whose
//! pipeline publishes an image and opens the bot's pull request, merged the same way — while
//! the view shows the pipeline's stages, the registry's tag, the commit graph, the
//! pull request's diff, the Merge button's reason while protection blocks it, Argo CD's tree
//! with its badges, the arrows lighting up to traffic on the new version, and the credential
//! table. Runs axe-core's checks and leaves screenshots at 1366×768 and 390×844 in
//! `target/screenshots/`. Run after `trunk build --release --offline`:
//! `cargo test -p kubelab-e2e --test gitops_view -- --test-threads=1`.

use kubelab_e2e::{axe, ensure, run_scenario as run, Browser, Result};
use serde_json::Value;
use std::time::Duration;

/// Screenshots at a school laptop's and a phone's size, each scrolled to what `selector`
/// finds, then back to the laptop.
async fn shots(b: &Browser, name: &str, selector: &str) -> Result<()> {
    for (w, h) in [(1366, 768), (390, 844)] {
        b.set_viewport(w, h).await?;
        b.js_with(
            "const e = document.querySelector(arguments[0]); if (e) e.scrollIntoView({ block: 'start' }); return true;",
            vec![Value::from(selector)],
        )
        .await?;
        b.screenshot(&format!("{name}-{w}x{h}"), w, h).await?;
    }
    b.set_viewport(1366, 768).await
}

/// `{step: state}` of the arrows.
async fn chain(b: &Browser) -> Result<Value> {
    b.js("const o = {}; document.querySelectorAll('#gitops-chain .step').forEach(s => o[s.dataset.step] = s.dataset.state); return o;")
        .await
}

/// The Application's badges (`[sync, health]`) and its tree as `kind/name` lines.
async fn app(b: &Browser) -> Result<(Vec<String>, Vec<String>)> {
    let v = b
        .js("const a = document.querySelector('#gitops-apps .app-node');
             if (!a) return [[], []];
             const badges = Array.from(a.querySelector('.node-box').querySelectorAll('.argo-badge')).map(x => x.dataset.status);
             const nodes = Array.from(a.querySelectorAll('.tree-node')).map(n => n.dataset.kind + '/' + n.dataset.name);
             return [badges, nodes];")
        .await?;
    Ok(serde_json::from_value(v)?)
}

#[tokio::test]
async fn a_pull_request_merged_with_the_button_travels_to_traffic_on_the_new_version() {
    run("gitops-view", |b, url| async move {
        let r = async {
            b.goto(&format!("{url}#/gitops-playground")).await?;
            b.wait_for_console().await?;
            b.wait_js("the GitOps tab", Duration::from_secs(15), "return !!document.getElementById('tab-gitops');").await?;
            b.click("tab-gitops").await?;
            b.wait_js("the GitOps view", Duration::from_secs(10), "return !!document.getElementById('gitops-chain');").await?;
            // After setup: the first commit synced, healthy and serving.
            let (badges, nodes) = app(&b).await?;
            ensure!(badges == ["Synced", "Healthy"], "the Application's badges: {badges:?}");
            let pods = nodes.iter().filter(|n| n.starts_with("Pod/my-app-")).count();
            ensure!(
                nodes.iter().any(|n| n == "Deployment/my-app")
                    && nodes.iter().any(|n| n == "Service/my-app")
                    && nodes.iter().filter(|n| n.starts_with("ReplicaSet/my-app-")).count() == 1
                    && pods == 2,
                "Application → Deployment → ReplicaSet → two Pods, and the Service: {nodes:?}"
            );
            let words = b.js("return document.querySelector('#gitops-apps .app-node .argo-badge').textContent;").await?;
            ensure!(words.as_str().is_some_and(|w| w.starts_with("Synced to ")), "a badge has its word: {words}");
            let c = chain(&b).await?;
            ensure!(
                c["commit"] == "done" && c["pr"] == "off" && c["webhook"] == "done" && c["sync"] == "done" && c["traffic"] == "done",
                "the setup's commit went all the way: {c}"
            );
            // A change by pull request, typed as a student would.
            for line in [
                "cd ~/app-config",
                "git checkout -b v2",
                "sed -i 's/v1.0.0/v2.0.0/' k8s/deployment.yaml",
                "git add k8s/deployment.yaml",
                "git commit -m \"my-app v2.0.0\"",
                "git push -u origin v2",
                "gh pr create --title \"my-app v2.0.0\" --body \"Release v2\"",
            ] {
                b.run_command(line).await?;
            }
            let pr = "pr-team-app-config-1";
            b.wait_js("the pull request", Duration::from_secs(10), &format!("return !!document.getElementById('{pr}');")).await?;
            let diff = b.js(&format!("return Array.from(document.querySelectorAll('#{pr} .diff .d-add')).map(x => x.textContent);")).await?;
            ensure!(
                diff.as_array().is_some_and(|a| a.iter().any(|l| l.as_str() == Some("+        image: registry.lab/my-app:v2.0.0\n"))),
                "the diff's added line: {diff}"
            );
            let blocked = b
                .js(&format!(
                    "const m = document.getElementById('{pr}-merge'); const w = document.getElementById('{pr}-why');
                     return [m.disabled, w && w.textContent, m.getAttribute('aria-describedby')];"
                ))
                .await?;
            ensure!(blocked[0] == true, "merge is disabled before the approval: {blocked}");
            ensure!(blocked[1].as_str().is_some_and(|w| w.starts_with("Review required: main is protected. alex approves at")), "{blocked}");
            ensure!(blocked[2] == format!("{pr}-why").as_str(), "the reason describes the button: {blocked}");
            let graph = b.js("return Array.from(document.querySelectorAll('#gitops-repos .branch-label')).map(x => x.textContent);").await?;
            ensure!(graph == serde_json::json!(["v2", "main", "main"]), "the graph's branch labels: {graph}");
            let c = chain(&b).await?;
            ensure!(c["commit"] == "done" && c["pr"] == "done" && c["merge"] == "waiting" && c["sync"] == "waiting", "{c}");
            shots(&b, "gitops-pull-request", "#gitops-pulls").await?;
            b.run_command("sleep 60").await?;
            b.wait_js(
                "the approval to enable Merge",
                Duration::from_secs(10),
                &format!("return !document.getElementById('{pr}-merge').disabled;"),
            )
            .await?;
            b.click(&format!("{pr}-merge")).await?;
            b.wait_js(
                "gh pr merge in the console",
                Duration::from_secs(10),
                "return document.getElementById('console-output').textContent.includes('Merged pull request');",
            )
            .await?;
            let typed = b.console_text().await?;
            ensure!(typed.contains("gh pr merge 1 --merge -R team/app-config"), "the button typed its command: {typed}");
            let c = chain(&b).await?;
            ensure!(
                ["commit", "pr", "merge", "webhook", "sync"].iter().all(|s| c[*s] == "done"),
                "merge, webhook and sync lit in the merge's instant: {c}"
            );
            let done = b
                .wait_js(
                    "the rollout and the traffic on the new version",
                    Duration::from_secs(120),
                    "const t = document.querySelector('#gitops-chain .step[data-step=traffic]');
                     const r = document.querySelector('#gitops-chain .step[data-step=rollout]');
                     return t.dataset.state === 'done' && r.dataset.state === 'done' && t.textContent;",
                )
                .await?;
            ensure!(done.as_str().is_some_and(|t| t.contains("on registry.lab/my-app:v2.0.0")), "traffic on the new version: {done}");
            let (badges, nodes) = app(&b).await?;
            ensure!(badges == ["Synced", "Healthy"], "{badges:?}");
            ensure!(nodes.iter().filter(|n| n.starts_with("ReplicaSet/my-app-")).count() == 2, "old and new ReplicaSets: {nodes:?}");
            let merged = b.js("return document.querySelector('#gitops-repos .commit .subject').textContent;").await?;
            ensure!(merged.as_str().is_some_and(|s| s.starts_with("Merge pull request #1")), "{merged}");
            let creds = b.js("return document.getElementById('gitops-credentials').textContent;").await?;
            ensure!(
                creds.as_str().is_some_and(|t| t.contains("Argo CD application-controller") && t.contains("inside the cluster")),
                "the credential table: {creds}"
            );
            // The end goal: a new version through the pipeline, its bot's pull request merged
            // with the button, all nine steps lit.
            for line in [
                "cd ~/my-app",
                "sed -i 's/Hello from my-app/Hello from my-app, version two/' greeting.txt",
                "git commit -am \"Say which version\"",
                "git push",
            ] {
                b.run_command(line).await?;
            }
            let c = chain(&b).await?;
            ensure!(c["commit"] == "done" && c["pipeline"] == "active" && c["image"] == "waiting", "the run builds: {c}");
            let stages = b.js("return Array.from(document.querySelectorAll('#gitops-runs .run .stage span:first-child')).map(x => x.textContent);").await?;
            ensure!(stages == serde_json::json!(["test", "build", "scan", "publish"]), "the chapter's four stages: {stages}");
            b.run_command("sleep 120").await?;
            let run = b.js("const r = document.querySelector('#gitops-runs .run'); return r && r.dataset.result;").await?;
            ensure!(run == "success", "the run succeeded: {run}");
            let tags = b.js("return Array.from(document.querySelectorAll('#gitops-registry tbody tr td:first-child')).map(x => x.textContent);").await?;
            ensure!(tags.as_array().is_some_and(|t| t.len() == 1 && t[0].as_str().is_some_and(|x| x.starts_with("registry.lab/my-app:"))), "{tags}");
            let image = tags[0].as_str().unwrap_or("").to_string();
            let c = chain(&b).await?;
            ensure!(["commit", "pipeline", "image", "pr"].iter().all(|s| c[*s] == "done") && c["merge"] == "waiting", "{c}");
            let pr2 = "pr-team-app-config-2";
            let why = b.js(&format!("const w = document.getElementById('{pr2}-why'); return w && w.textContent;")).await?;
            ensure!(why.as_str().is_some_and(|w| w.ends_with("(or approve it: gh pr review 2 --approve).")), "{why}");
            b.run_command("sleep 60").await?;
            b.wait_js("Merge enabled", Duration::from_secs(10), &format!("return !document.getElementById('{pr2}-merge').disabled;")).await?;
            b.click(&format!("{pr2}-merge")).await?;
            b.run_command("sleep 40").await?;
            let c = chain(&b).await?;
            ensure!(
                c.as_object().is_some_and(|o| o.len() == 9 && o.values().all(|v| v == "done")),
                "commit → pipeline → image → PR → merge → webhook → sync → rollout → traffic: {c}"
            );
            let traffic = b.js("return document.querySelector('#gitops-chain .step[data-step=traffic]').textContent;").await?;
            ensure!(traffic.as_str().is_some_and(|t| t.contains(&image)), "traffic on {image}: {traffic}");
            // The old pods finish terminating (their faded boxes are not for reading).
            b.wait_js(
                "the old pods to go",
                Duration::from_secs(60),
                "return document.querySelectorAll('#gitops-apps .tree-node[data-kind=Pod]').length === 2
                    && !document.querySelector('#cluster .pod.terminating');",
            )
            .await?;
            let v = axe(&b).await?;
            ensure!(v.is_empty(), "axe on the GitOps view: {v:#?}");
            let access = b.js("return document.querySelector('#gitops-credentials .access').textContent;").await?;
            ensure!(access.as_str().is_some_and(|t| t.contains("CI pipeline: cannot reach the cluster")), "{access}");
            shots(&b, "gitops-chain", "#gitops-chain").await?;
            shots(&b, "gitops-runs", "#gitops-runs").await?;
            shots(&b, "gitops-apps", "#gitops-apps").await?;
            shots(&b, "gitops-credentials", "#gitops-credentials").await
        }
        .await;
        (b, r)
    })
    .await;
}
