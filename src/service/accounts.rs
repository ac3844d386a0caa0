//! Team accounts: the administrator's list, signing in with a password (Argon2id), sessions
//! and their end, and a user's own password change.
//!
//! Passwords are hashed off the async threads (`spawn_blocking`), never written anywhere but
//! as their hash, and never part of an error or a log line. A sign-in reads and verifies
//! outside the write lock, then records its outcome in one serialised write, so a slow hash
//! holds up no other desk's change.

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

use crate::api::{
    AccountInput, AccountUpdate, AccountView, PasswordChange, PasswordReset, SessionView,
    SignInInput, SignedIn,
};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::accounts::{self, AccountRecord, NewAccount, NewSession, SessionRecord};
use crate::store::write::SerialisedWrite;
use crate::validate::{FieldErrors, PersonName};
use crate::workflow::{Actor, Capability, Role};

use super::users::require;
use konsultasi_core::accounts::{
    self as rules, Gate, NewPassword, SignInRecord, Username, session_expires,
};
use konsultasi_core::audit::{AuditAction, AuditEntry};
use konsultasi_core::time::office_label;

/// Argon2id with OWASP's first recommended set: 19 MiB of memory, two passes, one lane.
fn hasher() -> argon2::Argon2<'static> {
    let params = argon2::Params::new(19 * 1024, 2, 1, None).expect("constant parameters are valid");
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// The PHC string of `password` with a fresh random salt.
pub async fn hash_password(password: &NewPassword) -> Result<String> {
    let password = password.expose().to_owned();
    tokio::task::spawn_blocking(move || {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|e| Error::Internal(format!("acak: {e}")))?;
        let salt = SaltString::encode_b64(&salt).map_err(|e| Error::Internal(e.to_string()))?;
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| Error::Internal(format!("kata sandi tidak dapat di-hash: {e}")))
    })
    .await
    .map_err(|e| Error::Internal(e.to_string()))?
}

/// Whether `password` matches the stored PHC string (with the parameters it was made with).
pub async fn verify_password(stored: &str, password: &str) -> Result<bool> {
    let stored = stored.to_owned();
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        use argon2::password_hash::{PasswordHash, PasswordVerifier};
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
    .await
    .map_err(|e| Error::Internal(e.to_string()))
}

/// A hash no password matches, verified for an unknown username so that the answer takes as
/// long as for a known one and does not tell which usernames exist.
const NO_ACCOUNT_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

fn wrong_credentials() -> Error {
    Error::Unauthenticated("Nama pengguna atau kata sandi salah".into())
}

fn locked(until: DateTime<Utc>, now: DateTime<Utc>) -> Error {
    Error::Throttled {
        message: format!(
            "Akun dikunci karena {} kali salah kata sandi; coba lagi setelah {}",
            rules::MAX_FAILED_SIGN_INS,
            office_label(until)
        ),
        retry_after_seconds: u64::try_from((until - now).num_seconds().max(1)).unwrap_or(1),
    }
}

/// The SHA-256 (hex) of a bearer token: what the sessions table keeps.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn new_token() -> Result<String> {
    use base64::Engine;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| Error::Internal(format!("acak: {e}")))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

fn desk_name(text: &str) -> Result<String> {
    let desk = text.trim();
    if desk.is_empty() || desk.chars().count() > 100 || desk.chars().any(char::is_control) {
        return Err(
            FieldErrors::single("desk", "Nama meja 1–100 karakter tanpa karakter kendali").into(),
        );
    }
    Ok(desk.to_owned())
}

pub fn view(account: &AccountRecord, now: DateTime<Utc>) -> AccountView {
    AccountView {
        id: account.id,
        username: account.username.clone(),
        name: account.name.clone(),
        role: account.role,
        role_label: account.role.label().to_owned(),
        active: account.active,
        must_change_password: account.must_change_password,
        locked_label: match account.sign_ins.gate(now) {
            Gate::Locked { until } => Some(format!("Dikunci sampai {}", office_label(until))),
            Gate::Open => None,
        },
    }
}

fn session_view(account: &AccountRecord, desk: &str) -> SessionView {
    SessionView {
        id: account.id,
        username: account.username.clone(),
        name: account.name.clone(),
        role: account.role,
        role_label: account.role.label().to_owned(),
        desk: desk.to_owned(),
        must_change_password: account.must_change_password,
        may: crate::api::Permissions::of(account.role),
    }
}

/// How long sessions may stay idle, set by the server.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    pub idle: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::minutes(rules::DEFAULT_IDLE_MINUTES),
        }
    }
}

