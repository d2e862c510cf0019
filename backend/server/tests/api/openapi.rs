use crate::helpers::{Db, spawn_app};
use crate::on_both_databases;
use reqwest::{Method, StatusCode};

on_both_databases!(the_served_document_equals_the_committed_file_and_swagger_ui_answers);

async fn the_served_document_equals_the_committed_file_and_swagger_ui_answers(db: Db) {
    let app = spawn_app(db).await;
    let served = app
        .send(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(served.status, StatusCode::OK);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../openapi/openapi.json");
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&path).expect("openapi/openapi.json is committed"),
    )
    .unwrap();
    assert!(
        served.body == committed,
        "openapi/openapi.json is stale: regenerate it with `cargo run -p kairos-server -- openapi --output openapi/openapi.json` (or `just openapi`)"
    );
    let committed_text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        committed_text,
        kairos_server::openapi::document_text(),
        "regenerate with `just openapi`"
    );
    let ui = app
        .client
        .get(app.url("/swagger-ui/"))
        .send()
        .await
        .unwrap();
    assert_eq!(ui.status(), StatusCode::OK);
    assert!(ui.text().await.unwrap().contains("swagger"));
}
