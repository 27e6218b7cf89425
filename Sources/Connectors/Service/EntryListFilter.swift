/// The list's filters read once for every caller: the HTML list (`/dashboard`), its CSV export
/// and the admin JSON API all turn the same raw strings into one validated `EntryQuery`, so a
/// filter cannot mean one thing on the page and another in the export or the API.
import Foundation
import RuleLang
import Runtime

/// Raw filter values as a request carries them (names differ: the pages use French query
/// names, the API English ones; the values and their rules are the same).
struct EntryListFilter: Sendable {
    /// The businesses the viewer may see (already restricted by the session).
    var businesses: [String]
    /// `AAAA-MM-JJ`, local to the first business; empty for any date.
    var date = ""
    /// `HH:MM`, local; needs `date`.
    var slot = ""
    /// An `EntryStatus` raw value; empty for all.
    var status = ""
    /// An `EntryQuery.Sort` raw value.
    var sort = "newest"
    /// 1-based page number as sent; nil for the first page.
    var page: String?
    /// Entries per page as sent; nil for the default (50).
    var perPage: String?
}

/// Why filter values were refused: the field, the French message the pages show and the
/// English message the API returns.
struct EntryListFilterProblem: Error, Sendable, Equatable {
    var field: String
    var french: String
    var english: String
}

extension WaitlistService {
    /// The validated query of `filter`, or the first problem found (nothing is read from the
    /// store before the whole filter is valid).
    func entryQuery(_ filter: EntryListFilter) -> Result<EntryQuery, EntryListFilterProblem> {
        func fail(_ field: String, _ french: String, _ english: String) -> Result<EntryQuery, EntryListFilterProblem> {
            .failure(EntryListFilterProblem(field: field, french: french, english: english))
        }
        var query = EntryQuery(businesses: filter.businesses)
        if let page = filter.page {
            guard let number = Int(page), number >= 1, number <= 1_000_000 else {
                return fail("page", "Numéro de page invalide.", "'page' must be a whole number from 1 to 1000000")
            }
            query.page = number
        }
        if let perPage = filter.perPage {
            guard let size = Int(perPage), (1...200).contains(size) else {
                return fail("per_page", "Le nombre de lignes par page doit être entre 1 et 200.", "'per_page' must be a whole number from 1 to 200")
            }
            query.pageSize = size
        }
        if !filter.status.isEmpty {
            let known = EntryStatus.allCases.map(\.rawValue)
            guard known.contains(filter.status) else {
                let hint = Suggestions.didYouMean(filter.status, among: known).map { " (\($0))" } ?? ""
                return fail("status", "Statut inconnu : \(filter.status).",
                            "unknown status '\(filter.status)'\(hint); statuses are \(known.joined(separator: ", "))")
            }
            query.statuses = [filter.status]
        }
        guard let sort = EntryQuery.Sort(rawValue: filter.sort) else {
            let names = EntryQuery.Sort.allCases.map(\.rawValue)
            return fail("sort", "Tri inconnu.", "unknown sort '\(filter.sort)'; sorts are \(names.joined(separator: ", "))")
        }
        query.sort = sort
        let zoneBusiness = query.businesses.first ?? ""
        if !filter.date.isEmpty {
            guard let start = parseLocalTime("\(filter.date)T00:00:00", business: zoneBusiness) else {
                return fail("date", "Date invalide : utilisez AAAA-MM-JJ.", "'date' must be a local date like 2030-03-14")
            }
            if !filter.slot.isEmpty {
                guard let slot = parseLocalTime("\(filter.date)T\(filter.slot):00", business: zoneBusiness) else {
                    return fail("slot", "Créneau invalide : utilisez HH:MM.", "'slot' must be a local time like 19:30")
                }
                query.slot = slot
            } else {
                query.requestedFrom = start
                query.requestedTo = start + .seconds(86_400)
            }
        } else if !filter.slot.isEmpty {
            return fail("slot", "Choisissez une date pour filtrer par créneau.", "'slot' needs 'date'")
        }
        if let problem = query.problem { return fail("business", problem, "no establishment to list") }
        return .success(query)
    }
}
