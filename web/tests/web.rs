//! The web app in a real browser (headless Chromium through wasm-bindgen-test-runner):
//!
//! ```sh
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test -p kubelab-web --target wasm32-unknown-unknown
//! ```
//!
//! Every test that mounts the app clears the local storage first and unmounts it at the end,
//! so tests don't see each other's sessions or DOM ids.

#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use kubelab_console::{Console, ConsoleConfig, NoFiles, Profile};
use kubelab_web::exercises::{self, ExerciseId};
use kubelab_web::text::{spans, split_paste, Line, LineKind, Span};
use kubelab_web::view_model::{self, PodState};
use kubelab_web::{storage, App};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlSelectElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    gloo::utils::document()
}

fn clear_storage() {
    if let Ok(Some(s)) = gloo::utils::window().local_storage() {
        let _ = s.clear();
    }
}

/// The app, mounted into a fresh `<div>` of the test page; unmounted and removed on drop.
struct Mounted {
    host: Element,
    handle: Option<yew::AppHandle<App>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        self.host.remove();
    }
}

impl Mounted {
    /// Clears the local storage, mounts the app and waits for its console.
    async fn new() -> Mounted {
        clear_storage();
        let host = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&host).unwrap();
        let handle = yew::Renderer::<App>::with_root(host.clone()).render();
        let m = Mounted { host, handle: Some(handle) };
        assert!(m.wait_for(|m| m.find("#console-input").is_some(), 5000).await, "the console appears");
        m
    }

    fn find(&self, css: &str) -> Option<Element> {
        self.host.query_selector(css).unwrap()
    }

    fn find_all(&self, css: &str) -> Vec<Element> {
        let list = self.host.query_selector_all(css).unwrap();
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<Element>().ok()).collect()
    }

    fn text(&self, css: &str) -> String {
        self.find(css).and_then(|e| e.text_content()).unwrap_or_default()
    }

    fn console_text(&self) -> String {
        self.text("#console-output")
    }

    /// Polls `cond` every 20 ms (letting Yew's scheduler and the timers run) for `ms` at most.
    async fn wait_for(&self, cond: impl Fn(&Mounted) -> bool, ms: u32) -> bool {
        let mut waited = 0;
        loop {
            if cond(self) {
                return true;
            }
            if waited >= ms {
                return false;
            }
            TimeoutFuture::new(20).await;
            waited += 20;
        }
    }

    /// Types `line` into the console and presses Enter (a keydown event, which is what
    /// `components/console.rs` listens to), then lets Yew render.
    async fn type_command(&self, line: &str) {
        let input: HtmlTextAreaElement = self.find("#console-input").expect("console input").dyn_into().unwrap();
        input.set_value(line);
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("Enter");
        init.set_bubbles(true);
        init.set_cancelable(true);
        let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        let not_cancelled = input.dispatch_event(&ev).unwrap();
        assert!(!not_cancelled, "the console handles Enter (and prevents the newline)");
        assert!(
            self.wait_for(
                |m| m
                    .find_all("#console-output .in")
                    .iter()
                    .any(|e| e.text_content().unwrap_or_default().ends_with(line)),
                2000
            )
            .await,
            "the console echoes `{line}`"
        );
        assert_eq!(input.value(), "", "the input box is emptied");
    }

    async fn key(&self, key: &str) {
        let input = self.find("#console-input").unwrap();
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        input.dispatch_event(&ev).unwrap();
        TimeoutFuture::new(30).await;
    }

    async fn choose(&self, select_id: &str, value: &str) {
        let select: HtmlSelectElement = self.find(&format!("#{select_id}")).unwrap().dyn_into().unwrap();
        select.set_value(value);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let ev = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
        select.dispatch_event(&ev).unwrap();
        TimeoutFuture::new(30).await;
    }

    fn click(&self, id: &str) {
        let el: HtmlElement = self.find(&format!("#{id}")).unwrap().dyn_into().unwrap();
        el.click();
    }

    /// `(name, state, node)` of the pods drawn whose name starts with `prefix`.
    fn pods(&self, prefix: &str) -> Vec<(String, String, String)> {
        self.find_all("#cluster .pod[data-pod]")
            .into_iter()
            .filter_map(|p| {
                let name = p.get_attribute("data-pod")?;
                let state = p.get_attribute("data-state")?;
                let node = p.closest(".node[data-node]").ok().flatten()?.get_attribute("data-node")?;
                name.starts_with(prefix).then_some((name, state, node))
            })
            .collect()
    }

    fn goals(&self) -> Vec<bool> {
        self.find_all("#exercise-panel .goal")
            .iter()
            .map(|g| g.get_attribute("data-met").as_deref() == Some("true"))
            .collect()
    }
}

