//! The console's users: who may sign in, as what, with which password (kept only as an
//! Argon2 hash), in one file of the data folder that `wardcast user` writes.

use serde::{Deserialize, Serialize};

/// What a user may do in the console.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything: upload, withdraw, announce, and all a viewer does.
    #[default]
    Officer,
    /// Read every page and download reports; change nothing.
    Viewer,
}
