use super::*;

#[test]
fn v2_names_and_tags() {
    assert_eq!(V2::parse("errors"), Some(V2::Errors));
    assert_eq!(V2::Errors.tag(), "v2.0.0-errors");
    assert_eq!(V2::Good.tag(), "v2.0.0");
    assert_eq!(V2::parse("bad"), None);
}
