//! Property test of the Git model and the host: after any random sequence of commits (in a
//! clone), branches, pushes, pull requests merged by each method and reverts, every commit on
//! the host is reachable from a branch or a pull request, every id is the hash of its object,
//! and each branch checks out to the files a plain model of the same operations expects.

use super::object::{id_of, Object, Signature};
use super::repo::{merge3, Files, Repo};
use super::{Forge, MergeMethod, PullState};
use crate::time::SimTime;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const URL: &str = "https://git.lab/team/app.git";
const BRANCHES: [&str; 3] = ["main", "b1", "b2"];
const PATHS: [&str; 3] = ["a.txt", "k8s/d.yaml", "k8s/s.yaml"];

#[derive(Clone, Debug)]
enum Op {
    Commit { branch: usize, path: usize, text: u8, delete: bool },
    Push { branch: usize },
    Pull { branch: usize },
    Merge { method: usize },
    Revert { branch: usize },
    Fetch,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..3usize, 0..3usize, 0..4u8, prop::bool::weighted(0.15))
            .prop_map(|(branch, path, text, delete)| Op::Commit { branch, path, text, delete }),
        (0..3usize).prop_map(|branch| Op::Push { branch }),
        (1..3usize).prop_map(|branch| Op::Pull { branch }),
        (0..3usize).prop_map(|method| Op::Merge { method }),
        (0..3usize).prop_map(|branch| Op::Revert { branch }),
        Just(Op::Fetch),
    ]
}

/// The plain model's merge: per path, the side that changed it.
fn model_merge(base: &Files, ours: &Files, theirs: &Files) -> Option<Files> {
    let mut out = Files::new();
    let paths: BTreeSet<&String> = base.keys().chain(ours.keys()).chain(theirs.keys()).collect();
    for p in paths {
        let (b, o, t) = (base.get(p), ours.get(p), theirs.get(p));
        let v = if o == t || t == b {
            o
        } else if o == b {
            t
        } else {
            return None;
        };
        if let Some(v) = v {
            out.insert(p.clone(), v.clone());
        }
    }
    Some(out)
}

