//! `kubectl apply -f PATH` on a terminal reads the real file system.

use std::fs;
use std::io::{self, Read};

use kubelab_console::{FileEntry, Files};

/// Largest manifest file kubelab reads (1 MiB); larger files are refused.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The host's file system. Relative paths are resolved against the current working directory
/// (the operating system does that), exactly as typed.
pub struct HostFiles;

impl Files for HostFiles {
    fn read(&self, path: &str) -> Result<FileEntry, String> {
        if path.is_empty() {
            return Err("the path \"\" does not exist".to_string());
        }
        let metadata = fs::metadata(path).map_err(|error| describe(path, &error))?;
        if metadata.is_dir() {
            let mut names = Vec::new();
            for entry in fs::read_dir(path).map_err(|error| describe(path, &error))? {
                let entry = entry.map_err(|error| describe(path, &error))?;
                names.push(entry.file_name().to_string_lossy().into_owned());
            }
            names.sort();
            return Ok(FileEntry::Dir(names));
        }
        if !metadata.is_file() {
            return Err(format!("the path \"{path}\" is not a regular file or directory"));
        }
        if metadata.len() > MAX_FILE_BYTES {
            return Err(too_large(path, metadata.len()));
        }
        // Read at most one byte past the limit, in case the file grew since `metadata`.
        let mut bytes = Vec::new();
        fs::File::open(path)
            .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|error| describe(path, &error))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large(path, bytes.len() as u64));
        }
        Ok(FileEntry::File(String::from_utf8_lossy(&bytes).into_owned()))
    }
}

fn too_large(path: &str, len: u64) -> String {
    format!("the file \"{path}\" is too large ({len} bytes); kubelab reads files up to 1 MiB")
}

/// kubectl's wording where it has one (`the path "x" does not exist`), Go's `open x: ...` otherwise.
fn describe(path: &str, error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => format!("the path \"{path}\" does not exist"),
        io::ErrorKind::PermissionDenied => format!("open {path}: permission denied"),
        _ => format!("open {path}: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("kubelab-host-files-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create scratch dir");
        dir
    }

    fn read(path: &std::path::Path) -> Result<FileEntry, String> {
        HostFiles.read(path.to_str().expect("utf-8 temp path"))
    }

    #[test]
    fn reads_files_and_lists_directories_sorted() {
        let dir = scratch_dir("list");
        fs::write(dir.join("b.yaml"), "kind: Pod\n").unwrap();
        fs::write(dir.join("a.yaml"), "kind: Service\n").unwrap();
        fs::create_dir(dir.join("sub")).unwrap();
        match read(&dir) {
            Ok(FileEntry::Dir(names)) => assert_eq!(names, ["a.yaml", "b.yaml", "sub"]),
            _ => panic!("expected a directory listing"),
        }
        match read(&dir.join("b.yaml")) {
            Ok(FileEntry::File(text)) => assert_eq!(text, "kind: Pod\n"),
            _ => panic!("expected file contents"),
        }
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn missing_path_reads_like_kubectl() {
        let error = HostFiles.read("no/such/manifest.yaml").err().expect("missing file is an error");
        assert_eq!(error, "the path \"no/such/manifest.yaml\" does not exist");
        assert!(HostFiles.read("").is_err());
    }

    #[test]
    fn files_over_one_mebibyte_are_refused() {
        let dir = scratch_dir("large");
        let big = dir.join("big.yaml");
        fs::write(&big, vec![b'#'; MAX_FILE_BYTES as usize + 1]).unwrap();
        let error = read(&big).err().expect("too large");
        assert!(error.contains("too large"), "{error}");
        fs::write(&big, vec![b'#'; MAX_FILE_BYTES as usize]).unwrap();
        assert!(matches!(read(&big), Ok(FileEntry::File(_))));
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn non_utf8_contents_are_converted_lossily() {
        let dir = scratch_dir("lossy");
        fs::write(dir.join("x.yaml"), [b'a', 0xff, b'b']).unwrap();
        match read(&dir.join("x.yaml")) {
            Ok(FileEntry::File(text)) => assert_eq!(text, "a\u{fffd}b"),
            _ => panic!("expected file contents"),
        }
        let _ = fs::remove_dir_all(&dir);
    }
}
