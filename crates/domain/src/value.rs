//! Plausible values for the dates, moments and numbers people type: one rule per kind of
//! value, so every path that takes one refuses the same implausible input with the same
//! `VALIDATION` reason and field.
//!
//! - A document's date (printed on it): from 1 January 1900 (older archival papers are not
//!   registered as incoming documents) to today (`IN_THE_FUTURE` after, `OUT_OF_RANGE`
//!   before).
//! - A deadline set while processing: from today (`IN_THE_PAST`) to ten years ahead
//!   (`OUT_OF_RANGE`).
//! - A deadline printed on a received document: from 1 January 2000 to ten years ahead
//!   (a late paper may carry a deadline already past).
//! - A date a list is filtered by, and a moment asked about (`documentAsOf(at:)`): from
//!   1 January 1900 to 31 December 9999 (`OUT_OF_RANGE`).

use chrono::{DateTime, Months, NaiveDate, Utc};

use crate::error::{DomainError, DomainResult};

/// The earliest date any date field accepts.
pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The earliest deadline printed on a document.
pub const EARLIEST_DEADLINE: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The latest date a filter or a moment may name.
pub const LATEST: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// How far ahead a deadline may be set, in years.
pub const DEADLINE_YEARS_AHEAD: u32 = 10;

fn out_of_range(field: &'static str, from: NaiveDate, to: NaiveDate) -> DomainError {
    DomainError::validation(
        field,
        "OUT_OF_RANGE",
        format!("{field} must be between {from} and {to}"),
    )
}

fn latest_deadline(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_months(Months::new(12 * DEADLINE_YEARS_AHEAD))
        .unwrap_or(LATEST)
}

/// The date printed on a document: 1900-01-01 to today.
pub fn document_date(field: &'static str, date: NaiveDate, today: NaiveDate) -> DomainResult<()> {
    if date > today {
        return Err(DomainError::validation(
            field,
            "IN_THE_FUTURE",
            "the document date is after today",
        ));
    }
    if date < EARLIEST {
        return Err(out_of_range(field, EARLIEST, today));
    }
    Ok(())
}

/// A deadline set while processing: today to ten years ahead.
pub fn deadline(field: &'static str, date: NaiveDate, today: NaiveDate) -> DomainResult<()> {
    if date < today {
        return Err(DomainError::validation(
            field,
            "IN_THE_PAST",
            "the deadline is already past",
        ));
    }
    let latest = latest_deadline(today);
    if date > latest {
        return Err(out_of_range(field, today, latest));
    }
    Ok(())
}

/// A deadline printed on a received document: 2000-01-01 to ten years ahead.
pub fn printed_deadline(
    field: &'static str,
    date: NaiveDate,
    today: NaiveDate,
) -> DomainResult<()> {
    let latest = latest_deadline(today);
    if date < EARLIEST_DEADLINE || date > latest {
        return Err(out_of_range(field, EARLIEST_DEADLINE, latest));
    }
    Ok(())
}

/// A date a list is filtered by: 1900-01-01 to 9999-12-31.
pub fn filter_date(field: &'static str, date: NaiveDate) -> DomainResult<()> {
    if date < EARLIEST || date > LATEST {
        return Err(out_of_range(field, EARLIEST, LATEST));
    }
    Ok(())
}

/// A moment asked about: 1900-01-01 to the end of 9999-12-31 (UTC).
pub fn moment(field: &'static str, at: DateTime<Utc>) -> DomainResult<()> {
    let day = at.date_naive();
    if day < EARLIEST || day > LATEST {
        return Err(out_of_range(field, EARLIEST, LATEST));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn reason(result: DomainResult<()>) -> &'static str {
        result.unwrap_err().code
    }

    #[test]
    fn given_today_when_a_document_date_is_typed_then_only_1900_to_today_is_taken() {
        let today = day(2026, 3, 2);
        assert!(document_date("documentDate", today, today).is_ok());
        assert!(document_date("documentDate", day(1900, 1, 1), today).is_ok());
        assert_eq!(
            reason(document_date("documentDate", day(1, 1, 1), today)),
            "OUT_OF_RANGE"
        );
        assert_eq!(
            reason(document_date("documentDate", day(1899, 12, 31), today)),
            "OUT_OF_RANGE"
        );
        assert_eq!(
            reason(document_date("documentDate", day(2026, 3, 3), today)),
            "IN_THE_FUTURE"
        );
        let error = document_date("documentDate", day(1, 1, 1), today).unwrap_err();
        assert_eq!(error.field, Some("documentDate"));
    }

    #[test]
    fn given_today_when_a_deadline_is_set_then_only_today_to_ten_years_ahead_is_taken() {
        let today = day(2026, 3, 2);
        assert!(deadline("deadline", today, today).is_ok());
        assert!(deadline("deadline", day(2036, 3, 2), today).is_ok());
        assert_eq!(
            reason(deadline("deadline", day(1900, 1, 1), today)),
            "IN_THE_PAST"
        );
        assert_eq!(
            reason(deadline("deadline", day(2036, 3, 3), today)),
            "OUT_OF_RANGE"
        );
        assert_eq!(
            reason(deadline("deadline", NaiveDate::MAX, NaiveDate::MAX)),
            "OUT_OF_RANGE",
            "ten years after the last representable day is the last day, not an overflow"
        );
    }

    #[test]
    fn given_a_printed_deadline_then_it_may_be_past_but_not_before_2000() {
        let today = day(2026, 3, 2);
        assert!(printed_deadline("deadline", day(2025, 1, 1), today).is_ok());
        assert_eq!(
            reason(printed_deadline("deadline", day(1900, 6, 1), today)),
            "OUT_OF_RANGE"
        );
        assert_eq!(
            reason(printed_deadline("deadline", day(2200, 1, 1), today)),
            "OUT_OF_RANGE"
        );
    }

    #[test]
    fn given_a_filter_or_a_moment_then_only_1900_to_9999_is_taken() {
        assert!(filter_date("documentDateFrom", day(2026, 2, 28)).is_ok());
        assert_eq!(
            reason(filter_date("documentDateFrom", NaiveDate::MIN)),
            "OUT_OF_RANGE"
        );
        assert_eq!(
            reason(filter_date("documentDateTo", day(10_000, 1, 1))),
            "OUT_OF_RANGE"
        );
        assert!(
            moment(
                "at",
                day(2026, 1, 1).and_hms_opt(0, 0, 0).unwrap().and_utc()
            )
            .is_ok()
        );
        assert_eq!(
            reason(moment("at", DateTime::<Utc>::MAX_UTC)),
            "OUT_OF_RANGE"
        );
        assert_eq!(
            reason(moment("at", DateTime::<Utc>::MIN_UTC)),
            "OUT_OF_RANGE"
        );
    }
}
