/// The statistics screen: the waitlist's conversion and funnel, declines and timeouts, how
/// fast freed slots are refilled, refills per week and the SMS cost, over a date range —
/// numbers first, then the two charts drawn server-side as inline SVG.
import Runtime

extension DashboardPages {
    /// The statistics page of one establishment.
    public static func stats(viewer: DashboardViewer, business: String, fromText: String, toText: String,
                             statistics: WaitlistStatistics, error: String?) -> String {
        let conversion = statistics.conversionRate.map { SVGChart.percent($0) } ?? "—"
        let median = statistics.medianRefillSeconds.map { seconds -> String in
            seconds < 3600 ? "\(Int((seconds / 60).rounded())) min" : "\(SVGChart.number(seconds / 3600)) h"
        } ?? "—"
        let figures: [(String, String)] = [
            ("Taux de conversion (confirmés / inscrits)", conversion),
            ("Invités", SVGChart.number(Double(statistics.invited))),
            ("Inscrits", SVGChart.number(Double(statistics.joined))),
            ("Contactés", SVGChart.number(Double(statistics.offered))),
            ("Confirmés", SVGChart.number(Double(statistics.confirmed))),
            ("Refus", SVGChart.number(Double(statistics.declines))),
            ("Sans réponse (délai dépassé)", SVGChart.number(Double(statistics.timeouts))),
            ("Délai médian de remplissage", median),
            ("SMS envoyés (segments)", "\(SVGChart.number(Double(statistics.smsCount))) (\(SVGChart.number(Double(statistics.smsSegments))))"),
        ]
        let rows = HTML.lines(figures.map { "<tr><th scope=\"row\">\($0.0)</th><td>\($0.1)</td></tr>" })
        // Weeks read « semaine du 7 décembre » (« 7 déc. » under the bar), not as ISO dates.
        let mondays = statistics.refilledPerWeek.map { civilDate($0.weekStart) }
        let weeks = zip(statistics.refilledPerWeek, mondays).map { week, monday in
            (label: monday.map { "semaine du \(dayAndMonth($0))" } ?? week.weekStart, value: Double(week.count))
        }
        let axis = zip(statistics.refilledPerWeek, mondays).map { week, monday in monday.map(shortDayAndMonth) ?? week.weekStart }
        let content: HTML = """
            \(HTML.when(error != nil, "<p class=\"notice error\" role=\"alert\">\(error ?? "")</p>"))
            <form class="panel filters" method="get" action="/dashboard/stats" aria-label="Période">
            <input type="hidden" name="etablissement" value="\(business)">
            <label>Du<input type="date" name="du" value="\(fromText)"></label>
            <label>Au<input type="date" name="au" value="\(toText)"></label>
            <button class="button" type="submit">Afficher</button>
            </form>
            <section class="panel" aria-label="Chiffres"><table><tbody>\(rows)</tbody></table></section>
            <section class="panel" aria-label="Entonnoir">\(HTML.generated(SVGChart.funnel(statistics.funnel, title: "De l’invitation à la réservation")))</section>
            <section class="panel" aria-label="Remplissages par semaine">\(HTML.generated(SVGChart.bars(weeks, title: "Créneaux remplis par semaine", axisLabels: axis)))</section>
            """
        return DashboardLayout.document(title: "Statistiques", viewer: viewer, content: content)
    }

    /// `2026-12-07` → the civil date, nil when it is not one.
    static func civilDate(_ iso: String) -> CivilDateTime? {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        return CivilDateTime(year: parts[0], month: parts[1], day: parts[2])
    }

    /// « 7 décembre », « 1er décembre ».
    static func dayAndMonth(_ date: CivilDateTime) -> String {
        "\(date.day == 1 ? "1er" : "\(date.day)") \(FrenchFormat.months[date.month - 1])"
    }

    /// « 7 déc. », short enough to sit under a bar.
    static func shortDayAndMonth(_ date: CivilDateTime) -> String {
        let months = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
        return "\(date.day == 1 ? "1er" : "\(date.day)") \(months[date.month - 1])"
    }
}
