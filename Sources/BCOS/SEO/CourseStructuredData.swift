import Foundation

/// schema.org `Course` for search engines.
enum CourseStructuredData {
    static func jsonLD(_ course: Course, model: CoursePageModel, language: Language, baseURL: String, sessions: [CourseSession] = []) -> String? {
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
        let url = "\(baseURL)/\(language.rawValue)/formations/\(course.slug)"
        json["hasCourseInstance"] = sessions.isEmpty
            ? ["@type": "CourseInstance", "courseMode": course.isOnline ? "online" : "onsite"]
            : sessions.map { instance($0, course: course, url: url) }
        return JSONLD.serialize(json)
    }

    /// One upcoming session: dates, mode, place or virtual location, language, and its offer.
    static func instance(_ session: CourseSession, course: Course, url: String) -> [String: Any] {
        var json: [String: Any] = [
            "@type": "CourseInstance",
            "startDate": SessionDateText.iso8601(session.startsAt),
            "endDate": session.endsOn,
            "courseMode": session.isOnline ? "online" : "onsite",
            "inLanguage": session.teaching.languageTags.count == 1 ? session.teaching.languageTags[0] : session.teaching.languageTags,
        ]
        if session.isOnline {
            // The meeting link goes to enrolled people by e-mail only: the page's address here.
            json["location"] = ["@type": "VirtualLocation", "url": url]
        } else {
            var address: [String: Any] = ["@type": "PostalAddress", "addressCountry": "MA"]
            if let city = session.city?.nilIfEmpty { address["addressLocality"] = city }
            if let street = session.address?.nilIfEmpty { address["streetAddress"] = street }
            json["location"] = ["@type": "Place", "name": session.city ?? "", "address": address]
        }
        var offer: [String: Any] = [
            "@type": "Offer", "category": "Paid", "url": url, "priceCurrency": course.currency,
            "availability": session.isFull ? "https://schema.org/SoldOut" : "https://schema.org/InStock",
        ]
        if let price = session.price(for: course).ttc { offer["price"] = NSDecimalNumber(decimal: price).stringValue }
        json["offers"] = offer
        return json
    }
}
