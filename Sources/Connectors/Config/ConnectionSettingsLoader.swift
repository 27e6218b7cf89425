/// Reads and validates `DATA/config/<business>.json`. Every problem names the file and the
/// key (`sms.account_sid`), says what was expected, and suggests the right key for a typo;
/// secrets written in the file itself are refused (they belong in the environment).
import Foundation
import RuleLang

/// A problem in a connection settings file.
public struct ConnectionSettingsProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// The key path (`calendar.refresh_token_env`), empty for the whole file.
    public var key: String
    /// What is wrong and how to fix it.
    public var message: String

    public var description: String { key.isEmpty ? "\(file): \(message)" : "\(file): \(key): \(message)" }
}

/// Every problem of one settings file.
public struct ConnectionSettingsProblems: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [ConnectionSettingsProblem]
    public init(_ problems: [ConnectionSettingsProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Loads connection settings.
public struct ConnectionSettingsLoader: Sendable {
    /// The environment secrets are read from.
    public var environment: [String: String]

    /// A loader reading secrets from `environment`.
    public init(environment: [String: String]) { self.environment = environment }

    /// The settings of `business` in `directory`: the embedded default when it has no file.
    public func load(business: String, directory: String) -> Result<ConnectionSettings, ConnectionSettingsProblems> {
        let path = "\(directory)/\(business).json"
        guard let bytes = try? TextFileReader.read(path, sizeLimit: 64 * 1024) else {
            return FileManagerProbe.exists(path)
                ? .failure(ConnectionSettingsProblems([ConnectionSettingsProblem(file: path, key: "", message: "cannot be read")]))
                : .success(.embedded)
        }
        return parse(bytes, file: path)
    }

    /// Settings from a file's bytes.
    public func parse(_ bytes: [UInt8], file: String) -> Result<ConnectionSettings, ConnectionSettingsProblems> {
        var reader = SettingsReader(file: file, environment: environment)
        let root: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                return .failure(ConnectionSettingsProblems([ConnectionSettingsProblem(file: file, key: "", message: "must be a JSON object")]))
            }
            root = object
        } catch {
            return .failure(ConnectionSettingsProblems([ConnectionSettingsProblem(file: file, key: "",
                                                                                  message: "is not valid JSON (\(FoundationJSONError.describe(error)))")]))
        }
        reader.checkKeys(root, path: "", allowed: ["sms", "calendar"])
        let sms = reader.sms(root["sms"])
        let calendar = reader.calendar(root["calendar"])
        guard reader.problems.isEmpty else { return .failure(ConnectionSettingsProblems(reader.problems)) }
        return .success(ConnectionSettings(sms: sms, calendar: calendar))
    }
}

/// Walks one settings file, collecting every problem rather than stopping at the first.
struct SettingsReader {
    let file: String
    let environment: [String: String]
    var problems: [ConnectionSettingsProblem] = []

    mutating func fail(_ key: String, _ message: String) {
        problems.append(ConnectionSettingsProblem(file: file, key: key, message: message))
    }

