//! Diagnostics: messy input is data, not failure.
//!
//! Library stages return a value plus diagnostics; only the binary turns them into exit codes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How serious a diagnostic is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; the input was used.
    Info,
    /// Something was off; the input was used as well as it could be.
    Warning,
    /// The input could not be used; the rest of the batch went on.
    Error,
}

/// A one-line message about one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The input it is about (a path, `-`, a URL), if any.
    pub input: Option<String>,
    /// The one-line reason.
    pub message: String,
}

impl Diagnostic {
    /// An error about `input`.
    pub fn error(input: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            input: Some(input.into()),
            message: message.into(),
        }
    }

    /// A warning about `input`.
    pub fn warning(input: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            input: Some(input.into()),
            message: message.into(),
        }
    }

    /// An informational note about `input`.
    pub fn info(input: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Info,
            input: Some(input.into()),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.severity {
            Severity::Info => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match &self.input {
            Some(input) => write!(f, "{level}: {input}: {}", self.message),
            None => write!(f, "{level}: {}", self.message),
        }
    }
}
