#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The file store against a real local folder: type recognition from bytes, limits, content
//! addressing, idempotence, tamper evidence and name cleaning.

use std::io::{Cursor, Write as _};
use std::path::{Path, PathBuf};

use bytes::Bytes;
use chancery_files::{FileError, FileStore, Kind, Limits, StoredFile, clean_name};
use tempfile::TempDir;
use zip::write::SimpleFileOptions;

// ---------------------------------------------------------------- helpers

fn store() -> (TempDir, FileStore) {
    store_with(Limits::default())
}

fn store_with(limits: Limits) -> (TempDir, FileStore) {
    let dir = TempDir::new().unwrap();
    // A folder that does not exist yet: `local` must create it.
    let files = FileStore::local(&dir.path().join("files"), limits).unwrap();
    (dir, files)
}

fn root(dir: &TempDir) -> PathBuf {
    dir.path().join("files")
}

/// Every regular file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                pending.push(entry.path());
            } else {
                found.push(entry.path());
            }
        }
    }
    found
}

fn object_file(dir: &TempDir, sha256: &str) -> PathBuf {
    root(dir)
        .join("sha256")
        .join(&sha256[0..2])
        .join(&sha256[2..4])
        .join(sha256)
}

async fn refused(files: &FileStore, name: &str, bytes: impl Into<Vec<u8>>) -> String {
    match files.put(name, Bytes::from(bytes.into())).await {
        Err(FileError::ForbiddenType { detected }) => detected,
        other => panic!("{name}: expected FORBIDDEN_TYPE, got {other:?}"),
    }
}

async fn accepted(files: &FileStore, name: &str, bytes: impl Into<Vec<u8>>) -> StoredFile {
    let bytes = Bytes::from(bytes.into());
    let stored = files
        .put(name, bytes.clone())
        .await
        .unwrap_or_else(|e| panic!("{name}: expected it stored, got {e:?}"));
    assert_eq!(stored.size, bytes.len() as u64);
    assert_eq!(
        files.get(&stored.sha256).await.unwrap(),
        bytes,
        "{name}: round trip"
    );
    stored
}

/// A minimal but well-formed PDF: one empty A4 page, with a correct cross-reference table.
fn minimal_pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ];
    let mut pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut checked = kind.to_vec();
    checked.extend_from_slice(data);
    png.extend_from_slice(&checked);
    png.extend_from_slice(&crc32(&checked).to_be_bytes());
}

/// A valid 1×1 grey PNG, built by hand (the image data is a stored zlib block).
fn tiny_png() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1A\n".to_vec();
    // width 1, height 1, bit depth 8, colour type 0 (grey), deflate, no filter, no interlace
    png_chunk(&mut png, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
    // zlib header, one final stored block of 2 bytes (filter 0, pixel 0), Adler-32 of them
    let idat = [
        0x78, 0x01, 0x01, 0x02, 0x00, 0xFD, 0xFF, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01,
    ];
    png_chunk(&mut png, b"IDAT", &idat);
    png_chunk(&mut png, b"IEND", &[]);
    png
}

/// A zip with these entries, deflated as office suites do (except a leading `mimetype`).
fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in entries {
        let method = if *name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        writer
            .start_file(
                *name,
                SimpleFileOptions::default().compression_method(method),
            )
            .unwrap();
        writer.write_all(content.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
const DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Công văn số 5</w:t></w:r></w:p></w:body></w:document>"#;

fn docx() -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", DOCUMENT),
    ])
}

fn compound_file(streams: &[&str], storages: &[&str]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    for storage in storages {
        file.create_storage(storage).unwrap();
    }
    for stream in streams {
        file.create_stream(stream)
            .unwrap()
            .write_all(b"\x00\x01\x02\x03")
            .unwrap();
    }
    file.flush().unwrap();
    file.into_inner().into_inner()
}

// ---------------------------------------------------------------- accepted kinds

