//! Any text as an amount, a currency and a recurrence: never a panic; what parses prints
//! to text that parses to the same value.
#![no_main]

use factgraph::{Amount, Currency, Recurrence};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(a) = text.parse::<Amount>() {
        assert_eq!(a.to_string().parse::<Amount>(), Ok(a), "{text:?}");
        let (lo, hi) = a.bounds();
        assert!(lo <= hi);
    }
    if let Ok(c) = text.parse::<Currency>() {
        assert_eq!(c.to_string().parse::<Currency>(), Ok(c));
    }
    if let Ok(r) = text.parse::<Recurrence>() {
        assert_eq!(r.to_string().parse::<Recurrence>(), Ok(r), "{text:?}");
    }
});
