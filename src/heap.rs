//! Heap bytes of std containers, as the graph's memory report counts them: the lowest
//! layer, so that the model's types and the store's columns count themselves the same way.

use std::collections::HashMap;
use std::mem::size_of;

/// Heap bytes of a vector's buffer.
pub(crate) fn vec_bytes<T>(v: &Vec<T>) -> usize {
    v.capacity() * size_of::<T>()
}

/// Heap bytes of a std (hashbrown) map's table: buckets of `(K, V)` and a control byte
/// each, for the power of two of buckets its capacity needs.
pub(crate) fn map_bytes<K, V, S>(m: &HashMap<K, V, S>) -> usize {
    let cap = m.capacity();
    if cap == 0 {
        return 0;
    }
    let buckets = if cap < 8 {
        (cap + 1).next_power_of_two()
    } else {
        (cap * 8 / 7).next_power_of_two()
    };
    buckets * (size_of::<(K, V)>() + 1) + 16
}

/// Heap bytes of a string.
pub(crate) fn string_bytes(s: &str) -> usize {
    s.len()
}
