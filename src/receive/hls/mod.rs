//! An HLS source: a master playlist (one variant chosen) or a live media playlist, read again
//! about every target duration; each new segment fetched once, in order; its sound taken out
//! (MPEG-TS or packed audio) and decoded as one stream. A playlist that gets no new segment
//! is reported stalled and kept being read; segments that left the playlist unheard are
//! reported as a gap.

mod playlist;
mod segment;

use std::collections::VecDeque;
use std::io::{self, Cursor, Read};
use std::time::{Duration, Instant};

use m3u8_rs::{MediaPlaylist, Playlist};

use super::decode::{self, Halt};
use super::session::{End, Event, Gone, HlsPlace, Outlet, Place};
use super::{http, sniff, Codec, StreamInfo, StreamKind};
use crate::messages::receive::ReceiveProblem;
use crate::sound::GapCause;

use playlist::choose_variant;

/// Receives the HLS playlist `text`, read from `url`, until it fails.
pub fn run(
    agent: &ureq::Agent,
    url: &str,
    text: &[u8],
    outlet: &Outlet,
    place: &Place,
) -> Result<End, Gone> {
    let (media_url, media, bitrate) = match open(agent, url, text) {
        Ok(opened) => opened,
        Err(problem) => return Ok(End::dropped(problem)),
    };
    let resume = place
        .lock()
        .ok()
        .and_then(|place| place.clone())
        .filter(|place| place.playlist == media_url)
        .map(|place| place.next_sequence);
    let mut segments = Segments {
        agent: agent.clone(),
        url: media_url,
        queue: VecDeque::new(),
        next: resume,
        target: playlist::target(&media),
        end_list: media.end_list,
        read_at: Instant::now(),
        changed: true,
        new_at: Instant::now(),
        stalled: false,
        delivered: false,
        outlet: outlet.clone(),
        place: place.clone(),
    };
    let first = segments
        .apply(&media)
        .map_err(|problem| Ok(End::dropped(problem)))
        .and_then(|()| segments.next_audio());
    let first = match first {
        Ok(first) => first,
        Err(end) => return end,
    };
    let (aac, offset) = match sniff::sniff(None, &first, true) {
        Some(Ok(sniff::Sniffed::Aac { offset })) => (true, offset),
        Some(Ok(sniff::Sniffed::Mp3 { offset })) => (false, offset),
        Some(Err(problem)) => return Ok(End::dropped(problem)),
        _ => return Ok(End::dropped(not_sound())),
    };
    let info = StreamInfo {
        kind: StreamKind::Hls,
        codec: if aac { Codec::Aac } else { Codec::Mp3 },
        bitrate,
        sample_rate: None,
        channels: None,
    };
    let reader = SegmentReader {
        segments,
        current: Cursor::new(first),
    };
    decode::run(aac, reader, offset, outlet, |rate, channels| {
        outlet.send(Event::Connected(StreamInfo {
            sample_rate: Some(rate),
            channels: Some(channels),
            ..info.clone()
        }))
    })
}

fn not_sound() -> ReceiveProblem {
    ReceiveProblem::NotAudio {
        content_type: "HLS".to_string(),
    }
}

/// The media playlist to follow: `text` itself, or the chosen variant of a master playlist
/// (with its announced bit rate).
fn open(
    agent: &ureq::Agent,
    url: &str,
    text: &[u8],
) -> Result<(String, MediaPlaylist, Option<u32>), ReceiveProblem> {
    match parse(text)? {
        Playlist::MediaPlaylist(media) => Ok((url.to_string(), media, None)),
        Playlist::MasterPlaylist(master) => {
            let variant = choose_variant(&master).ok_or_else(not_sound)?;
            let media_url = resolve(url, &variant.uri)?;
            let answer = http::get(agent, &media_url)?;
            let media_url = answer.url.clone();
            match parse(&http::read_all(answer, false)?)? {
                Playlist::MediaPlaylist(media) => {
                    let bitrate = u32::try_from(variant.bandwidth).ok();
                    Ok((media_url, media, bitrate))
                }
                Playlist::MasterPlaylist(_) => Err(not_sound()),
            }
        }
    }
}

fn parse(text: &[u8]) -> Result<Playlist, ReceiveProblem> {
    m3u8_rs::parse_playlist_res(text).map_err(|_| ReceiveProblem::Undecodable {
        detail: "HLS m3u8".to_string(),
    })
}

/// `uri` taken relative to the playlist at `base`.
fn resolve(base: &str, uri: &str) -> Result<String, ReceiveProblem> {
    url::Url::parse(base)
        .and_then(|base| base.join(uri))
        .map(String::from)
        .map_err(|_| ReceiveProblem::Unreachable)
}

