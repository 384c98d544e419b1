//! Hostile input never ends `INTERNAL`: each bad value the issue listed is `VALIDATION` with
//! its reason and field, and an introspection-driven fuzzer calls every query and mutation
//! of the schema with hostile arguments (huge and negative numbers, impossible dates, NUL,
//! text-direction controls, 10,000-character strings, unknown ids, wrong enum values) as
//! anonymous and as logged-in demo users, counting the answers that are `INTERNAL` (an error
//! without a code raised inside a resolver is `INTERNAL` too: the server reports it so) and
//! the resolvers that panic; both must be zero.
//!
//! The fuzzer is deterministic: its seed is `CHANCERY_FUZZ_SEED` (a fixed default
//! otherwise), printed with every failing request.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use async_graphql::{Request, Variables};
use chancery_api::auth::{RequestInfo, ResponseCookies};
use chancery_domain::identity::Client;
use serde_json::{Value, json};
use support::{App, data};

const NIL: &str = "00000000-0000-7000-8000-000000000000";

fn paper(metadata: Value) -> Value {
    let mut base = json!({
        "issuingBody": "Bộ Tài chính",
        "numberNotation": "12/BTC-VP",
        "documentDate": "2026-01-02",
        "documentType": "cong-van",
        "summary": "Về việc kiểm tra",
    });
    for (k, v) in metadata.as_object().unwrap() {
        base[k] = v.clone();
    }
    json!({"metadata": base, "files": []})
}

const RECEIVE: &str = "mutation($input: ReceivePaperDocumentInput!) { receivePaperDocument(input: $input) { document { id } } }";

