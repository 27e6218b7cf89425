#!/usr/bin/env python3
"""Writes the calendar.ics and timeline.jsonl of the shipped dry-run tapes
(examples/tapes/*). The committed files are the reference; this script only documents
how they were made and lets them be regenerated after an edit here."""
import json, os

ROOT = os.path.join(os.path.dirname(__file__), "..", "examples", "tapes")

def ics(events, name):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//SpeedAI//tape " + name + "//FR"]
    for e in events:
        lines += ["BEGIN:VEVENT", "UID:" + e["uid"], "DTSTAMP:20250101T000000Z",
                  "DTSTART;TZID=Europe/Paris:" + e["start"], "DTEND;TZID=Europe/Paris:" + e["end"],
                  "SUMMARY:" + e["summary"]]
        if "party" in e: lines.append("X-SPEEDAI-PARTY:%d" % e["party"])
        if "resource" in e: lines.append("X-SPEEDAI-RESOURCE:" + e["resource"])
        if e.get("cancelled"): lines.append("STATUS:CANCELLED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"

def write(name, events, timeline):
    folder = os.path.join(ROOT, name)
    with open(os.path.join(folder, "calendar.ics"), "w", newline="") as f: f.write(ics(events, name))
    with open(os.path.join(folder, "timeline.jsonl"), "w") as f:
        for item in timeline: f.write(json.dumps(item, ensure_ascii=False) + "\n")

def hm(day, h, m): return "%sT%02d%02d00" % (day, h, m)

def add(h, m, minutes):
    t = h * 60 + m + minutes
    return t // 60, t % 60

NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
         "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
         "Morel", "Girard", "Andre", "Mercier", "Dupont", "Lambert", "Bonnet", "Francois", "Martinez", "Legrand",
         "Garnier", "Faure", "Rousseau", "Blanc", "Guerin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin"]
FIRST = ["Camille", "Léa", "Hugo", "Louis", "Chloé", "Emma", "Lucas", "Manon", "Nathan", "Inès", "Jules",
         "Sarah", "Paul", "Zoé", "Arthur", "Alice", "Théo"]

def bistrot_friday():
    day = "20250117"
    # Dinner bookings last 1h30; loads per start chosen so 20:00-21:30 are exactly full (40 covers).
    plan = [((12, 0), [2, 4, 2]), ((12, 30), [3, 2]), ((13, 0), [4, 2, 2]),
            ((19, 0), [2, 2, 4, 6]), ((19, 30), [2, 2, 2, 4, 4, 2, 6]), ((20, 0), [2, 2]),
            ((20, 30), [2, 2, 2, 4, 4]), ((21, 0), [2, 2, 2, 2, 3, 3, 4, 4]), ((21, 30), [2, 2]),
            ((22, 0), [2, 2, 2, 4])]
    events, n = [], 0
    for (h, m), parties in plan:
        for p in parties:
            eh, em = add(h, m, 90)
            events.append({"uid": "bdp-%02d" % (n + 1), "start": hm(day, h, m), "end": hm(day, eh, em),
                           "summary": "%s (%d)" % (NAMES[n], p), "party": p})
            n += 1
    at = lambda h, m: "2025-01-17T%02d:%02d:00+01:00" % (h, m)
    slot = lambda h, m: "2025-01-17T%02d:%02d" % (h, m)
    t = []
    # (time, phone suffix, requested, party, chosen slots, joins after minutes or None)
    calls = [((11, 5), "01", (20, 0), 2, [(20, 0), (20, 30)], 4),
             ((11, 40), "02", (20, 30), 4, [(20, 30), (21, 0)], 6),
             ((12, 15), "03", (21, 0), 2, [(21, 0)], 3),
             ((13, 20), "04", (20, 0), 3, [(20, 0), (21, 30)], 8),
             ((14, 2), "05", (20, 30), 2, [(20, 0), (20, 30), (21, 0)], 5),
             ((14, 30), "06", (21, 0), 6, [(21, 0)], None),
             ((15, 0), "07", (20, 0), 2, [(20, 0)], 2),
             ((15, 45), "08", (21, 30), 2, [(21, 30), (21, 0)], 7),
             ((16, 10), "09", (20, 30), 2, [(20, 30)], 3),
             ((16, 55), "10", (21, 0), 4, [(21, 0), (21, 30)], 4),
             ((17, 20), "11", (20, 0), 2, [(20, 0), (20, 30)], 2),
             ((17, 50), "12", (20, 30), 3, [(20, 30), (21, 0)], None),
             ((18, 10), "13", (21, 0), 2, [(21, 0), (21, 30)], 3),
             ((18, 25), "14", (20, 30), 2, [(20, 30)], 2),
             ((18, 40), "15", (21, 30), 2, [(21, 30)], 4),
             ((19, 0), "16", (21, 0), 2, [(21, 0), (21, 30)], 2),
             ((19, 20), "17", (21, 30), 4, [(21, 30)], 3)]
    for i, ((h, m), suffix, req, party, chosen, delay) in enumerate(calls):
        phone = "+336123456" + suffix
        t.append({"at": at(h, m), "event": "trigger", "phone": phone, "requested": slot(*req), "source": "phone"})
        if delay is not None:
            jh, jm = add(h, m, delay)
            t.append({"at": at(jh, jm), "event": "join", "phone": phone, "first_name": FIRST[i],
                      "last_name": NAMES[-1 - i], "email": FIRST[i].lower().replace("é", "e").replace("è", "e").replace("ï", "i") + "@example.fr",
                      "party": party, "slots": [slot(*s) for s in chosen]})
    # Six cancellations (uids per the plan above) and two calendar changes by the staff.
    t += [{"at": at(15, 10), "event": "cancel", "uid": "bdp-24"},          # 20:30, 4 people
          {"at": at(16, 40), "event": "cancel", "uid": "bdp-21"},          # 20:00, 2 people
          {"at": at(17, 0), "event": "book", "uid": "walk-in-1", "start": slot(20, 0), "end": slot(21, 30), "party": 2, "summary": "Booked by phone"},
          {"at": at(18, 5), "event": "cancel", "uid": "bdp-32"},           # 21:00, 4 people
          {"at": at(18, 50), "event": "cancel", "uid": "bdp-22"},          # 20:30, 2 people
          {"at": at(19, 15), "event": "move", "uid": "bdp-34", "start": slot(22, 0), "end": slot(23, 0)},  # 21:30 → 22:00
          {"at": at(19, 25), "event": "cancel", "uid": "bdp-29"},          # 21:00, 3 people
          {"at": at(20, 5), "event": "cancel", "uid": "bdp-33"}]           # 21:30, 2 people
    t += [{"at": at(h, m), "event": "reply", "phone": "+336123456" + s, "answer": a} for (h, m), s, a in BISTROT_REPLIES]
    t.append({"at": at(23, 30), "event": "advance"})
    t.sort(key=lambda e: e["at"])
    write("bistrot-friday", events, t)

BISTROT_REPLIES = [((15, 14), "01", "non"), ((15, 18), "03", "oui"), ((16, 45), "05", "non"), ((16, 47), "02", "oui"), ((16, 52), "08", "oui"), ((17, 15), "05", "oui"), ((18, 9), "04", "non"), ((18, 16), "13", "oui"), ((18, 30), "13", "oui"), ((18, 47), "15", "oui"), ((19, 18), "10", "oui"), ((19, 20), "16", "oui"), ((19, 33), "17", "non")]

if __name__ == "__main__":
    bistrot_friday()
