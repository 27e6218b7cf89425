/// What the dashboard shows of the engine: entry rows formatted in the establishment's time
/// zone, with each waiting entry's place in the queue of its requested slot (the order the
/// rule file's `priority` gives, computed by the engine itself).
import Foundation
import Runtime

extension WaitlistService {
    /// Formats projected rows for the list, with queue positions.
    public func dashboardLines(_ rows: [EntryRow]) -> [DashboardEntryLine] {
        var queues: [String: [Int: Int]] = [:] // "business|slot" → entry id → position
        return rows.map { row in
            let runtime = runtime(row.business)
            let zone = runtime?.state.withLock { $0.engine.zone } ?? ZoneConverter(identifier: "UTC")!
            func text(_ instant: Instant) -> String { FrenchFormat.dateAndTime(zone.local(instant)) }
            var priority: Int?
            if row.status == "waiting", let runtime {
                let key = "\(row.business)|\(row.requested.seconds)"
                if queues[key] == nil {
                    queues[key] = runtime.state.withLock { state -> [Int: Int] in
                        guard let slot = state.engine.slotCalendar.slot(startingAt: row.requested,
                                                                         service: row.service.isEmpty ? nil : row.service) else { return [:] }
                        let order = state.engine.queue(for: slot)
                        return Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0 + 1) })
                    }
                }
                priority = queues[key]?[row.id]
            }
            let alternatives = row.slots.filter { $0 != row.requested }.map { FrenchFormat.time(zone.local($0)) }
            return DashboardEntryLine(business: row.business, id: row.id,
                                      name: [row.lastName, row.firstName].filter { !$0.isEmpty }.joined(separator: " "),
                                      phone: PhoneNumber.display(row.phone), email: row.email, requested: text(row.requested),
                                      alternatives: alternatives.joined(separator: ", "), status: row.status,
                                      joined: text(row.createdAt), priority: priority)
        }
    }
}
