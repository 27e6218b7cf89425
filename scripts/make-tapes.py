#!/usr/bin/env python3
"""Writes the calendar.ics and timeline.jsonl of the shipped dry-run tapes
(examples/tapes/*). The committed files are the reference; this script only documents
how they were made and lets them be regenerated after an edit here."""
import json, os

ROOT = os.path.join(os.path.dirname(__file__), "..", "examples", "tapes")

def ics(events, name):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//SpeedAI//tape " + name + "//FR"]
    for e in events:
        if "raw" in e:   # an event written out by hand (DURATION, all-day, RRULE overrides...)
            lines += ["BEGIN:VEVENT"] + e["raw"] + ["END:VEVENT"]
            continue
        lines += ["BEGIN:VEVENT", "UID:" + e["uid"], "DTSTAMP:20250101T000000Z",
                  "DTSTART;TZID=Europe/Paris:" + e["start"], "DTEND;TZID=Europe/Paris:" + e["end"],
                  "SUMMARY:" + e["summary"]]
        if "party" in e: lines.append("X-SPEEDAI-PARTY:%d" % e["party"])
        if "resource" in e: lines.append("X-SPEEDAI-RESOURCE:" + e["resource"])
        if e.get("cancelled"): lines.append("STATUS:CANCELLED")
        lines += e.get("extra", [])
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

