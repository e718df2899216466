//! Field value types that remember where they were written and tolerate bad input,
//! so that one wrong value becomes a finding instead of losing the whole entity.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use jiff::civil::Date;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

/// A value with the byte range it was read from (in file coordinates).
#[derive(Debug, Clone, PartialEq)]
pub struct Sp<T> {
    pub value: T,
    pub span: Range<usize>,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Range<usize>) -> Self {
        Sp { value, span }
    }
}

impl<T> std::ops::Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = toml::Spanned::<T>::deserialize(deserializer)?;
        let span = spanned.span();
        Ok(Sp::new(spanned.into_inner(), span))
    }
}

impl<T: Serialize> Serialize for Sp<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// A calendar date as written: a TOML date or a `"YYYY-MM-DD"` string.
/// Parsing happens once, on load; a bad date keeps its text for the message.
#[derive(Debug, Clone, PartialEq)]
pub struct DateValue {
    pub raw: String,
    pub date: Result<Date, String>,
}

impl DateValue {
    pub fn parse(raw: &str) -> DateValue {
        DateValue {
            raw: raw.to_string(),
            date: parse_date(raw),
        }
    }

    pub fn get(&self) -> Option<Date> {
        self.date.as_ref().ok().copied()
    }
}

/// Parses `YYYY-MM-DD` strictly: a real calendar date, nothing after it.
pub fn parse_date(raw: &str) -> Result<Date, String> {
    let bytes = raw.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        if raw.len() > 10 && raw.is_char_boundary(10) && parse_date(&raw[..10]).is_ok() {
            return Err("a date is expected here, without a time or offset".into());
        }
        return Err("expected a date written as YYYY-MM-DD".into());
    }
    let year: i16 = raw[0..4].parse().map_err(|_| "the year is out of range")?;
    let month: i8 = raw[5..7].parse().map_err(|_| "bad month")?;
    let day: i8 = raw[8..10].parse().map_err(|_| "bad day")?;
    Date::new(year, month, day).map_err(|_| format!("{raw} is not a real calendar date"))
}

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl<'de> Visitor<'de> for DateVisitor {
            type Value = DateValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date such as 2026-12-31")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateValue, E> {
                Ok(DateValue::parse(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DateValue, A::Error> {
                let datetime =
                    toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(DateValue::parse(&datetime.to_string()))
            }
        }
        deserializer.deserialize_any(DateVisitor)
    }
}

impl Serialize for DateValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl JsonSchema for DateValue {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar date, YYYY-MM-DD (a TOML date or a string).",
            "type": "string",
            "format": "date"
        })
    }
}

/// Whether `text` is an id: lowercase ASCII letters, digits and '-', not empty.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days(from: Date, to: Date) -> i32 {
    (to - from).get_days()
}

/// How far `date` is from `today` in words: "today", "in 3 days", "2 days overdue".
pub fn relative(today: Date, date: Date) -> String {
    match days(today, date) {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "1 day overdue".to_string(),
        d if d > 0 => format!("in {d} days"),
        d => format!("{} days overdue", -d),
    }
}

/// A closed set of words, such as a goal's horizon or status.
pub trait Choices: Sized + Copy + 'static {
    const NAMES: &'static [&'static str];
    const VALUES: &'static [Self];
    const DESCRIPTION: &'static str;

    fn from_name(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::VALUES[i])
    }

    /// The word this value is written as.
    fn name(self) -> &'static str
    where
        Self: PartialEq,
    {
        Self::VALUES
            .iter()
            .position(|v| *v == self)
            .map_or("", |i| Self::NAMES[i])
    }
}

/// Declares an enum of words with its `Choices` table.
macro_rules! choices {
    ($(#[doc = $doc:literal])* $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }
        impl $crate::model::value::Choices for $name {
            const NAMES: &'static [&'static str] = &[$($word),+];
            const VALUES: &'static [Self] = &[$($name::$variant),+];
            const DESCRIPTION: &'static str = concat!($($doc),*);
        }
    };
}
pub(crate) use choices;

/// A word from a closed set, kept as written so that a wrong word is a finding, not a lost entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice<E> {
    pub raw: String,
    pub value: Option<E>,
}

