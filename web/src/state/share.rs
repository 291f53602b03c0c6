//! Share links, exported and imported session files: the lab's side of them (the encoding is
//! `kubelab_lab::share`). The share box holds the link to the session as it is now (made again
//! after every change while the box is open), optionally opening at a moment; export and
//! import exchange [`kubelab_lab::share::ExportedSession`] files; a page opened with a link's
//! fragment starts that session.
//!
//! A session opened from a link or a file replaces the student's own session of that exercise
//! (the notice says so), is saved like any session, pauses the clock (so the moment it shows
//! stays on screen) and takes the link out of the address bar, so a reload keeps working on it
//! instead of opening the link again.

use super::{Effect, LabState};
use crate::exercises::{self, ExerciseId};
use crate::text::{Line, LineKind};
use kubelab_lab::share::{self, ClockTime};
use kubelab_lab::Session;
use std::rc::Rc;

/// The share box, while it is open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareBox {
    /// The link's fragment (without `#`).
    pub fragment: String,
    /// The moment typed (`HH:MM[:SS]`, or empty for the session's end).
    pub at: String,
    /// Why the moment is refused.
    pub error: Option<String>,
}

impl LabState {
    /// The share box, while open.
    pub fn share_box(&self) -> Option<&ShareBox> {
        self.share.as_ref()
    }

    pub(super) fn share_open(&mut self) {
        self.share = Some(ShareBox { fragment: String::new(), at: String::new(), error: None });
        self.share_refresh();
    }

    pub(super) fn share_at(&mut self, at: String) {
        if let Some(b) = self.share.as_mut() {
            b.at = at;
        }
        self.share_refresh();
    }

    /// Makes the open box's link again (after a change of the session or of its moment).
    pub(super) fn share_refresh(&mut self) {
        let Some(b) = self.share.as_mut() else { return };
        let session = self.session.borrow();
        let at = b.at.trim();
        let moment = if at.is_empty() { Ok(None) } else { ClockTime::parse(at).map(Some) };
        match moment {
            Ok(moment) => {
                b.error = None;
                b.fragment = share::link_fragment(&session, moment);
            }
            Err(e) => {
                b.error = Some(e.to_string());
                b.fragment = share::link_fragment(&session, None);
            }
        }
    }

    pub(super) fn export(&self, effects: &mut Vec<Effect>) {
        let exported = share::export(&self.session.borrow());
        effects.push(Effect::Download { name: exported.file_name(), contents: exported.to_json() });
    }

    /// Opens the session a link's fragment names.
    pub(super) fn open_link(&mut self, fragment: &str, effects: &mut Vec<Effect>) {
        effects.push(Effect::ClearFragment);
        let link = match share::parse_link(fragment) {
            Ok(link) => link,
            Err(e) => return self.notice(format!("The link could not be opened: {e}.")),
        };
        let Some(id) = ExerciseId::from_key(&link.exercise) else {
            return self.notice(unknown_exercise(&link.exercise, "link"));
        };
        match link.open_with(exercises::exercise(id)) {
            Ok(session) => {
                let moment = link.at.map(|at| format!(" at {at}")).unwrap_or_default();
                self.adopt(id, session, format!("Opened a shared session{moment}"), effects);
            }
            Err(e) => self.notice(format!("The link could not be opened: {e}.")),
        }
    }

    /// Opens the session in an imported file.
    pub(super) fn import(&mut self, name: &str, bytes: &[u8], effects: &mut Vec<Effect>) {
        let imported = match share::read_session_file(bytes) {
            Ok(imported) => imported,
            Err(e) => return self.notice(format!("{name} could not be imported: {e}.")),
        };
        let Some(id) = ExerciseId::from_key(&imported.saved.exercise) else {
            return self.notice(unknown_exercise(&imported.saved.exercise, "file"));
        };
        match Session::restore(exercises::exercise(id), &imported.saved) {
            Ok(session) => {
                let mut what = format!("Imported {name}");
                if imported.digest.is_some_and(|d| d != share::digest(&session)) {
                    what.push_str(" (it replays to another state than when it was exported)");
                }
                self.adopt(id, session, what, effects);
            }
            Err(e) => self.notice(format!("{name} could not be imported: {e}.")),
        }
    }

