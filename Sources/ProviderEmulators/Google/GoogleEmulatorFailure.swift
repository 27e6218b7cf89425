/// Failures the Google Calendar emulator can be told to produce on its next API requests, as
/// Google produces them: rate limits (429, or 403 with a `usageLimits` reason), backend errors
/// (5xx with `backendError`), slow answers (the action is done, the answer late: a client
/// timeout is then ambiguous), and answers that are not Google's JSON at all.

/// One injected failure, consumed by one API request (the token endpoint is not affected).
public enum GoogleEmulatorFailure: Sendable, Equatable {
    /// Answer with this status and Google's error JSON; `reason` defaults per status
    /// (`rateLimitExceeded` for 429 and 403, `backendError` for 5xx).
    case status(Int, reason: String? = nil)
    /// Sleep this long, then handle the request normally.
    case slow(seconds: Double)
    /// Answer 200 with a body that is not JSON.
    case garbage
    /// Answer 502 with an HTML page, as a proxy in front of Google would.
    case htmlPage
}
