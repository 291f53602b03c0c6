use super::*;
use crate::{Console, ConsoleConfig, NoFiles, Profile};

/// A current cluster with a running busybox pod `bb` (and, with `web`, an nginx deployment
/// `web` behind a Service created just now, whose pods are not ready yet).
fn console(web: bool) -> Console {
    let mut c = Console::new(ConsoleConfig { seed: 1, profile: Profile::Current }, Box::new(NoFiles));
    c.run("kubectl run bb --image=busybox:1.28 --restart=Never -- sleep 3600");
    c.run("sleep 10");
    if web {
        c.run("kubectl create deployment web --image=nginx:1.25");
        c.run("kubectl expose deployment web --port=80");
    }
    c
}

/// Runs `src` in `bb` as `sh -c` would: (stdout, stderr, exit code).
fn sh(c: &mut Console, src: &str) -> (String, String, i32) {
    let info = crate::shell::shell_of(c, "busybox:1.28").expect("busybox has a shell");
    let t = Target { ns: "default", pod: "bb", container: "bb", info: &info, tty: false };
    let mut out = Output::default();
    let ran = Interp::new(c, &t).run(c, src, &mut out);
    (out.stdout, out.stderr, ran.code)
}

fn stdout(c: &mut Console, src: &str) -> String {
    let (o, e, code) = sh(c, src);
    assert_eq!((e.as_str(), code), ("", 0), "{src}: {o}");
    o
}

#[test]
fn for_loops_over_words_and_seq() {
    let mut c = console(false);
    assert_eq!(stdout(&mut c, "for i in 1 2 3; do echo $i; done"), "1\n2\n3\n");
    assert_eq!(stdout(&mut c, "for i in $(seq 1 3); do echo n=$i; done"), "n=1\nn=2\nn=3\n");
    assert_eq!(stdout(&mut c, "for i in `seq 2 2 6`\ndo\n  echo $i\ndone"), "2\n4\n6\n");
    assert_eq!(stdout(&mut c, "for i in; do echo never; done; echo after"), "after\n");
}

#[test]
fn quotes_decide_field_splitting_and_expansion() {
    let mut c = console(false);
    assert_eq!(
        stdout(&mut c, "X='a  b'; for w in $X; do echo \"[$w]\"; done; for w in \"$X\"; do echo \"[$w]\"; done"),
        "[a]\n[b]\n[a  b]\n"
    );
    assert_eq!(stdout(&mut c, "X=1; echo '$X' \"$X\" ${X}2 \\$X"), "$X 1 12 $X\n");
    assert_eq!(stdout(&mut c, "echo \"$(echo inner)\" $HOSTNAME"), "inner bb\n");
    assert_eq!(stdout(&mut c, "echo \"\" x"), " x\n", "an empty quoted word is still a word");
    assert_eq!(stdout(&mut c, "A=$(seq 1 2); echo \"$A\""), "1\n2\n", "an assignment is not split");
}

#[test]
fn lists_and_or_and_the_last_status() {
    let mut c = console(false);
    assert_eq!(stdout(&mut c, "false; echo $?; true; echo $?"), "1\n0\n");
    assert_eq!(stdout(&mut c, "true && echo yes || echo no; false && echo yes || echo no"), "yes\nno\n");
    let (o, e, code) = sh(&mut c, "nosuch; echo $?");
    // An error before later output: both in a terminal's order.
    assert_eq!((o.as_str(), e.as_str(), code), ("sh: nosuch: not found\n127\n", "", 0));
    assert_eq!(sh(&mut c, "true; false").2, 1, "a script's status is its last command's");
    assert_eq!(sh(&mut c, "exit 3; echo not reached"), (String::new(), String::new(), 3));
}

#[test]
fn if_and_test() {
    let mut c = console(false);
    let script = "for n in 1 5 10; do if [ $n -lt 3 ]; then echo small; elif test $n -eq 5; then echo five; else echo big; fi; done";
    assert_eq!(stdout(&mut c, script), "small\nfive\nbig\n");
    assert_eq!(
        stdout(&mut c, "if [ -z \"$NOPE\" ] && [ -n x ] && [ a != b ] && [ ! a = b ]; then echo ok; fi"),
        "ok\n"
    );
    assert_eq!(stdout(&mut c, "if false; then echo a; else echo \"status $?\"; fi"), "status 1\n");
    assert_eq!(stdout(&mut c, "if false; then echo a; fi; echo $?"), "0\n");
    let (_, e, code) = sh(&mut c, "[ x -lt 3 ]");
    assert_eq!((e.as_str(), code), ("sh: x: bad number\n", 2));
    let (_, e, code) = sh(&mut c, "[ 1 = 1");
    assert_eq!((e.as_str(), code), ("sh: missing ]\n", 2));
}

