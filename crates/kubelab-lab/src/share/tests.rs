use super::*;
use crate::builtin::BUILTIN;

/// Each shipped exercise with its whole solution run (and a few seconds after).
fn solved() -> Vec<Session> {
    BUILTIN
        .iter()
        .map(|b| {
            let exercise = b.load().expect("shipped exercise loads");
            let lines: Vec<String> = exercise.solution().iter().map(|l| l.to_string()).collect();
            let mut session = Session::new(exercise).expect("setup");
            for line in &lines {
                session.run(line);
            }
            session.step_clock(5);
            session
        })
        .collect()
}

#[test]
fn a_link_to_each_solved_exercise_opens_the_identical_session() {
    for session in solved() {
        let fragment = link_fragment(&session, None);
        let saved = session.save();
        let body = LinkBody { now: saved.now, hints: saved.hints.clone(), log: saved.log.clone() };
        let body_len = serde_json::to_string(&body).expect("json").len();
        let packed = codec::compress(serde_json::to_string(&body).expect("json").as_bytes()).len();
        eprintln!(
            "{}: link fragment {} characters; the log's JSON {body_len} bytes, compressed {packed} bytes ({:.1}x)",
            session.exercise().id,
            fragment.len(),
            body_len as f64 / packed as f64
        );
        assert!(packed * 5 < body_len * 2, "the log compresses at least 2.5x: {packed} of {body_len}");
        assert!(fragment.starts_with(&format!("v=1&ex={}&profile=", session.exercise().id)), "{fragment}");
        let link = parse_link(&format!("https://lab.example/#{fragment}")).expect("parses");
        assert_eq!(link.saved, session.save());
        let opened = link.open().expect("opens");
        assert_eq!(digest(&opened), digest(&session), "{}", session.exercise().id);
        assert_eq!(
            serde_json::to_string(opened.cluster()).expect("json"),
            serde_json::to_string(session.cluster()).expect("json"),
            "the whole cluster, controllers' memory included"
        );
        assert_eq!(opened.progress(), session.progress());
        assert_eq!(opened.now(), session.now());
    }
}

fn tiny() -> Exercise {
    Exercise::load("id: tiny\ntitle: Tiny\nprofile: current\nsteps: []\n", &[]).expect("exercise")
}

#[test]
fn a_link_names_a_moment_and_opens_there() {
    let mut s = Session::new(tiny()).expect("session");
    let start = s.started();
    let clock = |s: &Session, t: SimTime| clock_at(s.cluster(), t);
    s.step_clock(30);
    s.run("kubectl create deployment web --image=nginx --replicas=2");
    s.step_clock(90);
    s.run("kubectl scale deployment web --replicas=4");
    s.step_clock(60);
    let moment_ms = start.as_millis() - start.as_millis() % 1000 + 100_000;
    let moment = clock(&s, SimTime(moment_ms));
    let fragment = link_fragment(&s, Some(moment));
    assert!(fragment.ends_with(&format!("&at={moment}")), "{fragment}");
    let opened = parse_link(&fragment).expect("parses").open_with(tiny()).expect("opens");
    assert_eq!(opened.now(), SimTime(moment_ms));
    // The same as a session that did the same up to then.
    let mut straight = Session::new(tiny()).expect("session");
    straight.step_clock(30);
    straight.run("kubectl create deployment web --image=nginx --replicas=2");
    straight.step_clock((moment_ms - straight.now().as_millis()) / 1000);
    assert_eq!(digest(&opened), digest(&straight));
    assert_eq!(opened.history().len(), 1);
    // HH:MM works, and a moment outside the session is refused.
    let whole_minute = ClockTime { secs: moment.secs - moment.secs % 60 };
    let hhmm = format!("{:02}:{:02}", whole_minute.secs / 3600, whole_minute.secs / 60 % 60);
    assert_eq!(ClockTime::parse(&hhmm), Ok(whole_minute));
    let late = ClockTime { secs: (clock(&s, s.now()).secs + 3600) % 86_400 };
    let err = parse_link(&link_fragment(&s, Some(late))).expect("parses").open_with(tiny()).err().expect("refused");
    assert!(matches!(err, ShareError::Moment(_)), "{err}");
    assert!(err.to_string().contains("is not in it"), "{err}");
}

#[test]
fn an_input_running_past_the_moment_runs_whole() {
    let mut s = Session::new(tiny()).expect("session");
    s.step_clock(10);
    s.run("sleep 60");
    s.step_clock(5);
    let mid = SimTime(s.started().as_millis() - s.started().as_millis() % 1000 + 40_000);
    let at = clock_at(s.cluster(), mid);
    let opened = parse_link(&link_fragment(&s, Some(at))).expect("parses").open_with(tiny()).expect("opens");
    assert_eq!(opened.now().as_millis(), s.started().as_millis() + 70_000);
}

