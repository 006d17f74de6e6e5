//! Decoding a source's coded bytes as they arrive, with symphonia: its MP3 or ADTS reader
//! pulls the bytes through a reader that blocks on the network (nothing is buffered beyond
//! the reader's own window), and each decoded packet goes to the reception as sound, at the
//! source's own rate and channels. The bytes pulled are sent on as they came, for a
//! recording to keep.

use std::io::{self, Read, Seek, SeekFrom};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use symphonia::core::audio::{Channels, SampleBuffer};
use symphonia::core::codecs::{Decoder, DecoderOptions};
use symphonia::core::errors::Error as DecodeError;
use symphonia::core::formats::{FormatOptions, FormatReader, Packet};
use symphonia::core::io::{MediaSource, MediaSourceStream};
use symphonia::default::formats::{AdtsReader, MpaReader};

use super::aac;
use super::session::{End, Event, Gone, Outlet};
use crate::messages::receive::ReceiveProblem;
use crate::sound::GapCause;

/// Bytes read without a single packet decoded before the stream counts as undecodable (a
/// reader looking for a frame start it never finds would otherwise read forever): about
/// 16 s of a 128 kb/s stream.
const UNDECODED_LIMIT: usize = 256 * 1024;
/// Packets in a row that fail to decode before the stream counts as undecodable.
const BAD_PACKETS_LIMIT: u32 = 50;

/// Why a read of the coded bytes stopped, carried through symphonia as an I/O error.
#[derive(Debug)]
pub struct Halt(pub Result<End, Gone>);

impl std::fmt::Display for Halt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::error::Error for Halt {}

impl Halt {
    pub fn error(halt: Result<End, Gone>) -> io::Error {
        io::Error::other(Halt(halt))
    }

    fn of(error: &io::Error) -> Option<Result<End, Gone>> {
        error
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<Halt>())
            .map(|halt| halt.0.clone())
    }
}

/// The coded bytes on their way to the decoder: each read is sent on as bytes, counted
/// until a packet decodes, and a failed or ended read becomes the connection's end.
struct Feed<R> {
    inner: R,
    outlet: Outlet,
    undecoded: Arc<AtomicUsize>,
    /// Bytes before the first frame (an ID3 tag, or the tail of a frame a server's burst
    /// began inside): read, but not handed on, so a recording starts on a frame and is a
    /// file the library reads.
    unsent: usize,
}

impl<R: Read> Read for Feed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = loop {
            match self.inner.read(buf) {
                Ok(0) => {
                    return Err(Halt::error(Ok(End {
                        cause: GapCause::Reconnect,
                        problem: ReceiveProblem::StreamEnded,
                    })))
                }
                Ok(read) => break read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) if Halt::of(&error).is_some() => return Err(error),
                Err(error) => {
                    let problem = super::http::read_problem(&error);
                    return Err(Halt::error(Ok(End::dropped(problem))));
                }
            }
        };
        let skipped = self.unsent.min(read);
        self.unsent -= skipped;
        if skipped < read {
            self.outlet
                .send(Event::Bytes(buf[skipped..read].to_vec()))
                .map_err(|gone| Halt::error(Err(gone)))?;
        }
        if self.undecoded.fetch_add(read, Ordering::SeqCst) + read > UNDECODED_LIMIT {
            return Err(Halt::error(Ok(End {
                cause: GapCause::Reconnect,
                problem: ReceiveProblem::Undecodable {
                    detail: format!("{} KiB", UNDECODED_LIMIT / 1024),
                },
            })));
        }
        Ok(read)
    }
}

/// symphonia reads from a `Send + Sync` source; the feed is only ever used by the one
/// thread that decodes, so the lock is never contended.
struct Source<R>(Mutex<Feed<R>>);

impl<R: Read> Read for Source<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.0.get_mut() {
            Ok(feed) => feed.read(buf),
            Err(poisoned) => poisoned.into_inner().read(buf),
        }
    }
}

impl<R> Seek for Source<R> {
    fn seek(&mut self, _: SeekFrom) -> io::Result<u64> {
        Err(io::Error::new(io::ErrorKind::Unsupported, "a live stream"))
    }
}

impl<R: Read + Send> MediaSource for Source<R> {
    fn is_seekable(&self) -> bool {
        false
    }

    fn byte_len(&self) -> Option<u64> {
        None
    }
}

/// Decodes `input` (ADTS frames when `aac`, else MP3 frames, the first `skip` bytes being
/// none: an ID3 tag or junk) until it fails. `started` is told the rate and channels once
/// the first packet decodes, before its sound is sent.
pub fn run<R: Read + Send + 'static>(
    aac: bool,
    input: R,
    skip: usize,
    outlet: &Outlet,
    started: impl FnMut(u32, u16) -> Result<(), Gone>,
) -> Result<End, Gone> {
    let undecoded = Arc::new(AtomicUsize::new(0));
    let mut feed = Feed {
        inner: input,
        outlet: outlet.clone(),
        undecoded: Arc::clone(&undecoded),
        unsent: skip,
    };
    if let Err(error) = io::copy(&mut (&mut feed).take(skip as u64), &mut io::sink()) {
        return halted(&error);
    }
    let source = MediaSourceStream::new(Box::new(Source(Mutex::new(feed))), Default::default());
    let (mut reader, mut decoder, first) = match open(aac, source) {
        Ok(opened) => opened,
        Err(end) => return end,
    };
    pump(
        reader.as_mut(),
        decoder.as_mut(),
        first,
        &undecoded,
        outlet,
        started,
    )
}

