import Runtime

/// Adapters to the outside world (files, SQLite, HTTP, SMS, calendars) arrive with the
/// service (issue 4). The target exists so the layout and dependency direction are fixed.
public enum ConnectorsInfo {
    public static let runtimeVersion = RuntimeInfo.ruleLanguageVersion
}
