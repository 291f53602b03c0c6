//! The GitOps view (issue 13) in the release build, in headless Chromium: the GitOps
//! playground (a protected config repository, Argo CD syncing it, steady traffic) driven as a
//! student would — a branch, a commit, a push and a pull request typed in the console, the
//! Merge button clicked once the teammate approved — while the view shows the commit graph, the
//! pull request's diff, the Merge button's reason while protection blocks it, Argo CD's tree
//! with its badges, the arrows lighting up to traffic on the new version, and the credential
//! table. Runs axe-core's checks and leaves screenshots at 1366×768 and 390×844 in
//! `target/screenshots/`. Run after `trunk build --release --offline`:
//! `cargo test -p kubelab-e2e --test gitops_view -- --test-threads=1`.

use kubelab_e2e::{ensure, run_scenario as run, Browser, Result};
use serde_json::Value;
use std::time::Duration;

/// axe-core's serious and critical violations (WCAG 2.0–2.2 A and AA) on the page as it stands.
async fn axe(b: &Browser) -> Result<Vec<String>> {
    let path = std::env::var_os("KUBELAB_AXE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from("/opt/lab-tools/axe/node_modules/axe-core/axe.min.js"));
    let source = std::fs::read_to_string(&path)
        .map_err(|e| format!("axe-core is missing ({}: {e}): `. .ci/tools.sh && kubelab_axe`", path.display()))?;
    if b.js("return typeof window.axe === 'object';").await? != Value::Bool(true) {
        b.js(&format!("{source}\nreturn true;")).await?;
    }
    let result = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)))
                .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(result)?)
}

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
            let pods = nodes.iter().filter(|n| n.starts_with("Pod/web-")).count();
            ensure!(
                nodes.iter().any(|n| n == "Deployment/web")
                    && nodes.iter().any(|n| n == "Service/web")
                    && nodes.iter().filter(|n| n.starts_with("ReplicaSet/web-")).count() == 1
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
                "git checkout -b nginx-1.26",
                "sed -i 's/nginx:1.25/nginx:1.26/' k8s/deployment.yaml",
                "git add k8s/deployment.yaml",
                "git commit -m \"web: nginx 1.26\"",
                "git push -u origin nginx-1.26",
                "gh pr create --title \"web: nginx 1.26\" --body \"Bump nginx\"",
            ] {
                b.run_command(line).await?;
            }
            let pr = "pr-team-app-config-1";
            b.wait_js("the pull request", Duration::from_secs(10), &format!("return !!document.getElementById('{pr}');")).await?;
            let diff = b.js(&format!("return Array.from(document.querySelectorAll('#{pr} .diff .d-add')).map(x => x.textContent);")).await?;
            ensure!(
                diff.as_array().is_some_and(|a| a.iter().any(|l| l.as_str() == Some("+        image: nginx:1.26\n"))),
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
            ensure!(graph == serde_json::json!(["nginx-1.26", "main"]), "the graph's branch labels: {graph}");
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
            ensure!(done.as_str().is_some_and(|t| t.contains("on nginx:1.26")), "traffic on the new version: {done}");
            let (badges, nodes) = app(&b).await?;
            ensure!(badges == ["Synced", "Healthy"], "{badges:?}");
            ensure!(nodes.iter().filter(|n| n.starts_with("ReplicaSet/web-")).count() == 2, "old and new ReplicaSets: {nodes:?}");
            let merged = b.js("return document.querySelector('#gitops-repos .commit .subject').textContent;").await?;
            ensure!(merged.as_str().is_some_and(|s| s.starts_with("Merge pull request #1")), "{merged}");
            let creds = b.js("return document.getElementById('gitops-credentials').textContent;").await?;
            ensure!(
                creds.as_str().is_some_and(|t| t.contains("Argo CD application-controller") && t.contains("inside the cluster")),
                "the credential table: {creds}"
            );
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
            shots(&b, "gitops-chain", "#gitops-chain").await?;
            shots(&b, "gitops-apps", "#gitops-apps").await
        }
        .await;
        (b, r)
    })
    .await;
}
