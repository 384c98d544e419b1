//! The register books a person is offered (`registerBooks`): a unit's clerk gets their own
//! office's books, kept, first and only; a leader their unit's incoming book; the ministry's
//! secret register only for the cleared; auditors every book; a specialist none. Every book
//! offered opens with `registerBook` / `outgoingRegisterBook` (the list and the books share
//! `access::openable_books`' rule).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::Datelike;
use serde_json::{Value, json};
use support::{App, data, errors};

const BOOKS: &str = "query($kind: RegisterKind) { registerBooks(kind: $kind, first: 100) { totalCount nodes { id kind code name ownerUnitId ownerUnitName kept maxConfidentiality } } }";

async fn books(app: &App, who: &str, kind: Value) -> Vec<Value> {
    let token = app.login(who).await;
    let response = app.run(Some(&token), BOOKS, json!({ "kind": kind })).await;
    assert!(response.errors.is_empty(), "{who}: {:?}", errors(&response));
    data(&response)["registerBooks"]["nodes"]
        .as_array()
        .unwrap()
        .clone()
}

fn summary(books: &[Value]) -> Vec<(String, String, bool)> {
    books
        .iter()
        .map(|b| {
            (
                b["ownerUnitName"].as_str().unwrap().to_owned(),
                b["code"].as_str().unwrap().to_owned(),
                b["kept"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_person_is_offered_the_books_they_keep_first_and_only_those_they_may_open() {
    let app = App::start().await;
    let unit = "Vụ Tổ chức cán bộ".to_owned();

    // A unit's clerk: their office's incoming and outgoing books, both kept, nothing else
    // (not the ministry's, not its secret register).
    let clerk = books(&app, "vanthu.tccb", Value::Null).await;
    let mut got = summary(&clerk);
    got.sort();
    assert_eq!(
        got,
        [
            (unit.clone(), "den".to_owned(), true),
            (unit.clone(), "di".to_owned(), true)
        ]
    );
    let incoming = books(&app, "vanthu.tccb", json!("INCOMING")).await;
    assert_eq!(summary(&incoming), [(unit.clone(), "den".to_owned(), true)]);

    // The unit's leader reads its incoming book, keeps none.
    let leader = books(&app, "ld.tccb", Value::Null).await;
    assert_eq!(summary(&leader), [(unit.clone(), "den".to_owned(), false)]);

    // The ministry's clerk (cleared) keeps the ministry's books, the secret one included.
    let ministry = books(&app, "vanthu.bo", Value::Null).await;
    let codes: Vec<_> = summary(&ministry)
        .into_iter()
        .map(|(_, c, k)| (c, k))
        .collect();
    for code in ["den", "den-mat", "di", "noi-bo"] {
        assert!(
            codes.contains(&(code.to_owned(), true)),
            "{code} in {codes:?}"
        );
    }
    assert!(codes.iter().all(|(_, kept)| *kept), "{codes:?}");

    // The auditor reads every book; a specialist and the administrator none.
    let registers = app.api.commands.catalogues().await.unwrap().registers.len();
    assert_eq!(books(&app, "auditor", Value::Null).await.len(), registers);
    assert!(books(&app, "cv.tienluong1", Value::Null).await.is_empty());
    assert!(books(&app, "admin", Value::Null).await.is_empty());

    // Every book offered opens.
    let year = chrono::Utc::now().year();
    for who in ["vanthu.tccb", "ld.tccb", "vanthu.bo"] {
        let token = app.login(who).await;
        for book in books(&app, who, Value::Null).await {
            let query = if book["kind"] == "outgoing" {
                "query($r: ID!, $y: Int!) { outgoingRegisterBook(registerId: $r, year: $y) { nodes { number } } }"
            } else {
                "query($r: ID!, $y: Int!) { registerBook(registerId: $r, year: $y) { nodes { number } } }"
            };
            let response = app
                .run(Some(&token), query, json!({ "r": book["id"], "y": year }))
                .await;
            assert!(
                response.errors.is_empty(),
                "{who} opening {}: {:?}",
                book["name"],
                errors(&response)
            );
        }
    }
}
