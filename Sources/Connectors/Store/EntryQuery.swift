/// What the dashboard asks of the entries: filters by business, status, requested date and
/// slot, a sort and a page. Validated before any SQL runs, so an out-of-range page or size is
/// a clear error rather than an empty screen or a full scan.
import Runtime

/// A page of the entry list.
public struct EntryQuery: Sendable, Equatable {
    /// How the list is sorted.
    public enum Sort: String, Sendable, CaseIterable {
        /// Newest sign-ups first (the default).
        case newest
        /// By requested slot, soonest first.
        case requested
        /// By status, then newest.
        case status
    }

    /// The businesses to show (one for an establishment admin; several or all for the platform).
    public var businesses: [String]
    /// Statuses to keep (`EntryStatus` raw values); empty keeps all.
    public var statuses: Set<String> = []
    /// Requested slots starting in `[requestedFrom, requestedTo)`.
    public var requestedFrom: Instant?
    public var requestedTo: Instant?
    /// Entries whose requested or chosen slots include this start.
    public var slot: Instant?
    public var sort: Sort = .newest
    /// 1-based page number.
    public var page: Int = 1
    /// Entries per page, 1 to 200.
    public var pageSize: Int = 50

    /// A query over `businesses`.
    public init(businesses: [String]) { self.businesses = businesses }

    /// What is wrong with the query, in French for the dashboard, or nil.
    public var problem: String? {
        if businesses.isEmpty { return "Aucun établissement sélectionné." }
        if page < 1 || page > 1_000_000 { return "Numéro de page invalide." }
        if pageSize < 1 || pageSize > 200 { return "Le nombre de lignes par page doit être entre 1 et 200." }
        if let from = requestedFrom, let to = requestedTo, to <= from { return "La date de fin doit suivre la date de début." }
        let known = Set(EntryStatus.allCases.map(\.rawValue))
        if let unknown = statuses.first(where: { !known.contains($0) }) { return "Statut inconnu : \(unknown)." }
        return nil
    }
}

/// One page of entries and how many match in all.
public struct EntryPage: Sendable, Equatable {
    public var rows: [EntryRow]
    public var total: Int
    public var page: Int
    public var pageSize: Int

    /// The number of pages (at least 1).
    public var pageCount: Int { max(1, (total + pageSize - 1) / pageSize) }
}
