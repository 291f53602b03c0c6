//! `gh`, the GitHub CLI, against the lab's Git host (`git.lab`): `gh pr create`, `list`,
//! `view`, `diff`, `review`, `merge`, `close`, with gh's wording (cli/cli `pkg/cmd/pr/...`) as
//! on a terminal: `pr list` prints its `Showing N of N open pull requests in OWNER/REPO`
//! header and a table with upper-case headers and fuzzy times (`about 1 minute ago`).
//!
//! The repository is the one the current directory's clone pushes to (or `-R OWNER/REPO`).
//! The student is `student`; GitHub refuses an approval of one's own pull request, so
//! approvals come from the repository's simulated reviewer (see `kubelab_sim::git::forge`).
//!
//! Simplified: no prompts (where gh would ask on a terminal, it answers as it does when it
//! cannot: `--merge, --rebase, or --squash required ...`); `pr view` prints the body as plain
//! text with glamour's two-space margin (no markdown rendering, no line padding) and no review
//! comments; `pr view` has no `--diff` flag (as in gh): `gh pr diff N` shows the changes; no
//! colours.

use super::git::{IDENTITY, LOGIN};
use crate::{Console, Output};
use kubelab_sim::git::diff;
use kubelab_sim::git::forge::HostRepo;
use kubelab_sim::git::{owner_and_name, HostError, MergeMethod, Pull, PullState};
use kubelab_sim::SimDuration;

const PR_HELP: &str = "Work with GitHub pull requests.

USAGE
  gh pr <command> [flags]

GENERAL COMMANDS
  create:        Create a pull request
  list:          List pull requests in a repository
  status:        Show status of relevant pull requests

TARGETED COMMANDS
  checkout:      Check out a pull request in git
  checks:        Show CI status for a single pull request
  close:         Close a pull request
  comment:       Add a comment to a pull request
  diff:          View changes in a pull request
  edit:          Edit a pull request
  lock:          Lock pull request conversation
  merge:         Merge a pull request
  ready:         Mark a pull request as ready for review
  reopen:        Reopen a pull request
  review:        Add a review to a pull request
  unlock:        Unlock pull request conversation
  update-branch: Update a pull request branch
  view:          View a pull request

FLAGS
  -R, --repo [HOST/]OWNER/REPO   Select another repository using the [HOST/]OWNER/REPO format

INHERITED FLAGS
  --help   Show help for command

ARGUMENTS
  A pull request can be supplied as argument in any of the following formats:
  - by number, e.g. \"123\";
  - by URL, e.g. \"https://github.com/OWNER/REPO/pull/123\"; or
  - by the name of its head branch, e.g. \"patch-1\" or \"OWNER:patch-1\".

EXAMPLES
  $ gh pr checkout 353
  $ gh pr create --fill
  $ gh pr view --web

LEARN MORE
  Use `gh <command> <subcommand> --help` for more information about a command.
  Read the manual at https://cli.github.com/manual
  Learn about exit codes using `gh help exit-codes`
";

const GH_HELP: &str = "Work seamlessly with GitHub from the command line.

USAGE
  gh <command> <subcommand> [flags]

CORE COMMANDS
  pr:            Manage pull requests

GITHUB ACTIONS COMMANDS
  run:           View details about workflow runs

FLAGS
  --help      Show help for command
  --version   Show gh version

EXAMPLES
  $ gh issue create
  $ gh repo clone cli/cli
  $ gh pr checkout 321

LEARN MORE
  Use `gh <command> <subcommand> --help` for more information about a command.
  Read the manual at https://cli.github.com/manual
  Learn about exit codes using `gh help exit-codes`
";