def salon_week():
    days = {"tue": "20250114", "wed": "20250115", "thu": "20250116", "fri": "20250117", "sat": "20250118"}
    works = {"julie": ["tue", "wed", "thu", "fri", "sat"], "marc": ["tue", "wed", "thu", "fri"], "sofia": ["wed", "thu", "fri", "sat"]}
    # (start, minutes, service) per resource and day: a busy week.
    day_plan = {"julie": [((9, 0), 45, "Coupe"), ((10, 0), 45, "Coupe"), ((11, 0), 90, "Couleur"), ((14, 0), 45, "Coupe"), ((15, 30), 90, "Couleur")],
                "marc": [((9, 0), 45, "Coupe"), ((10, 0), 45, "Coupe"), ((11, 0), 45, "Coupe"), ((14, 0), 30, "Brushing"), ((16, 0), 45, "Coupe")],
                "sofia": [((9, 30), 90, "Couleur"), ((11, 0), 30, "Brushing"), ((14, 0), 90, "Couleur"), ((16, 0), 90, "Couleur")]}
    events, n = [], 0
    for resource, plan in day_plan.items():
        for d in works[resource]:
            for (h, m), minutes, service in plan:
                eh, em = add(h, m, minutes)
                n += 1
                events.append({"uid": "se-%s-%s-%02d%02d" % (resource, d, h, m), "start": hm(days[d], h, m),
                               "end": hm(days[d], eh, em), "summary": "%s %s" % (service, NAMES[n % len(NAMES)]), "resource": resource})
    # Marc's lunch break, every day he works, but on Friday he takes it later (EXDATE + a one-off).
    events.append({"uid": "se-marc-pause", "start": hm(days["tue"], 12, 30), "end": hm(days["tue"], 13, 30), "summary": "Pause",
                   "resource": "marc", "extra": ["RRULE:FREQ=DAILY;COUNT=4", "EXDATE;TZID=Europe/Paris:" + hm(days["fri"], 12, 30)]})
    events.append({"uid": "se-marc-pause-fri", "start": hm(days["fri"], 13, 0), "end": hm(days["fri"], 14, 0), "summary": "Pause", "resource": "marc"})
    at = lambda d, h, m: "2025-01-%02d%sT%02d:%02d:00+01:00" % (d, "", h, m)
    slot = lambda d, h, m: "2025-01-%02dT%02d:%02d" % (d, h, m)
    ph = lambda s: "+336110000" + s
    t = [
        {"at": at(14, 9, 30), "event": "trigger", "phone": ph("01"), "requested": slot(16, 9, 45), "service": "coupe"},
        {"at": at(14, 9, 41), "event": "join", "phone": ph("01"), "first_name": "Claire", "last_name": "Vidal", "party": 1, "slots": [slot(16, 9, 45), slot(16, 10, 30)]},
        {"at": at(14, 11, 2), "event": "trigger", "phone": ph("02"), "requested": slot(16, 9, 45), "service": "coupe"},
        {"at": at(14, 11, 6), "event": "join", "phone": ph("02"), "first_name": "Nadia", "last_name": "Benali", "party": 1, "slots": [slot(16, 9, 45)]},
        {"at": at(14, 16, 20), "event": "trigger", "phone": ph("03"), "requested": slot(18, 13, 30), "source": "web", "service": "couleur"},
        {"at": at(14, 16, 31), "event": "join", "phone": ph("03"), "first_name": "Élodie", "last_name": "Marchand", "email": "elodie@example.fr", "party": 1, "slots": [slot(18, 13, 30), slot(18, 15, 0)]},
        {"at": at(15, 10, 15), "event": "trigger", "phone": ph("04"), "requested": slot(17, 9, 0), "service": "brushing"},
        {"at": at(15, 10, 19), "event": "join", "phone": ph("04"), "first_name": "Sophie", "last_name": "Caron", "party": 1, "slots": [slot(17, 9, 0), slot(17, 10, 0)]},
        {"at": at(15, 18, 30), "event": "cancel", "uid": "se-julie-thu-1000"},
        {"at": at(15, 18, 36), "event": "reply", "phone": ph("01"), "answer": "non"},
        {"at": at(15, 20, 40), "event": "cancel", "uid": "se-marc-thu-1000"},
        {"at": at(16, 8, 41), "event": "reply", "phone": ph("01"), "answer": "oui"},
        {"at": at(16, 12, 5), "event": "cancel", "uid": "se-marc-fri-0900"},
        {"at": at(16, 14, 10), "event": "trigger", "phone": ph("05"), "requested": slot(18, 13, 30), "service": "couleur"},
        {"at": at(16, 14, 12), "event": "join", "phone": ph("05"), "first_name": "Inès", "last_name": "Royer", "party": 1, "slots": [slot(18, 13, 30)]},
        {"at": at(17, 11, 0), "event": "stop", "phone": ph("04")},
        {"at": at(17, 16, 30), "event": "move", "uid": "se-julie-sat-1400", "start": slot(18, 17, 0), "end": slot(18, 17, 45)},
        {"at": at(17, 16, 35), "event": "reply", "phone": ph("03"), "answer": "non"},
        {"at": at(17, 16, 41), "event": "reply", "phone": ph("05"), "answer": "oui"},
        {"at": at(17, 20, 40), "event": "cancel", "uid": "se-sofia-sat-1600"},
        {"at": at(18, 8, 44), "event": "reply", "phone": ph("03"), "answer": "oui"},
        {"at": at(18, 12, 0), "event": "advance"},
    ]
    t.sort(key=lambda e: e["at"])
    write("salon-week", events, t)

