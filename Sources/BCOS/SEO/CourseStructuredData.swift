import Foundation

/// schema.org `Course` for search engines.
enum CourseStructuredData {
    static func jsonLD(_ course: Course, model: CoursePageModel, language: Language, baseURL: String) -> String? {
        var json: [String: Any] = [
            "@context": "https://schema.org",
            "@type": "Course",
            "name": model.title.text,
            "description": model.description?.text ?? model.title.text,
            "inLanguage": language.rawValue,
            "url": "\(baseURL)/\(language.rawValue)/formations/\(course.slug)",
            "provider": ["@type": "Organization", "name": "BCOS", "sameAs": baseURL],
        ]
        if let reference = course.reference, !reference.isEmpty { json["courseCode"] = reference }
        if let price = course.pricing.ttc {
            json["offers"] = [
                "@type": "Offer", "category": "Paid", "price": NSDecimalNumber(decimal: price).stringValue,
                "priceCurrency": course.currency,
            ]
        }
        json["hasCourseInstance"] = [
            "@type": "CourseInstance",
            "courseMode": course.isOnline ? "online" : "onsite",
        ]
        return JSONLD.serialize(json)
    }
}
