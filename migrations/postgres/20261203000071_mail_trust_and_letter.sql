-- A desk whose mail server carries a certificate from an internal authority trusts that
-- authority's certificate (PEM, public, so it may live in the database) beside the system's
-- store. The confirmation letter, once issued for the booking, can ride along with the Pemda's
-- invitation (which then waits for it); the outbox records which letter number a sent message carried.
ALTER TABLE mail_settings
    ADD COLUMN trusted_certificate text
        CHECK (trusted_certificate IS NULL OR length(trusted_certificate) BETWEEN 1 AND 20000),
    ADD COLUMN attach_confirmation boolean NOT NULL DEFAULT false;
ALTER TABLE mail_outbox ADD COLUMN attached_letter text
    CHECK (attached_letter IS NULL OR length(attached_letter) BETWEEN 1 AND 200);
