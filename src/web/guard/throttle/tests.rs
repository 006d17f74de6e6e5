use super::*;

fn keys(name: &str) -> Vec<Key> {
    Key::of(Some("192.168.1.20".parse().expect("ip")), name)
}

#[test]
fn five_failures_shut_the_door_and_each_failure_after_doubles_the_wait() {
    let start = Instant::now();
    let mut throttle = Throttle::default();
    let an = keys("an");
    for attempt in 0..4 {
        throttle.failed(&an, start + Duration::from_secs(attempt));
        assert_eq!(
            throttle.wait(&an, start + Duration::from_secs(attempt)),
            None
        );
    }
    let fifth = start + Duration::from_secs(4);
    throttle.failed(&an, fifth);
    assert_eq!(throttle.wait(&an, fifth), Some(Duration::from_secs(30)));
    let wait = throttle.wait(&an, fifth + Duration::from_millis(500));
    assert_eq!(seconds(wait.expect("shut")), 30);
    let later = fifth + Duration::from_secs(31);
    assert_eq!(throttle.wait(&an, later), None, "the wait is over");
    throttle.failed(&an, later);
    assert_eq!(throttle.wait(&an, later), Some(Duration::from_secs(60)));
    let mut at = later;
    for _ in 0..10 {
        at += throttle.wait(&an, at).unwrap_or_default();
        throttle.failed(&an, at);
    }
    assert_eq!(
        throttle.wait(&an, at),
        Some(LONGEST_WAIT),
        "at most 15 minutes"
    );
}

#[test]
fn the_address_and_the_name_are_each_counted() {
    let start = Instant::now();
    let mut throttle = Throttle::default();
    for (index, name) in ["a", "b", "c", "d", "e"].iter().enumerate() {
        throttle.failed(&keys(name), start + Duration::from_secs(index as u64));
    }
    let now = start + Duration::from_secs(5);
    assert!(
        throttle.wait(&keys("f"), now).is_some(),
        "same address, new name"
    );
    let elsewhere = Key::of(Some("192.168.1.21".parse().expect("ip")), "f");
    assert_eq!(throttle.wait(&elsewhere, now), None);
    for second in 0..5 {
        let from = Key::of(Some(format!("10.0.0.{second}").parse().expect("ip")), "g");
        throttle.failed(&from, now + Duration::from_secs(second));
    }
    let fresh = Key::of(Some("10.0.1.1".parse().expect("ip")), "g");
    let after = now + Duration::from_secs(5);
    assert!(throttle.wait(&fresh, after).is_some(), "same name");
}

#[test]
fn a_quiet_window_forgets_and_a_success_clears_the_name() {
    let start = Instant::now();
    let mut throttle = Throttle::default();
    let an = keys("an");
    for attempt in 0..4 {
        throttle.failed(&an, start + Duration::from_secs(attempt));
    }
    let quiet = start + WINDOW + Duration::from_secs(10);
    throttle.failed(&an, quiet);
    assert_eq!(
        throttle.wait(&an, quiet),
        None,
        "old failures no longer count"
    );
    throttle.succeeded("an");
    let name_only = vec![Key::Name("an".into())];
    for attempt in 0..4 {
        throttle.failed(&name_only, quiet + Duration::from_secs(attempt));
    }
    let fifth = quiet + Duration::from_secs(4);
    assert_eq!(
        throttle.wait(&name_only, fifth),
        None,
        "cleared by the success"
    );
}

#[test]
fn a_long_wait_is_not_counted_as_quiet() {
    let start = Instant::now();
    let mut throttle = Throttle::default();
    let an = keys("an");
    let mut at = start;
    for _ in 0..12 {
        at += throttle.wait(&an, at).unwrap_or_default();
        throttle.failed(&an, at);
    }
    assert_eq!(throttle.wait(&an, at), Some(LONGEST_WAIT));
    at += LONGEST_WAIT;
    throttle.failed(&an, at);
    assert_eq!(
        throttle.wait(&an, at),
        Some(LONGEST_WAIT),
        "no fresh five tries"
    );
}

#[test]
fn memory_stays_bounded_under_a_flood_of_names() {
    let start = Instant::now();
    let mut throttle = Throttle::default();
    for index in 0..(3 * MOST) {
        let at = start + Duration::from_millis(index as u64);
        throttle.failed(&[Key::Name(format!("made-up-{index}"))], at);
    }
    assert!(throttle.len() <= MOST, "{}", throttle.len());
    let long = "x".repeat(10_000);
    assert_eq!(
        Key::of(None, &long),
        vec![Key::Name("x".repeat(NAME_CHARS))]
    );
}
