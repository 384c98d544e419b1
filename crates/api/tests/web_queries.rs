//! Every GraphQL document of the web client (`graphql(`…`)` in `web/src`) stays within the
//! request limits of `chancery_api::limits` (page sizes counted; a page given by a variable
//! is assumed to be the default), so the limits never refuse a normal screen.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use async_graphql::Variables;
use chancery_api::limits::{MAX_PAGED_COST, check, paged_cost};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            sources(&path, out);
        } else if (name.ends_with(".ts") || name.ends_with(".tsx"))
            && !name.contains(".test.")
            && !name.ends_with(".d.ts")
        {
            out.push(path);
        }
    }
}

#[test]
fn every_web_query_is_within_the_request_limits() {
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/src");
    let mut files = Vec::new();
    sources(&web, &mut files);
    let mut documents = 0;
    let mut heaviest = (0, String::new());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for piece in text.split("graphql(`").skip(1) {
            let document = piece.split('`').next().unwrap();
            let parsed = async_graphql::parser::parse_query(document)
                .unwrap_or_else(|e| panic!("{}: {e}\n{document}", file.display()));
            let cost = paged_cost(&parsed, &Variables::default());
            if cost > heaviest.0 {
                heaviest = (cost, format!("{}: {document}", file.display()));
            }
            check(&parsed, &Variables::default(), true)
                .unwrap_or_else(|e| panic!("{} is refused: {e:?}\n{document}", file.display()));
            documents += 1;
        }
    }
    assert!(documents > 50, "only {documents} documents found");
    assert!(heaviest.0 <= MAX_PAGED_COST, "{heaviest:?}");
    println!(
        "{documents} documents; heaviest costs {} of {MAX_PAGED_COST}: {}",
        heaviest.0, heaviest.1
    );
}
