//! `kubectl edit TYPE/NAME` as an exchange with the caller's editor. The console does no I/O,
//! so it cannot run one: `kubectl edit` answers with [`Output::edit`], an [`EditRequest`] (the
//! temporary file kubectl would open and its text: kubectl's header comment and the object's
//! YAML as kubectl prints it, status included, no managedFields), and the console keeps an
//! [`EditSession`]. The caller shows the text in an editor and hands what was saved to
//! [`Console::finish_edit`], which does what kubectl does after the editor exits
//! (`editoptions.go`'s loop):
//!
//! - the text unchanged (comments aside) → `Edit cancelled, no changes made.` (stderr);
//! - nothing but comments and blank lines → `Edit cancelled, saved file was empty.`;
//! - a YAML syntax error, or an object the API server finds invalid → the file is opened again
//!   with the reason at the top (`# deployments.apps "web" was not valid:`, `# * FIELD: ...`)
//!   and the edited text below it (another [`Output::edit`]); saving that unchanged ends with
//!   `A copy of your changes has been stored to "FILE"` and
//!   `error: Edit cancelled, no valid changes were saved.` (exit 1);
//! - `apiVersion`, `kind` or `metadata.name` changed → `error: At least one of apiVersion, kind
//!   and name was changed` (exit 1); the object parses to the same JSON → `KIND/NAME skipped`;
//! - otherwise the object is written → `deployment.apps/web edited`.
//!
//! Any other input while an edit is pending abandons it (as if the editor were killed).
//!
//! Simplified: one object per edit (kubectl edits several as a `List`); YAML only (`-o json`
//! is not modelled); the edited object replaces the live one (kubectl sends a two-way
//! strategic merge patch from the printed object, the same thing when nothing changed the
//! object meanwhile, which in the lab nothing can); kubectl's client-side schema validation is
//! left to the API server's validation.

use super::*;

/// The flags of `kubectl edit --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] = &[
    "--allow-missing-template-keys",
    "--field-manager",
    "-k",
    "--kustomize",
    "-o",
    "--output",
    "--output-patch",
    "-R",
    "--recursive",
    "--save-config",
    "--show-managed-fields",
    "--subresource",
    "--template",
    "--validate",
    "--windows-line-endings",
];

/// The flags of [edit], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[flags::v("filename", Some('f'))];

/// kubectl's header of the file it opens (`editHeader.writeTo`, normal edit mode).
pub const HEADER: &str = "# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
";

/// A `kubectl edit` waiting for its editor: the file kubectl would open and its text.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EditRequest {
    /// The temporary file's path as kubectl names it (`/tmp/kubectl-edit-NNN.yaml`).
    pub file_name: String,
    /// What the editor opens.
    pub text: String,
}

/// The console's side of a pending edit.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct EditSession {
    kind: Kind,
    namespace: String,
    name: String,
    /// `deployments.apps`, for kubectl's messages.
    resource: String,
    /// `deployment.apps`, for `... edited`.
    display: String,
    api_version: String,
    /// The object as printed (the JSON kubectl compares the edit with).
    original_json: Value,
    /// The first file's text.
    original: String,
    /// What was saved last time (for a re-opened file).
    previous: String,
    contains_error: bool,
    request: EditRequest,
    launches: u32,
}

pub(super) fn edit(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let mut pos = ctx.pos.clone();
    if let Some(docs) = read_manifests(c, ctx, out) {
        if out.exit_code != 0 {
            return;
        }
        // `-f FILE`: the objects the file names, as they are on the server.
        for (_, doc) in docs {
            let kind = doc.get("kind").and_then(Value::as_str).unwrap_or("");
            let name = doc.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("");
            pos.push(format!("{}/{name}", kind.to_lowercase()));
        }
    }
    if pos.is_empty() {
        return out.err(NO_RESOURCES);
    }
    let targets = match targets(c, &pos, true) {
        Ok(t) => t,
        Err(e) => return out.err(&e),
    };
    let ns = namespace(ctx);
    let mut objects: Vec<(ResourceRef, Object)> = Vec::new();
    for (r, name) in &targets {
        let Some(kind) = sim_kind(r) else {
            return out.err(&resources::not_simulated(r.info, &r.api_version()));
        };
        let scope = if kind.namespaced() { ns.as_str() } else { "" };
        match name {
            Some(n) => match fetch(c, scope, r, n, out) {
                Some((_, o)) => objects.push((*r, o)),
                None => return,
            },
            None => {
                let list = list_matching(c, kind, kind.namespaced().then_some(scope), None);
                objects.extend(list.into_iter().map(|o| (*r, o)));
            }
        }
    }
    let [(r, obj)] = objects.as_slice() else {
        if objects.is_empty() {
            return out.err("error: edit cancelled, no objects found");
        }
        return out.err("error: editing several objects at once (kubectl's List) is not available in this lab yet");
    };
    let json = wire_json(c, obj);
    let original = format!("{HEADER}{}", to_yaml(&json));
    let kind = obj.kind();
    let mut session = EditSession {
        kind,
        namespace: obj.meta().ns().to_string(),
        name: obj.meta().name.clone(),
        resource: r.plural_qualified(),
        display: qualified(kind, r.group),
        api_version: json.get("apiVersion").and_then(Value::as_str).unwrap_or("v1").to_string(),
        original_json: json.clone(),
        original: original.clone(),
        previous: original.clone(),
        contains_error: false,
        request: EditRequest::default(),
        launches: 0,
    };
    session.launch(c, original);
    out.edit = Some(session.request.clone());
    c.edit = Some(session);
}

