//! Writes `web/split-keep.txt`: the functions a first visit runs, which `kubelab-split` keeps
//! in the part of the program the page downloads first.
//!
//! Run by `scripts/split-profile.sh` on a profiling build (`KUBELAB_SPLIT=instrument`, where
//! every function marks itself in an exported memory when it runs). In headless Chromium it
//! loads the page in a fresh profile, waits for the console and types the first commands a
//! student types (`kubectl get nodes`, `kubectl get pods`). The functions marked are written,
//! by stable name (crate disambiguators and hashes left out), sorted.
//!
//! A reload is left out on purpose: restoring a saved session needs the snapshot reader,
//! which is large, and a returning visitor has the second part in the browser's cache from
//! the first visit, so loading it on use costs a compile, not a download.
//!
//! `kubelab-split-profile DIST OUT`

use kubelab_e2e::{Browser, Result, StaticServer};
use std::collections::BTreeSet;
use std::path::PathBuf;

const READ: &str = "const w = globalThis.__kubelabWasm; if (!w || !w.__kubelab_profile) return null; \
     const m = new Uint8Array(w.__kubelab_profile.buffer); const out = []; \
     for (let i = 0; i < m.length; i++) if (m[i]) out.push(i); return out;";

async fn visit(b: &Browser, ran: &mut BTreeSet<u64>) -> Result<()> {
    b.wait_for_console().await?;
    for line in ["kubectl get nodes", "kubectl get pods"] {
        b.run_command(line).await?;
    }
    // The clock runs on: what the first seconds do on their own (controllers' timers, the
    // views' redraws) belongs to a first visit too.
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    let v = b.js(READ).await?;
    let list = v.as_array().ok_or("the page has no profile: is it a profiling build (KUBELAB_SPLIT=instrument)?")?;
    ran.extend(list.iter().filter_map(|x| x.as_u64()));
    Ok(())
}

async fn run(dist: PathBuf, out: PathBuf) -> Result<()> {
    let names_file = std::fs::read_dir(&dist)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with("_bg.names"))
        .ok_or("no *_bg.names in the build: is it a profiling build?")?;
    let names_text = std::fs::read_to_string(&names_file)?;
    let server = StaticServer::start(&dist)?;
    let mut ran = BTreeSet::new();
    // Three first visits, each in a fresh browser: timing differs from one to the next.
    for _ in 0..3 {
        let b = Browser::launch().await?;
        let result = async {
            b.goto(&server.url()).await?;
            visit(&b, &mut ran).await
        }
        .await;
        b.close().await;
        result?;
    }
    let mut keep = BTreeSet::new();
    for line in names_text.lines() {
        if let Some((i, name)) = line.split_once('\t') {
            if i.parse::<u64>().is_ok_and(|i| ran.contains(&i)) {
                keep.insert(name.to_string());
            }
        }
    }
    let mut text = String::from(
        "# The functions a first visit runs (page load, the console's first commands), by name.\n\
         # kubelab-split keeps them in the part of the program downloaded first; the rest loads in the background.\n\
         # Written by scripts/split-profile.sh; a stale list is slower, never wrong.\n",
    );
    for name in &keep {
        text.push_str(name);
        text.push('\n');
    }
    std::fs::write(&out, text)?;
    if let Ok(path) = std::env::var("KUBELAB_SPLIT_INDICES") {
        // For looking into a profile: the function indices that ran, one per line.
        let list: Vec<String> = ran.iter().map(|i| i.to_string()).collect();
        std::fs::write(path, list.join("\n"))?;
    }
    eprintln!("kubelab-split-profile: {} functions ran, {} names written to {}", ran.len(), keep.len(), out.display());
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dist, out] = args.as_slice() else {
        eprintln!("usage: kubelab-split-profile DIST OUT");
        return std::process::ExitCode::FAILURE;
    };
    match run(PathBuf::from(dist), PathBuf::from(out)).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kubelab-split-profile: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
