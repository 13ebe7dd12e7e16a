import Templating

/// The one markup a form label may hold: a link to one of the four legal pages, written
/// `[texte](/confidentialite)` in the stored `label_fr`/`label_ar` and shown as
/// `<a href="/fr/confidentialite">texte</a>` in the visitor's language. Only `/mentions-legales`,
/// `/confidentialite`, `/cgv` and `/contact` make a link; anything else (another path, an
/// address, brackets inside the text, an empty text) stays what it was typed, as escaped text.
///
/// `html` escapes every character of the label with the project's one escaping function and
/// adds only those `<a>` tags, whose address comes from `LegalPageKind`, never from the label:
/// the result is safe to put in a template as `{{{label_html}}}` however the label was written.
enum LabelMarkup {
    enum Piece: Equatable, Sendable {
        case text(String)
        case link(text: String, page: LegalPageKind)
    }

    /// The label cut into text and links, in order. Read by Unicode scalars, so a combining mark
    /// after a bracket (Arabic vowel signs) never hides or makes a link.
    static func parse(_ label: String) -> [Piece] {
        let scalars = Array(label.unicodeScalars)
        var pieces: [Piece] = []
        var text = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "[", let (linkText, page, end) = link(in: scalars, at: index) {
                if !text.isEmpty { pieces.append(.text(String(text))) }
                text = String.UnicodeScalarView()
                pieces.append(.link(text: linkText, page: page))
                index = end
            } else {
                text.append(scalars[index])
                index += 1
            }
        }
        if !text.isEmpty { pieces.append(.text(String(text))) }
        return pieces
    }

    /// `[text](/slug)` starting at `start` (a `[`): its text, page and the index after `)`.
    private static func link(in scalars: [Unicode.Scalar], at start: Int) -> (String, LegalPageKind, Int)? {
        var index = start + 1
        var text = String.UnicodeScalarView()
        while index < scalars.count, scalars[index] != "]" {
            if scalars[index] == "[" { return nil }
            text.append(scalars[index])
            index += 1
        }
        // `](/`, then a slug, then `)`.
        guard !text.isEmpty, index + 2 < scalars.count, scalars[index + 1] == "(", scalars[index + 2] == "/",
              let close = scalars[(index + 3)...].firstIndex(of: ")"),
              let page = LegalPageKind(rawValue: String(String.UnicodeScalarView(scalars[(index + 3)..<close]))) else { return nil }
        return (String(text), page, close + 1)
    }

    /// The label as HTML: escaped text, and the links to the legal pages in `language`.
    static func html(_ label: String, in language: Language) -> String {
        parse(label).map { piece in
            switch piece {
            case .text(let text): HTMLEscaping.escape(text)
            case .link(let text, let page): "<a href=\"\(page.path(in: language))\">\(HTMLEscaping.escape(text))</a>"
            }
        }.joined()
    }

    /// The label as a reader sees it, links as their text: the error summary, the back office,
    /// e-mails and the consent wording stored with an enrollment.
    static func plainText(_ label: String) -> String {
        parse(label).map { piece in
            switch piece {
            case .text(let text): text
            case .link(let text, _): text
            }
        }.joined()
    }

    /// The legal pages the label links to.
    static func pages(_ label: String) -> [LegalPageKind] {
        parse(label).compactMap { if case .link(_, let page) = $0 { page } else { nil } }
    }
}
