//! The team server as desks meet it: a real `konsultasi serve` process on loopback over the
//! run's database (SQLite file or PostgreSQL, as the run's backend), spoken to over HTTP.
//! Accounts are made with the services, as `konsultasi accounts add` makes them.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt as _;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{self, TestDb, fresh_db};
use konsultasi::api::{AccountInput, AccountUpdate, PasswordReset};
use konsultasi::service::accounts;
use konsultasi::time::system_now;
use konsultasi::workflow::{Actor, Role};

/// A running `konsultasi serve`, stopped when dropped.
pub struct TeamServer {
    child: Child,
    pub url: String,
    pub certificate_sha256: Option<String>,
}

impl TeamServer {
    pub fn start(db: &TestDb, extra: &[&str]) -> Self {
        Self::start_at(&db.db_arg(), extra)
    }

    pub fn start_at(database: &str, extra: &[&str]) -> Self {
        let mut child = Command::cargo_bin("konsultasi")
            .expect("binary")
            .env_remove("KONSULTASI_DB")
            .args(["--db", database, "serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the server");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the server's first line");
        let started: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("the server did not start ({e}): {line:?}"));
        Self {
            child,
            url: started["listening"].as_str().expect("address").to_owned(),
            certificate_sha256: started["certificate_sha256"].as_str().map(str::to_owned),
        }
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for TeamServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub const ADMIN_PASSWORD: &str = "meja-DJPK-utama-1";

/// The first admin, as `konsultasi accounts add --role admin` makes it.
pub async fn first_admin(db: &TestDb) -> Actor {
    let input = AccountInput {
        username: "admin".into(),
        name: "Admin Tim".into(),
        role: Some(Role::Admin),
        password: ADMIN_PASSWORD.into(),
    };
    let made = accounts::create_account(&db.store, None, &input, system_now())
        .await
        .expect("first admin");
    konsultasi::service::workflow::actor(&db.store, &made.id.to_string())
        .await
        .expect("admin")
}

/// An account made by the admin, with the first password the admin told its holder.
pub async fn account(db: &TestDb, admin: &Actor, username: &str, role: Role) -> (i64, String) {
    let password = "sandi-awal-2026!".to_owned();
    let input = AccountInput {
        username: username.into(),
        name: format!("Pengguna {username}"),
        role: Some(role),
        password: password.clone(),
    };
    let made = accounts::create_account(&db.store, Some(admin), &input, system_now())
        .await
        .expect("account");
    (made.id, password)
}

/// One desk's HTTP client, signed in or not.
#[derive(Clone)]
pub struct Desk {
    pub http: reqwest::Client,
    pub url: String,
    pub token: Option<String>,
}

impl Desk {
    pub fn new(server: &TeamServer) -> Self {
        Self {
            http: reqwest::Client::new(),
            url: server.url.clone(),
            token: None,
        }
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let mut request = self.http.post(format!("{}{path}", self.url)).json(&body);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let text = response.text().await.expect("body");
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
        };
        (status, value)
    }

    pub async fn sign_in(&mut self, username: &str, password: &str) -> (StatusCode, Value) {
        let (status, body) = self
            .post(
                "/api/sign-in",
                json!({ "username": username, "password": password, "desk": "MEJA-UJI" }),
            )
            .await;
        if status == StatusCode::OK {
            self.token = Some(body["token"].as_str().expect("token").to_owned());
        }
        (status, body)
    }

    /// Signs in with a first password and replaces it, as a new account's holder does.
    pub async fn sign_in_new(&mut self, username: &str, first: &str) -> String {
        let (status, body) = self.sign_in(username, first).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let own = "sandi-sendiri-2026!".to_owned();
        if body["session"]["must_change_password"] == json!(true) {
            let (status, body) = self
                .post("/api/password", json!({ "current": first, "new": own }))
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            own
        } else {
            first.to_owned()
        }
    }

    pub async fn call(&self, operation: &str, arguments: Value) -> (StatusCode, Value) {
        self.post(&format!("/api/call/{operation}"), arguments)
            .await
    }
}

/// A self-signed certificate for 127.0.0.1 made with openssl, and its SHA-256 fingerprint as
/// openssl prints it (the desk compares it with what the server printed).
pub fn self_signed_certificate(
    dir: &std::path::Path,
) -> (std::path::PathBuf, std::path::PathBuf, String) {
    let cert = dir.join("server.pem");
    let key = dir.join("server.key");
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
        ])
        .args(["-nodes", "-days", "2", "-subj", "/CN=konsultasi-uji"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1"])
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl is installed by scripts/test.sh");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let fingerprint = Command::new("openssl")
        .args(["x509", "-noout", "-fingerprint", "-sha256", "-in"])
        .arg(&cert)
        .output()
        .expect("openssl");
    let fingerprint = String::from_utf8_lossy(&fingerprint.stdout)
        .trim()
        .rsplit('=')
        .next()
        .expect("fingerprint")
        .to_owned();

    (cert, key, fingerprint)
}

async fn audit_actions(db: &TestDb, prefix: &str) -> Vec<(String, Option<String>)> {
    konsultasi::service::audit::search_audit(&db.store, prefix)
        .await
        .expect("audit")
        .into_iter()
        .filter(|e| e.action.starts_with(prefix))
        .map(|e| (e.action, e.desk))
        .collect()
}

#[tokio::test]
async fn an_account_signs_in_works_signs_out_and_its_token_opens_nothing_after() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let admin = first_admin(&db).await;
    let (_, first) = account(&db, &admin, "rina", Role::Agent).await;
    let server = TeamServer::start(&db, &[]);

    let health: Value = reqwest::get(format!("{}/health", server.url))
        .await
        .expect("health")
        .json()
        .await
        .expect("json");
    assert_eq!(health, json!({ "status": "ok", "database": "ok" }));

    let mut desk = Desk::new(&server);
    let (status, body) = desk.call("list_requests", json!({ "filter": {} })).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "unauthenticated");
    assert!(body["message"].as_str().expect("message").contains("masuk"));

    // A first password lets its holder do one thing: replace it.
    let (status, body) = desk.sign_in("Rina", &first).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["session"]["role"], "agent");
    assert_eq!(body["session"]["must_change_password"], true);
    assert!(
        !body.to_string().contains(&first),
        "the answer never repeats a password"
    );
    let (status, body) = desk.call("list_requests", json!({ "filter": {} })).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(
        body["message"]
            .as_str()
            .expect("message")
            .contains("Ganti kata sandi")
    );
    let (status, body) = desk
        .post(
            "/api/password",
            json!({ "current": first, "new": "pendek" }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["details"]["fields"][0]["field"], "new");
    let (status, body) = desk
        .post(
            "/api/password",
            json!({ "current": "bukan-ini-sandinya", "new": "sandi-sendiri-2026!" }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["details"]["fields"][0]["field"], "current");
    let (status, body) = desk
        .post(
            "/api/password",
            json!({ "current": first, "new": "sandi-sendiri-2026!" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["must_change_password"], false);

    let (status, body) = desk.call("list_requests", json!({ "filter": {} })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!([]));
    let (status, body) = desk.post("/api/session", json!(null)).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{body}");

    let stolen = desk.clone();
    let (status, _) = desk.post("/api/sign-out", json!(null)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = stolen.call("list_requests", json!({ "filter": {} })).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a token after sign-out opens nothing"
    );
    assert_eq!(body["code"], "unauthenticated");

    let mut forged = Desk::new(&server);
    forged.token = Some("A".repeat(43));
    assert_eq!(
        forged.call("dashboard", json!({})).await.0,
        StatusCode::UNAUTHORIZED
    );

    // Every step is in the audit log, with the desk it came from.
    let signed: Vec<String> = audit_actions(&db, "account.")
        .await
        .into_iter()
        .filter(|(action, desk)| action != "account.create" && desk.as_deref() == Some("MEJA-UJI"))
        .map(|(action, _)| action)
        .collect();
    assert_eq!(
        signed,
        // Newest first.
        [
            "account.sign_out",
            "account.change_password",
            "account.sign_in"
        ]
    );
}

#[tokio::test]
async fn the_fifth_wrong_password_locks_the_account_for_fifteen_minutes_and_the_lock_passes() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let admin = first_admin(&db).await;
    let (id, first) = account(&db, &admin, "budi", Role::Secretariat).await;
    let server = TeamServer::start(&db, &[]);
    let mut desk = Desk::new(&server);

    for attempt in 1..=4 {
        let (status, body) = desk.sign_in("budi", "salah-sandinya-1").await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "attempt {attempt}: {body}"
        );
        assert_eq!(body["message"], "Nama pengguna atau kata sandi salah");
    }
    // An unknown name gets the same answer: it does not tell which names exist.
    let (status, body) = desk.sign_in("tidak-ada", "salah-sandinya-1").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["message"], "Nama pengguna atau kata sandi salah");

    let response = reqwest::Client::new()
        .post(format!("{}/api/sign-in", server.url))
        .json(&json!({ "username": "budi", "password": "salah-sandinya-1", "desk": "MEJA-UJI" }))
        .send()
        .await
        .expect("fifth");
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .expect("header")
        .parse()
        .expect("seconds");
    assert!((14 * 60..=15 * 60).contains(&retry), "{retry}");
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["code"], "throttled");
    assert!(
        body["message"]
            .as_str()
            .expect("message")
            .contains("dikunci")
    );

    // Locked, even the right password waits.
    let (status, body) = desk.sign_in("budi", &first).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let failures = audit_actions(&db, "account.sign_in_failed").await.len();
    let locks = audit_actions(&db, "account.locked").await.len();
    assert_eq!((failures, locks), (5, 1));
    let listed = accounts::list_accounts(&db.store, &admin, system_now())
        .await
        .expect("accounts");
    let budi = listed.iter().find(|a| a.id == id).expect("budi");
    assert!(
        budi.locked_label
            .as_deref()
            .unwrap_or("")
            .starts_with("Dikunci sampai")
    );

    // Fifteen minutes later (the lock moved into the past, as the clock would move it).
    let past = common::instant_sql(system_now() - chrono::Duration::seconds(1));
    common::execute(
        &db.store,
        &format!("UPDATE users SET locked_until = {past} WHERE id = {id}"),
    )
    .await;
    let (status, body) = desk.sign_in("budi", &first).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn an_idle_session_expires_and_a_role_change_reset_or_deactivation_ends_sessions() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let admin = first_admin(&db).await;
    let (id, first) = account(&db, &admin, "sari", Role::Agent).await;
    let server = TeamServer::start(&db, &["--session-idle-minutes", "5"]);
    let mut desk = Desk::new(&server);
    let own = desk.sign_in_new("sari", &first).await;
    assert_eq!(desk.call("dashboard", json!({})).await.0, StatusCode::OK);

    // Idle past its expiry.
    let past = common::instant_sql(system_now() - chrono::Duration::seconds(1));
    common::execute(
        &db.store,
        &format!("UPDATE sessions SET expires_at = {past}"),
    )
    .await;
    let (status, body) = desk.call("dashboard", json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body["message"]
            .as_str()
            .expect("message")
            .contains("lama tidak dipakai")
    );

    // A role change ends the session at once.
    desk.sign_in("sari", &own).await;
    let update = |role, active| AccountUpdate {
        name: "Pengguna sari".into(),
        role: Some(role),
        active,
    };
    accounts::update_account(
        &db.store,
        &admin,
        id,
        &update(Role::Secretariat, true),
        system_now(),
    )
    .await
    .expect("promote");
    assert_eq!(
        desk.call("dashboard", json!({})).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, body) = desk.sign_in("sari", &own).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["session"]["role"], "secretariat");

    // So does a reset, and the reset password must be replaced first.
    let reset = PasswordReset {
        password: "sementara-dari-admin-7".into(),
    };
    accounts::reset_password(&db.store, &admin, id, &reset, system_now())
        .await
        .expect("reset");
    assert_eq!(
        desk.call("dashboard", json!({})).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(desk.sign_in("sari", &own).await.0, StatusCode::UNAUTHORIZED);
    let (status, body) = desk.sign_in("sari", "sementara-dari-admin-7").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["session"]["must_change_password"], true);
    assert_eq!(
        desk.call("dashboard", json!({})).await.0,
        StatusCode::FORBIDDEN
    );

    // A deactivated account neither works nor signs in.
    accounts::update_account(
        &db.store,
        &admin,
        id,
        &update(Role::Secretariat, false),
        system_now(),
    )
    .await
    .expect("deactivate");
    assert_eq!(
        desk.call("dashboard", json!({})).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        desk.sign_in("sari", "sementara-dari-admin-7").await.0,
        StatusCode::UNAUTHORIZED
    );

    // The last admin cannot take away the team's last admin.
    let error = accounts::update_account(
        &db.store,
        &admin,
        admin.id,
        &AccountUpdate {
            name: "Admin Tim".into(),
            role: Some(Role::Agent),
            active: true,
        },
        system_now(),
    )
    .await
    .expect_err("last admin");
    assert!(
        error.to_string().contains("admin aktif terakhir"),
        "{error}"
    );
}

