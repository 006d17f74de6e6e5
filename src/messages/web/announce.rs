//! The announcement page's words: choosing a file and how urgent it is, the confirmation,
//! and the station's answer (its own words, `messages::station::Reply`).

use crate::messages::Say;
use crate::reason::Urgency;

#[derive(Debug, Clone, Default, PartialEq, strum::EnumIter)]
pub enum AnnounceWords {
    #[default]
    Intro,
    FromLibrary,
    /// The form for a file uploaded for the announcement, and what such a file is called.
    FromUpload,
    Uploaded,
    NoReadyFile,
    File,
    /// How urgent: a label, then one line per choice.
    HowUrgent,
    Urgency {
        urgency: Urgency,
    },
    Continue,
    ConfirmHeading,
    /// "Play X now, cutting off what is on air?"
    ConfirmQuestion {
        name: String,
        urgency: Urgency,
    },
    Confirm,
    Cancel,
    /// A viewer sees the page but cannot announce.
    ViewerCannot,
    /// The station's answer follows.
    Answer,
    /// The file chosen is no longer a ready file of that programme.
    FileGone {
        name: String,
    },
    AnotherAnnouncement,
}

impl Say for AnnounceWords {
    fn vi(&self) -> String {
        match self {
            AnnounceWords::Intro => "Phát một thông báo ngay, như lệnh `wardcast play --now`: \
                                     chọn file, chọn mức khẩn, rồi xác nhận."
                .into(),
            AnnounceWords::FromLibrary => "File có sẵn trong thư viện".into(),
            AnnounceWords::FromUpload => "Hoặc tải lên một file thông báo mới (file chỉ dùng \
                                          cho thông báo này, không vào chương trình nào)"
                .into(),
            AnnounceWords::Uploaded => "File tải lên".into(),
            AnnounceWords::NoReadyFile => "Thư viện chưa có file nào sẵn sàng để phát: hãy tải \
                                           file lên ở trang Thư viện trước."
                .into(),
            AnnounceWords::File => "File âm thanh".into(),
            AnnounceWords::HowUrgent => "Mức khẩn".into(),
            AnnounceWords::Urgency { urgency } => match urgency {
                Urgency::Emergency => "Khẩn cấp: ngắt ngay chương trình đang phát",
                Urgency::Priority => "Ưu tiên: phát ngay khi chương trình đang phát kết thúc",
                Urgency::Normal => "Bình thường: phát khi không có chương trình nào khác đến giờ",
            }
            .into(),
            AnnounceWords::Continue => "Tiếp tục".into(),
            AnnounceWords::ConfirmHeading => "Xác nhận phát thông báo".into(),
            AnnounceWords::ConfirmQuestion { name, urgency } => match urgency {
                Urgency::Emergency => {
                    format!("Phát ngay file «{name}», NGẮT chương trình đang phát?")
                }
                Urgency::Priority => {
                    format!("Phát file «{name}» ngay khi chương trình đang phát kết thúc?")
                }
                Urgency::Normal => {
                    format!("Phát file «{name}» khi không có chương trình nào khác đến giờ?")
                }
            },
            AnnounceWords::Confirm => "Phát".into(),
            AnnounceWords::Cancel => "Huỷ".into(),
            AnnounceWords::ViewerCannot => "Tài khoản chỉ xem không phát được thông báo.".into(),
            AnnounceWords::Answer => "wardcast trả lời:".into(),
            AnnounceWords::FileGone { name } => {
                format!("File «{name}» không còn trong thư viện hoặc chưa sẵn sàng: hãy chọn lại.")
            }
            AnnounceWords::AnotherAnnouncement => "Phát thông báo khác".into(),
        }
    }

    fn en(&self) -> String {
        match self {
            AnnounceWords::Intro => "Air an announcement now, as `wardcast play --now` does: \
                                     pick the file, how urgent it is, then confirm."
                .into(),
            AnnounceWords::FromLibrary => "A file of the library".into(),
            AnnounceWords::FromUpload => "Or upload a new announcement file (kept for this \
                                          announcement only, in no programme)"
                .into(),
            AnnounceWords::Uploaded => "Uploaded file".into(),
            AnnounceWords::NoReadyFile => "The library has no file ready to air: upload one on \
                                           the Library page first."
                .into(),
            AnnounceWords::File => "Audio file".into(),
            AnnounceWords::HowUrgent => "How urgent".into(),
            AnnounceWords::Urgency { urgency } => match urgency {
                Urgency::Emergency => "Emergency: cut off what is on air at once",
                Urgency::Priority => "Priority: air as soon as what is on air ends",
                Urgency::Normal => "Normal: air when no other programme is due",
            }
            .into(),
            AnnounceWords::Continue => "Continue".into(),
            AnnounceWords::ConfirmHeading => "Confirm the announcement".into(),
            AnnounceWords::ConfirmQuestion { name, urgency } => match urgency {
                Urgency::Emergency => {
                    format!("Air «{name}» now, CUTTING OFF what is on air?")
                }
                Urgency::Priority => format!("Air «{name}» as soon as what is on air ends?"),
                Urgency::Normal => format!("Air «{name}» when no other programme is due?"),
            },
            AnnounceWords::Confirm => "Air it".into(),
            AnnounceWords::Cancel => "Cancel".into(),
            AnnounceWords::ViewerCannot => "A viewer account cannot air announcements.".into(),
            AnnounceWords::Answer => "wardcast answers:".into(),
            AnnounceWords::FileGone { name } => {
                format!("«{name}» is no longer in the library or not ready: choose again.")
            }
            AnnounceWords::AnotherAnnouncement => "Another announcement".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_announcement_page_is_said_in_both_languages() {
        crate::messages::assert_said_in_both::<super::AnnounceWords>();
    }
}
