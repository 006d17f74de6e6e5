//! Decoding the file for the device: converted to its channels and rate, with the first
//! seconds decoded into memory before the device opens.

use std::io::Cursor;
use std::num::NonZero;
use std::path::Path;
use std::time::Duration;

use rodio::conversions::{ChannelCountConverter, SampleRateConverter};
use rodio::cpal;
use rodio::{Decoder, Source};

use super::{PlayerError, Snapshot};

/// How much of the file is decoded before the device opens, so the start never waits on
/// the disk or the decoder.
const HEAD: Duration = Duration::from_secs(3);

/// The file's samples, converted to the device's channels and rate.
pub(super) type Samples = Box<dyn Iterator<Item = f32> + Send>;

/// Opens and decodes the file, converted to the device's channels and rate, with its first
/// seconds already decoded into memory.
pub(super) fn decode_with_head(
    file: &Path,
    snapshot: &Snapshot,
    config: &cpal::StreamConfig,
) -> Result<Samples, PlayerError> {
    let length = snapshot.bytes.as_ref().len() as u64;
    let mut builder = Decoder::builder()
        .with_data(Cursor::new(snapshot.bytes.clone()))
        .with_byte_len(length)
        .with_seekable(true);
    if let Some(extension) = file.extension().and_then(|e| e.to_str()) {
        builder = builder.with_hint(&extension.to_lowercase());
    }
    let decoder = builder.build().map_err(|error| PlayerError::Decode {
        file: file.to_path_buf(),
        detail: error.to_string(),
    })?;
    let channels = NonZero::new(config.channels).ok_or_else(|| PlayerError::Decode {
        file: file.to_path_buf(),
        detail: "the device reports 0 channels".into(),
    })?;
    let rate = NonZero::new(config.sample_rate).ok_or_else(|| PlayerError::Decode {
        file: file.to_path_buf(),
        detail: "the device reports a sample rate of 0".into(),
    })?;
    // Not rodio's UniformSourceIterator: in 0.23 it yields nothing for a decoder whose first
    // span reports zero length, as the mp3 decoder's does.
    let (from_channels, from_rate) = (decoder.channels(), decoder.sample_rate());
    let mut converted = ChannelCountConverter::new(
        SampleRateConverter::new(decoder, from_rate, rate, from_channels),
        from_channels,
        channels,
    );
    let head_samples = (HEAD.as_secs_f64() * f64::from(config.sample_rate)) as usize
        * usize::from(config.channels);
    let head: Vec<f32> = converted.by_ref().take(head_samples).collect();
    if head.is_empty() {
        return Err(PlayerError::Decode {
            file: file.to_path_buf(),
            detail: "no audio could be decoded from it".into(),
        });
    }
    Ok(Box::new(head.into_iter().chain(converted)))
}