    /// Makes `session` (of exercise `id`) the lab's session, paused, saved and remembered.
    fn adopt(&mut self, id: ExerciseId, session: Session, what: String, effects: &mut Vec<Effect>) {
        let clock = share::clock_at(session.cluster(), session.now());
        let history: Vec<String> = session.history().iter().map(|h| h.line.clone()).collect();
        let commands = history.len();
        self.exercise = id;
        self.editing = session.console().pending_edit().map(|r| Rc::new(super::Editing::of(r)));
        *self.session.borrow_mut() = session;
        self.lines = Rc::new(vec![
            Line::new(LineKind::Info, exercises::banner(id)),
            Line::new(
                LineKind::Info,
                format!(
                    "{what}: {} ({commands} commands replayed), now at {clock} simulated. The clock is paused; \
                     this session replaces your own session of this exercise.",
                    id.title()
                ),
            ),
        ]);
        self.history = Rc::new(history);
        self.selection = crate::view_model::Selection::None;
        self.playing = false;
        self.share = None;
        self.refresh();
        effects.push(Effect::RememberExercise(id));
        self.save(effects);
    }

    /// A line in the console, the session unchanged.
    fn notice(&mut self, text: String) {
        Rc::make_mut(&mut self.lines).push(Line::new(LineKind::Info, text));
    }
}

fn unknown_exercise(id: &str, what: &str) -> String {
    let id: String = id.chars().take(60).collect();
    format!(
        "This {what} is for the exercise \"{id}\", which this version of Kubelab does not have; nothing was opened."
    )
}

#[cfg(test)]
mod tests {
    use super::super::{Action, Effect, LabState};
    use super::*;

    const PLAY: ExerciseId = ExerciseId::Playground;

    fn texts(state: &LabState) -> Vec<String> {
        state.lines().iter().map(|l| l.text.clone()).collect()
    }

    fn worked() -> LabState {
        let (mut s, _) = LabState::new(PLAY, None);
        let _ = s.update(Action::ApplyFile("web.yaml".into()));
        let _ = s.update(Action::Submit("sleep 20".into()));
        let _ = s.update(Action::Submit("kubectl scale deployment web --replicas=4".into()));
        let _ = s.update(Action::StepOnce);
        s
    }

    #[test]
    fn a_link_opens_the_same_session_paused_saved_and_out_of_the_address_bar() {
        let s = worked();
        let mut s2 = s;
        let _ = s2.update(Action::ShareOpen);
        let fragment = s2.share_box().expect("open").fragment.clone();
        assert!(fragment.starts_with("v=1&ex=playground&"), "{fragment}");
        // A fresh page on the first exercise, opened with the link.
        let (mut other, _) = LabState::new(ExerciseId::Ex4, None);
        let update = other.update(Action::OpenLink(format!("#{fragment}")));
        assert_eq!(other.exercise(), PLAY);
        assert_eq!(share::digest(&other.session()), share::digest(&s2.session()));
        assert!(!other.playing());
        assert_eq!(other.history().len(), 3, "{:?}", other.history());
        assert!(texts(&other)[1].starts_with("Opened a shared session: "), "{:?}", texts(&other));
        assert_eq!(update.effects[0], Effect::ClearFragment);
        assert!(update.effects.contains(&Effect::RememberExercise(PLAY)));
        let saved = update.effects.iter().find_map(|e| match e {
            Effect::Save { exercise, data } if *exercise == PLAY => Some(data.clone()),
            _ => None,
        });
        let (reloaded, _) = LabState::new(PLAY, saved.as_deref());
        assert_eq!(share::digest(&reloaded.session()), share::digest(&s2.session()));
    }

