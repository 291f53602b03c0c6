//! The `pod-template-hash`: how Kubernetes names ReplicaSets after their pod template.
//!
//! Kubernetes hashes the template with FNV-32a (over a Go-specific dump of the struct), prints
//! the `u32` in decimal and maps each digit through `SafeEncodeString`. We hash the template's
//! canonical JSON instead (so our hashes differ from a real cluster's for the same template), but
//! keep every property a student can observe: same template, same hash; only the ten characters
//! `4 5 6 7 8 9 b c d f`; usually ten characters long, sometimes fewer.

use crate::api::PodTemplateSpec;

/// FNV-1a, 32 bits (what Kubernetes hashes pod templates with).
pub fn fnv32a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= *b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// FNV-64a, for derived names that must not draw from the random streams.
pub fn fnv64(s: &str) -> u64 {
    let mut h = Fnv64::new();
    h.write(s.as_bytes());
    h.value()
}

/// FNV-1a, 64 bits: every 64-bit hash of the project (derived names, the event index, digests
/// of sessions, snapshots and exercises) is this one.
#[derive(Clone, Copy, Debug)]
pub struct Fnv64(u64);

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

impl Default for Fnv64 {
    fn default() -> Fnv64 {
        Fnv64::new()
    }
}

impl Fnv64 {
    pub fn new() -> Fnv64 {
        Fnv64(FNV_OFFSET)
    }

    /// Hashes `bytes` in (a stream: two writes are one of both).
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
    }

    /// Hashes `bytes` in after their length (8 bytes, little-endian), so that the fields
    /// ("ab", "c") and ("a", "bc") differ.
    pub fn write_prefixed(&mut self, bytes: &[u8]) {
        self.write(&(bytes.len() as u64).to_le_bytes());
        self.write(bytes);
    }

    /// Hashes `s` in followed by `0xff`, a byte no string has (another way to keep fields apart).
    pub fn write_field(&mut self, s: &str) {
        self.write(s.as_bytes());
        self.write(&[0xff]);
    }

    pub fn value(&self) -> u64 {
        self.0
    }

    /// The value as 16 hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// `len` hex digits that stand for a machine's identifiers or an image's digest, derived from
/// `seed`: rounds of FNV-1a over the seed (each byte mixed with the round number), each round
/// giving 16 digits.
pub fn hex_stream(seed: &str, len: usize) -> String {
    let mut h = FNV_OFFSET;
    let mut out = String::new();
    let mut round = 0u64;
    while out.len() < len {
        for b in seed.bytes() {
            h ^= u64::from(b) ^ round;
            h = h.wrapping_mul(FNV_PRIME);
        }
        out.push_str(&format!("{h:016x}"));
        round += 1;
    }
    out.truncate(len);
    out
}

/// Five characters of Kubernetes' random-name alphabet derived from `seed` (where Kubernetes
/// draws them at random, e.g. `kube-api-access-<5>`), so that they shift no other name.
pub fn derived_suffix(seed: &str) -> String {
    let alphabet = crate::rng::NAME_ALPHABET;
    let h = fnv64(seed);
    (0..5).map(|i| alphabet[((h >> (i * 12)) % alphabet.len() as u64) as usize] as char).collect()
}

/// `SafeEncodeString`: each character maps to `alphabet[c mod 27]`.
fn safe_encode(s: &str) -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    s.bytes().map(|b| ALPHABET[(b as usize) % ALPHABET.len()] as char).collect()
}

/// The hash of a pod template (with the `pod-template-hash` label removed first) plus the
/// deployment's collision count.
pub fn pod_template_hash(template: &PodTemplateSpec, collision_count: Option<i64>) -> String {
    let mut t = template.clone();
    t.metadata.labels.remove(crate::api::POD_TEMPLATE_HASH_LABEL);
    let json = serde_json::to_string(&t).unwrap_or_default();
    let mut bytes = json.into_bytes();
    if let Some(c) = collision_count {
        bytes.extend_from_slice(&c.to_le_bytes());
    }
    safe_encode(&fnv32a(&bytes).to_string())
}

/// Whether two templates are equal ignoring the hash label (`EqualIgnoreHash`).
pub fn templates_equal_ignoring_hash(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    let mut a = a.clone();
    let mut b = b.clone();
    a.metadata.labels.remove(crate::api::POD_TEMPLATE_HASH_LABEL);
    b.metadata.labels.remove(crate::api::POD_TEMPLATE_HASH_LABEL);
    a == b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Container, PodTemplateSpec};

    fn template(image: &str) -> PodTemplateSpec {
        let mut t = PodTemplateSpec::default();
        t.metadata.labels.insert("app".into(), "web".into());
        t.spec.containers.push(Container { name: "web".into(), image: image.into(), ..Default::default() });
        t
    }

    #[test]
    fn same_template_same_hash_and_only_the_safe_characters() {
        assert_eq!(pod_template_hash(&template("nginx"), None), pod_template_hash(&template("nginx"), None));
        assert_ne!(pod_template_hash(&template("nginx"), None), pod_template_hash(&template("nginx:1.25"), None));
        for i in 0..200 {
            let h = pod_template_hash(&template(&format!("img{i}")), None);
            assert!(!h.is_empty() && h.len() <= 10);
            assert!(h.chars().all(|c| "456789bcdf".contains(c)), "{h}");
        }
    }

    #[test]
    fn hash_label_is_ignored() {
        let mut t = template("nginx");
        let h = pod_template_hash(&t, None);
        t.metadata.labels.insert(crate::api::POD_TEMPLATE_HASH_LABEL.into(), h.clone());
        assert_eq!(pod_template_hash(&t, None), h);
        assert!(templates_equal_ignoring_hash(&t, &template("nginx")));
    }
}
