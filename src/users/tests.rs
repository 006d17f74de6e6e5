use super::*;
use crate::messages::users::UserProblem;

#[test]
fn names_are_plain_lowercase_words() {
    for good in ["nguyenvana", "a", "can.bo_2-x", &"a".repeat(32)] {
        assert!(check_name(good).is_ok(), "{good}");
    }
    for bad in [
        "",
        "NguyenVanA",
        "nguyễn",
        "a b",
        "../x",
        "a/b",
        &"a".repeat(33),
        "x\0",
    ] {
        let error = check_name(bad).expect_err(bad);
        assert!(error.is_typing());
        assert!(error.to_string().contains("a–z"), "{error}");
    }
}

#[test]
fn passwords_need_eight_characters() {
    assert!(check_password("1234567").is_err());
    assert!(check_password("12345678").is_ok());
    // Characters, not bytes: eight Vietnamese letters are enough.
    assert!(check_password("mậtkhẩuư").is_ok());
    assert!(check_password("ấấấ").is_err());
}

#[test]
fn setting_adds_or_changes_and_keeps_the_role_unless_told() {
    let now = Utc::now();
    let mut users = Users::default();
    assert_eq!(users.set("an", None, "h1".into(), now), Set::Added);
    assert_eq!(users.find("an").map(|user| user.role), Some(Role::Officer));
    assert_eq!(
        users.set("binh", Some(Role::Viewer), "h2".into(), now),
        Set::Added
    );
    assert_eq!(users.set("binh", None, "h3".into(), now), Set::Changed);
    let binh = users.find("binh").expect("binh");
    assert_eq!((binh.role, binh.hash.as_str()), (Role::Viewer, "h3"));
    assert_eq!(
        users.set("binh", Some(Role::Officer), "h4".into(), now),
        Set::Changed
    );
    assert_eq!(
        users.find("binh").map(|user| user.role),
        Some(Role::Officer)
    );
    assert_eq!(
        users.remove("an").map(|user| user.name).ok(),
        Some("an".into())
    );
    assert!(matches!(
        users.remove("an"),
        Err(UserError::Refused(UserProblem::Unknown { .. }))
    ));
}

#[test]
fn the_file_round_trips_and_a_damaged_one_is_an_error_left_in_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = users_path(dir.path());
    assert_eq!(load(&path).expect("no file yet"), Users::default());
    let mut users = Users::default();
    let hash = hash_password("đúng mật khẩu").expect("hash");
    users.set("an", None, hash, Utc::now());
    save(&path, &users).expect("save");
    assert_eq!(load(&path).expect("load"), users);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(!text.contains("đúng mật khẩu"));
    assert!(text.contains("$argon2id$"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    std::fs::write(&path, "{\"users\": [").expect("damage");
    let error = load(&path).expect_err("damaged");
    assert!(
        matches!(error, UserError::Refused(UserProblem::Damaged { .. })),
        "{error}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("kept"),
        "{\"users\": ["
    );
}

#[test]
fn passwords_verify_only_against_their_own_hash() {
    let hash = hash_password("mật khẩu một").expect("hash");
    let again = hash_password("mật khẩu một").expect("hash");
    assert_ne!(hash, again, "each hash has its own salt");
    assert!(verify_password(&hash, "mật khẩu một"));
    assert!(!verify_password(&hash, "mật khẩu hai"));
    assert!(!verify_password("not a hash", "mật khẩu một"));
}
