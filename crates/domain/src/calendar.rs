//! Working calendars for deadline arithmetic: which days a government agency works, and how
//! many working days lie between two dates.
//!
//! A [`WorkingCalendar`] holds a weekly weekend, dated public holidays (with names that
//! administrators may add or change at run time) and the weekend days the government
//! occasionally declares working days when it swaps a working day into a holiday break.
//! [`vietnam`] and [`laos`] build the official calendar of a year; [`Country::calendar`]
//! joins several years so that deadlines can cross 31 December.
//!
//! Architecture invariant: nothing here reads the clock. Dates come in as arguments.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Bound::{Excluded, Included, Unbounded};
use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::reference::{Labels, Lang};

/// A country whose official working calendar Chancery knows.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Country {
    Vietnam,
    Laos,
}

impl Country {
    pub const ALL: &'static [Country] = &[Country::Vietnam, Country::Laos];

    /// The serde string: `vietnam` or `laos`.
    pub fn code(self) -> &'static str {
        match self {
            Country::Vietnam => "vietnam",
            Country::Laos => "laos",
        }
    }

    /// The inverse of [`Country::code`]; also accepts the ISO 3166 codes `VN`/`VNM` and
    /// `LA`/`LAO`, case-insensitively.
    pub fn parse(code: &str) -> Option<Country> {
        match code.trim().to_ascii_lowercase().as_str() {
            "vietnam" | "vn" | "vnm" => Some(Country::Vietnam),
            "laos" | "la" | "lao" => Some(Country::Laos),
            _ => None,
        }
    }

    pub fn labels(self) -> Labels {
        match self {
            Country::Vietnam => Labels::new("Việt Nam", "Vietnam", "ຫວຽດນາມ"),
            Country::Laos => Labels::new("Lào", "Laos", "ລາວ"),
        }
    }

    /// The years for which the built-in calendar holds the full official data, lunar
    /// holidays and government swaps included. Other years get only the holidays that follow
    /// a fixed rule (see [`vietnam`] and [`laos`]).
    pub fn built_in_years(self) -> RangeInclusive<i32> {
        match self {
            Country::Vietnam => 2025..=2027,
            Country::Laos => 2025..=2027,
        }
    }

    /// The official calendar of one year.
    pub fn calendar_for_year(self, year: i32) -> WorkingCalendar {
        match self {
            Country::Vietnam => vietnam(year),
            Country::Laos => laos(year),
        }
    }

    /// The official calendars of several years joined into one, so that a deadline can run
    /// from one year into the next.
    pub fn calendar(self, years: RangeInclusive<i32>) -> WorkingCalendar {
        let mut calendar = WorkingCalendar::new(self, vec![Weekday::Sat, Weekday::Sun]);
        for year in years {
            calendar.merge(self.calendar_for_year(year));
        }
        calendar
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The name of a holiday in Vietnamese, English and Lao. Owned, because administrators add
/// holidays at run time.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HolidayName {
    pub vi: String,
    pub en: String,
    pub lo: String,
}

impl HolidayName {
    pub fn new(vi: impl Into<String>, en: impl Into<String>, lo: impl Into<String>) -> Self {
        HolidayName {
            vi: vi.into(),
            en: en.into(),
            lo: lo.into(),
        }
    }

    /// The name in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
            Lang::Lo => &self.lo,
        }
    }
}

impl From<Labels> for HolidayName {
    fn from(labels: Labels) -> Self {
        HolidayName::new(labels.vi, labels.en, labels.lo)
    }
}

/// One dated holiday, as listed to users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: HolidayName,
}

/// The working days of an agency: every day is a working day except the weekly `weekend`
/// days and the `holidays`, and except that a date in `working_weekend_days` is a working
/// day although it falls on a weekend day. A holiday is never a working day, even if it is
/// also listed in `working_weekend_days`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct WorkingCalendar {
    pub country: Country,
    /// Weekly rest days (Saturday and Sunday in Vietnam and Laos).
    pub weekend: Vec<Weekday>,
    /// Public holidays and days off in lieu, by date.
    pub holidays: BTreeMap<NaiveDate, HolidayName>,
    /// Weekend dates declared working days (the government's "làm bù" when it swaps a
    /// working day into a holiday break).
    pub working_weekend_days: BTreeSet<NaiveDate>,
}

