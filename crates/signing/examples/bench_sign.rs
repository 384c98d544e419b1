//! Prints the `sign_per_s` figure: `cargo run --release -p chancery-signing --example bench_sign [seconds]`.

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seconds: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5.0);
    let figures =
        chancery_signing::bench::bench_sign(std::time::Duration::from_secs_f64(seconds)).await?;
    println!("{}", serde_json::to_string(&figures)?);
    Ok(())
}
