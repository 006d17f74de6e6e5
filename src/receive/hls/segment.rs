//! The sound inside an HLS segment: the audio elementary stream of an MPEG-TS segment
//! (demultiplexed with the `mpeg2ts` crate: ADTS frames for AAC, MPEG audio frames for MP3),
//! or a packed audio segment (ADTS or MP3 frames after an ID3 tag carrying its timestamp).

use mpeg2ts::es::StreamId;
use mpeg2ts::pes::{PesPacketReader, ReadPesPacket};
use mpeg2ts::ts::TsPacketReader;

use crate::receive::sniff;

/// The first byte of every MPEG-TS packet.
const TS_SYNC: u8 = 0x47;
const TS_PACKET: usize = 188;

/// The coded sound of a segment, ready for the decoder and to be kept as a file.
pub fn audio(segment: &[u8]) -> Result<Vec<u8>, String> {
    if is_transport_stream(segment) {
        transport_stream_audio(segment)
    } else {
        Ok(sniff::strip_id3(segment).to_vec())
    }
}

fn is_transport_stream(bytes: &[u8]) -> bool {
    bytes.first() == Some(&TS_SYNC) && bytes.get(TS_PACKET).is_none_or(|&byte| byte == TS_SYNC)
}

/// The payload of the first audio stream's PES packets, in order. What was read before a
/// damaged packet is kept.
fn transport_stream_audio(segment: &[u8]) -> Result<Vec<u8>, String> {
    let mut reader = PesPacketReader::new(TsPacketReader::new(segment));
    let mut audio = Vec::with_capacity(segment.len());
    let mut stream = None;
    loop {
        match reader.read_pes_packet() {
            Ok(Some(packet)) => {
                let id = packet.header.stream_id.as_u8();
                let is_audio = (StreamId::AUDIO_MIN..=StreamId::AUDIO_MAX).contains(&id);
                if is_audio && *stream.get_or_insert(id) == id {
                    audio.extend_from_slice(&packet.data);
                }
            }
            Ok(None) => return Ok(audio),
            Err(error) if audio.is_empty() => return Err(error.to_string()),
            Err(error) => {
                tracing::debug!("a damaged MPEG-TS segment, kept up to the damage: {error}");
                return Ok(audio);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_segment_loses_its_id3_tag() {
        let mut segment = b"ID3\x04\x00\x00\x00\x00\x00\x02ab".to_vec();
        segment.extend([0xFF, 0xF1, 0x50]);
        assert_eq!(audio(&segment), Ok(vec![0xFF, 0xF1, 0x50]));
    }

    #[test]
    fn a_transport_stream_is_told_by_its_sync_bytes() {
        let mut two = vec![0u8; TS_PACKET * 2];
        two[0] = TS_SYNC;
        two[TS_PACKET] = TS_SYNC;
        assert!(is_transport_stream(&two));
        two[TS_PACKET] = 0;
        assert!(!is_transport_stream(&two));
        assert!(!is_transport_stream(&[0xFF, 0xF1]));
    }
}