/// gh's `text.RelativeTimeAgo`.
pub(crate) fn fuzzy_ago(d: SimDuration) -> String {
    let s = d.as_secs();
    let about = |n: u64, unit: &str| format!("about {n} {unit}{} ago", if n == 1 { "" } else { "s" });
    match s {
        s if s < 60 => "less than a minute ago".into(),
        s if s < 3600 => about(s / 60, "minute"),
        s if s < 86_400 => about(s / 3600, "hour"),
        s if s < 30 * 86_400 => about(s / 86_400, "day"),
        s if s < 365 * 86_400 => about(s / 86_400 / 30, "month"),
        s => about(s / 86_400 / 365, "year"),
    }
}

/// The repository a command works on: `-R OWNER/REPO`, else the current clone's.
pub(crate) fn base_repo(c: &Console, repo_flag: Option<&str>) -> Result<String, String> {
    if let Some(r) = repo_flag {
        let r = r.trim_start_matches("git.lab/");
        return Ok(format!("https://git.lab/{r}.git"));
    }
    let Some(root) = c.home.clone_root() else {
        return Err("failed to run git: fatal: not a git repository (or any of the parent directories): .git".into());
    };
    c.home.clones.get(&root).map(|r| r.url.clone()).ok_or_else(|| "could not determine base repo".into())
}

pub(crate) fn full_name(url: &str) -> String {
    let (o, n) = owner_and_name(url);
    format!("{o}/{n}")
}

fn pr_url(url: &str, n: u64) -> String {
    format!("https://git.lab/{}/pull/{n}", full_name(url))
}

/// The commit the pull request's changes are counted against, its head, and the files at both.
fn pr_span(host: &HostRepo, p: &Pull) -> (Option<String>, String) {
    let head =
        host.repo.branches.get(&p.head).filter(|_| p.state == PullState::Open).cloned().unwrap_or(p.head_sha.clone());
    let base_tip = match (&p.merge_commit, p.state) {
        (Some(m), PullState::Merged) => host.repo.commit(m).and_then(|c| c.parents.first().cloned()),
        _ => host.repo.branches.get(&p.base).cloned(),
    };
    let base = base_tip.and_then(|b| host.repo.merge_base(&b, &head));
    (base, head)
}

fn pr_diff_text(host: &HostRepo, p: &Pull) -> String {
    let (base, head) = pr_span(host, p);
    let old = base.map(|b| host.repo.files_at(&b)).unwrap_or_default();
    diff::tree_diff(&old, &host.repo.files_at(&head))
}

fn state_title(s: PullState) -> &'static str {
    match s {
        PullState::Open => "Open",
        PullState::Merged => "Merged",
        PullState::Closed => "Closed",
    }
}

/// Finds the pull request an argument names (a number, `#N`, a URL or a head branch; none:
/// the current branch's).
fn find_pull<'a>(c: &Console, host: &'a HostRepo, arg: Option<&str>) -> Result<&'a Pull, String> {
    let arg = match arg {
        Some(a) => a.to_string(),
        None => {
            let branch =
                c.home.clone_root().and_then(|r| c.home.clones.get(&r)).and_then(|r| r.branch().map(str::to_string));
            let Some(b) = branch else { return Err("could not determine current branch".into()) };
            return host
                .pulls
                .iter()
                .rev()
                .find(|p| p.head == b)
                .ok_or_else(|| format!("no pull requests found for branch \"{b}\""));
        }
    };
    let num = arg.trim_start_matches('#').rsplit('/').next().unwrap_or("").parse::<u64>().ok();
    let found = match num {
        Some(n) => host.pulls.iter().find(|p| p.number == n),
        None => host.pulls.iter().rev().find(|p| p.head == arg),
    };
    found.ok_or_else(|| match num {
        Some(n) => {
            format!("GraphQL: Could not resolve to a PullRequest with the number of {n}. (repository.pullRequest)")
        }
        None => format!("no pull requests found for branch \"{arg}\""),
    })
}

/// Flag values by name, and the positional arguments.
struct Args {
    flags: Vec<(String, Option<String>)>,
    positional: Vec<String>,
}

