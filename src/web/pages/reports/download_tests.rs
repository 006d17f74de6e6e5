use std::io::Read;

use super::*;

#[test]
fn the_file_name_is_given_in_ascii_and_in_full() {
    assert_eq!(
        disposition("wardcast-2026-Q1.xlsx"),
        "attachment; filename=\"wardcast-2026-Q1.xlsx\"; \
         filename*=UTF-8''wardcast-2026-Q1.xlsx"
    );
    assert_eq!(
        disposition("Báo cáo \"Q1\";2026.csv"),
        "attachment; filename=\"B_o c_o _Q1__2026.csv\"; \
         filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%22Q1%22%3B2026.csv"
    );
    // The name a period of two dates gets, as `wardcast export` names it.
    let period = crate::periods::ReportingCalendar::default()
        .period("2026-01-01..2026-03-31")
        .expect("period");
    let name = report::default_file_name(&period, ExportFormat::Csv);
    assert_eq!(name, "wardcast-2026-01-01_2026-03-31.csv");
    assert!(disposition(&name).contains("filename=\"wardcast-2026-01-01_2026-03-31.csv\""));
}

#[test]
fn each_format_has_its_media_type_and_the_download_is_never_cached() {
    let headers = download_headers("wardcast-2026.html", ExportFormat::Html, 1234);
    let value = |name: header::HeaderName| {
        headers
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.clone())
    };
    assert_eq!(
        value(header::CONTENT_TYPE).as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(value(header::CONTENT_LENGTH).as_deref(), Some("1234"));
    assert_eq!(value(header::CACHE_CONTROL).as_deref(), Some("no-store"));
    assert!(value(header::CONTENT_DISPOSITION)
        .is_some_and(|value| value.starts_with("attachment; filename=\"wardcast-2026.html\"")));
    assert_eq!(content_type(ExportFormat::Csv), "text/csv; charset=utf-8");
    assert!(content_type(ExportFormat::Xlsx).contains("spreadsheetml"));
    for (name, value) in headers {
        assert!(HeaderValue::from_str(&value).is_ok(), "{name}: {value}");
    }
}

#[test]
fn links_and_formats_read_back() {
    assert_eq!(
        download_link("2026-01-01..2026-03-31", ExportFormat::Xlsx),
        "/reports/download?period=2026%2D01%2D01%2E%2E2026%2D03%2D31&format=xlsx"
    );
    assert_eq!(format_of("XLSX"), Some(ExportFormat::Xlsx));
    assert_eq!(format_of("csv"), Some(ExportFormat::Csv));
    assert_eq!(format_of(" html "), Some(ExportFormat::Html));
    assert_eq!(format_of("pdf"), None);
    assert_eq!(format_of(""), None);
}

#[test]
fn a_report_is_built_aside_and_kept_only_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("audio/a")).expect("mkdir");
    let text = "[station]\nname = \"Phường Một\"\nlang = \"en\"\n[paths]\naudio = \"audio\"\n\
                data = \"data\"\n[[programme]]\nid = \"news\"\ntitle = \"News\"\n\
                folder = \"a\"\nschedule = [\"0 6 * * *\"]\npick = \"newest\"\n";
    let config = Config::parse(&dir.path().join("wardcast.toml"), text).expect("config");
    std::fs::create_dir_all(&config.data_dir).expect("data");
    drop(crate::ledger::Ledger::open(&config.ledger_path()).expect("log"));
    let period = config.reports.period("2026-Q1").expect("period");
    let mut ready = build_aside(&config, &period, ExportFormat::Csv).expect("built");
    assert_eq!(ready.name, "wardcast-2026-Q1.csv");
    let mut bytes = Vec::new();
    ready.file.read_to_end(&mut bytes).expect("read");
    assert_eq!(u64::try_from(bytes.len()).ok(), Some(ready.length));
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a CSV export starts with its BOM"
    );
    let html = build_aside(&config, &period, ExportFormat::Html).expect("built");
    assert_eq!(html.name, "wardcast-2026-Q1.html");
    assert!(html.length > 0);
}
