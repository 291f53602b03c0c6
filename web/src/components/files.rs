//! The files panel: the exercise's manifests and a scratch file, to view and edit; sends the
//! edited contents and the file to `kubectl apply -f`. While `kubectl edit` waits for its
//! editor, the panel shows that file on top, with Save and Cancel.

use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FilesProps {
    /// (file name, contents)
    pub files: Rc<Vec<(String, String)>>,
    pub on_edit: Callback<(String, String)>,
    pub on_apply: Callback<String>,
    /// `kubectl edit`'s file, while its editor is open.
    #[prop_or_default]
    pub editing: Option<Rc<crate::state::Editing>>,
    #[prop_or_default]
    pub on_edit_input: Callback<String>,
    #[prop_or_default]
    pub on_edit_save: Callback<()>,
    #[prop_or_default]
    pub on_edit_cancel: Callback<()>,
}

/// `kubectl edit`'s editor: the temporary file kubectl opened, Save and Cancel.
fn kubectl_editor(p: &FilesProps, e: &crate::state::Editing) -> Html {
    html! {
        <div class="editor kubectl-edit" id="kubectl-edit">
            <div class="editor-bar">
                <strong class="mono">{ format!("kubectl edit: {}", e.file_name) }</strong>
                <button id="kubectl-edit-save" onclick={{ let s = p.on_edit_save.clone(); Callback::from(move |_| s.emit(())) }}>{ "Save" }</button>
                <button id="kubectl-edit-cancel" onclick={{ let c = p.on_edit_cancel.clone(); Callback::from(move |_| c.emit(())) }}>{ "Cancel" }</button>
            </div>
            <textarea class="mono" spellcheck="false" rows="20" aria-label={format!("Edit {}", e.file_name)}
                value={e.text.clone()}
                oninput={{ let i = p.on_edit_input.clone(); Callback::from(move |ev: InputEvent| {
                    if let Some(t) = ev.target_dyn_into::<web_sys::HtmlTextAreaElement>() { i.emit(t.value()); }
                }) }} />
        </div>
    }
}

const NEW_FILE: &str =
    "# Paste or write any manifest here, then apply it.\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: scratch\n";

/// The exercise's manifests: view, edit, and `kubectl apply -f` them; plus a scratch file for
/// pasting any YAML.
#[function_component(FilesPanel)]
pub fn files_panel(p: &FilesProps) -> Html {
    let open = use_state(|| None::<String>);
    let names: Vec<String> = p.files.iter().map(|(n, _)| n.clone()).collect();
    let current = open.as_ref().and_then(|n| p.files.iter().find(|(f, _)| f == n)).cloned();
    html! {
        <div class="panel files" id="files">
            <h2>{ "Files" }</h2>
            if let Some(e) = &p.editing {
                { kubectl_editor(p, e) }
            }
            <ul class="file-list">
                <li>
                    <button class="file new-file" id="new-file" title="A new file to paste any YAML into"
                        onclick={{ let e = p.on_edit.clone(); let open = open.clone(); let names = names.clone(); Callback::from(move |_| {
                            let mut n = 1;
                            let name = loop {
                                let candidate = if n == 1 { "my.yaml".to_string() } else { format!("my{n}.yaml") };
                                if !names.contains(&candidate) { break candidate; }
                                n += 1;
                            };
                            e.emit((name.clone(), NEW_FILE.to_string()));
                            open.set(Some(name));
                        }) }}>{ "+ new file" }</button>
                </li>
                { for names.iter().map(|n| {
                    let open = open.clone();
                    let name = n.clone();
                    let onclick = Callback::from(move |_| open.set(Some(name.clone())));
                    html! { <li><button class="file" {onclick}>{ n.clone() }</button></li> }
                }) }
            </ul>
            if let Some((name, content)) = current {
                <div class="editor">
                    <div class="editor-bar">
                        <strong class="mono">{ &name }</strong>
                        <button onclick={{ let a = p.on_apply.clone(); let n = name.clone(); Callback::from(move |_| a.emit(n.clone())) }}>{ format!("kubectl apply -f {name}") }</button>
                        <button onclick={{ let open = open.clone(); Callback::from(move |_| open.set(None)) }} aria-label="Close editor">{ "✕" }</button>
                    </div>
                    <textarea class="mono" spellcheck="false" rows="14" aria-label={format!("Edit {name}")}
                        value={content}
                        oninput={{ let e = p.on_edit.clone(); let n = name.clone(); Callback::from(move |ev: InputEvent| {
                            if let Some(t) = ev.target_dyn_into::<web_sys::HtmlTextAreaElement>() { e.emit((n.clone(), t.value())); }
                        }) }} />
                </div>
            }
        </div>
    }
}
