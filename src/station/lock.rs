//! The data folder held by one wardcast at a time (the daemon, or a sound check): two would
//! fight over the sound card and close each other's airings.

use crate::config::Config;

use super::StationError;

/// Holds the data folder for this process alone while the returned file is open.
pub fn lock_data_folder(config: &Config) -> Result<std::fs::File, StationError> {
    let path = config.data_dir.join("wardcast.lock");
    let failed = |detail: String| StationError::Lock {
        path: path.clone(),
        detail,
    };
    std::fs::create_dir_all(&config.data_dir).map_err(|source| failed(source.to_string()))?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| failed(source.to_string()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => {
            Err(StationError::AlreadyRunning(config.data_dir.clone()))
        }
        Err(std::fs::TryLockError::Error(error)) => Err(failed(error.to_string())),
    }
}
