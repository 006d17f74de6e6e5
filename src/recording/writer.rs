//! The recorder: a `ReceiveSink` that writes what a reception hands it. A stream's coded
//! bytes are kept exactly as they came (`.mp3`, `.aac`); a capture device's sound is
//! encoded to FLAC as it comes. It notes the gaps, counts bytes and seconds, and on
//! `finish` puts the file in the programme folder, or says why not.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::file::PartFile;
use super::flac::FlacEncoder;
use super::gaps::Timeline;
use super::{Finished, RecordError};
use crate::messages::receive::ReceiveProblem;
use crate::messages::recording::{IoCause, RecordingProblem};
use crate::receive::{Codec, ReceiveSink, StreamInfo};
use crate::sound::GapCause;

/// What the file is being written as, once the source has said.
enum Format {
    /// Not connected yet.
    Unknown,
    /// Uncoded sound whose rate and channels come with its first samples.
    PendingPcm,
    /// Coded bytes kept as received.
    Coded(Codec),
    Flac {
        encoder: Box<FlacEncoder>,
        rate: u32,
        channels: u16,
    },
}

/// A recording being made. Hand it to a reception as its sink (or to a `Tee` beside a
/// relay), then `finish` it.
pub struct Recorder {
    folder: PathBuf,
    stem: String,
    file: PartFile,
    format: Format,
    started: Instant,
    timeline: Timeline,
    /// Sound written, in frames per second of its rate.
    seconds: f64,
    /// Whether any sound reached the file.
    has_sound: bool,
    /// The first write that failed: nothing is written after it.
    failure: Option<IoCause>,
    /// The last thing the source did wrong, for a recording that got nothing.
    last_problem: Option<ReceiveProblem>,
    /// The source is connected in another coding than the file's: what it sends is left
    /// out.
    refusing: bool,
}

impl Recorder {
    /// Starts a recording that will be put in `folder` as `stem` plus the extension of
    /// what the source sends; written meanwhile in `data_dir/receiving/`. Fails at once
    /// when that folder cannot be written.
    pub fn create(data_dir: &Path, folder: &Path, stem: &str) -> Result<Recorder, RecordError> {
        let file = PartFile::create(data_dir, stem).map_err(|error| {
            RecordError(RecordingProblem::CannotStart {
                folder: data_dir.join(super::RECEIVING),
                reason: IoCause::from(&error),
            })
        })?;
        Ok(Recorder {
            folder: folder.to_path_buf(),
            stem: stem.to_string(),
            file,
            format: Format::Unknown,
            started: Instant::now(),
            timeline: Timeline::default(),
            seconds: 0.0,
            has_sound: false,
            failure: None,
            last_problem: None,
            refusing: false,
        })
    }

    /// Where the recording is being written.
    pub fn path(&self) -> &Path {
        self.file.path()
    }

    /// The write that failed, if one did: the recording goes on receiving but writes
    /// nothing more, and `finish` sets aside what it has.
    pub fn failure(&self) -> Option<&IoCause> {
        self.failure.as_ref()
    }

    fn since_start(&self) -> Duration {
        self.started.elapsed()
    }

    /// Keeps the first write that failed; nothing is written after it.
    fn record(&mut self, result: io::Result<()>) {
        if let Err(error) = result {
            tracing::warn!(file = %self.file.path().display(), %error,
                "a recording cannot be written");
            self.failure.get_or_insert_with(|| IoCause::from(&error));
        }
    }

    fn start_flac(&mut self, rate: u32, channels: u16) {
        if self.failure.is_some() {
            return;
        }
        match FlacEncoder::start(rate, channels, &mut self.file) {
            Ok(encoder) => {
                self.format = Format::Flac {
                    encoder: Box::new(encoder),
                    rate,
                    channels,
                }
            }
            Err(error) => self.record(Err(error)),
        }
    }

