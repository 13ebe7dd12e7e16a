import Foundation

/// What the e-mails of one enrollment are made of, read in the transaction that writes them.
struct EnrollmentMailFacts: Sendable {
    var enrollmentID: UUID
    var reference: String
    var fullName: String
    var email: String
    var language: Language
    var status: EnrollmentStatus?
    var course: Course?
    var session: CourseSession?
    /// The form the visitor saw (the default form when none was stored).
    var fields: [FormField]
    var standard: [String: String]
    var answers: [String: Answer]

    init(record: EnrollmentRecord, course: Course?, session: CourseSession?) {
        enrollmentID = record.summary.id
        reference = record.reference ?? String(record.summary.id.lowercasedString.prefix(8))
        fullName = record.summary.fullName
        email = record.summary.email
        language = record.summary.language.flatMap(Language.init(rawValue:)) ?? .fr
        status = EnrollmentStatus(rawValue: record.summary.status)
        self.course = course
        self.session = session
        fields = record.snapshot ?? DefaultForm.fields
        standard = record.standard
        answers = record.answers
    }

    init(enrollmentID: UUID, reference: String, fullName: String, email: String, language: Language, status: EnrollmentStatus?,
         course: Course?, session: CourseSession?, fields: [FormField], standard: [String: String], answers: [String: Answer]) {
        (self.enrollmentID, self.reference, self.fullName, self.email, self.language, self.status) =
            (enrollmentID, reference, fullName, email, language, status)
        (self.course, self.session, self.fields, self.standard, self.answers) = (course, session, fields, standard, answers)
    }

    /// The course title in `language`, the other language's when it has none.
    func courseTitle(in language: Language) -> String {
        guard let course else { return "—" }
        return LocalizedText.pick(fr: course.titleFr, ar: course.titleAr, legacy: course.title, in: language)?.text ?? course.slug
    }

    /// Every answer given, in form order, labelled and with option labels in `language`.
    func labelledAnswers(in language: Language) -> [MailLine] {
        fields.sorted { $0.order < $1.order }.compactMap { field in
            guard let answer = answers[field.name] ?? standard[field.name].map(Answer.text) else { return nil }
            let value = answer.display(field, in: language)
            guard !value.isEmpty else { return nil }
            let label = language == .ar ? field.label_ar.nilIfEmpty ?? field.label_fr : field.label_fr.nilIfEmpty ?? field.label_ar
            return MailLine(label: LabelMarkup.plainText(label.nilIfEmpty ?? field.name), value: value, ltr: [.email, .phone, .date].contains(field.type))
        }
    }
}

/// A labelled value of an e-mail; `ltr` for e-mails, phones and dates in an Arabic message.
struct MailLine: Encodable, Sendable, Equatable {
    let label: String
    let value: String
    let ltr: Bool
}

extension Answer {
    /// The answer with the option labels and yes/no of `language`.
    func display(_ field: FormField, in language: Language) -> String {
        let label = { (value: String) in
            field.options?.first { $0.value == value }.map { language == .ar ? $0.label_ar.nilIfEmpty ?? $0.label_fr : $0.label_fr } ?? value
        }
        switch self {
        case .text(let value): return label(value)
        case .flag(let value): return value ? (language == .ar ? "نعم" : "Oui") : (language == .ar ? "لا" : "Non")
        case .choices(let values): return values.map(label).joined(separator: language == .ar ? "، " : ", ")
        }
    }
}