/// Signs in: checks the lock, the password, then records the outcome (a failure, a lock, or a
/// new session) with its audit entry in one write.
pub async fn sign_in(
    store: &Store,
    input: &SignInInput,
    policy: SessionPolicy,
    now: DateTime<Utc>,
) -> Result<SignedIn> {
    let desk = desk_name(&input.desk)?;
    let Ok(username) = Username::parse(&input.username) else {
        verify_password(NO_ACCOUNT_HASH, &input.password).await?;
        return Err(wrong_credentials());
    };
    let mut read = store.snapshot().await?;
    let found = accounts::by_username(&mut read, username.as_str()).await?;
    read.finish().await?;
    let Some(account) = found.filter(|a| a.active) else {
        verify_password(NO_ACCOUNT_HASH, &input.password).await?;
        return Err(wrong_credentials());
    };
    if let Gate::Locked { until } = account.sign_ins.gate(now) {
        return Err(locked(until, now));
    }
    let matches = verify_password(&account.password_hash, &input.password).await?;
    let actor = account.actor(Some(desk.clone()));
    let mut tx = store.write_serialised().await?;
    // What another server recorded meanwhile counts too.
    let current = accounts::by_id(&mut tx, account.id)
        .await?
        .filter(|a| a.active)
        .ok_or_else(wrong_credentials)?;
    // Locked meanwhile by a concurrent attempt: this one counts no more than an unheard one.
    if let Gate::Locked { until } = current.sign_ins.gate(now) {
        return Err(locked(until, now));
    }
    if !matches {
        let after = current.sign_ins.after_failure(now);
        accounts::set_sign_ins(&mut tx, account.id, after).await?;
        tx.audit(
            &AuditEntry::new(&actor, AuditAction::SignInFailed).note(format!(
                "Kata sandi salah ({} kali berturut-turut)",
                after.failed_in_a_row
            )),
            now,
        )
        .await?;
        let lock = SignInRecord::locks_now(&current.sign_ins, &after, now);
        if lock {
            tx.audit(
                &AuditEntry::new(&actor, AuditAction::AccountLocked).note(format!(
                    "Dikunci {} menit setelah {} kali salah kata sandi",
                    rules::LOCK_MINUTES,
                    after.failed_in_a_row
                )),
                now,
            )
            .await?;
        }
        tx.commit().await?;
        return Err(match after.gate(now) {
            Gate::Locked { until } => locked(until, now),
            Gate::Open => wrong_credentials(),
        });
    }
    accounts::set_sign_ins(
        &mut tx,
        account.id,
        SignInRecord {
            failed_in_a_row: 0,
            locked_until: None,
        },
    )
    .await?;
    let token = new_token()?;
    let hash = token_hash(&token);
    accounts::insert_session(
        &mut tx,
        &NewSession {
            token_hash: &hash,
            user_id: account.id,
            desk: &desk,
            expires_at: session_expires(now, now, policy.idle),
        },
        now,
    )
    .await?;
    tx.audit(&AuditEntry::new(&actor, AuditAction::SignIn), now)
        .await?;
    tx.commit().await?;
    Ok(SignedIn {
        token,
        session: session_view(&current, &desk),
    })
}

/// A checked session: who it signs in, from which desk.
#[derive(Debug, Clone)]
pub struct Session {
    pub actor: Actor,
    pub token_hash: String,
    pub view: SessionView,
}

impl Session {
    pub fn must_change_password(&self) -> bool {
        self.view.must_change_password
    }
}

/// The session a bearer token opens, refused when unknown, expired, revoked or of an account
/// that may no longer sign in. Using it moves its idle expiry on (at most once a minute, so a
/// busy desk does not write on every read).
pub async fn authenticate(
    store: &Store,
    token: &str,
    policy: SessionPolicy,
    now: DateTime<Utc>,
) -> Result<Session> {
    let hash = token_hash(token);
    let Some(record) = accounts::session(store, &hash).await? else {
        return Err(Error::Unauthenticated(
            "Sesi tidak berlaku (sudah keluar, atau diakhiri admin); silakan masuk lagi".into(),
        ));
    };
    let SessionRecord {
        account,
        desk,
        created_at,
        last_used_at,
        expires_at,
    } = record;
    if expires_at <= now || !account.active {
        let mut tx = store.write_serialised().await?;
        accounts::delete_session(&mut tx, &hash).await?;
        tx.commit().await?;
        return Err(Error::Unauthenticated(if account.active {
            "Sesi berakhir karena lama tidak dipakai; silakan masuk lagi".into()
        } else {
            "Akun ini dinonaktifkan; hubungi admin".into()
        }));
    }
    if now - last_used_at >= Duration::minutes(1) {
        accounts::touch_session(
            store,
            &hash,
            now,
            session_expires(created_at, now, policy.idle),
        )
        .await?;
    }
    Ok(Session {
        actor: account.actor(Some(desk.clone())),
        token_hash: hash,
        view: session_view(&account, &desk),
    })
}

