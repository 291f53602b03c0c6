//! Errors of the simulated API server, shaped like Kubernetes status reasons so the console can
//! print kubectl's wording. Expected cluster problems (no node fits, a bad image) are not errors:
//! they are state and events.

use crate::api::Kind;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// `Error from server (NotFound): deployments.apps "x" not found`
    NotFound { kind: Kind, name: String },
    /// `Error from server (AlreadyExists): ...`
    AlreadyExists { kind: Kind, name: String },
    /// `The Deployment "x" is invalid: <causes joined by ", ">`; each cause is a full
    /// `field: Invalid value: ...` sentence.
    Invalid { kind: Kind, name: String, causes: Vec<String> },
    /// `Error from server (NotFound): namespaces "x" not found`
    NamespaceNotFound { namespace: String },
    /// `Error from server (Forbidden): ...` (e.g. creating in a terminating namespace).
    Forbidden { message: String },
    /// `Error from server (BadRequest): ...`
    BadRequest { message: String },
    /// `Error from server (Conflict): ...`
    Conflict { message: String },
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::NotFound { kind, name } => write!(f, "{} \"{name}\" not found", kind.plural()),
            ApiError::AlreadyExists { kind, name } => write!(f, "{} \"{name}\" already exists", kind.plural()),
            ApiError::Invalid { kind, name, causes } => {
                write!(f, "The {} \"{name}\" is invalid: {}", kind.name(), causes.join(", "))
            }
            ApiError::NamespaceNotFound { namespace } => write!(f, "namespaces \"{namespace}\" not found"),
            ApiError::Forbidden { message } | ApiError::BadRequest { message } | ApiError::Conflict { message } => {
                f.write_str(message)
            }
        }
    }
}

impl std::error::Error for ApiError {}
