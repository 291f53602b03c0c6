//! `kubectl edit`'s editor on the student's terminal: the console hands out the file's text
//! ([`EditRequest`]); this writes it to a temporary file, runs the editor kubectl would run and
//! reads the file back. kubectl's choice (`editor.NewDefaultEditor`): `$KUBE_EDITOR`, else
//! `$EDITOR`, else `vi`; an editor with spaces is split on them, or, with quotes or
//! backslashes, run by `$SHELL -c` (`/bin/bash` without `SHELL`).

use kubelab_console::EditRequest;
use std::io::Write;
use std::process::Command;

/// The editor command line kubectl would use, from the environment as `var` reads it.
pub fn editor_args(var: impl Fn(&str) -> Option<String>) -> (Vec<String>, bool) {
    let editor = ["KUBE_EDITOR", "EDITOR"]
        .iter()
        .find_map(|name| var(name).filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    if !editor.contains(' ') {
        return (vec![editor], false);
    }
    if !editor.contains(['"', '\'', '\\']) {
        return (editor.split(' ').map(str::to_string).collect(), false);
    }
    let shell = var("SHELL").filter(|s| !s.is_empty()).unwrap_or_else(|| "/bin/bash".to_string());
    (vec![shell, "-c".to_string(), editor], true)
}

/// Opens `req` in the editor and returns what was saved, or kubectl's error when the editor
/// cannot be started or fails.
pub fn edit(req: &EditRequest) -> Result<String, String> {
    run_editor(req, editor_args(|name| std::env::var(name).ok()))
}

fn run_editor(req: &EditRequest, (mut args, shell): (Vec<String>, bool)) -> Result<String, String> {
    let base = req.file_name.rsplit('/').next().unwrap_or("kubectl-edit.yaml");
    let path = std::env::temp_dir().join(format!("kubelab-{}-{base}", std::process::id()));
    let write = std::fs::File::create(&path).and_then(|mut f| f.write_all(req.text.as_bytes()));
    if let Err(e) = write {
        return Err(format!("error: cannot write {}: {e}", path.display()));
    }
    let shown = args.join(" ");
    let file = path.display().to_string();
    if shell {
        if let Some(last) = args.last_mut() {
            last.push_str(&format!(" {file:?}"));
        }
    } else {
        args.push(file);
    }
    let status = Command::new(&args[0]).args(&args[1..]).status();
    let result = match status {
        Err(_) => Err(format!(
            "error: unable to launch the editor \"{shown}\"\n# (kubelab: no such program here; set KUBE_EDITOR or EDITOR to an installed editor)"
        )),
        Ok(s) if !s.success() => Err(format!("error: there was a problem with the editor \"{shown}\"")),
        Ok(_) => std::fs::read(&path)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .map_err(|e| format!("error: cannot read {}: {e}", path.display())),
    };
    let _ = std::fs::remove_file(&path);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn kube_editor_wins_then_editor_then_vi() {
        assert_eq!(editor_args(env(&[("EDITOR", "nano"), ("KUBE_EDITOR", "vim")])).0, ["vim"]);
        assert_eq!(editor_args(env(&[("EDITOR", "nano"), ("KUBE_EDITOR", "")])).0, ["nano"]);
        assert_eq!(editor_args(env(&[])).0, ["vi"]);
    }

    #[test]
    fn spaces_split_and_quotes_go_to_the_shell() {
        assert_eq!(editor_args(env(&[("EDITOR", "code --wait")])), (vec!["code".into(), "--wait".into()], false));
        let (args, shell) = editor_args(env(&[("EDITOR", "emacs -nw '-q'"), ("SHELL", "/bin/zsh")]));
        assert_eq!((args, shell), (vec!["/bin/zsh".into(), "-c".into(), "emacs -nw '-q'".into()], true));
    }

    #[test]
    fn the_editor_edits_a_temporary_copy_and_its_failures_are_kubectls_errors() {
        let req = EditRequest { file_name: "/tmp/kubectl-edit-1.yaml".into(), text: "image: a\n".into() };
        let args = |a: &[&str]| (a.iter().map(|s| s.to_string()).collect::<Vec<_>>(), false);
        assert_eq!(run_editor(&req, args(&["sed", "-i", "s/a/b/"])).as_deref(), Ok("imbge: a\n"));
        assert_eq!(run_editor(&req, args(&["true"])).as_deref(), Ok("image: a\n"));
        assert_eq!(
            run_editor(&req, args(&["false"])),
            Err("error: there was a problem with the editor \"false\"".into())
        );
        assert_eq!(
            run_editor(&req, args(&["/nonexistent/editor"])),
            Err("error: unable to launch the editor \"/nonexistent/editor\"\n# (kubelab: no such program here; set KUBE_EDITOR or EDITOR to an installed editor)".into())
        );
        let shell = (vec!["/bin/sh".to_string(), "-c".to_string(), "sed -i 's/a/c/'".to_string()], true);
        assert_eq!(run_editor(&req, shell).as_deref(), Ok("imcge: a\n"));
    }
}
