//! The processing deadline an action asks for (`calendar::deadline`): given the catalogues
//! (the official calendars, or the one an administrator set for a year) and today, when an
//! action asks for a date or a number of working days, then the deadline or the refusal.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use std::collections::{BTreeMap, BTreeSet};

use chancery_domain::ErrorKind;
use chancery_domain::calendar::{Country, HolidayName, deadline, working_calendar};
use chancery_domain::catalogues::{CalendarSet, CatalogueEvent, Catalogues};
use chrono::NaiveDate;

fn d(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

/// Monday 2 March 2026.
fn monday() -> NaiveDate {
    d(2026, 3, 2)
}

/// Given the official calendars only.
fn official() -> Catalogues {
    Catalogues::default()
}

/// Given an administrator set Vietnam's 2026 calendar to one holiday, on Monday 9 March.
fn one_holiday_in_2026() -> Catalogues {
    let mut catalogues = Catalogues::default();
    catalogues.evolve(&CatalogueEvent::CalendarSet(CalendarSet {
        country: Country::Vietnam,
        year: 2026,
        holidays: BTreeMap::from([(d(2026, 3, 9), HolidayName::new("Nghỉ", "Off", "ພັກ"))]),
        working_weekend_days: BTreeSet::new(),
    }));
    catalogues
}

fn then_refused(result: chancery_domain::DomainResult<Option<NaiveDate>>, code: &str, field: &str) {
    let error = result.expect_err("refused");
    assert_eq!(
        (error.kind, error.code, error.field),
        (ErrorKind::Validation, code, Some(field)),
        "{error}"
    );
}

#[test]
fn no_deadline_asked_is_none() {
    assert_eq!(
        deadline(&official(), Country::Vietnam, monday(), None, None),
        Ok(None)
    );
}

#[test]
fn a_date_and_a_number_of_days_together_are_refused() {
    then_refused(
        deadline(
            &official(),
            Country::Vietnam,
            monday(),
            Some(d(2026, 3, 4)),
            Some(3),
        ),
        "ONE_OF",
        "deadline",
    );
}

#[test]
fn working_days_run_from_1_to_365() {
    for n in [0, -1, 366, i32::MIN, i32::MAX] {
        then_refused(
            deadline(&official(), Country::Vietnam, monday(), None, Some(n)),
            "OUT_OF_RANGE",
            "deadlineInWorkingDays",
        );
    }
    assert_eq!(
        deadline(&official(), Country::Vietnam, monday(), None, Some(1)),
        Ok(Some(d(2026, 3, 3)))
    );
    assert!(
        deadline(&official(), Country::Vietnam, monday(), None, Some(365))
            .unwrap()
            .is_some_and(|date| date > d(2027, 3, 1))
    );
}

#[test]
fn working_days_skip_weekends_and_public_holidays() {
    // Friday 6 March + 1 working day: Monday 9 March.
    assert_eq!(
        deadline(&official(), Country::Vietnam, d(2026, 3, 6), None, Some(1)),
        Ok(Some(d(2026, 3, 9)))
    );
    // Friday 13 February + 1: the Tết break (16–20 February) and a weekend later.
    assert_eq!(
        deadline(&official(), Country::Vietnam, d(2026, 2, 13), None, Some(1)),
        Ok(Some(d(2026, 2, 23)))
    );
}

#[test]
fn a_date_must_be_a_working_day() {
    then_refused(
        deadline(
            &official(),
            Country::Vietnam,
            monday(),
            Some(d(2026, 3, 7)),
            None,
        ),
        "NOT_A_WORKING_DAY",
        "deadline",
    );
    assert_eq!(
        deadline(
            &official(),
            Country::Vietnam,
            monday(),
            Some(d(2026, 3, 6)),
            None
        ),
        Ok(Some(d(2026, 3, 6)))
    );
    // Today itself counts: a Saturday deadline asked on that Saturday is refused too.
    then_refused(
        deadline(
            &official(),
            Country::Vietnam,
            d(2026, 3, 7),
            Some(d(2026, 3, 7)),
            None,
        ),
        "NOT_A_WORKING_DAY",
        "deadline",
    );
}

#[test]
fn a_past_date_is_left_to_the_action_rule() {
    // Sunday 1 March, asked on Monday 2 March: not this rule's refusal (the action refuses
    // a deadline in the past with its own reason).
    assert_eq!(
        deadline(
            &official(),
            Country::Vietnam,
            monday(),
            Some(d(2026, 3, 1)),
            None
        ),
        Ok(Some(d(2026, 3, 1)))
    );
}

#[test]
fn the_calendar_an_administrator_set_replaces_the_official_year() {
    let catalogues = one_holiday_in_2026();
    then_refused(
        deadline(
            &catalogues,
            Country::Vietnam,
            monday(),
            Some(d(2026, 3, 9)),
            None,
        ),
        "NOT_A_WORKING_DAY",
        "deadline",
    );
    assert_eq!(
        deadline(&catalogues, Country::Vietnam, d(2026, 3, 6), None, Some(1)),
        Ok(Some(d(2026, 3, 10)))
    );
    // Its year no longer has the official Tết break; the years around keep theirs.
    let calendar = working_calendar(&catalogues, Country::Vietnam, monday());
    assert!(calendar.is_working_day(d(2026, 2, 16)));
    assert!(!calendar.is_working_day(d(2027, 1, 1)));
    // Laos keeps its official calendar.
    assert!(!working_calendar(&catalogues, Country::Laos, monday()).is_working_day(d(2026, 3, 8)));
}
