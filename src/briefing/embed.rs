//! Embedding text in the page: JSON inside a `<script type="application/json">` element,
//! and text inside HTML elements and attributes.
//!
//! The page reads its data with `JSON.parse(element.textContent)` and shows every string
//! with `textContent`, never as markup. What is escaped here is what could end the data's
//! element early or change how the file is read before the script runs:
//!
//! - `<`, `>` and `&` become `\u003c`, `\u003e`, `\u0026`: no `</script>`, `<!--` or
//!   `<script` can appear inside the element, whatever the names hold;
//! - U+2028 and U+2029 (line and paragraph separators, which old JavaScript parsers read
//!   as line ends) become `\u2028`, `\u2029`;
//! - the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069)
//!   become `\u…` escapes, so that the page's source, read in an editor or a review, shows
//!   them instead of being reordered by them. `JSON.parse` gives the characters back; the
//!   page then shows them inside isolated elements (`unicode-bidi: isolate`), so a name
//!   cannot reorder the text around it.

/// The bidirectional control characters escaped in the embedded JSON.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// `json` (a serialized JSON text) made safe to place between `<script
/// type="application/json">` and `</script>`; `JSON.parse` of the result gives the same
/// value. Only characters inside JSON strings change (`<`, `>`, `&` and the separators
/// appear nowhere else in JSON), and each becomes the JSON escape of itself.
pub(crate) fn json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if is_bidi_control(c) => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// `text` for an HTML element's content or a quoted attribute value: `&`, `<`, `>`, `"`
/// and `'` as character references, bidirectional controls as numeric references (the
/// page's title, written by Rust, is the only such text).
pub(crate) fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_bidi_control(c) || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("&#x{:x};", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HOSTILE: &str = "</script><script>alert(1)</script><!-- a & b \u{2028}\u{2029} \u{202e}evil\u{202c} \u{2067}x\u{2069} </SCRIPT >";

    #[test]
    fn the_script_element_cannot_be_ended_by_data() {
        let json = serde_json::to_string(&serde_json::json!({ "name": HOSTILE })).unwrap();
        let safe = json_for_script(&json);
        let lower = safe.to_lowercase();
        assert!(!lower.contains("</script"), "{safe}");
        assert!(!lower.contains("<!--"), "{safe}");
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        assert!(!safe.chars().any(|c| c == '\u{2028}' || c == '\u{2029}'));
        assert!(!safe.chars().any(is_bidi_control));
        // The browser's JSON.parse reads the same value back.
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["name"], HOSTILE);
    }

    #[test]
    fn html_text_escapes_markup_and_bidi() {
        let t = html_text(HOSTILE);
        assert!(!t.contains('<') && !t.contains('>') && !t.contains('"'));
        assert!(t.contains("&#x202e;"));
        assert!(!t.chars().any(is_bidi_control));
        assert_eq!(
            html_text("a \"b\" 'c' & d"),
            "a &quot;b&quot; &#39;c&#39; &amp; d"
        );
    }

    proptest! {
        /// Any string, embedded as JSON, reads back unchanged and never holds `<`, `>`,
        /// `&`, the separators or a bidirectional control.
        #[test]
        fn any_string_round_trips_and_stays_inert(s in ".*", t in "[<>&/!\\-a-z\u{2028}\u{2029}\u{202a}-\u{202e}\u{2066}-\u{2069}]{0,40}") {
            let value = serde_json::json!([s, t]);
            let safe = json_for_script(&serde_json::to_string(&value).unwrap());
            prop_assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
            let hidden = |c: char| matches!(c, '\u{2028}' | '\u{2029}') || is_bidi_control(c);
            prop_assert!(!safe.chars().any(hidden), "a separator or bidi control is left");
            let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
            prop_assert_eq!(back, value);
        }
    }
}
