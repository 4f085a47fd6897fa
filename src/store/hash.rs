//! The hasher for maps keyed by the crate's own dense ids.
//!
//! std's SipHash resists collision attacks, which matters for keys that come from outside
//! (names, entity keys: those maps keep SipHash). Ids are issued by the graph itself, so a
//! fast non-cryptographic hash is safe there and several times faster. We use foldhash
//! (already in the dependency tree through petgraph's hashbrown) with a fixed seed, so
//! that a map's behaviour does not change from one run to the next.

use std::collections::HashMap;

/// A `HashMap` keyed by internal ids, hashed with foldhash.
pub(crate) type IdMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
