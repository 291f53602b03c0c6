//! Kubelab in the browser: a Yew app over the same simulator, console and exercise engine the
//! terminal program uses. `state` holds the lab and every transition of it (no Yew there, so it
//! is tested natively); `app` feeds it the timer and the panels' messages and carries out its
//! storage effects; `components` draw; `view_model`, `traffic_view` and `text` hold the
//! derivations (no Yew either); `storage` reads and writes local storage; `exercises` embeds the
//! shipped exercises; `route` reads what the address asks for (`#/ex4`, `?embed`).

pub mod app;
pub mod components;
pub mod exercises;
pub mod route;
pub mod state;
pub mod storage;
pub mod text;
pub mod traffic_view;
pub mod view_model;

pub use app::App;