impl<'de, E: Choices> Deserialize<'de> for Choice<E> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        let value = E::from_name(&raw);
        Ok(Choice { raw, value })
    }
}

impl<E> Serialize for Choice<E> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl<E: Choices> JsonSchema for Choice<E> {
    fn schema_name() -> Cow<'static, str> {
        std::any::type_name::<E>()
            .rsplit("::")
            .next()
            .unwrap_or("Choice")
            .to_string()
            .into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": E::DESCRIPTION.trim(),
            "type": "string",
            "enum": E::NAMES,
        })
    }
}

/// A period such as `90d`, `2w`, `6m`, `1q` or `1y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Days(i32),
    Weeks(i32),
    Months(i32),
    Quarters(i32),
    Years(i32),
}

impl Period {
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        let unit = text.chars().last()?;
        let count: i32 = text[..text.len() - unit.len_utf8()].parse().ok()?;
        if !(1..=10_000).contains(&count) {
            return None;
        }
        Some(match unit {
            'd' => Period::Days(count),
            'w' => Period::Weeks(count),
            'm' => Period::Months(count),
            'q' => Period::Quarters(count),
            'y' => Period::Years(count),
            _ => return None,
        })
    }

    /// How often, in words: "weekly" for `1w`, "every 2 weeks" for `2w`.
    pub fn describe(self) -> String {
        let (n, once, unit) = match self {
            Period::Days(n) => (n, "daily", "day"),
            Period::Weeks(n) => (n, "weekly", "week"),
            Period::Months(n) => (n, "monthly", "month"),
            Period::Quarters(n) => (n, "quarterly", "quarter"),
            Period::Years(n) => (n, "yearly", "year"),
        };
        match n {
            1 => once.to_string(),
            n => format!("every {n} {unit}s"),
        }
    }

    /// `date` moved forward by this period (clamped to the last valid date).
    pub fn after(self, date: Date) -> Date {
        let span = match self {
            Period::Days(n) => jiff::Span::new().days(n),
            Period::Weeks(n) => jiff::Span::new().weeks(n),
            Period::Months(n) => jiff::Span::new().months(n),
            Period::Quarters(n) => jiff::Span::new().months(n * 3),
            Period::Years(n) => jiff::Span::new().years(n),
        };
        date.checked_add(span).unwrap_or(Date::MAX)
    }
}

impl Period {
    /// The calendar period of this length that holds `date`: its number, first and
    /// last day. Periods are counted from a fixed Monday (2001-01-01) for days and
    /// weeks, and from January for months, quarters and years, so the same date
    /// always falls in the same period.
    pub fn holding(self, date: Date) -> (i64, Date, Date) {
        let epoch = jiff::civil::date(2001, 1, 1);
        let by_days = |n: i64| {
            let index = i64::from(days(epoch, date)).div_euclid(n);
            let first = epoch
                .checked_add(jiff::Span::new().days(index * n))
                .unwrap_or(Date::MAX);
            let last = first
                .checked_add(jiff::Span::new().days(n - 1))
                .unwrap_or(Date::MAX);
            (index, first, last)
        };
        let by_months = |n: i64| {
            let month = i64::from(date.year()) * 12 + i64::from(date.month()) - 1;
            let index = month.div_euclid(n);
            let start = index * n;
            let first =
                Date::new((start / 12) as i16, (start % 12 + 1) as i8, 1).unwrap_or(Date::MIN);
            let last = first
                .checked_add(jiff::Span::new().months(n))
                .and_then(|d| d.yesterday())
                .unwrap_or(Date::MAX);
            (index, first, last)
        };
        match self {
            Period::Days(n) => by_days(n.into()),
            Period::Weeks(n) => by_days(i64::from(n) * 7),
            Period::Months(n) => by_months(n.into()),
            Period::Quarters(n) => by_months(i64::from(n) * 3),
            Period::Years(n) => by_months(i64::from(n) * 12),
        }
    }
}

/// A period as written, e.g. `review_every = "90d"`.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodValue {
    pub raw: String,
    pub period: Option<Period>,
}

impl PeriodValue {
    /// How often, in words ("weekly"), or as written when it is not a period.
    pub fn describe(&self) -> String {
        self.period
            .map_or_else(|| self.raw.clone(), Period::describe)
    }
}

