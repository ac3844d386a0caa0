//! The certificate of an authority staff trust for the mail server beside the system's store:
//! a ministry's own mail server often carries a certificate its internal authority signed,
//! which no public store knows. Only certificates are read; the chain and the host name are
//! still verified against them.

use rustls::pki_types::CertificateDer;

/// The certificates a PEM text holds, or why it cannot be used, in Indonesian.
pub fn certificates_in(pem: &str) -> Result<Vec<CertificateDer<'static>>, String> {
    let unreadable = "Sertifikat tidak terbaca: tempelkan sertifikat PEM lengkap, dari baris \
                      -----BEGIN CERTIFICATE----- sampai -----END CERTIFICATE-----";
    let certificates = rustls_pemfile::certs(&mut pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| unreadable.to_owned())?;
    if certificates.is_empty() {
        return Err(unreadable.to_owned());
    }
    // Each must be one a TLS verifier can anchor to.
    for certificate in &certificates {
        webpki::anchor_from_trusted_cert(certificate).map_err(|_| {
            "Sertifikat tidak dapat dipakai sebagai otoritas tepercaya (bukan sertifikat X.509 \
             yang sah)"
                .to_owned()
        })?;
    }
    Ok(certificates)
}

/// "AB:CD:…" for each certificate, for staff to compare with what the server's administrator
/// gave them; empty when the text holds none.
pub fn fingerprints(pem: &str) -> Vec<String> {
    certificates_in(pem)
        .unwrap_or_default()
        .iter()
        .map(|der| crate::remote::trust::fingerprint_of(der.as_ref()))
        .collect()
}
