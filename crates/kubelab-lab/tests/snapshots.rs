//! Snapshots: a session restored from a snapshot plus the log's tail is the session that ran
//! straight through (cluster, console state, history, progress, files, log); a snapshot from
//! another format or build is refused and the log replayed; a damaged one never panics; slices
//! never change the result.

use kubelab_lab::{builtin, Restoring, SavedSession, Session, SnapshotError};
use proptest::prelude::*;

fn playground() -> kubelab_lab::Exercise {
    builtin("playground").expect("shipped").load().expect("loads")
}

/// Everything a student could observe of a session, as text.
fn digest(s: &Session) -> String {
    format!(
        "{}\n{}\n{:?}\n{:?}\n{:?}\n{:?}\n{}",
        serde_json::to_string(s.cluster()).expect("cluster"),
        serde_json::to_string(&s.console().state()).expect("console"),
        s.history(),
        s.progress(),
        s.files(),
        s.log(),
        s.console().prompt()
    )
}

const COMMANDS: &[&str] = &[
    "kubectl apply -f web.yaml",
    "kubectl create deployment hello --image=karthequian/helloworld:blue --replicas=2",
    "kubectl scale deployment web --replicas=5",
    "kubectl set image deployment/web web=nginx:1.27",
    "kubectl delete pod -l app=web --wait=false",
    "kubectl expose deployment hello --port=80",
    "kubectl get pods",
    "kubectl rollout undo deployment/web",
    "kubectl port-forward deployment/hello 8080:80",
    "kubectl edit deployment hello",
    "kubectl run box -it --image=busybox:1.28 -- sh",
    "X=1; echo $X",
    "exit",
    "sleep 7",
];

/// Runs `steps` (a command index and the seconds before it) on `s`.
fn play(s: &mut Session, steps: &[(usize, u64)]) {
    for &(cmd, gap) in steps {
        s.step_clock(gap);
        s.run(COMMANDS[cmd % COMMANDS.len()]);
    }
}

fn restore(saved: &SavedSession, snapshot: Option<&str>) -> (Session, Option<String>, bool) {
    let r = Restoring::start(playground(), saved, snapshot).expect("starts");
    let refused = r.snapshot_refused().map(str::to_string);
    let used = r.used_snapshot();
    (r.finish().expect("restores"), refused, used)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn a_snapshot_plus_the_tail_restores_the_straight_run(
        before in prop::collection::vec((0..COMMANDS.len(), 0u64..90), 0..6),
        after in prop::collection::vec((0..COMMANDS.len(), 0u64..90), 0..4),
        end in 0u64..60,
    ) {
        let mut s = Session::new(playground()).expect("starts");
        play(&mut s, &before);
        let snapshot = s.snapshot();
        play(&mut s, &after);
        s.step_clock(end);
        let saved = SavedSession::from_json(&s.save().to_json()).expect("json");
        let (restored, refused, used) = restore(&saved, Some(&snapshot));
        prop_assert!(used, "{:?}", refused);
        prop_assert_eq!(digest(&restored), digest(&s));
        // And the restored session goes on exactly as the original.
        let (mut a, mut b) = (s, restored);
        prop_assert_eq!(a.run("kubectl get all"), b.run("kubectl get all"));
        a.step_clock(30);
        b.step_clock(30);
        prop_assert_eq!(digest(&a), digest(&b));
    }
}

/// A session with something in it, its snapshot, and what it saved 40 s later.
fn sample() -> (Session, String, SavedSession) {
    let mut s = Session::new(playground()).expect("starts");
    play(&mut s, &[(0, 3), (1, 20), (5, 4)]);
    let snapshot = s.snapshot();
    play(&mut s, &[(2, 10), (6, 30)]);
    let saved = s.save();
    (s, snapshot, saved)
}

#[test]
fn an_older_format_or_another_build_is_refused_and_the_log_replayed() {
    let (s, snapshot, saved) = sample();
    let older = snapshot.replacen("{\"format\":1,", "{\"format\":0,", 1);
    assert!(matches!(kubelab_lab::Snapshot::parse(&older).err(), Some(SnapshotError::Format { found: 0, .. })));
    let other = snapshot.replacen(kubelab_lab::build_id(), "0.0.0+1+0123456789abcdef", 1);
    assert!(matches!(kubelab_lab::Snapshot::parse(&other).err(), Some(SnapshotError::OtherBuild)));
    for bad in [older, other] {
        let (restored, refused, used) = restore(&saved, Some(&bad));
        assert!(!used);
        let why = refused.expect("a reason");
        assert!(why.contains("format version 0") || why.contains("another version of the lab"), "{why}");
        assert_eq!(digest(&restored), digest(&s));
    }
}

#[test]
fn a_snapshot_of_another_log_or_exercise_is_refused() {
    let (s, snapshot, saved) = sample();
    // The log was edited before the snapshot's end: its digest differs.
    let mut edited = saved.clone();
    if let Some(kubelab_lab::LogEntry::Input { line, .. }) = edited.log.first_mut() {
        line.push_str(" --dry-run=client");
    }
    let r = Restoring::start(playground(), &edited, Some(&snapshot)).expect("starts");
    assert!(r.snapshot_refused().is_some_and(|w| w.contains("the log differs")), "{:?}", r.snapshot_refused());
    // A log shorter than the snapshot.
    let mut short = saved.clone();
    short.log.truncate(1);
    let r = Restoring::start(playground(), &short, Some(&snapshot)).expect("starts");
    assert!(!r.used_snapshot());
    // Another exercise's snapshot.
    let other = builtin("traffic").expect("shipped").load().expect("loads");
    let theirs = Session::new(other).expect("starts").snapshot();
    let (restored, refused, used) = restore(&saved, Some(&theirs));
    assert!(!used && refused.is_some());
    assert_eq!(digest(&restored), digest(&s));
}

