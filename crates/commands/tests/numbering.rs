//! Register numbers are gap-free and never duplicated: 64 clerks registering at once through
//! two independent event-store instances (as two server processes would) get 1..=64, each
//! once; a retried command keeps its number.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use chancery_commands::{CommandContext, Commands};
use chancery_domain::ids::{RegisterId, UnitId, UserId};
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_domain::register::{BookEntry, NumberTaken};
use chancery_event_store::EventStore;
use chancery_event_store::postgres::PgEventStore;
use chancery_test_support::TestDb;
use uuid::Uuid;

fn taken(register: RegisterId, document: Uuid) -> NumberTaken {
    NumberTaken {
        register_id: register,
        year: 2026,
        number: 0,
        document_id: document,
        unit_id: UnitId(Uuid::from_u128(9)),
        clerk: UserId(Uuid::from_u128(1)),
        entry: BookEntry {
            arrived_at: chrono::Utc::now(),
            issuing_body: "Bộ Tài chính".to_owned(),
            number_notation: "125/BTC-VP".to_owned(),
            document_date: chrono::NaiveDate::from_ymd_opt(2026, 2, 27).unwrap(),
            document_type: "cong-van".to_owned(),
            summary: "Về việc triển khai Nghị định 30".to_owned(),
            urgency: Urgency::Normal,
            confidentiality: Confidentiality::Normal,
        },
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_clerks_on_two_servers_get_numbers_one_to_sixty_four() {
    let db = TestDb::new().await;
    let first = PgEventStore::new(db.pool.clone(), db.config.clone());
    first.migrate().await.unwrap();
    let second_pool = chancery_pg::connect_pool(
        db.config.clone(),
        &chancery_pg::PoolOptions {
            max_size: 16,
            application_name: "second-server".to_owned(),
        },
    )
    .unwrap();
    let second = PgEventStore::new(second_pool, db.config.clone());
    let servers: [Arc<Commands>; 2] = [
        Arc::new(Commands::new(Arc::new(first) as Arc<dyn EventStore>)),
        Arc::new(Commands::new(Arc::new(second) as Arc<dyn EventStore>)),
    ];
    let register = RegisterId(Uuid::now_v7());
    let mut tasks = Vec::new();
    // Each clerk's request started a little before the previous one's: however the numbers
    // fall, the book's arrival times follow the numbers.
    let base = chrono::Utc::now();
    for clerk in 0..64 {
        let commands = servers[clerk % 2].clone();
        tasks.push(tokio::spawn(async move {
            let context = CommandContext::new(None, chrono::Utc::now());
            let mut event = taken(register, Uuid::now_v7());
            event.entry.arrived_at = base - chrono::Duration::milliseconds(clerk as i64 * 10);
            commands.take_number(&context, event).await.unwrap().0
        }));
    }
    let mut numbers = Vec::new();
    for task in tasks {
        numbers.push(task.await.unwrap());
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=64).collect::<Vec<u64>>());

    // The stream holds exactly those 64 numbers, in order, each for its own document.
    let events = servers[0]
        .store()
        .read_stream(
            &chancery_event_store::StreamId::new(chancery_domain::register::stream(register, 2026))
                .unwrap(),
            chancery_event_store::ReadDirection::Forwards,
            chancery_event_store::ReadFrom::Start,
            1000,
        )
        .await
        .unwrap();
    let stored: Vec<u64> = events
        .iter()
        .map(|e| e.payload["number"].as_u64().unwrap())
        .collect();
    assert_eq!(stored, (1..=64).collect::<Vec<u64>>());
    let arrivals: Vec<chrono::DateTime<chrono::Utc>> = events
        .iter()
        .map(|e| serde_json::from_value(e.payload["entry"]["arrived_at"].clone()).unwrap())
        .collect();
    assert!(
        arrivals.windows(2).all(|w| w[0] <= w[1]),
        "the book's rows are in arrival order: {arrivals:?}"
    );

    // A retried command (same command id, a double click) keeps its number.
    let context = CommandContext::new(None, chrono::Utc::now());
    let document = Uuid::now_v7();
    let (number, _) = servers[0]
        .take_number(&context, taken(register, document))
        .await
        .unwrap();
    assert_eq!(number, 65);
    servers[1]
        .take_number(
            &CommandContext::new(None, chrono::Utc::now()),
            taken(register, Uuid::now_v7()),
        )
        .await
        .unwrap();
    let (again, _) = servers[1]
        .take_number(&context, taken(register, document))
        .await
        .unwrap();
    assert_eq!(
        again, 65,
        "a retry returns the number the command already got"
    );

    // A new year starts again at 1.
    let next_year = NumberTaken {
        year: 2027,
        ..taken(register, Uuid::now_v7())
    };
    let (first_of_2027, _) = servers[0]
        .take_number(&CommandContext::new(None, chrono::Utc::now()), next_year)
        .await
        .unwrap();
    assert_eq!(first_of_2027, 1);
}
