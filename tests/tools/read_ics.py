#!/usr/bin/python3
"""Reads an .ics file with two independent parsers and prints what each understood, as JSON.

  /usr/bin/python3 tests/tools/read_ics.py FILE

- libical (Debian's gir1.2-ical-3.0 through python3-gi), with its RFC 5546 (iTIP) restriction
  check: every X-LIC-ERROR it adds is reported.
- Python icalendar (Debian's python3-icalendar).

The Rust tests compare both readings with what they exported. Missing modules end the script
with exit code 3 and the Debian package to install.
"""

import json
import sys


class MissingParser(SystemExit):
    """Ends the script with exit code 3: a parser module is not installed."""

try:
    import gi

    gi.require_version("ICalGLib", "3.0")
    from gi.repository import ICalGLib
except (ImportError, ValueError) as error:
    sys.stderr.write(f"libical for Python is missing (apt install python3-gi gir1.2-ical-3.0): {error}\n")
    raise MissingParser(3)
try:
    import icalendar
except ImportError as error:
    sys.stderr.write(f"icalendar is missing (apt install python3-icalendar): {error}\n")
    raise MissingParser(3)


def libical_reading(text):
    calendar = ICalGLib.Component.new_from_string(text)
    if calendar is None:
        return {"errors": ["libical could not parse the file"], "events": []}
    restrictions_hold = ICalGLib.restriction_check(calendar)
    errors = []

    def collect_errors(component):
        prop = component.get_first_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
        while prop is not None:
            errors.append(prop.get_xlicerror())
            prop = component.get_next_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
        child = component.get_first_component(ICalGLib.ComponentKind.ANY_COMPONENT)
        while child is not None:
            collect_errors(child)
            child = component.get_next_component(ICalGLib.ComponentKind.ANY_COMPONENT)

    collect_errors(calendar)
    if not restrictions_hold and not errors:
        errors.append("restriction check failed")
    method_prop = calendar.get_first_property(ICalGLib.PropertyKind.METHOD_PROPERTY)
    events = []
    event = calendar.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    while event is not None:
        attendees = []
        prop = event.get_first_property(ICalGLib.PropertyKind.ATTENDEE_PROPERTY)
        while prop is not None:
            cn = prop.get_first_parameter(ICalGLib.ParameterKind.CN_PARAMETER)
            attendees.append(
                {
                    "address": prop.get_attendee(),
                    "cn": cn.get_cn() if cn else None,
                    "role": prop.get_parameter_as_string("ROLE"),
                }
            )
            prop = event.get_next_property(ICalGLib.PropertyKind.ATTENDEE_PROPERTY)
        organizer = event.get_first_property(ICalGLib.PropertyKind.ORGANIZER_PROPERTY)
        start = event.get_dtstart()
        status_prop = event.get_first_property(ICalGLib.PropertyKind.STATUS_PROPERTY)
        events.append(
            {
                "uid": event.get_uid(),
                "sequence": event.get_sequence(),
                "summary": event.get_summary(),
                "description": event.get_description(),
                "location": event.get_location(),
                "status": ICalGLib.Property.status_to_string(status_prop.get_status()) if status_prop else None,
                "start": start.as_ical_string(),
                "start_tzid": start.get_tzid(),
                "start_utc": ICalGLib.Time.as_timet_with_zone(start, start.get_timezone()) if start.get_timezone() else None,
                "organizer": organizer.get_organizer() if organizer else None,
                "attendees": attendees,
                "alarms": count(event, ICalGLib.ComponentKind.VALARM_COMPONENT),
            }
        )
        event = calendar.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    return {
        "method": method_prop.get_value_as_string() if method_prop else None,
        "errors": errors,
        "events": events,
    }


def count(component, kind):
    total = 0
    child = component.get_first_component(kind)
    while child is not None:
        total += 1
        child = component.get_next_component(kind)
    return total


def icalendar_reading(text):
    calendar = icalendar.Calendar.from_ical(text)
    errors = []
    events = []
    for component in calendar.walk():
        errors.extend(str(e) for e in getattr(component, "errors", []))
        if component.name != "VEVENT":
            continue
        attendees = component.get("ATTENDEE", [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        start = component.decoded("DTSTART")
        events.append(
            {
                "uid": str(component.get("UID")),
                "sequence": int(component.get("SEQUENCE", 0)),
                "summary": str(component.get("SUMMARY")),
                "description": str(component.get("DESCRIPTION")),
                "location": str(component.get("LOCATION")) if component.get("LOCATION") else None,
                "status": str(component.get("STATUS")) if component.get("STATUS") else None,
                "start_utc": int(start.timestamp()),
                "organizer": str(component.get("ORGANIZER")),
                "attendees": [
                    {
                        "address": str(a),
                        "cn": a.params.get("CN"),
                        "role": a.params.get("ROLE"),
                    }
                    for a in attendees
                ],
                "alarms": sum(1 for c in component.subcomponents if c.name == "VALARM"),
            }
        )
    return {"method": str(calendar.get("METHOD")), "errors": errors, "events": events}


def main():
    path = sys.argv[1]
    with open(path, "rb") as handle:
        raw = handle.read()
    text = raw.decode("utf-8")
    print(json.dumps({"libical": libical_reading(text), "icalendar": icalendar_reading(raw)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
