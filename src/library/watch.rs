//! Hears the programme folders change: file system events turned into what the library
//! needs to know. Linux sends close-after-write and moved-in events, which say a copy is
//! complete; elsewhere the library falls back on its stability check.

use std::path::PathBuf;

use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc;

/// What happened to a path in a watched folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FolderEvent {
    /// Its writer closed it, or it was renamed into the folder: complete.
    Closed(PathBuf),
    /// Created or written to: a copy may be under way.
    Changed(PathBuf),
    /// Deleted or renamed away.
    Removed(PathBuf),
    /// Events were lost; the folders must be read again.
    Rescan,
}

/// A running watch; events stop when it is dropped.
pub struct FolderWatch {
    _watcher: RecommendedWatcher,
    pub events: mpsc::UnboundedReceiver<FolderEvent>,
}

/// Starts watching `folders` (not their sub-folders).
pub fn watch(folders: &[PathBuf]) -> Result<FolderWatch, notify::Error> {
    let (sender, events) = mpsc::unbounded_channel();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        let translated = match result {
            Ok(event) => translate(&event),
            Err(_) => vec![FolderEvent::Rescan],
        };
        for event in translated {
            let _ = sender.send(event);
        }
    })?;
    for folder in folders {
        watcher.watch(folder, RecursiveMode::NonRecursive)?;
    }
    Ok(FolderWatch {
        _watcher: watcher,
        events,
    })
}

fn translate(event: &notify::Event) -> Vec<FolderEvent> {
    if event.need_rescan() {
        return vec![FolderEvent::Rescan];
    }
    let each = |make: fn(PathBuf) -> FolderEvent| event.paths.iter().cloned().map(make).collect();
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write))
        | EventKind::Modify(ModifyKind::Name(RenameMode::To)) => each(FolderEvent::Closed),
        EventKind::Modify(ModifyKind::Name(RenameMode::From)) | EventKind::Remove(_) => {
            each(FolderEvent::Removed)
        }
        // The two halves of a rename arrive on their own as well.
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => Vec::new(),
        EventKind::Create(_) | EventKind::Modify(_) => each(FolderEvent::Changed),
        EventKind::Access(_) => Vec::new(),
        EventKind::Any | EventKind::Other => vec![FolderEvent::Rescan],
    }
}
