//! Compression for snapshots, written for them (no dependency): an LZ77 coder in the style of
//! LZ4's block format (literal runs and back-references of up to 64 KiB, greedy matching through
//! a hash of the next four bytes), and a text form of the bytes that local storage keeps
//! compactly (15 bits per UTF-16 unit, in U+4000..U+BFFF, far from the surrogates).
//!
//! A cluster's JSON repeats itself (the per-second metrics and traffic samples, the objects'
//! field names), so it shrinks several times over; decoding is a copy loop, much faster than
//! parsing the JSON it gives back. Decoding checks every length and offset: damaged input is an
//! error, never a panic.

const MIN_MATCH: usize = 4;
const MAX_OFFSET: usize = 65_535;
const HASH_BITS: u32 = 16;

fn read4(b: &[u8], i: usize) -> u32 {
    match b.get(i..i + 4) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
        _ => 0,
    }
}

fn hash(v: u32) -> usize {
    (v.wrapping_mul(2_654_435_761) >> (32 - HASH_BITS)) as usize
}

/// Appends a length beyond the token's nibble (15): bytes of 255 and a last byte below it.
fn push_len(out: &mut Vec<u8>, mut rest: usize) {
    while rest >= 255 {
        out.push(255);
        rest -= 255;
    }
    out.push(rest as u8);
}

fn push_sequence(out: &mut Vec<u8>, literals: &[u8], m: Option<(usize, usize)>) {
    let lit = literals.len();
    let mlen = m.map_or(0, |(_, len)| len - MIN_MATCH);
    let token = ((lit.min(15) as u8) << 4) | (mlen.min(15) as u8);
    out.push(token);
    if lit >= 15 {
        push_len(out, lit - 15);
    }
    out.extend_from_slice(literals);
    if let Some((offset, _)) = m {
        out.extend_from_slice(&(offset as u16).to_le_bytes());
        if mlen >= 15 {
            push_len(out, mlen - 15);
        }
    }
}

/// `input` compressed.
pub(super) fn compress(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 4 + 16);
    let mut table = vec![usize::MAX; 1 << HASH_BITS];
    let n = input.len();
    let (mut i, mut anchor) = (0, 0);
    while i + MIN_MATCH <= n {
        let v = read4(input, i);
        let h = hash(v);
        let cand = table[h];
        table[h] = i;
        if cand != usize::MAX && i - cand <= MAX_OFFSET && read4(input, cand) == v {
            let mut len = MIN_MATCH;
            while i + len < n && input[cand + len] == input[i + len] {
                len += 1;
            }
            push_sequence(&mut out, &input[anchor..i], Some((i - cand, len)));
            i += len;
            anchor = i;
        } else {
            i += 1;
        }
    }
    push_sequence(&mut out, &input[anchor..], None);
    out
}

fn read_len(input: &[u8], pos: &mut usize, nibble: usize) -> Result<usize, String> {
    let mut len = nibble;
    if nibble == 15 {
        loop {
            let b = *input.get(*pos).ok_or("a length runs past the end")?;
            *pos += 1;
            len = len.checked_add(usize::from(b)).ok_or("a length overflows")?;
            if b != 255 {
                break;
            }
        }
    }
    Ok(len)
}

/// What [`compress`] was given; at most `limit` bytes, or an error.
pub(super) fn decompress(input: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    let mut out: Vec<u8> = Vec::with_capacity((input.len() * 4).min(limit));
    let mut pos = 0;
    while pos < input.len() {
        let token = usize::from(input[pos]);
        pos += 1;
        let lit = read_len(input, &mut pos, token >> 4)?;
        let literals = pos.checked_add(lit).and_then(|end| input.get(pos..end)).ok_or("literals run past the end")?;
        if out.len() + lit > limit {
            return Err("the text is larger than allowed".into());
        }
        out.extend_from_slice(literals);
        pos += lit;
        if pos == input.len() {
            break;
        }
        let offset = match input.get(pos..pos + 2) {
            Some(&[a, b]) => usize::from(u16::from_le_bytes([a, b])),
            _ => return Err("an offset runs past the end".into()),
        };
        pos += 2;
        let len = read_len(input, &mut pos, token & 15)? + MIN_MATCH;
        if offset == 0 || offset > out.len() {
            return Err("a back-reference points outside the text".into());
        }
        if out.len() + len > limit {
            return Err("the text is larger than allowed".into());
        }
        let start = out.len() - offset;
        for k in 0..len {
            let b = out[start + k];
            out.push(b);
        }
    }
    Ok(out)
}

const BASE: u32 = 0x4000;

/// `bytes` as text: their count, `:`, then 15 bits per character.
pub(super) fn to_text(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 3 / 2 + 16);
    s.push_str(&bytes.len().to_string());
    s.push(':');
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 15 {
            bits -= 15;
            s.push(char::from_u32(BASE + ((acc >> bits) & 0x7fff)).unwrap_or('\u{4000}'));
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        s.push(char::from_u32(BASE + ((acc << (15 - bits)) & 0x7fff)).unwrap_or('\u{4000}'));
    }
    s
}

/// The bytes [`to_text`] wrote, or an error.
pub(super) fn from_text(text: &str) -> Result<Vec<u8>, String> {
    let (count, chars) = text.split_once(':').ok_or("no byte count")?;
    let count: usize = count.parse().map_err(|_| "a bad byte count")?;
    if count > chars.len() {
        return Err("fewer characters than bytes".into());
    }
    let mut out = Vec::with_capacity(count);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in chars.chars() {
        let v = u32::from(c).checked_sub(BASE).filter(|v| *v <= 0x7fff).ok_or("a character outside the range")?;
        acc = (acc << 15) | v;
        bits += 15;
        while bits >= 8 {
            bits -= 8;
            if out.len() < count {
                out.push(((acc >> bits) & 0xff) as u8);
            }
        }
        acc &= (1 << bits) - 1;
    }
    if out.len() != count {
        return Err("fewer bytes than counted".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn repetitive_text_shrinks_and_comes_back() {
        let text: String = (0..2000).map(|i| format!("{{\"time\":{},\"requests\":{}}},", i * 1000, i % 3)).collect();
        let packed = compress(text.as_bytes());
        assert!(packed.len() * 4 < text.len(), "{} of {}", packed.len(), text.len());
        assert_eq!(decompress(&packed, usize::MAX).expect("valid"), text.as_bytes());
        assert!(decompress(&packed, 100).is_err(), "the limit holds");
        assert_eq!(from_text(&to_text(&packed)).expect("valid"), packed);
    }

    #[test]
    fn damaged_input_is_an_error() {
        for bad in [&[0x0f_u8, 1, 0][..], &[0xf0, 255], &[0x10], &[0x00, 5, 0], &[0x10, b'a', 2, 0]] {
            assert!(decompress(bad, 1000).is_err(), "{bad:?}");
        }
        for bad in ["", "3", "x:", "2:\u{4000}", "1:a", "99999999999999999999:"] {
            assert!(from_text(bad).is_err(), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn round_trips(data in prop::collection::vec(prop_oneof![Just(b'a'), Just(b'b'), any::<u8>()], 0..3000)) {
            let packed = compress(&data);
            prop_assert_eq!(decompress(&packed, data.len()).expect("valid"), data.clone());
            prop_assert_eq!(from_text(&to_text(&packed)).expect("valid"), packed);
        }

        #[test]
        fn garbage_never_panics(data in prop::collection::vec(any::<u8>(), 0..200)) {
            let _ = decompress(&data, 10_000);
            let _ = from_text(&String::from_utf8_lossy(&data));
        }
    }
}
