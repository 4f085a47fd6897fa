//! A corpus of reports: content identity of facts, entity resolution, merging with
//! corroboration, and conflicts between reports.

pub(crate) mod blocking;
pub(crate) mod conflicts;
pub(crate) mod identity;
pub mod resolve;
pub(crate) mod support;

pub use conflicts::{Conflict, ConflictKind};
pub use resolve::{MAX_FUZZY_WORD, name_similarity, transliterate};
pub use support::Support;
pub(crate) mod merge;
pub use merge::{
    AttributeDifference, EntityDecision, MAX_NEAR, MergeError, MergePolicy, MergeReport, NearMatch,
    NewConflict,
};
pub(crate) mod load;
pub use load::{FileFormat, LoadError, report_files};
