//! A desk's client of the team server (`konsultasi serve`): signing in, calling the operations
//! of the table, fetching exports and hearing the change events.
//!
//! The client is a face's helper, not a floor of its own: the server answers with the core's
//! `{code, message, details}`, which the client hands on unchanged, so a refusal reads the same
//! at a team desk as at a local one. Its own failures (no route to the server, a certificate
//! other than the pinned one) are the core's errors, in Indonesian.

pub mod known;
pub mod trust;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use eventsource_stream::Eventsource;
use futures_util::{Stream, StreamExt};
use reqwest::{StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::api::{
    ChangeEvent, ExportRequest, ExportedDocument, PasswordChange, SessionView, SignInInput,
    SignedIn,
};
use crate::error::{Error, ErrorCode};
use crate::validate::FieldErrors;

pub use known::KnownServers;
pub use trust::{fingerprint_of, normalise_fingerprint};

/// How long a connection may take to open, and an ordinary call to be answered.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const CALL_TIMEOUT: Duration = Duration::from_secs(30);
/// The event stream carries a keep-alive every 15 s; silence this long means it is gone.
const EVENTS_SILENCE: Duration = Duration::from_secs(45);

/// A team server's address, reduced to its origin ("https://host:port").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerAddress(Url);

impl ServerAddress {
    /// Reads what the user typed: `https://host[:port]`, or a bare `host:port` (taken as https);
    /// plain `http://` only for a server on this computer, as the server itself insists.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let text = text.trim();
        let refuse = |message: &str| Error::Validation(FieldErrors::single("address", message));
        if text.is_empty() {
            return Err(refuse(
                "Isi alamat server tim, misalnya https://server-djpk:8443",
            ));
        }
        let with_scheme = if text.contains("://") {
            text.to_owned()
        } else {
            format!("https://{text}")
        };
        let url = Url::parse(&with_scheme).map_err(|_| {
            refuse("Alamat server tidak valid: tulis seperti https://server-djpk:8443")
        })?;
        let host = url.host_str().unwrap_or_default();
        if host.is_empty()
            || !url.username().is_empty()
            || url.password().is_some()
            || url.query().is_some()
            || url.fragment().is_some()
            || !matches!(url.path(), "" | "/")
        {
            return Err(refuse(
                "Alamat server tidak valid: tulis seperti https://server-djpk:8443",
            ));
        }
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(host) => {}
            "http" => {
                return Err(refuse(
                    "Tanpa https hanya server di komputer ini (127.0.0.1) yang dapat dipakai: \
                     kata sandi tidak boleh lewat jaringan tanpa enkripsi",
                ));
            }
            _ => return Err(refuse("Alamat server harus diawali https://")),
        }
        let origin = url.origin().ascii_serialization();
        Url::parse(&origin)
            .map(ServerAddress)
            .map_err(|_| refuse("Alamat server tidak valid"))
    }

    /// The origin as it is shown and remembered: "https://server-djpk:8443".
    pub fn as_str(&self) -> &str {
        self.0.as_str().trim_end_matches('/')
    }

    pub fn is_tls(&self) -> bool {
        self.0.scheme() == "https"
    }

    fn join(&self, path: &str) -> Result<Url, Error> {
        self.0
            .join(path)
            .map_err(|e| Error::Internal(format!("alamat {path}: {e}")))
    }
}

impl std::fmt::Display for ServerAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A refusal as the desk receives it: the server's own `{code, message, details}`, handed on
/// unchanged, or the client's own failure.
#[derive(Debug)]
pub enum Refusal {
    Server(Value),
    Local(Error),
}

impl Refusal {
    /// The code the window branches on ("unauthenticated", "unavailable", …).
    pub fn code(&self) -> String {
        match self {
            Refusal::Server(payload) => payload
                .get("code")
                .and_then(Value::as_str)
                .unwrap_or("internal")
                .to_owned(),
            Refusal::Local(error) => code_name(error.code()),
        }
    }

    pub fn message(&self) -> String {
        match self {
            Refusal::Server(payload) => payload
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            Refusal::Local(error) => error.to_string(),
        }
    }

    /// The wire shape the window's `toApiError` reads.
    pub fn into_payload(self) -> Value {
        match self {
            Refusal::Server(payload) => payload,
            Refusal::Local(error) => serde_json::to_value(error.to_payload()).unwrap_or_default(),
        }
    }
}

impl From<Error> for Refusal {
    fn from(error: Error) -> Self {
        Refusal::Local(error)
    }
}

fn code_name(code: ErrorCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "internal".into())
}

pub type Reply<T> = Result<T, Refusal>;

/// What the server's event stream says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerEvent {
    /// The stream is open: from here on every change is heard.
    Ready,
    Change(ChangeEvent),
    /// The server lost its own feed of the database: what a screen shows may be stale.
    Resync,
}

