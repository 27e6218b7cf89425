/// The French spellings SMS templates need: "samedi 18 janvier", "19h30", "15 minutes".
/// Hand-written (not `DateFormatter`) so output never depends on the host's locale data.

public enum FrenchFormat {
    public static let weekdays = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    public static let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                         "septembre", "octobre", "novembre", "décembre"]

    /// `samedi 18 janvier`, `samedi 1er février`.
    public static func date(_ local: CivilDateTime) -> String {
        let day = local.day == 1 ? "1er" : "\(local.day)"
        return "\(weekdays[local.isoWeekday - 1]) \(day) \(months[local.month - 1])"
    }

    /// `19h30`, `20h`.
    public static func time(_ local: CivilDateTime) -> String {
        local.minute == 0 ? "\(local.hour)h" : "\(local.hour)h\(local.minute < 10 ? "0" : "")\(local.minute)"
    }

    /// `samedi 18 janvier à 19h30`.
    public static func dateAndTime(_ local: CivilDateTime) -> String { "\(date(local)) à \(time(local))" }

    /// `15 minutes`, `1 heure`, `1h30`.
    public static func delay(seconds: Int64) -> String {
        let minutes = Int((seconds + 59) / 60)
        if minutes < 60 { return minutes == 1 ? "1 minute" : "\(minutes) minutes" }
        let hours = minutes / 60, rest = minutes % 60
        if rest == 0 { return hours == 1 ? "1 heure" : "\(hours) heures" }
        return "\(hours)h\(rest < 10 ? "0" : "")\(rest)"
    }

    /// `19:30`, for history lines read by the establishment.
    public static func clock(_ local: CivilDateTime) -> String {
        "\(local.hour < 10 ? "0" : "")\(local.hour):\(local.minute < 10 ? "0" : "")\(local.minute)"
    }
}
