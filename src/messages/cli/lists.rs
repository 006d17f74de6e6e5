//! The words of the printed lists: planned airings, the log, the library, the sound cards.

use crate::messages::{shown, Say};

/// The words of the printed lists: planned airings, the log, the library, the sound cards.
#[derive(Debug, Clone, PartialEq, Default, strum::EnumIter)]
pub enum ListWords {
    /// An airing with its file.
    #[default]
    Ready,
    /// An airing without a file to play.
    NotReady,
    /// When a file of the library airs next.
    AirsAt { at: String },
    /// The log has nothing in the period asked for.
    NoAirings,
    /// The programme folders are empty.
    NoFiles,
    /// No sound card can be seen.
    NoSoundCard,
    /// The mark beside the system's default card.
    DefaultCard,
    /// A slot that relays a source live, for `length`.
    Relays { source: String, length: String },
    /// The file a relay plays when its source is down.
    Fallback,
    /// Above the sound cards airings go out on.
    OutputsHeading,
    /// Above the capture devices a `[[source]]` can record or relay from.
    InputsHeading,
    /// What the system's default input (`line-in`) is.
    DefaultInput,
    /// What the system's default output is, when the system does not list it: `device`.
    DefaultOutput { device: String },
}

impl Say for ListWords {
    fn vi(&self) -> String {
        match self {
            ListWords::Ready => "sẵn sàng".to_string(),
            ListWords::NotReady => "CHƯA SẴN SÀNG".to_string(),
            ListWords::AirsAt { at } => format!("phát lúc {}", shown(at)),
            ListWords::NoAirings => {
                "Nhật ký không có lần phát nào trong khoảng thời gian này.".to_string()
            }
            ListWords::NoFiles => "Các thư mục chương trình chưa có file âm thanh nào.".to_string(),
            ListWords::NoSoundCard => "Không thấy card âm thanh nào. Hãy cắm card âm thanh vào \
                                       (hoặc kiểm tra cài đặt ALSA), rồi chạy lại lệnh này."
                .to_string(),
            ListWords::DefaultCard => "(mặc định)".to_string(),
            ListWords::Relays { source, length } => {
                format!("tiếp sóng trực tiếp {} [{length}]", shown(source))
            }
            ListWords::Fallback => "nếu mất sóng, phát".to_string(),
            ListWords::OutputsHeading => {
                "Card âm thanh để phát (ghi tên vào device trong [output]):".to_string()
            }
            ListWords::InputsHeading => "Thiết bị thu âm, đầu vào (ghi tên vào input trong \
                                         [[source]] để thu hoặc tiếp sóng từ đó):"
                .to_string(),
            ListWords::DefaultInput => {
                "đầu vào mặc định của máy (cổng line-in cắm máy thu thanh)".to_string()
            }
            ListWords::DefaultOutput { device } => {
                format!("đầu ra mặc định của máy ({})", shown(device))
            }
        }
    }

    fn en(&self) -> String {
        match self {
            ListWords::Ready => "ready".to_string(),
            ListWords::NotReady => "NOT READY".to_string(),
            ListWords::AirsAt { at } => format!("airs at {}", shown(at)),
            ListWords::NoAirings => "No airings in the log for this period.".to_string(),
            ListWords::NoFiles => "The programme folders hold no audio files.".to_string(),
            ListWords::NoSoundCard => "No sound card found. Plug one in (or check the ALSA \
                                       setup), then run this again."
                .to_string(),
            ListWords::DefaultCard => "(default)".to_string(),
            ListWords::Relays { source, length } => {
                format!("relays {} live [{length}]", shown(source))
            }
            ListWords::Fallback => "if the source is down, plays".to_string(),
            ListWords::OutputsHeading => {
                "Sound cards to play on (write the name in device of [output]):".to_string()
            }
            ListWords::InputsHeading => "Capture devices, inputs (write the name in input of \
                                         [[source]] to record or relay from it):"
                .to_string(),
            ListWords::DefaultInput => {
                "the computer's default input (the line-in a radio receiver is plugged into)"
                    .to_string()
            }
            ListWords::DefaultOutput { device } => {
                format!("the system's default output ({})", shown(device))
            }
        }
    }
}