/// The segments of a live media playlist, fetched one at a time as the decoder asks.
struct Segments {
    agent: ureq::Agent,
    url: String,
    queue: VecDeque<playlist::Segment>,
    /// The media sequence number of the next segment to hear.
    next: Option<u64>,
    target: Duration,
    end_list: bool,
    read_at: Instant,
    /// Whether the last reading of the playlist brought new segments.
    changed: bool,
    new_at: Instant,
    stalled: bool,
    /// Some sound was handed on.
    delivered: bool,
    outlet: Outlet,
    place: Place,
}

impl Segments {
    /// Takes in a fresh reading of the playlist.
    fn apply(&mut self, media: &MediaPlaylist) -> Result<(), ReceiveProblem> {
        let step = playlist::step(media, self.next)?;
        self.target = playlist::target(media);
        self.end_list = media.end_list;
        if step.missed > 0 {
            self.gap(ReceiveProblem::SegmentsMissed { count: step.missed });
        }
        self.changed = !step.segments.is_empty();
        if let Some(last) = step.segments.last() {
            self.next = Some(last.sequence + 1);
            self.new_at = Instant::now();
            if std::mem::take(&mut self.stalled) {
                let _ = self.outlet.send(Event::Resumed);
            }
        }
        self.queue.extend(step.segments);
        Ok(())
    }

    /// Tells the reception that sound is missing here, though the stream goes on.
    fn gap(&self, problem: ReceiveProblem) {
        let _ = self.outlet.send(Event::Lost(GapCause::Stall, problem));
        let _ = self.outlet.send(Event::Resumed);
    }

    /// The coded sound of the next segment, waiting for it as long as it takes.
    fn next_audio(&mut self) -> Result<Vec<u8>, Result<End, Gone>> {
        loop {
            if let Some(segment) = self.queue.pop_front() {
                // A connection that fails fetching it starts the next one from it again.
                self.remember(segment.sequence);
                let fetched = self.fetch(&segment);
                if fetched.is_ok() {
                    self.remember(segment.sequence + 1);
                }
                match fetched {
                    Ok(audio) if audio.is_empty() => continue,
                    Ok(audio) => {
                        self.delivered = true;
                        return Ok(audio);
                    }
                    Err(ReceiveProblem::HttpStatus { status: 404 | 410 }) => {
                        self.remember(segment.sequence + 1);
                        self.gap(ReceiveProblem::SegmentsMissed { count: 1 });
                        continue;
                    }
                    Err(problem) => return Err(Ok(End::dropped(problem))),
                }
            }
            if self.end_list {
                return Err(Ok(End {
                    cause: GapCause::Reconnect,
                    problem: ReceiveProblem::StreamEnded,
                }));
            }
            let wait = playlist::reload_wait(self.target, self.changed);
            self.outlet
                .sleep(wait.saturating_sub(self.read_at.elapsed()))
                .map_err(Err)?;
            self.read_at = Instant::now();
            let reading = http::get(&self.agent, &self.url)
                .and_then(|answer| http::read_all(answer, false))
                .and_then(|text| match parse(&text)? {
                    Playlist::MediaPlaylist(media) => Ok(media),
                    Playlist::MasterPlaylist(_) => Err(not_sound()),
                })
                .and_then(|media| self.apply(&media));
            if let Err(problem) = reading {
                return Err(Ok(End::dropped(problem)));
            }
            if !self.stalled && playlist::stalled(self.new_at.elapsed(), self.target) {
                if !self.delivered {
                    // Stalled before any sound: a source that cannot be heard, to be
                    // connected to again like one that does not answer.
                    return Err(Ok(End {
                        cause: GapCause::Stall,
                        problem: ReceiveProblem::PlaylistStalled,
                    }));
                }
                self.stalled = true;
                let lost = Event::Lost(GapCause::Stall, ReceiveProblem::PlaylistStalled);
                self.outlet.send(lost).map_err(Err)?;
            }
        }
    }

    fn remember(&self, next_sequence: u64) {
        if let Ok(mut place) = self.place.lock() {
            *place = Some(HlsPlace {
                playlist: self.url.clone(),
                next_sequence,
            });
        }
    }

    fn fetch(&self, segment: &playlist::Segment) -> Result<Vec<u8>, ReceiveProblem> {
        let url = resolve(&self.url, &segment.uri)?;
        let bytes = http::read_all(http::get(&self.agent, &url)?, true)?;
        segment::audio(&bytes).map_err(|detail| ReceiveProblem::Undecodable { detail })
    }
}

/// The segments' sound as one stream of bytes for the decoder.
struct SegmentReader {
    segments: Segments,
    current: Cursor<Vec<u8>>,
}

impl Read for SegmentReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let read = self.current.read(buf)?;
            if read > 0 {
                return Ok(read);
            }
            match self.segments.next_audio() {
                Ok(audio) => self.current = Cursor::new(audio),
                Err(end) => return Err(Halt::error(end)),
            }
        }
    }
}
