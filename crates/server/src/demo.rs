//! `chancery demo seed` (and `serve --demo`): the demo organisation, with its accounts
//! printed so people can log in, and its demo PKI: a demo root certificate authority (made
//! a trust anchor), a signing key for every person who signs (leaders, the minister,
//! department heads) and one for every office that issues documents (its seal).

use std::sync::Arc;

use chancery_api::signing::{Vault, anchor_from_pem};
use chancery_commands::seed::{self, DEMO_PASSWORD, DEMO_SIGNING_PIN};
use chancery_commands::{CommandContext, Commands};
use chancery_domain::catalogues::RegisterKind;
use chancery_domain::signing::KeyOwner;
use chancery_files::FileStore;
use chancery_identity::CredentialStore;
use chancery_signing::demo_pki::{DemoCa, DemoSubject, Lifetime};

/// Roles whose holders get a personal signing key in the demo.
const SIGNING_ROLES: &[&str] = &[
    "minister",
    "ministry_leader",
    "unit_head",
    "unit_deputy",
    "department_head",
];

/// Seeds the demo organisation if the database has none, and prints the accounts.
pub async fn seed(
    commands: &Commands,
    credentials: &CredentialStore,
    files: &FileStore,
    vault: &Vault,
) -> anyhow::Result<()> {
    let accounts = seed::demo(commands, credentials, chrono::Utc::now()).await?;
    if accounts.is_empty() {
        println!("demo: the organisation already exists; nothing seeded");
        return Ok(());
    }
    let keys = seed_keys(commands, files, vault).await?;
    println!(
        "demo: created {} accounts, all with password {DEMO_PASSWORD} and signing PIN {DEMO_SIGNING_PIN}, and {keys} demo signing keys",
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

/// The demo PKI: a root CA as trust anchor, then keys for signers and issuing offices.
/// Returns how many keys it registered.
pub async fn seed_keys(
    commands: &Commands,
    files: &FileStore,
    vault: &Vault,
) -> anyhow::Result<usize> {
    let organisation = commands.organisation().await?;
    let catalogues = commands.catalogues().await?;
    let context = CommandContext::new(None, chrono::Utc::now());
    let agency_name = organisation
        .units
        .values()
        .find(|u| u.parent.is_none())
        .map_or_else(|| "Chancery".to_owned(), |u| u.name.clone());
    let ca = tokio::task::spawn_blocking(move || {
        DemoCa::generate(&format!("{agency_name} (demo) Root CA"), "Chancery demo")
    })
    .await??;
    let anchor = anchor_from_pem(&ca.certificate_pem()?)
        .map_err(|e| anyhow::anyhow!("the demo root does not load: {e:?}"))?;
    commands.add_trust_anchor(&context, anchor).await?;

    let mut owners: Vec<(KeyOwner, DemoSubject)> = Vec::new();
    for person in organisation.people.values().filter(|p| p.active) {
        let signs = organisation
            .positions
            .values()
            .any(|p| p.active && p.person == person.id && SIGNING_ROLES.contains(&p.role.as_str()));
        if signs {
            let agency = organisation
                .positions
                .values()
                .find(|p| p.person == person.id)
                .and_then(|p| organisation.agency_of(p.unit))
                .map(|u| u.name.clone())
                .unwrap_or_default();
            owners.push((
                KeyOwner::Person(person.id),
                DemoSubject::person(&person.full_name, &agency),
            ));
        }
    }
    let mut offices: Vec<_> = catalogues
        .registers
        .values()
        .filter(|r| r.active && r.kind == RegisterKind::Outgoing)
        .map(|r| r.owner_unit_id)
        .collect();
    offices.sort();
    offices.dedup();
    for office in offices {
        if let Some(unit) = organisation.units.get(&office) {
            owners.push((
                KeyOwner::Organisation(office),
                DemoSubject::organisation(&unit.name),
            ));
        }
    }

    // RSA key generation dominates: spread it over the cores.
    let ca = Arc::new(ca);
    let password = "demo-key-password";
    let mut made = Vec::new();
    for (owner, subject) in owners {
        let ca = ca.clone();
        made.push(tokio::task::spawn_blocking(move || {
            let identity = ca.issue(&subject, Lifetime::Current)?;
            Ok::<_, anyhow::Error>((owner, identity.to_pkcs12(password)?))
        }));
    }
    let signature = files
        .put(
            "chu-ky-demo.png",
            chancery_signing::sample::signature_png()?.into(),
        )
        .await?;
    let seal = files
        .put(
            "con-dau-demo.png",
            chancery_signing::sample::seal_png()?.into(),
        )
        .await?;
    let mut count = 0;
    for task in made {
        let (owner, p12) = task.await??;
        let image = match owner {
            KeyOwner::Person(_) => signature.sha256.clone(),
            KeyOwner::Organisation(_) => seal.sha256.clone(),
        };
        let registered = vault
            .import(
                files,
                uuid::Uuid::now_v7(),
                owner,
                &p12,
                password,
                Some(image),
            )
            .await
            .map_err(|e| anyhow::anyhow!("a demo key does not import: {e:?}"))?;
        // Each key its own command: events take their ids from the command's.
        commands
            .register_signing_key(&context.follow_up(), registered)
            .await?;
        count += 1;
    }
    Ok(count)
}
