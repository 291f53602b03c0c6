//! The accessibility check: axe-core run in the page, its serious and critical findings.

use crate::{Browser, Result};
use serde_json::Value;

/// axe-core's serious and critical violations (WCAG 2.0–2.2 A and AA) on the page as it stands,
/// as `id (impact): target, …`. The script comes from `$KUBELAB_AXE` or `kubelab_axe`'s install.
/// axe measures the colours the page rests on: while it runs, a style sheet holds every
/// animation and transition at its end (`animation: none; transition: none`). Otherwise a pod
/// box drawn a moment ago (fading in for 0.5 s) or one that just changed state (fading for up
/// to 0.8 s, `style.css`) is measured mid-fade, with a blended colour the page never rests on,
/// and with the clock running new pods keep appearing, so waiting for the fades to end is not
/// enough (CI failed twice that way).
pub async fn axe(b: &Browser) -> Result<Vec<String>> {
    b.js("if (!document.getElementById('kubelab-axe-still')) {
              const s = document.createElement('style');
              s.id = 'kubelab-axe-still';
              s.textContent = '*, *::before, *::after { animation: none !important; transition: none !important; }';
              document.head.appendChild(s);
          }
          return document.body.offsetHeight;")
        .await?;
    let result = run_axe(b).await;
    b.js("document.getElementById('kubelab-axe-still')?.remove(); return true;").await?;
    result
}

async fn run_axe(b: &Browser) -> Result<Vec<String>> {
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
