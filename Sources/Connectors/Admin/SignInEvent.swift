/// Sign-in failures and slowdowns as security events: a masked JSON line in serve's log and a
/// line in the journal of the establishment the account belongs to (platform-wide for a
/// platform admin or an email no account has, shown to platform admins), so an establishment
/// sees someone guessing its admins' passwords without reading server logs.
import Runtime

/// One security event of the sign-in.
public struct SignInEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A wrong password or an unknown email.
        case failed = "sign_in_failed"
        /// An attempt refused unchecked because its email or address must still wait (429);
        /// reported once per delay.
        case slowedDown = "sign_in_slowed_down"
    }

    public var kind: Kind
    /// The email as normalised (trimmed, lower case), unmasked: masked where it is written.
    public var email: String
    public var remoteAddress: String
    /// Whether an account has this email.
    public var knownAccount: Bool
    /// The account's establishment; nil for a platform admin or an unknown email.
    public var business: String?
    /// Consecutive failures for the email, this one included (`.failed`); 0 for `.slowedDown`.
    public var failures: Int
    /// Seconds before the next attempt is checked.
    public var delay: Int64
    public var at: Instant

    /// The journal's French line: masked email and address.
    public var frenchText: String {
        let who = "\(Redaction.email(email))\(knownAccount ? "" : " (aucun compte)") depuis \(Redaction.address(remoteAddress))"
        let wait = delay > 0 ? "\u{00A0}; nouvel essai possible dans \(delay)\u{00A0}s" : ""
        switch kind {
        case .failed:
            return "Connexion refusée pour \(who)\u{00A0}: mot de passe incorrect (\(failures)\u{00A0}échec\(failures > 1 ? "s" : "") de suite)\(wait)."
        case .slowedDown:
            return "Connexion ralentie pour \(who)\u{00A0}: tentative refusée sans vérification\(wait)."
        }
    }

    /// Writes the event to the log (warning, masked) and the journal's table.
    func report(telemetry: ServiceTelemetry, store: any WaitlistStore) {
        telemetry.log(.warn, kind == .failed ? "security: sign-in failed" : "security: sign-in slowed down", [
            "event": .string(kind.rawValue), "email": .string(Redaction.email(email)),
            "address": .string(Redaction.address(remoteAddress)), "known_account": .bool(knownAccount),
            "business": .string(business ?? "(platform)"), "failures": .int(failures), "delay_seconds": .int(Int(delay)),
        ])
        var batch = StoreBatch()
        batch.securityEvents = [SecurityEventRow(business: business, at: at, kind: kind.rawValue, text: frenchText)]
        do { try store.commit(batch) } catch {
            telemetry.log(.error, "security event not stored", ["event": .string(kind.rawValue), "error": .string(error.description)])
        }
    }
}
