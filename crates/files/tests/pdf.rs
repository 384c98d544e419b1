//! PDFs with active content are refused at upload; ordinary ones (links included) are not.
//! Every PDF is built here with lopdf, plainly and with its objects in compressed object
//! streams, where a scanner reading the raw bytes would not see the names.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use chancery_files::{FileError, FileStore, Limits};
use lopdf::{
    Dictionary, Document, Object, ObjectId, SaveOptions, Stream, StringFormat, dictionary,
};

fn text(s: &str) -> Object {
    Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
}

/// A one-page PDF; `extend` adds to the document and its catalogue before saving.
fn pdf(compressed: bool, extend: impl FnOnce(&mut Document, &mut Dictionary, ObjectId)) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let content = doc.add_object(Stream::new(
        Dictionary::new(),
        b"BT /F1 12 Tf 72 720 Td (Cong van) Tj ET".to_vec(),
    ));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages_id };
    extend(&mut doc, &mut catalog, page_id);
    let catalog_id = doc.add_object(catalog);
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    if compressed {
        let options = SaveOptions::builder()
            .use_object_streams(true)
            .use_xref_streams(true)
            .max_objects_per_stream(100)
            .compression_level(6)
            .build();
        doc.save_with_options(&mut out, options).unwrap();
    } else {
        doc.save_to(&mut out).unwrap();
    }
    out
}

fn store() -> (tempfile::TempDir, FileStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::local(dir.path(), Limits::default()).unwrap();
    (dir, store)
}

/// What the store says about `bytes`: `Ok(())` when stored, else the error's code.
async fn verdict(bytes: Vec<u8>) -> Result<(), &'static str> {
    let (_dir, store) = store();
    match store.put("van-ban.pdf", bytes.into()).await {
        Ok(stored) => {
            assert_eq!(stored.media_type, "application/pdf");
            Ok(())
        }
        Err(e) => Err(e.code()),
    }
}

/// Both the plain and the compressed form of a PDF get `expected`.
async fn both(
    expected: Result<(), &'static str>,
    extend: impl Fn(&mut Document, &mut Dictionary, ObjectId),
) {
    assert_eq!(verdict(pdf(false, &extend)).await, expected, "plain");
    assert_eq!(
        verdict(pdf(true, &extend)).await,
        expected,
        "object streams"
    );
}

const ACTIVE: Result<(), &str> = Err("ACTIVE_PDF_CONTENT");

#[tokio::test]
async fn an_ordinary_pdf_with_a_link_is_accepted() {
    both(Ok(()), |doc, _, page| {
        let link = doc.add_object(dictionary! {
            "Type" => "Annot",
            "Subtype" => "Link",
            "Rect" => vec![0.into(), 0.into(), 100.into(), 20.into()],
            "A" => dictionary! { "S" => "URI", "URI" => text("https://chinhphu.vn") },
        });
        if let Ok(Object::Dictionary(page)) = doc.get_object_mut(page) {
            page.set("Annots", vec![Object::Reference(link)]);
        }
    })
    .await;
}

#[tokio::test]
async fn javascript_run_on_opening_is_refused_even_inside_an_object_stream() {
    let open_action = |doc: &mut Document, catalog: &mut Dictionary, _: ObjectId| {
        let action = doc.add_object(dictionary! {
            "Type" => "Action",
            "S" => "JavaScript",
            "JS" => text("app.alert('x')"),
        });
        catalog.set("OpenAction", action);
    };
    // The compressed form hides the names from a reader of the raw bytes.
    let compressed = pdf(true, open_action);
    assert!(!compressed.windows(10).any(|w| w == b"JavaScript"));
    both(ACTIVE, open_action).await;
}

#[tokio::test]
async fn a_launch_action_is_refused() {
    both(ACTIVE, |doc, catalog, _| {
        let action = doc.add_object(dictionary! {
            "S" => "Launch",
            "F" => text("C:\\Windows\\System32\\calc"),
        });
        catalog.set("OpenAction", action);
    })
    .await;
}

#[tokio::test]
async fn document_level_javascript_in_the_name_tree_is_refused() {
    both(ACTIVE, |doc, catalog, _| {
        let script = doc.add_object(dictionary! {
            "S" => "JavaScript",
            "JS" => text("this.print()"),
        });
        let tree = doc.add_object(dictionary! { "Names" => vec![text("init"), script.into()] });
        catalog.set("Names", dictionary! { "JavaScript" => tree });
    })
    .await;
}

