# Parses an iCalendar document from stdin with python's icalendar and prints what a
# calendar client would read of it, as JSON (tests/ics-python.test.ts).
import json
import sys

from icalendar import Calendar


def when(prop, zones=None):
    if prop is None:
        return None
    value = prop.dt
    tzid = prop.params.get("TZID")
    if hasattr(value, "hour"):
        result = {"kind": "date-time", "iso": value.isoformat(), "tzid": tzid,
                  "utc": value.utcoffset() is not None and value.utcoffset().total_seconds() == 0}
        # The same wall-clock time resolved through the file's own VTIMEZONE, not the zone's name,
        # as clients with no zone database (or an older one) do.
        if tzid and zones is not None and tzid in zones:
            zone = zones[tzid]
            naive = value.replace(tzinfo=None)
            local = zone.localize(naive) if hasattr(zone, "localize") else naive.replace(tzinfo=zone)
            result["embeddedUtc"] = (naive - local.utcoffset()).isoformat() + "Z"
        return result
    return {"kind": "date", "iso": value.isoformat(), "tzid": tzid}


calendar = Calendar.from_ical(sys.stdin.read())
zones = {str(tz.get("TZID")): tz.to_tz() for tz in calendar.walk("VTIMEZONE")}
out = {
    "name": str(calendar.get("X-WR-CALNAME", "")),
    "refresh": str(calendar.get("REFRESH-INTERVAL", "")),
    "timezones": [str(tz.get("TZID")) for tz in calendar.walk("VTIMEZONE")],
    "events": [],
}
for event in calendar.walk("VEVENT"):
    out["events"].append({
        "uid": str(event.get("UID")),
        "summary": str(event.get("SUMMARY")),
        "location": str(event.get("LOCATION", "")),
        "url": str(event.get("URL", "")),
        "description": str(event.get("DESCRIPTION", "")),
        "status": str(event.get("STATUS", "")),
        "sequence": int(event.get("SEQUENCE", 0)),
        "start": when(event.get("DTSTART"), zones),
        "end": when(event.get("DTEND"), zones),
        "stamp": when(event.get("DTSTAMP")),
        "lastModified": when(event.get("LAST-MODIFIED")),
    })
json.dump(out, sys.stdout)
