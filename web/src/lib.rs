//! Kubelab in the browser: a Yew app over the same simulator, console and exercise engine the
//! terminal program uses. `app` owns the session and the timer; `components` draw; `view_model`
//! and `text` hold the derivations worth testing natively (no Yew there); `storage` keeps the
//! session across reloads; `exercises` embeds the shipped exercises.

pub mod app;
pub mod components;
pub mod exercises;
pub mod state;
pub mod storage;
pub mod text;
pub mod traffic_view;
pub mod view_model;

pub use app::App;