// --- The mounted app ---------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn the_app_starts_on_exercise4_with_its_panels() {
    let m = Mounted::new().await;
    let exercise: HtmlSelectElement = m.find("#exercise").unwrap().dyn_into().unwrap();
    assert_eq!(exercise.value(), "ex4", "Exercise 4 is the default");
    assert!(m.console_text().contains("course-era cluster"), "{}", m.console_text());
    assert!(m.text("#exercise-panel h2").contains("Exercise 4"));
    let goals = m.goals();
    assert!(goals.len() >= 10 && goals.iter().all(|met| !met), "{goals:?}");
    assert!(!m.text("#clock").is_empty());
    assert!(m.find("#play").is_some() && m.find("#speed").is_some() && m.find("#reset").is_some());
    // Three nodes; setup left the nginx-deployment pod of an earlier exercise.
    assert_eq!(m.find_all("#cluster .node[data-node]").len(), 3);
    assert!(!m.pods("nginx-deployment-").is_empty(), "{:?}", m.pods(""));
}

#[wasm_bindgen_test]
async fn typing_a_command_updates_the_console_and_the_cluster_view() {
    let m = Mounted::new().await;
    m.choose("exercise", "playground").await;
    assert!(m.wait_for(|m| m.console_text().contains("Kubernetes v1.33"), 2000).await, "{}", m.console_text());
    assert!(m.pods("web-").is_empty());

    m.type_command("kubectl create deployment web --image=nginx --replicas=3").await;
    assert!(
        m.wait_for(|m| m.console_text().contains("deployment.apps/web created"), 2000).await,
        "{}",
        m.console_text()
    );
    assert!(m.wait_for(|m| m.pods("web-").len() == 3, 2000).await, "{:?}", m.pods(""));
    let pods = m.pods("web-");
    assert!(pods.iter().all(|(_, state, node)| state != "ready" && node.starts_with("node")), "{pods:?}");
    assert!(m.text("#workloads").contains("deploy/web"));
    assert!(m.text("#cluster h2").contains("3 pods"), "{}", m.text("#cluster h2"));

    // `sleep` moves simulated time at once: the pods are ready.
    m.type_command("sleep 20").await;
    assert!(m.wait_for(|m| m.pods("web-").iter().all(|(_, s, _)| s == "ready"), 2000).await, "{:?}", m.pods("web-"));
    assert!(m.text("#workloads").contains("3/3"), "{}", m.text("#workloads"));

    m.type_command("kubectl get deploy web").await;
    assert!(m.wait_for(|m| m.console_text().contains("3/3"), 2000).await);
    // The playground's only goal: run a kubectl command.
    assert_eq!(m.goals(), vec![true]);

    // An error goes to the console as kubectl's text, and the page goes on.
    m.type_command("kubectl get deploy nope").await;
    assert!(
        m.wait_for(
            |m| m
                .find_all("#console-output pre.err")
                .iter()
                .any(|e| e.text_content().unwrap_or_default().contains("NotFound")),
            2000
        )
        .await
    );
}

