/// Converts wall-clock seconds of one local date to instants. Most days have a single UTC
/// offset, so the conversion is a subtraction; only a day near a DST transition goes
/// through `ZoneConverter` for each slot, which keeps a year of slots cheap.
struct DayClock {
    let zone: ZoneConverter
    /// Local midnight of the date read as if it were UTC.
    let wallMidnight: Int64
    /// The offset in force all day, or nil when a transition is near.
    let steadyOffset: Int?

    init(zone: ZoneConverter, epochDay: Int64) {
        self.zone = zone
        self.wallMidnight = epochDay * 86_400
        // Any wall time of the day lies between these instants, whatever the offset (-12h...+14h).
        let early = zone.offset(at: Instant(seconds: wallMidnight - 14 * 3600))
        let late = zone.offset(at: Instant(seconds: wallMidnight + 86_400 + 12 * 3600))
        self.steadyOffset = early == late ? early : nil
    }

    /// Whether the day is near a change of UTC offset.
    var hasTransition: Bool { steadyOffset == nil }

    /// The instant of a wall-clock second of the day; nil when that time does not exist
    /// (the spring-forward gap). In the autumn overlap it is the earlier instant.
    func instant(atSecond second: Int) -> Instant? {
        let wall = wallMidnight + Int64(second)
        if let offset = steadyOffset { return Instant(seconds: wall - Int64(offset)) }
        let instant = zone.instant(CivilDateTime(utcSeconds: wall))
        return zone.local(instant).utcSeconds == wall ? instant : nil
    }
}
