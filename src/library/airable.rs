//! How large a file wardcast can air: the player reads a file whole into memory before its
//! slot, so a file past this size is refused when it is probed, not at its slot.

/// The largest file read whole into memory for its airing (about 100 minutes of 16-bit
/// 48 kHz stereo WAV; hours of MP3 or FLAC).
pub const MAX_SNAPSHOT: u64 = 1 << 30;

/// A knob for tests only: lowers the largest file read for airing below `MAX_SNAPSHOT`, so
/// a test can show what happens past it without writing a gigabyte. It cannot raise it.
const MAX_SNAPSHOT_VARIABLE: &str = "WARDCAST_MAX_SNAPSHOT_BYTES";

/// `MAX_SNAPSHOT`, or less when the test knob says so; read once.
pub fn max_snapshot() -> u64 {
    static LIMIT: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *LIMIT.get_or_init(|| snapshot_limit(std::env::var(MAX_SNAPSHOT_VARIABLE).ok().as_deref()))
}

/// The limit a setting of the test knob gives: a number of bytes below `MAX_SNAPSHOT`, else
/// `MAX_SNAPSHOT`.
fn snapshot_limit(setting: Option<&str>) -> u64 {
    setting
        .and_then(|text| text.trim().parse::<u64>().ok())
        .map_or(MAX_SNAPSHOT, |limit| limit.min(MAX_SNAPSHOT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_knob_only_ever_lowers_the_size_read_for_airing() {
        assert_eq!(snapshot_limit(None), MAX_SNAPSHOT);
        assert_eq!(snapshot_limit(Some("1000000")), 1_000_000);
        assert_eq!(snapshot_limit(Some(" 42 ")), 42);
        assert_eq!(snapshot_limit(Some("99999999999999")), MAX_SNAPSHOT);
        assert_eq!(snapshot_limit(Some("-1")), MAX_SNAPSHOT);
        assert_eq!(snapshot_limit(Some("1 GB")), MAX_SNAPSHOT);
    }
}