#[tokio::test]
async fn each_bad_value_of_the_issue_is_validation_with_its_field() {
    let app = App::start().await;
    let clerk = app.login("vanthu.bo").await;
    let t = Some(clerk.as_str());

    let cases: Vec<(&str, Value, &str, &str)> = vec![
        (
            r#"{ searchDocuments(documentDateFrom: "2026-02-30") { edges { cursor } } }"#,
            json!({}),
            "INVALID_DATE",
            "documentDateFrom",
        ),
        (
            "{ inbox(first: 2147483648) { edges { cursor } } }",
            json!({}),
            "OUT_OF_RANGE",
            "first",
        ),
        (
            "query($f: Int) { inbox(first: $f) { edges { cursor } } }",
            json!({"f": 2_147_483_648_i64}),
            "OUT_OF_RANGE",
            "first",
        ),
        (
            r#"query($nil: ID!) { documentAsOf(id: $nil, at: "+262143-01-01T00:00:00Z") { existed } }"#,
            json!({"nil": NIL}),
            "INVALID_TIMESTAMP",
            "at",
        ),
        (
            r#"query($nil: ID!) { documentAsOf(id: $nil, at: "0001-01-01T00:00:00Z") { existed } }"#,
            json!({"nil": NIL}),
            "OUT_OF_RANGE",
            "at",
        ),
        (
            r#"mutation { createDraft(input: {process: "no-such-process", fields: {documentType: "CV", summary: "S", urgency: NORMAL, confidentiality: NORMAL}, files: []}) { document { id } } }"#,
            json!({}),
            "UNKNOWN_PROCESS",
            "process",
        ),
        (
            RECEIVE,
            json!({"input": paper(json!({"documentDate": "0000-00-00"}))}),
            "INVALID_DATE",
            "documentDate",
        ),
        (
            RECEIVE,
            json!({"input": paper(json!({"deadline": "2026-02-30"}))}),
            "INVALID_DATE",
            "deadline",
        ),
        (
            RECEIVE,
            json!({"input": paper(json!({"pageCount": 1_i64 << 40}))}),
            "OUT_OF_RANGE",
            "pageCount",
        ),
        // Item 11: implausible dates, bidi controls and invisible characters.
        (
            RECEIVE,
            json!({"input": paper(json!({"documentDate": "0001-01-01"}))}),
            "OUT_OF_RANGE",
            "documentDate",
        ),
        (
            RECEIVE,
            json!({"input": paper(json!({"deadline": "1900-01-01"}))}),
            "OUT_OF_RANGE",
            "deadline",
        ),
        (
            RECEIVE,
            json!({"input": paper(json!({"summary": "Nguyễn \u{202e}FDP.EXE"}))}),
            "INVALID_CHARACTERS",
            "summary",
        ),
        (
            RECEIVE,
            json!({"input": paper(json!({"issuingBody": "Bộ \u{2067}Tài chính\u{2069}"}))}),
            "INVALID_CHARACTERS",
            "issuingBody",
        ),
        (
            RECEIVE,
            json!({"input": paper(json!({"summary": "dòng một\u{2028}dòng hai"}))}),
            "INVALID_CHARACTERS",
            "summary",
        ),
    ];
    let mut failures = Vec::new();
    for (query, variables, reason, field) in cases {
        let response = app.run(t, query, variables.clone()).await;
        let got = support::errors(&response);
        let expected = (
            "VALIDATION".to_owned(),
            Some(reason.to_owned()),
            Some(field.to_owned()),
        );
        if got != vec![expected] {
            failures.push(format!("{query} {variables}: {:?}", response.errors));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn names_refuse_text_direction_controls_and_lose_invisible_break_hints() {
    let app = App::start().await;
    let admin = app.login("admin").await;
    let person = app.account("vanthu.bo").person_id.0.to_string();
    let update = "mutation($id: ID!, $name: String!) { updatePerson(id: $id, input: {fullName: $name, clearance: NORMAL}) { visible } }";
    for spoof in [
        "Nguyễn \u{202e}FDP.EXE",
        "\u{2067}Admin\u{2069}",
        "Nguyễn\u{2028}Văn An",
        "Ad\u{200d}min",
    ] {
        let response = app
            .run(Some(&admin), update, json!({"id": person, "name": spoof}))
            .await;
        assert_eq!(
            support::errors(&response),
            vec![(
                "VALIDATION".to_owned(),
                Some("INVALID_CHARACTERS".to_owned()),
                Some("fullName".to_owned())
            )],
            "{spoof:?}"
        );
    }
    let response = app
        .run(
            Some(&admin),
            update,
            json!({"id": person, "name": "\u{feff}Nguyễn\u{200b} Văn An"}),
        )
        .await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let response = app
        .run(
            Some(&admin),
            "query($id: ID!) { person(id: $id) { fullName } }",
            json!({"id": person}),
        )
        .await;
    assert_eq!(data(&response)["person"]["fullName"], "Nguyễn Văn An");
}

#[tokio::test]
async fn a_nul_in_any_search_or_filter_text_is_validation_with_its_field() {
    let app = App::start().await;
    let clerk = app.login("vanthu.bo").await;
    let t = Some(clerk.as_str());
    let nul = "van\u{0}ban";
    let cases: &[(&str, &str)] = &[
        (
            "query($t: String) { searchDocuments(text: $t) { edges { cursor } } }",
            "text",
        ),
        (
            "query($t: String) { searchDocuments(documentType: $t) { edges { cursor } } }",
            "documentType",
        ),
        (
            "query($t: String) { searchDocuments(issuingBody: $t) { edges { cursor } } }",
            "issuingBody",
        ),
        (
            "query($t: String) { inbox(filter: {text: $t}) { edges { cursor } } }",
            "text",
        ),
        (
            "query($t: String) { inbox(filter: {documentType: $t}) { edges { cursor } } }",
            "documentType",
        ),
        (
            "query($t: String) { inbox(filter: {issuingBody: $t}) { edges { cursor } } }",
            "issuingBody",
        ),
        (
            "query($t: String) { units(text: $t) { edges { cursor } } }",
            "text",
        ),
        (
            "query($t: String) { people(search: $t) { edges { cursor } } }",
            "search",
        ),
        (
            "query($t: String) { externalAgencies(search: $t) { edges { cursor } } }",
            "search",
        ),
        (
            "query($t: String) { people(role: $t) { edges { cursor } } }",
            "role",
        ),
        (
            "query($t: String!) { probableDuplicates(issuingBody: $t, numberNotation: \"1/X\") { totalCount } }",
            "issuingBody",
        ),
    ];
    // The books: a register the clerk keeps, of each kind.
    let mut books = Vec::new();
    for (kind, book) in [
        ("INCOMING", "registerBook"),
        ("OUTGOING", "outgoingRegisterBook"),
    ] {
        let listed = app
            .run(
                t,
                &format!(
                    "{{ registers(kind: {kind}, first: 100) {{ edges {{ node {{ id }} }} }} }}"
                ),
                json!({}),
            )
            .await;
        let mut kept = None;
        for edge in data(&listed)["registers"]["edges"].as_array().unwrap() {
            let id = edge["node"]["id"].as_str().unwrap().to_owned();
            let query = format!(
                "query($t: String) {{ {book}(registerId: \"{id}\", year: 2026, text: $t) {{ edges {{ cursor }} }} }}"
            );
            if app
                .run(t, &query, json!({"t": "van ban"}))
                .await
                .errors
                .is_empty()
            {
                kept = Some(query);
                break;
            }
        }
        books.push(kept.unwrap_or_else(|| panic!("vanthu.bo keeps no {kind} register")));
    }
    let cases: Vec<(&str, &str)> = cases
        .iter()
        .copied()
        .chain(books.iter().map(|q| (q.as_str(), "text")))
        .collect();
    let mut failures = Vec::new();
    for (query, field) in cases {
        let response = app.run(t, query, json!({"t": nul})).await;
        let got = support::errors(&response);
        let ok = got.len() == 1
            && got[0].0 == "VALIDATION"
            && got[0].1.as_deref() == Some("CONTROL_CHARACTERS")
            && got[0].2.as_deref() == Some(field);
        if !ok {
            failures.push(format!("{query}: {:?}", response.errors));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------
// The fuzzer
// ---------------------------------------------------------------------------------------

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n as u64)).unwrap()
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// A type reference from introspection: `NON_NULL`/`LIST` wrappers around a named type.
#[derive(Debug, Clone)]
enum TypeRef {
    Named(String),
    List(Box<TypeRef>),
    NonNull(Box<TypeRef>),
}

impl TypeRef {
    fn from_json(v: &Value) -> Self {
        match v["kind"].as_str().unwrap() {
            "NON_NULL" => Self::NonNull(Box::new(Self::from_json(&v["ofType"]))),
            "LIST" => Self::List(Box::new(Self::from_json(&v["ofType"]))),
            _ => Self::Named(v["name"].as_str().unwrap().to_owned()),
        }
    }

    fn sdl(&self) -> String {
        match self {
            Self::Named(n) => n.clone(),
            Self::List(t) => format!("[{}]", t.sdl()),
            Self::NonNull(t) => format!("{}!", t.sdl()),
        }
    }

    fn named(&self) -> &str {
        match self {
            Self::Named(n) => n,
            Self::List(t) | Self::NonNull(t) => t.named(),
        }
    }
}

#[derive(Debug, Clone)]
struct Arg {
    name: String,
    ty: TypeRef,
}

#[derive(Debug, Clone)]
struct Field {
    name: String,
    args: Vec<Arg>,
    returns: TypeRef,
}

/// What introspection tells of the schema.
struct Schema {
    kinds: BTreeMap<String, String>,
    enums: BTreeMap<String, Vec<String>>,
    inputs: BTreeMap<String, Vec<Arg>>,
    roots: Vec<(&'static str, Vec<Field>)>,
}

const INTROSPECTION: &str = r"
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
{ __schema {
    queryType { name } mutationType { name }
    types {
      kind name
      enumValues { name }
      inputFields { name type { ...T } }
      fields { name args { name type { ...T } } type { ...T } }
    }
} }";

async fn introspect(app: &App) -> Schema {
    // Introspection is for logged-in callers.
    let token = app.login("admin").await;
    let response = app.run(Some(&token), INTROSPECTION, json!({})).await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let schema = data(&response)["__schema"].clone();
    let mut kinds = BTreeMap::new();
    let mut enums = BTreeMap::new();
    let mut inputs = BTreeMap::new();
    let mut objects: BTreeMap<String, Vec<Field>> = BTreeMap::new();
    for t in schema["types"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap().to_owned();
        kinds.insert(name.clone(), t["kind"].as_str().unwrap().to_owned());
        if let Some(values) = t["enumValues"].as_array() {
            enums.insert(
                name.clone(),
                values
                    .iter()
                    .map(|v| v["name"].as_str().unwrap().to_owned())
                    .collect(),
            );
        }
        if let Some(fields) = t["inputFields"].as_array() {
            inputs.insert(
                name.clone(),
                fields
                    .iter()
                    .map(|f| Arg {
                        name: f["name"].as_str().unwrap().to_owned(),
                        ty: TypeRef::from_json(&f["type"]),
                    })
                    .collect(),
            );
        }
        if let Some(fields) = t["fields"].as_array() {
            objects.insert(
                name,
                fields
                    .iter()
                    .map(|f| Field {
                        name: f["name"].as_str().unwrap().to_owned(),
                        args: f["args"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|a| Arg {
                                name: a["name"].as_str().unwrap().to_owned(),
                                ty: TypeRef::from_json(&a["type"]),
                            })
                            .collect(),
                        returns: TypeRef::from_json(&f["type"]),
                    })
                    .collect(),
            );
        }
    }
    let root = |key: &str| schema[key]["name"].as_str().unwrap().to_owned();
    let roots = vec![
        ("query", objects[&root("queryType")].clone()),
        ("mutation", objects[&root("mutationType")].clone()),
    ];
    Schema {
        kinds,
        enums,
        inputs,
        roots,
    }
}

/// Hostile values of each scalar (and a few valid ones, so calls also get past parsing).
fn scalar(rng: &mut Rng, name: &str, ids: &[String]) -> Value {
    let long = "ư".repeat(10_000);
    match name {
        "Int" => rng.pick(&[
            json!(0),
            json!(1),
            json!(-1),
            json!(50),
            json!(2026),
            json!(i32::MAX),
            json!(i32::MIN),
            json!(2_147_483_648_i64),
            json!(-2_147_483_649_i64),
            json!(1_i64 << 40),
            json!(1e300),
            json!("12"),
        ]),
        "Float" => rng.pick(&[json!(0.5), json!(-1e308), json!(1e308), json!("x")]),
        "Boolean" => rng.pick(&[json!(true), json!(false), json!("yes")]),
        "NaiveDate" => rng.pick(&[
            json!("2026-02-30"),
            json!("0000-00-00"),
            json!("0001-01-01"),
            json!("1900-01-01"),
            json!("2026-01-02"),
            json!(chrono::Utc::now().date_naive().to_string()),
            json!("+262143-12-31"),
            json!("-262144-01-01"),
            json!("9999-12-31"),
            json!("2026-13-01"),
            json!(""),
            json!(20_260_102),
        ]),
        "DateTime" => rng.pick(&[
            json!("+262143-01-01T00:00:00Z"),
            json!("-262143-01-01T00:00:00Z"),
            json!("0001-01-01T00:00:00Z"),
            json!("2026-01-02T03:04:05Z"),
            json!("9999-12-31T23:59:59+14:00"),
            json!("2026-02-30T00:00:00Z"),
            json!("yesterday"),
        ]),
        "ID" | "UUID" => {
            let mut choices = vec![
                json!(NIL),
                json!(uuid::Uuid::new_v4().to_string()),
                json!("not-an-id"),
                json!(""),
                json!("\u{0}"),
                json!(long),
                json!(-1),
            ];
            for _ in 0..6 {
                if !ids.is_empty() {
                    choices.push(json!(rng.pick(ids)));
                }
            }
            rng.pick(&choices)
        }
        "JSON" => rng.pick(&[json!({}), json!([]), json!({"\u{0}": "\u{0}"}), json!(1)]),
        // String and any custom text scalar.
        _ => rng.pick(&[
            json!(""),
            json!("van ban"),
            json!("cong-van"),
            json!("vi"),
            json!("\u{0}"),
            json!("a\u{0}b"),
            json!("Nguyễn \u{202e}FDP.EXE"),
            json!("\u{feff}Admin"),
            json!("\u{2067}x\u{2069}\u{2028}"),
            json!(long),
            json!("' OR 1=1 --"),
            json!("%_\\"),
            json!("ກະຊວງພາຍໃນ"),
            json!("p4-outgoing-unit"),
            json!("no-such-process"),
            json!(NIL),
            json!(12),
        ]),
    }
}

fn value(rng: &mut Rng, schema: &Schema, ty: &TypeRef, ids: &[String], depth: usize) -> Value {
    match ty {
        TypeRef::NonNull(inner) => {
            if rng.chance(40) {
                Value::Null
            } else {
                value(rng, schema, inner, ids, depth)
            }
        }
        TypeRef::List(inner) => {
            if depth > 4 {
                return json!([]);
            }
            let n = rng.pick(&[0, 1, 1, 2, 3, 300]);
            let one = value(rng, schema, inner, ids, depth + 1);
            if n == 300 {
                Value::Array(vec![one; n])
            } else {
                Value::Array(
                    (0..n)
                        .map(|_| value(rng, schema, inner, ids, depth + 1))
                        .collect(),
                )
            }
        }
        TypeRef::Named(name) => {
            if rng.chance(25) {
                return Value::Null;
            }
            match schema.kinds.get(name).map(String::as_str) {
                Some("ENUM") => {
                    let mut values = schema.enums[name].clone();
                    values.push("NO_SUCH_VALUE".to_owned());
                    json!(rng.pick(&values))
                }
                Some("INPUT_OBJECT") => {
                    if depth > 4 {
                        return Value::Null;
                    }
                    let mut object = serde_json::Map::new();
                    for field in &schema.inputs[name] {
                        if rng.chance(12) {
                            continue;
                        }
                        object.insert(
                            field.name.clone(),
                            value(rng, schema, &field.ty, ids, depth + 1),
                        );
                    }
                    if rng.chance(30) {
                        object.insert("noSuchField".to_owned(), json!(1));
                    }
                    Value::Object(object)
                }
                _ => scalar(rng, name, ids),
            }
        }
    }
}

/// Every id-looking string of a response, to call fields on ids that exist.
fn collect_ids(value: &Value, ids: &mut Vec<String>) {
    match value {
        Value::String(s)
            if s.len() == 36
                && uuid::Uuid::parse_str(s).is_ok()
                && ids.len() < 500
                && !ids.contains(s) =>
        {
            ids.push(s.clone());
        }
        Value::Array(items) => items.iter().for_each(|v| collect_ids(v, ids)),
        Value::Object(map) => map.values().for_each(|v| collect_ids(v, ids)),
        _ => {}
    }
}

/// Mutations that would end the fuzzing caller's own session or lock it out; everything
/// else is called.
const SPARED: &[&str] = &["logout", "revokeSession", "revokeSessions"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fuzzed_requests_to_every_field_never_end_internal_nor_panic() {
    let seed: u64 = std::env::var("CHANCERY_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x00C4_A4CE_4713);
    let rounds: usize = std::env::var("CHANCERY_FUZZ_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let app = App::start().await;
    let schema = introspect(&app).await;

    // Ids that exist: units, people, registers, the demo accounts' people and positions.
    let mut ids: Vec<String> = app
        .accounts
        .values()
        .flat_map(|a| [a.person_id.0.to_string(), a.position_id.0.to_string()])
        .collect();
    let admin = app.login("admin").await;
    for query in [
        "{ units(first: 50) { edges { node { id } } } }",
        "{ registers(first: 50) { edges { node { id } } } }",
        "{ externalAgencies(first: 20) { edges { node { id } } } }",
    ] {
        let response = app.run(Some(&admin), query, json!({})).await;
        collect_ids(&data(&response), &mut ids);
    }

    let callers: Vec<(&str, Option<String>)> = vec![
        ("anonymous", None),
        ("vanthu.bo", Some(app.login("vanthu.bo").await)),
        ("cv.congchuc1", Some(app.login("cv.congchuc1").await)),
        ("admin", Some(admin.clone())),
    ];
    let mut rng = Rng(seed | 1);
    let started = Instant::now();
    let mut sent = 0_usize;
    let mut failures: Vec<String> = Vec::new();
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    for round in 0..rounds {
        for (kind, fields) in &schema.roots {
            for field in fields {
                if SPARED.contains(&field.name.as_str()) {
                    continue;
                }
                let (who, token) = callers[(round + sent) % callers.len()].clone();
                let mut declarations = Vec::new();
                let mut arguments = Vec::new();
                let mut variables = serde_json::Map::new();
                for (i, arg) in field.args.iter().enumerate() {
                    if arg.ty.named() == "Upload" {
                        continue;
                    }
                    if !matches!(arg.ty, TypeRef::NonNull(_)) && rng.chance(3) {
                        continue;
                    }
                    declarations.push(format!("$a{i}: {}", arg.ty.sdl()));
                    arguments.push(format!("{}: $a{i}", arg.name));
                    variables.insert(format!("a{i}"), value(&mut rng, &schema, &arg.ty, &ids, 0));
                }
                let selection = match schema.kinds.get(field.returns.named()).map(String::as_str) {
                    Some("OBJECT" | "INTERFACE" | "UNION") => " { __typename }",
                    _ => "",
                };
                let query = format!(
                    "{kind}{} {{ {}{}{selection} }}",
                    if declarations.is_empty() {
                        String::new()
                    } else {
                        format!("({})", declarations.join(", "))
                    },
                    field.name,
                    if arguments.is_empty() {
                        String::new()
                    } else {
                        format!("({})", arguments.join(", "))
                    },
                );
                let variables = Value::Object(variables);
                sent += 1;
                let outcome = call(&app, token.as_deref(), &query, variables.clone()).await;
                let described = || {
                    let mut v: String = variables.to_string().chars().take(600).collect();
                    if v.len() < variables.to_string().len() {
                        v.push('…');
                    }
                    format!("seed {seed}, as {who}: {query}\n    variables: {v}")
                };
                match outcome {
                    Err(panic) => failures.push(format!("PANIC {panic}\n    {}", described())),
                    Ok(response) => {
                        for e in &response.errors {
                            let code = e
                                .extensions
                                .as_ref()
                                .and_then(|x| x.get("code"))
                                .map(|c| c.to_string().trim_matches('"').to_owned())
                                .unwrap_or_else(|| {
                                    // As the server reports it (crates/server/src/http.rs).
                                    if e.path.is_empty() {
                                        "VALIDATION".to_owned()
                                    } else {
                                        "INTERNAL".to_owned()
                                    }
                                });
                            *codes.entry(code.clone()).or_default() += 1;
                            if code == "INTERNAL" {
                                failures.push(format!(
                                    "INTERNAL: {} (path {:?})\n    {}",
                                    e.message,
                                    e.path,
                                    described()
                                ));
                            }
                        }
                        if let Ok(json) = response.data.into_json() {
                            collect_ids(&json, &mut ids);
                        }
                    }
                }
            }
        }
    }
    let elapsed = started.elapsed();
    println!(
        "fuzz: seed {seed}, {sent} requests in {elapsed:?}, error codes {codes:?}, {} failures",
        failures.len()
    );
    assert!(sent >= 2000, "the fuzzer sent only {sent} requests");
    assert!(
        failures.is_empty(),
        "{} of {sent} fuzzed requests failed (seed {seed}; rerun with CHANCERY_FUZZ_SEED={seed}):\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        elapsed < Duration::from_secs(180),
        "the fuzz run took {elapsed:?}"
    );
}

/// Runs one request on its own task, so a panicking resolver is reported with its request.
async fn call(
    app: &App,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> Result<async_graphql::Response, String> {
    let info = RequestInfo {
        token: token.map(str::to_owned),
        position: None,
        client: Client {
            ip: Some("192.0.2.10".to_owned()),
            user_agent: Some("chancery-fuzz".to_owned()),
        },
        lang: None,
        wants_cookie: false,
    };
    // A token the fuzzing revoked (an account deactivated, a password reset) calls as
    // anonymous, as the server does.
    let caller = match app.api.authenticate(info.clone()).await {
        Ok(caller) => caller,
        Err(_) => chancery_api::auth::Caller::anonymous(info),
    };
    let request = Request::new(query)
        .variables(Variables::from_json(variables))
        .data(caller)
        .data(ResponseCookies::default());
    let schema = app.schema.clone();
    tokio::spawn(async move { schema.execute(request).await })
        .await
        .map_err(|e| {
            if e.is_panic() {
                let panic = e.into_panic();
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "a panic".to_owned())
            } else {
                e.to_string()
            }
        })
}
