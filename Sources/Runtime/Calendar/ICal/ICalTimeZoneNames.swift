/// Turns a TZID parameter into an IANA time zone. VTIMEZONE blocks are not read: the
/// zone rules come from the system's tz database, which is more current than a
/// calendar export's copy. Exports name zones in three ways, all handled here: plain
/// IANA (`Europe/Paris`), a vendor path ending in one (`/mozilla.org/20050126_1/
/// Europe/Paris`), and Windows names from Outlook (`Romance Standard Time`).
import Foundation
import RuleLang

enum ICalTimeZoneNames {
    /// The zone a TZID names, or nil.
    static func resolve(_ tzid: String) -> ZoneConverter? {
        let name = tzid.trimmingSpaces
        if let zone = iana(name) { return zone }
        let components = name.split(separator: "/").map(String.init)
        for count in [3, 2] where components.count > count {
            if let zone = iana(components.suffix(count).joined(separator: "/")) { return zone }
        }
        if let mapped = windowsNames[name] { return iana(mapped) }
        return nil
    }

    /// Only region/city names and UTC: Foundation also accepts abbreviations such as
    /// "PST" or offsets such as "GMT+0100", which are not what a TZID means.
    private static func iana(_ name: String) -> ZoneConverter? {
        guard name.contains("/") || name == "UTC" || name == "GMT" else { return nil }
        return ZoneConverter(identifier: name)
    }

    /// `help:` for an unknown TZID.
    static func help(for tzid: String) -> String {
        Suggestions.didYouMean(tzid, among: TimeZone.knownTimeZoneIdentifiers)
            ?? "use an IANA time zone name such as Europe/Paris"
    }

    /// Windows zone names Outlook and Exchange write, for the zones SpeedAI's customers
    /// are in (France and its neighbours, overseas France, and the usual others).
    static let windowsNames: [String: String] = [
        "Romance Standard Time": "Europe/Paris",
        "W. Europe Standard Time": "Europe/Berlin",
        "Central Europe Standard Time": "Europe/Budapest",
        "Central European Standard Time": "Europe/Warsaw",
        "GMT Standard Time": "Europe/London",
        "Greenwich Standard Time": "Atlantic/Reykjavik",
        "UTC": "UTC",
        "E. Europe Standard Time": "Europe/Chisinau",
        "FLE Standard Time": "Europe/Kiev",
        "GTB Standard Time": "Europe/Bucharest",
        "Morocco Standard Time": "Africa/Casablanca",
        "Mauritius Standard Time": "Indian/Mauritius",
        "SA Western Standard Time": "America/La_Paz",
        "Pacific Standard Time": "America/Los_Angeles",
        "Eastern Standard Time": "America/New_York",
        "Central Standard Time": "America/Chicago",
        "Mountain Standard Time": "America/Denver",
    ]
}