#[tokio::test]
async fn pdf_round_trip() {
    let (dir, files) = store();
    let pdf = minimal_pdf();
    let stored = accepted(&files, "Công văn số 5.pdf", pdf.clone()).await;
    assert_eq!(stored.media_type, "application/pdf");
    assert_eq!(stored.name, "Công văn số 5.pdf");
    assert_eq!(stored.sha256.len(), 64);
    assert!(files.exists(&stored.sha256).await.unwrap());
    // Kept at sha256/ab/cd/<hex>, byte for byte.
    assert_eq!(
        std::fs::read(object_file(&dir, &stored.sha256)).unwrap(),
        pdf
    );
}

#[tokio::test]
async fn hash_is_the_sha256_of_the_bytes() {
    let (dir, files) = store();
    let stored = accepted(&files, "abc.txt", "abc").await;
    // FIPS 180-2 test vector.
    assert_eq!(
        stored.sha256,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(stored.media_type, "text/plain");
    assert!(
        root(&dir)
            .join("sha256/ba/78/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
            .is_file()
    );
}

#[tokio::test]
async fn png_round_trip() {
    let (_dir, files) = store();
    let stored = accepted(&files, "scan.png", tiny_png()).await;
    assert_eq!(stored.media_type, "image/png");
}

#[tokio::test]
async fn other_images_round_trip() {
    let (_dir, files) = store();
    let jpeg =
        b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xD9".to_vec();
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
    let tiff = b"II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00".to_vec();
    let webp = b"RIFF\x1A\x00\x00\x00WEBPVP8L\x0D\x00\x00\x00\x2F\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xFE\x07\x00".to_vec();
    assert_eq!(
        accepted(&files, "a.jpg", jpeg).await.media_type,
        "image/jpeg"
    );
    assert_eq!(accepted(&files, "a.gif", gif).await.media_type, "image/gif");
    assert_eq!(
        accepted(&files, "a.tif", tiff).await.media_type,
        "image/tiff"
    );
    assert_eq!(
        accepted(&files, "a.webp", webp).await.media_type,
        "image/webp"
    );
}

#[tokio::test]
async fn docx_built_with_zip_is_accepted() {
    let (_dir, files) = store();
    let stored = accepted(&files, "Tờ trình.docx", docx()).await;
    assert_eq!(
        stored.media_type,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert_eq!(stored.name, "Tờ trình.docx");
}

#[tokio::test]
async fn docx_is_recognised_whatever_its_name() {
    let (_dir, files) = store();
    let stored = accepted(&files, "no extension", docx()).await;
    assert_eq!(
        stored.media_type,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
}

#[tokio::test]
async fn xlsx_and_pptx_are_accepted() {
    let (_dir, files) = store();
    let xlsx = zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", "<workbook/>"),
        ("xl/worksheets/sheet1.xml", "<worksheet/>"),
    ]);
    let pptx = zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("ppt/presentation.xml", "<presentation/>"),
    ]);
    assert_eq!(
        accepted(&files, "a.xlsx", xlsx).await.media_type,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(
        accepted(&files, "a.pptx", pptx).await.media_type,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    );
}

#[tokio::test]
async fn opendocument_text_and_spreadsheet_are_accepted() {
    let (_dir, files) = store();
    let odt = zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("content.xml", "<office:document-content/>"),
        ("META-INF/manifest.xml", "<manifest:manifest/>"),
    ]);
    let ods = zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", "<office:document-content/>"),
        ("META-INF/manifest.xml", "<manifest:manifest/>"),
    ]);
    assert_eq!(
        accepted(&files, "a.odt", odt).await.media_type,
        "application/vnd.oasis.opendocument.text"
    );
    assert_eq!(
        accepted(&files, "a.ods", ods).await.media_type,
        "application/vnd.oasis.opendocument.spreadsheet"
    );
}

