/// The crash campaign's clients: the voice agent's triggers, customers filling the form and
/// tapping Oui/Non in their offer SMS, and the restaurant cancelling tables with the
/// `calendar` command, all running while the service is being `kill -9`ed under them. Each
/// records in the ledger what it was told, so the checks know what must have survived.
import Foundation
import Synchronization

/// Shared by the client tasks and the killer: when to stop, and the next customer number.
final class CrashCampaignControl: Sendable {
    let stopping = Atomic<Bool>(false)
    let nextCustomer = Atomic<Int>(0)
    let ledger = CrashLedger()
    /// Offer SMS (outbox ids) a reply worker already took.
    let claimedOffers = Mutex<Set<Int>>([])
    let seed: UInt64

    init(seed: UInt64) { self.seed = seed }

    var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// A worker's own generator, derived from the campaign seed.
    func generator(worker: Int) -> SeededGenerator {
        SeededGenerator(seed: seed &+ UInt64(worker) &* 0x1000_0000_01B3)
    }
}

/// The clients of one campaign.
struct CrashCampaignClients: Sendable {
    let driver: WaitlistDriver
    let control: CrashCampaignControl

    var ledger: CrashLedger { control.ledger }

    /// The unix second of `time` (`19:30`) on the test evening, in Paris time.
    func instant(_ time: String) -> Int64 {
        let evening = driver.evening
        let parts = time.split(separator: ":").compactMap { Int($0) }
        let components = DateComponents(year: evening.year, month: evening.month, day: evening.day, hour: parts[0], minute: parts[1])
        return Int64(TestBistro.parisCalendar.date(from: components)!.timeIntervalSince1970)
    }

