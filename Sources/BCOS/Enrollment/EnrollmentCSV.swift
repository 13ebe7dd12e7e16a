/// The enrollments export as a spreadsheet reads it: one column per answer, labelled from the
/// forms, option codes written as their labels (`google` → "Google"), statuses, languages and
/// sources in words. UTF-8 with a byte-order mark (Excel then shows Arabic), `;` by default.
struct EnrollmentCSV {
    let rows: [EnrollmentExportRow]
    let separator: String

    /// Fixed columns first; then every other field that some exported enrollment answered, in
    /// the order of its form, labelled in French.
    func text() -> String {
        let fixed = ["full_name", "email", "phone", "company", "position"]
        var columns: [(name: String, label: String, field: FormField?)] = []
        var seen = Set(fixed)
        for row in rows {
            for field in (row.snapshot ?? DefaultForm.fields).sorted(by: { $0.order < $1.order }) where !seen.contains(field.name) {
                let answered = row.standard[field.name] != nil || row.answers[field.name] != nil
                guard answered else { continue }
                seen.insert(field.name)
                columns.append((field.name, field.label_fr.isEmpty ? field.name : LabelMarkup.plainText(field.label_fr), field))
            }
        }
        var csv = "\u{FEFF}" + CSV.line(
            ["Date", "Nom complet", "E-mail", "Téléphone", "Entreprise", "Fonction", "Formation", "Session", "Statut", "Langue", "Source"]
                + columns.map(\.label), separator: separator)
        for row in rows {
            let s = row.summary
            let fields = Dictionary((row.snapshot ?? DefaultForm.fields).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            func value(_ name: String) -> String {
                if let answer = row.answers[name] { return fields[name].map(answer.display) ?? answer.text }
                guard let text = row.standard[name] else { return "" }
                // A standard column of a select (how did you hear…) shows the option's label.
                return fields[name]?.options?.first { $0.value == text }?.label_fr ?? text
            }
            csv += CSV.line([
                AdminFormat.dateTime(s.createdAt), s.fullName, s.email, s.phone, value("company"), value("position"), s.courseTitle ?? "",
                s.sessionStart == nil ? "" : s.sessionLabel, EnrollmentStatus.label(s.status), AdminFormat.language(s.language), AdminFormat.source(s.source),
            ] + columns.map { value($0.name) }, separator: separator)
        }
        return csv
    }
}