#[test]
fn clock_times_parse_strictly() {
    assert_eq!(ClockTime::parse("12:40"), Ok(ClockTime { secs: 12 * 3600 + 40 * 60 }));
    assert_eq!(ClockTime::parse("00:00:07").map(|c| c.to_string()).as_deref(), Ok("00:00:07"));
    for bad in ["", "12", "1:40", "24:00", "12:60", "12:40:60", "12:40:00:00", "ab:cd", "+1:00", "12:4"] {
        assert!(ClockTime::parse(bad).is_err(), "{bad}");
    }
    assert_eq!(span_text(5), "5s");
    assert_eq!(span_text(125), "2m05s");
    assert_eq!(span_text(3723), "1h02m03s");
}

#[test]
fn hostile_links_are_errors_with_reasons() {
    let mut s = Session::new(tiny()).expect("session");
    s.run("kubectl get pods");
    let good = link_fragment(&s, None);
    let log = good.split("&log=").nth(1).expect("log field");
    let bomb = codec::base64url(&[0x1f, b'a', 1, 0xff, 0xff, 0xff, 0x7f, 0x00]);
    let not_json = codec::base64url(&codec::compress(b"hello"));
    let cases = [
        (String::new(), "is not key=value"),
        ("#".to_string(), "is not key=value"),
        ("v=2&ex=tiny".to_string(), "format version 2"),
        (good.replace("v=1&", ""), "no \"v\" field"),
        (format!("{good}&x=1"), "unknown field \"x\""),
        (format!("{good}&ex=tiny"), "appears twice"),
        (good.replace("ex=tiny", "ex=../x"), "not a plain name"),
        (good.replace("profile=current", "profile=2.0"), "unknown profile"),
        (good.replace("seed=", "seed=-"), "seed is not"),
        (good.replace("fp=", "fp=zz"), "fingerprint"),
        (good.replace(log, "!!!"), "base64url"),
        (good.replace(log, &log[..log.len() / 2]), "log:"),
        (good.replace(log, &bomb), "too large"),
        (good.replace(log, &not_json), "log:"),
        (format!("{good}&at=25:00"), "not HH:MM"),
        ("v=1&".repeat(MAX_LINK_CHARS / 4 + 1), "too large"),
    ];
    for (text, expected) in cases {
        let err = parse_link(&text).expect_err(&text[..text.len().min(80)]);
        assert!(err.to_string().contains(expected), "{}: {err}", &text[..text.len().min(80)]);
    }
    // Decodes, but does not open.
    let other = parse_link(&good.replace("ex=tiny", "ex=nosuch")).expect("parses").open().err().expect("refused");
    assert_eq!(other.to_string(), "unknown exercise \"nosuch\" (not shipped with this version)");
    let reseeded =
        parse_link(&good.replace("seed=", "seed=9")).expect("parses").open_with(tiny()).err().expect("refused");
    assert!(matches!(reseeded, ShareError::Mismatch(_)), "{reseeded}");
    let fp = good.split("&fp=").nth(1).and_then(|r| r.get(..16)).expect("fingerprint");
    let changed = parse_link(&good.replace(fp, "0123456789abcdef")).expect("parses").open_with(tiny());
    assert_eq!(changed.err(), Some(ShareError::Session(SessionError::ExerciseChanged)));
}

#[test]
fn corrupt_logs_in_links_never_panic() {
    let mut s = Session::new(tiny()).expect("session");
    s.run("kubectl create deployment web --image=nginx");
    s.step_clock(3);
    let good = link_fragment(&s, None);
    let (head, log) = good.split_once("&log=").expect("log");
    let mut packed = codec::from_base64url(log).expect("base64");
    let mut x = 7u64;
    for round in 0..400 {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let i = (x >> 33) as usize % packed.len();
        packed[i] ^= 1 << (round % 8);
        let text = format!("{head}&log={}", codec::base64url(&packed));
        if let Ok(link) = parse_link(&text) {
            let _ = link.open_with(tiny());
        }
    }
}

