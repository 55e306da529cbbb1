//! One story's analysed articles to a Report: agreement, omissions, conflicts, framing, voices, synthesis.
