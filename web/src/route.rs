//! What the page's address asks for, for course sites: `#/<exercise>` opens that exercise (for
//! example `…/#/ex4`; a later change of the fragment switches to it), and `?embed` (any value)
//! the embed layout for an iframe in a course page: the time controls and the lab, without the
//! exercise picker, share, presenter and system-pod buttons. Share links (`#v=…`) are
//! `components/share.rs`'s.

use crate::exercises::ExerciseId;

/// The exercise a fragment names: `#/ex4`, `#/ex4/` or `#ex4`.
pub fn exercise_in(fragment: &str) -> Option<ExerciseId> {
    let key = fragment.trim_start_matches('#').trim_start_matches('/').trim_end_matches('/');
    ExerciseId::from_key(key)
}

/// Whether a query string (`?a=b&embed`) asks for the embed layout.
pub fn embed_in(search: &str) -> bool {
    search.trim_start_matches('?').split('&').any(|p| p == "embed" || p.starts_with("embed="))
}

/// The exercise the page's address names, if any.
pub fn exercise() -> Option<ExerciseId> {
    exercise_in(&gloo::utils::window().location().hash().ok()?)
}

/// Whether the page was opened in the embed layout.
pub fn embed() -> bool {
    gloo::utils::window().location().search().map(|s| embed_in(&s)).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_and_queries() {
        assert_eq!(exercise_in("#/ex4"), ExerciseId::from_key("ex4"));
        assert!(exercise_in("#/ex4").is_some());
        assert_eq!(exercise_in("#/playground/"), ExerciseId::from_key("playground"));
        assert_eq!(exercise_in("#ex4"), ExerciseId::from_key("ex4"));
        assert_eq!(exercise_in("#v=abc"), None);
        assert_eq!(exercise_in("#/nope"), None);
        assert_eq!(exercise_in(""), None);
        assert!(embed_in("?embed") && embed_in("?x=1&embed=1") && !embed_in("?embedded") && !embed_in(""));
    }
}
