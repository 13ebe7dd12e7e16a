/// Only local admin paths are valid places to return to after sign-in (no open redirect).
enum SafeRedirect {
    static func adminPath(_ candidate: String?) -> String {
        guard let candidate, candidate.hasPrefix("/admin"), !candidate.hasPrefix("//"), !candidate.contains("\\"),
              !candidate.unicodeScalars.contains(where: { $0.value < 0x20 }), candidate != "/admin/login" else { return "/admin" }
        return candidate
    }
}
