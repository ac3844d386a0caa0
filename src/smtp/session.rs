//! Speaking SMTP to the desk's server (lettre's connection, over rustls with the platform's
//! certificate store), one step at a time, so that the worker knows whether a failure came
//! before the message was handed over (safe to try again) or after (it may have arrived).

use std::time::Duration;

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, Certificate, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use lettre::transport::smtp::response::Response;

use crate::error::Result;
use crate::store::mail::MailSettingsRow;
use konsultasi_core::mail::{ComposedMail, MailSecurity};

/// How long one step may take before the server counts as unreachable.
const STEP_TIMEOUT: Duration = Duration::from_secs(30);

/// The name the desk greets the server with.
const HELLO: &str = "konsultasi.djpk.kemenkeu.go.id";

/// The server to send through, as the settings name it.
#[derive(Clone)]
pub struct Server {
    host: String,
    port: u16,
    security: MailSecurity,
    credentials: Option<Credentials>,
    /// Authorities trusted beside the system's store (DER).
    trusted: Vec<Vec<u8>>,
}

impl Server {
    pub fn from_settings(settings: &MailSettingsRow, password: Option<String>) -> Result<Server> {
        Ok(Server {
            host: settings.host.clone(),
            port: u16::try_from(settings.port).unwrap_or(587),
            security: settings.security()?,
            credentials: (!settings.username.is_empty())
                .then(|| Credentials::new(settings.username.clone(), password.unwrap_or_default())),
            trusted: match &settings.trusted_certificate {
                Some(pem) => super::trust::certificates_in(pem)
                    .map_err(|message| {
                        crate::error::Error::Validation(crate::validate::FieldErrors::single(
                            "trusted_certificate",
                            message,
                        ))
                    })?
                    .into_iter()
                    .map(|der| der.as_ref().to_vec())
                    .collect(),
                None => Vec::new(),
            },
        })
    }

    /// Whether two settings name the same server and sign-in (a worker keeps its connection).
    pub fn same_as(&self, other: &Server) -> bool {
        self.host == other.host
            && self.port == other.port
            && self.security == other.security
            && self.credentials == other.credentials
            && self.trusted == other.trusted
    }
}

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// The server took it; its answer.
    Accepted(String),
    /// The server refused it for good (5xx).
    Refused(String),
    /// Not handed over: the server was unreachable or answered "later" (4xx). Safe to try again.
    Deferred(String),
    /// The message was handed over but no answer came: it may have arrived.
    Unknown(String),
}

impl Delivery {
    pub fn answer(&self) -> &str {
        match self {
            Delivery::Accepted(a)
            | Delivery::Refused(a)
            | Delivery::Deferred(a)
            | Delivery::Unknown(a) => a,
        }
    }
}

fn answer_of(response: &Response) -> String {
    let lines: Vec<&str> = response.message().collect();
    format!("{} {}", response.code(), lines.join(" "))
}

fn refusal(error: &lettre::transport::smtp::Error) -> String {
    format!("Ditolak server: {error}")
}

/// What staff can do about a certificate the desk does not trust, when that was the failure.
fn untrusted_hint(error: &lettre::transport::smtp::Error) -> &'static str {
    let text = format!("{error:?}");
    if text.contains("certificate") || text.contains("Certificate") {
        ". Sertifikat server tidak dipercaya: bila server memakai sertifikat dari otoritas \
         internal, tempelkan sertifikat otoritasnya di Pengaturan › Surel"
    } else {
        ""
    }
}

/// An open connection, greeted, encrypted as the settings ask and signed in.
pub struct Session {
    connection: AsyncSmtpConnection,
}

