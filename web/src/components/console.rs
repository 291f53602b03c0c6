//! The console panel: the scrollback and the prompt, with history keys, Tab completion (through
//! the `completer` callback), Ctrl-C and multi-line input; sends each complete input, and Ctrl-L.
//!
//! No keyboard trap (WCAG 2.1.2): Tab completes only when there is something to complete (a
//! word typed and at least one candidate); otherwise, and always after Escape, Tab moves the
//! focus on as anywhere else, and Shift+Tab always moves it back. The hint under the prompt says
//! so. The scrollback is a focusable `role="log"` (new output is announced politely) and stays
//! pinned to its newest line when the panel changes size (a flex column laid out from the end).

use crate::text::{split_paste, Line, LineKind};
use kubelab_console::Console;
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub lines: Rc<Vec<Line>>,
    pub history: Rc<Vec<String>>,
    pub on_submit: Callback<String>,
    pub on_clear: Callback<()>,
    /// `$ `, or the prompt of the pod shell the student is in.
    pub prompt: String,
    /// (line, cursor) -> (start of the word to replace, candidates)
    pub completer: Callback<(String, usize), (usize, Vec<String>)>,
}

fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else { return String::new() };
    let mut end = first.len();
    for w in &words[1..] {
        end = end.min(first.bytes().zip(w.bytes()).take_while(|(a, b)| a == b).count());
    }
    while !first.is_char_boundary(end) {
        end -= 1;
    }
    first[..end].to_string()
}

