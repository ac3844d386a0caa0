//! `konsultasi serve`: the team server. Every operation of the core's table over HTTP + JSON,
//! for desks that sign in with an account; the changes any desk makes pushed to every other as
//! server-sent events.
//!
//! The server is a face like the window and the CLI: it authenticates (sessions in the
//! database, so several processes can share one PostgreSQL behind a load balancer), hands the
//! JSON to `service::operations::dispatch` as the signed-in account, and maps the core's errors
//! onto HTTP statuses. No rule lives here. What it keeps in memory only protects itself: the
//! rate of sign-ins per address and the number of password hashes computed at once.

mod guard;
mod routes;

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use tokio::sync::broadcast;

use konsultasi::error::{Error, Result};
use konsultasi::mail::worker::{Worker, WorkerConfig};
use konsultasi::service::accounts::SessionPolicy;
use konsultasi::store::Store;
use konsultasi::store::changes::{ChangeFeed, Heard};
use konsultasi::time::system_now;
use konsultasi::validate::FieldErrors;

use crate::io::report;

#[derive(Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0: any free one, printed at start). Without TLS only
    /// a loopback address is accepted.
    #[arg(long, default_value = "127.0.0.1:7420", value_name = "ADDR")]
    listen: SocketAddr,
    /// The server's certificate chain (PEM); with --tls-key, the server speaks HTTPS.
    #[arg(long, requires = "tls_key", value_name = "FILE")]
    tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM).
    #[arg(long, requires = "tls_cert", value_name = "FILE")]
    tls_key: Option<PathBuf>,
    /// Minutes a session may go unused before it expires (1–720).
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..=720))]
    session_idle_minutes: u32,
    /// Sign-in attempts accepted per minute from one address; more are refused unheard.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    sign_ins_per_minute: u32,
}

/// What every request handler shares.
#[derive(Clone)]
pub struct Server {
    pub store: Store,
    pub sessions: SessionPolicy,
    pub changes: broadcast::Sender<Heard>,
    pub guard: Arc<guard::Guard>,
}

pub async fn serve(args: ServeArgs, store: Store) -> Result<()> {
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some((cert.clone(), key.clone())),
        _ => None,
    };
    if tls.is_none() && !args.listen.ip().is_loopback() {
        return Err(FieldErrors::single(
            "listen",
            "Tanpa --tls-cert dan --tls-key server hanya mendengarkan di alamat loopback \
             (127.0.0.1 atau ::1): kata sandi tidak boleh lewat jaringan tanpa enkripsi",
        )
        .into());
    }
    let fingerprint = match &tls {
        Some((cert, _)) => Some(certificate_fingerprint(cert)?),
        None => None,
    };
    let listener = TcpListener::bind(args.listen).map_err(|e| {
        Error::Validation(FieldErrors::single(
            "listen",
            format!("Tidak dapat mendengarkan di {}: {e}", args.listen),
        ))
    })?;
    listener.set_nonblocking(true)?;
    let address = listener.local_addr()?;

    let (changes, _) = broadcast::channel(1024);
    tokio::spawn(relay_changes(store.clone(), changes.clone()));
    let server = Server {
        store: store.clone(),
        sessions: SessionPolicy {
            idle: chrono::Duration::minutes(i64::from(args.session_idle_minutes)),
        },
        changes,
        guard: Arc::new(guard::Guard::new(args.sign_ins_per_minute)),
    };
    tokio::spawn(sweep_sessions(store.clone()));
    // The team's outbox is sent from here: every change may have queued a message.
    let mail_wake = Arc::new(tokio::sync::Notify::new());
    tokio::spawn(wake_on_changes(
        server.changes.subscribe(),
        mail_wake.clone(),
    ));
    tokio::spawn(
        Worker::new(store.clone(), WorkerConfig::default(), system_now)
            .run(mail_wake, std::future::pending()),
    );
    let app = routes::router(server).into_make_service_with_connect_info::<SocketAddr>();

    let handle = axum_server::Handle::new();
    tokio::spawn(shutdown_on_signal(handle.clone()));
    let scheme = if tls.is_some() { "https" } else { "http" };
    // One JSON line on stdout, for whoever started the server (a script, a test) to read.
    crate::io::print_line(&serde_json::json!({
        "listening": format!("{scheme}://{address}"),
        "database": store.location().to_string(),
        "certificate_sha256": fingerprint,
    }))?;
    let served = match tls {
        Some((cert, key)) => {
            let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(&cert, &key)
                .await
                .map_err(|e| {
                    Error::Validation(FieldErrors::single(
                        "tls_key",
                        format!("Sertifikat atau kuncinya tidak dapat dibaca: {e}"),
                    ))
                })?;
            let mut server = axum_server::from_tcp_rustls(listener, config).handle(handle);
            slow_clients_wait_not(server.http_builder());
            server.serve(app).await
        }
        None => {
            let mut server = axum_server::from_tcp(listener).handle(handle);
            slow_clients_wait_not(server.http_builder());
            server.serve(app).await
        }
    };
    served.map_err(Error::Io)
}

