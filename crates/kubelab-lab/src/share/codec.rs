//! The bytes of a share link: a small LZ77 compressor with a preset dictionary, and base64url.
//!
//! # Why not deflate
//! A link carries a replay log of a few hundred bytes to a few kilobytes of JSON. A general
//! purpose crate (`miniz_oxide`: deflate and inflate) would add tens of kilobytes to the web
//! app's `.wasm` for a few percent better ratio; this scheme is a few hundred lines of code and
//! starts with a *preset dictionary* of the words such logs are made of (`{"input":{"at":`,
//! `kubectl get pods`, `deployment`, ...), so even a short log compresses well: the first
//! `kubectl` of a log is already a back-reference.
//!
//! # Format
//! A stream of sequences, each: a token byte (high nibble: the literal count, low nibble: the
//! match length minus [`MIN_MATCH`]; 15 in either means "15 plus a varint that follows"), the
//! literal count's varint extension, the literals, and then — unless the input ends right after
//! the literals — the match offset (a varint, 1 = the byte just before) and the match length's
//! varint extension. Offsets may reach back into the dictionary, which conceptually precedes
//! the data. Varints are LEB128 (7 bits a byte, low first, at most 4 bytes).
//!
//! Decoding refuses, with an error and never a panic, offsets before the dictionary, varints
//! longer than 4 bytes, truncated streams and output beyond a caller's limit (a zip bomb).

/// Shortest match encoded as a back-reference.
const MIN_MATCH: usize = 4;
/// How far back a match may reach (dictionary included).
const WINDOW: usize = 1 << 16;
/// Candidates looked at per position (hash chain depth).
const CHAIN: usize = 32;
const HASH_BITS: u32 = 12;

