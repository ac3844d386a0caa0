#!/usr/bin/python3
"""A real SMTP server on loopback that keeps every message it accepts, for the integration tests.

  /usr/bin/python3 tests/tools/smtp_sink.py --port PORT --dir DIR [--stall-data-file FLAG]
      [--reject-rcpt ADDRESS ...] [--auth-user U --auth-password P]
      [--tls-cert CERT --tls-key KEY --tls starttls|implicit]

- Listens on 127.0.0.1:PORT, plain SMTP (aiosmtpd, Debian's python3-aiosmtpd), and prints the
  line `ready` on stdout once connections are accepted; nothing else goes to stdout.
- Each accepted message becomes DIR/NNNN.eml (the bytes received, after dot-unstuffing) and one
  line {"file", "mail_from", "rcpt_tos"} in DIR/envelopes.jsonl; the answer is
  `250 2.0.0 Diterima sebagai NNNN`.
- --stall-data-file FLAG: the message is kept, FLAG is created, and the answer to DATA is held
  back for 300 s: the server has the message but the client never hears so.
- --reject-rcpt ADDRESS (repeatable): RCPT TO that address (any letter case) gets
  `550 5.1.1 Alamat tidak dikenal`.
- --auth-user/--auth-password: AUTH PLAIN or LOGIN with exactly these is required before MAIL;
  other credentials get 535.
- --tls starttls: STARTTLS with CERT/KEY (PEM) is offered and required before anything else;
  --tls implicit: the connection is TLS from its first byte (port 465 style). With TLS, AUTH is
  offered only once the connection is encrypted, as a real server does.

Runs in the foreground until SIGTERM or SIGINT, then exits with 0. A missing aiosmtpd ends the
script with exit code 3 and the Debian package to install; a port that cannot be bound, with 1.
"""

import argparse
import asyncio
import json
import logging
import os
import re
import signal
import ssl
import sys
import warnings


class MissingServer(SystemExit):
    """Ends the script with exit code 3: the SMTP server module is not installed."""

try:
    from aiosmtpd.smtp import SMTP, AuthResult
except ImportError as error:
    sys.stderr.write(f"aiosmtpd is missing (apt install python3-aiosmtpd): {error}\n")
    raise MissingServer(3)

# How long a stalled DATA answer is held back: longer than any client timeout a test sets, so the
# client gives up (or is killed) first.
STALL_SECONDS = 300
MESSAGE_NAME = re.compile(r"^(\d+)\.eml$")


