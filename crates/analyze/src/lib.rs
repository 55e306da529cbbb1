//! One article's text to annotation layers: sentences, entities, labels, quotes, times, quantities, loaded words, claims.
