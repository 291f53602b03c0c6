//! What the tests read from bytes: a screenshot's size, a file's gzipped size.

use crate::Result;
use std::io::Write;
use std::process::{Command, Stdio};

/// Width and height from a PNG's IHDR chunk.
pub fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[..8] != b"\x89PNG\r\n\x1a\n" || &png[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(png[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(png[20..24].try_into().ok()?);
    Some((w, h))
}

/// Bytes of `data` compressed with `gzip -9` (the system's gzip).
pub fn gzip_size(data: &[u8]) -> Result<u64> {
    let mut child =
        Command::new("gzip").args(["-9", "-c", "-n"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn()?;
    let mut stdin = child.stdin.take().ok_or("gzip stdin")?;
    let data = data.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let out = child.wait_with_output()?;
    writer.join().map_err(|_| "gzip writer panicked")??;
    ensure!(out.status.success(), "gzip failed");
    Ok(out.stdout.len() as u64)
}
