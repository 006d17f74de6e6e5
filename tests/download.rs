//! Scheduled downloads against a real HTTP server on 127.0.0.1: feeds (RSS and Atom) fetch
//! only their new items, a direct file is kept when its content is new, and whatever is not
//! sound the library plays (a web page named ".mp3", a 404, a file over the limit) is
//! refused with its reason, leaving nothing in the folder or in `receiving/`. A connection
//! cut halfway is resumed with a Range request, or restarted when the server ignores it.

mod support;
#[path = "support/web.rs"]
mod web;

#[path = "download/fixtures.rs"]
mod fixtures;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, StatusCode};
use axum::routing::get;
use axum::Router;

use fixtures::{cut_route, names_in, page, refusal, rss, saved, Log, Place, LIMIT};
use support::{ffmpeg_convert, sha256_of, write_tone_wav};
use wardcast::download::Outcome;
use wardcast::library::is_candidate_name;
use wardcast::messages::download::DownloadProblem;
use wardcast::messages::library::FileProblem;
use wardcast::messages::{Lang, Say};
use web::WebServer;

#[test]
fn a_feed_fetches_its_items_once_and_later_only_the_new_one() {
    let place = Place::new();
    let server = WebServer::folder(&place.served);
    let mut shas = Vec::new();
    for (index, name) in ["so-1.mp3", "so-2.mp3", "so-3.mp3", "so-4.mp3"]
        .iter()
        .enumerate()
    {
        shas.push(place.mp3(name, 300.0 + 100.0 * index as f64));
    }
    let items = [
        ("cchc-1", "Số 1", "/files/so-1.mp3", Some("audio/mpeg")),
        ("cchc-2", "Số 2", "/files/so-2.mp3", Some("audio/mpeg")),
        ("cchc-3", "Số 3", "/files/so-3.mp3", Some("audio/mpeg")),
    ];
    std::fs::write(place.served.join("feed.xml"), rss(&server, &items)).expect("feed");
    let mut log = Log::default();

    let first = place.look(&server.url("/feed.xml"), LIMIT, &log);
    let keys: Vec<&str> = first.iter().map(|entry| entry.item.key.as_str()).collect();
    assert_eq!(keys, ["cchc-3", "cchc-2", "cchc-1"], "newest first");
    let files = saved(&first);
    assert_eq!(files.len(), 3, "{first:#?}");
    for (file, sha) in files.iter().zip([&shas[2], &shas[1], &shas[0]]) {
        assert_eq!(&file.sha256, sha);
        assert_eq!(sha256_of(&file.path), *sha);
        assert_eq!(
            file.bytes,
            std::fs::metadata(&file.path).expect("size").len()
        );
        assert_eq!(file.path.parent(), Some(place.folder.as_path()));
        assert!(file.probe.duration > Duration::from_millis(1_900));
    }
    assert_eq!(place.files(), ["so-1.mp3", "so-2.mp3", "so-3.mp3"]);
    place.assert_staging_empty();
    log.record(&first);

    let second = place.look(&server.url("/feed.xml"), LIMIT, &log);
    assert!(second.is_empty(), "{second:#?}");

    let mut more = items.to_vec();
    more.push(("cchc-4", "Số 4", "/files/so-4.mp3", Some("audio/mpeg")));
    std::fs::write(place.served.join("feed.xml"), rss(&server, &more)).expect("feed");
    let third = place.look(&server.url("/feed.xml"), LIMIT, &log);
    assert_eq!(third.len(), 1, "{third:#?}");
    assert_eq!(third[0].item.key, "cchc-4");
    assert_eq!(saved(&third)[0].sha256, shas[3]);
    assert_eq!(
        place.files(),
        ["so-1.mp3", "so-2.mp3", "so-3.mp3", "so-4.mp3"]
    );
    place.assert_staging_empty();
}

