import Foundation
import Postgres

/// SQL for `legal_pages` (migration 014): one row per `LegalPageKind`, created by the migration,
/// so saving is always an update.
struct LegalPageRepository {
    let connection: PostgresConnection

    private static let columns = """
        slug, title_fr, title_ar, body_fr, body_ar, address_fr, address_ar, phone, email, whatsapp, map_url,
        hours_fr, hours_ar, version, updated_at
        """

    /// The four pages in `LegalPageKind` order; a row missing from the table reads as an empty page.
    func all() throws -> [LegalPage] {
        let rows = try connection.query("SELECT \(LegalPageRepository.columns) FROM legal_pages").rows
        let stored = Dictionary(try rows.compactMap(LegalPageRepository.page).map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        return LegalPageKind.allCases.map { stored[$0] ?? LegalPage(kind: $0) }
    }

    func page(_ kind: LegalPageKind) throws -> LegalPage {
        try connection.query("SELECT \(LegalPageRepository.columns) FROM legal_pages WHERE slug = $1", [kind.rawValue]).first
            .flatMap(LegalPageRepository.page) ?? LegalPage(kind: kind)
    }

    /// The page's current version (0 before its first save): what an enrollment's consent refers to.
    func version(_ kind: LegalPageKind) throws -> Int {
        try connection.query("SELECT version FROM legal_pages WHERE slug = $1", [kind.rawValue]).first?.decode("version") ?? 0
    }

    /// Saves the page if it is still at `expectedVersion` (the one the editor was opened with) and
    /// returns its new version; nil when someone saved it meanwhile (nothing is written then).
    func save(_ page: LegalPage, expectedVersion: Int) throws -> Int? {
        let c = page.contact
        return try connection.query("""
            UPDATE legal_pages SET title_fr = $2, title_ar = $3, body_fr = $4, body_ar = $5, address_fr = $6, address_ar = $7,
              phone = $8, email = $9, whatsapp = $10, map_url = $11, hours_fr = $12, hours_ar = $13,
              version = version + 1, updated_at = NOW()
            WHERE slug = $1 AND version = $14
            RETURNING version
            """, [
                page.kind.rawValue, page.titleFr, page.titleAr, page.bodyFr, page.bodyAr, c.addressFr, c.addressAr,
                c.phone, c.email, c.whatsapp, c.mapURL, c.hoursFr, c.hoursAr, expectedVersion,
            ]).first?.decode("version")
    }

    private static func page(_ row: Row) throws -> LegalPage? {
        guard let kind = LegalPageKind(rawValue: try row.decode("slug")) else { return nil }
        return LegalPage(
            kind: kind, titleFr: try row.decode("title_fr"), titleAr: try row.decode("title_ar"),
            bodyFr: try row.decode("body_fr"), bodyAr: try row.decode("body_ar"),
            contact: ContactDetails(
                addressFr: try row.decode("address_fr"), addressAr: try row.decode("address_ar"), phone: try row.decode("phone"),
                email: try row.decode("email"), whatsapp: try row.decode("whatsapp"), mapURL: try row.decode("map_url"),
                hoursFr: try row.decode("hours_fr"), hoursAr: try row.decode("hours_ar")),
            version: try row.decode("version"), updatedAt: try row.decode("updated_at"))
    }
}
