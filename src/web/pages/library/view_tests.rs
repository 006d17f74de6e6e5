use super::*;
use chrono::TimeZone;
use std::path::Path;

/// A mono 16-bit WAV of a 440 Hz tone.
fn tone_wav(path: &Path, seconds: u32) {
    let rate = 8_000u32;
    let samples: Vec<u8> = (0..rate * seconds)
        .flat_map(|n| {
            let phase = f64::from(n) * 440.0 * std::f64::consts::TAU / f64::from(rate);
            ((phase.sin() * 12_000.0) as i16).to_le_bytes()
        })
        .collect();
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"RIFF");
    bytes.extend_from_slice(&(36 + samples.len() as u32).to_le_bytes());
    bytes.extend_from_slice(b"WAVEfmt ");
    bytes.extend_from_slice(&16u32.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes());
    bytes.extend_from_slice(&rate.to_le_bytes());
    bytes.extend_from_slice(&(rate * 2).to_le_bytes());
    bytes.extend_from_slice(&2u16.to_le_bytes());
    bytes.extend_from_slice(&16u16.to_le_bytes());
    bytes.extend_from_slice(b"data");
    bytes.extend_from_slice(&(samples.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&samples);
    std::fs::write(path, bytes).expect("wav");
}

struct Folder {
    dir: tempfile::TempDir,
    config: Config,
}

fn folder() -> Folder {
    let dir = tempfile::tempdir().expect("temp dir");
    let audio = dir.path().join("audio");
    std::fs::create_dir_all(audio.join("tin-tuc")).expect("folder");
    std::fs::create_dir_all(audio.join("cchc")).expect("folder");
    let config = Config::parse(
        &dir.path().join("wardcast.toml"),
        "[station]\nname = \"Đài\"\nlang = \"en\"\ntimezone = \"Asia/Ho_Chi_Minh\"\n\
         [paths]\naudio = \"audio\"\ndata = \"data\"\n\
         [[programme]]\nid = \"tin-tuc\"\ntitle = \"Tin tức\"\nfolder = \"tin-tuc\"\n\
         schedule = [\"0 6 * * *\"]\npick = \"newest\"\n\
         [[programme]]\nid = \"cchc\"\ntitle = \"CCHC\"\nfolder = \"cchc\"\n\
         schedule = [\"30 6 * * *\"]\npick = \"month\"\n",
    )
    .expect("config");
    Folder { dir, config }
}

fn now() -> DateTime<Tz> {
    chrono_tz::Asia::Ho_Chi_Minh
        .with_ymd_and_hms(2026, 12, 7, 5, 0, 0)
        .single()
        .expect("valid")
}

/// Files written a minute ago: the library takes them as complete at once.
fn settled(folder: &Path) {
    let before = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for entry in std::fs::read_dir(folder).expect("list") {
        let file = std::fs::File::options()
            .write(true)
            .open(entry.expect("entry").path())
            .expect("open");
        file.set_modified(before).expect("time");
    }
}

fn view_of(folder: &Folder, shown: &Shown) -> LibraryView {
    settled(&folder.dir.path().join("audio/tin-tuc"));
    let mut library = Library::open(&folder.config).expect("library");
    crate::library::refresh(&mut library).expect("refresh");
    let next = crate::plan::next_of_each(
        &folder.config,
        &library,
        &crate::ledger::AiredContents::default(),
        &now(),
        folder.config.station.lang,
    );
    gather(&folder.config, &library, &next, shown)
}

#[test]
fn each_programme_lists_its_files_with_state_length_and_next_airing() {
    let folder = folder();
    let tin = folder.dir.path().join("audio/tin-tuc");
    tone_wav(&tin.join("tin.wav"), 2);
    std::fs::write(tin.join("hỏng.mp3"), "not sound at all").expect("text");
    let view = view_of(&folder, &Shown::default());
    let ids: Vec<_> = view.programmes.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["tin-tuc", "cchc"], "configuration order");
    let news = &view.programmes[0];
    assert_eq!((news.total, news.folder.as_str()), (2, "audio/tin-tuc/"));
    let ready = news
        .files
        .iter()
        .find(|f| f.name == "tin.wav")
        .expect("tin");
    assert_eq!(ready.state, FileState::Ready);
    assert!(ready.seconds.is_some_and(|s| (s - 2.0).abs() < 0.1));
    let six = now() + chrono::Duration::hours(1);
    assert_eq!(ready.next_airing, Some(six));
    let bad = news
        .files
        .iter()
        .find(|f| f.name == "hỏng.mp3")
        .expect("bad");
    assert!(matches!(bad.state, FileState::Rejected(_)), "{bad:?}");
    assert_eq!((bad.seconds, bad.next_airing), (None, None));
    assert!(view.programmes[1].files.is_empty());
}

#[test]
fn only_the_newest_files_are_shown_unless_all_are_asked_for() {
    let folder = folder();
    let tin = folder.dir.path().join("audio/tin-tuc");
    for n in 0..5 {
        std::fs::write(tin.join(format!("{n}.mp3")), "x").expect("file");
    }
    let few = Shown {
        newest: 2,
        all_of: None,
    };
    let view = view_of(&folder, &few);
    assert_eq!(view.programmes[0].total, 5);
    assert_eq!(view.programmes[0].files.len(), 2);
    let all = Shown {
        newest: 2,
        all_of: Some("tin-tuc".into()),
    };
    assert_eq!(view_of(&folder, &all).programmes[0].files.len(), 5);
}
