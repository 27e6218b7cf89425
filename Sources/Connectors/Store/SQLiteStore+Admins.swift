/// The read side of `SQLiteStore` for dashboard access: admin accounts, sessions, and the
/// security events of sign-in.
import Runtime

extension SQLiteStore {
    public func admin(email: String) throws(StoreError) -> AdminRow? {
        try readers.withConnection { db throws(StoreError) in
            try db.queryFirst("SELECT email, business, password_hash, created_at FROM admins WHERE email = ?",
                              [.text(email)], row: Self.adminRow)
        }
    }

    public func admins() throws(StoreError) -> [AdminRow] {
        try readers.withConnection { db throws(StoreError) in
            try db.query("SELECT email, business, password_hash, created_at FROM admins ORDER BY email", row: Self.adminRow)
        }
    }

    public func session(digest: String) throws(StoreError) -> AdminSessionRow? {
        try readers.withConnection { db throws(StoreError) in
            try db.queryFirst("""
                SELECT token_digest, email, csrf, created_at, expires_at FROM admin_sessions WHERE token_digest = ?
                """, [.text(digest)]) { row in
                AdminSessionRow(tokenDigest: row.text(0), email: row.text(1), csrf: row.text(2),
                                createdAt: row.instant(3), expiresAt: row.instant(4))
            }
        }
    }

    public func securityEvents(business: String?, limit: Int) throws(StoreError) -> [SecurityEventRow] {
        try readers.withConnection { db throws(StoreError) in
            try db.query("SELECT business, at, kind, text FROM security_events WHERE business IS ? ORDER BY id DESC LIMIT ?",
                         [.optionalText(business), .int(limit)]) { row in
                SecurityEventRow(business: row.optionalText(0), at: row.instant(1), kind: row.text(2), text: row.text(3))
            }
        }
    }

    private static func adminRow(_ row: SQLiteStatement) -> AdminRow {
        AdminRow(email: row.text(0), business: row.optionalText(1), passwordHash: row.text(2), createdAt: row.instant(3))
    }
}