impl Args {
    fn parse(args: &[String], with_value: &[&str]) -> Args {
        let mut flags = Vec::new();
        let mut positional = Vec::new();
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            if let Some((k, v)) = a.split_once('=').filter(|(k, _)| k.starts_with('-')) {
                flags.push((k.to_string(), Some(v.to_string())));
            } else if a.starts_with('-') && a.len() > 1 {
                if with_value.contains(&a.as_str()) {
                    flags.push((a.clone(), args.get(i + 1).cloned()));
                    i += 1;
                } else {
                    flags.push((a.clone(), None));
                }
            } else {
                positional.push(a.clone());
            }
            i += 1;
        }
        Args { flags, positional }
    }
    fn value(&self, names: &[&str]) -> Option<&str> {
        self.flags.iter().rev().find(|(k, _)| names.contains(&k.as_str())).and_then(|(_, v)| v.as_deref())
    }
    fn has(&self, names: &[&str]) -> bool {
        self.flags.iter().any(|(k, _)| names.contains(&k.as_str()))
    }
    fn unknown(&self, known: &[&str]) -> Option<&str> {
        self.flags.iter().map(|(k, _)| k.as_str()).find(|k| !known.contains(k))
    }
}

/// `gh ...`.
pub(crate) fn run(c: &mut Console, args: &[String], out: &mut Output) {
    match args.first().map(String::as_str) {
        None | Some("--help") | Some("help") => out.stdout.push_str(GH_HELP),
        Some("--version") | Some("version") => {
            out.stdout.push_str("gh version 2.46.0 (2024-03-19)\nhttps://github.com/cli/cli/releases/tag/v2.46.0\n")
        }
        Some("pr") => pr(c, &args[1..], out),
        Some("run") => super::gh_run::run(c, &args[1..], out),
        Some(other) => {
            out.err(&format!("unknown command \"{other}\" for \"gh\"\n\nUsage:  gh <command> <subcommand> [flags]\n\nAvailable commands:\n  pr\n  run"));
        }
    }
}

fn pr(c: &mut Console, args: &[String], out: &mut Output) {
    let Some(sub) = args.first().map(String::as_str) else {
        out.stdout.push_str(PR_HELP);
        return;
    };
    let rest = &args[1..];
    if sub == "--help" || sub == "help" {
        out.stdout.push_str(PR_HELP);
        return;
    }
    let value_flags = [
        "-t", "--title", "-b", "--body", "-B", "--base", "-H", "--head", "-R", "--repo", "-L", "--limit", "-s",
        "--state",
    ];
    let a = Args::parse(rest, &value_flags);
    if a.has(&["--help", "-h"]) {
        out.out(&format!("Usage:  gh pr {sub} [<number> | <url> | <branch>] [flags]"));
        return;
    }
    let url = match base_repo(c, a.value(&["-R", "--repo"])) {
        Ok(u) => u,
        Err(e) => return out.err(&e),
    };
    if c.cluster.git().repo(&url).is_none() {
        return out.err(&format!(
            "GraphQL: Could not resolve to a Repository with the name '{}'. (repository)",
            full_name(&url)
        ));
    }
    let common = ["-R", "--repo"];
    let known: Vec<&str> = match sub {
        "create" => vec!["-t", "--title", "-b", "--body", "-B", "--base", "-H", "--head"],
        "list" => vec!["-L", "--limit", "-s", "--state"],
        "view" => vec![],
        "diff" => vec![],
        "review" => vec!["-a", "--approve", "-b", "--body", "-c", "--comment", "-r", "--request-changes"],
        "merge" => vec!["-m", "--merge", "-s", "--squash", "-r", "--rebase", "-d", "--delete-branch"],
        "close" => vec!["-d", "--delete-branch"],
        _ => {
            return out.err(&format!("unknown command \"{sub}\" for \"gh pr\"\n\nUsage:  gh pr <command> [flags]\n\nAvailable commands:\n  close\n  create\n  diff\n  list\n  merge\n  review\n  view"));
        }
    };
    let all_known: Vec<&str> = known.iter().chain(common.iter()).copied().collect();
    if let Some(bad) = a.unknown(&all_known) {
        return out.err(&format!("unknown flag: {bad}\n\nUsage:  gh pr {sub} [flags]"));
    }
    match sub {
        "create" => create(c, &url, &a, out),
        "list" => list(c, &url, &a, out),
        "view" => view(c, &url, &a, out),
        "diff" => {
            let Some(host) = c.cluster.git().repo(&url) else { return };
            match find_pull(c, host, a.positional.first().map(String::as_str)) {
                Ok(p) => out.stdout.push_str(&pr_diff_text(host, p)),
                Err(e) => out.err(&e),
            }
        }
        "review" => review(c, &url, &a, out),
        "merge" => merge(c, &url, &a, out),
        "close" => close(c, &url, &a, out),
        _ => {}
    }
}