#[test]
fn damaged_snapshots_never_panic_and_fall_back_to_the_log() {
    let (s, snapshot, saved) = sample();
    let want = digest(&s);
    let chars: Vec<char> = snapshot.chars().collect();
    let n = chars.len();
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut damaged: Vec<String> = vec![
        String::new(),
        "\n".into(),
        "{}\n{}".into(),
        chars[..n / 2].iter().collect(),
        snapshot.replacen('\n', "", 1),
        snapshot.clone() + "x",
    ];
    for _ in 0..12 {
        let mut c = chars.clone();
        let at = (next() % n as u64) as usize;
        c[at] = match next() % 3 {
            0 => 'x',
            1 => '\u{4001}',
            _ => '"',
        };
        damaged.push(c.into_iter().collect());
    }
    let mut replayed = 0;
    for bad in &damaged {
        let r = Restoring::start(playground(), &saved, Some(bad)).expect("the log is fine");
        if r.used_snapshot() {
            // A change the digests cannot see (none expected) must still restore exactly.
            assert_eq!(digest(&r.finish().expect("restores")), want);
            continue;
        }
        replayed += 1;
        assert!(r.snapshot_refused().is_some());
        assert_eq!(digest(&r.finish().expect("restores")), want);
    }
    assert!(replayed >= damaged.len() - 1, "{replayed} of {}", damaged.len());
}

#[test]
fn a_log_that_no_longer_replays_is_an_error_with_or_without_a_snapshot() {
    let (_, snapshot, saved) = sample();
    let mut broken = saved.clone();
    broken.now = kubelab_sim::SimTime(broken.now.as_millis() + 500);
    for snap in [None, Some(snapshot.as_str())] {
        let result = Restoring::start(playground(), &broken, snap).and_then(Restoring::finish);
        assert!(result.is_err());
    }
}

#[test]
fn restoring_in_slices_gives_the_same_session() {
    let (s, _, saved) = sample();
    let want = digest(&s);
    for slice in [1, 7, 600] {
        let mut r = Restoring::start(playground(), &saved, None).expect("starts");
        let mut slices = 0;
        while !r.work(slice).expect("replays") {
            let (done, total) = r.progress();
            assert!(done <= total);
            slices += 1;
        }
        assert_eq!(r.progress().0, r.progress().1);
        assert!(slice == 600 || slices > 0);
        assert_eq!(digest(&r.into_session()), want, "slices of {slice} s");
    }
}

#[test]
fn an_hour_in_slices_of_1_7_or_600_seconds_is_the_same_hour() {
    // The playground's cluster with its system pods (a busier one costs minutes unoptimised).
    let saved = Session::new(playground()).expect("starts").save();
    let mut results = Vec::new();
    for slice in [1u64, 7, 600] {
        let mut s = Restoring::start(playground(), &saved, None).expect("starts").finish().expect("restores");
        let mut left = 3600;
        while left > 0 {
            let n = slice.min(left);
            s.step_clock(n);
            left -= n;
        }
        results.push(serde_json::to_string(s.cluster()).expect("json"));
    }
    assert_eq!(results[0], results[1]);
    assert_eq!(results[0], results[2]);
}

#[test]
fn a_session_longer_than_a_day_is_accepted() {
    // The one-day cap is gone: a saved session 25 simulated hours long sets up for a restore (the
    // stepping itself is the simulator's and is not repeated here).
    let s = Session::new(playground()).expect("starts");
    let mut saved = s.save();
    saved.now = kubelab_sim::SimTime(saved.now.as_millis() + 25 * 3600 * 1000);
    let r = Restoring::start(playground(), &saved, Some(&s.snapshot())).expect("accepted");
    assert!(r.used_snapshot(), "{:?}", r.snapshot_refused());
    assert_eq!(r.progress(), (0, 25 * 3600 * 1000));
    // A `now` beyond any session is still refused.
    saved.now = kubelab_sim::SimTime(u64::MAX / 2);
    assert!(Restoring::start(playground(), &saved, None).is_err());
}

#[test]
fn a_snapshot_newer_than_the_saved_log_is_used_only_when_it_covers_the_whole_log() {
    let (mut s, _, _) = sample();
    let saved = s.save();
    s.step_clock(9);
    let newer = s.snapshot();
    let (restored, refused, used) = restore(&saved, Some(&newer));
    assert!(used, "{refused:?}");
    assert_eq!(digest(&restored), digest(&s), "the session resumes at the snapshot's time");
    // With an entry logged after the saved time, the saved log no longer covers it.
    s.run("kubectl get pods");
    let (restored, refused, used) = restore(&saved, Some(&s.snapshot()));
    assert!(!used && refused.is_some_and(|w| w.contains("covers more of the log")));
    assert_eq!(restored.now(), saved.now);
}
