//! The register book's arrival times follow its numbers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chancery_domain::register::arrival_after;
use chrono::{Duration, Utc};

#[test]
fn given_no_number_before_when_registering_then_the_clerks_time_counts() {
    let now = Utc::now();
    assert_eq!(arrival_after(now, None), now);
}

#[test]
fn given_a_later_previous_number_when_registering_then_the_time_is_not_earlier() {
    // A request that began first took its number second.
    let now = Utc::now();
    let previous = now + Duration::milliseconds(30);
    assert_eq!(arrival_after(now, Some(previous)), previous);
}

#[test]
fn given_an_earlier_previous_number_when_registering_then_the_clerks_time_counts() {
    let now = Utc::now();
    assert_eq!(arrival_after(now, Some(now - Duration::seconds(5))), now);
}