impl EditSession {
    /// The file and text last handed to the editor.
    pub(crate) fn request(&self) -> &EditRequest {
        &self.request
    }

    /// Opens `text` in a new temporary file, as `edit.LaunchTempFile` does.
    fn launch(&mut self, c: &mut Console, text: String) {
        c.temp_names += 1;
        self.launches += 1;
        let n = super::diff::mix(c, &format!("kubectl-edit-{}-{}", self.name, self.launches)) as u32;
        self.request = EditRequest { file_name: format!("/tmp/kubectl-edit-{n}.yaml"), text };
    }

    /// Ends the edit with an error, naming the file the changes are kept in.
    fn preserved(&self, out: &mut Output, error: &str) {
        out.stderr.push_str(&format!("A copy of your changes has been stored to \"{}\"\n", self.request.file_name));
        out.err(error);
    }

    /// Opens the file again with `reasons` at the top and the edited text below.
    fn reopen(mut self, c: &mut Console, out: &mut Output, edited: &str, reasons: &[(String, Vec<String>)]) {
        let mut text = HEADER.to_string();
        for (head, other) in reasons {
            let colon = if other.is_empty() { "" } else { ":" };
            text.push_str(&format!("# {}{colon}\n", hash_on_line_break(head)));
            for o in other {
                text.push_str(&format!("# * {}\n", hash_on_line_break(o)));
            }
            text.push_str("#\n");
        }
        text.push_str(&manual_strip(edited));
        self.contains_error = true;
        self.previous = edited.to_string();
        self.launch(c, text);
        out.edit = Some(self.request.clone());
        c.edit = Some(self);
    }
}

/// `Console::finish_edit`: what kubectl does with the saved file.
pub(crate) fn finish(c: &mut Console, edited: &str) -> Output {
    let mut out = Output::default();
    let Some(s) = c.edit.take() else {
        out.err("error: no kubectl edit is waiting for its editor");
        return out;
    };
    if s.contains_error && strip_comments(&s.previous) == strip_comments(edited) {
        s.preserved(&mut out, "error: Edit cancelled, no valid changes were saved.");
        return out;
    }
    if strip_comments(&s.original) == strip_comments(edited) {
        out.stderr.push_str("Edit cancelled, no changes made.\n");
        return out;
    }
    if !edited.lines().any(|l| !l.trim().is_empty() && !l.trim().starts_with('#')) {
        out.stderr.push_str("Edit cancelled, saved file was empty.\n");
        return out;
    }
    let docs = match manifest::parse_documents(edited, "edited-file") {
        Ok(d) => d,
        Err(e) => {
            let e = e.strip_prefix("error: ").unwrap_or(&e).to_string();
            s.reopen(c, &mut out, edited, &[(format!("The edited file had a syntax error: {e}"), vec![])]);
            return out;
        }
    };
    let Some(doc) = docs.into_iter().next() else {
        out.stderr.push_str("Edit cancelled, saved file was empty.\n");
        return out;
    };
    let field = |v: &Value, p: &str| v.pointer(p).and_then(Value::as_str).map(str::to_string);
    if let Some(doc_ns) = field(&doc, "/metadata/namespace").filter(|n| s.kind.namespaced() && *n != s.namespace) {
        let msg = format!("error: the namespace from the provided object \"{doc_ns}\" does not match the namespace \"{}\". You must pass '--namespace={doc_ns}' to perform this operation.", s.namespace);
        s.preserved(&mut out, &msg);
        return out;
    }
    if doc == s.original_json {
        out.out(&format!("{}/{} skipped", s.display, s.name));
        return out;
    }
    let unchanged = |p: &str| field(&doc, p) == field(&s.original_json, p);
    if !(unchanged("/apiVersion") && unchanged("/kind") && unchanged("/metadata/name")) {
        s.preserved(&mut out, "error: At least one of apiVersion, kind and name was changed");
        return out;
    }
    let replace_hint = |out: &mut Output, s: &EditSession, e: &str| {
        out.stderr.push_str(&format!("error: {} \"{}\" could not be patched: {e}\n", s.resource, s.name));
        out.err(&format!("You can run `kubectl replace -f {}` to try this update again.", s.request.file_name));
    };
    let mut doc = doc;
    // The printed template's `creationTimestamp: null` means "none".
    if let Some(Value::Object(meta)) = doc.pointer_mut("/spec/template/metadata") {
        if meta.get("creationTimestamp").is_some_and(Value::is_null) {
            meta.remove("creationTimestamp");
        }
    }
    let mut obj = match manifest::decode(doc, "edited-file", c.profile) {
        Ok(o) => o,
        Err(e) => {
            let e = e.rsplit(": error when creating \"edited-file\": ").next().unwrap_or(&e).to_string();
            replace_hint(&mut out, &s, &e);
            return out;
        }
    };
    if s.kind.namespaced() {
        obj.meta_mut().namespace = Some(s.namespace.clone());
    }
    obj.set_api_version(&s.api_version);
    match c.cluster.update(obj) {
        Ok(_) => out.out(&format!("{}/{} edited", s.display, s.name)),
        Err(e @ ApiError::Invalid { .. }) => {
            let causes = match &e {
                ApiError::Invalid { causes, .. } => causes.clone(),
                _ => vec![],
            };
            out.err(&format!("error: {} \"{}\" is invalid", s.resource, s.name));
            let head = format!("{} \"{}\" was not valid", s.resource, s.name);
            s.reopen(c, &mut out, edited, &[(head, causes)]);
        }
        Err(ApiError::NotFound { .. }) => {
            out.stderr.push_str(&format!("error: {} \"{}\" could not be found on the server\n", s.resource, s.name));
            out.err(&format!("The edits you made on deleted resources have been saved to \"{}\"", s.request.file_name));
        }
        Err(e) => replace_hint(&mut out, &s, &api_error(c, &e, None)),
    }
    out
}