#[wasm_bindgen_test]
async fn history_keys_and_reset() {
    let m = Mounted::new().await;
    m.type_command("kubectl get nodes").await;
    m.type_command("kubectl get pods").await;
    let input: HtmlTextAreaElement = m.find("#console-input").unwrap().dyn_into().unwrap();
    m.key("ArrowUp").await;
    assert_eq!(input.value(), "kubectl get pods");
    m.key("ArrowUp").await;
    assert_eq!(input.value(), "kubectl get nodes");
    m.key("ArrowDown").await;
    assert_eq!(input.value(), "kubectl get pods");
    input.set_value("");

    // A here-document waits for its end before running.
    let before = m.find_all("#console-output pre.out").len();
    input.set_value("kubectl apply -f - <<EOF");
    m.key("Enter").await;
    assert!(m.find("#console-output .pending").is_some(), "the unfinished input is shown as pending");
    for l in ["apiVersion: v1", "kind: Namespace", "metadata:", "  name: lab", "EOF"] {
        input.set_value(l);
        m.key("Enter").await;
    }
    assert!(m.wait_for(|m| m.console_text().contains("namespace/lab created"), 2000).await, "{}", m.console_text());
    assert!(m.find_all("#console-output pre.out").len() > before);

    m.click("reset");
    assert!(m.wait_for(|m| m.console_text().contains("(started over)"), 2000).await);
    assert!(m.find_all("#console-output .in").is_empty(), "no earlier input is left: {}", m.console_text());
    assert!(m.goals().iter().all(|met| !met));
}

#[wasm_bindgen_test]
async fn the_session_is_saved_and_restored_from_local_storage() {
    {
        let m = Mounted::new().await;
        m.choose("exercise", "playground").await;
        m.type_command("kubectl create deployment keep --image=nginx --replicas=2").await;
        assert!(m.wait_for(|m| m.pods("keep-").len() == 2, 2000).await);
    }
    // A second mount (without clearing the storage) reopens the playground and its session.
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = yew::Renderer::<App>::with_root(host.clone()).render();
    let m = Mounted { host, handle: Some(handle) };
    assert!(m.wait_for(|m| m.pods("keep-").len() == 2, 3000).await, "{:?}", m.pods(""));
    let exercise: HtmlSelectElement = m.find("#exercise").unwrap().dyn_into().unwrap();
    assert_eq!(exercise.value(), "playground");
    assert!(m.console_text().contains("kubectl create deployment keep"));
}

#[wasm_bindgen_test]
async fn a_corrupt_saved_session_gives_a_notice_not_a_crash() {
    clear_storage();
    let s = gloo::utils::window().local_storage().unwrap().unwrap();
    s.set_item("kubelab:session:ex4", "{ not json").unwrap();
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = yew::Renderer::<App>::with_root(host.clone()).render();
    let m = Mounted { host, handle: Some(handle) };
    assert!(m.wait_for(|m| m.find("#console-input").is_some(), 5000).await);
    assert!(m.console_text().contains("could not be restored"), "{}", m.console_text());
    m.type_command("kubectl get nodes").await;
    assert!(m.wait_for(|m| m.console_text().contains("master"), 2000).await);
}

// --- Storage -----------------------------------------------------------------------------------

#[wasm_bindgen_test]
fn storage_round_trip_and_corrupt_entries() {
    clear_storage();
    assert!(matches!(storage::load(ExerciseId::Playground), Ok(None)));
    let mut session = exercises::new_session(ExerciseId::Playground);
    session.run("kubectl create deployment web --image=nginx --replicas=2");
    let lines = vec![Line::new(LineKind::Input, "kubectl create deployment web --image=nginx --replicas=2")];
    storage::save(
        ExerciseId::Playground,
        &session,
        &lines,
        &["kubectl create deployment web --image=nginx --replicas=2".to_string()],
    );
    let (restored, l, h) = storage::load(ExerciseId::Playground).unwrap().unwrap();
    assert_eq!(l, lines);
    assert_eq!(h.len(), 1);
    assert_eq!(
        serde_json::to_string(restored.cluster()).unwrap(),
        serde_json::to_string(session.cluster()).unwrap(),
        "replaying the log rebuilds the same cluster"
    );

    let s = gloo::utils::window().local_storage().unwrap().unwrap();
    s.set_item("kubelab:session:playground", "][").unwrap();
    assert!(storage::load(ExerciseId::Playground).is_err());
    assert!(matches!(storage::load(ExerciseId::Playground), Ok(None)), "the corrupt entry was removed");

    storage::set_last_exercise(ExerciseId::Playground);
    assert_eq!(storage::last_exercise(), Some(ExerciseId::Playground));
    s.set_item("kubelab:last-exercise", "nonsense").unwrap();
    assert_eq!(storage::last_exercise(), None);
    clear_storage();
}