#[test]
fn a_direct_file_is_kept_when_its_content_is_new() {
    let place = Place::new();
    let server = WebServer::folder(&place.served);
    let sha = place.mp3("Bản tin.mp3", 440.0);
    let url = server.url("/files/B%E1%BA%A3n%20tin.mp3");
    let mut log = Log::default();

    let first = place.look(&url, LIMIT, &log);
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].item.key, url);
    assert_eq!(saved(&first)[0].sha256, sha);
    assert_eq!(place.files(), ["Bản tin.mp3"]);
    log.record(&first);

    let again = place.look(&url, LIMIT, &log);
    assert!(
        matches!(&again[0].outcome, Outcome::AlreadyHave { sha256, .. } if *sha256 == sha),
        "{again:#?}"
    );
    assert_eq!(place.files(), ["Bản tin.mp3"]);

    let changed = place.mp3("Bản tin.mp3", 550.0);
    let third = place.look(&url, LIMIT, &log);
    assert_eq!(saved(&third)[0].sha256, changed);
    assert_eq!(place.files(), ["Bản tin (2).mp3", "Bản tin.mp3"]);
    place.assert_staging_empty();
}

#[test]
fn a_web_page_named_mp3_is_refused_whatever_its_type_says() {
    let place = Place::new();
    const HTML: &str = "<!DOCTYPE html><html><head><title>Lỗi</title></head>\
                        <body>Không tìm thấy trang</body></html>";
    let routes = Router::new()
        .route("/html/tin.mp3", page("text/html; charset=utf-8", HTML))
        .route("/audio/tin.mp3", page("audio/mpeg", HTML));
    let server = WebServer::start(&place.served, routes);
    let log = Log::default();
    for path in ["/html/tin.mp3", "/audio/tin.mp3"] {
        let fetched = place.look(&server.url(path), LIMIT, &log);
        assert_eq!(refusal(&fetched), &DownloadProblem::WebPage, "{path}");
        assert!(refusal(&fetched)
            .say(Lang::Vi)
            .contains("trang web (thường là trang báo lỗi"));
    }
    // The same page as a feed's enclosure, beside a real one.
    let sha = place.mp3("that.mp3", 330.0);
    let items = [
        ("page", "Trang", "/audio/tin.mp3", Some("audio/mpeg")),
        ("real", "Thật", "/files/that.mp3", Some("audio/mpeg")),
    ];
    std::fs::write(place.served.join("feed.xml"), rss(&server, &items)).expect("feed");
    let fetched = place.look(&server.url("/feed.xml"), LIMIT, &log);
    assert_eq!(fetched.len(), 2);
    let page_item = fetched.iter().find(|entry| entry.item.key == "page");
    assert!(matches!(
        page_item.map(|entry| &entry.outcome),
        Some(Outcome::Refused(DownloadProblem::WebPage))
    ));
    assert_eq!(saved(&fetched)[0].sha256, sha);
    assert_eq!(place.files(), ["that.mp3"]);
    place.assert_staging_empty();
}

#[test]
fn a_missing_file_and_a_text_file_are_refused_with_their_reason() {
    let place = Place::new();
    std::fs::write(place.served.join("files/notes.mp3"), "Xin chào").expect("text");
    let server = WebServer::folder(&place.served);
    let log = Log::default();
    let missing = place.look(&server.url("/files/missing.mp3"), LIMIT, &log);
    assert_eq!(
        refusal(&missing),
        &DownloadProblem::HttpStatus { status: 404 }
    );
    let text = place.look(&server.url("/files/notes.mp3"), LIMIT, &log);
    assert_eq!(
        refusal(&text),
        &DownloadProblem::Unplayable(FileProblem::NotAudio {
            looks_like: Some("text file".into())
        })
    );
    assert!(refusal(&text)
        .say(Lang::En)
        .starts_with("the file downloaded cannot be played: this is a text file, not audio"));
    assert!(place.files().is_empty());
    place.assert_staging_empty();
}

#[test]
fn a_file_over_the_limit_is_refused_without_reading_past_it() {
    let place = Place::new();
    place.mp3("big.mp3", 440.0);
    let stated = std::fs::metadata(place.served.join("files/big.mp3"))
        .expect("size")
        .len();
    // No length stated: an endless body, counted as the server makes it.
    let sent = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&sent);
    let endless = get(move || {
        let counter = Arc::clone(&counter);
        async move {
            let chunks = futures_util::stream::unfold(counter, |counter| async move {
                counter.fetch_add(16_384, Ordering::SeqCst);
                let chunk = Bytes::from(vec![0xFFu8; 16_384]);
                Some((Ok::<_, std::io::Error>(chunk), counter))
            });
            (
                [(header::CONTENT_TYPE, "audio/mpeg")],
                Body::from_stream(chunks),
            )
        }
    });
    let server = WebServer::start(&place.served, Router::new().route("/endless.mp3", endless));
    let log = Log::default();
    let limit = stated / 2;

    let stated_large = place.look(&server.url("/files/big.mp3"), limit, &log);
    assert_eq!(
        refusal(&stated_large),
        &DownloadProblem::TooLarge {
            limit,
            stated: Some(stated)
        }
    );
    let endless = place.look(&server.url("/endless.mp3"), 100_000, &log);
    assert_eq!(
        refusal(&endless),
        &DownloadProblem::TooLarge {
            limit: 100_000,
            stated: None
        }
    );
    // The download stopped at the limit: the server made no more than the socket buffers
    // could hold past it.
    std::thread::sleep(Duration::from_millis(300));
    let made = sent.load(Ordering::SeqCst);
    assert!(made < 100_000 + 16_000_000, "{made} bytes were sent");
    assert!(place.files().is_empty());
    place.assert_staging_empty();
}