/// What replay logs and exported sessions are made of, most common last (closest to the data,
/// so the shortest offsets).
pub const DICTIONARY: &[u8] = br#"NodePort --type=ClusterIP --port=80 --target-port=8080 --replicas=3 --image=nginx:1.25 karthequian/helloworld:black busybox:1.36 -o wide -o yaml -n kube-system --all-namespaces describe pod svc/ deploy/ deployment.apps/ rollout status rollout undo rollout history set image scale expose autoscale --min=1 --max=5 --cpu-percent=50 delete logs exec -it -- sh nslookup wget -qO- http://curl apply -f create -f .yaml get nodes get rs get deployments get svc get pods get all kubectl ","contents":"apiVersion: apps/v1
kind: Deployment
metadata:
  name: spec:
  replicas: selector:
    matchLabels:
      app: template:
    metadata:
      labels:
  containers:
      - name: image: ports:
        - containerPort: {"file":{"at":{"visit":{"at":,"url":"{"traffic":{"at":,"change":{"set_client":{"name":"rate":"keep_alive":false}}},{"edit_saved":{"at":,"text":"{"now":,"hints":[0,0,0],"log":[{"input":{"at":,"line":"kubectl get pods"}},{"input":{"at":,"line":"kubectl "#;

fn hash(bytes: &[u8]) -> usize {
    let v = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    (v.wrapping_mul(2_654_435_761) >> (32 - HASH_BITS)) as usize
}

fn put_varint(out: &mut Vec<u8>, mut v: usize) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_token(out: &mut Vec<u8>, literals: &[u8], matched: Option<(usize, usize)>) {
    let lit = literals.len();
    let mlen = matched.map_or(0, |(_, len)| len - MIN_MATCH);
    out.push(((lit.min(15) as u8) << 4) | mlen.min(15) as u8);
    if lit >= 15 {
        put_varint(out, lit - 15);
    }
    out.extend_from_slice(literals);
    if let Some((offset, _)) = matched {
        put_varint(out, offset);
        if mlen >= 15 {
            put_varint(out, mlen - 15);
        }
    }
}

/// Compresses `data` (any bytes) against [`DICTIONARY`].
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut buf = Vec::with_capacity(DICTIONARY.len() + data.len());
    buf.extend_from_slice(DICTIONARY);
    buf.extend_from_slice(data);
    let start = DICTIONARY.len();
    let mut head = vec![usize::MAX; 1 << HASH_BITS];
    let mut prev = vec![usize::MAX; buf.len()];
    let insert = |head: &mut Vec<usize>, prev: &mut Vec<usize>, i: usize| {
        if i + MIN_MATCH <= buf.len() {
            let h = hash(&buf[i..]);
            prev[i] = head[h];
            head[h] = i;
        }
    };
    for i in 0..start {
        insert(&mut head, &mut prev, i);
    }
    let mut out = Vec::new();
    let mut literal_start = start;
    let mut i = start;
    while i + MIN_MATCH <= buf.len() {
        let mut best = (0usize, 0usize);
        let mut candidate = head[hash(&buf[i..])];
        for _ in 0..CHAIN {
            if candidate == usize::MAX || i - candidate > WINDOW {
                break;
            }
            let len = buf[candidate..].iter().zip(&buf[i..]).take_while(|(a, b)| a == b).count();
            if len > best.1 {
                best = (i - candidate, len);
            }
            candidate = prev[candidate];
        }
        if best.1 >= MIN_MATCH {
            put_token(&mut out, &buf[literal_start..i], Some(best));
            for j in i..i + best.1 {
                insert(&mut head, &mut prev, j);
            }
            i += best.1;
            literal_start = i;
        } else {
            insert(&mut head, &mut prev, i);
            i += 1;
        }
    }
    put_token(&mut out, &buf[literal_start..], None);
    out
}

/// Why compressed bytes could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    Truncated,
    BadOffset,
    TooLarge(usize),
    BadVarint,
    BadBase64,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Truncated => f.write_str("the compressed data ends early"),
            DecodeError::BadOffset => f.write_str("the compressed data refers to bytes before its start"),
            DecodeError::TooLarge(limit) => write!(f, "the data would be larger than {limit} bytes"),
            DecodeError::BadVarint => f.write_str("the compressed data holds an oversized number"),
            DecodeError::BadBase64 => f.write_str("not base64url (letters, digits, '-' and '_')"),
        }
    }
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, DecodeError> {
        let b = *self.data.get(self.pos).ok_or(DecodeError::Truncated)?;
        self.pos += 1;
        Ok(b)
    }
    fn varint(&mut self) -> Result<usize, DecodeError> {
        let mut v = 0usize;
        for shift in 0..4 {
            let b = self.byte()?;
            v |= usize::from(b & 0x7f) << (7 * shift);
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(DecodeError::BadVarint)
    }
    fn extended(&mut self, nibble: u8) -> Result<usize, DecodeError> {
        if nibble == 15 {
            Ok(15 + self.varint()?)
        } else {
            Ok(usize::from(nibble))
        }
    }
}

/// Decompresses what [`compress`] wrote; at most `limit` bytes of output.
pub fn decompress(data: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity(DICTIONARY.len() + data.len().saturating_mul(3).min(limit));
    out.extend_from_slice(DICTIONARY);
    let start = DICTIONARY.len();
    let mut r = Reader { data, pos: 0 };
    loop {
        let token = r.byte()?;
        let lit = r.extended(token >> 4)?;
        let end = r.pos.checked_add(lit).ok_or(DecodeError::Truncated)?;
        let literals = data.get(r.pos..end).ok_or(DecodeError::Truncated)?;
        if out.len() - start + lit > limit {
            return Err(DecodeError::TooLarge(limit));
        }
        out.extend_from_slice(literals);
        r.pos = end;
        if r.pos == data.len() {
            if token & 0x0f != 0 {
                return Err(DecodeError::Truncated);
            }
            break;
        }
        let offset = r.varint()?;
        let len = r.extended(token & 0x0f)? + MIN_MATCH;
        if offset == 0 || offset > out.len() {
            return Err(DecodeError::BadOffset);
        }
        if out.len() - start + len > limit {
            return Err(DecodeError::TooLarge(limit));
        }
        let from = out.len() - offset;
        // Byte by byte: a match may overlap what it writes (a run).
        for k in 0..len {
            let b = out[from + k];
            out.push(b);
        }
    }
    out.drain(..start);
    Ok(out)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding (RFC 4648 §5).
pub fn base64url(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
        }
    }
    out
}

/// Decodes [`base64url`] (padding `=` tolerated at the end only).
pub fn from_base64url(text: &str) -> Result<Vec<u8>, DecodeError> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c).ok_or(DecodeError::BadBase64)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // A lone trailing character carries less than a byte.
    if text.len() % 4 == 1 {
        return Err(DecodeError::BadBase64);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_texts_runs_and_binary() {
        let cases: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"a".to_vec(),
            b"kubectl get pods".to_vec(),
            vec![b'x'; 10_000],
            (0..=255u8).cycle().take(5000).collect(),
            br#"{"now":90000,"hints":[0],"log":[{"input":{"at":3000,"line":"kubectl get pods"}}]}"#.to_vec(),
        ];
        for data in cases {
            let packed = compress(&data);
            assert_eq!(decompress(&packed, 1 << 20).expect("decodes"), data);
            let text = base64url(&packed);
            assert!(text.bytes().all(|c| ALPHABET.contains(&c)), "{text}");
            assert_eq!(from_base64url(&text).expect("base64"), packed);
        }
    }

    #[test]
    fn the_dictionary_makes_a_short_log_short() {
        let log = br#"{"now":64000,"hints":[0,0,0],"log":[{"input":{"at":12000,"line":"kubectl get pods"}},{"input":{"at":30000,"line":"kubectl scale deployment web --replicas=5"}}]}"#;
        let packed = compress(log);
        assert!(packed.len() * 3 < log.len(), "{} of {}", packed.len(), log.len());
    }

    #[test]
    fn base64url_matches_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64url(plain.as_bytes()), encoded);
            assert_eq!(from_base64url(encoded).expect("decodes"), plain.as_bytes());
        }
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
        assert_eq!(from_base64url("Zm9v+"), Err(DecodeError::BadBase64));
        assert_eq!(from_base64url("Zm9vY"), Err(DecodeError::BadBase64));
    }

    #[test]
    fn corrupt_streams_are_errors_and_bombs_are_bounded() {
        // A tiny stream that asks for a huge run: one literal, then a match of 2^28 bytes.
        let bomb = [0x1f, b'a', 1, 0xff, 0xff, 0xff, 0x7f, 0x00];
        assert_eq!(decompress(&bomb, 1 << 20), Err(DecodeError::TooLarge(1 << 20)));
        assert_eq!(decompress(&[], 10), Err(DecodeError::Truncated));
        assert_eq!(decompress(&[0x50, b'a'], 10), Err(DecodeError::Truncated));
        assert_eq!(decompress(&[0x10, b'a', 0x7f, 0xff], 10), Err(DecodeError::Truncated));
        let far = [0x00, 0xff, 0x7f];
        assert!(matches!(decompress(&far, 10), Err(DecodeError::BadOffset | DecodeError::Truncated)));
        let zero = [0x00, 0x00];
        assert!(decompress(&zero, 10).is_err());
        assert_eq!(decompress(&[0x0f, 1, 0xff, 0xff, 0xff, 0xff, 0x01], 10), Err(DecodeError::BadVarint));
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_round_trip(data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..3000)) {
            let packed = compress(&data);
            proptest::prop_assert_eq!(decompress(&packed, data.len()).expect("decodes"), data.clone());
            if !data.is_empty() {
                proptest::prop_assert_eq!(decompress(&packed, data.len() - 1), Err(DecodeError::TooLarge(data.len() - 1)));
            }
            proptest::prop_assert_eq!(from_base64url(&base64url(&packed)).expect("base64"), packed);
        }

        #[test]
        fn any_stream_decodes_or_is_an_error(data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
            if let Ok(out) = decompress(&data, 1 << 16) {
                proptest::prop_assert!(out.len() <= 1 << 16);
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        // A deterministic byte soup: every prefix of it, decoded.
        let mut x = 0x1234_5678_9abc_def0u64;
        let soup: Vec<u8> = (0..4000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        for end in 0..soup.len() {
            let _ = decompress(&soup[..end], 1 << 16);
        }
        let _ = from_base64url(&String::from_utf8_lossy(&soup));
    }
}
