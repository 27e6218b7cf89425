/// The emulator's events to and from Calendar v3 JSON. Reading a request body checks what
/// Google checks (types, required `start`/`end`, an offset or `timeZone` on every `dateTime`,
/// valid `status` and `transparency`) and answers the same 400s; writing gives the resource
/// fields, and for a deleted event only `id` and `status`, which is all Google guarantees.
import Connectors
import Foundation
import Runtime

/// A 4xx/5xx the emulator answers, in Google's error JSON.
struct GoogleEmulatorError: Error {
    var status: Int
    var reason: String
    var message: String
    var domain = "global"
}

extension GoogleEmulatorEvent {
    /// The event resource as JSON.
    func json() -> [String: Any] {
        var object: [String: Any] = ["kind": "calendar#event", "etag": "\"\(changeNumber)\"", "id": id, "status": status]
        guard status != "cancelled" else { return object }
        object["summary"] = summary
        object["created"] = GoogleEmulatorClock.text(created)
        object["updated"] = GoogleEmulatorClock.text(updated)
        object["iCalUID"] = "\(id)@google.com"
        object["sequence"] = sequence
        object["start"] = Self.json(start)
        if let end { object["end"] = Self.json(end) }
        if let transparency { object["transparency"] = transparency }
        if !attendees.isEmpty {
            object["attendees"] = attendees.map { attendee -> [String: Any] in
                var entry: [String: Any] = ["email": attendee.email, "responseStatus": attendee.responseStatus]
                if attendee.organizer { entry["organizer"] = true }
                return entry
            }
        }
        if !privateProperties.isEmpty { object["extendedProperties"] = ["private": privateProperties] }
        return object
    }

    private static func json(_ time: GoogleEmulatorEventTime) -> [String: Any] {
        var object: [String: Any] = [:]
        if let date = time.date { object["date"] = date }
        if let dateTime = time.dateTime { object["dateTime"] = dateTime }
        if let zone = time.timeZone { object["timeZone"] = zone }
        return object
    }

    /// An event from an insert or update body, or the 400 Google would answer.
    static func parse(_ object: [String: Any]) -> Result<GoogleEmulatorEvent, GoogleEmulatorError> {
        func bad(_ message: String, reason: String = "invalid") -> Result<GoogleEmulatorEvent, GoogleEmulatorError> {
            .failure(GoogleEmulatorError(status: 400, reason: reason, message: message))
        }
        func string(_ key: String) -> (value: String?, wrongType: Bool) {
            guard let raw = object[key], !(raw is NSNull) else { return (nil, false) }
            guard let text = raw as? String else { return (nil, true) }
            return (text, false)
        }
        for key in ["id", "status", "summary", "transparency"] where string(key).wrongType {
            return bad("Invalid value for: \(key)")
        }
        let status = string("status").value ?? "confirmed"
        guard ["confirmed", "tentative", "cancelled"].contains(status) else { return bad("Invalid value for: status") }
        if let transparency = string("transparency").value, !["opaque", "transparent"].contains(transparency) {
            return bad("Invalid value for: transparency")
        }
        guard let startObject = object["start"] else { return bad("Missing start time.", reason: "required") }
        guard let endObject = object["end"] else { return bad("Missing end time.", reason: "required") }
        let start: GoogleEmulatorEventTime, end: GoogleEmulatorEventTime
        switch (time(startObject, field: "start"), time(endObject, field: "end")) {
        case (.failure(let error), _), (_, .failure(let error)): return .failure(error)
        case (.success(let first), .success(let second)): (start, end) = (first, second)
        }
        var attendees: [GoogleEmulatorAttendee] = []
        if let list = object["attendees"] {
            guard let entries = list as? [[String: Any]] else { return bad("Invalid value for: attendees") }
            for entry in entries {
                guard let email = entry["email"] as? String else { return bad("Missing attendee email.", reason: "required") }
                attendees.append(GoogleEmulatorAttendee(email: email, organizer: entry["organizer"] as? Bool ?? false,
                                                        responseStatus: entry["responseStatus"] as? String ?? "needsAction"))
            }
        }
        var properties: [String: String] = [:]
        if let extended = object["extendedProperties"] {
            guard let extended = extended as? [String: Any] else { return bad("Invalid value for: extendedProperties") }
            if let privateMap = extended["private"] {
                guard let map = privateMap as? [String: Any] else { return bad("Invalid value for: extendedProperties.private") }
                for (key, value) in map {
                    guard let text = value as? String else { return bad("Invalid value for: extendedProperties.private.\(key)") }
                    properties[key] = text
                }
            }
        }
        return .success(GoogleEmulatorEvent(id: string("id").value ?? "", status: status, summary: string("summary").value ?? "",
                                            start: start, end: end, transparency: string("transparency").value,
                                            attendees: attendees, privateProperties: properties))
    }

    /// A `start`/`end` object: exactly one of `date` and `dateTime`, and a `dateTime` without
    /// offset needs `timeZone` ("Missing time zone definition for start time.").
    private static func time(_ raw: Any, field: String) -> Result<GoogleEmulatorEventTime, GoogleEmulatorError> {
        func bad(_ message: String) -> Result<GoogleEmulatorEventTime, GoogleEmulatorError> {
            .failure(GoogleEmulatorError(status: 400, reason: "invalid", message: message))
        }
        guard let object = raw as? [String: Any] else { return bad("Invalid value for: \(field)") }
        let time = GoogleEmulatorEventTime(dateTime: object["dateTime"] as? String, date: object["date"] as? String,
                                           timeZone: object["timeZone"] as? String)
        if let zone = time.timeZone, ZoneConverter(identifier: zone) == nil { return bad("Invalid time zone definition for \(field) time.") }
        switch (time.date, time.dateTime) {
        case (let date?, nil):
            guard GoogleEmulatorClock.day(date) != nil else { return bad("Invalid value for: \(field).date") }
        case (nil, let dateTime?):
            let utc = ZoneConverter(identifier: "UTC")!
            guard GoogleTime.parse(dateTime, zone: utc) != nil else { return bad("Invalid value for: \(field).dateTime") }
            if time.timeZone == nil, !GoogleEmulatorClock.hasOffset(dateTime) {
                return bad("Missing time zone definition for \(field) time.")
            }
        default:
            return bad(field == "start" ? "Missing start time." : "Missing end time.")
        }
        return .success(time)
    }
}