fn create(c: &mut Console, url: &str, a: &Args, out: &mut Output) {
    let (Some(title), Some(body)) = (a.value(&["-t", "--title"]), a.value(&["-b", "--body"])) else {
        return out.err("must provide `--title` and `--body` (or `--fill` or `fill-first` or `--fillverbose`) when not running interactively");
    };
    let Some(host) = c.cluster.git().repo(url) else { return };
    let base = a.value(&["-B", "--base"]).unwrap_or(&host.default_branch).to_string();
    let head = match a.value(&["-H", "--head"]) {
        Some(h) => h.to_string(),
        None => {
            let clone = c.home.clone_root().and_then(|r| c.home.clones.get(&r));
            let Some(b) = clone.and_then(|r| r.branch().map(str::to_string)) else {
                return out.err("could not determine the current branch: not on any branch");
            };
            if !host.repo.branches.contains_key(&b) {
                out.stderr
                    .push_str("aborted: you must first push the current branch to a remote, or use the --head flag");
                out.exit_code = 1;
                return;
            }
            b
        }
    };
    if head == base {
        return out.err(&format!("must be on a branch named differently than \"{base}\""));
    }
    if title.trim().is_empty() {
        return out.err("title can't be blank");
    }
    let now = c.cluster.now();
    let (u, t, b) = (url.to_string(), title.to_string(), body.to_string());
    let made = c.cluster.git_write(|f, _| f.create_pull(&u, &head, &base, &t, &b, LOGIN, now));
    match made {
        Ok(n) => {
            out.stderr.push_str(&format!("\nCreating pull request for {head} into {base} in {}\n\n", full_name(url)));
            out.stdout.push_str(&format!("{}\n", pr_url(url, n)));
        }
        Err(HostError::PullExists(n)) => out.err(&format!(
            "a pull request for branch \"{head}\" into branch \"{base}\" already exists:\n{}",
            pr_url(url, n)
        )),
        Err(HostError::NoCommits) => {
            out.err(&format!("pull request create failed: GraphQL: No commits between {base} and {head} (createPullRequest)"))
        }
        Err(HostError::NoSuchBranch(b)) => out.err(&format!(
            "pull request create failed: GraphQL: Head sha can't be blank, Base sha can't be blank, No commits between {base} and {head}, Head ref must be a branch ({b}) (createPullRequest)"
        )),
        Err(e) => out.err(&format!("pull request create failed: {e:?}")),
    }
}

