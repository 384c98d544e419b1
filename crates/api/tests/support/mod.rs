//! An API over a real PostgreSQL with the demo organisation: the event store, the projection
//! runners, the credential store and the schema, as `chancery serve` wires them (without
//! HTTP). Requests run as a logged-in demo user through the same authentication path.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::{Request, Response, Variables};
use chancery_api::auth::{RequestInfo, ResponseCookies};
use chancery_api::{ApiContext, ApiSettings, ChancerySchema};
use chancery_commands::Commands;
use chancery_commands::seed::{self, DEMO_PASSWORD, DemoAccount};
use chancery_domain::identity::Client;
use chancery_event_store::EventStore;
use chancery_event_store::postgres::PgEventStore;
use chancery_identity::CredentialStore;
use chancery_projector::{EngineOptions, ProjectionEngine};
use chancery_test_support::TestDb;
use serde_json::{Value, json};
use tokio::sync::watch;

pub struct App {
    pub db: TestDb,
    pub schema: ChancerySchema,
    pub api: ApiContext,
    pub accounts: HashMap<String, DemoAccount>,
    _stop: watch::Sender<bool>,
}

impl App {
    /// A fresh database with the demo organisation, projections and reactions running.
    pub async fn start() -> Self {
        Self::start_with(true).await
    }

    /// The incoming register ("den") of the office `clerk` keeps.
    #[allow(dead_code)] // not every test file uses it
    pub async fn incoming_register(&self, clerk: &str) -> chancery_domain::ids::RegisterId {
        let organisation = self.api.commands.organisation().await.unwrap();
        let office = organisation
            .office_of(organisation.positions[&self.account(clerk).position_id].unit)
            .unwrap();
        self.api
            .commands
            .catalogues()
            .await
            .unwrap()
            .registers
            .values()
            .find(|r| {
                r.owner_unit_id == office
                    && r.kind == chancery_domain::catalogues::RegisterKind::Incoming
                    && r.code == "den"
            })
            .unwrap()
            .register_id
    }

    /// The reactions start now (after [`App::start_with`]`(false)`).
    #[allow(dead_code)] // not every test file uses it
    pub fn start_reactions(&self) {
        self.api.reactions.spawn(self._stop.subscribe());
    }

    /// A fresh database with the demo organisation, projections running, and the reactions
    /// too when `reactions` (else they start with [`App::start_reactions`]).
    pub async fn start_with(reactions_running: bool) -> Self {
        let db = TestDb::new().await;
        let store = PgEventStore::new(db.pool.clone(), db.config.clone());
        store.migrate().await.unwrap();
        let store: Arc<dyn EventStore> = Arc::new(store);
        let engine = Arc::new(
            ProjectionEngine::new(
                store.clone(),
                db.pool.clone(),
                db.config.clone(),
                chancery_read_models::all(),
                EngineOptions::default(),
            )
            .unwrap(),
        );
        engine.migrate().await.unwrap();
        let credentials = CredentialStore::new(db.pool.clone());
        credentials.migrate().await.unwrap();
        let uploads = chancery_files::Uploads::new(
            db.pool.clone(),
            chancery_files::uploads::DEFAULT_RETENTION,
        );
        uploads.migrate().await.unwrap();
        let commands = Arc::new(Commands::new(store.clone()));
        let accounts = seed::demo(&commands, &credentials, chrono::Utc::now())
            .await
            .unwrap();
        let workflows = Arc::new(
            chancery_commands::documents::Workflows::shipped(
                &chancery_domain::organisation::BUILT_IN_ROLES
                    .iter()
                    .map(|r| r.0.to_owned())
                    .collect(),
            )
            .unwrap(),
        );
        let files = Arc::new(
            chancery_files::FileStore::local(
                &std::env::temp_dir().join(format!("chancery-api-files-{}", uuid::Uuid::new_v4())),
                chancery_files::Limits::default(),
            )
            .unwrap(),
        );
        let vault = Arc::new(chancery_api::signing::Vault::new(
            chancery_signing::sealed::MasterKey::generate(),
        ));
        // The reactions, as the server runs them (fan-outs, re-opened parents, copies).
        let reactions = Arc::new(
            chancery_projector::ReactionEngine::new(
                store.clone(),
                db.pool.clone(),
                db.config.clone(),
                chancery_commands::reactions::all(&commands, &workflows, &files, &vault),
                chancery_projector::ReactionOptions::default(),
            )
            .unwrap()
            .reading_with(&engine),
        );
        reactions.migrate().await.unwrap();
        let (stop, shutdown) = watch::channel(false);
        engine.spawn(shutdown.clone());
        if reactions_running {
            reactions.spawn(shutdown);
        }
        let api = ApiContext {
            engine: engine.clone(),
            reactions,
            event_store: "postgres",
            commands,
            credentials,
            pool: db.pool.clone(),
            settings: ApiSettings::default(),
            workflows,
            files,
            signing: vault,
            uploads,
        };
        // Every seeded event, committed: `head_position` could lag behind them while other
        // tests hold transactions open.
        let head = last_position(&db).await;
        engine
            .wait_for(
                head,
                &["directory", "usage_log"],
                std::time::Duration::from_secs(30),
            )
            .await
            .unwrap();
        Self {
            db,
            schema: chancery_api::schema(api.clone()),
            api,
            accounts: accounts
                .into_iter()
                .map(|a| (a.username.clone(), a))
                .collect(),
            _stop: stop,
        }
    }

