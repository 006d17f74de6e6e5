//! The words of the console's reports page. The days a period covers, a period refused and
//! a CSV withheld are said in `wardcast export`'s own words (`messages::export`,
//! `messages::period`).

use crate::messages::{shown, Say};

/// Which of the periods offered by default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, strum::EnumIter)]
pub enum OfferedWords {
    #[default]
    ThisQuarter,
    LastQuarter,
    ThisHalf,
    ThisYear,
}

/// The formats a report can be downloaded in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, strum::EnumIter)]
pub enum FormatWords {
    #[default]
    Xlsx,
    Csv,
    Html,
}

/// The words of the reports page.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum ReportsWords {
    #[default]
    Heading,
    Intro,
    OfferedHeading,
    Offered(OfferedWords),
    PeriodColumn,
    WhatColumn,
    FirstDayColumn,
    LastDayColumn,
    DownloadColumn,
    /// A download button.
    Download(FormatWords),
    OtherHeading,
    PeriodLabel,
    /// How to write a period, as `wardcast export --period` reads it.
    PeriodHint,
    Show,
    /// The period asked for, as the officer wrote it.
    Chosen {
        label: String,
    },
    /// A `format=` the page does not offer.
    BadFormat {
        text: String,
    },
}

impl Say for OfferedWords {
    fn vi(&self) -> String {
        match self {
            OfferedWords::ThisQuarter => "Quý này",
            OfferedWords::LastQuarter => "Quý trước",
            OfferedWords::ThisHalf => "6 tháng",
            OfferedWords::ThisYear => "Cả năm",
        }
        .into()
    }

    fn en(&self) -> String {
        match self {
            OfferedWords::ThisQuarter => "This quarter",
            OfferedWords::LastQuarter => "Last quarter",
            OfferedWords::ThisHalf => "Six months",
            OfferedWords::ThisYear => "Year",
        }
        .into()
    }
}

impl Say for FormatWords {
    fn vi(&self) -> String {
        match self {
            FormatWords::Xlsx => "Tải Excel (xlsx)",
            FormatWords::Csv => "Tải CSV",
            FormatWords::Html => "Tải trang in (html)",
        }
        .into()
    }

    fn en(&self) -> String {
        match self {
            FormatWords::Xlsx => "Download Excel (xlsx)",
            FormatWords::Csv => "Download CSV",
            FormatWords::Html => "Download a page to print (html)",
        }
        .into()
    }
}

impl Say for ReportsWords {
    fn vi(&self) -> String {
        match self {
            ReportsWords::Heading => "Báo cáo".into(),
            ReportsWords::Intro => "Chọn kỳ báo cáo rồi tải file về: Excel (xlsx), CSV hoặc \
                                    trang in (html). File giống hệt file lệnh wardcast export \
                                    ghi ra."
                .into(),
            ReportsWords::OfferedHeading => "Các kỳ báo cáo thường dùng".into(),
            ReportsWords::Offered(offered) => offered.vi(),
            ReportsWords::PeriodColumn => "Kỳ".into(),
            ReportsWords::WhatColumn => "Loại kỳ".into(),
            ReportsWords::FirstDayColumn => "Từ ngày".into(),
            ReportsWords::LastDayColumn => "Đến ngày".into(),
            ReportsWords::DownloadColumn => "Tải về".into(),
            ReportsWords::Download(format) => format.vi(),
            ReportsWords::OtherHeading => "Kỳ khác".into(),
            ReportsWords::PeriodLabel => "Kỳ báo cáo".into(),
            ReportsWords::PeriodHint => "Ghi như lệnh wardcast export --period: 2026-12 (một \
                                         tháng), 2026-Q3 (một quý), 2026-H1 (6 tháng đầu năm), \
                                         2026 (cả năm) hoặc 2026-01-01..2026-03-31 (từ ngày đến \
                                         ngày)."
                .into(),
            ReportsWords::Show => "Xem các ngày của kỳ".into(),
            ReportsWords::Chosen { label } => format!("Kỳ {}", shown(label)),
            ReportsWords::BadFormat { text } => format!(
                "không có dạng file “{}”: hãy chọn xlsx, csv hoặc html.",
                shown(text)
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            ReportsWords::Heading => "Reports".into(),
            ReportsWords::Intro => "Choose a reporting period and download its file: Excel \
                                    (xlsx), CSV or a page to print (html). The file is the \
                                    same as wardcast export writes."
                .into(),
            ReportsWords::OfferedHeading => "The usual reporting periods".into(),
            ReportsWords::Offered(offered) => offered.en(),
            ReportsWords::PeriodColumn => "Period".into(),
            ReportsWords::WhatColumn => "Kind".into(),
            ReportsWords::FirstDayColumn => "From".into(),
            ReportsWords::LastDayColumn => "To".into(),
            ReportsWords::DownloadColumn => "Download".into(),
            ReportsWords::Download(format) => format.en(),
            ReportsWords::OtherHeading => "Another period".into(),
            ReportsWords::PeriodLabel => "Reporting period".into(),
            ReportsWords::PeriodHint => "Written as for wardcast export --period: 2026-12 (a \
                                         month), 2026-Q3 (a quarter), 2026-H1 (the first half), \
                                         2026 (a year) or 2026-01-01..2026-03-31 (from a day to \
                                         a day)."
                .into(),
            ReportsWords::Show => "Show its days".into(),
            ReportsWords::Chosen { label } => format!("Period {}", shown(label)),
            ReportsWords::BadFormat { text } => format!(
                "there is no file format “{}”: choose xlsx, csv or html.",
                shown(text)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reports_page_is_said_in_both_languages() {
        crate::messages::assert_said_in_both::<ReportsWords>();
        crate::messages::assert_said_in_both::<OfferedWords>();
        crate::messages::assert_said_in_both::<FormatWords>();
    }
}
