//! A fast hasher for maps keyed by a program's own ids (node ids, term ids, keys that are
//! already hashes), shared by the crates that need one so there is one copy.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A fast hasher for a crate's own maps (ids and terms it made itself, LSH band keys that
/// are already hashes, a parsed page's node ids; never keys an adversary picks more than any
/// article's words): one
/// multiply per 8 bytes, like rustc's FxHash. Iteration order of these maps never reaches a
/// result.
#[derive(Debug, Default, Clone, Copy)]
pub struct IdHasher(u64);

const ID_MUL: u64 = 0x517c_c1b7_2722_0a95;

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in chunks.by_ref() {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.write_u64(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.write_u64(u64::from_le_bytes(b) ^ (rest.len() as u64) << 59);
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(ID_MUL);
    }
    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by ids a program made itself (or by keys that are already hashes).
pub type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;
/// A set of such ids.
pub type IdSet<K> = HashSet<K, BuildHasherDefault<IdHasher>>;