    /// A short pause after a failed request, so a dead server is not hammered in a tight loop.
    func pause(_ seconds: Double) async { try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9)) }

    // MARK: triggers and forms

    /// Fires triggers for fresh customers and fills most of their forms, until stopped.
    func customers(worker: Int) async {
        var random = control.generator(worker: worker)
        while !control.isStopping {
            // A steady stream rather than a flood: the kills must also meet forms and replies.
            await pause(Double.random(in: 0.02...0.12, using: &random))
            let index = control.nextCustomer.wrappingAdd(1, ordering: .relaxed).newValue
            let customer = Customer(phone: String(format: "+3367%07d", index), firstName: "Crash\(index)", lastName: "Client",
                                    email: "crash\(index)@example.fr")
            let time = TestBistro.slotTimes.randomElement(using: &random)!
            ledger.record { _ = $0.phonesSent.insert(customer.phone) }
            // The voice agent retries a trigger that got no answer, with the same Idempotency-Key:
            // whatever the first attempt did, there must be one entry in the end.
            var answer: HTTPAnswer?
            var answeredKind = "trigger"
            for attempt in 0..<4 where answer == nil && !control.isStopping {
                let kind = attempt == 0 ? "trigger" : "trigger retry"
                do {
                    answer = try await driver.client.postJSON("\(driver.service.baseURL)/api/v1/waitlist/trigger",
                                                              driver.triggerBody(customer, at: time),
                                                              headers: driver.bearer.merging(["Idempotency-Key": "crash-\(index)"]) { $1 })
                    answeredKind = kind
                } catch {
                    ledger.count(kind, .unknown)
                    await pause(0.2)
                }
            }
            guard let answer else { continue }
            if answer.header("Idempotent-Replayed") == "true" { ledger.record { $0.replayedTriggers += 1 } }
            guard (200..<400).contains(answer.status), let entryID = answer.json["entry_id"] as? Int,
                  let url = answer.json["url"] as? String else {
                ledger.count(answeredKind, .refused)
                ledger.record { $0.refusals.append("\(answeredKind) \(answer.status) \(answer.text.prefix(160))") }
                continue
            }
            ledger.count(answeredKind, .acknowledged)
            ledger.record { $0.triggers.append(AckedTrigger(entryID: entryID, phone: customer.phone, url: url)) }
            guard Double.random(in: 0..<1, using: &random) < 0.85 else { continue }

            // The customer opens the link and ticks what the page proposes.
            guard let page = try? await driver.client.get(url), page.status == 200 else {
                ledger.count("page", .unknown)
                continue
            }
            ledger.count("page", .acknowledged)
            let proposed = PageInspector(html: page.text).slotBoxes.keys.compactMap { value in
                TestBistro.slotTimes.first { driver.evening.formValue($0) == value }
            }
            var times = [time]
            if Bool.random(using: &random), let other = proposed.filter({ $0 != time }).sorted().randomElement(using: &random) {
                times.append(other)
            }
            let party = Double.random(in: 0..<1, using: &random) < 0.8 ? 1 : 2
            let invitation = Invitation(entryID: entryID, url: url, customer: customer)
            do {
                let posted = try await driver.client.postForm(url, driver.formFields(customer, times: times, couverts: party))
                if posted.status == 303 {
                    ledger.count("form", .acknowledged)
                    ledger.record {
                        $0.forms.append(AckedForm(entryID: invitation.entryID, firstName: customer.firstName, partySize: party,
                                                  slots: times.map(instant).sorted()))
                    }
                } else {
                    ledger.count("form", .refused)
                    ledger.record { $0.refusals.append("form \(posted.status) \(Self.errorMessages(posted.text))") }
                }
            } catch {
                ledger.count("form", .unknown)
                ledger.record { _ = $0.unknownForms.insert(entryID) }
                await pause(0.05)
            }
        }
    }

    /// The French error messages of a refused form page (`<p class="error-message">`).
    static func errorMessages(_ html: String) -> String {
        let parts = html.components(separatedBy: "<p class=\"error-message\"").dropFirst()
        let messages = parts.map { part in
            part.components(separatedBy: "</span>").dropFirst().first?.components(separatedBy: "</p>").first ?? ""
        }
        return messages.isEmpty ? String(html.prefix(120)) : messages.joined(separator: "; ")
    }

    // MARK: Oui / Non

    /// Answers offer SMS as they arrive: Oui, Non, or silence (left for the timer).
    func replies(worker: Int) async {
        var random = control.generator(worker: worker)
        while !control.isStopping {
            let offers = ((try? driver.service.sms.all()) ?? []).filter { $0.template == "offer" }
            let fresh = offers.filter { offer in control.claimedOffers.withLock { $0.insert(offer.outboxID).inserted } }
            if fresh.isEmpty {
                await pause(0.1)
                continue
            }
            for offer in fresh where !control.isStopping {
                let roll = Double.random(in: 0..<1, using: &random)
                guard roll < 0.8, let entryID = offer.entryID else { continue } // 20 % stay silent
                let accept = roll < 0.5
                guard let link = accept ? offer.yesLink : offer.noLink else { continue }
                let secret = String(link.split(separator: "/").dropLast().last ?? "")
                do {
                    let posted = try await driver.client.postForm(link, [])
                    guard posted.status == 303 else {
                        ledger.count("reply", .refused)
                        ledger.record { $0.refusals.append("reply \(posted.status) \(posted.text.prefix(160))") }
                        continue
                    }
                } catch {
                    ledger.count("reply", .unknown)
                    continue
                }
                ledger.count("reply", .acknowledged)
                let at = Int64(Date().timeIntervalSince1970)
                // What the customer reads next; the server may already be dead again.
                let page = try? await driver.client.get(link)
                let told: String? = page.map { page in
                    if page.text.contains("C’est confirmé") { return "booked" }
                    if page.text.contains("C’est noté") { return "declined" }
                    return "other"
                }
                ledger.record {
                    $0.replies.append(AckedReply(outboxID: offer.outboxID, entryID: entryID, secret: secret, accept: accept,
                                                 acknowledgedAt: at, told: told))
                }
            }
        }
    }

    // MARK: the restaurant

    /// Cancels a table at a random slot every so often with `calendar cancel` (a separate
    /// process writing the same SQLite file, also while the server is down).
    func restaurant(worker: Int) async {
        var random = control.generator(worker: worker)
        while !control.isStopping {
            await pause(Double.random(in: 0.05...0.3, using: &random))
            let time = TestBistro.slotTimes.randomElement(using: &random)!
            let service = driver.service, slot = driver.evening.slot(time)
            guard let result = try? await offPool({ try service.calendar("cancel", ["--at", slot]) }) else {
                ledger.count("cancel", .unknown)
                continue
            }
            if result.status == 0 {
                ledger.count("cancel", .acknowledged)
                // `cancelled full-1930 at …`: keep the uid, which must be gone at the end.
                let uid = result.stdout.split(whereSeparator: \.isWhitespace).map(String.init)
                    .first { $0.hasPrefix("full-") || $0.hasPrefix("speedai-booking-") }
                if let uid { ledger.record { $0.cancelledUIDs.append(uid) } }
            } else {
                ledger.count("cancel", .refused)
            }
        }
    }
}