    fn write_sound(&mut self, samples: &[f32], rate: u32, channels: u16) {
        let seconds = samples.len() as f64 / f64::from(channels.max(1)) / f64::from(rate.max(1));
        match &mut self.format {
            Format::Coded(_) => self.seconds += seconds,
            Format::Flac {
                encoder,
                rate: file_rate,
                channels: file_channels,
            } if (*file_rate, *file_channels) == (rate, channels) => {
                if self.failure.is_none() && !samples.is_empty() {
                    let result = encoder.push(samples, &mut self.file);
                    let written = result.is_ok();
                    self.record(result);
                    if written {
                        self.seconds += seconds;
                        self.has_sound = true;
                    }
                }
            }
            Format::Flac { .. } => {
                tracing::warn!(
                    rate,
                    channels,
                    "sound in another shape than the recording's is left out"
                );
            }
            Format::Unknown | Format::PendingPcm => {}
        }
    }

    /// Ends the recording: writes what is left, puts the file on the disk and moves it into
    /// the programme folder. A recording that got nothing leaves no file; one whose writing
    /// failed is kept aside in `receiving/`, never in the folder.
    pub fn finish(mut self) -> Result<Finished, RecordError> {
        let end = self.since_start();
        if let (Format::Flac { encoder, .. }, None) = (&mut self.format, &self.failure) {
            let result = encoder.finish(&mut self.file);
            self.record(result);
        }
        let gaps = std::mem::take(&mut self.timeline).close(end);
        let extension = self.extension();
        if let Some(reason) = self.failure.take() {
            let kept = self.file.set_aside(extension);
            return Err(RecordError(RecordingProblem::WriteFailed { kept, reason }));
        }
        if !self.has_sound {
            self.file.discard();
            return Err(RecordError(RecordingProblem::NothingReceived {
                why: self.last_problem,
            }));
        }
        if let Err(error) = self.file.seal() {
            let kept = self.file.set_aside(extension);
            let reason = IoCause::from(&error);
            return Err(RecordError(RecordingProblem::WriteFailed { kept, reason }));
        }
        let (bytes, sha256, codec) = (self.file.bytes(), self.file.sha256(), self.codec_expected());
        match self.file.place(&self.folder, &self.stem, extension) {
            Ok(path) => Ok(Finished {
                path,
                sha256,
                bytes,
                seconds: self.seconds,
                gaps,
                codec,
            }),
            Err(error) => Err(RecordError(RecordingProblem::CannotPlace {
                folder: self.folder,
                kept: self.file.set_aside(extension),
                reason: IoCause::from(&error),
            })),
        }
    }

    /// The coding of the file: what the source sent first.
    fn codec_expected(&self) -> Codec {
        match self.format {
            Format::Coded(codec) => codec,
            _ => Codec::Pcm,
        }
    }

    fn extension(&self) -> &'static str {
        self.codec_expected().extension()
    }
}

impl ReceiveSink for Recorder {
    fn connected(&mut self, info: &StreamInfo) {
        let at = self.since_start();
        if matches!(self.format, Format::Unknown) {
            self.format = match info.codec {
                Codec::Pcm => Format::PendingPcm,
                codec => Format::Coded(codec),
            };
        }
        // A source that comes back in another coding cannot go on in the same file: the
        // time until it comes back as before is a gap.
        self.refusing = info.codec != self.codec_expected();
        if self.refusing {
            tracing::warn!(codec = ?info.codec, "the source came back in another coding; left out");
            self.timeline.lost(at, GapCause::Reconnect);
            return;
        }
        self.timeline.resumed(at);
        if let (Format::PendingPcm, Some(rate), Some(channels)) =
            (&self.format, info.sample_rate, info.channels)
        {
            self.start_flac(rate, channels);
        }
    }

    fn bytes(&mut self, data: &[u8]) {
        if self.refusing || data.is_empty() || !matches!(self.format, Format::Coded(_)) {
            return;
        }
        self.timeline.resumed(self.since_start());
        if self.failure.is_none() {
            let result = self.file.write_all(data);
            self.has_sound |= result.is_ok();
            self.record(result);
        }
    }

    fn sound(&mut self, samples: &[f32], rate: u32, channels: u16) {
        if self.refusing || samples.is_empty() {
            return;
        }
        self.timeline.resumed(self.since_start());
        if matches!(self.format, Format::PendingPcm) {
            self.start_flac(rate, channels);
        }
        self.write_sound(samples, rate, channels);
    }

    fn lost(&mut self, cause: GapCause, problem: &ReceiveProblem) {
        self.timeline.lost(self.since_start(), cause);
        self.last_problem = Some(problem.clone());
    }
}
