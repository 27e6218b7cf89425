import Foundation
import Testing
import RuleLang
@testable import Runtime

/// Rule sets, instants and a slow reference slot generator shared by the slot tests.
enum SlotFixtures {
    /// The repository root, from this file's location.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A shipped rule file from `rules/`, compiled.
    static func shipped(_ name: String) throws -> RuleSet {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("rules/\(name)"), encoding: .utf8)
        return try compile(text, name: name)
    }

    /// Rule text compiled; fails the test with the diagnostics when it does not compile.
    static func compile(_ text: String, name: String = "test.rules") throws -> RuleSet {
        let compilation = RuleCompiler.compile(SourceFile(name: name, text: text))
        return try #require(compilation.ruleSet, "\(compilation.diagnostics.map(\.message))")
    }

    static func bistrot() throws -> SlotCalendar { try SlotCalendar(rules: shipped("bistrot.rules")) }
    static func salon() throws -> SlotCalendar { try SlotCalendar(rules: shipped("salon-elegance.rules")) }

    static let paris = ZoneConverter(identifier: "Europe/Paris")!

    /// A Paris wall-clock time as an instant.
    static func paris(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Instant {
        paris.instant(CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute))
    }

    /// `19:30`, the Paris wall clock of an instant.
    static func clock(_ instant: Instant) -> String {
        let local = paris.local(instant)
        return (local.hour < 10 ? "0" : "") + "\(local.hour):" + (local.minute < 10 ? "0" : "") + "\(local.minute)"
    }

    /// `2025-01-17 19:30 dinner` or `... coupe/julie`, in Paris time.
    static func label(_ slot: SlotInfo) -> String {
        let local = paris.local(slot.key.start)
        let date = String(local.isoText.prefix(10))
        let place = slot.key.resource.isEmpty ? slot.key.service : "\(slot.key.service)/\(slot.key.resource)"
        return "\(date) \(clock(slot.key.start)) \(place)"
    }

    /// The slow, obviously right slot generator the fast one is checked against: every
    /// local date, every service and resource, every wall-clock slot through `ZoneConverter`.
    static func referenceSlots(_ rules: RuleSet, from: Instant, to: Instant) -> [SlotInfo] {
        let zone = ZoneConverter(identifier: rules.establishment.timeZone)!
        let model = rules.slots
        var result: [SlotInfo] = []
        var day = zone.local(from).epochDay - 2
        while day <= zone.local(to).epochDay + 2 {
            let date = CivilDateTime(utcSeconds: day * 86_400)
            let weekday = RuleSet.Weekday.allCases[date.isoWeekday - 1]
            let calendarDate = RuleSet.CalendarDate(year: date.year, month: date.month, day: date.day)
            defer { day += 1 }
            if model.isClosed(on: calendarDate, weekday: weekday) { continue }
            for service in model.services where service.days.contains(weekday) {
                let hosts = model.resources.isEmpty ? [""] : model.resources
                    .filter { ($0.services.isEmpty || $0.services.contains(service.label)) && ($0.days.isEmpty || $0.days.contains(weekday)) }
                    .map(\.label)
                let length = Int(service.length.components.seconds)
                var second = service.hours.start * 60
                while second + length <= service.hours.end * 60 {
                    var wall = date
                    wall.hour = second / 3600
                    wall.minute = (second % 3600) / 60
                    wall.second = second % 60
                    let start = zone.instant(wall)
                    if zone.local(start) == wall, start >= from, start < to {
                        for host in hosts {
                            result.append(SlotInfo(key: SlotKey(start: start, service: service.label, resource: host),
                                                   end: start + .seconds(length), capacity: service.capacity))
                        }
                    }
                    second += length
                }
            }
        }
        return result.sorted { $0.key < $1.key }
    }
}