    /// `username` uploads `bytes` as `POST /files` does (the upload use case): the file is
    /// stored and recorded as theirs.
    pub async fn upload(
        &self,
        username: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> chancery_files::StoredFile {
        let chunks =
            futures::stream::iter([Ok::<_, std::io::Error>(chancery_files::Bytes::from(bytes))]);
        chancery_commands::files::upload(
            &self.api.files,
            &self.api.uploads,
            self.account(username).person_id,
            name,
            chunks,
            chrono::Utc::now(),
        )
        .await
        .unwrap()
    }

    pub fn account(&self, username: &str) -> &DemoAccount {
        self.accounts
            .get(username)
            .unwrap_or_else(|| panic!("no demo account {username}"))
    }

    /// Runs a request with an optional token (and acting position).
    pub async fn run_as(
        &self,
        token: Option<&str>,
        position: Option<&str>,
        query: &str,
        variables: Value,
    ) -> Response {
        let info = RequestInfo {
            token: token.map(str::to_owned),
            position: position.map(str::to_owned),
            client: Client {
                ip: Some("192.0.2.10".to_owned()),
                user_agent: Some("chancery-tests".to_owned()),
            },
            lang: None,
            wants_cookie: false,
        };
        let caller = self.api.authenticate(info.clone()).await.unwrap();
        let request = Request::new(query)
            .variables(Variables::from_json(variables))
            .data(caller)
            .data(ResponseCookies::default());
        self.schema.execute(request).await
    }

    pub async fn run(&self, token: Option<&str>, query: &str, variables: Value) -> Response {
        self.run_as(token, None, query, variables).await
    }

    /// Logs in as a demo user; returns the bearer token.
    pub async fn login(&self, username: &str) -> String {
        self.login_with(username, DEMO_PASSWORD).await.unwrap()
    }

    pub async fn login_with(&self, username: &str, password: &str) -> Result<String, Response> {
        let response = self
            .run(
                None,
                "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p, bearer: true}) { token } }",
                json!({"u": username, "p": password}),
            )
            .await;
        if response.errors.is_empty() {
            Ok(data(&response)["login"]["token"]
                .as_str()
                .unwrap()
                .to_owned())
        } else {
            Err(response)
        }
    }

    /// The lines (type and summary) of a register book's XLSX export for `year`, as the
    /// holder of `token` downloads it (the server's export calls the same function); a
    /// refusal is its error.
    pub async fn exported_book(
        &self,
        token: &str,
        register: &str,
        year: i32,
    ) -> Result<Vec<String>, chancery_api::ApiError> {
        let caller = self
            .api
            .authenticate(RequestInfo {
                token: Some(token.to_owned()),
                client: Client::default(),
                ..RequestInfo::default()
            })
            .await
            .unwrap();
        let guard = self.api.load(caller).await.unwrap();
        let register = chancery_domain::ids::RegisterId(register.parse().unwrap());
        let (_, rows) =
            chancery_api::documents::register_book_export(&self.api, &guard, register, year)
                .await?;
        Ok(rows.into_iter().map(|r| r.type_and_summary).collect())
    }

    /// Events in the store (to check a refused command wrote nothing).
    pub async fn event_count(&self) -> i64 {
        let client = self.db.pool.get().await.unwrap();
        client
            .query_one("SELECT count(*) FROM events", &[])
            .await
            .unwrap()
            .get(0)
    }
}

/// The position of the last committed event (unlike `head_position`, never held back by
/// other tests' open transactions).
pub async fn last_position(db: &TestDb) -> chancery_event_store::GlobalPosition {
    let last: i64 = db
        .pool
        .get()
        .await
        .unwrap()
        .query_one("SELECT coalesce(max(global_position), 0) FROM events", &[])
        .await
        .unwrap()
        .get(0);
    chancery_event_store::GlobalPosition(u64::try_from(last).unwrap())
}

pub fn data(response: &Response) -> Value {
    response.data.clone().into_json().unwrap()
}

/// `(code, reason)` of each error.
pub fn errors(response: &Response) -> Vec<(String, Option<String>, Option<String>)> {
    response
        .errors
        .iter()
        .map(|e| {
            let ext = e.extensions.as_ref();
            let get = |k: &str| {
                ext.and_then(|x| x.get(k)).and_then(|v| match v {
                    async_graphql::Value::String(s) => Some(s.clone()),
                    _ => None,
                })
            };
            (get("code").unwrap_or_default(), get("reason"), get("field"))
        })
        .collect()
}

/// The one error's `(code, reason, field)`; panics unless there is exactly one.
pub fn error(response: &Response) -> (String, Option<String>, Option<String>) {
    let all = errors(response);
    assert_eq!(
        all.len(),
        1,
        "expected one error, got {:?}",
        response.errors
    );
    all.into_iter().next().unwrap()
}
