//! The student's home, git and gh under hostile and random input: nothing panics, a failing
//! input leaves the cluster (and its Git host) as it was, a 1 MB file goes through `sed` and
//! `cat`, and a console rebuilt from its saved state keeps its clones.

use kubelab_console::repos::{CommitSpec, RepoSpec};
use kubelab_console::{Console, ConsoleConfig, NoFiles, Profile};
use proptest::prelude::*;
use proptest::test_runner::Config;

fn scene() -> Vec<RepoSpec> {
    vec![RepoSpec {
        url: "https://git.lab/team/app-config.git".into(),
        protected: true,
        reviewer: Some("alex".into()),
        clone: Some("~/app-config".into()),
        commits: vec![CommitSpec {
            message: "Add the app".into(),
            author: "Alex <alex@lab.local>".into(),
            branch: "main".into(),
            files: [("k8s/app.yaml".to_string(), "kind: ConfigMap\nmetadata:\n  name: x\n".to_string())].into(),
            delete: vec![],
        }],
    }]
}

fn console() -> Console {
    let mut c = Console::new(ConsoleConfig { seed: 3, profile: Profile::Current }, Box::new(NoFiles));
    c.seed_repos(&scene()).expect("the scene seeds");
    c
}

fn state(c: &Console) -> String {
    serde_json::to_string(c.cluster()).expect("serialises")
}

fn check(c: &mut Console, input: &str) {
    let before = state(c);
    let out = c.run(input);
    if out.exit_code != 0 && out.stdout.is_empty() {
        assert_eq!(before, state(c), "a failing input changed the cluster: {input:?} {out:?}");
    }
}

#[test]
fn hostile_paths_and_arguments_do_not_panic() {
    let long = "x".repeat(5000);
    let deep = "a/".repeat(600);
    let inputs = [
        "cd ../../../../../../..".to_string(),
        "ls ../../../../etc".into(),
        "cat ../../../../etc/passwd".into(),
        format!("cd {long}"),
        format!("cat {long}"),
        format!("ls {deep}"),
        "cd app-config".into(),
        "cat 'a\u{0}b'".into(),
        "git add 'a\u{0}b'".into(),
        format!("git add {long}"),
        format!("git checkout -b {long}"),
        format!("git switch -c '{}'", "a".repeat(300)),
        "git log -n 99999999999999999999".into(),
        "git log HEAD~99999999999999".into(),
        "git show HEAD^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^".into(),
        "git revert -m 0 HEAD".into(),
        "git revert -m x HEAD".into(),
        "git reset --hard ../../x".into(),
        "git push origin :".into(),
        "git push origin HEAD:".into(),
        "git push origin --delete main".into(),
        "git commit -m".into(),
        "git diff -- ../../..".into(),
        "sed -i 's/a/b/' ../../../../etc/passwd".into(),
        "sed -i 's/[/x/' k8s/app.yaml".into(),
        "sed -i 's/\\/x/' k8s/app.yaml".into(),
        "sed -i '' k8s/app.yaml".into(),
        "sed -i 's' k8s/app.yaml".into(),
        "gh pr view 99999999999999999999999".into(),
        "gh pr merge -1 --merge".into(),
        format!("gh pr create --title {long} --body x --head {long}"),
        "gh pr list --limit -5".into(),
        "gh -R x pr list".into(),
        "gh pr list -R ../../x".into(),
        "git clone https://git.lab/team/app-config.git ../../../../tmp/x".into(),
        format!("git clone https://git.lab/team/app-config.git {long}"),
        "git clone https://git.lab/team/app-config.git".into(),
        "git clone".into(),
        "kubectl apply -f k8s/".into(),
        "kubectl apply -f ../../../../".into(),
    ];
    let mut c = console();
    for i in &inputs {
        check(&mut c, i);
    }
}

