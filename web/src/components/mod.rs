//! The panels. Each receives plain data and callbacks; none touches the cluster.

mod autoscaling;
mod browser;
mod chart;
mod cluster;
mod console;
mod events;
mod exercise;
mod files;
mod gitops;
mod inspector;
mod layout;
mod notice;
mod progress;
mod race;
pub mod share;
mod time;
mod traffic;

pub use autoscaling::AutoscalingPanel;
pub use browser::BrowserPanel;
pub use chart::ChartPanel;
pub use cluster::ClusterPanel;
pub use console::ConsolePanel;
pub use events::EventsPanel;
pub use exercise::{ExercisePanel, ExercisePicker};
pub use files::FilesPanel;
pub use gitops::GitOpsPanel;
pub use inspector::Inspector;
pub use layout::Panes;
pub use notice::{restore_failure, RestoreBanner};
pub use progress::ProgressBar;
pub use race::RacePanel;
pub use share::ShareControls;
pub use time::TimeControls;
pub use traffic::{FlowPanel, TrafficPanel};
