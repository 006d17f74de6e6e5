//! Line-in sound as FLAC, made a block at a time so a recording of hours holds one block of
//! sound in memory, never the whole (flacenc's own entry point encodes a whole source in
//! memory; its frame encoder is used here instead).
//!
//! The stream header is written first and never rewritten: it leaves the total length, the
//! frame sizes and the MD5 "unknown", as the FLAC format allows for a stream written as it
//! comes. So the file's bytes are final as they are written, its SHA-256 is taken on the
//! way, and a recording cut off by a crash is a valid FLAC file up to its last whole block.
//! The library counts the length itself by reading every frame, as it does for any file.

use std::io::{self, Write};

use flacenc::bitsink::MemSink;
use flacenc::component::{BitRepr, Stream, StreamInfo};
use flacenc::error::{Verified, Verify};
use flacenc::source::{Fill, FrameBuf};

/// Samples per channel in a block: the reference encoder's usual size.
const BLOCK: usize = 4096;

/// Bits per sample kept: a line-in from a radio receiver carries no more.
const BITS: usize = 16;

/// The most channels FLAC holds; a device with more has its first ones kept.
const MOST_CHANNELS: u16 = 8;

/// A FLAC stream being written block by block.
pub(super) struct FlacEncoder {
    config: Verified<flacenc::config::Encoder>,
    info: StreamInfo,
    /// Channels of the sound handed in, and of those kept in the file.
    source_channels: usize,
    channels: usize,
    /// Interleaved samples of the block being filled.
    pending: Vec<i32>,
    framebuf: FrameBuf,
    frame_number: usize,
    sink: MemSink<u8>,
}

fn encoder_error(error: impl std::fmt::Display) -> io::Error {
    io::Error::other(format!("FLAC encoder: {error}"))
}

impl FlacEncoder {
    /// A FLAC stream of `channels` at `rate`, its header written to `out`.
    pub(super) fn start(rate: u32, channels: u16, out: &mut impl Write) -> io::Result<Self> {
        let source_channels = usize::from(channels.max(1));
        let kept = usize::from(channels.clamp(1, MOST_CHANNELS));
        let mut config = flacenc::config::Encoder::default();
        config.block_size = BLOCK;
        config.multithread = false;
        let config = config
            .into_verified()
            .map_err(|(_, error)| encoder_error(error))?;
        let mut info = StreamInfo::new(rate as usize, kept, BITS).map_err(encoder_error)?;
        info.set_block_sizes(BLOCK, BLOCK).map_err(encoder_error)?;
        info.set_frame_sizes(0, 0).map_err(encoder_error)?;
        let mut sink = MemSink::<u8>::new();
        Stream::with_stream_info(info.clone())
            .write(&mut sink)
            .map_err(encoder_error)?;
        out.write_all(sink.as_slice())?;
        Ok(FlacEncoder {
            config,
            info,
            source_channels,
            channels: kept,
            pending: Vec::with_capacity(BLOCK * kept),
            framebuf: FrameBuf::with_size(kept, BLOCK).map_err(encoder_error)?,
            frame_number: 0,
            sink,
        })
    }

    /// Takes interleaved samples (in the channels it was started with) and writes every
    /// block they complete.
    pub(super) fn push(&mut self, samples: &[f32], out: &mut impl Write) -> io::Result<()> {
        for frame in samples.chunks_exact(self.source_channels) {
            self.pending.extend(
                frame[..self.channels]
                    .iter()
                    .map(|sample| to_16_bits(*sample)),
            );
            if self.pending.len() == BLOCK * self.channels {
                self.encode(out)?;
            }
        }
        Ok(())
    }

    /// Writes the last, shorter block.
    pub(super) fn finish(&mut self, out: &mut impl Write) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        self.encode(out)
    }

    fn encode(&mut self, out: &mut impl Write) -> io::Result<()> {
        self.framebuf
            .fill_interleaved(&self.pending)
            .map_err(encoder_error)?;
        let frame = flacenc::encode_fixed_size_frame(
            &self.config,
            &self.framebuf,
            self.frame_number,
            &self.info,
        )
        .map_err(encoder_error)?;
        self.sink.clear();
        frame.write(&mut self.sink).map_err(encoder_error)?;
        out.write_all(self.sink.as_slice())?;
        self.frame_number += 1;
        self.pending.clear();
        Ok(())
    }
}

