/// Local emulators of the providers the service talks to (Twilio, Google Calendar), served
/// by the service's own HTTP server on 127.0.0.1. They follow each provider's documented wire
/// format field by field, including its failures, so the connectors are tested against the
/// protocol rather than against themselves.

/// What this module offers.
public enum ProviderEmulatorsInfo {
    /// The emulated providers.
    public static let providers = ["twilio", "google-calendar"]
}
