//! The typed data model: entity kinds, relations and their schema, dates, modality,
//! evidence, entities and facts.

pub mod attributes;
pub mod attribution;
pub mod date;
pub mod entity;
pub mod fact;
pub mod ids;
pub mod kind;
pub mod modality;
pub mod relation;
pub mod report;
#[cfg(feature = "serde")]
pub mod serde_impl;
