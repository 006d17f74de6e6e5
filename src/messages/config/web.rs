//! What the configuration of the web console (`[web]`) gets wrong.

use std::path::PathBuf;

use super::{en_told, vi_told};
use crate::messages::{shown, shown_path, Say};

/// A `[web]` value that cannot be used as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum WebProblem {
    #[default]
    Unknown,
    /// `listen` is neither an address with a port nor "off".
    NotListenAddress { text: String },
    /// One of `tls_cert` and `tls_key` without the other.
    TlsHalf { missing: &'static str },
    /// A certificate or key file that is not there.
    TlsFileMissing { path: PathBuf },
}

impl Say for WebProblem {
    fn vi(&self) -> String {
        match self {
            WebProblem::Unknown => vi_told("mục [web] không dùng được", "xem lại mục [web]"),
            WebProblem::NotListenAddress { text } => vi_told(
                format!("listen = \"{}\" không phải địa chỉ nghe", shown(text)),
                "ghi địa chỉ và cổng, ví dụ \"127.0.0.1:8080\" (chỉ máy này) hoặc \
                 \"0.0.0.0:8080\" (cả mạng cơ quan), hoặc \"off\" để tắt trang quản lý",
            ),
            WebProblem::TlsHalf { missing } => vi_told(
                format!("mục [web] thiếu {missing}"),
                "HTTPS cần cả hai file: tls_cert (chứng chỉ) và tls_key (khóa riêng)",
            ),
            WebProblem::TlsFileMissing { path } => vi_told(
                format!("không thấy file {}", shown_path(path)),
                "ghi đúng đường dẫn file PEM (tính từ thư mục của file cấu hình)",
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            WebProblem::Unknown => en_told("the [web] section cannot be used", "check [web]"),
            WebProblem::NotListenAddress { text } => en_told(
                format!(
                    "listen = \"{}\" is not an address to listen on",
                    shown(text)
                ),
                "write an address and port, e.g. \"127.0.0.1:8080\" (this PC only) or \
                 \"0.0.0.0:8080\" (the office network), or \"off\" to turn the console off",
            ),
            WebProblem::TlsHalf { missing } => en_told(
                format!("[web] lacks {missing}"),
                "HTTPS needs both files: tls_cert (the certificate) and tls_key (its private key)",
            ),
            WebProblem::TlsFileMissing { path } => en_told(
                format!("{} is not there", shown_path(path)),
                "write the PEM file's path (relative to the configuration file's folder)",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_web_problem_is_said_in_both_languages() {
        crate::messages::assert_said_in_both::<super::WebProblem>();
    }
}
