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
        kairos_server::platform::http::openapi::document_text(kairos_server::app::registry()),
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

/// Every operation id is unique and every `$ref` names a schema that exists, so client
/// generators read the document as it is.
#[test]
fn operation_ids_are_unique_and_every_reference_resolves() {
    let doc: serde_json::Value = serde_json::from_str(
        &kairos_server::platform::http::openapi::document_text(kairos_server::app::registry()),
    )
    .unwrap();
    let mut ids = std::collections::BTreeMap::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if let Some(id) = op.get("operationId").and_then(|v| v.as_str())
                && let Some(other) = ids.insert(id.to_owned(), format!("{method} {path}"))
            {
                panic!("operationId {id} is used by {other} and {method} {path}");
            }
        }
    }
    fn refs(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(o) => {
                if let Some(r) = o.get("$ref").and_then(|r| r.as_str()) {
                    out.push(r.to_owned());
                }
                o.values().for_each(|x| refs(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let name = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unexpected reference {r}"));
        assert!(
            doc["components"]["schemas"].get(name).is_some(),
            "{r} names no schema"
        );
    }
}