#[test]
fn a_megabyte_goes_through_sed_and_cat() {
    let mut c = console();
    c.run("cd app-config");
    let big: String = (0..40_000).map(|i| format!("line {i} image: web:1.0 aaaaaaaa\n")).collect();
    assert!(big.len() > 1_000_000);
    let spec = RepoSpec {
        url: "https://git.lab/team/big.git".into(),
        protected: false,
        reviewer: None,
        clone: Some("~/big".into()),
        commits: vec![CommitSpec {
            message: "big".into(),
            author: "Alex <alex@lab.local>".into(),
            branch: "main".into(),
            files: [("big.txt".to_string(), big.clone())].into(),
            delete: vec![],
        }],
    };
    c.seed_repos(&[spec]).expect("seeds");
    c.run("cd ~/big");
    let out = c.run("sed -i 's/1\\.0/1.1/g' big.txt");
    assert_eq!(out.exit_code, 0, "{:?}", out.stderr);
    let out = c.run("cat big.txt");
    assert_eq!(out.stdout, big.replace("1.0", "1.1"));
    let out = c.run("sed -i 's/a*a*a*a*a*a*a*a*b/x/' big.txt");
    assert!(out.exit_code == 0 || out.stderr.contains("too costly"), "{:?}", out.stderr);
    let out = c.run("git diff");
    assert!(out.stdout.starts_with("diff --git a/big.txt b/big.txt\n"), "{}", &out.stdout[..out.stdout.len().min(200)]);
    let out = c.run("git commit -am 'Bump everything'");
    assert!(out.stdout.contains("40000 insertions(+), 40000 deletions(-)"), "{out:?}");
}

#[test]
fn a_rebuilt_console_keeps_the_home_and_its_clones() {
    let mut a = console();
    for line in ["cd app-config", "git switch -c b", "sed -i 's/x/y/' k8s/app.yaml", "git commit -am 'y'"] {
        a.run(line);
    }
    let cluster = serde_json::to_string(a.cluster()).expect("cluster");
    let st = serde_json::to_string(&a.state()).expect("state");
    let mut b = Console::from_parts(
        Profile::Current,
        Box::new(NoFiles),
        serde_json::from_str(&cluster).expect("cluster back"),
        serde_json::from_str(&st).expect("state back"),
    );
    for line in
        ["pwd", "git status", "git log --oneline", "git push -u origin b", "gh pr create -t T -b B", "gh pr list"]
    {
        assert_eq!(a.run(line), b.run(line), "{line}");
    }
}

const WORDS: &[&str] = &[
    "git",
    "gh",
    "pr",
    "status",
    "diff",
    "add",
    "commit",
    "-m",
    "-am",
    "log",
    "--oneline",
    "-n",
    "2",
    "show",
    "branch",
    "-d",
    "-D",
    "checkout",
    "-b",
    "switch",
    "-c",
    "-",
    "push",
    "-u",
    "origin",
    "pull",
    "fetch",
    "revert",
    "reset",
    "--hard",
    "HEAD",
    "HEAD~1",
    "main",
    "b1",
    "k8s",
    "k8s/app.yaml",
    ".",
    "..",
    "create",
    "--title",
    "t",
    "--body",
    "list",
    "view",
    "1",
    "2",
    "review",
    "--approve",
    "merge",
    "--merge",
    "--squash",
    "--rebase",
    "--delete-branch",
    "close",
    "sed",
    "-i",
    "s/x/y/",
    "s|a|b|g",
    "cat",
    "ls",
    "-l",
    "-a",
    "cd",
    "app-config",
    "~",
    "/",
    "--staged",
    "-A",
    "restore",
    "--",
    "sleep",
    "61",
    "kubectl",
    "apply",
    "-f",
];

proptest! {
    #![proptest_config(Config { cases: 64, ..Config::default() })]

    /// Random sequences of git, gh and shell words: no panic, and failures leave the cluster.
    #[test]
    fn random_command_sequences(lines in prop::collection::vec(prop::collection::vec(0..WORDS.len(), 1..7), 1..12)) {
        let mut c = console();
        c.run("cd app-config");
        for words in lines {
            let line: Vec<&str> = words.iter().map(|i| WORDS[*i]).collect();
            check(&mut c, &line.join(" "));
        }
    }
}