/// kubectl's `StripComments`: the YAML as JSON when it parses, else the text without comment
/// lines.
#[derive(PartialEq)]
enum Stripped {
    Json(Vec<Value>),
    Text(String),
}

fn strip_comments(text: &str) -> Stripped {
    match manifest::parse_documents(text, "edited-file") {
        Ok(docs) => Stripped::Json(docs),
        Err(_) => Stripped::Text(manual_strip(text)),
    }
}

/// kubectl's `ManualStrip`: every line whose first non-blank character is `#` left out.
fn manual_strip(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if line.trim().starts_with('#') {
            continue;
        }
        out.push_str(line);
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
    out
}

/// kubectl's `hashOnLineBreak`: a `# ` after each line break not followed by `#`.
fn hash_on_line_break(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(ch) = chars.next() {
        out.push(ch);
        if ch == '\n' && chars.peek().is_some_and(|&n| n != '#') {
            out.push_str("# ");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::testing::*;

    fn with_web() -> Console {
        let mut c = console();
        ok(&mut c, "kubectl create deployment web --image=nginx:1.25");
        c
    }

    fn open(c: &mut Console, line: &str) -> EditRequest {
        let out = run(c, line);
        assert_eq!(out.exit_code, 0, "{}", out.stderr);
        out.edit.expect("an edit request")
    }

    #[test]
    fn the_file_has_kubectls_header_and_the_object_with_its_status() {
        let mut c = with_web();
        let req = open(&mut c, "kubectl edit deploy/web");
        assert!(req.text.starts_with(HEADER), "{}", req.text);
        assert!(req.text[HEADER.len()..].starts_with("apiVersion: apps/v1\nkind: Deployment\n"), "{}", req.text);
        assert!(req.text.contains("\nstatus:\n"));
        assert!(req.file_name.starts_with("/tmp/kubectl-edit-") && req.file_name.ends_with(".yaml"));
    }

    #[test]
    fn unchanged_is_cancelled_and_a_new_image_is_edited() {
        let mut c = with_web();
        let req = open(&mut c, "kubectl edit deployment web");
        let out = c.finish_edit(&req.text);
        assert_eq!((out.stderr.as_str(), out.exit_code), ("Edit cancelled, no changes made.\n", 0));
        let req = open(&mut c, "kubectl edit deployment web");
        let out = c.finish_edit(&req.text.replace("image: nginx:1.25", "image: nginx:1.26"));
        assert_eq!((out.stdout.as_str(), out.exit_code), ("deployment.apps/web edited\n", 0), "{}", out.stderr);
        let image = |c: &Console| {
            c.cluster()
                .get(Kind::Deployment, "default", "web")
                .and_then(Object::as_deployment)
                .map(|d| d.spec.template.spec.containers[0].image.clone())
        };
        assert_eq!(image(&c).as_deref(), Some("nginx:1.26"));
        // Nothing is waiting any more.
        assert_eq!(c.finish_edit("x").exit_code, 1);
    }

    #[test]
    fn an_invalid_edit_is_reopened_with_the_reason_and_saving_it_again_gives_up() {
        let mut c = with_web();
        let before = state(&c);
        let req = open(&mut c, "kubectl edit deploy web");
        let bad = req.text.replace("replicas: 1\n", "replicas: -1\n");
        let out = c.finish_edit(&bad);
        assert_eq!(out.stderr, "error: deployments.apps \"web\" is invalid\n");
        let again = out.edit.expect("reopened");
        assert_ne!(again.file_name, req.file_name);
        assert!(
            again.text.starts_with(&format!("{HEADER}# deployments.apps \"web\" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\napiVersion: apps/v1\n")),
            "{}",
            again.text
        );
        let out = c.finish_edit(&again.text);
        assert_eq!(out.exit_code, 1);
        assert_eq!(
            out.stderr,
            format!("A copy of your changes has been stored to \"{}\"\nerror: Edit cancelled, no valid changes were saved.\n", again.file_name)
        );
        assert!(state(&c) == before, "an invalid edit changed the cluster");
    }

    #[test]
    fn syntax_errors_reopen_and_empty_files_and_renames_cancel() {
        let mut c = with_web();
        let req = open(&mut c, "kubectl edit deploy web");
        let out = c.finish_edit(&req.text.replace("kind: Deployment", "kind Deployment\n  x: : y"));
        let again = out.edit.expect("reopened");
        assert!(again.text.contains("# The edited file had a syntax error: error parsing edited-file: error converting YAML to JSON: yaml: line"), "{}", again.text);
        assert_eq!(c.finish_edit("# nothing\n\n").stderr, "Edit cancelled, saved file was empty.\n");
        let req = open(&mut c, "kubectl edit deploy web");
        let out = c.finish_edit(&req.text.replace("name: web\n  namespace", "name: other\n  namespace"));
        assert!(
            out.stderr.ends_with("error: At least one of apiVersion, kind and name was changed\n"),
            "{}",
            out.stderr
        );
    }

    #[test]
    fn usage_and_lookup_errors() {
        let mut c = with_web();
        assert!(fails(&mut c, "kubectl edit").starts_with("error: You must provide one or more resources"));
        assert_eq!(
            fails(&mut c, "kubectl edit deploy nope"),
            "Error from server (NotFound): deployments.apps \"nope\" not found\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl edit deploy,svc"),
            "error: editing several objects at once (kubectl's List) is not available in this lab yet\n"
        );
    }

    #[test]
    fn course_era_names_the_extensions_group() {
        let mut c = course();
        ok(&mut c, "kubectl run web --image=nginx:1.25");
        let req = open(&mut c, "kubectl edit deploy web");
        let out = c.finish_edit(&req.text.replace("image: nginx:1.25", "image: nginx:1.26"));
        assert_eq!(out.stdout, "deployment.extensions/web edited\n", "{}", out.stderr);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
            /// Whatever the editor saves (the file with a line replaced, or any text), kubectl's
            /// answer comes without a panic, and only an `edited` answer changes the cluster.
            #[test]
            fn any_saved_text_is_answered_and_only_an_edit_writes(line in 0usize..80, junk in "[ -~\n]{0,60}") {
                let mut c = with_web();
                let req = open(&mut c, "kubectl edit deploy web");
                let mut lines: Vec<&str> = req.text.lines().collect();
                if line < lines.len() {
                    lines[line] = &junk;
                }
                let saved = lines.join("\n");
                for text in [saved.as_str(), junk.as_str()] {
                    let before = state(&c);
                    let _ = run(&mut c, "kubectl edit deploy web");
                    let out = c.finish_edit(text);
                    if !out.stdout.ends_with(" edited\n") {
                        prop_assert!(state(&c) == before, "{text:?} changed the cluster: {out:?}");
                    }
                    // A re-opened file can be saved again without a panic either.
                    if let Some(again) = out.edit {
                        let _ = c.finish_edit(&again.text);
                    }
                }
            }
        }
    }

    #[test]
    fn comments_lines_are_dropped_and_breaks_get_hashes() {
        assert_eq!(manual_strip("# a\nb: 1\n  # c\nd: 2\n"), "b: 1\nd: 2\n");
        assert_eq!(hash_on_line_break("x\ny\n#z"), "x\n# y\n#z");
    }
}
