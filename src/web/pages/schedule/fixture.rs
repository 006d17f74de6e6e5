//! A configuration for the schedule page's tests, written as an officer writes one.

use crate::config::Config;

pub fn config(programmes: &str, station_extra: &str, tail: &str) -> (tempfile::TempDir, Config) {
    let dir = tempfile::tempdir().expect("temp dir");
    for folder in ["a", "b"] {
        std::fs::create_dir_all(dir.path().join("audio").join(folder)).expect("mkdir");
    }
    let text = format!(
        "[station]\nname = \"x\"\nlang = \"en\"\n{station_extra}\n[paths]\naudio = \"audio\"\n\
         data = \"data\"\n{programmes}\n{tail}"
    );
    let config = Config::parse(&dir.path().join("wardcast.toml"), &text).expect("config");
    (dir, config)
}

pub fn programme(id: &str, folder: &str, schedule: &str) -> String {
    format!(
        "[[programme]]\nid = \"{id}\"\ntitle = \"{id}\"\nfolder = \"{folder}\"\n\
         schedule = [\"{schedule}\"]\npick = \"newest\"\n"
    )
}