#[test]
fn a_connection_cut_halfway_is_resumed_with_a_range() {
    for ignore_range in [false, true] {
        let place = Place::new();
        let sha = place.mp3("tin.mp3", 440.0);
        let (routes, ranges) = cut_route(place.served.join("files/tin.mp3"), ignore_range);
        let server = WebServer::start(&place.served, routes);
        let fetched = place.look(&server.url("/cut/tin.mp3"), LIMIT, &Log::default());
        let files = saved(&fetched);
        assert_eq!(files.len(), 1, "{fetched:#?}");
        assert_eq!(files[0].sha256, sha, "ignore_range {ignore_range}");
        assert_eq!(sha256_of(&files[0].path), sha);
        let ranges = ranges.lock().expect("lock").clone();
        assert_eq!(ranges.len(), 2, "{ranges:?}");
        assert_eq!(ranges[0], None);
        let asked = ranges[1]
            .as_deref()
            .expect("the second request asks for the rest");
        let from: u64 = asked
            .strip_prefix("bytes=")
            .and_then(|rest| rest.strip_suffix('-'))
            .and_then(|from| from.parse().ok())
            .expect("bytes=N-");
        assert!(from > 0, "{asked}");
        assert_eq!(place.files(), ["tin.mp3"]);
        place.assert_staging_empty();
    }
}

#[test]
fn an_atom_feed_and_an_untyped_enclosure_are_fetched() {
    let place = Place::new();
    let server = WebServer::folder(&place.served);
    place.mp3("a.mp3", 300.0);
    place.mp3("b.mp3", 400.0);
    let atom = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Đài thành phố</title>\
         <id>urn:dai:tp</id><updated>2026-12-02T12:00:00Z</updated>\
         <entry><title>A</title><id>urn:dai:a</id><updated>2026-12-01T12:00:00Z</updated>\
         <link rel=\"enclosure\" type=\"audio/mpeg\" href=\"{}\"/></entry>\
         <entry><title>B</title><id>urn:dai:b</id><updated>2026-12-02T12:00:00Z</updated>\
         <link rel=\"alternate\" href=\"http://dai.vn/b.html\"/>\
         <link rel=\"enclosure\" href=\"/files/b.mp3\"/></entry></feed>",
        server.url("/files/a.mp3")
    );
    std::fs::write(place.served.join("atom.xml"), atom).expect("atom");
    let fetched = place.look(&server.url("/atom.xml"), LIMIT, &Log::default());
    let keys: Vec<&str> = fetched
        .iter()
        .map(|entry| entry.item.key.as_str())
        .collect();
    assert_eq!(keys, ["urn:dai:b", "urn:dai:a"]);
    assert_eq!(saved(&fetched).len(), 2, "{fetched:#?}");
    assert_eq!(place.files(), ["a.mp3", "b.mp3"]);

    // An RSS enclosure with no type, named .mp3, holding AAC: named for what it holds.
    let wav = place.served.join("aac.wav");
    write_tone_wav(&wav, 500.0, 2.0, 16_000, 1);
    ffmpeg_convert(
        &wav,
        &place.served.join("files/aac.mp3"),
        &["-f", "mp4", "-codec:a", "aac", "-b:a", "32k"],
    );
    let items = [("untyped", "Không kiểu", "/files/aac.mp3", None)];
    std::fs::write(place.served.join("feed.xml"), rss(&server, &items)).expect("feed");
    let fetched = place.look(&server.url("/feed.xml"), LIMIT, &Log::default());
    assert_eq!(saved(&fetched).len(), 1, "{fetched:#?}");
    assert_eq!(place.files(), ["a.mp3", "aac.m4a", "b.mp3"]);
    place.assert_staging_empty();
}

