//! Whose voice a label is in: the outlet's own words, or a quoted speaker's.

use parallax_core::Article;

/// A label inside a quotation is the speaker's ("the radical senator" in the mayor's words);
/// the same kind of label in the outlet's narration is the outlet's.
#[test]
fn labels_inside_quotations_belong_to_the_speaker() {
    let text = "Mayor Tom Hale spoke on Monday. \u{201c}The radical senator Ada Vance is wrong,\u{201d} Hale said. Vance, a Democrat, declined to comment.";
    let an = parallax_analyze::analyze(&Article::from_text("a", text));
    let label = |words: &str| {
        an.labels
            .iter()
            .find(|l| l.span.slice(text) == Some(words))
            .unwrap_or_else(|| panic!("no label {words:?} in {:#?}", an.labels))
    };
    assert!(label("radical").quoted);
    assert!(label("radical").loaded);
    assert!(!label("a Democrat").quoted);
    assert!(!label("Mayor").quoted);
}
