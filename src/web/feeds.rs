//! The live updates' feeds, as the console keeps them: for each page kind that has live
//! parts, the last fresh HTML of those parts (`live` renders them and sends them on).

use std::sync::Arc;

use tokio::sync::watch;

use crate::messages::web::Nav;

/// Fresh HTML for some live parts of a page, by name.
#[derive(Debug, Clone, Default)]
pub struct Update {
    pub parts: Vec<(&'static str, String)>,
}

/// The feeds of the pages that have live parts.
pub struct Feeds {
    pub overview: watch::Receiver<Arc<Update>>,
    pub library: watch::Receiver<Arc<Update>>,
}

impl Feeds {
    /// The feed of `page`, when it has live parts.
    pub fn of(&self, page: Nav) -> Option<watch::Receiver<Arc<Update>>> {
        match page {
            Nav::Overview => Some(self.overview.clone()),
            Nav::Library => Some(self.library.clone()),
            _ => None,
        }
    }
}
