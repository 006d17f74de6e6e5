//! `wardcast user`: the console's users created, changed, listed and removed from the
//! command line, the password read from standard input as a script gives it.

mod support;

use support::console::user_add;
use support::{stderr, stdout, Station};

fn station() -> Station {
    Station::new(&["tin-tuc"], "")
}

fn users_file(station: &Station) -> String {
    std::fs::read_to_string(station.dir.path().join("data").join("console-users.json"))
        .expect("the users file")
}

#[test]
fn users_are_added_listed_changed_and_removed() {
    let station = station();
    let added = user_add(&station, "nguyenvana", &["--lang", "en"], "mật khẩu đủ dài");
    assert!(added.status.success(), "{added:?}");
    assert!(
        stdout(&added).contains("User «nguyenvana» created (officer)"),
        "{added:?}"
    );
    let viewer = user_add(&station, "xem", &["--role", "viewer"], "chỉ xem thôi 1");
    assert!(viewer.status.success(), "{viewer:?}");
    assert!(stdout(&viewer).contains("«xem»"), "{viewer:?}");
    assert!(
        stdout(&viewer).contains("chỉ xem"),
        "Vietnamese by default: {viewer:?}"
    );

    let text = users_file(&station);
    assert!(!text.contains("mật khẩu đủ dài") && !text.contains("chỉ xem thôi 1"));
    assert_eq!(text.matches("$argon2id$").count(), 2, "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = station.dir.path().join("data").join("console-users.json");
        let mode = std::fs::metadata(path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let list = station.run(&["--lang", "en", "user", "list"]);
    assert!(list.status.success(), "{list:?}");
    let listed = stdout(&list);
    assert!(listed.contains("nguyenvana | officer |"), "{listed}");
    assert!(listed.contains("xem | viewer |"), "{listed}");

    let before = users_file(&station);
    let changed = user_add(
        &station,
        "xem",
        &["--lang", "en", "--role", "officer"],
        "mật khẩu mới 2",
    );
    assert!(changed.status.success(), "{changed:?}");
    assert!(stdout(&changed).contains("already existed"), "{changed:?}");
    assert_ne!(before, users_file(&station), "the hash changed");
    let list = stdout(&station.run(&["--lang", "en", "user", "list"]));
    assert!(list.contains("xem | officer |"), "{list}");

    let removed = station.run(&["--lang", "en", "user", "remove", "xem"]);
    assert!(removed.status.success(), "{removed:?}");
    assert!(
        stdout(&removed).contains("User «xem» removed"),
        "{removed:?}"
    );
    let list = stdout(&station.run(&["--lang", "en", "user", "list"]));
    assert!(
        !list.contains("xem |") && list.contains("nguyenvana |"),
        "{list}"
    );
}

#[test]
fn bad_names_short_passwords_and_unknown_users_are_refused_plainly() {
    let station = station();
    for name in ["Nguyen", "nguyễn", "a/b", "../x", &"a".repeat(33)] {
        let refused = user_add(&station, name, &["--lang", "en"], "mật khẩu đủ dài");
        assert_eq!(refused.status.code(), Some(2), "{name}: {refused:?}");
        assert!(
            stderr(&refused).contains("lowercase letters a–z"),
            "{refused:?}"
        );
    }
    let short = user_add(&station, "an", &["--lang", "en"], "1234567");
    assert_eq!(short.status.code(), Some(2), "{short:?}");
    assert!(
        stderr(&short).contains("at least 8 characters"),
        "{short:?}"
    );
    let none = user_add(&station, "an", &["--lang", "en"], "");
    assert_eq!(none.status.code(), Some(2), "{none:?}");
    let vietnamese = user_add(&station, "an", &[], "ngắn");
    assert!(
        stderr(&vietnamese).contains("Mật khẩu quá ngắn"),
        "{vietnamese:?}"
    );
    assert!(!station
        .dir
        .path()
        .join("data")
        .join("console-users.json")
        .exists());

    let unknown = station.run(&["--lang", "en", "user", "remove", "ai-do"]);
    assert_eq!(unknown.status.code(), Some(1), "{unknown:?}");
    assert!(
        stderr(&unknown).contains("There is no user «ai-do»"),
        "{unknown:?}"
    );
    let empty = station.run(&["--lang", "en", "user", "list"]);
    assert!(stdout(&empty).contains("no users yet"), "{empty:?}");
}

#[test]
fn a_damaged_users_file_is_an_error_and_is_left_as_it_was() {
    let station = station();
    let data = station.dir.path().join("data");
    std::fs::create_dir_all(&data).expect("data folder");
    let path = data.join("console-users.json");
    std::fs::write(&path, "{\"users\": [{\"name\": ").expect("damaged file");
    let added = user_add(&station, "an", &["--lang", "en"], "mật khẩu đủ dài");
    assert_eq!(added.status.code(), Some(1), "{added:?}");
    assert!(stderr(&added).contains("is damaged"), "{added:?}");
    assert!(!stderr(&added).contains("panicked"), "{added:?}");
    let list = station.run(&["--lang", "en", "user", "list"]);
    assert_eq!(list.status.code(), Some(1), "{list:?}");
    assert_eq!(
        std::fs::read_to_string(&path).expect("kept"),
        "{\"users\": [{\"name\": "
    );
}
