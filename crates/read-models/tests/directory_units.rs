//! The `directory` projection's unit search on a real PostgreSQL: units found at any depth
//! by every word of a text, accents and case ignored, LIKE wildcards taken literally, in
//! keyset order; and each unit's path from the top of the tree.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod support;

use std::sync::Arc;
use std::time::Duration;

use chancery_domain::ids::UnitId;
use chancery_domain::organisation::{UnitCreated, UnitKind};
use chancery_event_store::postgres::PgEventStore;
use chancery_event_store::{
    EventMetadata, EventStore, ExpectedRevision, GlobalPosition, NewEvent, StreamId,
};
use chancery_projector::ProjectionEngine;
use chancery_read_models::directory::{self, Directory};
use chancery_test_support::TestDb;
use chrono::Utc;
use tokio::sync::watch;
use uuid::Uuid;

const PATIENCE: Duration = Duration::from_secs(30);

struct World {
    db: TestDb,
    store: Arc<PgEventStore>,
    engine: Arc<ProjectionEngine>,
    last: GlobalPosition,
    _stop: watch::Sender<bool>,
}

async fn world() -> World {
    let support::Running {
        db,
        store,
        engine,
        stop,
    } = support::running(Arc::new(Directory), None).await;
    World {
        db,
        store,
        engine,
        last: GlobalPosition(0),
        _stop: stop,
    }
}

impl World {
    async fn unit(&mut self, parent: Option<Uuid>, kind: UnitKind, name: &str) -> Uuid {
        let id = Uuid::new_v4();
        let event = UnitCreated {
            unit_id: UnitId(id),
            parent_id: parent.map(UnitId),
            kind,
            code: format!("U{}", &id.simple().to_string()[..8]),
            abbreviation: "X".into(),
            name: name.into(),
            identifier_code: None,
            country: None,
        };
        let shape = chancery_domain::events::encode(&event).unwrap();
        let metadata = EventMetadata::for_command(Uuid::now_v7(), None, Utc::now());
        self.last = self
            .store
            .append(
                &StreamId::new("organisation").unwrap(),
                ExpectedRevision::Any,
                vec![NewEvent::new(
                    0,
                    shape.event_type,
                    shape.schema_version,
                    shape.payload,
                    metadata,
                )],
            )
            .await
            .unwrap()
            .last_position;
        id
    }

    async fn catch_up(&self) {
        self.engine
            .wait_for(self.last, &[directory::NAME], PATIENCE)
            .await
            .unwrap();
    }

    /// The names of the units `text` finds (any parent), in the order returned.
    async fn find(&self, text: &str) -> Vec<String> {
        let client = self.db.pool.get().await.unwrap();
        directory::units(&**client, None, false, Some(text), None, 50)
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.name)
            .collect()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn units_are_found_at_any_depth_by_every_word_ignoring_accents() {
    let mut w = world().await;
    let ministry = w.unit(None, UnitKind::Agency, "Bộ Nội vụ").await;
    let office = w.unit(Some(ministry), UnitKind::Unit, "Văn phòng Bộ").await;
    let staff = w
        .unit(Some(ministry), UnitKind::Unit, "Vụ Tổ chức cán bộ")
        .await;
    let board = w
        .unit(Some(staff), UnitKind::Department, "Ban Tổ chức")
        .await;
    let deep = w
        .unit(Some(board), UnitKind::Department, "Tổ Đào tạo bồi dưỡng")
        .await;
    w.unit(Some(office), UnitKind::Department, "Phòng 10% _đặc biệt_")
        .await;
    w.unit(Some(office), UnitKind::Department, "Phòng 100 đặc biệt")
        .await;
    w.catch_up().await;

    // Every word, accents and case ignored, across levels; name order.
    assert_eq!(w.find("ban to chuc").await, vec!["Ban Tổ chức"]);
    assert_eq!(
        w.find("TO CHUC").await,
        vec!["Ban Tổ chức", "Vụ Tổ chức cán bộ"]
    );
    // Words in any order, the đ folded to d.
    assert_eq!(w.find("duong dao").await, vec!["Tổ Đào tạo bồi dưỡng"]);
    // Three levels down, without its branch ever being read.
    assert_eq!(w.find("bồi dưỡng").await, vec!["Tổ Đào tạo bồi dưỡng"]);
    // No match.
    assert!(w.find("ban tài chính").await.is_empty());
    // % and _ are plain characters, not wildcards.
    assert_eq!(w.find("10%").await, vec!["Phòng 10% _đặc biệt_"]);
    assert_eq!(w.find("_dac").await, vec!["Phòng 10% _đặc biệt_"]);
    assert!(w.find("1%0").await.is_empty());
    assert!(w.find("p_ong").await.is_empty());
    // A blank text is no filter: the level under the parent as before.
    let client = w.db.pool.get().await.unwrap();
    let level: Vec<String> =
        directory::units(&**client, Some(ministry), false, Some("  "), None, 50)
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.name)
            .collect();
    assert_eq!(level, vec!["Văn phòng Bộ", "Vụ Tổ chức cán bộ"]);

    // The path of each unit, from the top down, without itself.
    let paths = directory::unit_paths(&**client, &[deep, ministry, Uuid::new_v4()])
        .await
        .unwrap();
    assert_eq!(
        paths[&deep],
        vec!["Bộ Nội vụ", "Vụ Tổ chức cán bộ", "Ban Tổ chức"]
    );
    assert!(paths[&ministry].is_empty());
    assert_eq!(paths.len(), 2, "an unknown id has no path");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_pages_in_name_order_after_the_cursor() {
    let mut w = world().await;
    let top = w.unit(None, UnitKind::Agency, "Sở Tư pháp").await;
    let mut parent = top;
    // The same words at every depth, names out of order.
    for name in ["Phòng C", "Phòng A", "Phòng D", "Phòng B"] {
        parent = w.unit(Some(parent), UnitKind::Department, name).await;
    }
    w.catch_up().await;
    let client = w.db.pool.get().await.unwrap();
    let first = directory::units(&**client, None, false, Some("phong"), None, 2)
        .await
        .unwrap();
    let names: Vec<&str> = first.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, vec!["Phòng A", "Phòng B"]);
    let last = first.last().unwrap();
    let rest = directory::units(
        &**client,
        None,
        false,
        Some("phong"),
        Some((last.name.clone(), last.unit_id)),
        2,
    )
    .await
    .unwrap();
    let names: Vec<&str> = rest.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, vec!["Phòng C", "Phòng D"]);
}
