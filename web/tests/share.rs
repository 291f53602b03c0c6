//! A share link made natively (`crates/kubelab-lab/tests/fixtures/share-link.json`, written by
//! the lab crate's `the_wasm_fixture_matches_the_native_replay`) replays in the browser to the
//! state digest the native replay wrote next to it.
//!
//! ```sh
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test -p kubelab-web --target wasm32-unknown-unknown --test share
//! ```

#![cfg(target_arch = "wasm32")]

use kubelab_lab::share;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const FIXTURE: &str = include_str!("../../crates/kubelab-lab/tests/fixtures/share-link.json");

#[wasm_bindgen_test]
fn a_link_made_natively_replays_to_the_native_digest() {
    let fixture: serde_json::Value = serde_json::from_str(FIXTURE).expect("fixture is JSON");
    let fragment = fixture["fragment"].as_str().expect("fragment");
    let link = share::parse_link(fragment).expect("the link parses in wasm");
    let session = link.open().expect("the link opens in wasm");
    assert_eq!(Some(share::digest(&session).as_str()), fixture["digest"].as_str());
    // The whole serialised cluster too (controllers' memory included), which `digest` leaves out.
    let whole = serde_json::to_string(session.cluster()).expect("the cluster serialises");
    assert_eq!(Some(share::hash_hex(whole.as_bytes()).as_str()), fixture["cluster"].as_str());
    // And an export of it reads back to the same state.
    let exported = share::export(&session).to_json();
    let again = share::read_session_file(exported.as_bytes()).expect("reads").open().expect("opens");
    assert_eq!(share::digest(&again), share::digest(&session));
}
