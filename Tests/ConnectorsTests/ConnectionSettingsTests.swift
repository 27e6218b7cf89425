/// Connection settings files: the embedded default without a file, each provider's keys,
/// secrets only from the environment, and located problems for every mistake.
import Foundation
import Testing
@testable import Connectors

@Suite("Connection settings")
struct ConnectionSettingsTests {
    let loader = ConnectionSettingsLoader(environment: ["TWILIO_TOKEN": "secret-token", "G_SECRET": "gs",
                                                        "G_REFRESH": "1//refresh", "DAV_PASSWORD": "pw"])

    func parse(_ json: String) -> Result<ConnectionSettings, ConnectionSettingsProblems> {
        loader.parse(Array(json.utf8), file: "config/bistrot.json")
    }

    @Test("no file: the embedded default")
    func missingFileIsTheDefault() throws {
        let result = loader.load(business: "nobody", directory: NSTemporaryDirectory() + "speedai-no-config")
        #expect(try result.get() == .embedded)
    }

    @Test("Twilio and Google with secrets from the environment")
    func twilioAndGoogle() throws {
        let settings = try parse("""
            {"sms": {"provider": "twilio", "account_sid": "AC0123456789abcdef0123456789abcdef",
                     "auth_token_env": "TWILIO_TOKEN", "from": "+33757000000"},
             "calendar": {"provider": "google", "client_id": "id.apps.googleusercontent.com",
                          "client_secret_env": "G_SECRET", "refresh_token_env": "G_REFRESH", "push": true}}
            """).get()
        #expect(settings.sms == .twilio(accountSID: "AC0123456789abcdef0123456789abcdef", authToken: "secret-token",
                                        from: "+33757000000", messagingServiceSID: nil, statusCallback: false,
                                        baseURL: "https://api.twilio.com"))
        #expect(settings.calendar == .google(calendarID: "primary", clientID: "id.apps.googleusercontent.com",
                                             clientSecret: "gs", refreshToken: "1//refresh",
                                             tokenURL: "https://oauth2.googleapis.com/token",
                                             apiBaseURL: "https://www.googleapis.com/calendar/v3", push: true))
        #expect(!settings.summary.contains("secret-token"))
    }

    @Test("CalDAV with basic auth")
    func caldav() throws {
        let settings = try parse("""
            {"calendar": {"provider": "caldav", "url": "https://crm.example/dav/", "username": "bistrot",
                          "password_env": "DAV_PASSWORD", "calendar_name": "Salle"}}
            """).get()
        #expect(settings.calendar == .caldav(url: "https://crm.example/dav", username: "bistrot", password: "pw",
                                             bearerToken: nil, calendarName: "Salle"))
        #expect(settings.sms == .console)
    }

    @Test("mistakes are located and explained", arguments: [
        (#"{"sms": {"provider": "twilio", "account_sid": "AC0123456789abcdef0123456789abcdef", "auth_token": "x", "from": "+33757000000"}}"#,
         "sms.auth_token: secrets never live in files"),
        (#"{"sms": {"provider": "twilio", "account_sid": "AC0123456789abcdef0123456789abcdef", "auth_token_env": "MISSING", "from": "+33757000000"}}"#,
         "sms.auth_token_env: the environment variable MISSING is not set"),
        (#"{"sms": {"provider": "twillio"}}"#, "sms.provider: must be \"console\", \"twilio\" or \"brevo\", not \"twillio\""),
        (#"{"calendar": {"provider": "google", "clientid": "x", "client_secret_env": "G_SECRET", "refresh_token_env": "G_REFRESH"}}"#,
         "calendar.clientid: unknown key (did you mean 'client_id'?)"),
        (#"{"calendar": {"provider": "caldav"}}"#, "calendar.url: required"),
        (#"{"sms": {"provider": "twilio", "account_sid": "bad", "auth_token_env": "TWILIO_TOKEN"}}"#,
         "sms.account_sid: a Twilio Account SID is AC followed by 32 hexadecimal characters"),
        (#"{"sms": "twilio"}"#, "sms: must be an object"),
        (#"{"sms": {"provider": "console"}, "calender": {}}"#, "calender: unknown key (did you mean 'calendar'?)"),
        (#"{"sms": "#, "is not valid JSON"),
    ])
    func mistakes(json: String, expected: String) {
        switch parse(json) {
        case .success(let settings): Issue.record("accepted: \(settings)")
        case .failure(let problems): #expect(problems.description.contains(expected), "\(problems)")
        }
    }
}
