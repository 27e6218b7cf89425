/// A push notification channel opened on the Google Calendar emulator (events.watch), and a
/// record of each notification it delivered, for tests to inspect.
import Runtime

/// A live watch channel.
public struct GoogleEmulatorChannel: Sendable, Equatable {
    /// The client's channel id.
    public var id: String
    /// The client's secret, echoed in `X-Goog-Channel-Token`; nil when none was given.
    public var token: String?
    /// Where notifications are POSTed.
    public var address: String
    /// The watched resource (`resourceId`).
    public var resourceID: String
    public var expiration: Instant
    /// The last `X-Goog-Message-Number` sent.
    var messageNumber = 0
}

/// One notification the emulator sent.
public struct GoogleEmulatorPush: Sendable, Equatable {
    public var channelID: String
    /// `sync`, `exists` or `not_exists`.
    public var state: String
    public var messageNumber: Int
    /// The receiver's status, or nil when it could not be reached.
    public var responseStatus: Int?
}
