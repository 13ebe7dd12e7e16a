/// A course's level (`formations.level`): the stored value, the catalog's `niveau` parameter and
/// the editor's field all use these raw values; labels come from `Messages` (`level_<raw>`).
public enum CourseLevel: String, Sendable, CaseIterable, Codable {
    case debutant, intermediaire, avance

    var messageKey: String { "level_\(rawValue)" }
}