/// Ends the session (a sign-out): its token opens nothing afterwards.
pub async fn sign_out(store: &Store, session: &Session, now: DateTime<Utc>) -> Result<()> {
    let mut tx = store.write_serialised().await?;
    accounts::delete_session(&mut tx, &session.token_hash).await?;
    tx.audit(&AuditEntry::new(&session.actor, AuditAction::SignOut), now)
        .await?;
    tx.commit().await
}

/// A user sets their own password, with the current one; every other session of theirs ends.
pub async fn change_password(
    store: &Store,
    session: &Session,
    input: &PasswordChange,
    now: DateTime<Utc>,
) -> Result<SessionView> {
    let new = NewPassword::parse(&input.new, &session.view.username)
        .map_err(|message| Error::Validation(FieldErrors::single("new", message)))?;
    if input.new == input.current {
        return Err(
            FieldErrors::single("new", "Kata sandi baru harus berbeda dari yang lama").into(),
        );
    }
    let mut read = store.snapshot().await?;
    let account = accounts::by_id(&mut read, session.actor.id).await?;
    read.finish().await?;
    let account = account.ok_or_else(wrong_credentials)?;
    if !verify_password(&account.password_hash, &input.current).await? {
        return Err(FieldErrors::single("current", "Kata sandi sekarang salah").into());
    }
    let hash = hash_password(&new).await?;
    let mut tx = store.write_serialised().await?;
    accounts::set_password(&mut tx, account.id, &hash, false).await?;
    accounts::revoke_sessions(&mut tx, account.id, Some(&session.token_hash)).await?;
    tx.audit(
        &AuditEntry::new(&session.actor, AuditAction::ChangePassword),
        now,
    )
    .await?;
    tx.commit().await?;
    let mut view = session.view.clone();
    view.must_change_password = false;
    Ok(view)
}