/// Opens a session, or says in Indonesian why the server could not be reached.
pub async fn connect(server: &Server) -> std::result::Result<Session, Delivery> {
    let hello = ClientId::Domain(HELLO.to_owned());
    let tls = || {
        let mut builder = TlsParameters::builder(server.host.clone());
        for der in &server.trusted {
            let authority = Certificate::from_der(der.clone()).map_err(|e| {
                Delivery::Deferred(format!("Sertifikat tepercaya tidak terbaca: {e}"))
            })?;
            builder = builder.add_root_certificate(authority);
        }
        builder
            .build_rustls()
            .map_err(|e| Delivery::Deferred(format!("TLS tidak dapat disiapkan: {e}")))
    };
    let unreachable = |e: lettre::transport::smtp::Error| {
        Delivery::Deferred(format!(
            "Server SMTP {}:{} tidak dapat dihubungi: {e}{}",
            server.host,
            server.port,
            untrusted_hint(&e)
        ))
    };
    let implicit = match server.security {
        MailSecurity::Tls => Some(tls()?),
        MailSecurity::Starttls | MailSecurity::Plain => None,
    };
    let mut connection = AsyncSmtpConnection::connect_tokio1(
        (server.host.as_str(), server.port),
        Some(STEP_TIMEOUT),
        &hello,
        implicit,
        None,
    )
    .await
    .map_err(unreachable)?;
    if server.security == MailSecurity::Starttls {
        if !connection.can_starttls() {
            connection.abort().await;
            return Err(Delivery::Deferred(format!(
                "Server SMTP {}:{} tidak menawarkan STARTTLS; pilih pengamanan lain di Pengaturan",
                server.host, server.port
            )));
        }
        connection.starttls(tls()?, &hello).await.map_err(|e| {
            Delivery::Deferred(format!("STARTTLS gagal: {e}{}", untrusted_hint(&e)))
        })?;
    }
    if let Some(credentials) = &server.credentials
        && let Err(error) = connection
            .auth(&[Mechanism::Plain, Mechanism::Login], credentials)
            .await
    {
        connection.abort().await;
        // A wrong password is for staff to fix; the message waits meanwhile.
        return Err(Delivery::Deferred(format!(
            "Masuk ke server SMTP gagal: {error}"
        )));
    }
    Ok(Session { connection })
}

impl Session {
    /// Hands one message over. After anything but `Accepted` the session is done with (the
    /// caller drops it and opens a new one for the next message).
    pub async fn deliver(&mut self, mail: &ComposedMail) -> Delivery {
        let connection = &mut self.connection;
        let mut parameters = Vec::new();
        if !mail.bytes.is_ascii() {
            if !connection
                .server_info()
                .supports_feature(Extension::EightBitMime)
            {
                return Delivery::Refused(
                    "Server tidak menerima surel 8-bit (8BITMIME)".to_owned(),
                );
            }
            parameters.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        let before_data = |error: lettre::transport::smtp::Error| {
            if error.is_permanent() {
                Delivery::Refused(refusal(&error))
            } else {
                Delivery::Deferred(format!("Belum diterima server: {error}"))
            }
        };
        if let Err(e) = connection
            .command(Mail::new(mail.envelope.from().cloned(), parameters))
            .await
        {
            return before_data(e);
        }
        for to in mail.envelope.to() {
            if let Err(e) = connection.command(Rcpt::new(to.clone(), Vec::new())).await {
                return before_data(e);
            }
        }
        if let Err(e) = connection.command(Data).await {
            return before_data(e);
        }
        match connection.message(&mail.bytes).await {
            Ok(response) => Delivery::Accepted(answer_of(&response)),
            Err(e) if e.is_permanent() => Delivery::Refused(refusal(&e)),
            Err(e) if e.is_transient() => {
                Delivery::Deferred(format!("Server meminta dikirim lagi nanti: {e}"))
            }
            Err(e) => Delivery::Unknown(format!(
                "Surel sudah diserahkan tetapi jawaban server tidak diterima ({e}); surel mungkin \
                 sudah sampai"
            )),
        }
    }

    pub async fn quit(mut self) {
        let _ = self.connection.quit().await;
    }
}

/// One message on a connection of its own.
pub async fn send_once(server: &Server, mail: &ComposedMail) -> Delivery {
    let mut session = match connect(server).await {
        Ok(session) => session,
        Err(delivery) => return delivery,
    };
    let delivery = session.deliver(mail).await;
    if matches!(delivery, Delivery::Accepted(_)) {
        session.quit().await;
    }
    delivery
}