#[tokio::test]
async fn legacy_doc_and_xls_are_accepted() {
    let (_dir, files) = store();
    let doc = compound_file(&["/WordDocument", "/1Table"], &[]);
    let xls = compound_file(&["/Workbook"], &[]);
    assert_eq!(
        accepted(&files, "a.doc", doc).await.media_type,
        "application/msword"
    );
    assert_eq!(
        accepted(&files, "a.xls", xls).await.media_type,
        "application/vnd.ms-excel"
    );
}

#[tokio::test]
async fn edxml_package_is_accepted() {
    let (_dir, files) = store();
    let edxml = r#"<?xml version="1.0" encoding="UTF-8"?>
<edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLHeader><edXML:MessageHeader><edXML:Subject>Công văn số 5</edXML:Subject></edXML:MessageHeader></edXML:edXMLHeader>
</edXML:edXMLEnvelope>"#;
    let stored = accepted(&files, "goi-tin.edxml", edxml).await;
    assert_eq!(stored.media_type, "application/xml");
}

// ---------------------------------------------------------------- refused kinds

#[tokio::test]
async fn plain_zip_is_refused() {
    let (_dir, files) = store();
    let plain = zip_of(&[("readme.txt", "hello"), ("data/values.csv", "1,2,3")]);
    assert_eq!(
        refused(&files, "archive.docx", plain).await,
        "application/zip"
    );
}

#[tokio::test]
async fn jar_is_refused() {
    let (_dir, files) = store();
    let jar = zip_of(&[
        (
            "META-INF/MANIFEST.MF",
            "Manifest-Version: 1.0\nMain-Class: Evil\n",
        ),
        ("Evil.class", "\u{CA}"),
    ]);
    assert_eq!(
        refused(&files, "report.docx", jar).await,
        "application/java-archive"
    );
}

#[tokio::test]
async fn content_types_alone_does_not_make_an_office_file() {
    let (_dir, files) = store();
    let fake = zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("payload.exe", "MZ"),
    ]);
    assert_eq!(refused(&files, "a.docx", fake).await, "application/zip");
}

#[tokio::test]
async fn macro_enabled_office_files_are_refused() {
    let (_dir, files) = store();
    let docm = zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", DOCUMENT),
        ("word/vbaProject.bin", "macro"),
    ]);
    refused(&files, "a.docx", docm).await;
    let odt_with_basic = zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("content.xml", "<office:document-content/>"),
        ("Basic/Standard/Module1.xml", "<script:module/>"),
    ]);
    refused(&files, "a.odt", odt_with_basic).await;
    let doc_with_macros = compound_file(
        &["/WordDocument", "/Macros/VBA/dir"],
        &["/Macros", "/Macros/VBA"],
    );
    refused(&files, "a.doc", doc_with_macros).await;
}

#[tokio::test]
async fn other_opendocument_and_compound_files_are_refused() {
    let (_dir, files) = store();
    let odp = zip_of(&[
        (
            "mimetype",
            "application/vnd.oasis.opendocument.presentation",
        ),
        ("content.xml", "<office:document-content/>"),
    ]);
    assert_eq!(
        refused(&files, "a.odp", odp).await,
        "application/vnd.oasis.opendocument.presentation"
    );
    // An MSI installer is a compound file too, without a Word or Excel stream.
    let msi_like = compound_file(&["/SummaryInformation", "/Tables"], &[]);
    assert_eq!(
        refused(&files, "a.doc", msi_like).await,
        "application/x-ole-storage"
    );
}

