//! The server's HTTP surface:
//!
//! | method and path | body | answer |
//! |---|---|---|
//! | `GET /health` | – | `{status, database}`; 503 when the database does not answer |
//! | `POST /api/sign-in` | `SignInInput` | `SignedIn` (the bearer token and the session) |
//! | `POST /api/sign-out` | – | 204; the token opens nothing afterwards |
//! | `GET /api/session` | – | `SessionView` |
//! | `POST /api/password` | `PasswordChange` | `SessionView`; the account's other sessions end |
//! | `POST /api/call/{operation}` | the operation's arguments object | its answer |
//! | `POST /api/export` | `ExportRequest` | `ExportedDocument` (the file, for the desk to save) |
//! | `GET /api/events` | – | server-sent events: `ready`, `change` (a `ChangeEvent`), `resync` |
//!
//! Every `/api` path but sign-in needs `Authorization: Bearer TOKEN`. Refusals are the core's
//! `{code, message, details}` with the status of their code: validation 400, unauthenticated
//! 401, policy 403, not_found 404, conflict 409, throttled 429 (with `Retry-After`), internal
//! 500; a body over the limit is 413.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::Stream;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::sync::broadcast::error::RecvError;

use konsultasi::api::{
    ChangeEvent, ExportRequest, ExportedDocument, PasswordChange, SessionView, SignInInput,
    SignedIn,
};
use konsultasi::error::{Error, ErrorCode};
use konsultasi::service::accounts::{self, Session};
use konsultasi::service::{export, operations, parse_json};
use konsultasi::store::changes::Heard;
use konsultasi::time::system_now;
use konsultasi::validate::FieldErrors;

use super::Server;

/// The largest body a request may carry: an operation's arguments with an uploaded letter
/// scan (capped at 10 MB by the request form) in base64, and room to spare.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// How long one request may take, its body included; the event stream is exempt.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

pub fn router(server: Server) -> Router {
    let api = Router::new()
        .route("/sign-in", post(sign_in))
        .route("/sign-out", post(sign_out))
        .route("/session", get(session))
        .route("/password", post(change_password))
        .route("/call/{operation}", post(call))
        .route("/export", post(export))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            REQUEST_TIMEOUT,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .route("/events", get(events))
        .fallback(unknown_path);
    Router::new()
        .route("/health", get(health))
        .nest("/api", api)
        .fallback(unknown_path)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(server)
}

/// A refusal as the wire carries it.
struct Refusal(Error);

impl From<Error> for Refusal {
    fn from(error: Error) -> Self {
        Refusal(error)
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let payload = self.0.to_payload();
        let status = match payload.code {
            ErrorCode::Validation => StatusCode::BAD_REQUEST,
            ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
            ErrorCode::Policy => StatusCode::FORBIDDEN,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::Conflict => StatusCode::CONFLICT,
            ErrorCode::Throttled => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            crate::io::report(&format!("galat: {}", self.0));
        }
        let mut response = (status, Json(payload)).into_response();
        if let Error::Throttled {
            retry_after_seconds,
            ..
        } = &self.0
        {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_seconds));
        }
        response
    }
}

type Answer<T> = Result<T, Refusal>;

fn body_refused(rejection: BytesRejection) -> Response {
    let status = rejection.status();
    let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
        format!(
            "Isi permintaan terlalu besar (paling banyak {} MB)",
            MAX_BODY_BYTES / (1024 * 1024)
        )
    } else {
        "Isi permintaan tidak terbaca".to_owned()
    };
    let payload = Error::Validation(FieldErrors::single("body", message)).to_payload();
    (status, Json(payload)).into_response()
}

/// A request's body, refused in the core's words when it is too large or cannot be read.
struct Body(Bytes);

impl<S: Send + Sync> axum::extract::FromRequest<S> for Body {
    type Rejection = Response;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, Response> {
        Bytes::from_request(request, state)
            .await
            .map(Body)
            .map_err(body_refused)
    }
}

/// The body as JSON; empty reads as `null`.
fn json_body(body: &[u8]) -> Result<Value, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(body).map_err(|e| {
        Error::Validation(FieldErrors::single(
            "body",
            format!(
                "JSON tidak valid (baris {}, kolom {})",
                e.line(),
                e.column()
            ),
        ))
    })
}

fn typed_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    parse_json(json_body(body)?)
}

/// The session of the request's bearer token.
async fn signed_in(server: &Server, headers: &HeaderMap) -> Result<Session, Error> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|token| !token.is_empty() && token.len() <= 200)
        .ok_or_else(|| {
            Error::Unauthenticated("Belum masuk: silakan masuk dengan akun Anda".into())
        })?;
    accounts::authenticate(&server.store, token, server.sessions, system_now()).await
}

/// A session that still has to replace a reset password may do nothing else.
fn may_work(session: &Session) -> Result<(), Error> {
    if session.must_change_password() {
        return Err(Error::Policy {
            message: "Ganti kata sandi sementara Anda dulu sebelum bekerja".into(),
            findings: Vec::new(),
        });
    }
    Ok(())
}

