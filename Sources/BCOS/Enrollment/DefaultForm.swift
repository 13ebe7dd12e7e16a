/// The form a course gets when its `inscription_form_fields` is empty: the seed's
/// EnrollmentForm (full name, e-mail, phone, company, position, motivation, how did you hear),
/// then the required consent box.
enum DefaultForm {
    static let fields: [FormField] = [
        FormField(id: "default_full_name", name: "full_name", type: .text, label_fr: "Nom complet", label_ar: "الاسم الكامل",
                  required: true, placeholder_fr: nil, placeholder_ar: nil, options: nil, order: 1),
        FormField(id: "default_email", name: "email", type: .email, label_fr: "Adresse e-mail", label_ar: "البريد الإلكتروني",
                  required: true, placeholder_fr: "nom@exemple.com", placeholder_ar: "name@example.com", options: nil, order: 2),
        FormField(id: "default_phone", name: "phone", type: .phone, label_fr: "Téléphone", label_ar: "الهاتف",
                  required: true, placeholder_fr: "+212 6 00 00 00 00", placeholder_ar: "+212 6 00 00 00 00", options: nil, order: 3),
        FormField(id: "default_company", name: "company", type: .text, label_fr: "Entreprise", label_ar: "الشركة",
                  required: false, placeholder_fr: nil, placeholder_ar: nil, options: nil, order: 4),
        FormField(id: "default_position", name: "position", type: .text, label_fr: "Fonction", label_ar: "المنصب",
                  required: false, placeholder_fr: nil, placeholder_ar: nil, options: nil, order: 5),
        FormField(id: "default_motivation", name: "motivation", type: .textarea, label_fr: "Motivation", label_ar: "الدافع",
                  required: false, placeholder_fr: "Pourquoi souhaitez-vous suivre cette formation ?",
                  placeholder_ar: "لماذا ترغب في متابعة هذا التكوين؟", options: nil, order: 6),
        FormField(id: "default_how_did_you_hear", name: "how_did_you_hear", type: .select,
                  label_fr: "Comment avez-vous connu BCOS ?", label_ar: "كيف تعرّفت على BCOS؟",
                  required: false, placeholder_fr: nil, placeholder_ar: nil,
                  options: [
                      .init(value: "google", label_fr: "Google", label_ar: "جوجل"),
                      .init(value: "social", label_fr: "Réseaux sociaux", label_ar: "وسائل التواصل الاجتماعي"),
                      .init(value: "referral", label_fr: "Recommandation", label_ar: "توصية"),
                      .init(value: "other", label_fr: "Autre", label_ar: "أخرى"),
                  ], order: 7),
        consent(withTerms: false),
    ]

    /// The default form of a course: its last box links to the terms of sale too when the course
    /// shows a price (`Course.showsPrice`).
    static func fields(showsPrice: Bool) -> [FormField] {
        showsPrice ? Array(fields.dropLast()) + [consent(withTerms: true)] : fields
    }

    /// The required consent box (`Consent`), whose label links to the privacy policy, and to the
    /// terms of sale for a priced course (`LabelMarkup`: `[texte](/confidentialite)`).
    static func consent(withTerms: Bool) -> FormField {
        FormField(
            id: "default_consent", name: Consent.fieldName, type: .checkbox,
            label_fr: withTerms
                ? "J’accepte les [conditions générales de vente](/cgv) et le traitement de mes données personnelles par BCOS Formation pour gérer mon inscription, comme le décrit la [politique de confidentialité](/confidentialite)."
                : "J’accepte le traitement de mes données personnelles par BCOS Formation pour gérer mon inscription, comme le décrit la [politique de confidentialité](/confidentialite).",
            label_ar: withTerms
                ? "أوافق على [الشروط العامة للبيع](/cgv) وعلى معالجة BCOS للتكوين لمعطياتي الشخصية من أجل تدبير تسجيلي، كما توضح ذلك [سياسة الخصوصية](/confidentialite)."
                : "أوافق على معالجة BCOS للتكوين لمعطياتي الشخصية من أجل تدبير تسجيلي، كما توضح ذلك [سياسة الخصوصية](/confidentialite).",
            required: true, placeholder_fr: nil, placeholder_ar: nil, options: nil, order: 8)
    }

    /// The seed's "preferred date" field: a course with dated sessions asks for a session instead.
    static let preferredDate = "preferred_date"

    /// The fields a course's form really uses: its own, ordered, or the default form; without
    /// the preferred date when the visitor chooses a session.
    static func effectiveFields(for course: Course, withSessions: Bool = false) -> [FormField] {
        let own = course.formFields.sorted { ($0.order, $0.name) < ($1.order, $1.name) }
        let chosen = own.isEmpty ? fields(showsPrice: course.showsPrice) : own
        return withSessions ? chosen.filter { $0.name != preferredDate } : chosen
    }
}
