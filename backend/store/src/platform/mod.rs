//! The platform's persistence: its tables, and the data versions every module's caches key on.

pub mod entities;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr};

/// The data version of `module`: moved forward by the database's own triggers with every
/// committed write to a table the module's hot reads depend on (one row per module name).
pub async fn data_version<C: ConnectionTrait>(conn: &C, module: &str) -> Result<i64, DbErr> {
    let backend = conn.get_database_backend();
    let row = conn
        .query_one_raw(backend.build(&version_query(module)))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("data_versions '{module}'")))?;
    row.try_get("", "version")
}

/// The statement reading `module`'s data version (also usable as a sub-query, so that a read
/// and the version it saw come from one statement).
pub fn version_query(module: &str) -> SelectStatement {
    Query::select()
        .column(Alias::new("version"))
        .from(Alias::new("data_versions"))
        .and_where(Expr::col(Alias::new("name")).eq(module))
        .to_owned()
}