#[tokio::test]
async fn executables_are_refused() {
    let (_dir, files) = store();
    let mut elf = b"\x7FELF\x02\x01\x01\x00".to_vec();
    elf.resize(64, 0);
    let mut pe = b"MZ\x90\x00\x03\x00\x00\x00".to_vec();
    pe.resize(128, 0);
    pe[60] = 0x40; // e_lfanew
    pe[64..68].copy_from_slice(b"PE\0\0");
    let mach_o = b"\xCF\xFA\xED\xFE\x07\x00\x00\x01".to_vec();
    assert_eq!(
        refused(&files, "a.pdf", elf).await,
        "application/x-executable"
    );
    assert_eq!(
        refused(&files, "a.txt", pe).await,
        "application/vnd.microsoft.portable-executable"
    );
    assert_eq!(
        refused(&files, "a.png", mach_o).await,
        "application/x-mach-binary"
    );
    // A self-extracting archive starts with MZ, whatever it carries.
    let mut sfx = b"MZ".to_vec();
    sfx.extend_from_slice(&docx());
    refused(&files, "a.docx", sfx).await;
}

#[tokio::test]
async fn html_named_pdf_is_refused() {
    let (_dir, files) = store();
    let html = "<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>";
    assert_eq!(refused(&files, "Công văn.pdf", html).await, "text/html");
    assert_eq!(refused(&files, "page.txt", html).await, "text/html");
}

#[tokio::test]
async fn svg_is_refused() {
    let (_dir, files) = store();
    let bare = r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="1"/></svg>"#;
    let declared = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    assert_eq!(refused(&files, "logo.svg", bare).await, "image/svg+xml");
    assert_eq!(refused(&files, "logo.png", declared).await, "image/svg+xml");
    assert_eq!(refused(&files, "logo.txt", bare).await, "image/svg+xml");
}

#[tokio::test]
async fn text_is_accepted_only_as_txt() {
    let (_dir, files) = store();
    let text = "Kính gửi: Sở Nội vụ\nNội dung: báo cáo tháng 5.\n";
    let stored = accepted(&files, "Ghi chú.TXT", text).await;
    assert_eq!(stored.media_type, "text/plain");
    for name in ["ghi-chu.pdf", "ghi-chu", "ghi-chu.txt.exe", "ghi-chu.csv"] {
        assert_eq!(refused(&files, name, text).await, "text/plain", "{name}");
    }
    // Not text: invalid UTF-8 or NUL bytes.
    refused(&files, "latin1.txt", b"caf\xE9".to_vec()).await;
    refused(&files, "nul.txt", b"a\0b".to_vec()).await;
}

#[tokio::test]
async fn pdf_header_must_come_first() {
    let (_dir, files) = store();
    let mut shifted = b"<html>".to_vec();
    shifted.extend_from_slice(&minimal_pdf());
    refused(&files, "a.pdf", shifted).await;
}

#[tokio::test]
async fn kinds_not_in_the_limits_are_refused() {
    let (_dir, files) = store_with(Limits {
        allowed: vec![Kind::Pdf],
        ..Limits::default()
    });
    accepted(&files, "a.pdf", minimal_pdf()).await;
    assert_eq!(refused(&files, "a.png", tiny_png()).await, "image/png");
}

// ---------------------------------------------------------------- size limits

#[tokio::test]
async fn empty_file_is_refused() {
    let (dir, files) = store();
    let error = files.put("empty.txt", Bytes::new()).await.unwrap_err();
    assert!(matches!(error, FileError::Empty));
    assert_eq!(error.code(), "EMPTY_FILE");
    assert!(files_under(&root(&dir)).is_empty());
}

#[tokio::test]
async fn exactly_the_limit_is_accepted_one_byte_more_is_not() {
    let (dir, files) = store_with(Limits {
        max_bytes: 64,
        ..Limits::default()
    });
    let at_limit = "a".repeat(64);
    let over = "b".repeat(65);
    accepted(&files, "at-limit.txt", at_limit).await;
    let error = files.put("over.txt", Bytes::from(over)).await.unwrap_err();
    assert!(
        matches!(error, FileError::TooLarge { size: 65, max: 64 }),
        "{error:?}"
    );
    assert_eq!(error.code(), "TOO_LARGE");
    assert_eq!(files_under(&root(&dir)).len(), 1);
}

