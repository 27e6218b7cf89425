/// Failures the Twilio emulator can be told to produce on its next message creations, the
/// ones a connector must survive: rate limiting, server errors, answers too slow to wait for
/// (the ambiguous case: did Twilio act?), and bodies that are not JSON at all.

extension TwilioEmulator {
    /// One injected failure, consumed by one `POST .../Messages.json`.
    public enum Failure: Sendable, Equatable {
        /// Answer this status with Twilio's error JSON (429 → code 20429, 500 → 20500, ...),
        /// and a `Retry-After` header when given. Nothing is recorded.
        case status(Int, retryAfter: Int? = nil)
        /// Handle the request normally (the message is recorded, Twilio acted) but answer only
        /// after `seconds`: a client with a shorter timeout cannot know it worked.
        case slow(seconds: Double)
        /// Wait `seconds`, record nothing, then answer 503: the client times out and Twilio
        /// did not act.
        case slowNotRecorded(seconds: Double)
        /// Answer 200 with an HTML page (a proxy's), recording nothing.
        case garbage
    }
}
