//! Working calendars: official holidays of Vietnam and Laos, and working-day arithmetic.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use chancery_domain::calendar::{Country, HolidayName, WorkingCalendar, laos, vietnam};
use chancery_domain::reference::Lang;
use chrono::{Datelike, NaiveDate, Weekday};

fn d(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

/// The holidays of `calendar` that fall on a weekday, as dates.
fn weekday_holidays(calendar: &WorkingCalendar) -> Vec<NaiveDate> {
    calendar
        .holidays
        .keys()
        .copied()
        .filter(|date| !calendar.is_weekend(*date))
        .collect()
}

fn is_lao(text: &str) -> bool {
    text.chars().any(|c| ('\u{0E80}'..='\u{0EFF}').contains(&c))
}

#[test]
fn tet_2026_is_not_worked() {
    let calendar = vietnam(2026);
    for day in 16..=20 {
        assert!(
            !calendar.is_working_day(d(2026, 2, day)),
            "16–20 Feb: {day}"
        );
        assert_eq!(
            calendar.holiday(d(2026, 2, day)).unwrap().vi,
            "Tết Nguyên đán"
        );
    }
    // The nine-day break: 14 Feb (Saturday) to 22 Feb (Sunday).
    for day in 14..=22 {
        assert!(!calendar.is_working_day(d(2026, 2, day)));
    }
    assert!(calendar.is_working_day(d(2026, 2, 13)));
    assert!(calendar.is_working_day(d(2026, 2, 23)));
}

#[test]
fn a_deadline_from_the_friday_before_tet_lands_after_tet() {
    let calendar = vietnam(2026);
    let friday = d(2026, 2, 13);
    assert_eq!(friday.weekday(), Weekday::Fri);
    assert_eq!(calendar.add_working_days(friday, 1), d(2026, 2, 23));
    assert_eq!(calendar.deadline(friday, 3), d(2026, 2, 25));
    assert_eq!(calendar.working_days_between(friday, d(2026, 2, 25)), 3);
    // Tết 2025 (29 January) and the provisional 2027 break (6 February).
    assert_eq!(vietnam(2025).deadline(d(2025, 1, 24), 3), d(2025, 2, 5));
    assert_eq!(vietnam(2027).deadline(d(2027, 2, 3), 1), d(2027, 2, 11));
}

#[test]
fn weekends_are_skipped() {
    let calendar = vietnam(2026);
    let friday = d(2026, 3, 6);
    let saturday = d(2026, 3, 7);
    let monday = d(2026, 3, 9);
    assert!(!calendar.is_working_day(saturday));
    assert!(!calendar.is_working_day(d(2026, 3, 8)));
    assert_eq!(calendar.add_working_days(friday, 1), monday);
    assert_eq!(calendar.add_working_days(friday, 5), d(2026, 3, 13));
    assert_eq!(calendar.add_working_days(friday, 6), d(2026, 3, 16));
    // n = 0: the day itself when it is worked, else the next working day.
    assert_eq!(calendar.add_working_days(friday, 0), friday);
    assert_eq!(calendar.add_working_days(saturday, 0), monday);
    assert_eq!(calendar.add_working_days(saturday, 1), monday);
    assert_eq!(calendar.next_working_day(friday), monday);
    assert_eq!(calendar.next_working_day(monday), d(2026, 3, 10));
    assert_eq!(calendar.working_days_between(friday, monday), 1);
}

#[test]
fn a_compensatory_saturday_is_a_working_day() {
    let calendar = vietnam(2026);
    // Friday 2 January 2026 was given off and Saturday 10 January worked instead.
    assert!(!calendar.is_working_day(d(2026, 1, 2)));
    assert!(calendar.is_working_day(d(2026, 1, 10)));
    assert!(
        calendar
            .holiday(d(2026, 1, 2))
            .unwrap()
            .vi
            .contains("10/01/2026")
    );
    assert_eq!(calendar.add_working_days(d(2026, 1, 9), 1), d(2026, 1, 10));
    assert_eq!(
        calendar.working_days_between(d(2026, 1, 9), d(2026, 1, 12)),
        2
    );
    // Quốc khánh 2026: Monday 31 August off, Saturday 22 August worked.
    assert!(calendar.is_working_day(d(2026, 8, 22)));
    assert!(!calendar.is_working_day(d(2026, 8, 23)));
    assert!(!calendar.is_working_day(d(2026, 8, 31)));
    assert_eq!(calendar.add_working_days(d(2026, 8, 28), 1), d(2026, 9, 3));
    // 30/4 2025: Friday 2 May off, Saturday 26 April worked.
    let calendar = vietnam(2025);
    assert!(calendar.is_working_day(d(2025, 4, 26)));
    assert!(!calendar.is_working_day(d(2025, 5, 2)));
    // A holiday wins over a working-weekend declaration.
    let mut calendar = WorkingCalendar::new(Country::Vietnam, vec![Weekday::Sat, Weekday::Sun]);
    calendar.add_working_weekend_day(d(2026, 3, 7));
    assert!(calendar.is_working_day(d(2026, 3, 7)));
    calendar.add_holiday(d(2026, 3, 7), HolidayName::new("Nghỉ", "Off", "ພັກ"));
    assert!(!calendar.is_working_day(d(2026, 3, 7)));
    assert_eq!(
        calendar.working_days_between(d(2026, 3, 6), d(2026, 3, 9)),
        1
    );
}

#[test]
fn working_days_between_has_a_symmetric_sign_and_matches_counting() {
    let calendar = Country::Vietnam.calendar(2025..=2027);
    let start = d(2024, 12, 20);
    let dates: Vec<NaiveDate> = (0..1200)
        .step_by(7)
        .map(|i| start + chrono::Days::new(i))
        .collect();
    let odd: Vec<NaiveDate> = (0..1200)
        .step_by(11)
        .map(|i| start + chrono::Days::new(i))
        .collect();
    for a in dates.iter().chain(&odd).step_by(3) {
        for b in dates.iter().chain(&odd).step_by(5) {
            let forward = calendar.working_days_between(*a, *b);
            assert_eq!(forward, -calendar.working_days_between(*b, *a));
            let (lo, hi, sign) = if a <= b { (*a, *b, 1) } else { (*b, *a, -1) };
            let counted = lo
                .iter_days()
                .skip(1)
                .take_while(|day| *day <= hi)
                .filter(|day| calendar.is_working_day(*day))
                .count() as i64;
            assert_eq!(forward, sign * counted, "{a} → {b}");
        }
    }
    assert_eq!(
        calendar.working_days_between(d(2026, 2, 13), d(2026, 2, 13)),
        0
    );
    assert_eq!(
        calendar.working_days_between(d(2026, 2, 25), d(2026, 2, 13)),
        -3
    );
}

#[test]
fn add_working_days_and_working_days_between_agree() {
    let calendar = Country::Vietnam.calendar(2025..=2027);
    let mut start = d(2025, 1, 1);
    while start < d(2027, 12, 1) {
        for n in [1_u32, 2, 3, 5, 10, 15, 30] {
            let end = calendar.add_working_days(start, n);
            assert!(calendar.is_working_day(end));
            assert_eq!(
                calendar.working_days_between(start, end),
                i64::from(n),
                "{start} + {n}"
            );
        }
        start = start.succ_opt().unwrap();
    }
}

#[test]
fn deadlines_cross_the_year_boundary() {
    let calendar = Country::Vietnam.calendar(2025..=2026);
    // Wednesday 31 December 2025; 1 January is Tết Dương lịch, 2 January swapped off.
    let eve = d(2025, 12, 31);
    assert_eq!(calendar.add_working_days(eve, 1), d(2026, 1, 5));
    assert_eq!(calendar.working_days_between(eve, d(2026, 1, 5)), 1);
    assert_eq!(calendar.working_days_between(d(2026, 1, 5), eve), -1);
    assert_eq!(calendar.add_working_days(d(2025, 12, 29), 5), d(2026, 1, 7));
    // A single year's calendar does not know the next year's holidays.
    assert_eq!(vietnam(2025).add_working_days(eve, 1), d(2026, 1, 1));

    let laos = Country::Laos.calendar(2025..=2026);
    assert_eq!(laos.add_working_days(d(2025, 12, 31), 1), d(2026, 1, 2));
}

#[test]
fn vietnam_holidays_by_year() {
    let weekday_off = |year| weekday_holidays(&vietnam(year));
    assert_eq!(
        weekday_off(2025),
        [
            d(2025, 1, 1),
            d(2025, 1, 27),
            d(2025, 1, 28),
            d(2025, 1, 29),
            d(2025, 1, 30),
            d(2025, 1, 31),
            d(2025, 4, 7),
            d(2025, 4, 30),
            d(2025, 5, 1),
            d(2025, 5, 2),
            d(2025, 9, 1),
            d(2025, 9, 2),
        ]
    );
    assert_eq!(
        weekday_off(2026),
        [
            d(2026, 1, 1),
            d(2026, 1, 2),
            d(2026, 2, 16),
            d(2026, 2, 17),
            d(2026, 2, 18),
            d(2026, 2, 19),
            d(2026, 2, 20),
            d(2026, 4, 27),
            d(2026, 4, 30),
            d(2026, 5, 1),
            d(2026, 8, 31),
            d(2026, 9, 1),
            d(2026, 9, 2),
        ]
    );
    assert_eq!(
        weekday_off(2027),
        [
            d(2027, 1, 1),
            d(2027, 2, 4),
            d(2027, 2, 5),
            d(2027, 2, 8),
            d(2027, 2, 9),
            d(2027, 2, 10),
            d(2027, 4, 16),
            d(2027, 4, 30),
            d(2027, 5, 3),
            d(2027, 9, 2),
            d(2027, 9, 3),
        ]
    );
    // Hùng Kings 2026 fell on Sunday 26 April: made up on Monday 27 April.
    let calendar = vietnam(2026);
    let april: Vec<(NaiveDate, String)> = calendar
        .holidays_between(d(2026, 4, 1), d(2026, 4, 30))
        .into_iter()
        .map(|holiday| (holiday.date, holiday.name.vi))
        .collect();
    assert_eq!(
        april,
        [
            (d(2026, 4, 26), "Giỗ Tổ Hùng Vương".to_owned()),
            (d(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương".to_owned()),
            (d(2026, 4, 30), "Ngày Chiến thắng".to_owned()),
        ]
    );
    assert!(
        calendar
            .holidays_between(d(2026, 4, 30), d(2026, 4, 1))
            .is_empty()
    );
    assert_eq!(
        calendar.holiday(d(2026, 4, 26)).unwrap().vi,
        "Giỗ Tổ Hùng Vương"
    );
    assert_eq!(
        calendar.holiday(d(2026, 4, 27)).unwrap().vi,
        "Nghỉ bù Giỗ Tổ Hùng Vương"
    );
    assert_eq!(
        vietnam(2027).holiday(d(2027, 5, 3)).unwrap().vi,
        "Nghỉ bù Ngày Quốc tế Lao động"
    );
    assert_eq!(
        vietnam(2027).holiday(d(2027, 2, 6)).unwrap().get(Lang::En),
        "Lunar New Year (Tết)"
    );
}

#[test]
fn years_without_built_in_data_get_the_solar_holidays_with_days_in_lieu() {
    assert!(!Country::Vietnam.built_in_years().contains(&2028));
    // 2028: 1/1 Saturday, 30/4 Sunday, 1/5 Monday, 2/9 Saturday.
    assert_eq!(
        weekday_holidays(&vietnam(2028)),
        [
            d(2028, 1, 3),
            d(2028, 5, 1),
            d(2028, 5, 2),
            d(2028, 9, 1),
            d(2028, 9, 4),
        ]
    );
    // 2029: 2/9 Sunday; the adjacent day is Monday 3/9 and the day in lieu Tuesday 4/9.
    let calendar = vietnam(2029);
    assert!(!calendar.is_working_day(d(2029, 9, 3)));
    assert!(!calendar.is_working_day(d(2029, 9, 4)));
    assert!(calendar.is_working_day(d(2029, 9, 5)));
    assert!(calendar.working_weekend_days.is_empty());
    // No lunar data: Tết 2028 (26 January) must be added by an administrator.
    assert!(
        calendar
            .holidays
            .values()
            .all(|name| name.vi != "Tết Nguyên đán")
    );
}

#[test]
fn laos_holidays_by_year() {
    assert_eq!(
        weekday_holidays(&laos(2025)),
        [
            d(2025, 1, 1),
            d(2025, 3, 10),
            d(2025, 4, 14),
            d(2025, 4, 15),
            d(2025, 4, 16),
            d(2025, 5, 1),
            d(2025, 11, 5),
            d(2025, 12, 2),
        ]
    );
    assert_eq!(
        weekday_holidays(&laos(2026)),
        [
            d(2026, 1, 1),
            d(2026, 3, 9),
            d(2026, 4, 14),
            d(2026, 4, 15),
            d(2026, 4, 16),
            d(2026, 5, 1),
            d(2026, 11, 24),
            d(2026, 12, 2),
        ]
    );
    assert_eq!(
        weekday_holidays(&laos(2027)),
        [
            d(2027, 1, 1),
            d(2027, 3, 8),
            d(2027, 4, 14),
            d(2027, 4, 15),
            d(2027, 4, 16),
            d(2027, 5, 3),
            d(2027, 12, 2),
        ]
    );
    let calendar = laos(2026);
    assert_eq!(calendar.country, Country::Laos);
    assert_eq!(calendar.holiday(d(2026, 4, 14)).unwrap().lo, "ບຸນປີໃໝ່ລາວ");
    assert_eq!(calendar.holiday(d(2026, 12, 2)).unwrap().lo, "ວັນຊາດ");
    assert_eq!(
        calendar.holiday(d(2026, 3, 9)).unwrap().lo,
        "ພັກຊົດເຊີຍ ວັນແມ່ຍິງສາກົນ"
    );
    // Pi Mai: Monday 13 April 2026 is worked, the deadline runs past the festival.
    assert_eq!(calendar.add_working_days(d(2026, 4, 13), 1), d(2026, 4, 17));
    // Without built-in data there is no That Luang day.
    assert_eq!(weekday_holidays(&laos(2028)).len(), 7);
}

#[test]
fn every_holiday_is_named_in_three_languages() {
    for country in Country::ALL {
        for year in 2024..=2030 {
            let calendar = country.calendar_for_year(year);
            for (date, name) in &calendar.holidays {
                for lang in Lang::ALL {
                    assert!(
                        !name.get(*lang).trim().is_empty(),
                        "{country} {date} {lang}"
                    );
                }
                assert!(is_lao(&name.lo), "{country} {date}: {}", name.lo);
                assert!(!is_lao(&name.vi) && !is_lao(&name.en), "{country} {date}");
                assert_eq!(date.year(), year);
            }
            for date in &calendar.working_weekend_days {
                assert!(calendar.is_weekend(*date) && calendar.is_working_day(*date));
            }
        }
    }
}

#[test]
fn calendars_round_trip_through_serde() {
    let calendar = Country::Vietnam.calendar(2025..=2027);
    let json = serde_json::to_value(&calendar).unwrap();
    assert_eq!(json["country"], "vietnam");
    assert_eq!(json["weekend"], serde_json::json!(["Sat", "Sun"]));
    assert_eq!(json["holidays"]["2026-02-17"]["vi"], "Tết Nguyên đán");
    assert!(
        json["working_weekend_days"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("2026-01-10"))
    );
    let back: WorkingCalendar = serde_json::from_value(json).unwrap();
    assert_eq!(back, calendar);

    let text = serde_json::to_string(&laos(2026)).unwrap();
    let back: WorkingCalendar = serde_json::from_str(&text).unwrap();
    assert_eq!(back, laos(2026));
    assert_eq!(serde_json::to_string(&Country::Laos).unwrap(), "\"laos\"");
}

#[test]
fn country_codes_and_labels() {
    for country in Country::ALL {
        assert_eq!(Country::parse(country.code()), Some(*country));
        assert_eq!(country.to_string(), country.code());
        assert!(is_lao(country.labels().lo));
    }
    assert_eq!(Country::parse("VN"), Some(Country::Vietnam));
    assert_eq!(Country::parse("lao"), Some(Country::Laos));
    assert_eq!(Country::parse("thailand"), None);
    assert_eq!(Country::Vietnam.labels().vi, "Việt Nam");
}

#[test]
fn administrators_edit_holidays_at_run_time() {
    let mut calendar = vietnam(2028);
    let tet = d(2028, 1, 26);
    assert!(calendar.is_working_day(tet));
    let previous = calendar.add_holiday(
        tet,
        HolidayName::new("Tết Nguyên đán", "Lunar New Year (Tết)", "ບຸນເຕັດ"),
    );
    assert!(previous.is_none());
    assert!(!calendar.is_working_day(tet));
    assert_eq!(
        calendar.remove_holiday(tet).unwrap().en,
        "Lunar New Year (Tết)"
    );
    assert!(calendar.is_working_day(tet));
}

#[test]
fn degenerate_calendars_do_not_loop() {
    let everything = vec![
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let mut calendar = WorkingCalendar::new(Country::Laos, everything);
    let start = d(2026, 1, 1);
    assert_eq!(calendar.checked_add_working_days(start, 1), None);
    assert_eq!(calendar.add_working_days(start, 1), NaiveDate::MAX);
    assert_eq!(calendar.working_days_between(start, d(2026, 12, 31)), 0);
    calendar.add_working_weekend_day(d(2026, 6, 6));
    assert_eq!(
        calendar.checked_add_working_days(start, 1),
        Some(d(2026, 6, 6))
    );
    assert_eq!(calendar.checked_add_working_days(start, 2), None);
    assert_eq!(calendar.working_days_between(start, d(2026, 12, 31)), 1);

    // Past the last representable date.
    let normal = vietnam(2026);
    assert_eq!(normal.checked_add_working_days(start, u32::MAX), None);
    assert_eq!(normal.checked_next_working_day(NaiveDate::MAX), None);
}