#[test]
fn hostile_enclosure_names_stay_inside_the_folder() {
    let place = Place::new();
    let mp3 = place.mp3("x.mp3", 440.0);
    let bytes = std::fs::read(place.served.join("files/x.mp3")).expect("mp3");
    let any = get(move || {
        let bytes = bytes.clone();
        async move { ([(header::CONTENT_TYPE, "audio/mpeg")], bytes) }
    });
    let server = WebServer::start(&place.served, Router::new().route("/h/{*name}", any));
    let long = "%E1%BA%A5".repeat(300);
    let paths = [
        "/h/..%2F..%2Fx.mp3".to_string(),
        "/h/..%5C..%5Cx.mp3".to_string(),
        "/h/a%00b%0A.mp3".to_string(),
        format!("/h/{long}.mp3"),
        "/h/.hidden.mp3".to_string(),
    ];
    let mut items = Vec::new();
    for (index, path) in paths.iter().enumerate() {
        items.push((format!("k{index}"), path.clone()));
    }
    let listed: Vec<(&str, &str, &str, Option<&str>)> = items
        .iter()
        .map(|(key, path)| (key.as_str(), "../../tiêu đề", path.as_str(), None))
        .collect();
    std::fs::write(place.served.join("feed.xml"), rss(&server, &listed)).expect("feed");
    let log = Log::default();
    // Each item has the same content: saved once, then known within the look.
    let fetched = place.look(&server.url("/feed.xml"), LIMIT, &log);
    assert_eq!(fetched.len(), paths.len());
    assert_eq!(saved(&fetched).len(), 1, "{fetched:#?}");

    // Apart, each is saved under a plain name in the folder.
    for path in &paths {
        let folder = Place::new();
        let fetched = folder.look(&server.url(path), LIMIT, &log);
        let file = saved(&fetched)[0];
        assert_eq!(file.sha256, mp3);
        assert_eq!(file.path.parent(), Some(folder.folder.as_path()), "{path}");
        let name = folder.files().pop().expect("one file");
        assert!(is_candidate_name(&name), "{name:?}");
        assert!(
            !name.contains(['/', '\\', '\0', '\n']) && name.len() < 255,
            "{name:?}"
        );
        assert_eq!(
            names_in(folder.folder.parent().expect("audio")),
            ["tiep-song"]
        );
    }
}

#[test]
fn a_server_that_never_answers_is_refused_after_the_tries() {
    let place = Place::new();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}/tin.mp3", closed.local_addr().expect("address"));
    drop(closed);
    let fetched = place.look(&address, LIMIT, &Log::default());
    assert!(
        matches!(
            refusal(&fetched),
            DownloadProblem::ConnectionFailed { tries: 3, .. }
        ),
        "{fetched:#?}"
    );

    let asked = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&asked);
    let failing = get(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        async { StatusCode::SERVICE_UNAVAILABLE }
    });
    let server = WebServer::start(&place.served, Router::new().route("/busy.mp3", failing));
    let fetched = place.look(&server.url("/busy.mp3"), LIMIT, &Log::default());
    assert_eq!(
        refusal(&fetched),
        &DownloadProblem::HttpStatus { status: 503 }
    );
    assert_eq!(asked.load(Ordering::SeqCst), 3);
    assert!(place.files().is_empty());
    place.assert_staging_empty();
}

#[test]
fn a_crash_leftover_in_receiving_is_cleared_not_taken() {
    let place = Place::new();
    let server = WebServer::folder(&place.served);
    place.mp3("tin.mp3", 440.0);
    std::fs::create_dir_all(&place.staging).expect("staging");
    let leftover = place.staging.join(".download-AbC123.part");
    std::fs::copy(place.served.join("files/tin.mp3"), &leftover).expect("leftover");
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .append(true)
        .open(&leftover)
        .and_then(|file| file.set_modified(old))
        .expect("age");
    let fetched = place.look(&server.url("/files/missing.mp3"), LIMIT, &Log::default());
    assert_eq!(
        refusal(&fetched),
        &DownloadProblem::HttpStatus { status: 404 }
    );
    assert!(place.files().is_empty());
    place.assert_staging_empty();
}
