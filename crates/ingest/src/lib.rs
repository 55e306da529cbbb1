//! Reads inputs (files, stdin, URLs) into raw documents; the only crate that opens connections.
