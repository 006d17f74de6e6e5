//! What can go wrong receiving another station, in the officer's words: each says what
//! happened and what to do.

use super::{shown, Say};

/// Why a source could not be heard (or stopped being heard).
#[derive(Debug, Clone, PartialEq, Eq, Default, strum::EnumIter)]
pub enum ReceiveProblem {
    /// No answer: the address is wrong, the network is down, or the server is off.
    #[default]
    Unreachable,
    /// The connection or a read took longer than wardcast waits.
    TimedOut,
    /// The server answered with an HTTP error status.
    HttpStatus { status: u16 },
    /// The server sent a web page (an error or a login page), not sound.
    WebPage,
    /// The server sent something that is neither a stream nor a playlist wardcast knows.
    NotAudio { content_type: String },
    /// The stream's sound is in a coding wardcast cannot decode (e.g. HE-AAC, Opus).
    UnsupportedCodec { codec: String },
    /// The sound could not be decoded.
    Undecodable { detail: String },
    /// A live playlist stopped getting new segments.
    PlaylistStalled,
    /// The connection dropped in the middle.
    ConnectionLost { detail: String },
    /// The server's answer is not HTTP wardcast understands (an old Shoutcast v1 server
    /// answers `ICY 200 OK`).
    NotHttp,
    /// The server ended the stream (or an HLS playlist its last segment).
    StreamEnded,
    /// Segments of a live playlist left it before they could be fetched: their sound is
    /// missing.
    SegmentsMissed { count: u64 },
    /// The stream is encrypted (an HLS `EXT-X-KEY`).
    Encrypted { method: String },
    /// The capture device named is not there.
    CaptureMissing { device: String },
    /// The capture device could not be opened or failed while recording.
    CaptureFailed { device: String, detail: String },
    /// The capture device stayed open and gave no sound for `seconds`.
    CaptureStalled { device: String, seconds: u64 },
}

