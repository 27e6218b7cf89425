/// The iCalendar UTC DATE-TIME form (`20250118T183000Z`, RFC 5545 §3.3.5), written by the
/// CalDAV connector and by `export-tape`.
import Foundation
import Runtime

extension Instant {
    /// This instant as an iCalendar UTC DATE-TIME: `20250118T183000Z`.
    var iCalendarUTC: String {
        let time = CivilDateTime(utcSeconds: seconds)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", time.year, time.month, time.day, time.hour, time.minute, time.second)
    }
}
