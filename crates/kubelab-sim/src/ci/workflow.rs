//! The workflow file's subset (GitHub Actions): read from JSON (the console turns YAML into it).
