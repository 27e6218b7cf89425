/// Calendar detection: each business's calendar is read at its polling interval (and at once
/// when a push notification says it changed); a new cursor becomes one `calendarChanged`
/// event with the full busy list, committed together with the connector's sync state, so a
/// restart resumes incremental sync exactly where the engine's view of the calendar stands.
import Foundation
import Runtime

extension WaitlistService {
    /// Reads the calendars that are due (or asked for by a push) and gives changes to the
    /// engines; returns once every read started here has ended.
    public func pollCalendars(force: Bool = false) {
        readCalendars(force: force, waitingUntil: .distantFuture)
    }

    /// Starts a read of every due calendar on the reader pool, one read per business at a time
    /// and at most `ServiceConfiguration.calendarReadLimit` at once, then waits for them until
    /// `deadline`. A read that outlives the deadline goes on: a hung server holds its own
    /// establishment only, which is skipped until the read ends (it then reports the failure
    /// and the establishment becomes "calendar unavailable"). The scheduler passes `.now()`, so
    /// timers never wait on a calendar; a caller that waits for ever and finds a read under way
    /// waits for it, then reads again (a forced read is never skipped).
    func readCalendars(force: Bool, waitingUntil deadline: DispatchTime) {
        let now = clock.now()
        let requested = pollRequests.withLock { requests -> Set<String> in
            defer { requests = [] }
            return requests
        }
        let waitsForAll = deadline == .distantFuture
        let group = DispatchGroup()
        for business in businessIDs {
            let wanted = force || requested.contains(business)
            var started = calendarReadsInFlight.withLock { $0.insert(business).inserted }
            while !started && waitsForAll {
                Thread.sleep(forTimeInterval: 0.01)
                started = calendarReadsInFlight.withLock { $0.insert(business).inserted }
            }
            if started {
                group.enter()
                calendarReaders.async { [self] in
                    calendarReadSlots.wait()
                    pollCalendar(business, now: now, force: wanted)
                    calendarReadSlots.signal()
                    // Also when no read was due: a copy grows too old between reads.
                    refreshCalendarHealth(business, now: clock.now())
                    calendarReadsInFlight.withLock { _ = $0.remove(business) }
                    group.leave()
                }
            } else {
                // A read is under way (maybe hung): its copy may be growing too old meanwhile.
                if wanted { pollRequests.withLock { _ = $0.insert(business) } }
                refreshCalendarHealth(business, now: clock.now())
            }
        }
        _ = group.wait(timeout: deadline)
    }

    /// Asks for an immediate read of a business's calendar (a push notification arrived).
    public func requestCalendarRead(_ business: String) {
        _ = pollRequests.withLock { $0.insert(business) }
        schedulerSignal.signal()
    }

    /// Reads one calendar if due; applies a change; records the sync state.
    func pollCalendar(_ business: String, now: Instant, force: Bool) {
        guard let runtime = runtime(business) else { return }
        let due = runtime.state.withLock { state -> (cursor: String?, state: String?, error: String?)? in
            let interval = state.engine.rules.pollInterval
            guard force || state.lastPoll.map({ now - $0 >= interval }) ?? true else { return nil }
            state.lastPoll = now
            if state.firstPoll == nil { state.firstPoll = now }
            // A booking the calendar refused left a stand-in for whoever took the place: the
            // next read replaces it with the calendar's truth even if nothing changed there.
            let standIn = state.engine.state.busy.contains { $0.id.hasPrefix(EngineEffect.refusedBookingIDPrefix) }
            return (standIn ? nil : state.calendarCursor, state.calendarState, state.calendarError)
        }
        guard let due else { return }
        let calendar = connectors(for: business).calendar
        let snapshot: CalendarSnapshot
        do {
            snapshot = try calendar.read(business: business, from: now - .seconds(86_400), state: due.state)
        } catch {
            telemetry.log(.warn, "calendar read failed", ["business": .string(business), "provider": .string(calendar.provider),
                                                          "error": .string(error.description)])
            telemetry.metrics.calendarReadErrors.increment(labels: ["business": business])
            if due.error != error.description {
                recordSync(CalendarSyncRow(business: business, provider: calendar.provider, cursor: due.cursor ?? "",
                                           lastPolledAt: now, lastChangedAt: nil, lastError: error.description, state: due.state),
                           runtime: runtime)
            }
            // Unavailable from this read on, even if its row could not be saved.
            runtime.state.withLock { $0.calendarError = error.description }
            return
        }
        runtime.state.withLock {
            $0.lastGoodRead = now
            $0.calendarError = nil // available again, even if the cleared row could not be saved
        }
        if due.error != nil {
            telemetry.log(.info, "calendar readable again", ["business": .string(business), "provider": .string(calendar.provider)])
        }
        let row = CalendarSyncRow(business: business, provider: calendar.provider, cursor: snapshot.cursor,
                                  lastPolledAt: now, lastChangedAt: now, lastError: nil, state: snapshot.state)
        guard snapshot.cursor != due.cursor else {
            // Same busy list; keep a new sync token (or a cleared error) all the same.
            if snapshot.state != due.state || due.error != nil {
                var unchanged = row
                unchanged.lastChangedAt = nil
                recordSync(unchanged, runtime: runtime)
            }
            return
        }
        do {
            let busy = (try? calendarIdentity(for: business))?.engineBusy(snapshot.busy) ?? snapshot.busy
            _ = try apply(.calendar(busy: busy), to: business, prepare: { builder, _ in
                builder.batch.calendarSync = row
            }, inspect: { _, _ in () })
            runtime.state.withLock {
                $0.calendarCursor = snapshot.cursor
                $0.calendarState = snapshot.state
                $0.calendarError = nil
            }
        } catch {
            telemetry.log(.error, "calendar change not applied", ["business": .string(business), "error": .string(error.description)])
        }
    }

    /// Commits sync state alone (no engine event) and remembers it.
    private func recordSync(_ row: CalendarSyncRow, runtime: BusinessRuntime) {
        var batch = StoreBatch()
        batch.calendarSync = row
        do {
            try store.commit(batch)
            runtime.state.withLock {
                $0.calendarState = row.state
                $0.calendarError = row.lastError
            }
        } catch {
            telemetry.log(.error, "calendar sync state not saved", ["business": .string(row.business), "error": .string(error.description)])
        }
    }
}
