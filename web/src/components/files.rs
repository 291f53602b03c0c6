//! The files panel: the exercise's manifests and a scratch file, to view and edit; sends the
//! edited contents and the file to `kubectl apply -f`.

use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FilesProps {
    /// (file name, contents)
    pub files: Rc<Vec<(String, String)>>,
    pub on_edit: Callback<(String, String)>,
    pub on_apply: Callback<String>,
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
