//! Groups articles into stories and links near-copies (syndicated wire copy).