impl<'de> Deserialize<'de> for PeriodValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        let period = Period::parse(&raw);
        Ok(PeriodValue { raw, period })
    }
}

impl Serialize for PeriodValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl JsonSchema for PeriodValue {
    fn schema_name() -> Cow<'static, str> {
        "Period".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A period: a number and a unit, d (days), w (weeks), m (months), q (quarters) or y (years), e.g. \"90d\".",
            "type": "string",
            "pattern": "^[0-9]+[dwmqy]$"
        })
    }
}

/// An owner as written: one id (right) or a list of ids (shared ownership, a finding).
#[derive(Debug, Clone, PartialEq)]
pub enum OwnerValue {
    One(String),
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for OwnerValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OwnerVisitor;
        impl<'de> Visitor<'de> for OwnerVisitor {
            type Value = OwnerValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a person id")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OwnerValue, E> {
                Ok(OwnerValue::One(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OwnerValue, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element::<String>()? {
                    ids.push(id);
                }
                Ok(OwnerValue::Many(ids))
            }
        }
        deserializer.deserialize_any(OwnerVisitor)
    }
}

impl Serialize for OwnerValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OwnerValue::One(id) => serializer.serialize_str(id),
            OwnerValue::Many(ids) => ids.serialize(serializer),
        }
    }
}

impl JsonSchema for OwnerValue {
    fn schema_name() -> Cow<'static, str> {
        "Owner".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Exactly one person id. A list, a team or a placeholder such as \"everyone\" is shared ownership.",
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9-]*$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real() {
        assert!(parse_date("2026-02-28").is_ok());
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("2026-2-3").is_err());
        assert!(
            parse_date("2026-02-28T10:00:00")
                .unwrap_err()
                .contains("without a time")
        );
    }

    #[test]
    fn periods_hold_dates_in_fixed_calendar_periods() {
        let d = jiff::civil::date(2026, 2, 11);
        let last = |p: &str| Period::parse(p).unwrap().holding(d).2;
        let first = |p: &str| Period::parse(p).unwrap().holding(d).1;
        assert_eq!(
            (first("1m"), last("1m")),
            (
                jiff::civil::date(2026, 2, 1),
                jiff::civil::date(2026, 2, 28)
            )
        );
        assert_eq!(last("1q"), jiff::civil::date(2026, 3, 31));
        assert_eq!(first("1y"), jiff::civil::date(2026, 1, 1));
        // 2026-02-11 is a Wednesday; its week runs Monday the 9th to Sunday the 15th.
        assert_eq!(
            (first("1w"), last("1w")),
            (
                jiff::civil::date(2026, 2, 9),
                jiff::civil::date(2026, 2, 15)
            )
        );
        assert_eq!((first("1d"), last("1d")), (d, d));
        let next = Period::Months(1).holding(jiff::civil::date(2026, 3, 1)).0;
        assert_eq!(Period::Months(1).holding(d).0 + 1, next);
    }

    #[test]
    fn periods_are_described_in_words() {
        let described = |raw: &str| {
            PeriodValue {
                raw: raw.into(),
                period: Period::parse(raw),
            }
            .describe()
        };
        assert_eq!(described("1d"), "daily");
        assert_eq!(described("1w"), "weekly");
        assert_eq!(described("2w"), "every 2 weeks");
        assert_eq!(described("1m"), "monthly");
        assert_eq!(described("1q"), "quarterly");
        assert_eq!(described("3y"), "every 3 years");
        assert_eq!(described("fortnightly"), "fortnightly");
    }

    #[test]
    fn periods_parse_and_add() {
        let d = Date::new(2026, 1, 31).unwrap();
        assert_eq!(Period::parse("90d"), Some(Period::Days(90)));
        assert_eq!(Period::parse("ninety days"), None);
        assert_eq!(Period::parse("d"), None);
        assert_eq!(
            Period::parse("1m").unwrap().after(d),
            Date::new(2026, 2, 28).unwrap()
        );
        assert_eq!(
            Period::parse("1q").unwrap().after(d),
            Date::new(2026, 4, 30).unwrap()
        );
    }
}