#[test]
fn default_limits_are_50_mib_and_every_kind() {
    let limits = Limits::default();
    assert_eq!(limits.max_bytes, 50 * 1024 * 1024);
    assert_eq!(limits.allowed, Kind::ALL.to_vec());
}

// ---------------------------------------------------------------- content addressing

#[tokio::test]
async fn storing_the_same_bytes_twice_stores_one_object() {
    use std::os::unix::fs::MetadataExt as _;

    let (dir, files) = store();
    let first = files
        .put("first.pdf", Bytes::from(minimal_pdf()))
        .await
        .unwrap();
    let path = object_file(&dir, &first.sha256);
    let inode = std::fs::metadata(&path).unwrap().ino();

    let second = files
        .put("second name.pdf", Bytes::from(minimal_pdf()))
        .await
        .unwrap();
    assert_eq!(second.sha256, first.sha256);
    assert_eq!(second.name, "second name.pdf");
    assert_eq!(files_under(&root(&dir)), vec![path.clone()]);
    // Not rewritten: a write would have renamed a new file into place.
    assert_eq!(std::fs::metadata(&path).unwrap().ino(), inode);
}

#[tokio::test]
async fn different_bytes_get_different_objects() {
    let (dir, files) = store();
    let a = accepted(&files, "a.txt", "một").await;
    let b = accepted(&files, "b.txt", "hai").await;
    assert_ne!(a.sha256, b.sha256);
    assert_eq!(files_under(&root(&dir)).len(), 2);
}

#[tokio::test]
async fn bad_hashes_are_refused() {
    let (_dir, files) = store();
    let stored = accepted(&files, "a.txt", "abc").await;
    let upper = stored.sha256.to_uppercase();
    let short = &stored.sha256[..63];
    let long = format!("{}0", stored.sha256);
    let traversal = format!("../../{}", &stored.sha256[6..]);
    let not_hex = "g".repeat(64);
    for bad in [
        upper.as_str(),
        short,
        long.as_str(),
        traversal.as_str(),
        not_hex.as_str(),
        "",
    ] {
        let error = files.get(bad).await.unwrap_err();
        assert!(matches!(error, FileError::BadHash), "{bad:?}: {error:?}");
        assert_eq!(error.code(), "BAD_HASH");
        assert_eq!(files.exists(bad).await.unwrap_err().code(), "BAD_HASH");
    }
}

#[tokio::test]
async fn unknown_hash_is_not_found() {
    let (_dir, files) = store();
    let unknown = "0".repeat(64);
    let error = files.get(&unknown).await.unwrap_err();
    assert!(matches!(&error, FileError::NotFound { sha256 } if *sha256 == unknown));
    assert_eq!(error.code(), "NOT_FOUND");
    assert!(!files.exists(&unknown).await.unwrap());
}

#[tokio::test]
async fn file_altered_on_disk_is_corrupt() {
    let (dir, files) = store();
    let stored = accepted(&files, "a.pdf", minimal_pdf()).await;
    let path = object_file(&dir, &stored.sha256);

    // Same length, one byte changed: only the hash can tell.
    let mut altered = std::fs::read(&path).unwrap();
    let last = altered.len() - 2;
    altered[last] ^= 0x01;
    std::fs::write(&path, &altered).unwrap();

    let error = files.get(&stored.sha256).await.unwrap_err();
    assert!(matches!(&error, FileError::Corrupt { sha256, .. } if *sha256 == stored.sha256));
    assert_eq!(error.code(), "CORRUPT");
    assert!(files.exists(&stored.sha256).await.unwrap());
}

#[tokio::test]
async fn storing_again_repairs_a_truncated_object() {
    let (dir, files) = store();
    let pdf = minimal_pdf();
    let stored = accepted(&files, "a.pdf", pdf.clone()).await;
    let path = object_file(&dir, &stored.sha256);
    std::fs::write(&path, &pdf[..10]).unwrap();
    assert_eq!(
        files.get(&stored.sha256).await.unwrap_err().code(),
        "CORRUPT"
    );

    files.put("a.pdf", Bytes::from(pdf.clone())).await.unwrap();
    assert_eq!(files.get(&stored.sha256).await.unwrap(), pdf);
}

