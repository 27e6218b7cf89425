/// The period of the statistics, shared by the page (`?du=&au=`) and the admin API
/// (`?from=&to=`): local dates, inclusive, the last 30 days by default and three years at
/// most, so both read the same dates the same way and compute the same figures.
import Runtime

/// A period as asked for: the dates' text (defaults filled in) and, when they make sense, the
/// instants `[from, to)` (`to` is the start of the day after the last one).
struct StatisticsPeriod {
    /// What was wrong with the dates.
    enum Problem: Error {
        case from, to, range
    }

    var fromText: String
    var toText: String
    var bounds: Result<(from: Instant, to: Instant), Problem>

    /// The longest period: three years.
    static let longest: Duration = .seconds(3 * 366 * 86_400)

    /// The period of `fromText`…`toText` (nil: the last 30 days up to today) in `zone`.
    init(fromText: String?, toText: String?, now: Instant, zone: ZoneConverter) {
        self.fromText = fromText ?? String(LocalTimeText.local(now - .seconds(29 * 86_400), zone: zone).prefix(10))
        self.toText = toText ?? String(LocalTimeText.local(now, zone: zone).prefix(10))
        guard let from = LocalTimeText.parse("\(self.fromText)T00:00:00", zone: zone) else { bounds = .failure(.from); return }
        guard let lastDay = LocalTimeText.parse("\(self.toText)T00:00:00", zone: zone) else { bounds = .failure(.to); return }
        guard lastDay >= from, lastDay - from <= Self.longest else { bounds = .failure(.range); return }
        bounds = .success((from, lastDay + .seconds(86_400)))
    }
}

extension WaitlistService {
    /// The figures of `business` over `[from, to)`, from the store's narrow facts.
    func statistics(business: String, from: Instant, to: Instant, zone: ZoneConverter) throws(StoreError) -> WaitlistStatistics {
        WaitlistStatistics.compute(try store.statisticsFacts(business: business, from: from, to: to), from: from, to: to, zone: zone)
    }
}
