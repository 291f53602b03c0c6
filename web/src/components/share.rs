//! Share, export and import: the top bar's "Share" button and the box it opens (the link in a
//! read-only field with Copy, the moment it opens at, "Export session" and "Import session"),
//! and the browser work they need: the page's fragment and address, taking the fragment out of
//! the address bar, offering a file for download, reading a chosen file. One button in the top
//! bar, so that it stays one row at 1280 pixels.

use crate::state::ShareBox;
use kubelab_lab::share::MAX_FILE_BYTES;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub share: Option<ShareBox>,
    pub on_open: Callback<()>,
    pub on_close: Callback<()>,
    pub on_at: Callback<String>,
    pub on_export: Callback<()>,
    /// A chosen file's name and (at most [`MAX_FILE_BYTES`] + 1) bytes.
    pub on_import: Callback<(String, Vec<u8>)>,
}

/// The Share button, and the share box while it is open.
#[function_component(ShareControls)]
pub fn share_controls(p: &ShareProps) -> Html {
    let (on_open, on_close, is_open) = (p.on_open.clone(), p.on_close.clone(), p.share.is_some());
    let toggle = Callback::from(move |_: MouseEvent| if is_open { on_close.emit(()) } else { on_open.emit(()) });
    html! {
        <span class="share-controls">
            <button id="share-open" onclick={toggle} aria-expanded={is_open.to_string()}
                    title="A link to this session, or a file of it (export, import)">{ "Share" }</button>
            if let Some(b) = &p.share {
                <ShareBoxView share={b.clone()} on_close={p.on_close.clone()} on_at={p.on_at.clone()}
                              on_export={p.on_export.clone()} on_import={p.on_import.clone()} />
            }
        </span>
    }
}

#[derive(Properties, PartialEq)]
struct BoxProps {
    share: ShareBox,
    on_close: Callback<()>,
    on_at: Callback<String>,
    on_export: Callback<()>,
    on_import: Callback<(String, Vec<u8>)>,
}

/// "Export session" and "Import session" (a file input behind a label).
fn file_row(p: &BoxProps) -> Html {
    let export = p.on_export.reform(|_: MouseEvent| ());
    let on_import = p.on_import.clone();
    let chosen = Callback::from(move |e: Event| {
        let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        // The same file may be chosen again later.
        input.set_value("");
        let name = file.name();
        let on_import = on_import.clone();
        wasm_bindgen_futures::spawn_local(async move {
            // A larger file is refused by its size; reading one byte more than allowed says so.
            let part = file.slice_with_f64_and_f64(0.0, MAX_FILE_BYTES as f64 + 1.0).unwrap_or_else(|_| file.into());
            let bytes = match wasm_bindgen_futures::JsFuture::from(part.array_buffer()).await {
                Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
                Err(_) => Vec::new(),
            };
            on_import.emit((name, bytes));
        });
    });
    html! {
        <div class="share-row">
            <button id="export-session" onclick={export} title="Download this session as a file (kubelab grade reads it)">{ "Export session" }</button>
            <input id="import-file" class="visually-hidden" type="file" accept=".json,application/json" onchange={chosen} />
            <label class="button" for="import-file" title="Open a session file exported from Kubelab">{ "Import session" }</label>
        </div>
    }
}

#[function_component(ShareBoxView)]
fn share_box_view(p: &BoxProps) -> Html {
    let link = format!("{}#{}", page_base(), p.share.fragment);
    let copy = {
        let link = link.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(field) = gloo::utils::document()
                .get_element_by_id("share-link")
                .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                field.select();
            }
            let _ = gloo::utils::window().navigator().clipboard().write_text(&link);
        })
    };
    let on_at = p.on_at.clone();
    let at_input = Callback::from(move |e: InputEvent| {
        if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
            on_at.emit(input.value());
        }
    });
    let close = p.on_close.reform(|_: MouseEvent| ());
    let select_all = Callback::from(|e: FocusEvent| {
        if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
            input.select();
        }
    });
    html! {
        <div id="share-box" class="share-box" role="dialog" aria-label="Share link">
            <div class="share-row">
                <input id="share-link" readonly=true value={link.clone()} onfocus={select_all} aria-label="Link to this session" />
                <button id="share-copy" onclick={copy}>{ "Copy" }</button>
                <button id="share-close" onclick={close} aria-label="Close">{ "×" }</button>
            </div>
            <div class="share-row">
                <label for="share-at">{ "Open at (simulated HH:MM or HH:MM:SS, empty: now)" }</label>
                <input id="share-at" size="8" value={p.share.at.clone()} oninput={at_input} placeholder="12:40" />
            </div>
            if let Some(e) = &p.share.error {
                <div class="share-error">{ e }</div>
            }
            <div class="share-note">{ format!("{} characters; it carries every command of the session, not the cluster.", link.len()) }</div>
            { file_row(p) }
        </div>
    }
}

/// The page's address without its fragment.
pub fn page_base() -> String {
    let href = gloo::utils::window().location().href().unwrap_or_default();
    href.split_once('#').map_or(href.clone(), |(base, _)| base.to_string())
}

/// The page's fragment (without `#`), when it looks like a share link.
pub fn page_fragment() -> Option<String> {
    let hash = gloo::utils::window().location().hash().ok()?;
    let fragment = hash.strip_prefix('#').unwrap_or(&hash);
    fragment.starts_with("v=").then(|| fragment.to_string())
}

/// Takes the fragment out of the address bar without reloading or adding a history entry.
pub fn clear_fragment() {
    let window = gloo::utils::window();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&page_base()));
    }
}

/// Offers `contents` as a download named `name`.
pub fn download(name: &str, contents: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let document = gloo::utils::document();
    if let Some(a) = document.create_element("a").ok().and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok()) {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // Revoked a moment later: the download has started from it by then.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}
