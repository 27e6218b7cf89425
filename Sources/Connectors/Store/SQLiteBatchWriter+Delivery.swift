/// Records `DeliveryReport`s inside the batch's savepoint: finds the outbox row by the
/// provider's reference (index `outbox_by_provider_ref`) and updates its delivery columns when
/// the report's status outranks the recorded one. A reference no row carries changes nothing:
/// the provider may report on a message sent before v5, or by another deployment.
import Runtime

extension SQLiteBatchWriter {
    static func applyDeliveryReport(_ report: DeliveryReport, _ db: SQLiteConnection) throws(StoreError) {
        guard !report.providerRef.isEmpty else { return }
        let rows = try db.query("SELECT id, delivery_status FROM outbox WHERE provider_ref = ?", [.text(report.providerRef)]) { row in
            (id: row.int64(0), status: row.optionalText(1))
        }
        let reached = SMSDeliveryStatus.reached.contains(report.status)
        for row in rows where SMSDeliveryStatus.replaces(report.status, over: row.status) {
            try db.run("""
                UPDATE outbox SET delivery_status = ?, delivery_error = COALESCE(?, delivery_error),
                    delivered_at = COALESCE(delivered_at, ?)
                WHERE id = ?
                """, [.text(report.status), .optionalText(report.errorCode.map(String.init)),
                      reached ? .instant(report.at) : .null, .integer(row.id)])
        }
    }
}
