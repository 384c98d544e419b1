//! The benchmark function runs and reports a positive rate.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

#[tokio::test]
async fn bench_sign_reports_signatures_per_second() {
    let figures = chancery_signing::bench::bench_sign(std::time::Duration::from_millis(200))
        .await
        .unwrap();
    println!("{figures:?}");
    assert!(figures.signatures >= 1);
    assert!(figures.sign_per_s > 0.0);
    assert_eq!(figures.pages, 10);
    assert!(figures.signed_bytes > figures.input_bytes);
}
