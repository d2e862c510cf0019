//! The one list helper: `?page=&per_page=&sort=` → `{items, page, per_page, total}`.

use crate::platform::http::error::{ApiError, ApiResult};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ConnectionTrait, DbErr, EntityTrait, FromQueryResult, Order, PaginatorTrait, QueryOrder,
    QueryResult, QuerySelect, QueryTrait, Select,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub const DEFAULT_PER_PAGE: u64 = 50;
pub const MAX_PER_PAGE: u64 = 200;
/// The last page one may ask for: any page beyond it would start past the largest offset
/// the databases take, and no list here comes near it.
pub const MAX_PAGE: u64 = 1_000_000_000;

/// Paging and sorting of any list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page number, from 1 to 1,000,000,000.
    #[param(minimum = 1, maximum = 1_000_000_000, example = 1)]
    pub page: Option<u64>,
    /// Items per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200, example = 50)]
    pub per_page: Option<u64>,
    /// Documented by each list with its own fields (`sort_param!`).
    #[param(ignore)]
    pub sort: Option<String>,
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    #[schema(example = 1)]
    pub page: u64,
    #[schema(example = 50)]
    pub per_page: u64,
    /// How many items match the filters in all.
    #[schema(example = 123)]
    pub total: u64,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            page: self.page,
            per_page: self.per_page,
            total: self.total,
        }
    }
}

/// The sortable fields of a list: `(name, column)`; the first is the unique tie-breaker.
pub struct Sorting<C: 'static> {
    pub fields: &'static [(&'static str, C)],
    /// Used when no `sort` is given, e.g. `"-id"`.
    pub default: &'static str,
}

impl<C> Sorting<C> {
    /// The `sort` query parameter of this list: each field, and `-field` for descending.
    pub fn parameter(&self) -> utoipa::openapi::path::Parameter {
        use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        let values = self
            .fields
            .iter()
            .flat_map(|(name, _)| [name.to_string(), format!("-{name}")]);
        ParameterBuilder::new()
            .name("sort")
            .parameter_in(ParameterIn::Query)
            .required(utoipa::openapi::Required::False)
            .description(Some(format!(
                "A sortable field, `-field` for descending (default `{}`); another answers 400.",
                self.default
            )))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(values))
                    .default(Some(self.default.into())),
            ))
            .build()
    }
}

/// Declares `$name`, the documented `sort` parameter of a list sorted by `$sorting`, for the
/// `params(...)` of its `#[utoipa::path]`: the accepted values are the sortable fields.
macro_rules! sort_param {
    ($name:ident, $sorting:expr) => {
        pub struct $name;
        impl utoipa::IntoParams for $name {
            fn into_params(
                _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
            ) -> Vec<utoipa::openapi::path::Parameter> {
                vec![$sorting.parameter()]
            }
        }
    };
}
pub(crate) use sort_param;

impl PageQuery {
    fn validated(&self) -> ApiResult<(u64, u64)> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(DEFAULT_PER_PAGE);
        if page == 0 || page > MAX_PAGE {
            return Err(ApiError::new(
                actix_web::http::StatusCode::BAD_REQUEST,
                "invalid_query",
                format!("page must be between 1 and {MAX_PAGE}"),
            ));
        }
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(ApiError::new(
                actix_web::http::StatusCode::BAD_REQUEST,
                "invalid_query",
                format!("per_page must be between 1 and {MAX_PER_PAGE}"),
            ));
        }
        Ok((page, per_page))
    }
}

/// The name of the column that carries the count of all matches beside each row of a page.
const TOTAL: &str = "kairos_total";

/// A row of a page with the count of all matches.
struct Counted<M> {
    model: M,
    total: i64,
}

impl<M: FromQueryResult> FromQueryResult for Counted<M> {
    fn from_query_result(row: &QueryResult, pre: &str) -> Result<Self, DbErr> {
        Ok(Self {
            model: M::from_query_result(row, pre)?,
            total: row.try_get(pre, TOTAL)?,
        })
    }
}

/// Sorts, counts and pages `select` as `query` asks.
pub async fn fetch_page<E, C>(
    conn: &C,
    select: Select<E>,
    query: &PageQuery,
    sorting: &Sorting<E::Column>,
) -> ApiResult<Page<E::Model>>
where
    E: EntityTrait,
    E::Model: Sync + Send,
    C: ConnectionTrait,
{
    let (page, per_page) = query.validated()?;
    let spec = query.sort.as_deref().unwrap_or(sorting.default);
    let (name, order) = match spec.strip_prefix('-') {
        Some(n) => (n, Order::Desc),
        None => (spec, Order::Asc),
    };
    let Some((_, column)) = sorting.fields.iter().find(|(n, _)| *n == name) else {
        let names: Vec<&str> = sorting.fields.iter().map(|(n, _)| *n).collect();
        return Err(ApiError::new(
            actix_web::http::StatusCode::BAD_REQUEST,
            "invalid_query",
            format!(
                "cannot sort by {name:?}; sortable fields: {}",
                names.join(", ")
            ),
        ));
    };
    // The page and the count of all matches in one statement (a scalar subquery, evaluated
    // once): one round trip, and both see the same data.
    let mut counter = select.clone().into_query();
    counter.clear_selects().expr(Expr::cust("COUNT(*)"));
    let (_, tie) = sorting.fields[0];
    let rows = select
        .clone()
        .column_as(Expr::SubQuery(None, Box::new(counter.into())), TOTAL)
        .order_by(*column, order.clone())
        .order_by(tie, order)
        .offset((page - 1).saturating_mul(per_page))
        .limit(per_page)
        .into_model::<Counted<E::Model>>()
        .all(conn)
        .await?;
    let total = match rows.first() {
        Some(row) => u64::try_from(row.total).unwrap_or(0),
        // A page past the end carries no count; ask for it alone.
        None => select.count(conn).await?,
    };
    let items = rows.into_iter().map(|row| row.model).collect();
    Ok(Page {
        items,
        page,
        per_page,
        total,
    })
}