/// One desk's connection to one team server. Cheap to share: calls may run concurrently.
pub struct TeamClient {
    address: ServerAddress,
    http: reqwest::Client,
    /// The certificate the last handshake presented, for the message when it is not the pinned one.
    seen: Arc<Mutex<Option<String>>>,
    /// The trusted certificate's fingerprint, reduced to hex digits.
    pinned: Option<String>,
    token: Mutex<Option<String>>,
}

impl TeamClient {
    /// A client that trusts only the certificate `pinned` (https), or none at all (loopback
    /// http). `pinned` None on https makes a client that can only learn the certificate.
    pub fn new(address: ServerAddress, pinned: Option<&str>) -> Result<Self, Error> {
        let (verifier, seen) = trust::PinnedCertificate::new(pinned);
        let mut builder = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .read_timeout(EVENTS_SILENCE)
            .user_agent(concat!("konsultasi-djpk/", env!("CARGO_PKG_VERSION")));
        if address.is_tls() {
            let config =
                trust::client_config(verifier).map_err(|e| Error::Internal(format!("TLS: {e}")))?;
            builder = builder.tls_backend_preconfigured(config);
        }
        let http = builder
            .build()
            .map_err(|e| Error::Internal(format!("klien HTTP: {e}")))?;
        Ok(Self {
            address,
            http,
            seen,
            pinned: pinned.map(normalise_fingerprint),
            token: Mutex::new(None),
        })
    }

    pub fn address(&self) -> &ServerAddress {
        &self.address
    }

    /// The fingerprint of the certificate the server presents, learnt by a handshake that
    /// sends nothing (no password, no token).
    pub async fn presented_certificate(address: &ServerAddress) -> Result<String, Error> {
        let learner = Self::new(address.clone(), None)?;
        let attempt = learner
            .http
            .get(address.join("/health")?)
            .timeout(CONNECT_TIMEOUT * 2)
            .send()
            .await;
        let seen = learner.presented();
        match (seen, attempt) {
            (Some(fingerprint), _) => Ok(fingerprint),
            (None, Err(error)) => Err(unreachable(address, &error)),
            (None, Ok(_)) => Err(Error::Internal(
                "server menjawab tanpa menunjukkan sertifikat".into(),
            )),
        }
    }

