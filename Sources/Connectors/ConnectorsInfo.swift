import Runtime

/// Adapters to the outside world (files today; SQLite, HTTP, SMS and calendars with the
/// service). Dependencies point one way: RuleLang ← Runtime ← Connectors ← speedai-rules.
public enum ConnectorsInfo {
    /// The version of the connectors' wire formats, bumped when one changes.
    public static let version = 1
}