pub async fn list_accounts(
    store: &Store,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<AccountView>> {
    require(actor, Capability::ManageAccounts, "mengelola akun")?;
    Ok(accounts::all(store)
        .await?
        .iter()
        .map(|account| view(account, now))
        .collect())
}

/// Adds an account. `actor` is `None` only for the very first admin, made on the command line
/// of the server's machine (whoever can run it there holds the database already); it is
/// audited as making itself.
pub async fn create_account(
    store: &Store,
    actor: Option<&Actor>,
    input: &AccountInput,
    now: DateTime<Utc>,
) -> Result<AccountView> {
    if let Some(actor) = actor {
        require(actor, Capability::ManageAccounts, "mengelola akun")?;
    }
    let mut errors = FieldErrors::default();
    let username = errors.take("username", Username::parse(&input.username));
    let name = errors.take("name", PersonName::parse(&input.name, "Nama tampilan"));
    if input.role.is_none() {
        errors.push("role", "Pilih peran akun");
    }
    let password = username
        .as_ref()
        .and_then(|u| errors.take("password", NewPassword::parse(&input.password, u.as_str())));
    let (Some(username), Some(name), Some(role), Some(password)) =
        (username, name, input.role, password)
    else {
        return Err(errors.into());
    };
    let hash = hash_password(&password).await?;
    let mut tx = store.write_serialised().await?;
    if actor.is_none() && accounts::any_active(&mut tx, Role::Admin).await? {
        return Err(Error::Policy {
            message: "Sudah ada admin: akun baru dibuat oleh admin (Pengaturan → Akun, atau \
                      `konsultasi accounts add --as ADMIN`)"
                .into(),
            findings: Vec::new(),
        });
    }
    if actor.is_none() && role != Role::Admin {
        return Err(FieldErrors::single(
            "role",
            "Akun pertama harus admin, agar ada yang dapat membuat akun lain",
        )
        .into());
    }
    if accounts::by_username(&mut tx, username.as_str())
        .await?
        .is_some()
    {
        return Err(FieldErrors::single(
            "username",
            format!("Nama pengguna \"{username}\" sudah dipakai"),
        )
        .into());
    }
    if crate::store::users::name_taken(&mut tx, name.as_str()).await? {
        return Err(FieldErrors::single("name", format!("Nama \"{name}\" sudah dipakai")).into());
    }
    let id = accounts::insert(
        &mut tx,
        &NewAccount {
            username: username.as_str(),
            name: name.as_str(),
            role,
            password_hash: &hash,
            // The first admin chose their own; anyone else's first password was told to them.
            must_change_password: actor.is_some(),
        },
        now,
    )
    .await?;
    let account = accounts::by_id(&mut tx, id)
        .await?
        .ok_or_else(|| Error::Internal("akun baru tidak terbaca".into()))?;
    let created = view(&account, now);
    let itself = account.actor(None);
    let mut entry =
        AuditEntry::new(actor.unwrap_or(&itself), AuditAction::CreateAccount).after(&created);
    if actor.is_none() {
        entry = entry.note("Admin pertama, dibuat dari baris perintah");
    }
    tx.audit(&entry, now).await?;
    tx.commit().await?;
    Ok(created)
}

async fn account_or_not_found(tx: &mut SerialisedWrite, id: i64) -> Result<AccountRecord> {
    accounts::by_id(tx, id)
        .await?
        .ok_or_else(|| Error::not_found("Akun", id))
}

/// Whether the change would leave the team without an active admin.
async fn removes_last_admin(
    tx: &mut SerialisedWrite,
    before: &AccountRecord,
    role: Role,
    active: bool,
) -> Result<bool> {
    let was_admin = before.active && before.role == Role::Admin;
    let stays_admin = active && role == Role::Admin;
    if !was_admin || stays_admin {
        return Ok(false);
    }
    let others: i64 = accounts::active_admins_besides(tx, before.id).await?;
    Ok(others == 0)
}

pub async fn update_account(
    store: &Store,
    actor: &Actor,
    id: i64,
    input: &AccountUpdate,
    now: DateTime<Utc>,
) -> Result<AccountView> {
    require(actor, Capability::ManageAccounts, "mengelola akun")?;
    let mut errors = FieldErrors::default();
    let name = errors.take("name", PersonName::parse(&input.name, "Nama tampilan"));
    if input.role.is_none() {
        errors.push("role", "Pilih peran akun");
    }
    let (Some(name), Some(role)) = (name, input.role) else {
        return Err(errors.into());
    };
    let mut tx = store.write_serialised().await?;
    let before = account_or_not_found(&mut tx, id).await?;
    if removes_last_admin(&mut tx, &before, role, input.active).await? {
        return Err(Error::Policy {
            message: "Akun ini admin aktif terakhir: angkat admin lain dulu".into(),
            findings: Vec::new(),
        });
    }
    if name.as_str() != before.name
        && crate::store::users::name_taken(&mut tx, name.as_str()).await?
    {
        return Err(FieldErrors::single("name", format!("Nama \"{name}\" sudah dipakai")).into());
    }
    accounts::update(&mut tx, id, name.as_str(), role, input.active).await?;
    let ended = if role != before.role || !input.active {
        accounts::revoke_sessions(&mut tx, id, None).await?
    } else {
        0
    };
    let after = account_or_not_found(&mut tx, id).await?;
    let mut entry = AuditEntry::new(actor, AuditAction::UpdateAccount)
        .before(&view(&before, now))
        .after(&view(&after, now));
    if ended > 0 {
        entry = entry.note(format!("{ended} sesi diakhiri"));
    }
    tx.audit(&entry, now).await?;
    tx.commit().await?;
    Ok(view(&after, now))
}

pub async fn reset_password(
    store: &Store,
    actor: &Actor,
    id: i64,
    input: &PasswordReset,
    now: DateTime<Utc>,
) -> Result<AccountView> {
    require(actor, Capability::ManageAccounts, "mengelola akun")?;
    let mut read = store.snapshot().await?;
    let account = accounts::by_id(&mut read, id).await?;
    read.finish().await?;
    let account = account.ok_or_else(|| Error::not_found("Akun", id))?;
    let password = NewPassword::parse(&input.password, &account.username)
        .map_err(|message| Error::Validation(FieldErrors::single("password", message)))?;
    let hash = hash_password(&password).await?;
    let mut tx = store.write_serialised().await?;
    account_or_not_found(&mut tx, id).await?;
    accounts::set_password(&mut tx, id, &hash, true).await?;
    let ended = accounts::revoke_sessions(&mut tx, id, None).await?;
    let after = account_or_not_found(&mut tx, id).await?;
    tx.audit(
        &AuditEntry::new(actor, AuditAction::ResetPassword)
            .after(&view(&after, now))
            .note(format!("Kata sandi diatur ulang; {ended} sesi diakhiri")),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(view(&after, now))
}

/// Removes the sessions that expired before `now` (the server sweeps now and then); how many.
pub async fn forget_expired_sessions(store: &Store, now: DateTime<Utc>) -> Result<u64> {
    accounts::delete_expired_sessions(store, now).await
}
