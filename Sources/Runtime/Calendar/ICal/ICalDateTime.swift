/// A DTSTART, DTEND, EXDATE, RDATE or RECURRENCE-ID value with its time-zone form: UTC
/// (`...Z`), a named zone (`TZID=Europe/Paris`), floating (neither: the establishment's
/// zone, given at expansion time), or a DATE (an all-day value, also floating).

/// How a date-time value says which clock it is read on.
public enum ICalTimeForm: Sendable, Hashable {
    /// No zone: read on the wall clock of the zone given to the expander.
    case floating
    /// A trailing `Z`.
    case utc
    /// A `TZID` parameter, resolved to an IANA zone when the file was read.
    case zoned(ZoneConverter)

    /// Zoned forms are equal when they name the same zone.
    public static func == (a: ICalTimeForm, b: ICalTimeForm) -> Bool {
        switch (a, b) {
        case (.floating, .floating), (.utc, .utc): true
        case let (.zoned(x), .zoned(y)): x.identifier == y.identifier
        default: false
        }
    }

    /// Hashes the form and, for a zone, its identifier.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .floating: hasher.combine(0)
        case .utc: hasher.combine(1)
        case .zoned(let zone): hasher.combine(zone.identifier)
        }
    }

    /// The clock this form is read on, given the zone used for floating times.
    public func zone(default defaultZone: ZoneConverter) -> ZoneConverter {
        switch self {
        case .floating: defaultZone
        case .utc: ICalTimeForm.utcZone
        case .zoned(let zone): zone
        }
    }

    /// UTC as a zone converter (a fixed zero offset).
    static let utcZone: ZoneConverter = ZoneConverter(identifier: "UTC") ?? ZoneConverter(identifier: "GMT")!
}

/// A date or date-time as written in the file, with the clock it is read on.
public struct ICalDateTime: Sendable, Hashable {
    /// The wall-clock value as written (midnight for a DATE).
    public var local: CivilDateTime
    /// Which clock the value is read on.
    public var form: ICalTimeForm
    /// Written as a DATE (`VALUE=DATE`, `20250118`): a whole day, always floating.
    public var isDate: Bool

    /// A value; a DATE is always floating, whatever `form` says.
    public init(local: CivilDateTime, form: ICalTimeForm, isDate: Bool = false) {
        self.local = local
        self.form = isDate ? .floating : form
        self.isDate = isDate
    }

    /// The instant this value denotes, floating values being read in `defaultZone`.
    public func instant(defaultZone: ZoneConverter) -> Instant {
        form.zone(default: defaultZone).instant(local)
    }
}