    fn presented(&self) -> Option<String> {
        match self.seen.lock() {
            Ok(seen) => seen.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn token(&self) -> Option<String> {
        match self.token.lock() {
            Ok(token) => token.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set_token(&self, token: Option<String>) {
        match self.token.lock() {
            Ok(mut held) => *held = token,
            Err(poisoned) => *poisoned.into_inner() = token,
        }
    }

    /// Signs in; the session's token is kept in this client's memory only.
    pub async fn sign_in(&self, input: &SignInInput) -> Reply<SessionView> {
        let signed: SignedIn = self.post("/api/sign-in", input).await?;
        self.set_token(Some(signed.token));
        Ok(signed.session)
    }

    /// Ends the session on the server; the token is forgotten whatever the server answers.
    pub async fn sign_out(&self) {
        let token = self.token();
        if token.is_some() {
            let _: Reply<Value> = self.post("/api/sign-out", &Value::Null).await;
        }
        self.set_token(None);
    }

    pub async fn session(&self) -> Reply<SessionView> {
        let request = self.authorised(self.http.get(self.address.join("/api/session")?));
        self.answer(request.timeout(CALL_TIMEOUT)).await
    }

    pub async fn change_password(&self, input: &PasswordChange) -> Reply<SessionView> {
        self.post("/api/password", input).await
    }

    /// Runs one operation of the table on the server, with the object of its named arguments.
    pub async fn call(&self, operation: &str, arguments: &Value) -> Reply<Value> {
        if operation.is_empty()
            || !operation
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(Error::Validation(FieldErrors::single(
                "operation",
                format!(
                    "Operasi \"{}\" tidak dikenal",
                    operation.chars().take(60).collect::<String>()
                ),
            ))
            .into());
        }
        self.post(&format!("/api/call/{operation}"), arguments)
            .await
    }

    /// Produces an export on the server; the desk writes it where its user chose.
    pub async fn export(&self, request: &ExportRequest) -> Reply<ExportedDocument> {
        self.post("/api/export", request).await
    }

    /// Opens the server's event stream. It ends when the connection drops or the session
    /// ends; the caller reconnects.
    pub async fn events(&self) -> Reply<impl Stream<Item = Reply<ServerEvent>> + use<>> {
        let request = self.authorised(self.http.get(self.address.join("/api/events")?));
        let response = request
            .send()
            .await
            .map_err(|e| self.transport_failure(&e))?;
        let response = self.successful(response).await?;
        let address = self.address.clone();
        Ok(response
            .bytes_stream()
            .eventsource()
            .filter_map(move |event| {
                let parsed = match event {
                    Ok(event) => match event.event.as_str() {
                        "ready" => Some(Ok(ServerEvent::Ready)),
                        "resync" => Some(Ok(ServerEvent::Resync)),
                        "change" => serde_json::from_str::<ChangeEvent>(&event.data)
                            .ok()
                            .map(|change| Ok(ServerEvent::Change(change))),
                        _ => None,
                    },
                    Err(_) => Some(Err(Refusal::Local(Error::Unavailable(format!(
                        "Sambungan ke server tim {address} terputus"
                    ))))),
                };
                std::future::ready(parsed)
            }))
    }

    fn authorised(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self.token() {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    async fn post<T: DeserializeOwned>(&self, path: &str, body: &impl Serialize) -> Reply<T> {
        let request = self
            .authorised(self.http.post(self.address.join(path)?))
            .json(body)
            .timeout(CALL_TIMEOUT);
        self.answer(request).await
    }

    async fn answer<T: DeserializeOwned>(&self, request: reqwest::RequestBuilder) -> Reply<T> {
        let response = request
            .send()
            .await
            .map_err(|e| self.transport_failure(&e))?;
        let response = self.successful(response).await?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| self.transport_failure(&e))?;
        let bytes = if status == StatusCode::NO_CONTENT || bytes.is_empty() {
            b"null".as_slice().into()
        } else {
            bytes
        };
        serde_json::from_slice(&bytes).map_err(|e| {
            Refusal::Local(Error::Internal(format!(
                "jawaban server tim tidak terbaca: {e}"
            )))
        })
    }

    /// A success passes; a refusal becomes the server's payload, or an unreadable answer (a
    /// proxy's error page) the client's own error.
    async fn successful(&self, response: reqwest::Response) -> Reply<reqwest::Response> {
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let bytes = response.bytes().await.unwrap_or_default();
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(payload) if payload.get("code").and_then(Value::as_str).is_some() => {
                if payload.get("code").and_then(Value::as_str) == Some("unauthenticated") {
                    self.set_token(None);
                }
                Err(Refusal::Server(payload))
            }
            _ if status == StatusCode::SERVICE_UNAVAILABLE
                || status == StatusCode::BAD_GATEWAY
                || status == StatusCode::GATEWAY_TIMEOUT =>
            {
                Err(Refusal::Local(Error::Unavailable(format!(
                    "Server tim {} sedang tidak tersedia (HTTP {})",
                    self.address,
                    status.as_u16()
                ))))
            }
            _ => Err(Refusal::Local(Error::Internal(format!(
                "server tim menjawab HTTP {} yang tidak terbaca",
                status.as_u16()
            )))),
        }
    }

    fn transport_failure(&self, error: &reqwest::Error) -> Refusal {
        // A handshake the pin refused: the server now shows another certificate.
        let presented = self
            .presented()
            .filter(|seen| Some(normalise_fingerprint(seen)) != self.pinned);
        if let Some(presented) = presented.filter(|_| self.address.is_tls()) {
            return Refusal::Local(Error::Conflict {
                message: format!(
                    "Sertifikat server tim {} bukan yang dipercaya sebelumnya (sidik jari \
                     sekarang {presented}). Jangan lanjutkan sebelum admin memastikan \
                     sertifikatnya memang diganti.",
                    self.address
                ),
                findings: Vec::new(),
            });
        }
        Refusal::Local(unreachable(&self.address, error))
    }
}

fn unreachable(address: &ServerAddress, error: &reqwest::Error) -> Error {
    let why = if error.is_timeout() {
        "tidak menjawab tepat waktu"
    } else {
        "tidak dapat dihubungi"
    };
    Error::Unavailable(format!(
        "Server tim {address} {why}. Periksa jaringan; aplikasi mencoba menyambung lagi."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal_of(text: &str) -> String {
        match ServerAddress::parse(text) {
            Err(Error::Validation(errors)) => errors.summary(),
            other => panic!("{text:?} was not refused: {other:?}"),
        }
    }

    #[test]
    fn addresses_reduce_to_their_origin() {
        for (typed, origin) in [
            ("https://server-djpk:8443", "https://server-djpk:8443"),
            ("  https://Server-DJPK:8443/  ", "https://server-djpk:8443"),
            ("server-djpk:8443", "https://server-djpk:8443"),
            ("https://10.1.2.3", "https://10.1.2.3"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://localhost:8080", "http://localhost:8080"),
            ("http://[::1]:8080", "http://[::1]:8080"),
        ] {
            let address = ServerAddress::parse(typed).expect(typed);
            assert_eq!(address.as_str(), origin, "{typed}");
        }
    }

    #[test]
    fn plain_http_beyond_this_computer_and_odd_addresses_are_refused() {
        assert!(refusal_of("http://server-djpk:8080").contains("https"));
        assert!(refusal_of("").contains("Isi alamat"));
        assert!(refusal_of("https://user:pw@server").contains("tidak valid"));
        assert!(refusal_of("https://server/api").contains("tidak valid"));
        assert!(refusal_of("ftp://server").contains("https://"));
        assert!(refusal_of("https://").contains("tidak valid"));
    }
}
