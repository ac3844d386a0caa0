#!/usr/bin/python3
"""The ICS half of `cargo bench --bench exports`: builds the same published calendar with Python
icalendar (Debian's python3-icalendar) from the events the Rust benchmark wrote as JSON, and
prints the median time of building and serialising it.

  /usr/bin/python3 benches/python/icalendar_events.py EVENTS.json RUNS
"""

import json
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone

import icalendar

WIB = timezone(timedelta(hours=7), "WIB")


def build(events, stamp):
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//DJPK Kementerian Keuangan//Konsultasi DJPK//ID")
    calendar.add("method", "PUBLISH")
    for entry in events:
        event = icalendar.Event()
        event.add("uid", entry["uid"])
        event.add("dtstamp", stamp)
        event.add("sequence", entry["sequence"])
        event.add("dtstart", datetime.fromtimestamp(entry["starts_at"], WIB))
        event.add("dtend", datetime.fromtimestamp(entry["ends_at"], WIB))
        event.add("summary", entry["summary"])
        event.add("description", entry["description"])
        event.add("location", entry["location"])
        event.add("status", "CONFIRMED")
        organizer = icalendar.vCalAddress("mailto:callcenter.djpk@kemenkeu.go.id")
        organizer.params["cn"] = icalendar.vText("Contact Center DJPK")
        event.add("organizer", organizer)
        calendar.add_component(event)
    return calendar.to_ical()


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        events = json.load(handle)
    runs = int(sys.argv[2])
    stamp = datetime(2026, 11, 28, 3, 0, tzinfo=timezone.utc)
    timings = []
    size = 0
    for _ in range(runs):
        started = time.perf_counter()
        size = len(build(events, stamp))
        timings.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"median_ms": statistics.median(timings), "bytes": size}))


if __name__ == "__main__":
    main()
