//! Fidelity tables (filled below).
