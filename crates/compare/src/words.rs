//! Word-level likeness of two stretches of text, for quotations: the same words quoted by two
//! sources, a partial quote inside a fuller one, a statement given to two speakers.

/// Sorted distinct lower-case words of a text.
pub fn word_set(s: &str) -> Vec<String> {
    let mut v = words(s);
    v.sort();
    v.dedup();
    v
}

/// Lower-case words of a text, in order.
pub fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Distinct shared words over distinct words of either (`a` and `b` sorted and distinct).
pub fn jaccard(a: &[String], b: &[String]) -> f32 {
    let inter = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f32 / union as f32
    }
}

/// The words of a quotation, in order and as a sorted set, computed once for many
/// comparisons.
#[derive(Debug, Clone)]
pub struct QuoteWords {
    seq: Vec<String>,
    set: Vec<String>,
}

impl QuoteWords {
    /// The words of `text`.
    pub fn new(text: &str) -> QuoteWords {
        let seq = words(text);
        let mut set = seq.clone();
        set.sort();
        set.dedup();
        QuoteWords { seq, set }
    }

    /// True when the two quotations carry the same words: at least half of their distinct
    /// words shared (both of 3 words or more), or the shorter one, of 3 words or more with one
    /// of 5 letters or more, standing word for word inside the longer (a partial quote, "the
    /// best day of my career", of a fuller one, "… it was the best day of my career").
    pub fn same(&self, other: &QuoteWords) -> bool {
        let (a, b) = (&self.seq, &other.seq);
        if a.len() < 3 || b.len() < 3 {
            return false;
        }
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        let contained = short.iter().any(|w| w.chars().count() >= 5)
            && long.windows(short.len()).any(|w| w == short.as_slice());
        contained || jaccard(&self.set, &other.set) >= 0.5
    }
}

/// [`QuoteWords::same`] for two texts.
pub fn same_quote(a: &str, b: &str) -> bool {
    QuoteWords::new(a).same(&QuoteWords::new(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_quotes_inside_fuller_ones_are_the_same_quote() {
        assert!(same_quote(
            "the best day of my career.",
            "Thanks to the crew, it was the best day of my career."
        ));
        assert!(same_quote(
            "The ferry was overloaded",
            "the ferry was clearly overloaded"
        ));
        // Too short, or only small words in common.
        assert!(same_quote(
            "a new phase",
            "We want a new phase in relations"
        ));
        assert!(!same_quote("new phase", "We want a new phase in relations"));
        assert!(!same_quote("of the", "one of the best"));
        assert!(!same_quote(
            "lifetime ban",
            "a lifetime of service to the city"
        ));
    }
}
