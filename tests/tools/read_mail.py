#!/usr/bin/python3
"""Reads one received message (an .eml from smtp_sink.py) and prints what it contains, as JSON.

  /usr/bin/python3 tests/tools/read_mail.py FILE.eml

Parsed by Python's email package with policy=email.policy.default, the parser a receiving
program in Python would use. The JSON object has:

- headers: [name, value] for every top-level header, in order, values decoded (RFC 2047) and
  unfolded, so a test sees exactly which headers arrived, injected ones included.
- defects: every defect the parser recorded, on any part or any header of any part, as
  "Kind: detail", those found on a header prefixed with "header Name: ".
- structure: the MIME tree, {content_type, params, filename, disposition, children}.
- text: the decoded body of the first text/plain part that is not an attachment, or null.
  Line endings stay as received (CRLF on the wire), here and in calendar_parts' text.
- calendar_parts: every text/calendar or application/ics part with its Content-Type method and
  charset parameters, its decoded text and that text read by read_ics.py's two parsers.
- attachments: {filename, content_type, size, base64} for every part with Content-Disposition
  attachment; size counts the decoded bytes, base64 holds them (null for a multipart), so a test
  can hand an attached PDF to its own independent reader.

Missing calendar parsers end the script with exit code 3 and the Debian package to install
(read_ics.py does that when imported).
"""

import base64
import email
import email.policy
import json
import os
import sys

# read_ics.py sits next to this script and is not a package; importing it (not running it) gives
# its reading functions and its exit-3 check for the parsers, without its command line. No
# __pycache__ is left in the source tree by that import.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import read_ics  # noqa: E402

CALENDAR_TYPES = ("text/calendar", "application/ics")


def describe_defect(defect):
    # Most defects carry no message, so the class name is what tells them apart.
    detail = str(defect)
    return f"{type(defect).__name__}: {detail}" if detail else type(defect).__name__


def all_defects(message):
    defects = []
    for part in message.walk():
        defects.extend(describe_defect(d) for d in part.defects)
        # With policy.default, a malformed header's defects are on the header, not the part.
        for name, value in part.items():
            defects.extend(f"header {name}: {describe_defect(d)}" for d in getattr(value, "defects", ()))
    return defects


def content_type_params(part):
    header = part["Content-Type"]
    # No Content-Type header means text/plain with no parameters (RFC 2045 defaults are not
    # parameters that were sent, so none are reported).
    return dict(header.params) if header is not None else {}


def structure(part):
    # is_multipart() is also true for message/rfc822, whose enclosed message then shows as
    # its child; iter_parts() would hide it.
    children = part.get_payload() if part.is_multipart() else []
    return {
        "content_type": part.get_content_type(),
        "params": content_type_params(part),
        "filename": part.get_filename(),
        "disposition": part.get_content_disposition(),
        "children": [structure(child) for child in children],
    }


def first_plain_text(part):
    # Not walk(): it descends into attachments, and the text of a forwarded message/rfc822
    # attachment is not this message's body.
    if part.get_content_disposition() == "attachment":
        return None
    if part.get_content_type() == "text/plain":
        return part.get_content()
    for child in part.get_payload() if part.is_multipart() else []:
        text = first_plain_text(child)
        if text is not None:
            return text
    return None


def guarded(reading, argument):
    # One unreadable calendar part must not hide the rest of the message from the test;
    # libical even raises (TypeError) on some text it cannot parse at all.
    try:
        return reading(argument)
    except Exception as error:  # noqa: BLE001
        return {"exception": f"{type(error).__name__}: {error}"}


def calendar_part(part):
    params = content_type_params(part)
    charset = params.get("charset")
    payload = part.get_payload(decode=True)
    # Decoded by hand: get_content() would take a missing charset as ASCII, while iCalendar's
    # default is UTF-8 (RFC 5545 §3.1.4), and would give bytes for application/ics.
    try:
        text = payload.decode(charset or "utf-8", errors="replace")
    except LookupError:
        text = payload.decode("utf-8", errors="replace")
    return {
        "content_type": part.get_content_type(),
        "method_param": params.get("method"),
        "charset": charset,
        "filename": part.get_filename(),
        "text": text,
        # The same pair of readings read_ics.py prints for a file holding this text.
        "ics": {
            "libical": guarded(read_ics.libical_reading, text),
            "icalendar": guarded(read_ics.icalendar_reading, text.encode("utf-8")),
        },
    }


def attachment(part):
    payload = part.get_payload(decode=True)
    return {
        "filename": part.get_filename(),
        "content_type": part.get_content_type(),
        # A multipart or message/rfc822 attachment has no decodable payload of its own.
        "size": len(payload) if payload is not None else None,
        "base64": base64.b64encode(payload).decode("ascii") if payload is not None else None,
    }


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: /usr/bin/python3 tests/tools/read_mail.py FILE.eml\n")
        raise SystemExit(2)
    with open(sys.argv[1], "rb") as handle:
        raw = handle.read()
    # From bytes, not from the file: message_from_binary_file reads through a text wrapper with
    # universal newlines and turns every CRLF into LF, hiding the line endings a test may check
    # (iCalendar requires CRLF).
    message = email.message_from_bytes(raw, policy=email.policy.default)
    parts = list(message.walk())
    print(
        json.dumps(
            {
                "headers": [[name, str(value)] for name, value in message.items()],
                "defects": all_defects(message),
                "structure": structure(message),
                "text": first_plain_text(message),
                "calendar_parts": [calendar_part(p) for p in parts if p.get_content_type() in CALENDAR_TYPES],
                "attachments": [attachment(p) for p in parts if p.get_content_disposition() == "attachment"],
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
