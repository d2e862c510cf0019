//! Small wire types the routes share: `HH:MM` times and date ranges.

use crate::platform::http::error::{ApiError, ApiResult};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::{IntoParams, ToSchema};

/// A time of day written `HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ToSchema)]
#[schema(value_type = String, example = "09:00", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
pub struct Hm(pub NaiveTime);

impl Serialize for Hm {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.format("%H:%M").to_string())
    }
}

impl<'de> Deserialize<'de> for Hm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.len() == 5
            && let Ok(t) = NaiveTime::parse_from_str(&s, "%H:%M")
        {
            return Ok(Hm(t));
        }
        Err(serde::de::Error::custom(format!(
            "{s:?} is not a time written HH:MM"
        )))
    }
}

impl From<NaiveTime> for Hm {
    fn from(t: NaiveTime) -> Self {
        Hm(t)
    }
}

/// An inclusive range of local dates, as `?from=YYYY-MM-DD&to=YYYY-MM-DD`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DateRange {
    /// First day (inclusive).
    #[param(example = "2026-03-02")]
    pub from: NaiveDate,
    /// Last day (inclusive), not before `from`; each list says how many days it may span.
    #[param(example = "2026-03-15")]
    pub to: NaiveDate,
}

impl DateRange {
    /// 400 when `to` is before `from` (for lists whose `from` and `to` are each optional).
    pub fn ordered(from: NaiveDate, to: NaiveDate) -> ApiResult<()> {
        if to < from {
            return Err(ApiError::new(
                actix_web::http::StatusCode::BAD_REQUEST,
                "invalid_query",
                "`to` is before `from`",
            ));
        }
        Ok(())
    }

    /// 400 unless `from <= to` and the range spans at most `max_days` days.
    pub fn checked(&self, max_days: i64) -> ApiResult<(NaiveDate, NaiveDate)> {
        Self::ordered(self.from, self.to)?;
        if (self.to - self.from).num_days() >= max_days {
            return Err(ApiError::new(
                actix_web::http::StatusCode::BAD_REQUEST,
                "invalid_query",
                format!("the range may span at most {max_days} days"),
            ));
        }
        Ok((self.from, self.to))
    }
}
