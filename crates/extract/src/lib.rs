//! Raw documents (plain text, Markdown, HTML, JSON article objects) to Articles with metadata.
