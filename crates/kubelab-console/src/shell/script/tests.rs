use super::*;

#[test]
fn placeholder() {
    assert!(parse("true").is_ok());
}
