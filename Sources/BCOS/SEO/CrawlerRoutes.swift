import Foundation
import HTTPServer

/// `/sitemap.xml` and `/robots.txt`.
struct CrawlerRoutes: Sendable {
    let database: AppDatabase
    let baseURL: String
    let pages: CachedPages

    func register(_ router: inout Router) {
        router.get("/robots.txt") { _ in
            var response = Response.text("""
                User-agent: *
                Allow: /
                Disallow: /admin
                Disallow: /*/formations/*/inscription
                Disallow: /*/formations/*/merci

                Sitemap: \(baseURL)/sitemap.xml

                """)
            response.headers.add(name: "cache-control", value: "public, max-age=3600")
            return response
        }
        pages.route(&router, "/sitemap.xml", key: { _ in "sitemap" }) { _ in .page(try await sitemap(), PageFacts(tags: [.catalog])) }
    }

    /// Every published course and the home and catalog pages, in both languages, each with its
    /// `xhtml:link` alternates; `lastmod` from the course's `updated_at`. Active landing pages too,
    /// with alternates only for the languages that have one; the legal pages likewise.
    func sitemap() async throws -> Response {
        let (entries, landings, legal) = try await database.run { db in
            (try db.courses.sitemapEntries(), try db.landingPages.activePaths(), try db.legalPages.all())
        }
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">

            """
        func add(_ pathFor: (Language) -> String, lastmod: Date?, languages: [Language] = Language.allCases) {
            for language in languages {
                xml += "  <url>\n    <loc>\(XML.escape(baseURL + pathFor(language)))</loc>\n"
                if let lastmod { xml += "    <lastmod>\(CrawlerRoutes.w3cDate(lastmod))</lastmod>\n" }
                for alternate in languages {
                    xml += "    <xhtml:link rel=\"alternate\" hreflang=\"\(alternate.rawValue)\" href=\"\(XML.escape(baseURL + pathFor(alternate)))\"/>\n"
                }
                if let fallback = languages.first {
                    xml += "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"\(XML.escape(baseURL + pathFor(fallback)))\"/>\n"
                }
                xml += "  </url>\n"
            }
        }
        let newest = entries.map(\.updatedAt).max()
        add({ "/\($0.rawValue)/" }, lastmod: newest)
        add({ "/\($0.rawValue)/formations" }, lastmod: newest)
        for entry in entries {
            add({ "/\($0.rawValue)/formations/\(PercentDecoding.encode(entry.slug))" }, lastmod: entry.updatedAt)
        }
        for (slug, pages) in Dictionary(grouping: landings, by: \.slug).sorted(by: { $0.key < $1.key }) {
            add({ "/\($0.rawValue)/formations/\(PercentDecoding.encode(slug))/presentation" },
                lastmod: pages.compactMap(\.updatedAt).max(), languages: Language.allCases.filter { l in pages.contains { $0.language == l } })
        }
        // The legal pages, in the languages they are written in.
        for page in legal where !page.languages.isEmpty {
            add({ page.kind.path(in: $0) }, lastmod: page.updatedAt, languages: page.languages)
        }
        xml += "</urlset>\n"
        var response = Response.text(xml, contentType: "application/xml; charset=utf-8")
        response.headers.add(name: "cache-control", value: "public, max-age=600")
        return response
    }

    static func w3cDate(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

enum XML {
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