/// symphonia's reader of the frames, the decoder of their codec and the first packet.
type Opened = (Box<dyn FormatReader>, Box<dyn Decoder>, Packet);

/// Opens the frames of `source` for decoding.
fn open(aac: bool, source: MediaSourceStream) -> Result<Opened, Result<End, Gone>> {
    let options = FormatOptions::default();
    let reader: Result<Box<dyn FormatReader>, DecodeError> = if aac {
        AdtsReader::try_new(source, &options).map(|reader| Box::new(reader) as _)
    } else {
        MpaReader::try_new(source, &options).map(|reader| Box::new(reader) as _)
    };
    let mut reader = reader.map_err(ended)?;
    let Some(mut params) = reader
        .tracks()
        .first()
        .map(|track| track.codec_params.clone())
    else {
        return Err(Ok(undecodable("no track".to_string())));
    };
    let first = reader.next_packet().map_err(ended)?;
    let stereo = params
        .channels
        .is_some_and(|channels| channels.count() == 2);
    if aac && stereo && aac::mono_core(first.buf()) {
        // An HE-AAC v2 core: heard as the mono it is, not as a left channel alone.
        params.channels = Some(Channels::FRONT_LEFT);
    }
    let decoder = symphonia::default::get_codecs()
        .make(&params, &DecoderOptions::default())
        .map_err(ended)?;
    Ok((reader, decoder, first))
}

/// Decodes packet after packet, sending the sound on, until the stream fails.
fn pump(
    reader: &mut dyn FormatReader,
    decoder: &mut dyn Decoder,
    first: Packet,
    undecoded: &AtomicUsize,
    outlet: &Outlet,
    mut started: impl FnMut(u32, u16) -> Result<(), Gone>,
) -> Result<End, Gone> {
    let mut bad_packets = 0;
    let mut announced = false;
    let mut interleaved: Option<SampleBuffer<f32>> = None;
    let mut first = Some(first);
    loop {
        let next = first.take().map_or_else(|| reader.next_packet(), Ok);
        let packet = match next {
            Ok(packet) => packet,
            Err(DecodeError::ResetRequired) => {
                decoder.reset();
                continue;
            }
            Err(DecodeError::DecodeError(detail)) if bad_packets < BAD_PACKETS_LIMIT => {
                bad_packets += 1;
                tracing::debug!("skipping a bad frame: {detail}");
                continue;
            }
            Err(error) => return ended(error),
        };
        let decoded = match decoder.decode(&packet) {
            Ok(decoded) => decoded,
            Err(DecodeError::DecodeError(detail)) if bad_packets < BAD_PACKETS_LIMIT => {
                bad_packets += 1;
                tracing::debug!("skipping a packet that does not decode: {detail}");
                continue;
            }
            Err(error) => return ended(error),
        };
        bad_packets = 0;
        undecoded.store(0, Ordering::SeqCst);
        if decoded.frames() == 0 {
            continue;
        }
        let spec = *decoded.spec();
        let (rate, channels) = (spec.rate, spec.channels.count() as u16);
        if !announced {
            started(rate, channels)?;
            announced = true;
        }
        let buffer = match &mut interleaved {
            Some(buffer) if buffer.capacity() >= decoded.capacity() * spec.channels.count() => {
                buffer
            }
            slot => slot.insert(SampleBuffer::new(decoded.capacity() as u64, spec)),
        };
        buffer.copy_interleaved_ref(decoded);
        outlet.send(Event::Sound {
            samples: buffer.samples().to_vec(),
            rate,
            channels,
        })?;
    }
}

fn undecodable(detail: String) -> End {
    End {
        cause: GapCause::Reconnect,
        problem: ReceiveProblem::Undecodable { detail },
    }
}

/// The end a failed read gives.
fn halted(error: &io::Error) -> Result<End, Gone> {
    Halt::of(error).unwrap_or_else(|| Ok(End::dropped(super::http::read_problem(error))))
}

/// The end a symphonia error gives.
fn ended(error: DecodeError) -> Result<End, Gone> {
    match error {
        DecodeError::IoError(error) => halted(&error),
        DecodeError::Unsupported(what) => Ok(End {
            cause: GapCause::Reconnect,
            problem: ReceiveProblem::UnsupportedCodec {
                codec: what.to_string(),
            },
        }),
        other => Ok(undecodable(other.to_string())),
    }
}