// --- The pure view-model, in the browser too -----------------------------------------------------

fn console() -> Console {
    Console::new(ConsoleConfig { seed: 1, profile: Profile::Current }, Box::new(NoFiles))
}

#[wasm_bindgen_test]
fn cluster_view_of_a_new_deployment() {
    let mut c = console();
    let empty = view_model::cluster_view(c.cluster(), false);
    assert_eq!(empty.nodes.len(), 3);
    assert_eq!(empty.pod_count, 0);
    assert!(empty.unscheduled.is_empty() && empty.deployments.is_empty());
    assert!(view_model::cluster_view(c.cluster(), true).pod_count > 0, "system pods when asked");

    c.run("kubectl create deployment web --image=nginx --replicas=3");
    let v = view_model::cluster_view(c.cluster(), false);
    assert_eq!(v.pod_count, 3);
    let pods: Vec<_> = v.nodes.iter().flat_map(|n| n.pods.iter()).collect();
    assert_eq!(pods.len(), 3);
    assert!(pods.iter().all(|p| p.state == PodState::Creating && p.owner.starts_with("web-") && p.image == "nginx"));
    assert_eq!(v.deployments.len(), 1);
    assert_eq!(v.deployments[0].desired, 3);
    assert_eq!(v.time.len(), 8, "HH:MM:SS: {}", v.time);

    c.run("sleep 20");
    let later = view_model::cluster_view(c.cluster(), false);
    assert!(later.nodes.iter().flat_map(|n| n.pods.iter()).all(|p| p.state == PodState::Ready && p.ready == "1/1"));
    assert_ne!(later.time, v.time);
    assert_eq!(later.deployments[0].ready, 3);
}

#[wasm_bindgen_test]
fn more_pods_than_room_are_unscheduled_and_a_rollout_has_two_colours() {
    let mut c = console();
    c.run("kubectl create deployment big --image=nginx --replicas=300");
    let v = view_model::cluster_view(c.cluster(), false);
    assert_eq!(v.pod_count, 300);
    assert!(!v.unscheduled.is_empty(), "two workers of 110 pods cannot hold 300");
    assert!(v.unscheduled.iter().all(|p| p.state == PodState::Pending));

    let mut c = console();
    c.run("kubectl create deployment web --image=nginx:1.25 --replicas=3");
    c.run("sleep 15");
    c.run("kubectl set image deployment/web nginx=nginx:1.26");
    c.run("sleep 3");
    let v = view_model::cluster_view(c.cluster(), false);
    let colours: std::collections::BTreeSet<&str> =
        v.nodes.iter().flat_map(|n| n.pods.iter()).map(|p| p.colour).collect();
    assert_eq!(colours.len(), 2);
    assert!(colours.iter().all(|c| view_model::PALETTE.contains(c)));
    assert_eq!(v.deployments[0].replica_sets.len(), 2);
    let series = view_model::chart_series(c.cluster(), "default", "web", 600);
    assert_eq!(series.len(), 2);
    assert!(series.iter().all(|s| !s.desired.is_empty() && s.desired.iter().all(|(x, _)| *x <= 0.0)));
}

#[wasm_bindgen_test]
fn pod_states_have_distinct_symbols_labels_and_classes() {
    let all = [
        PodState::Pending,
        PodState::Creating,
        PodState::NotReady,
        PodState::Ready,
        PodState::Terminating,
        PodState::Failing,
        PodState::Completed,
    ];
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            assert_ne!(a.symbol(), b.symbol());
            assert_ne!(a.label(), b.label());
            assert_ne!(a.css(), b.css());
        }
    }
    assert_eq!(PodState::Ready.css(), "ready");
    // A symbol is never the shortened name's prefix (`…-q7lsh`), or every pod would look pending.
    assert!(all.iter().all(|s| s.symbol() != "…"));
}

