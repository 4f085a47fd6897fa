//! Queries. Every answer carries the facts, with their sources, that support it.

pub mod answers;
pub mod connection;
pub mod editions;
pub mod ego;
pub mod evidence;
pub mod lookup;
pub mod neighbours;
pub mod refs;
pub mod search;
pub mod summary;
pub mod time;
pub mod timeline;
pub mod window;