    mutating func checkKeys(_ object: [String: Any], path: String, allowed: Set<String>) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            let full = path.isEmpty ? key : "\(path).\(key)"
            if key.hasSuffix("token") || key.hasSuffix("secret") || key.hasSuffix("password") || key == "api_key",
               allowed.contains("\(key)_env") {
                fail(full, "secrets never live in files: put it in an environment variable and name it in '\(key)_env'")
            } else {
                let hint = Suggestions.didYouMean(key, among: allowed).map { " (\($0))" } ?? ""
                fail(full, "unknown key\(hint); keys here are \(allowed.sorted().joined(separator: ", "))")
            }
        }
    }

    mutating func string(_ object: [String: Any], _ key: String, path: String, required: Bool) -> String? {
        let full = "\(path).\(key)"
        guard let value = object[key] else {
            if required { fail(full, "required") }
            return nil
        }
        guard let text = value as? String, !text.isEmpty else {
            fail(full, "must be a non-empty string")
            return nil
        }
        return text
    }

    /// The value of the environment variable named by `key` (`auth_token_env`).
    mutating func secret(_ object: [String: Any], _ key: String, path: String, required: Bool) -> String? {
        guard let name = string(object, key, path: path, required: required) else { return nil }
        guard let value = environment[name], !value.isEmpty else {
            fail("\(path).\(key)", "the environment variable \(name) is not set")
            return nil
        }
        return value
    }

    mutating func url(_ object: [String: Any], _ key: String, path: String, default fallback: String) -> String {
        guard let text = string(object, key, path: path, required: false) else { return fallback }
        guard text.hasPrefix("https://") || text.hasPrefix("http://"), text.count > 8 else {
            fail("\(path).\(key)", "must be an http(s) URL")
            return fallback
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    mutating func bool(_ object: [String: Any], _ key: String, path: String) -> Bool {
        guard let value = object[key] else { return false }
        guard let flag = value as? Bool else {
            fail("\(path).\(key)", "must be true or false")
            return false
        }
        return flag
    }

    mutating func sms(_ value: Any?) -> ConnectionSettings.SMS {
        guard let value else { return .console }
        guard let object = value as? [String: Any] else {
            fail("sms", "must be an object with a \"provider\"")
            return .console
        }
        switch object["provider"] as? String {
        case "console"?:
            checkKeys(object, path: "sms", allowed: ["provider"])
            return .console
        case "twilio"?:
            checkKeys(object, path: "sms", allowed: ["provider", "account_sid", "auth_token_env", "from",
                                                    "messaging_service_sid", "status_callback", "base_url"])
            let account = string(object, "account_sid", path: "sms", required: true)
            if let account, !(account.hasPrefix("AC") && account.count == 34) {
                fail("sms.account_sid", "a Twilio Account SID is AC followed by 32 hexadecimal characters")
            }
            let token = secret(object, "auth_token_env", path: "sms", required: true)
            let from = string(object, "from", path: "sms", required: false)
            let service = string(object, "messaging_service_sid", path: "sms", required: false)
            if from == nil && service == nil { fail("sms", "give \"from\" (an E.164 number) or \"messaging_service_sid\"") }
            if let from, PhoneNumber.normalize(from) != from, !from.allSatisfy({ $0.isLetter || $0.isNumber }) {
                fail("sms.from", "must be an E.164 number (+33757000000) or an alphanumeric sender id")
            }
            let callback = bool(object, "status_callback", path: "sms")
            let base = url(object, "base_url", path: "sms", default: "https://api.twilio.com")
            return .twilio(accountSID: account ?? "", authToken: token ?? "", from: from, messagingServiceSID: service,
                           statusCallback: callback, baseURL: base)
        case "brevo"?:
            checkKeys(object, path: "sms", allowed: ["provider", "api_key_env", "sender", "base_url"])
            let key = secret(object, "api_key_env", path: "sms", required: true)
            let sender = string(object, "sender", path: "sms", required: true)
            if let sender, sender.count > 11, PhoneNumber.normalize(sender) == nil {
                fail("sms.sender", "an alphanumeric sender is at most 11 characters")
            }
            let base = url(object, "base_url", path: "sms", default: "https://api.brevo.com")
            return .brevo(apiKey: key ?? "", sender: sender ?? "", baseURL: base)
        case let other:
            fail("sms.provider", "must be \"console\", \"twilio\" or \"brevo\"" + (other.map { ", not \"\($0)\"" } ?? ""))
            return .console
        }
    }

    mutating func calendar(_ value: Any?) -> ConnectionSettings.Calendar {
        guard let value else { return .local }
        guard let object = value as? [String: Any] else {
            fail("calendar", "must be an object with a \"provider\"")
            return .local
        }
        switch object["provider"] as? String {
        case "local"?:
            checkKeys(object, path: "calendar", allowed: ["provider"])
            return .local
        case "google"?:
            checkKeys(object, path: "calendar", allowed: ["provider", "calendar_id", "client_id", "client_secret_env",
                                                         "refresh_token_env", "token_url", "api_base_url", "push"])
            let calendarID = string(object, "calendar_id", path: "calendar", required: false) ?? "primary"
            let clientID = string(object, "client_id", path: "calendar", required: true)
            let secretValue = secret(object, "client_secret_env", path: "calendar", required: true)
            let refresh = secret(object, "refresh_token_env", path: "calendar", required: true)
            let tokenURL = url(object, "token_url", path: "calendar", default: "https://oauth2.googleapis.com/token")
            let apiBase = url(object, "api_base_url", path: "calendar", default: "https://www.googleapis.com/calendar/v3")
            let push = bool(object, "push", path: "calendar")
            return .google(calendarID: calendarID, clientID: clientID ?? "", clientSecret: secretValue ?? "",
                           refreshToken: refresh ?? "", tokenURL: tokenURL, apiBaseURL: apiBase, push: push)
        case "caldav"?:
            checkKeys(object, path: "calendar", allowed: ["provider", "url", "username", "password_env",
                                                         "bearer_token_env", "calendar_name"])
            let address = url(object, "url", path: "calendar", default: "")
            if object["url"] == nil { fail("calendar.url", "required") }
            let username = string(object, "username", path: "calendar", required: false)
            let password = secret(object, "password_env", path: "calendar", required: false)
            let bearer = secret(object, "bearer_token_env", path: "calendar", required: false)
            if username != nil && password == nil && object["password_env"] == nil {
                fail("calendar.password_env", "required with \"username\"")
            }
            let name = string(object, "calendar_name", path: "calendar", required: false)
            return .caldav(url: address, username: username, password: password, bearerToken: bearer, calendarName: name)
        case let other:
            fail("calendar.provider", "must be \"local\", \"google\" or \"caldav\"" + (other.map { ", not \"\($0)\"" } ?? ""))
            return .local
        }
    }
}

/// Whether a path exists (kept apart so the loader reads as pure validation).
enum FileManagerProbe {
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}

/// Foundation's JSON error text, shortened.
enum FoundationJSONError {
    static func describe(_ error: Error) -> String {
        ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "unreadable"
    }
}
