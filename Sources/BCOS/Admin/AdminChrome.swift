/// The back office's own chrome (brand, skip link, navigation, sign-out, language switch) in the
/// admin's chosen language (`AdminIdentity.interfaceLanguage`). The pages' content stays in
/// French: the chrome is what an Arabic-speaking admin finds their way with.
struct AdminChrome: Sendable {
    let language: Language

    private static let arabicSections: [String: String] = [
        "/admin": "لوحة القيادة", "/admin/formations": "الدورات", "/admin/categories": "الفئات", "/admin/inscriptions": "التسجيلات",
        "/admin/crm": "تكاملات CRM", "/admin/crm/logs": "سجل CRM", "/admin/emails": "الرسائل الإلكترونية", "/admin/conversion": "التحويل",
        "/admin/comptes": "الحسابات", "/admin/journal": "سجل التغييرات",
        "/admin/pages-legales": "الصفحات القانونية",
    ]

    /// A section's label: the French one of `AdminRenderer.sections`, or its Arabic translation.
    func label(href: String, french: String) -> String {
        language == .ar ? AdminChrome.arabicSections[href] ?? french : french
    }

    var values: [String: String] {
        switch language {
        case .fr:
            ["brand": "BCOS · Administration", "title_suffix": "Administration BCOS", "skip": "Aller au contenu", "sign_out": "Se déconnecter",
             "nav_label": "Administration", "switch_label": "العربية", "switch_title": "Afficher l’administration en arabe",
             "account_title": "Votre compte : double authentification"]
        case .ar:
            ["brand": "BCOS · الإدارة", "title_suffix": "إدارة BCOS", "skip": "انتقل إلى المحتوى", "sign_out": "تسجيل الخروج",
             "nav_label": "الإدارة", "switch_label": "Français", "switch_title": "Afficher l’administration en français",
             "account_title": "حسابك: التحقق بخطوتين"]
        }
    }
}
