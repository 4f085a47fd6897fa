//! Any text as an EDTF date: never a panic; what parses prints back to text that parses
//! to the same date (print is a normal form) and orders consistently with equality.
#![no_main]

use factgraph::FactDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(date) = text.parse::<FactDate>() {
        let printed = date.to_string();
        let again: FactDate = match printed.parse() {
            Ok(d) => d,
            Err(e) => panic!("{printed:?} (from {text:?}) does not parse: {e}"),
        };
        assert_eq!(again, date, "{text:?} -> {printed:?}");
        assert_eq!(again.cmp(&date), std::cmp::Ordering::Equal);
        let _ = date.compatible(&again);
    }
});
