//! What symphonia's AAC decoder is not told by an ADTS header. HE-AAC v2 carries its stereo
//! as a mono core plus parametric-stereo data, and its ADTS header may say two channels:
//! symphonia, which decodes the LC core only, would then fill the left channel and leave
//! the right one silent. The first audio element of a frame tells: a single channel
//! element (SCE) is a mono core, a channel pair (CPE) is stereo.

use symphonia::core::io::{BitReaderLtr, ReadBitsLtr};

/// Element ids of an AAC raw data block (ISO 14496-3, table 4.85).
const SCE: u32 = 0;
const CPE: u32 = 1;
const LFE: u32 = 3;
const DSE: u32 = 4;
const FIL: u32 = 6;

/// Whether the first audio element of an AAC frame (`payload`, the raw data block after
/// the ADTS header) is a single channel. Fill and data elements before it are skipped.
pub fn mono_core(payload: &[u8]) -> bool {
    first_audio_element(payload) == Some(SCE)
}

fn first_audio_element(payload: &[u8]) -> Option<u32> {
    let mut bits = BitReaderLtr::new(payload);
    loop {
        let id = bits.read_bits_leq32(3).ok()?;
        match id {
            SCE | CPE | LFE => return Some(id),
            FIL => {
                let mut count = bits.read_bits_leq32(4).ok()?;
                if count == 15 {
                    count += bits.read_bits_leq32(8).ok()?.saturating_sub(1);
                }
                bits.ignore_bits(count * 8).ok()?;
            }
            DSE => {
                bits.ignore_bits(4).ok()?;
                let aligned = bits.read_bool().ok()?;
                let mut count = bits.read_bits_leq32(8).ok()?;
                if count == 255 {
                    count += bits.read_bits_leq32(8).ok()?;
                }
                if aligned {
                    bits.realign();
                }
                bits.ignore_bits(count * 8).ok()?;
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_channel_element_is_a_mono_core_and_a_pair_is_not() {
        assert!(mono_core(&[bits(&[(SCE, 3)])[0], 0xFF]));
        assert!(!mono_core(&[bits(&[(CPE, 3)])[0], 0xFF]));
        assert!(!mono_core(&[]));
    }

    /// Bytes holding `fields` (value, width in bits) one after another.
    fn bits(fields: &[(u32, u32)]) -> Vec<u8> {
        let mut all: Vec<bool> = Vec::new();
        for &(value, width) in fields {
            all.extend((0..width).rev().map(|bit| (value >> bit) & 1 == 1));
        }
        all.resize(all.len().div_ceil(8) * 8 + 8, false);
        all.chunks(8)
            .map(|byte| {
                byte.iter()
                    .fold(0u8, |acc, &bit| (acc << 1) | u8::from(bit))
            })
            .collect()
    }

    #[test]
    fn fill_and_data_elements_before_the_audio_are_skipped() {
        let fill = [(FIL, 3), (2, 4), (0xABCD, 16)];
        let data = [(DSE, 3), (0, 4), (0, 1), (1, 8), (0xEE, 8)];
        let mut fields: Vec<(u32, u32)> = fill.iter().chain(&data).copied().collect();
        fields.push((SCE, 3));
        assert!(mono_core(&bits(&fields)));
        fields.pop();
        fields.push((CPE, 3));
        assert!(!mono_core(&bits(&fields)));
        // A long fill: 15, then 8 more bits of count (15 + 3 - 1 = 17 bytes).
        let mut long = vec![(FIL, 3), (15, 4), (3, 8)];
        long.extend(std::iter::repeat_n((0xFF, 8), 17));
        long.push((SCE, 3));
        assert!(mono_core(&bits(&long)));
    }
}
