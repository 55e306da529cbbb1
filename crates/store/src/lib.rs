//! Stores articles and reports: SQLite (bundled) by default, the same schema on PostgreSQL.