impl WorkingCalendar {
    /// A calendar with the given weekend and no holidays.
    pub fn new(country: Country, weekend: Vec<Weekday>) -> Self {
        WorkingCalendar {
            country,
            weekend,
            holidays: BTreeMap::new(),
            working_weekend_days: BTreeSet::new(),
        }
    }

    /// `mask[d]` is true when the weekday `d` (days from Monday) is a weekly rest day.
    fn weekend_mask(&self) -> [bool; 7] {
        let mut mask = [false; 7];
        for day in &self.weekend {
            mask[day.num_days_from_monday() as usize] = true;
        }
        mask
    }

    /// Whether `date` falls on a weekly rest day (whether or not it was declared working).
    pub fn is_weekend(&self, date: NaiveDate) -> bool {
        self.weekend.contains(&date.weekday())
    }

    /// Whether `date` is a holiday.
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holidays.contains_key(&date)
    }

    /// The holiday on `date`, if any.
    pub fn holiday(&self, date: NaiveDate) -> Option<&HolidayName> {
        self.holidays.get(&date)
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.is_holiday(date) {
            return false;
        }
        !self.is_weekend(date) || self.working_weekend_days.contains(&date)
    }

    /// Adds (or renames) a holiday; returns the name it replaces.
    pub fn add_holiday(&mut self, date: NaiveDate, name: HolidayName) -> Option<HolidayName> {
        self.holidays.insert(date, name)
    }

    /// Removes a holiday; returns its name.
    pub fn remove_holiday(&mut self, date: NaiveDate) -> Option<HolidayName> {
        self.holidays.remove(&date)
    }

    /// The holidays from `first` to `last` inclusive, in date order.
    pub fn holidays_between(&self, first: NaiveDate, last: NaiveDate) -> Vec<Holiday> {
        if last < first {
            return Vec::new();
        }
        self.holidays
            .range(first..=last)
            .map(|(date, name)| Holiday {
                date: *date,
                name: name.clone(),
            })
            .collect()
    }

    /// Declares a weekend date a working day; returns whether it was new.
    pub fn add_working_weekend_day(&mut self, date: NaiveDate) -> bool {
        self.working_weekend_days.insert(date)
    }

    /// Adds the holidays and working weekend days of `other` (its entries win on the same
    /// date). The weekend and country of `self` are kept.
    pub fn merge(&mut self, other: WorkingCalendar) {
        self.holidays.extend(other.holidays);
        self.working_weekend_days.extend(other.working_weekend_days);
    }

    /// The first working day strictly after `date`, or `None` if there is none before the
    /// end of the representable dates (only possible when every weekday is a rest day).
    pub fn checked_next_working_day(&self, date: NaiveDate) -> Option<NaiveDate> {
        if self.weekend_mask().iter().all(|rest| *rest) {
            // Only the declared working weekend days are working days: a finite set.
            return self
                .working_weekend_days
                .range((Excluded(date), Unbounded))
                .find(|day| !self.is_holiday(**day))
                .copied();
        }
        // Some weekday is a working day and holidays are finite, so this ends.
        let mut day = date.succ_opt()?;
        while !self.is_working_day(day) {
            day = day.succ_opt()?;
        }
        Some(day)
    }

    /// The first working day strictly after `date`. Saturates at [`NaiveDate::MAX`] in the
    /// degenerate cases where [`WorkingCalendar::checked_next_working_day`] returns `None`.
    pub fn next_working_day(&self, date: NaiveDate) -> NaiveDate {
        self.checked_next_working_day(date)
            .unwrap_or(NaiveDate::MAX)
    }

    /// The `n`-th working day after `start` (for `n = 0`: `start` itself if it is a working
    /// day, else the next working day), or `None` past the representable dates.
    pub fn checked_add_working_days(&self, start: NaiveDate, n: u32) -> Option<NaiveDate> {
        if n == 0 {
            return if self.is_working_day(start) {
                Some(start)
            } else {
                self.checked_next_working_day(start)
            };
        }
        if i64::from(n) > NaiveDate::MAX.signed_duration_since(start).num_days() {
            return None;
        }
        let mut day = start;
        for _ in 0..n {
            day = self.checked_next_working_day(day)?;
        }
        Some(day)
    }

    /// The `n`-th working day after `start` (for `n = 0`: `start` itself if it is a working
    /// day, else the next working day). Saturates at [`NaiveDate::MAX`] where
    /// [`WorkingCalendar::checked_add_working_days`] returns `None`.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        self.checked_add_working_days(start, n)
            .unwrap_or(NaiveDate::MAX)
    }

    /// The deadline of a task given `n` working days from `start`: the same as
    /// [`WorkingCalendar::add_working_days`].
    pub fn deadline(&self, start: NaiveDate, n: u32) -> NaiveDate {
        self.add_working_days(start, n)
    }

    /// The number of working days in `(from, to]`, or minus the number in `(to, from]` when
    /// `to` is before `from`; so `working_days_between(a, b) == -working_days_between(b, a)`
    /// and `working_days_between(start, add_working_days(start, n)) == n` for `n > 0`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        if to == from {
            return 0;
        }
        let mask = self.weekend_mask();
        let is_rest = |date: &NaiveDate| mask[date.weekday().num_days_from_monday() as usize];

        // Days that are not weekly rest days, counted week by week.
        let total = to.signed_duration_since(from).num_days();
        let per_week = mask.iter().filter(|rest| !**rest).count() as i64;
        let mut count = total / 7 * per_week;
        let mut weekday = from.weekday();
        for _ in 0..total % 7 {
            weekday = weekday.succ();
            if !mask[weekday.num_days_from_monday() as usize] {
                count += 1;
            }
        }

        let range = (Excluded(from), Included(to));
        // Holidays on days that would otherwise be worked.
        count -= self
            .holidays
            .range(range)
            .filter(|(date, _)| !is_rest(date))
            .count() as i64;
        // Weekend days declared working days.
        count += self
            .working_weekend_days
            .range(range)
            .filter(|date| is_rest(date) && !self.is_holiday(**date))
            .count() as i64;
        count
    }
}

