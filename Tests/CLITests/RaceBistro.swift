/// The establishment and the moves of the race campaign: one-place slots every 15 minutes from
/// noon (so each round of a race gets a place of its own), any number of customers with
/// distinct phones, joined in parallel, and an admin session for the dashboard API. Built on
/// the end-to-end harness (ServiceProcess, WaitlistDriver, SMSLog).
import Foundation
import Testing

/// Rule files of the race campaign (business id `testbistro`, as ServiceProcess expects).
enum RaceBistro {
    /// One place per 15-minute slot over `hours` (44 slots by default), no quiet hours, offers
    /// under `strategy`.
    static func rules(strategy: String, timeout: String = "5m", hours: String = "12:00-23:00") -> String {
        """
        # Race campaign establishment: one place per slot so a race is over one last place.
        establishment {
          id = "testbistro"
          name = "Le Bistrot de Test"
          timezone = "Europe/Paris"
        }

        slots {
          length = 15m
          capacity = 1

          service dinner {
            name = "dinner"
            days = [mon, tue, wed, thu, fri, sat, sun]
            hours = \(hours)
          }
        }

        matching {
          match = slot.start in entry.slots && entry.party_size <= slot.free
        }

        offers {
          strategy = \(strategy)
          timeout = \(timeout)
          stop_before = 15m
          quiet_hours = none
        }

        calendar {
          poll_every = 10s
        }

        """
    }

    /// `HH:mm` of the `index`-th slot from noon (0 → 12:00, 5 → 13:15).
    static func slotTime(_ index: Int) -> String {
        String(format: "%02d:%02d", 12 + index / 4, (index % 4) * 15)
    }

    /// A customer with a phone `+3367NNNNNNN` distinct for every index up to 9 999 999.
    static func customer(_ index: Int) -> Customer {
        Customer(phone: String(format: "+3367%07d", index), firstName: "Course\(index)", lastName: "Test",
                 email: "course\(index)@example.fr")
    }

    /// The arguments every race service runs with: no API rate limit (the campaign itself is the
    /// load) and the test clock; SPEEDAI_RACE_THREADS sets `--threads` (default: one per core).
    static var serveArguments: [String] {
        ["--test-clock", "--rate-limit", "0"]
            + (ProcessInfo.processInfo.environment["SPEEDAI_RACE_THREADS"].map { ["--threads", $0] } ?? [])
    }
}

/// Race moves on top of the end-to-end driver.
extension WaitlistDriver {
    /// A fresh service running `rules`.
    static func race(rules: String) throws -> WaitlistDriver {
        let service = try ServiceProcess(rules: rules)
        try service.start(extraArguments: RaceBistro.serveArguments)
        return WaitlistDriver(service: service)
    }

    /// Books one place at each of `times` (uid `full-HHMM`) and waits until the service saw them.
    func fill(_ times: [String]) async throws {
        for time in times {
            let result = try service.calendar("book", ["--at", evening.slot(time), "--party", "1",
                                                       "--uid", "full-\(time.replacingOccurrences(of: ":", with: ""))"])
            guard result.status == 0 else {
                throw ServiceProcessError(description: "calendar book \(time) failed (\(result.status)): \(result.stderr)")
            }
        }
        for time in times { try await waitForFree(time, places: 0) }
    }

    /// Trigger then form (party of 1, only `time` chosen) for one customer; returns the entry id.
    func joinAlone(_ customer: Customer, at time: String) async throws -> Int {
        let invitation = try await trigger(customer, at: time)
        let posted = try await client.postForm(invitation.url, formFields(customer, times: [time], couverts: 1))
        guard posted.status == 303 else {
            throw ServiceProcessError(description: "form of \(customer.phone) answered \(posted.status): \(posted.text)")
        }
        return invitation.entryID
    }

    /// Joins every customer for `time`, `parallel` at a time; entry ids in customer order.
    func joinAll(_ customers: [Customer], at time: String, parallel: Int = 16) async throws -> [Int] {
        var ids = [Int](repeating: 0, count: customers.count)
        try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            var next = 0
            func launch() {
                let index = next, customer = customers[index]
                next += 1
                group.addTask { (index, try await self.joinAlone(customer, at: time)) }
            }
            while next < min(parallel, customers.count) { launch() }
            for try await (index, id) in group {
                ids[index] = id
                if next < customers.count { launch() }
            }
        }
        return ids
    }

    /// Creates an establishment admin with the `admin` command and opens an API session;
    /// returns the `Authorization` header of the session.
    func adminBearer() async throws -> [String: String] {
        let email = "race@bistrot.fr", password = "race-campaign-password"
        let added = try CLI.run(["admin", "add", "--data", service.dataDirectory.path, "--business", TestBistro.id,
                                 "--email", email, "--password-env", "RACE_ADMIN_PASSWORD"],
                                environment: ["RACE_ADMIN_PASSWORD": password])
        guard added.status == 0 else {
            throw ServiceProcessError(description: "admin add exited with \(added.status): \(added.stderr)")
        }
        let session = try await client.postJSON("\(service.baseURL)/api/v1/admin/sessions", ["email": email, "password": password])
        guard session.status == 201, let token = session.json["token"] as? String else {
            throw ServiceProcessError(description: "admin login answered \(session.status): \(session.text)")
        }
        return ["Authorization": "Bearer \(token)"]
    }

    /// How many entries have `status` (engine status names), per the admin API.
    func entryCount(status: String, admin: [String: String]) async throws -> Int {
        let answer = try await client.get("\(service.baseURL)/api/v1/admin/entries?business=\(TestBistro.id)&status=\(status)&per_page=1",
                                          headers: admin)
        guard answer.status == 200, let total = answer.json["total"] as? Int else {
            throw ServiceProcessError(description: "entries?status=\(status) answered \(answer.status): \(answer.text)")
        }
        return total
    }

    /// One entry as the admin API shows it (`entry.status`, …).
    func entry(_ id: Int, admin: [String: String]) async throws -> [String: Any] {
        let answer = try await client.get("\(service.baseURL)/api/v1/admin/entries/\(TestBistro.id)/\(id)", headers: admin)
        guard answer.status == 200, let entry = answer.json["entry"] as? [String: Any] else {
            throw ServiceProcessError(description: "entry \(id) answered \(answer.status): \(answer.text)")
        }
        return entry
    }

    /// The waitlist's bookings (`speedai-booking-N`) in the calendar at `time` of the evening.
    func waitlistBookings(at time: String) throws -> [String] {
        try service.bookings(from: evening).filter { $0.hasPrefix(evening.slot(time)) && $0.contains("speedai-booking") }
    }

    /// The path of a link (`/o/…/oui`).
    func path(of link: String) -> String {
        URL(string: link).map(\.path) ?? link
    }
}