#[test]
fn while_until_break_and_continue() {
    let mut c = console(false);
    assert_eq!(stdout(&mut c, "n=; while [ \"$n\" != xxx ]; do n=x$n; echo $n; done"), "x\nxx\nxxx\n");
    assert_eq!(stdout(&mut c, "n=; until [ \"$n\" = xx ]; do n=x$n; done; echo $n"), "xx\n");
    assert_eq!(stdout(&mut c, "while true; do echo once; break; done"), "once\n");
    assert_eq!(stdout(&mut c, "n=; while ! [ \"$n\" = xx ]; do n=x$n; done; echo $n; ! true; echo $?"), "xx\n1\n");
    assert_eq!(
        stdout(&mut c, "for i in 1 2 3; do for j in a b; do [ $j = b ] && continue 2; [ $i = 3 ] && break 2; echo $i$j; done; done"),
        "1a\n2a\n"
    );
}

#[test]
fn arithmetic_counts() {
    let mut c = console(false);
    assert_eq!(stdout(&mut c, "i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo $i; done"), "1\n2\n3\n");
    assert_eq!(stdout(&mut c, "x=7; echo $(( (x + 3) * 2 - $x % 4 )) $((x > 5 && !0)) $((-x / 2))"), "17 1 -3\n");
    let (o, e, code) = sh(&mut c, "echo before; echo $((1 / 0)); echo after");
    assert_eq!((o.as_str(), e.as_str(), code), ("before\n", "sh: divide by zero\n", 2), "the rest is not run");
    assert_eq!(sh(&mut c, "echo $((1 +))").2, 2);
    let deep = format!("echo $(({}1))", "-".repeat(10_000));
    assert_eq!(sh(&mut c, &deep).2, 2, "deep unary nesting is refused, not a stack overflow");
    let parens = format!("echo $(({}1{}))", "(".repeat(10_000), ")".repeat(10_000));
    assert_eq!(sh(&mut c, &parens).2, 2);
}

#[test]
fn sleep_moves_the_simulated_clock() {
    let mut c = console(false);
    let start = c.cluster().now();
    stdout(&mut c, "sleep 2; sleep 0.5; sleep 0.5");
    assert_eq!(c.cluster().now().since(start).as_secs(), 3);
    let (_, e, code) = sh(&mut c, "sleep x");
    assert_eq!((e.as_str(), code), ("sleep: invalid number 'x'\n", 1));
}

#[test]
fn a_readiness_wait_ends_when_the_pods_answer() {
    let mut c = console(true);
    let start = c.cluster().now();
    let (o, e, code) =
        sh(&mut c, "until wget -q -O- http://web >/dev/null 2>&1; do echo waiting; sleep 1; done; echo ready");
    assert_eq!((e.as_str(), code), ("", 0));
    let waited = c.cluster().now().since(start).as_secs();
    assert!(waited >= 2, "the pods need time to pull and start: {waited} s");
    assert_eq!(o.matches("waiting\n").count() as u64, waited, "one try per simulated second");
    assert!(o.ends_with("waiting\nready\n"), "{o}");
}

#[test]
fn endless_loops_stop_at_the_stated_bounds() {
    let mut c = console(false);
    let (o, e, code) = sh(&mut c, "while true; do echo x; done");
    assert_eq!(code, 130);
    assert_eq!(o.lines().count(), MAX_ITERATIONS as usize);
    assert_eq!(e, limit_note());
    let start = c.cluster().now();
    let (_, e, code) = sh(&mut c, "while :; do sleep 7; done");
    assert_eq!((e, code), (limit_note(), 130));
    assert_eq!(c.cluster().now().since(start).as_secs(), MAX_SIM_SECS, "ten simulated minutes, no more");
    let (_, e, code) = sh(&mut c, "X=x; while true; do X=$X$X; done");
    assert_eq!((e, code), (limit_note(), 130), "a doubling variable meets the output bound");
    let many = format!("X=$(seq 1 100000); for i in {}; do :; done", "$X ".repeat(40));
    assert_eq!(sh(&mut c, &many).2, 130, "expansions are bounded in total");
    let (o, _, code) = sh(&mut c, "seq 1 1000000000");
    assert_eq!(code, 0);
    assert!(o.len() <= MAX_OUTPUT + 16, "seq stops at the output bound");
}

#[test]
fn redirections_drop_or_merge_output() {
    let mut c = console(false);
    assert_eq!(sh(&mut c, "wget -q -O- http://nosuch 2>/dev/null; echo $?"), ("1\n".into(), String::new(), 0));
    assert_eq!(sh(&mut c, "echo hi >/dev/null"), (String::new(), String::new(), 0));
    assert_eq!(sh(&mut c, "nosuch 2>&1").0, "sh: nosuch: not found\n");
    assert_eq!(sh(&mut c, "nosuch &>/dev/null").1, "");
    let (o, e, _) = sh(&mut c, "echo a; nosuch; echo b");
    assert_eq!((o.as_str(), e.as_str()), ("a\nsh: nosuch: not found\nb\n", ""), "a terminal's order");
}