class Sink:
    """aiosmtpd handler: its handle_* hooks are found by name."""

    def __init__(self, directory, stall_flag, rejected):
        self.directory = directory
        self.stall_flag = stall_flag
        # SMTP domains are case-insensitive and tests should not depend on how the client
        # spells an address, so refusals compare case-folded.
        self.rejected = {address.casefold() for address in rejected}
        # A sink restarted on the same DIR (a test that restarts its "server") must not
        # overwrite what the first one received, so numbering continues after the highest file.
        numbers = [int(match.group(1)) for match in map(MESSAGE_NAME.match, os.listdir(directory)) if match]
        self.last_number = max(numbers, default=0)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.casefold() in self.rejected:
            return "550 5.1.1 Alamat tidak dikenal"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        # Taken before any await: connections share this one event loop, so no two messages can
        # get the same number.
        self.last_number += 1
        number = f"{self.last_number:04d}"
        name = f"{number}.eml"
        # The temporary name is hidden and does not end in .eml, so a test polling DIR for *.eml
        # never sees a half-written message.
        temporary = os.path.join(self.directory, f".{name}.tmp")
        with open(temporary, "wb") as handle:
            handle.write(envelope.original_content)
        # The envelope line is written before the .eml appears, so a test that has seen the .eml
        # can read its envelope straight away. One write per line keeps lines whole.
        line = json.dumps({"file": name, "mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, ensure_ascii=False)
        with open(os.path.join(self.directory, "envelopes.jsonl"), "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
        os.replace(temporary, os.path.join(self.directory, name))
        if self.stall_flag:
            # The flag comes after the message is in place: a test that sees it may kill the
            # client and rely on the message having been received.
            with open(self.stall_flag, "w"):
                pass
            # Cancelled early (and harmlessly) if the client goes away meanwhile.
            await asyncio.sleep(STALL_SECONDS)
        return f"250 2.0.0 Diterima sebagai {number}"


def credentials_check(user, password):
    """An aiosmtpd authenticator accepting exactly one user and password, for PLAIN and LOGIN."""
    expected = (user.encode("utf-8"), password.encode("utf-8"))

    def authenticator(server, session, envelope, mechanism, auth_data):
        # handled=False lets aiosmtpd answer a refusal itself, with 535 5.7.8.
        success = mechanism in ("PLAIN", "LOGIN") and (auth_data.login, auth_data.password) == expected
        return AuthResult(success=success, handled=False, auth_data=auth_data)

    return authenticator


def parse_arguments():
    parser = argparse.ArgumentParser(description="SMTP sink on 127.0.0.1 for the integration tests.")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True, help="where NNNN.eml and envelopes.jsonl are written")
    parser.add_argument("--stall-data-file", metavar="FLAG", help="create FLAG, then hold back the DATA answer")
    parser.add_argument("--reject-rcpt", metavar="ADDRESS", nargs="+", action="extend", default=[])
    parser.add_argument("--auth-user", metavar="U")
    parser.add_argument("--auth-password", metavar="P")
    parser.add_argument("--tls", choices=["starttls", "implicit"])
    parser.add_argument("--tls-cert", metavar="CERT")
    parser.add_argument("--tls-key", metavar="KEY")
    args = parser.parse_args()
    if (args.auth_user is None) != (args.auth_password is None):
        parser.error("--auth-user and --auth-password go together")
    if (args.tls is None) != (args.tls_cert is None) or (args.tls_cert is None) != (args.tls_key is None):
        parser.error("--tls, --tls-cert and --tls-key go together")
    return args


def server_tls_context(args):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.tls_cert, args.tls_key)
    return context


async def serve(args, sink):
    loop = asyncio.get_running_loop()
    options = {
        # Without a hostname aiosmtpd calls socket.getfqdn() for every connection, which can
        # take seconds where DNS is slow or missing.
        "hostname": "localhost",
    }
    tls_context = server_tls_context(args) if args.tls else None
    if args.tls == "starttls":
        options.update(tls_context=tls_context, require_starttls=True)
    if args.auth_user is not None:
        options.update(
            authenticator=credentials_check(args.auth_user, args.auth_password),
            auth_required=True,
            # Without TLS (plain loopback) aiosmtpd would refuse AUTH (538) and not even
            # advertise it; with STARTTLS it waits for the encryption, as a real server does.
            auth_require_tls=args.tls == "starttls",
        )
    stop = asyncio.Event()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signal_number, stop.set)
    try:
        server = await loop.create_server(
            lambda: SMTP(sink, **options),
            host="127.0.0.1",
            port=args.port,
            ssl=tls_context if args.tls == "implicit" else None,
        )
    except OSError as error:
        sys.stderr.write(f"smtp_sink: cannot listen on 127.0.0.1:{args.port}: {error}\n")
        raise SystemExit(1)
    # Only now does a connection succeed; the Rust test waits for this line.
    print("ready", flush=True)
    await stop.wait()
    server.close()
    # Connections still open (a stalled DATA) are cancelled by asyncio.run on the way out;
    # aiosmtpd closes their sockets when cancelled.


def main():
    args = parse_arguments()
    os.makedirs(args.dir, exist_ok=True)
    logging.basicConfig(stream=sys.stderr, format="smtp_sink: %(levelname)s %(message)s")
    # aiosmtpd warns on every run with AUTH over plain text and on every successful AUTH (its
    # own deprecated Session.login_data); both are expected here. Its errors (a handler that
    # raised) still show.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    asyncio.run(serve(args, Sink(args.dir, args.stall_data_file, args.reject_rcpt)))


if __name__ == "__main__":
    main()
