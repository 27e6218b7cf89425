/// The waitlist's own bookings as the calendar shows them:
/// `speedai-booking-<installation>-<business>-<entry>` (docs/connectors.md).
enum WaitlistBookingUID {
    /// Whether `text` (a uid, or a `calendar list` line) names the waitlist's booking of `entryID`.
    static func names(_ text: String, entryID: Int) -> Bool {
        text.split(whereSeparator: { $0.isWhitespace }).contains { word in
            word.hasPrefix("speedai-booking-") && word.split(separator: "-").last == Substring(String(entryID))
        }
    }
}