/// A sample in [-1, 1] as a 16-bit integer; louder is clipped.
fn to_16_bits(sample: f32) -> i32 {
    (sample * 32768.0).round().clamp(-32768.0, 32767.0) as i32
}

#[cfg(test)]
mod tests {
    use super::*;
    use symphonia::core::audio::SampleBuffer;
    use symphonia::core::io::MediaSourceStream;

    /// Decodes a FLAC file's bytes with the decoder the library uses: its rate, channels
    /// and interleaved 16-bit samples.
    fn decode(bytes: Vec<u8>) -> (u32, usize, Vec<i16>) {
        let stream = MediaSourceStream::new(Box::new(io::Cursor::new(bytes)), Default::default());
        let mut hint = symphonia::core::probe::Hint::new();
        hint.with_extension("flac");
        let probed = symphonia::default::get_probe()
            .format(&hint, stream, &Default::default(), &Default::default())
            .expect("a FLAC stream");
        let mut format = probed.format;
        let track = format.default_track().expect("a track").clone();
        let mut decoder = symphonia::default::get_codecs()
            .make(&track.codec_params, &Default::default())
            .expect("a decoder");
        let mut samples = Vec::new();
        let mut shape = (0, 0);
        while let Ok(packet) = format.next_packet() {
            let decoded = decoder.decode(&packet).expect("decodes");
            let spec = *decoded.spec();
            shape = (spec.rate, spec.channels.count());
            let mut buffer = SampleBuffer::<i16>::new(decoded.capacity() as u64, spec);
            buffer.copy_interleaved_ref(decoded);
            samples.extend_from_slice(buffer.samples());
        }
        (shape.0, shape.1, samples)
    }

    fn tone(frames: usize, channels: usize) -> Vec<f32> {
        (0..frames)
            .flat_map(|frame| {
                let t = frame as f32 / 48_000.0;
                let value = (0.5 * (2.0 * std::f32::consts::PI * 1000.0 * t).sin() * 32767.0)
                    .round()
                    / 32768.0;
                std::iter::repeat_n(value, channels)
            })
            .collect()
    }

    #[test]
    fn sound_handed_in_pieces_comes_back_exactly() {
        // Not a whole number of blocks, in pieces of a capture period that do not divide
        // a block.
        let sound = tone(3 * BLOCK + 1000, 2);
        let mut file = Vec::new();
        let mut encoder = FlacEncoder::start(48_000, 2, &mut file).expect("start");
        for piece in sound.chunks(2 * 1000) {
            encoder.push(piece, &mut file).expect("push");
        }
        encoder.finish(&mut file).expect("finish");
        let (rate, channels, samples) = decode(file.clone());
        assert_eq!((rate, channels), (48_000, 2));
        let expected: Vec<i16> = sound.iter().map(|s| to_16_bits(*s) as i16).collect();
        assert_eq!(samples.len(), expected.len());
        assert!(samples == expected, "the decoded sound differs");
        // Compressed: a tone takes less than half of its 16-bit samples' bytes.
        assert!(file.len() < expected.len(), "{} bytes", file.len());
    }

    #[test]
    fn the_header_is_final_from_the_start() {
        let mut header = Vec::new();
        FlacEncoder::start(44_100, 1, &mut header).expect("start");
        assert_eq!(&header[..4], b"fLaC");
        // One STREAMINFO block, the last one: 4 + 4 + 34 bytes.
        assert_eq!(header.len(), 42);
        assert_eq!(header[4], 0x80);
        // Total samples (the low 36 bits of bytes 21..26) and the MD5 are "unknown".
        assert_eq!(header[21] & 0x0F, 0);
        assert!(header[22..26].iter().all(|byte| *byte == 0));
        assert!(header[26..42].iter().all(|byte| *byte == 0));
    }

    #[test]
    fn a_device_with_many_channels_keeps_the_first_eight() {
        let sound = tone(BLOCK, 10);
        let mut file = Vec::new();
        let mut encoder = FlacEncoder::start(48_000, 10, &mut file).expect("start");
        encoder.push(&sound, &mut file).expect("push");
        encoder.finish(&mut file).expect("finish");
        let (_, channels, samples) = decode(file);
        assert_eq!(channels, 8);
        assert_eq!(samples.len(), BLOCK * 8);
    }

    #[test]
    fn loud_sound_is_clipped_not_wrapped() {
        assert_eq!(to_16_bits(1.5), 32767);
        assert_eq!(to_16_bits(-1.5), -32768);
        assert_eq!(to_16_bits(0.5), 16384);
    }
}