/// A client that sends its request headers slower than this is cut off, so a few slow ones
/// cannot hold the server's connections.
fn slow_clients_wait_not(
    builder: &mut hyper_util::server::conn::auto::Builder<hyper_util::rt::TokioExecutor>,
) {
    builder
        .http1()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(Duration::from_secs(10));
}

/// "AB:12:…": the SHA-256 of the first certificate of the chain, which desks compare once
/// before they trust a self-signed server.
fn certificate_fingerprint(path: &std::path::Path) -> Result<String> {
    let pem = std::fs::read(path).map_err(|e| {
        Error::Validation(FieldErrors::single(
            "tls_cert",
            format!("Sertifikat {} tidak dapat dibaca: {e}", path.display()),
        ))
    })?;
    let first = rustls_pemfile::certs(&mut pem.as_slice())
        .next()
        .and_then(|cert| cert.ok())
        .ok_or_else(|| {
            Error::Validation(FieldErrors::single(
                "tls_cert",
                format!("{} tidak memuat sertifikat PEM", path.display()),
            ))
        })?;
    Ok(konsultasi::remote::trust::fingerprint_of(first.as_ref()))
}

/// Hears the database's changes and hands them to every connected desk; after losing the
/// database it listens again and tells the desks to refetch.
async fn relay_changes(store: Store, changes: broadcast::Sender<Heard>) {
    loop {
        match ChangeFeed::subscribe(&store).await {
            Ok(mut feed) => loop {
                match feed.next().await {
                    Ok(heard) => {
                        // No desk listening is fine.
                        let _ = changes.send(heard);
                    }
                    Err(error) => {
                        report(&format!("peringatan: umpan perubahan terputus: {error}"));
                        break;
                    }
                }
            },
            Err(error) => report(&format!("peringatan: umpan perubahan gagal: {error}")),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        let _ = changes.send(Heard::Resync);
    }
}

/// Wakes the outbox's worker on every change the database announces.
async fn wake_on_changes(mut changes: broadcast::Receiver<Heard>, wake: Arc<tokio::sync::Notify>) {
    loop {
        match changes.recv().await {
            Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => wake.notify_one(),
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

/// Removes expired sessions now and then, so the table holds only live ones.
async fn sweep_sessions(store: Store) {
    let mut every = tokio::time::interval(Duration::from_secs(600));
    loop {
        every.tick().await;
        let now = konsultasi::time::system_now();
        if let Err(error) =
            konsultasi::service::accounts::forget_expired_sessions(&store, now).await
        {
            report(&format!(
                "peringatan: sesi kedaluwarsa tidak terhapus: {error}"
            ));
        }
    }
}

async fn shutdown_on_signal(handle: axum_server::Handle) {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => {
                    let _ = interrupt.await;
                    handle.graceful_shutdown(Some(Duration::from_secs(5)));
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
    handle.graceful_shutdown(Some(Duration::from_secs(5)));
}