fn list(c: &Console, url: &str, a: &Args, out: &mut Output) {
    let Some(host) = c.cluster.git().repo(url) else { return };
    let now = c.cluster.now();
    let state = a.value(&["-s", "--state"]).unwrap_or("open");
    let limit: usize = a.value(&["-L", "--limit"]).and_then(|l| l.parse().ok()).unwrap_or(30);
    let mut pulls: Vec<&Pull> = host
        .pulls
        .iter()
        .filter(|p| match state {
            "all" => true,
            "merged" => p.state == PullState::Merged,
            "closed" => p.state != PullState::Open,
            _ => p.state == PullState::Open,
        })
        .collect();
    pulls.reverse();
    let total = pulls.len();
    pulls.truncate(limit);
    let name = full_name(url);
    if pulls.is_empty() {
        let msg = if state == "open" {
            format!("no open pull requests in {name}")
        } else {
            format!("no pull requests match your search in {name}")
        };
        out.stderr.push_str(&format!("{msg}\n"));
        return;
    }
    let header = if state == "open" {
        format!("Showing {} of {total} open pull request{} in {name}", pulls.len(), if total == 1 { "" } else { "s" })
    } else {
        format!(
            "Showing {} of {total} pull request{} in {name} that match{} your search",
            pulls.len(),
            if total == 1 { "" } else { "s" },
            if total == 1 { "es" } else { "" }
        )
    };
    let mut rows: Vec<[String; 4]> = vec![["ID".into(), "TITLE".into(), "BRANCH".into(), "CREATED AT".into()]];
    for p in &pulls {
        rows.push([
            format!("#{}", p.number),
            p.title.split_whitespace().collect::<Vec<_>>().join(" "),
            p.head.clone(),
            fuzzy_ago(now.since(p.created)),
        ]);
    }
    let widths: Vec<usize> = (0..4).map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
    let mut s = format!("\n{header}\n\n");
    for (n, r) in rows.iter().enumerate() {
        let mut line = String::new();
        for (i, cell) in r.iter().enumerate() {
            line.push_str(cell);
            // Every header cell is padded, the last column of the rows is not.
            if i < 3 || n == 0 {
                line.push_str(&" ".repeat(widths[i] - cell.chars().count()));
            }
            if i < 3 {
                line.push_str("  ");
            }
        }
        s.push_str(&line);
        s.push('\n');
    }
    out.stdout.push_str(&s);
}

fn view(c: &Console, url: &str, a: &Args, out: &mut Output) {
    let Some(host) = c.cluster.git().repo(url) else { return };
    let p = match find_pull(c, host, a.positional.first().map(String::as_str)) {
        Ok(p) => p,
        Err(e) => return out.err(&e),
    };
    let now = c.cluster.now();
    let (base, head) = pr_span(host, p);
    let commits = match &base {
        Some(b) => host.repo.count_between(b, &head),
        None => host.repo.ancestors(&head).len(),
    };
    let old = base.map(|b| host.repo.files_at(&b)).unwrap_or_default();
    let new = host.repo.files_at(&head);
    let (mut adds, mut dels) = (0, 0);
    let mut paths: Vec<&String> = old.keys().chain(new.keys()).collect();
    kubelab_sim::sort::natural(&mut paths);
    paths.dedup();
    for path in paths {
        let (i, d) = diff::counts(
            old.get(path).map(String::as_str).unwrap_or(""),
            new.get(path).map(String::as_str).unwrap_or(""),
        );
        adds += i;
        dels += d;
    }
    let mut s = format!("{} {}#{}\n", p.title, full_name(url), p.number);
    s.push_str(&format!(
        "{} • {} wants to merge {} commit{} into {} from {} • {}\n",
        state_title(p.state),
        p.author,
        commits,
        if commits == 1 { "" } else { "s" },
        p.base,
        p.head,
        fuzzy_ago(now.since(p.created))
    ));
    s.push_str(&format!("+{adds} -{dels} • No checks\n"));
    let reviewers: Vec<String> = {
        let mut latest: std::collections::BTreeMap<&str, &str> = Default::default();
        for r in p.reviews_at(now).filter(|r| r.user != p.author) {
            latest.insert(&r.user, &r.state);
        }
        latest
            .into_iter()
            .map(|(u, st)| format!("{u} ({})", if st == "APPROVED" { "Approved" } else { "Commented" }))
            .collect()
    };
    if !reviewers.is_empty() {
        s.push_str(&format!("Reviewers: {}\n", reviewers.join(", ")));
    }
    s.push('\n');
    if p.body.trim().is_empty() {
        s.push_str("\n  No description provided\n\n");
    } else {
        s.push('\n');
        for line in p.body.lines() {
            if line.trim().is_empty() {
                s.push('\n');
            } else {
                s.push_str(&format!("  {line}\n"));
            }
        }
        s.push('\n');
    }
    s.push_str(&format!("\nView this pull request on GitHub: {}\n", pr_url(url, p.number)));
    out.stdout.push_str(&s);
}