#[tokio::test]
async fn large_malformed_and_unexpected_bodies_are_refused_and_change_nothing() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let admin = first_admin(&db).await;
    let (_, first) = account(&db, &admin, "tono", Role::TeamLeader).await;
    let server = TeamServer::start(&db, &[]);
    let mut desk = Desk::new(&server);
    desk.sign_in_new("tono", &first).await;
    let before = common::row_counts(&db.store).await;

    let token = desk.token.clone().expect("token");
    let huge = vec![b' '; 100 * 1024 * 1024];
    let response = desk
        .http
        .post(format!("{}/api/call/create_request", server.url))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await;
    // The server may answer before reading it all, or close the connection on the rest.
    if let Ok(response) = response {
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["code"], "validation");
        assert_eq!(body["details"]["fields"][0]["field"], "body");
    }

    let raw = |body: &'static str| {
        desk.http
            .post(format!("{}/api/call/create_request", server.url))
            .bearer_auth(&token)
            .body(body)
            .send()
    };
    let response = raw("{\"input\": {").await.expect("malformed");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["details"]["fields"][0]["field"], "body");

    let mut input = serde_json::to_value(common::valid_input()).expect("input");
    input["colour"] = json!("merah");
    let (status, body) = desk.call("create_request", json!({ "input": input })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = desk
        .call("get_request", json!({ "id": 1, "extra": true }))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["details"]["fields"][0]["field"], "extra");
    let (status, body) = desk.call("drop_everything", json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["details"]["fields"][0]["field"], "operation");
    let (status, body) = Desk::new(&server)
        .post(
            "/api/sign-in",
            json!({ "username": "tono", "password": "x", "desk": "MEJA", "remember": true }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _) = desk.post("/api/nothing-here", json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    assert_eq!(
        common::row_counts(&db.store).await,
        before,
        "nothing was written"
    );
}

#[tokio::test]
async fn a_change_at_one_desk_reaches_another_desks_events_within_two_seconds() {
    use futures_util::StreamExt as _;
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let admin = first_admin(&db).await;
    let (_, agent_first) = account(&db, &admin, "agen", Role::Agent).await;
    let (_, secretary_first) = account(&db, &admin, "sekre", Role::Secretariat).await;
    let server = TeamServer::start(&db, &[]);
    let mut agent = Desk::new(&server);
    agent.sign_in_new("agen", &agent_first).await;
    let mut secretary = Desk::new(&server);
    secretary.sign_in_new("sekre", &secretary_first).await;

    let response = secretary
        .http
        .get(format!("{}/api/events", server.url))
        .bearer_auth(secretary.token.as_deref().expect("token"))
        .send()
        .await
        .expect("events");
    assert_eq!(response.status(), StatusCode::OK);
    let mut stream = response.bytes_stream();
    let mut seen = String::new();
    // The stream says it is live before anything changes.
    while !seen.contains("event: ready") {
        let chunk = tokio::time::timeout(Duration::from_secs(5), stream.next())
            .await
            .expect("ready in time")
            .expect("open")
            .expect("bytes");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }

    let started = Instant::now();
    let (status, created) = agent
        .call(
            "create_request",
            json!({ "input": serde_json::to_value(common::valid_input()).expect("input") }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let id = created["id"].as_i64().expect("id");
    let wanted = format!("\"request_id\":{id}");
    let mut heard = String::new();
    while !heard.contains(&wanted) {
        let chunk = tokio::time::timeout(Duration::from_secs(2), stream.next())
            .await
            .expect("the change arrives within 2 s")
            .expect("open")
            .expect("bytes");
        heard.push_str(&String::from_utf8_lossy(&chunk));
    }
    let delay = started.elapsed();
    assert!(delay < Duration::from_secs(2), "{delay:?}");
    assert!(heard.contains("event: change"), "{heard}");
    assert!(heard.contains("\"action\":\"create\""), "{heard}");
}

#[test]
fn without_tls_the_server_listens_on_loopback_only() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("konsultasi.db");
    let out = Command::cargo_bin("konsultasi")
        .expect("binary")
        .env_remove("KONSULTASI_DB")
        .arg("--db")
        .arg(&db)
        .args(["serve", "--listen", "0.0.0.0:0"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("loopback"), "{stderr}");
}

#[tokio::test]
async fn over_tls_the_server_presents_the_certificate_whose_fingerprint_it_printed() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let dir = tempfile::tempdir().expect("dir");
    let (cert, key, fingerprint) = self_signed_certificate(dir.path());

    let server = TeamServer::start(
        &db,
        &[
            "--tls-cert",
            cert.to_str().expect("path"),
            "--tls-key",
            key.to_str().expect("path"),
        ],
    );
    assert!(
        server.url.starts_with("https://127.0.0.1:"),
        "{}",
        server.url
    );
    assert_eq!(
        server.certificate_sha256.as_deref(),
        Some(fingerprint.as_str())
    );
    let pinned = reqwest::Certificate::from_pem(&std::fs::read(&cert).expect("pem")).expect("cert");
    let client = reqwest::Client::builder()
        .tls_certs_only([pinned])
        .build()
        .expect("client");
    let health: Value = client
        .get(format!("{}/health", server.url))
        .send()
        .await
        .expect("health over TLS")
        .json()
        .await
        .expect("json");
    assert_eq!(health["status"], "ok");
    // A client that trusts only the system's roots refuses the self-signed certificate.
    assert!(
        reqwest::get(format!("{}/health", server.url))
            .await
            .is_err()
    );
}

#[tokio::test]
async fn ten_thousand_sign_ins_in_a_minute_are_refused_and_other_desks_are_served() {
    use futures_util::StreamExt as _;
    let _turn = common::run_alone();
    let db = fresh_db().await;
    let admin = first_admin(&db).await;
    let (_, first) = account(&db, &admin, "wati", Role::Agent).await;
    let mut server = TeamServer::start(&db, &[]);
    let mut working = Desk::new(&server);
    working.sign_in_new("wati", &first).await;

    let attacker = Desk::new(&server);
    let started = Instant::now();
    let answers: Vec<StatusCode> = futures_util::stream::iter(0..10_000)
        .map(|n| {
            let attacker = attacker.clone();
            async move {
                attacker
                    .post(
                        "/api/sign-in",
                        json!({ "username": "wati", "password": format!("tebak-{n}-sandi"), "desk": "X" }),
                    )
                    .await
                    .0
            }
        })
        .buffer_unordered(64)
        .collect()
        .await;
    let took = started.elapsed();
    let throttled = answers
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    let heard = answers
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    assert_eq!(throttled + heard, 10_000, "every attempt refused");
    assert!(
        heard <= 5,
        "at most five wrong passwords are ever checked: {heard}"
    );
    assert!(took < Duration::from_secs(60), "{took:?}");
    assert!(server.is_running());
    // The desk already signed in keeps working.
    let (status, _) = working.call("list_requests", json!({ "filter": {} })).await;
    assert_eq!(status, StatusCode::OK);
    assert!(audit_actions(&db, "account.sign_in_failed").await.len() <= 5);
}

#[tokio::test]
async fn a_client_that_never_finishes_its_request_is_cut_off_and_others_are_served() {
    use tokio::io::AsyncWriteExt as _;
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let server = TeamServer::start(&db, &[]);
    let address = server.url.trim_start_matches("http://").to_owned();
    let mut slow = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connect");
    slow.write_all(b"POST /api/sign-in HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("half a request");
    // Meanwhile another desk is answered at once.
    let health = reqwest::get(format!("{}/health", server.url))
        .await
        .expect("health");
    assert_eq!(health.status(), StatusCode::OK);
    // The slow one is closed once its headers are late.
    let mut buffer = [0u8; 512];
    let closed = tokio::time::timeout(Duration::from_secs(20), async {
        use tokio::io::AsyncReadExt as _;
        loop {
            match slow.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "the server kept a half request open");
}

#[test]
fn the_first_admin_is_made_on_the_command_line_and_later_accounts_need_an_admin() {
    use std::io::Write as _;
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("konsultasi.db");
    let run = |args: &[&str], stdin: &str| -> (Option<i32>, String, String) {
        let mut child = Command::cargo_bin("konsultasi")
            .expect("binary")
            .env_remove("KONSULTASI_DB")
            .arg("--db")
            .arg(&db)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("write");
        let out = child.wait_with_output().expect("wait");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let add = |username: &str, role: &str| {
        vec![
            "accounts".to_owned(),
            "add".into(),
            "--username".into(),
            username.into(),
            "--name".into(),
            format!("Pengguna {username}"),
            "--role".into(),
            role.into(),
            "--password-stdin".into(),
        ]
    };

    let run_owned = |args: &[String], stdin: &str| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&args, stdin)
    };

    // Without a terminal and without --password-stdin there is nobody to ask.
    let (code, _, stderr) = run(
        &[
            "accounts",
            "add",
            "--username",
            "admin",
            "--name",
            "Admin Tim",
            "--role",
            "admin",
        ],
        "",
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("--password-stdin"), "{stderr}");

    let (code, _, stderr) = run_owned(&add("rina", "agent"), "sandi-awal-2026!\n");
    assert_eq!(code, Some(2), "the first account is an admin: {stderr}");
    let (code, stdout, stderr) = run_owned(&add("admin", "admin"), "meja-DJPK-utama-1\n");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        !stdout.contains("meja-DJPK") && !stderr.contains("meja-DJPK"),
        "never printed"
    );
    let made: Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(
        (made["username"].as_str(), made["role"].as_str()),
        (Some("admin"), Some("admin"))
    );
    assert_eq!(
        made["must_change_password"], false,
        "the first admin chose their own"
    );

    let (code, _, stderr) = run_owned(&add("budi", "agent"), "sandi-awal-2026!\n");
    assert_eq!(code, Some(2), "an admin exists: {stderr}");
    assert!(stderr.contains("Sudah ada admin"), "{stderr}");
    let mut by_admin = vec!["--as".to_owned(), "Pengguna admin".into()];
    by_admin.extend(add("budi", "agent"));
    let (code, stdout, stderr) = run_owned(&by_admin, "sandi-awal-2026!\n");
    assert_eq!(code, Some(0), "{stderr}");
    let budi: Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(budi["must_change_password"], true);
    let (code, stdout, _) = run(&["--as", "Pengguna admin", "accounts", "list"], "");
    assert_eq!(code, Some(0));
    let listed: Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(listed.as_array().map(Vec::len), Some(2));
    assert!(!stdout.contains("argon2"), "no hash leaves the database");
    let (code, _, stderr) = run(&["--as", "Pengguna budi", "accounts", "list"], "");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("Hanya Admin"), "{stderr}");
}
