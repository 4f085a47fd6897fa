//! Helpers the integration tests share: scratch directories and a checksum of their own.
#![allow(dead_code)] // each test file uses some of them

use std::path::PathBuf;

/// A fresh directory under the target directory for one test of one file.
pub fn scratch(file: &str, name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{file}-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a scratch directory");
    dir
}

/// CRC-32 (IEEE), bit by bit: the tests' own, independent of the crate's.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