fn review(c: &mut Console, url: &str, a: &Args, out: &mut Output) {
    let approve = a.has(&["-a", "--approve"]);
    if !approve && !a.has(&["-c", "--comment", "-r", "--request-changes"]) {
        return out.err("--approve, --request-changes, or --comment required when not running interactively");
    }
    let Some(host) = c.cluster.git().repo(url) else { return };
    let number = match find_pull(c, host, a.positional.first().map(String::as_str)) {
        Ok(p) => p.number,
        Err(e) => return out.err(&e),
    };
    let name = full_name(url);
    if !approve {
        let own = host.pulls.iter().any(|p| p.number == number && p.author == LOGIN);
        if a.has(&["-r", "--request-changes"]) && own {
            return out.err("failed to create review: GraphQL: Review Can not request changes on your own pull request (addPullRequestReview)");
        }
        if a.value(&["-b", "--body"]).unwrap_or("").is_empty() {
            return out.err("body cannot be blank for comment review");
        }
        out.stderr.push_str(&format!("- Reviewed pull request {name}#{number}\n"));
        return;
    }
    let now = c.cluster.now();
    let u = url.to_string();
    match c.cluster.git_write(|f, _| f.approve(&u, number, LOGIN, now)) {
        Ok(()) => out.stderr.push_str(&format!("✓ Approved pull request {name}#{number}\n")),
        Err(HostError::OwnPull) => out.err(
            "failed to create review: GraphQL: Review Can not approve your own pull request (addPullRequestReview)",
        ),
        Err(HostError::NotOpen(_)) => out.err(&format!(
            "failed to create review: GraphQL: Pull request {name}#{number} is closed (addPullRequestReview)"
        )),
        Err(e) => out.err(&format!("failed to create review: {e:?}")),
    }
}