#[tokio::test]
async fn javascript_on_a_page_event_is_refused() {
    both(ACTIVE, |doc, _, page| {
        let script = doc.add_object(Stream::new(Dictionary::new(), b"app.alert(1)".to_vec()));
        if let Ok(Object::Dictionary(page)) = doc.get_object_mut(page) {
            page.set(
                "AA",
                dictionary! { "O" => dictionary! { "S" => "JavaScript", "JS" => script } },
            );
        }
    })
    .await;
}

#[tokio::test]
async fn names_written_with_escapes_are_read_as_readers_read_them() {
    // `/J#61vaScript` is `/JavaScript`; no cross-reference table (readers rebuild it).
    let raw = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >> >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
    assert_eq!(verdict(raw.to_vec()).await, ACTIVE);
}

fn embed(doc: &mut Document, catalog: &mut Dictionary, name: &str, bytes: &[u8]) {
    let file = doc.add_object(Stream::new(
        dictionary! { "Type" => "EmbeddedFile" },
        bytes.to_vec(),
    ));
    let spec = doc.add_object(dictionary! {
        "Type" => "Filespec",
        "F" => text(name),
        "UF" => text(name),
        "EF" => dictionary! { "F" => file },
    });
    let tree = doc.add_object(dictionary! { "Names" => vec![text(name), spec.into()] });
    catalog.set("Names", dictionary! { "EmbeddedFiles" => tree });
}

#[tokio::test]
async fn an_embedded_executable_is_refused_whatever_its_name() {
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00".to_vec();
    exe.extend_from_slice(&[0u8; 120]);
    both(ACTIVE, |doc, catalog, _| {
        embed(doc, catalog, "bang-ke.xml", &exe)
    })
    .await;
}

#[tokio::test]
async fn an_embedded_file_named_as_a_program_is_refused() {
    both(ACTIVE, |doc, catalog, _| {
        embed(
            doc,
            catalog,
            "huong-dan.exe",
            b"<?xml version=\"1.0\"?><a/>",
        );
    })
    .await;
}

#[tokio::test]
async fn an_embedded_xml_file_is_accepted() {
    // PDF/A-3 carries its data this way (an e-invoice, an edXML package).
    both(Ok(()), |doc, catalog, _| {
        embed(
            doc,
            catalog,
            "du-lieu.xml",
            b"<?xml version=\"1.0\"?><bang-ke/>",
        );
    })
    .await;
}

#[tokio::test]
async fn an_embedded_pdf_is_looked_into() {
    let inner = pdf(true, |doc, catalog, _| {
        let action = doc.add_object(dictionary! { "S" => "JavaScript", "JS" => text("1") });
        catalog.set("OpenAction", action);
    });
    both(ACTIVE, |doc, catalog, _| {
        embed(doc, catalog, "phu-luc.pdf", &inner)
    })
    .await;
    let clean_inner = pdf(false, |_, _, _| {});
    both(Ok(()), |doc, catalog, _| {
        embed(doc, catalog, "phu-luc.pdf", &clean_inner);
    })
    .await;
}

#[tokio::test]
async fn rich_media_is_refused() {
    both(ACTIVE, |doc, _, page| {
        let annotation = doc.add_object(dictionary! {
            "Type" => "Annot",
            "Subtype" => "RichMedia",
            "Rect" => vec![0.into(), 0.into(), 100.into(), 100.into()],
        });
        if let Ok(Object::Dictionary(page)) = doc.get_object_mut(page) {
            page.set("Annots", vec![Object::Reference(annotation)]);
        }
    })
    .await;
}

#[tokio::test]
async fn an_xfa_form_is_refused() {
    both(ACTIVE, |doc, catalog, _| {
        let xfa = doc.add_object(Stream::new(Dictionary::new(), b"<xdp:xdp/>".to_vec()));
        catalog.set("AcroForm", dictionary! { "Fields" => vec![], "XFA" => xfa });
    })
    .await;
}

#[tokio::test]
async fn the_refusal_says_what_was_found() {
    let (_dir, store) = store();
    let active = pdf(false, |doc, catalog, _| {
        let action = doc.add_object(dictionary! { "S" => "Launch", "F" => text("x") });
        catalog.set("OpenAction", action);
    });
    match store.put("x.pdf", active.into()).await {
        Err(FileError::ActiveContent { found }) => assert_eq!(found, "a Launch action"),
        other => panic!("expected ACTIVE_PDF_CONTENT, got {other:?}"),
    }
}