/// The plain model's rebase: the head's commits that main lacks, oldest first, each merged
/// into the result as a change from its parent. The branches here are chains of single-parent
/// commits on top of something main has, since main only moves forward.
fn rebase_model(host: &Repo, base: &str, head: &str, main_files: &Files) -> Option<Files> {
    let on_main = host.ancestors(base);
    let mut chain = Vec::new();
    let mut at = head.to_string();
    while !on_main.contains(&at) {
        let parent = host.commit(&at)?.parents.first()?.clone();
        chain.push((parent.clone(), at));
        at = parent;
    }
    let mut files = main_files.clone();
    for (parent, commit) in chain.into_iter().rev() {
        files = model_merge(&host.files_at(&parent), &files, &host.files_at(&commit))?;
    }
    Some(files)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn the_host_stays_consistent_with_a_plain_model(ops in prop::collection::vec(op(), 1..40)) {
        let mut forge = Forge::default();
        let init = forge.put_files(URL, "main", &[("a.txt", "0\n")], "Alex <alex@lab.local>", "init", SimTime(0));
        forge.create_repo(URL, false, None);
        // The clone: its repository, and the files each of its commits was made with.
        let mut local = Repo::default();
        forge.repos[URL].repo.copy_reachable(&init, &mut local);
        local.branches.insert("main".into(), init.clone());
        let mut made: BTreeMap<String, Files> = BTreeMap::new();
        made.insert(init.clone(), [("a.txt".to_string(), "0\n".to_string())].into());
        // What each host branch should hold.
        let mut model: BTreeMap<String, Files> = BTreeMap::new();
        model.insert("main".into(), made[&init].clone());
        let mut t = 1u64;
        for op in ops {
            t += 1;
            let at = SimTime(t * 1000);
            let who = Signature::parse("Student <student@lab.local>", t as i64);
            match op {
                Op::Commit { branch, path, text, delete } => {
                    let b = BRANCHES[branch];
                    let tip = local.branches.get(b).or_else(|| local.branches.get("main")).cloned();
                    let Some(tip) = tip else { continue };
                    let mut files = made.get(&tip).cloned().unwrap_or_default();
                    if delete {
                        files.remove(PATHS[path]);
                    } else {
                        files.insert(PATHS[path].to_string(), format!("{text} {t}\n"));
                    }
                    let id = local.make_commit(vec![tip], &files, who.clone(), who, &format!("change {t}"));
                    made.insert(id.clone(), files);
                    local.branches.insert(b.to_string(), id);
                }
                Op::Push { branch } => {
                    let b = BRANCHES[branch];
                    let Some(tip) = local.branches.get(b).cloned() else { continue };
                    if forge.push(URL, &local, b, Some(&tip), false, at).is_ok() {
                        model.insert(b.to_string(), made[&tip].clone());
                    }
                }
                Op::Pull { branch } => {
                    let b = BRANCHES[branch];
                    let _ = forge.create_pull(URL, b, "main", "pr", "", "student", at);
                }
                Op::Merge { method } => {
                    let open = forge.repos[URL].pulls.iter().find(|p| p.state == PullState::Open).cloned();
                    let Some(p) = open else { continue };
                    let host = &forge.repos[URL].repo;
                    let (Some(head), Some(base)) = (host.branches.get(&p.head).cloned(), host.branches.get("main").cloned()) else { continue };
                    let mb = host.merge_base(&base, &head);
                    let expected = model_merge(
                        &mb.map(|m| host.files_at(&m)).unwrap_or_default(),
                        &model["main"],
                        &model[&p.head],
                    );
                    let method = [MergeMethod::Merge, MergeMethod::Squash, MergeMethod::Rebase][method];
                    // A rebase replays the head's own commits one by one (git and GitHub do), so
                    // a change made and reverted on the branch cancels out even when main took
                    // the change meanwhile (by a squash): the tips' three-way merge would keep it.
                    let expected = if method == MergeMethod::Rebase {
                        rebase_model(host, &base, &head, &model["main"])
                    } else {
                        expected
                    };
                    let merged = forge.merge_pull(URL, p.number, method, "Student <student@lab.local>", at);
                    match (merged, expected) {
                        (Ok(_), Some(files)) => {
                            model.insert("main".into(), files);
                        }
                        (Err(_), None) => {}
                        // A rebase replays commit by commit: it may refuse what a merge takes.
                        (Err(_), Some(_)) if method == MergeMethod::Rebase => {}
                        (got, want) => prop_assert!(false, "merge {got:?} but the model says {want:?}"),
                    }
                }
                Op::Revert { branch } => {
                    let b = BRANCHES[branch];
                    let Some(tip) = local.branches.get(b).cloned() else { continue };
                    let current = made[&tip].clone();
                    if let Ok(files) = super::repo::revert_files(&local, &tip, &current) {
                        let parent = local.commit(&tip).and_then(|c| c.parents.first().cloned());
                        // Reverting the tip gives its parent's files back.
                        if let Some(p) = parent.as_ref().and_then(|p| made.get(p)) {
                            prop_assert_eq!(&files, p);
                        }
                        let id = local.make_commit(vec![tip], &files, who.clone(), who, "revert");
                        made.insert(id.clone(), files);
                        local.branches.insert(b.to_string(), id);
                    }
                }
                Op::Fetch => {
                    // The clone takes the host's main when it can fast-forward.
                    let host = &forge.repos[URL].repo;
                    let Some(main) = host.branches.get("main").cloned() else { continue };
                    host.copy_reachable(&main, &mut local);
                    let mine = local.branches.get("main").cloned().unwrap_or_default();
                    if local.is_ancestor(&mine, &main) {
                        for id in local.log(std::slice::from_ref(&main), false) {
                            made.entry(id.clone()).or_insert_with(|| local.files_at(&id));
                        }
                        local.branches.insert("main".into(), main);
                    }
                }
            }
        }
        let host = &forge.repos[URL];
        // Every id is its object's hash.
        for (id, obj) in &host.repo.objects {
            prop_assert_eq!(id, &id_of(obj));
        }
        // Every commit is reachable from a branch or a pull request.
        let mut tips: Vec<String> = host.repo.branches.values().cloned().collect();
        tips.extend(host.pulls.iter().map(|p| p.head_sha.clone()));
        tips.extend(host.pulls.iter().filter_map(|p| p.merge_commit.clone()));
        let reachable: BTreeSet<String> = tips.iter().flat_map(|t| host.repo.ancestors(t)).collect();
        for (id, obj) in &host.repo.objects {
            if matches!(obj, Object::Commit(_)) {
                prop_assert!(reachable.contains(id), "commit {id} is unreachable");
            }
        }
        // Each branch checks out to what the model expects.
        for (b, files) in &model {
            let got: Files = forge.checkout(URL, b, "").map(|c| c.files.into_iter().collect()).unwrap_or_default();
            prop_assert_eq!(&got, files, "branch {}", b);
        }
        let _ = merge3;
    }
}