/// A terminal-like console: prompt, scrollback, history on the arrow keys, Tab completion,
/// Ctrl-C, multi-line input (here-documents, pasted blocks).
#[function_component(ConsolePanel)]
pub fn console_panel(p: &ConsoleProps) -> Html {
    let input_ref = use_node_ref();
    let out_ref = use_node_ref();
    // The unfinished lines of a multi-line input (a here-document being typed).
    let pending = use_state(String::new);
    let hist_pos = use_state(|| None::<usize>);
    let completions = use_state(Vec::<String>::new);
    // Escape was the last key: the next Tab leaves the console instead of completing.
    let escaped = use_mut_ref(|| false);
    {
        let out_ref = out_ref.clone();
        use_effect_with((p.lines.len(), (*pending).clone()), move |_| {
            if let Some(el) = out_ref.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
            || ()
        });
    }
    let submit_text = {
        let pending = pending.clone();
        let on_submit = p.on_submit.clone();
        let hist_pos = hist_pos.clone();
        move |text: String| {
            let full = if pending.is_empty() { text } else { format!("{}\n{}", *pending, text) };
            if Console::needs_more_input(&full) {
                pending.set(full);
            } else {
                pending.set(String::new());
                on_submit.emit(full);
            }
            hist_pos.set(None);
        }
    };
    let onkeydown = {
        let input_ref = input_ref.clone();
        let history = p.history.clone();
        let hist_pos = hist_pos.clone();
        let pending = pending.clone();
        let completer = p.completer.clone();
        let completions = completions.clone();
        let on_clear = p.on_clear.clone();
        let submit_text = submit_text.clone();
        let escaped = escaped.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(input) = input_ref.cast::<HtmlTextAreaElement>() else { return };
            let key = e.key();
            let after_escape = std::mem::replace(&mut *escaped.borrow_mut(), key == "Escape");
            if key == "Escape" {
                completions.set(vec![]);
            } else if key == "Tab" && (e.shift_key() || after_escape || input.value().trim().is_empty()) {
                // Leaves the console: the browser moves the focus.
            } else if key == "Enter" && !e.shift_key() {
                e.prevent_default();
                let text = input.value();
                input.set_value("");
                completions.set(vec![]);
                submit_text(text);
            } else if key == "ArrowUp" || key == "ArrowDown" {
                if history.is_empty() || input.value().contains('\n') {
                    return;
                }
                e.prevent_default();
                let next = match (*hist_pos, key.as_str()) {
                    (None, "ArrowUp") => Some(history.len() - 1),
                    (Some(0), "ArrowUp") => Some(0),
                    (Some(i), "ArrowUp") => Some(i - 1),
                    (Some(i), "ArrowDown") if i + 1 < history.len() => Some(i + 1),
                    _ => None,
                };
                input.set_value(next.and_then(|i| history.get(i)).map(String::as_str).unwrap_or(""));
                hist_pos.set(next);
            } else if key == "Tab" {
                let value = input.value();
                let pos = input.selection_start().ok().flatten().map(|p| p as usize).unwrap_or(value.len());
                // selectionStart counts UTF-16 units; completion works on the text before it.
                let before: String = value.chars().take(pos).collect();
                let (start, cands) = completer.emit((before.clone(), before.len()));
                let head = before.get(..start).unwrap_or("");
                let after = value.get(before.len()..).unwrap_or("");
                if cands.is_empty() {
                    // Nothing to complete: Tab moves the focus on.
                    return;
                }
                e.prevent_default();
                if cands.len() == 1 {
                    let sep = if after.starts_with(' ') { "" } else { " " };
                    input.set_value(&format!("{head}{}{sep}{after}", cands[0]));
                    completions.set(vec![]);
                } else if cands.len() > 1 {
                    let prefix = common_prefix(&cands);
                    if prefix.len() > before.len().saturating_sub(start) {
                        input.set_value(&format!("{head}{prefix}{after}"));
                    }
                    completions.set(cands);
                }
            } else if e.ctrl_key() && (key == "c" || key == "C") {
                e.prevent_default();
                input.set_value("");
                pending.set(String::new());
                completions.set(vec![]);
            } else if e.ctrl_key() && (key == "l" || key == "L") {
                e.prevent_default();
                on_clear.emit(());
            }
        })
    };
    let onpaste = {
        let input_ref = input_ref.clone();
        let on_submit = p.on_submit.clone();
        let pending = pending.clone();
        Callback::from(move |e: Event| {
            let Ok(ce) = wasm_bindgen::JsCast::dyn_into::<web_sys::ClipboardEvent>(e.clone()) else { return };
            let Some(text) = ce.clipboard_data().and_then(|d| d.get_data("text/plain").ok()) else { return };
            if !text.contains('\n') {
                return;
            }
            e.prevent_default();
            let Some(input) = input_ref.cast::<HtmlTextAreaElement>() else { return };
            let existing = if pending.is_empty() { input.value() } else { format!("{}\n{}", *pending, input.value()) };
            let (inputs, rest) = split_paste(&existing, &text, Console::needs_more_input);
            pending.set(String::new());
            for i in inputs {
                on_submit.emit(i);
            }
            // An unfinished here-document stays pending; its last line goes back in the box.
            match rest.rsplit_once('\n') {
                Some((head, last)) => {
                    pending.set(head.to_string());
                    input.set_value(last);
                }
                None => input.set_value(&rest),
            }
        })
    };
    let focus = {
        let input_ref = input_ref.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(i) = input_ref.cast::<web_sys::HtmlElement>() {
                let _ = i.focus();
            }
        })
    };
    html! {
        <div class="panel console" id="console" onclick={focus}>
            <div class="scrollback mono" ref={out_ref} id="console-output" tabindex="0"
                 role="log" aria-live="polite" aria-label="Console output">
              <div class="lines">
                { for p.lines.iter().map(|l| match l.kind {
                    LineKind::Input => html! { <div class="in"><span class="prompt">{ if l.prompt.is_empty() { "$ " } else { l.prompt.as_str() } }</span>{ &l.text }</div> },
                    LineKind::Continuation => html! { <div class="in"><span class="prompt">{ "> " }</span>{ &l.text }</div> },
                    LineKind::Stdout => html! { <pre class="out">{ &l.text }</pre> },
                    LineKind::Stderr => html! { <pre class="err">{ &l.text }</pre> },
                    LineKind::Info => html! { <div class="info">{ &l.text }</div> },
                    LineKind::Note => html! { <div class="note">{ &l.text }</div> },
                }) }
                { for pending.split('\n').filter(|_| !pending.is_empty()).enumerate().map(|(i, l)| html! {
                    <div class="in pending"><span class="prompt">{ if i == 0 { p.prompt.as_str() } else { "> " } }</span>{ l }</div>
                }) }
                if !completions.is_empty() {
                    <div class="completions">{ completions.join("  ") }</div>
                }
              </div>
            </div>
            <div class="prompt-line">
                <span class="prompt mono">{ if pending.is_empty() { p.prompt.as_str() } else { "> " } }</span>
                <textarea id="console-input" class="mono" rows="1" spellcheck="false" autocomplete="off"
                    aria-label="kubectl console input" aria-describedby="console-keys" ref={input_ref} {onkeydown} {onpaste}
                    placeholder="kubectl get pods" />
            </div>
            <div class="console-keys" id="console-keys">{ "Tab completes · Esc then Tab (or Shift+Tab) leaves the console" }</div>
        </div>
    }
}
