//! `chancery demo seed` (and `serve --demo`): the demo organisation, with its accounts
//! printed so people can log in.

use chancery_commands::Commands;
use chancery_commands::seed::{self, DEMO_PASSWORD};
use chancery_identity::CredentialStore;

/// Seeds the demo organisation if the database has none, and prints the accounts.
pub async fn seed(commands: &Commands, credentials: &CredentialStore) -> anyhow::Result<()> {
    let accounts = seed::demo(commands, credentials, chrono::Utc::now()).await?;
    if accounts.is_empty() {
        println!("demo: the organisation already exists; nothing seeded");
        return Ok(());
    }
    println!(
        "demo: created {} accounts, all with password {DEMO_PASSWORD}",
        accounts.len()
    );
    println!("{:<16} {:<34} {:<26} unit", "username", "name", "role");
    for a in &accounts {
        println!(
            "{:<16} {:<34} {:<26} {}",
            a.username, a.full_name, a.role, a.unit
        );
    }
    Ok(())
}
