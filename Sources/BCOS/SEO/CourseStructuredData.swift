import Foundation

/// schema.org `Course` for search engines.
enum CourseStructuredData {
    static func jsonLD(_ formation: Formation, model: CoursePageModel, language: Language, baseURL: String) -> String? {
        var course: [String: Any] = [
            "@context": "https://schema.org",
            "@type": "Course",
            "name": model.title.text,
            "description": model.description?.text ?? model.title.text,
            "inLanguage": language.rawValue,
            "url": "\(baseURL)/\(language.rawValue)/formations/\(formation.slug)",
            "provider": ["@type": "Organization", "name": "BCOS", "sameAs": baseURL],
        ]
        if let reference = formation.reference, !reference.isEmpty { course["courseCode"] = reference }
        if let price = formation.priceTTC ?? formation.priceHT {
            course["offers"] = [
                "@type": "Offer", "category": "Paid", "price": NSDecimalNumber(decimal: price).stringValue,
                "priceCurrency": formation.currency,
            ]
        }
        course["hasCourseInstance"] = [
            "@type": "CourseInstance",
            "courseMode": formation.isOnline ? "online" : "onsite",
        ]
        return JSONLD.serialize(course)
    }
}