#[test]
fn constructs_outside_the_subset_are_named() {
    let mut c = console(false);
    for (src, what) in [
        ("case x in x) echo;; esac", "case"),
        ("echo hi | grep h", "|"),
        ("echo hi > /tmp/x", ">/tmp/x"),
        ("f() { echo; }", "a function definition"),
        ("{ echo; }", "{"),
        ("(echo)", "( ... ) subshell"),
        ("cat <<EOF", "<<"),
        ("echo ${X:-y}", "${X:-y}"),
        ("read x", "read"),
        ("sleep 5 &", "& (a background job other than a wget or curl load loop)"),
    ] {
        let (o, e, code) = sh(&mut c, src);
        assert_eq!(e, format!("sh: {what}: not supported in this lab's shell\n"), "{src}");
        assert_eq!((o.as_str(), code), ("", 2), "{src}");
    }
    // Nothing runs before the whole script is understood.
    assert_eq!(sh(&mut c, "echo first; case x in esac").0, "");
}

#[test]
fn syntax_errors_in_each_shells_words() {
    let mut c = console(false);
    assert_eq!(sh(&mut c, "for i in 1 2; do echo $i").1, "sh: syntax error: unexpected end of file\n");
    assert_eq!(sh(&mut c, "done").1, "sh: syntax error: unexpected \"done\"\n");
    assert_eq!(sh(&mut c, "echo 'open").1, "sh: syntax error: unterminated quoted string\n");
    assert_eq!(
        ScriptError::Unexpected(Some("done".into())).message(ShellKind::Bash),
        "bash: syntax error near unexpected token `done'\n"
    );
}

#[test]
fn the_load_generator_shape_is_recognised() {
    assert!(endless_load_loop("while true; do wget -q -O- http://php-apache; done"));
    assert!(endless_load_loop("while sleep 0.01; do wget -q -O- http://php-apache; done &"));
    assert!(!endless_load_loop("until wget -q -O- http://x; do sleep 1; done"));
    assert!(!endless_load_loop("while [ -z \"$x\" ]; do wget -q -O- http://x; done"));
    assert!(!endless_load_loop("for i in 1 2; do wget -q -O- http://x; done"));
}

#[test]
fn interactive_scripts_and_exit_inside_them() {
    let mut c = console(false);
    c.run("kubectl exec -it bb -- sh");
    let out = c.run("for i in 1 2; do echo $i; done");
    assert_eq!((out.stdout.as_str(), out.exit_code), ("1\n2\n", 0));
    // Variables and `$?` last from one line to the next; exported ones reach programs.
    c.run("X=5; export Y=6");
    assert_eq!(c.run("echo $X $Y").stdout, "5 6\n");
    assert_eq!(c.run("printenv Y").stdout, "6\n");
    assert_eq!(c.run("printenv X").exit_code, 1, "X was not exported");
    c.run("wget -q -O- http://nosuch");
    assert_eq!(c.run("echo $?").stdout, "1\n");
    let out = c.run("if true; then exit 3; fi");
    assert!(!c.in_shell());
    assert_eq!((out.stderr.as_str(), out.exit_code), ("command terminated with exit code 3\n", 3));
}

#[test]
fn hostile_input_is_refused_quickly_without_a_panic() {
    let mut c = console(false);
    let deep = format!("{}echo x{}", "for i in 1; do ".repeat(200), "; done".repeat(200));
    assert_eq!(sh(&mut c, &deep).1, "sh: nesting deeper than 32 levels: not supported in this lab's shell\n");
    let deep_subst = format!("echo {}x{}", "$(echo ".repeat(200), ")".repeat(200));
    let (o, e, _) = sh(&mut c, &deep_subst);
    assert!(format!("{o}{e}").contains("nesting deeper than 32 levels"), "{o}{e}");
    let big = "echo x; ".repeat(1 << 17); // 1 MiB
    assert_eq!(sh(&mut c, &big).1, "sh: a script longer than 64 KiB: not supported in this lab's shell\n");
    // Within the size bound, the command bound holds.
    let many = "for i in 1 2 3 4 5 6 7 8 9 10; do :; :; :; :; :; :; :; :; :; :; done; ".repeat(300);
    assert_eq!(sh(&mut c, &many).2, 130);
    // Unbalanced and odd input: an error or an answer, never a panic. A small deterministic
    // generator over shell punctuation.
    let alphabet: Vec<char> =
        "for in do done while until if then elif else fi $((+-*/%)){}'\"`\\;&|<>!= \n1x[]".chars().collect();
    let mut state: u64 = 7;
    for _ in 0..3000 {
        let mut s = String::new();
        for _ in 0..(state % 40) {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            s.push(alphabet[(state >> 33) as usize % alphabet.len()]);
        }
        let _ = sh(&mut c, &s);
        let _ = parse(&s);
    }
}

#[test]
fn kubectl_run_and_exec_hand_sh_c_to_the_interpreter() {
    let mut c = console(false);
    let out =
        c.run("kubectl run -i --rm t --image=busybox:1.28 --restart=Never -- sh -c 'for i in 1 2; do echo $i; done'");
    assert!(out.stdout.starts_with("1\n2\n"), "{out:?}");
    assert!(out.stdout.ends_with("pod \"t\" deleted\n"), "{out:?}");
    let out = c.run("kubectl exec bb -- sh -c 'echo $((6*7)); exit 4'");
    assert_eq!(
        (out.stdout.as_str(), out.stderr.as_str(), out.exit_code),
        ("42\n", "command terminated with exit code 4\n", 4)
    );
}