/// Compile-time date constructor for the built-in tables: an invalid date fails the build.
const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("invalid date in a built-in calendar table"),
    }
}

fn solar_date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

fn weekday_name(weekday: Weekday) -> Labels {
    match weekday {
        Weekday::Mon => Labels::new("thứ Hai", "Monday", "ວັນຈັນ"),
        Weekday::Tue => Labels::new("thứ Ba", "Tuesday", "ວັນອັງຄານ"),
        Weekday::Wed => Labels::new("thứ Tư", "Wednesday", "ວັນພຸດ"),
        Weekday::Thu => Labels::new("thứ Năm", "Thursday", "ວັນພະຫັດ"),
        Weekday::Fri => Labels::new("thứ Sáu", "Friday", "ວັນສຸກ"),
        Weekday::Sat => Labels::new("thứ Bảy", "Saturday", "ວັນເສົາ"),
        Weekday::Sun => Labels::new("Chủ nhật", "Sunday", "ວັນອາທິດ"),
    }
}

/// "Nghỉ bù" / day off in lieu of a holiday that fell on a weekly rest day.
fn in_lieu_name(of: Labels) -> HolidayName {
    HolidayName::new(
        format!("Nghỉ bù {}", of.vi),
        format!("{} (day off in lieu)", of.en),
        format!("ພັກຊົດເຊີຍ {}", of.lo),
    )
}

/// A working day turned into a day off, made up on the weekend day `worked`.
fn swapped_name(occasion: Labels, worked: NaiveDate) -> HolidayName {
    let day = weekday_name(worked.weekday());
    let when = worked.format("%d/%m/%Y");
    HolidayName::new(
        format!(
            "Nghỉ hoán đổi dịp {} (làm bù {} {when})",
            occasion.vi, day.vi
        ),
        format!(
            "{}: swapped day off (worked on {} {when})",
            occasion.en, day.en
        ),
        format!("ພັກສັບປ່ຽນ {} (ເຮັດວຽກແທນ{} {when})", occasion.lo, day.lo),
    )
}

