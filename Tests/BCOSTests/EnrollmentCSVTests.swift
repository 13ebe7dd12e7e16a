@testable import BCOS
import Foundation
import XCTest

/// The export as French Excel opens it: `;`, one labelled column per answer, option labels.
final class EnrollmentCSVTests: XCTestCase {
    func row(standard: [String: String], answers: [String: Answer] = [:], snapshot: [FormField]? = nil, language: String = "ar") -> EnrollmentExportRow {
        EnrollmentExportRow(
            summary: EnrollmentSummary(id: UUID(), createdAt: Date(timeIntervalSince1970: 1_800_000_000), fullName: "Salma Bennani",
                                       email: "salma@example.ma", phone: "+212 6 61 23 45 67", status: "confirmed", language: language,
                                       source: "website; utm_source=google", courseTitle: "Excel avancé"),
            standard: standard, answers: answers, snapshot: snapshot)
    }

    func testColumnsAreLabelledAndCodesReadAsWords() throws {
        let session = FormField(id: "s", name: "session_choice", type: .select, label_fr: "Session souhaitée", label_ar: "الدورة", required: false,
                                placeholder_fr: nil, placeholder_ar: nil,
                                options: [.init(value: "jan", label_fr: "Janvier 2027", label_ar: "يناير 2027")], order: 8)
        let rows = [
            row(standard: ["how_did_you_hear": "google", "preferred_date": "2027-01-15", "motivation": "Monter en compétence"],
                snapshot: DefaultForm.fields + [FormField(id: "d", name: "preferred_date", type: .date, label_fr: "Date souhaitée", label_ar: "التاريخ",
                                                          required: false, placeholder_fr: nil, placeholder_ar: nil, options: nil, order: 7)]),
            row(standard: [:], answers: ["session_choice": .text("jan")], snapshot: [session], language: "fr"),
        ]
        let text = EnrollmentCSV(rows: rows, separator: ";").text()
        XCTAssertTrue(text.hasPrefix("\u{FEFF}"))
        let lines = text.dropFirst().components(separatedBy: "\r\n")
        let header = try XCTUnwrap(lines.first)
        XCTAssertTrue(header.hasPrefix("\"Date\";\"Nom complet\";\"E-mail\""), "semicolons for French Excel")
        for label in ["Motivation", "Comment avez-vous connu BCOS ?", "Date souhaitée", "Session souhaitée"] {
            XCTAssertTrue(header.contains("\"\(label)\""), "a labelled column: \(label)")
        }
        XCTAssertTrue(lines[1].contains("\"Google\""), "google → Google")
        XCTAssertTrue(lines[1].contains("\"2027-01-15\""), "the preferred date is exported")
        XCTAssertTrue(lines[1].contains("\"Arabe\"") && lines[1].contains("\"Site web ; utm_source=google\""), "codes as words")
        XCTAssertTrue(lines[2].contains("\"Janvier 2027\""), "a custom choice shows its label")
        XCTAssertTrue(lines[2].contains("\"Français\""))
        let comma = EnrollmentCSV(rows: rows, separator: ",").text()
        XCTAssertTrue(comma.dropFirst().hasPrefix("\"Date\",\"Nom complet\""))
    }
}
