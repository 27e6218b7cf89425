import Connectors
import Foundation

/// What `serve` prints once it listens: where things are and, in demo mode, the exact
/// commands to walk through the whole flow.
enum ServeBanner {
    static func text(host: ServiceHost, options: ServeOptions) -> String {
        let base = host.publicURL
        var lines = [
            "SpeedAI waitlist service listening on http://\(options.host):\(host.server.port)",
            "  businesses : \(host.service.businessIDs.joined(separator: ", "))",
            "  data       : \(options.dataDirectory)/speedai.db",
            "  SMS        : \(options.dataDirectory)/sms.jsonl",
            "  health     : \(base)/healthz   metrics: \(base)/metrics",
        ]
        if host.apiKeyGenerated { lines.append("  API key    : \(host.apiKey)   (generated; set SPEEDAI_API_KEY to choose one)") }
        guard options.demo else { return lines.joined(separator: "\n") }
        let slot = demoSlot(host)
        let binary = CommandLine.arguments.first ?? "speedai-rules"
        lines += [
            "",
            "Demo: tomorrow's dinner at « Le Petit Bistrot (démo) » is fully booked. Try it:",
            "",
            "1. A caller asks for \(slot.replacingOccurrences(of: "T", with: " ")); the voice agent puts them on the waitlist:",
            "",
            "   curl -s -X POST \(base)/api/v1/waitlist/trigger \\",
            "     -H 'Authorization: Bearer \(host.apiKey)' -H 'Content-Type: application/json' \\",
            "     -d '{\"requested_slot\": \"\(slot)\", \"business_id\": \"demo\", \"phone\": \"06 12 34 56 78\", \"source\": \"voice_agent\"}'",
            "",
            "2. The SMS appears below and in \(options.dataDirectory)/sms.jsonl; open its link in a browser and join",
            "   the waitlist (or, without a browser, post the form with the link from the SMS as LINK):",
            "",
            "   curl -s -o /dev/null -w '%{http_code}\\n' -X POST \"$LINK\" \\",
            "     --data 'prenom=Camille&nom=Perrin&telephone=0612345678&email=camille%40example.fr&couverts=2&creneaux=\(slot.prefix(13))%3A\(slot.dropFirst(14).prefix(2))'",
            "",
            "3. A table cancels (from another terminal):",
            "",
            "   \(binary) calendar cancel --data \(options.dataDirectory) --business demo --at \(slot)",
            "",
            "   Within seconds the offer SMS (Oui / Non links) appears. Oui books the table:",
            "",
            "   \(binary) calendar list --data \(options.dataDirectory) --business demo",
            "",
            "4. The dashboard « Liste d’attente »: \(base)/dashboard",
            "   sign in as \(host.demoAdmin?.email ?? "-") with the password \(host.demoAdmin?.password ?? "-")",
            "",
            "Stop with Ctrl-C.",
        ]
        return lines.joined(separator: "\n")
    }

    /// Tomorrow 19:30 in the demo's time zone, as the trigger takes it.
    static func demoSlot(_ host: ServiceHost) -> String {
        let now = host.service.clock.now()
        let events = (try? host.store.localCalendarEvents(business: "demo", from: now)) ?? []
        let first = events.first { $0.uid == "demo-3" } ?? events.first
        return first.map { host.service.localTime($0.start, business: "demo") } ?? "2030-01-18T19:30:00"
    }
}
