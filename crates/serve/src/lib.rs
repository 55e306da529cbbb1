//! HTTP API and web page over compare, render and store.