    #[test]
    fn the_share_box_follows_the_session_and_its_moment() {
        let mut s = worked();
        let _ = s.update(Action::ShareOpen);
        let before = s.share_box().expect("open").fragment.clone();
        let _ = s.update(Action::Submit("kubectl get pods".into()));
        let after = s.share_box().expect("open").fragment.clone();
        assert_ne!(before, after, "the link follows the session");
        let _ = s.update(Action::ShareAt("25:00".into()));
        assert!(s.share_box().and_then(|b| b.error.clone()).is_some_and(|e| e.contains("HH:MM")));
        let clock = share::clock_at(s.session().cluster(), s.session().started());
        let _ = s.update(Action::ShareAt(clock.to_string()));
        let b = s.share_box().expect("open").clone();
        assert_eq!(b.error, None);
        assert!(b.fragment.ends_with(&format!("&at={clock}")), "{}", b.fragment);
        let (mut other, _) = LabState::new(PLAY, None);
        let _ = other.update(Action::OpenLink(b.fragment));
        // Opened at the start: what started in that very second (the apply and the `sleep 20`,
        // which runs whole), not the scale after it.
        assert_eq!(other.history().as_slice(), ["kubectl apply -f web.yaml", "sleep 20"]);
        assert_eq!(other.session().now().since(other.session().started()).as_secs(), 20);
        assert!(texts(&other)[1].starts_with(&format!("Opened a shared session at {clock}: ")));
        let _ = s.update(Action::ShareClose);
        assert!(s.share_box().is_none());
    }

    #[test]
    fn bad_or_unknown_links_leave_the_session_with_a_notice() {
        let s = worked();
        let mut s = s;
        let _ = s.update(Action::ShareOpen);
        let fragment = s.share_box().expect("open").fragment.clone();
        let digest = share::digest(&s.session());
        for (bad, expected) in [
            ("#v=1&ex=x".to_string(), "The link could not be opened: not a Kubelab session link"),
            (fragment.replace("ex=playground", "ex=kafka"), "This link is for the exercise \"kafka\""),
            (fragment.replace("&log=", "&log=A"), "The link could not be opened"),
        ] {
            let update = s.update(Action::OpenLink(bad.clone()));
            assert_eq!(update.effects, vec![Effect::ClearFragment], "{bad}");
            assert!(texts(&s).last().is_some_and(|t| t.starts_with(expected)), "{bad}: {:?}", texts(&s).last());
            assert_eq!(share::digest(&s.session()), digest);
        }
    }

    #[test]
    fn export_then_import_gives_the_same_session_and_bad_files_a_notice() {
        let mut s = worked();
        let update = s.update(Action::ExportSession);
        let [Effect::Download { name, contents }] = &update.effects[..] else { panic!("{:?}", update.effects) };
        assert!(name.starts_with("kubelab-playground-") && name.ends_with(".json"), "{name}");
        let (mut other, _) = LabState::new(ExerciseId::Ex4, None);
        let _ = other.update(Action::ImportSession { name: name.clone(), bytes: contents.clone().into_bytes() });
        assert_eq!(other.exercise(), PLAY);
        assert_eq!(share::digest(&other.session()), share::digest(&s.session()));
        assert!(texts(&other)[1].starts_with(&format!("Imported {name}: ")), "{:?}", texts(&other));
        let digest = share::digest(&other.session());
        for (bytes, expected) in [
            (b"not json".to_vec(), "x.json could not be imported: not a Kubelab session file: not JSON"),
            (vec![0xff, 0], "x.json could not be imported: not a Kubelab session file: not UTF-8 text"),
            (
                contents.replacen("\"playground\"", "\"kafka\"", 2).into_bytes(),
                "This file is for the exercise \"kafka\"",
            ),
        ] {
            let update = other.update(Action::ImportSession { name: "x.json".into(), bytes });
            assert!(update.effects.is_empty(), "{:?}", update.effects);
            assert!(texts(&other).last().is_some_and(|t| t.starts_with(expected)), "{:?}", texts(&other).last());
            assert_eq!(share::digest(&other.session()), digest);
        }
    }
}