#[test]
fn exported_files_round_trip_and_keep_their_digest() {
    for session in solved().into_iter().take(2) {
        let exported = export(&session);
        assert_eq!(exported.digest, digest(&session));
        let json = exported.to_json();
        let imported = read_session_file(json.as_bytes()).expect("reads");
        assert_eq!(imported.digest.as_deref(), Some(exported.digest.as_str()));
        let opened = imported.open().expect("opens");
        assert_eq!(digest(&opened), exported.digest);
        // A bare saved session is read too.
        let bare = read_session_file(session.save().to_json().as_bytes()).expect("bare");
        assert_eq!(bare.digest, None);
        assert_eq!(bare.saved, session.save());
    }
    let s = Session::new(tiny()).expect("session");
    let e = export(&s);
    assert!(e.file_name().starts_with("kubelab-tiny-") && e.file_name().ends_with("s.json"), "{}", e.file_name());
    assert_eq!(e.elapsed_secs, 0);
}

#[test]
fn hostile_files_are_errors_with_reasons() {
    let s = Session::new(tiny()).expect("session");
    let good = export(&s).to_json();
    let big = vec![b' '; MAX_FILE_BYTES + 1];
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"".to_vec(), "not JSON"),
        (vec![0xff, 0xfe, 0x00, 0x9c], "not UTF-8"),
        (b"[1,2]".to_vec(), "not a JSON object"),
        (b"{\"a\": 1}".to_vec(), "no \"kubelab_export\""),
        (good.replace("\"kubelab_export\": 1", "\"kubelab_export\": 7").into_bytes(), "export format 7"),
        (good.replace("\"kubelab_export\": 1", "\"kubelab_export\": \"1\"").into_bytes(), "not a whole number"),
        (good.replace("\"digest\"", "\"digestx\"").into_bytes(), "unknown field"),
        (good.replacen("\"exercise\": \"tiny\"", "\"exercise\": \"other\"", 1).into_bytes(), "differ"),
        (big, "too large"),
        (b"{\"format\": 3}".to_vec(), "format version 3"),
    ];
    for (bytes, expected) in cases {
        let err = read_session_file(&bytes).expect_err(expected);
        assert!(err.to_string().contains(expected), "{expected}: {err}");
    }
    let unknown = read_session_file(good.as_bytes()).expect("reads").open().err().expect("refused");
    assert!(matches!(unknown, ShareError::UnknownExercise(_)), "{unknown}");
}

/// The fixture the web app's wasm test replays: a link made natively and the digest of the
/// session it opens. `KUBELAB_UPDATE_FIXTURES=1` rewrites it (after a simulator change that
/// changes the state, which a reviewer should see in the diff).
#[test]
fn the_wasm_fixture_matches_the_native_replay() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/share-link.json");
    let session = solved().into_iter().next().expect("an exercise");
    let fragment = link_fragment(&session, None);
    let whole = |s: &Session| hash_hex(serde_json::to_string(s.cluster()).expect("json").as_bytes());
    let fresh = serde_json::json!({ "fragment": fragment, "digest": digest(&session), "cluster": whole(&session) });
    if std::env::var_os("KUBELAB_UPDATE_FIXTURES").is_some() {
        std::fs::write(path, serde_json::to_string_pretty(&fresh).expect("json") + "\n").expect("writes the fixture");
    }
    let text = std::fs::read_to_string(path).expect("fixture (KUBELAB_UPDATE_FIXTURES=1 writes it)");
    let fixture: serde_json::Value = serde_json::from_str(&text).expect("fixture is JSON");
    let link = parse_link(fixture["fragment"].as_str().expect("fragment")).expect("parses");
    let opened = link.open().expect("opens");
    assert_eq!(
        Some(digest(&opened).as_str()),
        fixture["digest"].as_str(),
        "the simulator replays the fixture's link to another state: KUBELAB_UPDATE_FIXTURES=1 rewrites it"
    );
    assert_eq!(Some(whole(&opened).as_str()), fixture["cluster"].as_str(), "the whole serialised cluster");
}

#[test]
fn the_digest_changes_with_the_objects_the_clock_and_the_traffic() {
    let mut s = Session::new(tiny()).expect("session");
    let first = digest(&s);
    assert_eq!(digest(&s), first, "the same state, the same digest");
    s.step_clock(1);
    let later = digest(&s);
    assert_ne!(later, first, "one second later");
    s.run("kubectl create configmap c --from-literal=a=b");
    assert_ne!(digest(&s), later, "an object more");
    let with_object = digest(&s);
    s.run("kubectl get configmaps");
    assert_eq!(digest(&s), with_object, "a read changes nothing");
    assert_eq!(hash_hex(b""), "cbf29ce484222325");
    assert_eq!(hash_hex(b"a"), "af63dc4c8601ec8c", "FNV-1a 64 of \"a\"");
}
