//! `wardcast run --demo`: the sample recording shipped in the audio folder, aired a few
//! seconds after start-up so the officer hears that the sound card works.

use std::time::Duration;

use crate::config::Config;

use super::airing::{AiringJob, Studio};
use super::files::chosen_file;
use super::{Shutdown, StationError};

/// How long after start-up the `--demo` airing goes out.
pub const DEMO_DELAY: Duration = Duration::from_secs(5);

/// The sample recording shipped in the audio folder, aired by `--demo`.
pub const DEMO_FILE: &str = "wardcast-demo.mp3";

/// Airs the demo recording, logged as a demo airing.
pub async fn air_demo(
    config: &Config,
    studio: &Studio<'_>,
    shutdown: &mut Shutdown,
) -> Result<(), StationError> {
    let path = config.audio_dir.join(DEMO_FILE);
    let chosen = chosen_file(&path, config.station.lang)
        .map_err(|_| StationError::DemoMissing(path.clone()))?;
    let start_at = studio.now() + chrono::Duration::from_std(DEMO_DELAY).unwrap_or_default();
    tracing::info!(file = %path.display(), at = %start_at, "demo airing");
    studio
        .carry_out(&AiringJob::demo(chosen, start_at), shutdown)
        .await?;
    Ok(())
}