impl Say for ReceiveProblem {
    fn vi(&self) -> String {
        match self {
            ReceiveProblem::Unreachable => "không kết nối được tới địa chỉ của đài; kiểm tra \
                mạng Internet và địa chỉ url trong cấu hình"
                .to_string(),
            ReceiveProblem::TimedOut => "đài không trả lời kịp; kiểm tra mạng Internet".to_string(),
            ReceiveProblem::HttpStatus { status } => {
                format!("máy chủ của đài báo lỗi HTTP {status}; kiểm tra lại địa chỉ url với đài")
            }
            ReceiveProblem::WebPage => "địa chỉ trả về một trang web, không phải âm thanh; \
                kiểm tra lại địa chỉ url với đài"
                .to_string(),
            ReceiveProblem::NotAudio { content_type } => format!(
                "địa chỉ trả về nội dung không phải âm thanh ({}); kiểm tra lại địa chỉ url",
                shown(content_type)
            ),
            ReceiveProblem::UnsupportedCodec { codec } => format!(
                "đài phát bằng định dạng {} mà wardcast chưa giải mã được; hỏi đài địa chỉ \
                 luồng MP3 hoặc AAC",
                shown(codec)
            ),
            ReceiveProblem::Undecodable { detail } => {
                format!("không giải mã được âm thanh của đài ({})", shown(detail))
            }
            ReceiveProblem::PlaylistStalled => {
                "danh sách phát trực tiếp của đài không có đoạn mới; đài có thể đã ngừng phát"
                    .to_string()
            }
            ReceiveProblem::ConnectionLost { detail } => {
                format!("mất kết nối với đài ({}); đang kết nối lại", shown(detail))
            }
            ReceiveProblem::NotHttp => "máy chủ của đài trả lời theo cách wardcast không đọc \
                được (máy chủ Shoutcast đời cũ trả lời như vậy); hỏi đài địa chỉ luồng Icecast, \
                Shoutcast 2 hoặc HLS"
                .to_string(),
            ReceiveProblem::StreamEnded => {
                "máy chủ của đài đã ngừng gửi âm thanh; đang kết nối lại".to_string()
            }
            ReceiveProblem::SegmentsMissed { count } => format!(
                "mất {count} đoạn âm thanh của danh sách phát trực tiếp (mạng chậm hoặc đài \
                 bỏ đoạn); phần đó bị thiếu"
            ),
            ReceiveProblem::Encrypted { method } => format!(
                "luồng của đài được mã hoá ({}) nên wardcast không phát được; hỏi đài địa chỉ \
                 luồng không mã hoá",
                shown(method)
            ),
            ReceiveProblem::CaptureMissing { device } => format!(
                "không tìm thấy thiết bị thu âm \"{}\"; chạy `wardcast devices` để xem các \
                 thiết bị, rồi sửa input trong [[source]]",
                shown(device)
            ),
            ReceiveProblem::CaptureFailed { device, detail } => format!(
                "thiết bị thu âm \"{}\" bị lỗi ({}); kiểm tra dây cắm và máy thu",
                shown(device),
                shown(detail)
            ),
            ReceiveProblem::CaptureStalled { device, seconds } => format!(
                "thiết bị thu âm \"{}\" không đưa âm thanh nào trong {seconds} giây; kiểm tra \
                 dây cắm và máy thu",
                shown(device)
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            ReceiveProblem::Unreachable => "cannot connect to the station's address; check the \
                internet connection and the url in the configuration"
                .to_string(),
            ReceiveProblem::TimedOut => {
                "the station did not answer in time; check the internet connection".to_string()
            }
            ReceiveProblem::HttpStatus { status } => format!(
                "the station's server answered HTTP error {status}; check the url with the station"
            ),
            ReceiveProblem::WebPage => "the address gives a web page, not sound; check the url \
                with the station"
                .to_string(),
            ReceiveProblem::NotAudio { content_type } => format!(
                "the address gives something that is not sound ({}); check the url",
                shown(content_type)
            ),
            ReceiveProblem::UnsupportedCodec { codec } => format!(
                "the station sends {}, which wardcast cannot decode; ask the station for an MP3 \
                 or AAC stream",
                shown(codec)
            ),
            ReceiveProblem::Undecodable { detail } => {
                format!(
                    "the station's sound could not be decoded ({})",
                    shown(detail)
                )
            }
            ReceiveProblem::PlaylistStalled => "the station's live playlist has no new segments; \
                the station may have stopped"
                .to_string(),
            ReceiveProblem::ConnectionLost { detail } => {
                format!(
                    "the connection to the station dropped ({}); connecting again",
                    shown(detail)
                )
            }
            ReceiveProblem::NotHttp => "the station's server answers in a way wardcast cannot \
                read (an old Shoutcast v1 server does); ask the station for an Icecast, \
                Shoutcast 2 or HLS address"
                .to_string(),
            ReceiveProblem::StreamEnded => {
                "the station's server stopped sending sound; connecting again".to_string()
            }
            ReceiveProblem::SegmentsMissed { count } => format!(
                "{count} segment(s) of the live playlist were lost (a slow network, or the \
                 station skipped them); that part is missing"
            ),
            ReceiveProblem::Encrypted { method } => format!(
                "the station's stream is encrypted ({}), so wardcast cannot play it; ask the \
                 station for an unencrypted stream",
                shown(method)
            ),
            ReceiveProblem::CaptureMissing { device } => format!(
                "no capture device called \"{}\"; run `wardcast devices` to see them, and fix \
                 input in [[source]]",
                shown(device)
            ),
            ReceiveProblem::CaptureFailed { device, detail } => format!(
                "the capture device \"{}\" failed ({}); check the cable and the receiver",
                shown(device),
                shown(detail)
            ),
            ReceiveProblem::CaptureStalled { device, seconds } => format!(
                "the capture device \"{}\" gave no sound for {seconds} s; check the cable and \
                 the receiver",
                shown(device)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_receive_problem_is_said_in_both_languages() {
        super::super::assert_said_in_both::<super::ReceiveProblem>();
    }
}
