//! Trusting a team server's certificate by its fingerprint.
//!
//! A desk's team server usually runs with a self-signed certificate that no authority vouches
//! for. Instead of a chain, the desk trusts exactly one certificate: the one whose SHA-256 the
//! user compared, once, with what `konsultasi serve` printed for their admin. The handshake's
//! signature is still verified against that certificate's key, so a copy of the certificate
//! without its private key opens nothing.

use std::sync::{Arc, Mutex};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{WebPkiSupportedAlgorithms, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use sha2::{Digest, Sha256};

/// The SHA-256 of a DER certificate as `konsultasi serve` prints it: "AB:CD:…".
pub fn fingerprint_of(der: &[u8]) -> String {
    Sha256::digest(der)
        .iter()
        .map(|byte| format!("{byte:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// A fingerprint as people copy it (any case, with or without colons or spaces), reduced to
/// its hex digits for comparison.
pub fn normalise_fingerprint(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_hexdigit)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Accepts only the certificate whose fingerprint is pinned, and remembers the one the server
/// presented, so a refused handshake can still say what the user should compare.
#[derive(Debug)]
pub(super) struct PinnedCertificate {
    pinned: Option<String>,
    seen: Arc<Mutex<Option<String>>>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl PinnedCertificate {
    /// `pinned` None trusts nothing: the handshake fails after recording the certificate.
    pub(super) fn new(pinned: Option<&str>) -> (Self, Arc<Mutex<Option<String>>>) {
        let seen = Arc::new(Mutex::new(None));
        let verifier = Self {
            pinned: pinned.map(normalise_fingerprint),
            seen: Arc::clone(&seen),
            algorithms: provider().signature_verification_algorithms,
        };
        (verifier, seen)
    }
}

pub(super) fn provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::aws_lc_rs::default_provider()
}

/// The rustls configuration of a client that trusts only `verifier`'s certificate.
pub(super) fn client_config(
    verifier: PinnedCertificate,
) -> Result<rustls::ClientConfig, rustls::Error> {
    Ok(
        rustls::ClientConfig::builder_with_provider(Arc::new(provider()))
            .with_safe_default_protocol_versions()?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth(),
    )
}

impl ServerCertVerifier for PinnedCertificate {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let presented = fingerprint_of(end_entity.as_ref());
        let matches = self
            .pinned
            .as_deref()
            .is_some_and(|pinned| pinned == normalise_fingerprint(&presented));
        match self.seen.lock() {
            Ok(mut seen) => *seen = Some(presented),
            Err(poisoned) => *poisoned.into_inner() = Some(presented),
        }
        if matches {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_compare_however_they_were_copied() {
        let printed = fingerprint_of(b"certificate");
        assert_eq!(printed.len(), 32 * 3 - 1);
        assert_eq!(
            normalise_fingerprint(&printed.to_lowercase().replace(':', " ")),
            normalise_fingerprint(&printed)
        );
        assert_ne!(
            normalise_fingerprint(&fingerprint_of(b"another")),
            normalise_fingerprint(&printed)
        );
    }
}