def edge_cases():
    # Saturday 29 March 2025 dinner, then Sunday 30 March lunch: Paris springs forward at 02:00 that night.
    events = []
    for i, p in enumerate([4, 6, 6, 4, 8, 6, 2, 4]):   # 21:00-22:30, 40 covers
        events.append({"uid": "edge-sat-%d" % (i + 1), "start": "20250329T210000", "end": "20250329T223000", "summary": "Samedi %d" % (i + 1), "party": p})
    for i, p in enumerate([6, 6, 8, 4, 4, 6, 6]):      # 12:30-14:00, 40 covers
        events.append({"uid": "edge-sun-%d" % (i + 1), "start": "20250330T123000", "end": "20250330T140000", "summary": "Dimanche %d" % (i + 1), "party": p})
    # The rest of RFC 5545 a real calendar holds, none of which may take a dinner place:
    # a cancelled booking, an all-day closure on the (closed) Monday, and a weekly staff
    # meal before service written with DURATION, whose 29 March occurrence is moved by a
    # RECURRENCE-ID override.
    events.append({"uid": "edge-cancelled", "start": "20250329T193000", "end": "20250329T210000",
                   "summary": "Annulée (4)", "party": 4, "cancelled": True})
    events.append({"raw": ["UID:edge-inventaire", "DTSTAMP:20250101T000000Z", "DTSTART;VALUE=DATE:20250331",
                           "DTEND;VALUE=DATE:20250401", "SUMMARY:Fermé — inventaire"]})
    events.append({"raw": ["UID:edge-staff", "DTSTAMP:20250101T000000Z", "DTSTART;TZID=Europe/Paris:20250315T180000",
                           "DURATION:PT30M", "RRULE:FREQ=WEEKLY;COUNT=4", "SUMMARY:Repas du personnel",
                           "X-SPEEDAI-PARTY:8"]})
    events.append({"raw": ["UID:edge-staff", "DTSTAMP:20250101T000000Z",
                           "RECURRENCE-ID;TZID=Europe/Paris:20250329T180000",
                           "DTSTART;TZID=Europe/Paris:20250329T173000", "DURATION:PT30M",
                           "SUMMARY:Repas du personnel (avancé)", "X-SPEEDAI-PARTY:8"]})
    sat = lambda h, m: "2025-03-29T%02d:%02d:00+01:00" % (h, m)
    sun = lambda h, m: "2025-03-30T%02d:%02d:00+02:00" % (h, m)
    ph = lambda s: "+336770000" + s
    t = [
        {"at": sat(18, 0), "event": "trigger", "phone": ph("01"), "requested": "2025-03-29T21:00"},
        {"at": sat(18, 4), "event": "join", "phone": ph("01"), "first_name": "Marc", "last_name": "Olivier", "party": 2, "slots": ["2025-03-29T21:00"]},
        {"at": sat(18, 6), "event": "trigger", "phone": ph("01"), "requested": "2025-03-29T21:00"},
        {"at": sat(18, 10), "event": "trigger", "phone": ph("02"), "requested": "2025-03-29T21:00"},
        {"at": sat(18, 12), "event": "join", "phone": ph("02"), "first_name": "Lina", "last_name": "Haddad", "party": 2, "slots": ["2025-03-29T21:00"]},
        {"at": sat(18, 30), "event": "cancel", "uid": "edge-sat-7"},
        {"at": sat(18, 47), "event": "reply", "phone": ph("01"), "answer": "oui"},
        {"at": sat(18, 50), "event": "reply", "phone": ph("02"), "answer": "oui"},
        {"at": sat(19, 0), "event": "reply", "phone": "+33699999999", "answer": "oui"},
        {"at": sat(23, 20), "event": "trigger", "phone": ph("03"), "requested": "2025-03-30T12:30"},
        {"at": sat(23, 24), "event": "join", "phone": ph("03"), "first_name": "Jeanne", "last_name": "Lemoine", "party": 4, "slots": ["2025-03-30T12:30", "2025-03-30T13:00"]},
        {"at": sat(23, 40), "event": "trigger", "phone": ph("04"), "requested": "2025-03-30T12:30"},
        {"at": sat(23, 45), "event": "join", "phone": ph("04"), "first_name": "Karim", "last_name": "Saidi", "party": 4, "slots": ["2025-03-30T12:30"]},
        {"at": sat(23, 50), "event": "cancel", "uid": "edge-sun-4"},
        {"at": sun(9, 5), "event": "reply", "phone": ph("03"), "answer": "non"},
        {"at": sun(9, 8), "event": "trigger", "phone": ph("05"), "requested": "2025-03-30T13:00"},
        {"at": sun(9, 9), "event": "stop", "phone": ph("05")},
        {"at": sun(9, 12), "event": "reply", "phone": ph("04"), "answer": "oui"},
        {"at": sun(10, 0), "event": "advance"},
    ]
    write("edge-cases", events, t)

if __name__ == "__main__":
    bistrot_friday()
    salon_week()
    edge_cases()