/// For each holiday in `dates` that falls on a weekly rest day, adds a day off in lieu on
/// the next day that is neither a rest day nor already a holiday.
fn add_days_in_lieu(calendar: &mut WorkingCalendar, dates: &[(NaiveDate, Labels)]) {
    let mut dates = dates.to_vec();
    dates.sort_by_key(|(date, _)| *date);
    for (date, labels) in dates {
        if !calendar.is_weekend(date) {
            continue;
        }
        let mut day = date;
        while let Some(next) = day.succ_opt() {
            day = next;
            if !calendar.is_weekend(day) && !calendar.is_holiday(day) {
                calendar.add_holiday(day, in_lieu_name(labels));
                break;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Vietnam
// ---------------------------------------------------------------------------------------

const VN_NEW_YEAR: Labels = Labels::new("Tết Dương lịch", "New Year's Day", "ວັນປີໃໝ່ສາກົນ");
const VN_TET: Labels = Labels::new(
    "Tết Nguyên đán",
    "Lunar New Year (Tết)",
    "ບຸນເຕັດ (ປີໃໝ່ຕາມຈັນທະຄະຕິ)",
);
const VN_HUNG_KINGS: Labels = Labels::new(
    "Giỗ Tổ Hùng Vương",
    "Hung Kings' Commemoration Day",
    "ວັນລະນຶກເຖິງບັນດາກະສັດຫຸ່ງ",
);
const VN_VICTORY: Labels = Labels::new(
    "Ngày Chiến thắng",
    "Victory Day (Reunification Day)",
    "ວັນປົດປ່ອຍພາກໃຕ້ ແລະ ທ້ອນໂຮມປະເທດຊາດ",
);
const VN_LABOUR: Labels = Labels::new(
    "Ngày Quốc tế Lao động",
    "International Labour Day",
    "ວັນກຳມະກອນສາກົນ",
);
const VN_NATIONAL_DAY: Labels = Labels::new("Quốc khánh", "National Day", "ວັນຊາດ");

/// The lunar holidays and government decisions of one Vietnamese year.
struct VietnamYear {
    year: i32,
    /// The days off the Prime Minister set for Tết Nguyên đán (the five statutory days,
    /// placed on working days).
    tet: &'static [NaiveDate],
    /// Giỗ Tổ Hùng Vương, 10th day of the 3rd lunar month.
    hung_kings: NaiveDate,
    /// Swaps: (working day given off, weekend day worked instead, occasion).
    swaps: &'static [(NaiveDate, NaiveDate, Labels)],
}

/// Sources: Tết 2025 (27–31 Jan, break 25 Jan–2 Feb) approved by the Prime Minister
/// 26/11/2024; 30/4 swap of 2025 (2 May off, Saturday 26 April worked) and Hùng Kings
/// 7 April 2025 announced by the Government (baochinhphu.vn); Quốc khánh 2025 on 1–2 September
/// (Ministry of Home Affairs); Tết Dương lịch 2026 swap (2 January off, Saturday 10 January
/// worked) in Official Letter 12729/VPCP-KGVX of 25/12/2025; Tết 2026 (16–20 Feb) and
/// Quốc khánh 2026 (1–2 September, plus 31 August off against Saturday 22 August) in Notice
/// 9441/TB-BNV of 16/10/2025; Hùng Kings 2026 on Sunday 26 April, made up on Monday 27 April
/// under the Labour Code.
///
/// 2027 is provisional (no decision was published when this table was written). Tết begins
/// on Saturday 6 February: the five statutory days run from the eve (Friday 5 February) to
/// the 4th day (Tuesday 9 February), and the two that fall on the weekend are made up on
/// Thursday 4 and Wednesday 10 February — the seven-day shape the Government chose in 2024,
/// when Tết also began on a Saturday. The Quốc khánh adjacent day is taken to be Friday
/// 3 September, and there are no swaps.
const VIETNAM_YEARS: &[VietnamYear] = &[
    VietnamYear {
        year: 2025,
        tet: &[
            ymd(2025, 1, 27),
            ymd(2025, 1, 28),
            ymd(2025, 1, 29),
            ymd(2025, 1, 30),
            ymd(2025, 1, 31),
        ],
        hung_kings: ymd(2025, 4, 7),
        swaps: &[(ymd(2025, 5, 2), ymd(2025, 4, 26), VN_VICTORY)],
    },
    VietnamYear {
        year: 2026,
        tet: &[
            ymd(2026, 2, 16),
            ymd(2026, 2, 17),
            ymd(2026, 2, 18),
            ymd(2026, 2, 19),
            ymd(2026, 2, 20),
        ],
        hung_kings: ymd(2026, 4, 26),
        swaps: &[
            (ymd(2026, 1, 2), ymd(2026, 1, 10), VN_NEW_YEAR),
            (ymd(2026, 8, 31), ymd(2026, 8, 22), VN_NATIONAL_DAY),
        ],
    },
    VietnamYear {
        year: 2027,
        tet: &[
            ymd(2027, 2, 4),
            ymd(2027, 2, 5),
            ymd(2027, 2, 6),
            ymd(2027, 2, 7),
            ymd(2027, 2, 8),
            ymd(2027, 2, 9),
            ymd(2027, 2, 10),
        ],
        hung_kings: ymd(2027, 4, 16),
        swaps: &[],
    },
];

/// The day the Government usually adds next to Quốc khánh (2 September) so that the
/// two-day holiday joins a weekend, as chosen every year since 2021.
fn national_day_adjacent(national_day: NaiveDate) -> Option<NaiveDate> {
    let before = national_day.pred_opt();
    let after = national_day.succ_opt();
    match national_day.weekday() {
        Weekday::Mon | Weekday::Thu | Weekday::Sun => after,
        Weekday::Tue | Weekday::Wed | Weekday::Fri | Weekday::Sat => before,
    }
}

/// The official working calendar of Vietnamese state agencies for `year`: Saturday and
/// Sunday off, and the public holidays of the Labour Code 2019 Art. 112 — Tết Dương lịch
/// (1/1), Tết Nguyên đán (5 days, lunar), Giỗ Tổ Hùng Vương (10/3 lunar), Ngày Chiến thắng
/// (30/4), Ngày Quốc tế Lao động (1/5) and Quốc khánh (2/9 and one adjacent day). A holiday
/// falling on a weekly rest day is made up on the next working day (nghỉ bù, Art. 111.3),
/// except Tết, whose days the Prime Minister sets directly.
///
/// For the years of [`Country::built_in_years`] the calendar also holds Tết, the Hùng Kings
/// day and the working-day swaps the Government decided. For other years it holds only the
/// solar-date holidays (with the adjacent Quốc khánh day chosen as the Government usually
/// does, and days in lieu): administrators must add Tết, Giỗ Tổ Hùng Vương and any swaps
/// once the Government announces them.
pub fn vietnam(year: i32) -> WorkingCalendar {
    let mut calendar = WorkingCalendar::new(Country::Vietnam, vec![Weekday::Sat, Weekday::Sun]);
    let mut fixed: Vec<(NaiveDate, Labels)> = Vec::new();
    let solar = [
        (1, 1, VN_NEW_YEAR),
        (4, 30, VN_VICTORY),
        (5, 1, VN_LABOUR),
        (9, 2, VN_NATIONAL_DAY),
    ];
    for (month, day, labels) in solar {
        if let Some(date) = solar_date(year, month, day) {
            fixed.push((date, labels));
        }
    }
    if let Some(adjacent) = solar_date(year, 9, 2).and_then(national_day_adjacent) {
        fixed.push((adjacent, VN_NATIONAL_DAY));
    }

    let data = VIETNAM_YEARS.iter().find(|data| data.year == year);
    if let Some(data) = data {
        fixed.push((data.hung_kings, VN_HUNG_KINGS));
        for day in data.tet {
            calendar.add_holiday(*day, VN_TET.into());
        }
    }
    for (date, labels) in &fixed {
        calendar.add_holiday(*date, (*labels).into());
    }
    add_days_in_lieu(&mut calendar, &fixed);

    if let Some(data) = data {
        for (off, worked, occasion) in data.swaps {
            calendar.add_holiday(*off, swapped_name(*occasion, *worked));
            calendar.add_working_weekend_day(*worked);
        }
    }
    calendar
}

// ---------------------------------------------------------------------------------------
// Laos
// ---------------------------------------------------------------------------------------

const LA_NEW_YEAR: Labels = Labels::new(
    "Tết Dương lịch",
    "International New Year's Day",
    "ວັນປີໃໝ່ສາກົນ",
);
const LA_WOMENS_DAY: Labels = Labels::new(
    "Ngày Quốc tế Phụ nữ",
    "International Women's Day",
    "ວັນແມ່ຍິງສາກົນ",
);
const LA_PI_MAI: Labels = Labels::new(
    "Tết Bunpimay (Tết cổ truyền Lào)",
    "Lao New Year (Pi Mai)",
    "ບຸນປີໃໝ່ລາວ",
);
const LA_LABOUR: Labels = Labels::new(
    "Ngày Quốc tế Lao động",
    "International Labour Day",
    "ວັນກຳມະກອນສາກົນ",
);
const LA_THAT_LUANG: Labels = Labels::new("Lễ hội Thạt Luổng", "That Luang Festival", "ບຸນທາດຫຼວງ");
const LA_NATIONAL_DAY: Labels = Labels::new("Quốc khánh Lào", "Lao National Day", "ວັນຊາດ");

/// The That Luang festival day (full moon of the 12th Lao lunar month), by year.
const THAT_LUANG: &[(i32, NaiveDate)] = &[
    (2025, ymd(2025, 11, 5)),
    (2026, ymd(2026, 11, 24)),
    (2027, ymd(2027, 11, 13)),
];

/// The official working calendar of Lao state agencies for `year`: Saturday and Sunday off,
/// and the official holidays of Decree 386/PM on holidays (15/12/2017) — International New
/// Year (1/1), International Women's Day (8/3; by the decree a day off for women, kept here
/// as a holiday), Pi Mai Lao (14–16/4), International Labour Day (1/5) and National Day
/// (2/12) — each made up on the next working day when it falls on a weekend. For the years of
/// [`Country::built_in_years`] it also holds the That Luang festival day (full moon of the
/// 12th lunar month), a day off in Vientiane Capital, where the ministries sit; other years
/// lack it, and administrators add it, any extra Pi Mai days and any other day the
/// government declares.
pub fn laos(year: i32) -> WorkingCalendar {
    let mut calendar = WorkingCalendar::new(Country::Laos, vec![Weekday::Sat, Weekday::Sun]);
    let official = [
        (1, 1, LA_NEW_YEAR),
        (3, 8, LA_WOMENS_DAY),
        (4, 14, LA_PI_MAI),
        (4, 15, LA_PI_MAI),
        (4, 16, LA_PI_MAI),
        (5, 1, LA_LABOUR),
        (12, 2, LA_NATIONAL_DAY),
    ];
    let mut fixed: Vec<(NaiveDate, Labels)> = Vec::new();
    for (month, day, labels) in official {
        if let Some(date) = solar_date(year, month, day) {
            calendar.add_holiday(date, labels.into());
            fixed.push((date, labels));
        }
    }
    add_days_in_lieu(&mut calendar, &fixed);
    for (_, day) in THAT_LUANG.iter().filter(|(y, _)| *y == year) {
        calendar
            .holidays
            .entry(*day)
            .or_insert_with(|| LA_THAT_LUANG.into());
    }
    calendar
}

/// The working calendar of `country` around `day` (its year, the year before and the year
/// after): the built-in official calendars, each year replaced by the one an administrator
/// set in the catalogues, if any.
pub fn working_calendar(
    catalogues: &crate::catalogues::Catalogues,
    country: Country,
    day: NaiveDate,
) -> WorkingCalendar {
    let mut calendar = WorkingCalendar::new(country, vec![Weekday::Sat, Weekday::Sun]);
    for year in day.year() - 1..=day.year() + 1 {
        match catalogues.calendars.get(&(country, year)) {
            Some(set) => {
                let mut configured = WorkingCalendar::new(country, calendar.weekend.clone());
                configured.holidays = set.holidays.clone();
                configured.working_weekend_days = set.working_weekend_days.clone();
                calendar.merge(configured);
            }
            None => calendar.merge(country.calendar_for_year(year)),
        }
    }
    calendar
}

/// The processing deadline an action asks for, in `country` on `today`: a date (`on`),
/// which must be a working day unless it is already past (the action's own rule refuses a
/// past deadline), or a number of working days from today (`in_working_days`, 1 to 365);
/// not both (`ONE_OF`). No deadline asked: `None`.
pub fn deadline(
    catalogues: &crate::catalogues::Catalogues,
    country: Country,
    today: NaiveDate,
    on: Option<NaiveDate>,
    in_working_days: Option<i32>,
) -> crate::DomainResult<Option<NaiveDate>> {
    use crate::DomainError;
    match (on, in_working_days) {
        (Some(_), Some(_)) => Err(DomainError::validation(
            "deadline",
            "ONE_OF",
            "give a deadline or a number of working days, not both",
        )),
        (None, Some(n)) => {
            let n = u32::try_from(n)
                .ok()
                .filter(|n| (1..=365).contains(n))
                .ok_or_else(|| {
                    DomainError::validation(
                        "deadlineInWorkingDays",
                        "OUT_OF_RANGE",
                        "between 1 and 365 working days",
                    )
                })?;
            Ok(Some(
                working_calendar(catalogues, country, today).add_working_days(today, n),
            ))
        }
        (Some(date), None) => {
            if date >= today && !working_calendar(catalogues, country, date).is_working_day(date) {
                return Err(DomainError::validation(
                    "deadline",
                    "NOT_A_WORKING_DAY",
                    "the deadline falls on a weekend or a public holiday",
                ));
            }
            Ok(Some(date))
        }
        (None, None) => Ok(None),
    }
}