#[test]
fn error_codes_are_stable() {
    let cases = [
        (FileError::Empty, "EMPTY_FILE"),
        (FileError::TooLarge { size: 2, max: 1 }, "TOO_LARGE"),
        (
            FileError::ForbiddenType {
                detected: "text/html".into(),
            },
            "FORBIDDEN_TYPE",
        ),
        (FileError::BadHash, "BAD_HASH"),
        (
            FileError::NotFound {
                sha256: String::new(),
            },
            "NOT_FOUND",
        ),
        (
            FileError::Corrupt {
                sha256: String::new(),
                actual: String::new(),
            },
            "CORRUPT",
        ),
        (
            FileError::Storage(object_store::Error::NotImplemented {
                operation: "x".into(),
                implementer: "y".into(),
            }),
            "STORAGE",
        ),
    ];
    for (error, code) in cases {
        assert_eq!(error.code(), code, "{error}");
    }
}

// ---------------------------------------------------------------- names

#[test]
fn path_separators_are_replaced() {
    // Chosen and documented in `chancery_files::name`: separators become `_`, nothing is dropped.
    assert_eq!(clean_name("../../etc/passwd"), ".._.._etc_passwd");
    assert_eq!(
        clean_name("..\\..\\Windows\\win.ini"),
        ".._.._Windows_win.ini"
    );
    assert_eq!(
        clean_name("Quyết định 123/QĐ-UBND.pdf"),
        "Quyết định 123_QĐ-UBND.pdf"
    );
    for name in ["../../etc/passwd", "a/b\\c", "/", "\\", "x/../y", "/\u{0}/"] {
        let cleaned = clean_name(name);
        assert!(
            !cleaned.contains('/') && !cleaned.contains('\\'),
            "{name:?} → {cleaned:?}"
        );
        assert!(!cleaned.is_empty());
    }
}

#[test]
fn control_characters_are_removed_and_names_trimmed() {
    assert_eq!(clean_name("  báo\u{0}cáo\r\n.pdf\t "), "báocáo.pdf");
    assert_eq!(clean_name("a\u{7F}b\u{85}c.txt"), "abc.txt");
    assert_eq!(clean_name("\u{1B}[31mred.txt"), "[31mred.txt");
}

#[test]
fn vietnamese_names_are_kept() {
    for name in [
        "Công văn số 5.pdf",
        "Quyết định số 123-QĐ-UBND ngày 05 tháng 6 năm 2024.pdf",
        "Tờ trình – dự thảo (lần 2).docx",
        "ເອກະສານ.pdf",
    ] {
        assert_eq!(clean_name(name), name);
    }
}

#[test]
fn names_are_bounded_and_never_empty() {
    assert_eq!(clean_name(""), "file");
    assert_eq!(clean_name(" \u{0} "), "file");
    assert_eq!(clean_name(".."), "file");
    assert_eq!(clean_name(" . \u{202E}"), "file");
    let long = format!("{}.pdf", "Công văn ".repeat(60));
    let cleaned = clean_name(&long);
    assert_eq!(cleaned.chars().count(), 255);
    assert!(cleaned.ends_with(".pdf"));
}

#[tokio::test]
async fn stored_name_is_cleaned() {
    let (dir, files) = store();
    let stored = accepted(&files, "../../etc/Công văn\u{0}.pdf", minimal_pdf()).await;
    assert_eq!(stored.name, ".._.._etc_Công văn.pdf");
    // The name never reaches the storage: only the hash does.
    assert!(!dir.path().join("etc").exists());
    assert_eq!(
        files_under(&root(&dir)),
        vec![object_file(&dir, &stored.sha256)]
    );
}
