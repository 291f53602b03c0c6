//! The panels. Each receives plain data and callbacks; none touches the cluster.

mod browser;
mod chart;
mod cluster;
mod console;
mod events;
mod exercise;
mod files;
mod inspector;
mod time;
mod traffic;

pub use browser::{BrowserPanel, BrowserResult};
pub use chart::ChartPanel;
pub use cluster::ClusterPanel;
pub use console::ConsolePanel;
pub use events::{EventRow, EventsPanel};
pub use exercise::{ExercisePanel, ExercisePicker};
pub use files::FilesPanel;
pub use inspector::{Inspector, InspectorMode};
pub use time::TimeControls;
pub use traffic::{FlowPanel, TrafficAction, TrafficPanel};