#[wasm_bindgen_test]
fn text_helpers() {
    assert_eq!(
        spans("run `kubectl get pods` now"),
        vec![Span::Text("run ".into()), Span::Code("kubectl get pods".into()), Span::Text(" now".into())]
    );
    assert_eq!(spans("a `b"), vec![Span::Text("a `b".into())]);
    let (inputs, rest) = split_paste("", "kubectl get pods\nkubectl get nodes\nkubectl", Console::needs_more_input);
    assert_eq!(inputs, vec!["kubectl get pods".to_string(), "kubectl get nodes".to_string()]);
    assert_eq!(rest, "kubectl");
}

#[wasm_bindgen_test]
fn exercises_are_embedded() {
    for id in ExerciseId::ALL {
        assert_eq!(ExerciseId::from_key(id.key()), Some(id));
        let session = exercises::new_session(id);
        let view = exercises::exercise_view(&session);
        assert!(!view.steps.is_empty() && view.total > 0, "{id:?}");
        assert_eq!(view.met, 0);
        assert!(exercises::banner(id).starts_with("Kubelab:"));
    }
    assert_eq!(ExerciseId::from_key("nope"), None);
    assert!(exercises::files(&exercises::new_session(ExerciseId::Ex4)).iter().any(|(n, _)| n == "navbar-black.yaml"));
}

// --- Determinism across platforms ----------------------------------------------------------------

/// The files a transcript's `-f` reads, embedded (the browser has no file system).
struct Embedded(&'static [(&'static str, &'static str)]);

impl kubelab_console::Files for Embedded {
    fn read(&self, path: &str) -> Result<kubelab_console::FileEntry, String> {
        self.0
            .iter()
            .find(|(name, _)| *name == path)
            .map(|(_, text)| kubelab_console::FileEntry::File(text.to_string()))
            .ok_or_else(|| format!("the path \"{path}\" does not exist"))
    }
}

/// Runs a transcript script as `crates/kubelab-console/tests/transcripts.rs` does natively.
fn run_transcript(script: &str, profile: Profile, files: &'static [(&'static str, &'static str)]) -> String {
    let mut console = Console::new(ConsoleConfig { seed: 1, profile }, Box::new(Embedded(files)));
    kubelab_console::transcript::run(&mut console, script)
}

/// The body of an insta snapshot (after its `---` header).
fn snapshot_body(snap: &str) -> &str {
    let mut parts = snap.splitn(3, "---\n");
    parts.next();
    parts.next();
    parts.next().unwrap_or("")
}

/// The same seed and commands give the same output in wasm as natively: whole sessions, byte
/// for byte, against the snapshots recorded by the native test (usize width, float formatting
/// and map order are where wasm32 would differ).
#[wasm_bindgen_test]
fn transcripts_in_wasm_match_the_native_snapshots() {
    const EX4: &[(&str, &str)] = &[
        ("helloworld-dep-svc.yaml", include_str!("../../exercises/ex4/helloworld-dep-svc.yaml")),
        ("navbar-black.yaml", include_str!("../../exercises/ex4/navbar-black.yaml")),
    ];
    let cases: [(&str, &str, Profile, &'static [(&str, &str)]); 5] = [
        (
            include_str!("../../tests/transcripts/ex4-course.txt"),
            include_str!("../../tests/transcripts/snapshots/ex4-course.snap"),
            Profile::Course,
            EX4,
        ),
        (
            include_str!("../../tests/transcripts/stuck-rollout.txt"),
            include_str!("../../tests/transcripts/snapshots/stuck-rollout.snap"),
            Profile::Current,
            &[],
        ),
        (
            include_str!("../../tests/transcripts/output-formats.txt"),
            include_str!("../../tests/transcripts/snapshots/output-formats.snap"),
            Profile::Current,
            &[],
        ),
        (
            include_str!("../../tests/transcripts/traffic-load.txt"),
            include_str!("../../tests/transcripts/snapshots/traffic-load.snap"),
            Profile::Current,
            &[],
        ),
        // `kubectl edit` with `@editor` lines: the temporary names and the edits as natively.
        (
            include_str!("../../tests/transcripts/edit.txt"),
            include_str!("../../tests/transcripts/snapshots/edit.snap"),
            Profile::Current,
            &[],
        ),
    ];
    for (script, snap, profile, files) in cases {
        let got = run_transcript(script, profile, files);
        assert_eq!(got.trim_end(), snapshot_body(snap).trim_end());
    }
}