/// Slots of the shipped restaurant and salon, on ordinary days, closed days and a year.
@Suite struct SlotCalendarTests {
    @Test func bistrotFridayHasFiveLunchAndEightDinnerSlots() throws {
        let calendar = try SlotFixtures.bistrot()
        let slots = calendar.slots(from: SlotFixtures.paris(2025, 1, 17), to: SlotFixtures.paris(2025, 1, 18))
        #expect(slots.map { SlotFixtures.clock($0.start) } == [
            "12:00", "12:30", "13:00", "13:30", "14:00",
            "19:00", "19:30", "20:00", "20:30", "21:00", "21:30", "22:00", "22:30",
        ])
        #expect(slots.prefix(5).allSatisfy { $0.key.service == "lunch" })
        #expect(slots.suffix(8).allSatisfy { $0.key.service == "dinner" })
        #expect(slots.allSatisfy { $0.capacity == 40 && $0.key.resource == "" && $0.end - $0.start == .seconds(1800) })
        // 19:30 in Paris in January is 18:30Z.
        #expect(slots[6].start.description == "2025-01-17T18:30:00Z")
    }

    @Test func bistrotClosedDaysHaveNoSlots() throws {
        let calendar = try SlotFixtures.bistrot()
        func count(_ year: Int, _ month: Int, _ day: Int) -> Int {
            calendar.slots(from: SlotFixtures.paris(year, month, day), to: SlotFixtures.paris(year, month, day + 1)).count
        }
        #expect(count(2025, 1, 19) == 5)   // Sunday: lunch only
        #expect(count(2025, 1, 20) == 0)   // Monday: closed
        #expect(count(2025, 12, 25) == 0)  // Christmas, a Thursday
        #expect(count(2025, 12, 24) == 13)
        #expect(count(2026, 1, 1) == 0)    // New Year's Day
        let week = calendar.slots(from: SlotFixtures.paris(2025, 1, 20), to: SlotFixtures.paris(2025, 1, 27))
        #expect(week.count == 5 * 13 + 5)
    }

    @Test func bistrotYearMatchesTheReferenceGenerator() throws {
        let rules = try SlotFixtures.shipped("bistrot.rules")
        let calendar = try SlotCalendar(rules: rules)
        let from = SlotFixtures.paris(2025, 1, 1), to = SlotFixtures.paris(2026, 1, 1)
        let slots = calendar.slots(from: from, to: to)
        #expect(slots == SlotFixtures.referenceSlots(rules, from: from, to: to))
        // 52 weeks of 70 slots, plus Wednesday 31 December (13), minus Christmas (13).
        #expect(slots.count == 52 * 70 + 13 - 13)
        #expect(zip(slots, slots.dropFirst()).allSatisfy { $0.key < $1.key })
    }

    @Test func rangeIsHalfOpenOnSlotStarts() throws {
        let calendar = try SlotFixtures.bistrot()
        let slots = calendar.slots(from: SlotFixtures.paris(2025, 1, 17, 19, 30), to: SlotFixtures.paris(2025, 1, 17, 20, 30))
        #expect(slots.map { SlotFixtures.clock($0.start) } == ["19:30", "20:00"])
        #expect(calendar.slots(from: SlotFixtures.paris(2025, 1, 17, 19, 45), to: SlotFixtures.paris(2025, 1, 17, 20)).isEmpty)
        #expect(calendar.slots(from: SlotFixtures.paris(2025, 1, 18), to: SlotFixtures.paris(2025, 1, 17)).isEmpty)
    }

    @Test func slotStartingAtFindsOnlyExactStarts() throws {
        let calendar = try SlotFixtures.bistrot()
        let start = SlotFixtures.paris(2025, 1, 17, 19, 30)
        let slot = try #require(calendar.slot(startingAt: start))
        #expect(slot.key == SlotKey(start: start, service: "dinner"))
        #expect(slot.end == SlotFixtures.paris(2025, 1, 17, 20))
        #expect(calendar.slot(startingAt: start, service: "dinner") == slot)
        #expect(calendar.slot(startingAt: start, service: "lunch") == nil)
        #expect(calendar.slot(startingAt: start, resource: "julie") == nil)
        #expect(calendar.slot(startingAt: SlotFixtures.paris(2025, 1, 17, 19, 45)) == nil)
        #expect(calendar.slot(startingAt: SlotFixtures.paris(2025, 1, 20, 19, 30)) == nil) // closed Monday
        #expect(calendar.slot(for: slot.key) == slot)
    }

    @Test func unknownTimeZoneIsAnError() throws {
        var rules = try SlotFixtures.shipped("bistrot.rules")
        rules.establishment.timeZone = "Europe/Pari"
        #expect(throws: SlotCalendarError.unknownTimeZone("Europe/Pari")) { try SlotCalendar(rules: rules) }
        #expect(SlotCalendarError.unknownTimeZone("Europe/Pari").description.contains("'Europe/Pari' is not a known time zone"))
    }

    @Test func aWholeSlotMustFitBeforeTheWindowEnds() throws {
        let rules = try SlotFixtures.compile("""
            slots {
              length = 45m
              service lunch {
                hours = 12:00-14:30
              }
              service late {
                hours = 22:00-24:00
                length = 1h
                capacity = 3
              }
            }
            """)
        let calendar = try SlotCalendar(rules: rules)
        let slots = calendar.slots(from: SlotFixtures.paris(2025, 1, 17), to: SlotFixtures.paris(2025, 1, 18))
        #expect(slots.map { SlotFixtures.clock($0.start) } == ["12:00", "12:45", "13:30", "22:00", "23:00"])
        #expect(slots.map(\.capacity) == [1, 1, 1, 3, 3])
        // The 23:00 slot ends at midnight, on the next date.
        #expect(slots.last?.end == SlotFixtures.paris(2025, 1, 18))
    }

    @Test func defaultServicesRunEveryDay() throws {
        let calendar = try SlotCalendar(rules: SlotFixtures.compile(""))
        let slots = calendar.slots(from: SlotFixtures.paris(2025, 1, 13), to: SlotFixtures.paris(2025, 1, 20))
        #expect(slots.count == 7 * 13)
    }

    @Test func salonSlotsArePerResourceOnTheirDays() throws {
        let calendar = try SlotFixtures.salon()
        func slots(_ day: Int) -> [SlotInfo] {
            calendar.slots(from: SlotFixtures.paris(2025, 1, day), to: SlotFixtures.paris(2025, 1, day + 1))
        }
        func count(_ slots: [SlotInfo], _ service: String, _ resource: String) -> Int {
            slots.filter { $0.key.service == service && $0.key.resource == resource }.count
        }
        let tuesday = slots(14), wednesday = slots(15), saturday = slots(18)
        // Coupe 09:00-19:00 by 45m: 13 slots; couleur 09:00-17:00 by 1h30: 5; brushing by 30m: 20.
        #expect(count(tuesday, "coupe", "julie") == 13)
        #expect(count(tuesday, "couleur", "julie") == 5)
        #expect(count(tuesday, "brushing", "julie") == 20)
        #expect(count(tuesday, "couleur", "marc") == 0)  // Marc does no colour
        #expect(count(tuesday, "brushing", "sofia") == 0) // Sofia does not work on Tuesdays
        #expect(tuesday.count == 38 + 33)
        #expect(wednesday.count == 38 + 33 + 25)
        #expect(saturday.count == 38 + 25)
        #expect(slots(19).isEmpty && slots(20).isEmpty) // closed Sunday and Monday
        #expect(tuesday.allSatisfy { $0.capacity == 1 })
        // At 09:00 on a Wednesday: seven slots side by side, ordered by service then resource.
        #expect(wednesday.prefix(7).map { "\($0.key.service)/\($0.key.resource)" } == [
            "brushing/julie", "brushing/marc", "brushing/sofia",
            "couleur/julie", "couleur/sofia", "coupe/julie", "coupe/marc",
        ])
        let rules = try SlotFixtures.shipped("salon-elegance.rules")
        let from = SlotFixtures.paris(2025, 1, 1), to = SlotFixtures.paris(2025, 3, 1)
        #expect(calendar.slots(from: from, to: to) == SlotFixtures.referenceSlots(rules, from: from, to: to))
    }

    @Test func freeCapacityCountsOverlappingUnits() throws {
        let calendar = try SlotFixtures.bistrot()
        let at = { (hour: Int, minute: Int) in SlotFixtures.paris(2025, 1, 17, hour, minute) }
        let busy = [
            BusyInterval(id: "a", start: at(19, 0), end: at(21, 0), units: 4),
            BusyInterval(id: "b", start: at(19, 30), end: at(20, 0), units: 30),
            BusyInterval(id: "c", start: at(20, 0), end: at(20, 0), units: 50),    // empty: nothing
            BusyInterval(id: "d", start: at(19, 45), end: at(20, 15), units: 10),
            BusyInterval(id: "e", start: at(19, 30), end: at(20, 30), resource: "julie", units: 5), // another resource
        ]
        func free(_ hour: Int, _ minute: Int) throws -> Int {
            calendar.freeCapacity(of: try #require(calendar.slot(startingAt: at(hour, minute))), busy: busy)
        }
        #expect(try free(18 + 1, 0) == 36)
        #expect(try free(19, 30) == 0)   // 4 + 30 + 10 = 44 covers: full, not negative
        #expect(try free(20, 0) == 26)   // a and d; b ended at 20:00
        #expect(try free(20, 30) == 36)
        #expect(try free(21, 0) == 40)   // a ends when the slot starts
        let occupancy = SlotOccupancy(busy: busy)
        for slot in calendar.slots(from: at(0, 0), to: at(23, 59)) {
            #expect(occupancy.freeCapacity(of: slot) == calendar.freeCapacity(of: slot, busy: busy))
        }
        #expect(occupancy.count == 4)
    }

    @Test func salonBusyIntervalsStayOnTheirResource() throws {
        let calendar = try SlotFixtures.salon()
        let at = { (hour: Int, minute: Int) in SlotFixtures.paris(2025, 1, 15, hour, minute) }
        let busy = [
            BusyInterval(id: "julie-1", start: at(10, 30), end: at(11, 15), resource: "julie"),
            BusyInterval(id: "closure", start: at(16, 0), end: at(17, 0), resource: ""),
        ]
        let free = { (hour: Int, minute: Int, service: String, resource: String) -> Int? in
            calendar.slot(startingAt: at(hour, minute), service: service, resource: resource)
                .map { calendar.freeCapacity(of: $0, busy: busy) }
        }
        #expect(free(10, 30, "coupe", "julie") == 0)
        #expect(free(10, 30, "coupe", "marc") == 1)
        #expect(free(11, 0, "brushing", "julie") == 0)  // 11:00-11:30 overlaps 10:30-11:15
        #expect(free(9, 0, "couleur", "julie") == 1)    // 09:00-10:30 ends as the booking starts
        #expect(free(10, 30, "couleur", "julie") == 0)
        #expect(free(16, 0, "brushing", "sofia") == 0)  // the whole salon is closed 16:00-17:00
        #expect(free(15, 0, "couleur", "sofia") == 0)   // 15:00-16:30 runs into the closure
        #expect(free(17, 0, "brushing", "marc") == 1)
    }
}
