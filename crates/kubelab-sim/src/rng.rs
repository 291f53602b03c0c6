//! The cluster's one seeded random number generator.
//!
//! A small PRNG of our own (SplitMix64) so that the stream never changes under us with a crate
//! upgrade and is the same on wasm32 and 64-bit hosts: every draw is a `u64` and every helper
//! takes and returns fixed-width integers, never `usize`.

use serde::{Deserialize, Serialize};

/// Characters Kubernetes uses for generated name suffixes (`apimachinery/pkg/util/rand`):
/// no vowels (so no words) and no confusable characters.
pub const NAME_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimRng {
    state: u64,
}

impl SimRng {
    pub fn new(seed: u64) -> SimRng {
        // Mix the seed once so that seeds 0, 1, 2 ... start far apart.
        let mut rng = SimRng { state: seed ^ 0x6a09_e667_f3bc_c908 };
        rng.next_u64();
        rng
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform draw in `0..n` (0 when `n` is 0), without modulo bias worth caring about here.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// A uniform draw in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below(hi - lo + 1)
    }

    /// `n` characters from Kubernetes' name alphabet, like `generateName` suffixes.
    pub fn name_suffix(&mut self, n: u32) -> String {
        (0..n).map(|_| NAME_ALPHABET[self.below(NAME_ALPHABET.len() as u64) as usize] as char).collect()
    }

    /// A random lowercase hex string of `n` characters (uids, container ids).
    pub fn hex(&mut self, n: u32) -> String {
        const HEX: &[u8] = b"0123456789abcdef";
        (0..n).map(|_| HEX[self.below(16) as usize] as char).collect()
    }
}

/// Independent streams per subsystem, all derived from the cluster's one seed, so that a new
/// random draw in one subsystem (say, uids of a new kind of object) does not change what
/// another draws (pod names, IPs, scheduling ties) and rewrite every recorded transcript.
/// `Cluster::new` hands each stream to its owner: `names`, `ids` and `network` to the store (the
/// API server), the others into the scheduler's, the kubelet's and the traffic model's own state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Streams {
    /// Generated name suffixes (`web-7c5ddbdf54-2xvkl`).
    pub names: SimRng,
    /// uids and container ids.
    pub ids: SimRng,
    /// Service cluster IPs and node ports.
    pub network: SimRng,
    /// Scheduler tie-breaks.
    pub scheduler: SimRng,
    /// Kubelet timing jitter (image pulls).
    pub kubelet: SimRng,
    /// kube-proxy's iptables choices and the API server proxy's pick of an endpoint.
    pub traffic: SimRng,
    /// The cloud provider's machines for the Cluster Autoscaler: node name suffixes and
    /// provisioning jitter.
    pub autoscaler: SimRng,
    /// The Argo CD-like agent's refresh jitter (`controllers::argocd`), taken at its install.
    pub argocd: SimRng,
    /// The CI pipeline runner's job durations (`ci`), taken at its first run.
    pub ci: SimRng,
}

impl Streams {
    pub fn new(seed: u64) -> Streams {
        let stream = |k: u64| SimRng::new(seed ^ k.wrapping_mul(0xd1b5_4a32_d192_ed03));
        Streams {
            names: stream(1),
            ids: stream(2),
            network: stream(3),
            scheduler: stream(4),
            kubelet: stream(5),
            traffic: stream(6),
            autoscaler: stream(7),
            argocd: stream(8),
            ci: stream(9),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_different_seeds_differ() {
        let mut a = SimRng::new(7);
        let mut b = SimRng::new(7);
        let mut c = SimRng::new(8);
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        let zs: Vec<u64> = (0..5).map(|_| c.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, zs);
    }

    #[test]
    fn streams_are_independent_of_each_other() {
        let mut a = Streams::new(1);
        let mut b = Streams::new(1);
        // Drawing from one stream leaves the others where they were.
        for _ in 0..10 {
            a.ids.next_u64();
        }
        assert_eq!(a.names.next_u64(), b.names.next_u64());
        assert_ne!(a.ids.next_u64(), b.ids.next_u64());
        let mut c = Streams::new(2);
        assert_ne!(Streams::new(1).names.next_u64(), c.names.next_u64());
    }

    #[test]
    fn name_suffix_uses_kubernetes_alphabet() {
        let mut rng = SimRng::new(1);
        for _ in 0..100 {
            let s = rng.name_suffix(5);
            assert_eq!(s.len(), 5);
            assert!(s.bytes().all(|b| NAME_ALPHABET.contains(&b)), "{s}");
        }
    }

    #[test]
    fn below_stays_in_range() {
        let mut rng = SimRng::new(3);
        for n in 1..50u64 {
            for _ in 0..20 {
                assert!(rng.below(n) < n);
            }
        }
        assert_eq!(rng.below(0), 0);
    }
}
