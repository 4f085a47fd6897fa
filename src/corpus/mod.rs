//! A corpus of reports: content identity of facts, entity resolution, merging with
//! corroboration, and conflicts between reports.

pub(crate) mod blocking;
pub(crate) mod conflicts;
pub(crate) mod identity;
pub(crate) mod quantities;
pub mod resolve;
pub(crate) mod support;

pub use conflicts::{Conflict, ConflictKind, SAME_EVENT_DAYS, fold_title};
pub use quantities::QuantityConflict;
pub use resolve::{MAX_FUZZY_WORD, name_similarity, transliterate};
pub use support::Support;
pub(crate) mod merge;
pub use merge::{
    AttributeDifference, CandidateCounts, EntityDecision, FactChange, FactChangeKind,
    MAX_CONFLICT_CHECKS, MAX_LISTED_CONFLICTS, MAX_NEAR, MergeError, MergePolicy, MergeReport,
    NearMatch, NewConflict, Rename, RenameReason, SIC,
};
pub(crate) mod load;
pub use load::{FileFormat, LoadError, read_json_file, report_files};