fn merge(c: &mut Console, url: &str, a: &Args, out: &mut Output) {
    let methods = [
        (["-m", "--merge"], MergeMethod::Merge),
        (["-s", "--squash"], MergeMethod::Squash),
        (["-r", "--rebase"], MergeMethod::Rebase),
    ];
    let chosen: Vec<MergeMethod> = methods.iter().filter(|(f, _)| a.has(f)).map(|(_, m)| *m).collect();
    let method = match chosen.as_slice() {
        [m] => *m,
        [] => return out.err("--merge, --rebase, or --squash required when not running interactively"),
        _ => return out.err("only one of --merge, --rebase, or --squash can be enabled"),
    };
    let delete = a.has(&["-d", "--delete-branch"]);
    let Some(host) = c.cluster.git().repo(url) else { return };
    let p = match find_pull(c, host, a.positional.first().map(String::as_str)) {
        Ok(p) => p.clone(),
        Err(e) => return out.err(&e),
    };
    let name = full_name(url);
    let n = p.number;
    match p.state {
        PullState::Merged => {
            out.stderr.push_str(&format!("! Pull request {name}#{n} was already merged\n"));
            return;
        }
        PullState::Closed => {
            return out.err(&format!("X Pull request {name}#{n} ({}) can't be merged because it is closed", p.title));
        }
        PullState::Open => {}
    }
    let now = c.cluster.now();
    let u = url.to_string();
    let merged = c.cluster.git_write(|f, _| f.merge_pull(&u, n, method, IDENTITY, now));
    match merged {
        Ok(_) => {}
        Err(HostError::ReviewRequired) => {
            return out.err(&format!("X Pull request {name}#{n} is not mergeable: the base branch policy prohibits the merge.\nTo have the pull request merged after all the requirements have been met, add the `--auto` flag.\nTo use administrator privileges to immediately merge the pull request, add the `--admin` flag."));
        }
        Err(HostError::Conflict(_)) => {
            let verb = if method == MergeMethod::Rebase { "rebase" } else { "merge" };
            return out.err(&format!("X Pull request {name}#{n} is not mergeable: the merge commit cannot be cleanly created.\nTo have the pull request merged after all the requirements have been met, add the `--auto` flag.\nRun the following to resolve the merge conflicts locally:\n  gh pr checkout {n} && git fetch origin {} && git {verb} origin/{}", p.base, p.base));
        }
        Err(e) => return out.err(&format!("GraphQL: {e:?} (mergePullRequest)")),
    }
    let action = match method {
        MergeMethod::Merge => "Merged",
        MergeMethod::Squash => "Squashed and merged",
        MergeMethod::Rebase => "Rebased and merged",
    };
    out.stderr.push_str(&format!("✓ {action} pull request {name}#{n} ({})\n", p.title));
    if !delete {
        return;
    }
    // The local branch: switch to the base and pull it first when on the head branch.
    if let Some(root) = c.home.clone_root() {
        let has_local = c.home.clones.get(&root).is_some_and(|r| r.url == url && r.repo.branches.contains_key(&p.head));
        if has_local {
            let on_head = c.home.clones.get(&root).and_then(|r| r.branch().map(str::to_string)) == Some(p.head.clone());
            let mut quiet = Output::default();
            if on_head {
                super::git::run(c, &["checkout".into(), p.base.clone()], &mut quiet);
                let mut pulled = Output::default();
                super::git::run(c, &["pull".into()], &mut pulled);
                if pulled.exit_code != 0 {
                    out.stderr.push_str(&format!("! warning: not possible to fast-forward to: \"{}\"\n", p.base));
                }
            }
            let mut deleted = Output::default();
            super::git::run(c, &["branch".into(), "-D".into(), p.head.clone()], &mut deleted);
            let switched = if on_head { format!(" and switched to branch {}", p.base) } else { String::new() };
            out.stderr.push_str(&format!("✓ Deleted local branch {}{switched}\n", p.head));
        }
    }
    let head = p.head.clone();
    let _ = c.cluster.git_write(|f, _| f.delete_branch(&u, &head, now));
    out.stderr.push_str(&format!("✓ Deleted remote branch {}\n", p.head));
}

fn close(c: &mut Console, url: &str, a: &Args, out: &mut Output) {
    let Some(host) = c.cluster.git().repo(url) else { return };
    let p = match find_pull(c, host, a.positional.first().map(String::as_str)) {
        Ok(p) => p.clone(),
        Err(e) => return out.err(&e),
    };
    let name = full_name(url);
    match p.state {
        PullState::Merged => {
            return out.err(&format!(
                "X Pull request {name}#{} ({}) can't be closed because it was already merged",
                p.number, p.title
            ))
        }
        PullState::Closed => {
            out.stderr.push_str(&format!("! Pull request {name}#{} ({}) is already closed\n", p.number, p.title));
            return;
        }
        PullState::Open => {}
    }
    let now = c.cluster.now();
    let u = url.to_string();
    let _ = c.cluster.git_write(|f, _| f.close_pull(&u, p.number, now));
    out.stderr.push_str(&format!("✓ Closed pull request {name}#{} ({})\n", p.number, p.title));
    if a.has(&["-d", "--delete-branch"]) {
        let head = p.head.clone();
        let _ = c.cluster.git_write(|f, _| f.delete_branch(&u, &head, now));
        out.stderr.push_str(&format!("✓ Deleted branch {}\n", p.head));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_gh_reads_them() {
        let ago = |s| fuzzy_ago(SimDuration::from_secs(s));
        assert_eq!(ago(5), "less than a minute ago");
        assert_eq!(ago(60), "about 1 minute ago");
        assert_eq!(ago(7200), "about 2 hours ago");
        assert_eq!(ago(86_400 * 3), "about 3 days ago");
    }
}