async fn health(State(server): State<Server>) -> Response {
    match server.store.check_alive().await {
        Ok(()) => Json(serde_json::json!({"status": "ok", "database": "ok"})).into_response(),
        Err(error) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({"status": "unavailable", "database": error.to_string()})),
        )
            .into_response(),
    }
}

async fn sign_in(
    State(server): State<Server>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Body(body): Body,
) -> Answer<Json<SignedIn>> {
    server.guard.admit_sign_in(peer.ip())?;
    let input: SignInInput = typed_body(&body)?;
    let _slot = server.guard.hashing_slot().await?;
    Ok(Json(
        accounts::sign_in(&server.store, &input, server.sessions, system_now()).await?,
    ))
}

async fn sign_out(State(server): State<Server>, headers: HeaderMap) -> Answer<StatusCode> {
    let session = signed_in(&server, &headers).await?;
    accounts::sign_out(&server.store, &session, system_now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn session(State(server): State<Server>, headers: HeaderMap) -> Answer<Response> {
    let session = signed_in(&server, &headers).await?;
    Ok(Json(session.view).into_response())
}

async fn change_password(
    State(server): State<Server>,
    headers: HeaderMap,
    Body(body): Body,
) -> Answer<Json<SessionView>> {
    let session = signed_in(&server, &headers).await?;
    let input: PasswordChange = typed_body(&body)?;
    let _slot = server.guard.hashing_slot().await?;
    Ok(Json(
        accounts::change_password(&server.store, &session, &input, system_now()).await?,
    ))
}

async fn call(
    State(server): State<Server>,
    Path(operation): Path<String>,
    headers: HeaderMap,
    Body(body): Body,
) -> Answer<Json<Value>> {
    let session = signed_in(&server, &headers).await?;
    may_work(&session)?;
    let arguments = json_body(&body)?;
    let answer = operations::dispatch(
        &server.store,
        Some(&session.actor),
        &operation,
        arguments,
        system_now(),
    )
    .await?;
    Ok(Json(answer))
}

/// The window's exports in team mode: the server produces the file (a letter's number is
/// issued here, in the desk user's name) and the desk writes it where its user chose.
async fn export(
    State(server): State<Server>,
    headers: HeaderMap,
    Body(body): Body,
) -> Answer<Json<ExportedDocument>> {
    let session = signed_in(&server, &headers).await?;
    may_work(&session)?;
    let request: ExportRequest = typed_body(&body)?;
    let file = export::produce(&server.store, Some(&session.actor), &request, system_now()).await?;
    Ok(Json(file.to_document()))
}

/// Sign-ins and sign-outs change nothing any desk shows.
fn worth_pushing(action: &str) -> bool {
    !matches!(
        action,
        "account.sign_in" | "account.sign_in_failed" | "account.sign_out"
    )
}

/// How often an open event stream checks that its session still stands.
const SESSION_RECHECK: Duration = Duration::from_secs(30);

async fn events(State(server): State<Server>, headers: HeaderMap) -> Answer<Response> {
    let session = signed_in(&server, &headers).await?;
    may_work(&session)?;
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned())
        .unwrap_or_default();
    let receiver = server.changes.subscribe();
    let stream = change_stream(server, token, receiver);
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response())
}

struct Listening {
    server: Server,
    token: String,
    receiver: tokio::sync::broadcast::Receiver<Heard>,
    recheck: tokio::time::Interval,
    started: bool,
}

fn change_stream(
    server: Server,
    token: String,
    receiver: tokio::sync::broadcast::Receiver<Heard>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    let mut recheck = tokio::time::interval(SESSION_RECHECK);
    recheck.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let state = Listening {
        server,
        token,
        receiver,
        recheck,
        started: false,
    };
    futures_util::stream::unfold(state, |mut state| async move {
        if !state.started {
            state.started = true;
            // The first tick of an interval is immediate: spend it now.
            state.recheck.tick().await;
            return Some((Ok(Event::default().event("ready").data("{}")), state));
        }
        loop {
            tokio::select! {
                heard = state.receiver.recv() => match heard {
                    Ok(Heard::Change(change)) if worth_pushing(&change.action) => {
                        let event = ChangeEvent {
                            id: change.id,
                            action: change.action,
                            request_id: change.request_id,
                        };
                        let data = serde_json::to_string(&event).unwrap_or_else(|_| "{}".into());
                        return Some((Ok(Event::default().event("change").data(data)), state));
                    }
                    Ok(Heard::Change(_)) => continue,
                    Ok(Heard::Resync) | Err(RecvError::Lagged(_)) => {
                        return Some((Ok(Event::default().event("resync").data("{}")), state));
                    }
                    Err(RecvError::Closed) => return None,
                },
                _ = state.recheck.tick() => {
                    let headers = bearer(&state.token);
                    // A revoked or expired session's stream ends; the desk signs in again.
                    if signed_in(&state.server, &headers).await.is_err() {
                        return None;
                    }
                }
            }
        }
    })
}

fn bearer(token: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(&format!("Bearer {token}")) {
        headers.insert(header::AUTHORIZATION, value);
    }
    headers
}

async fn unknown_path(uri: axum::http::Uri) -> Refusal {
    Refusal(Error::NotFound {
        what: "Alamat",
        id: uri.path().chars().take(200).collect(),
    })
}
