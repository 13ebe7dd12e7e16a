import HTTPServer

/// CSRF protection for the forms shown before sign-in (the sign-in form, "mot de passe
/// oublié"), which have no session to carry a token: a random value in a short-lived,
/// `SameSite=Strict` cookie scoped to the form's path, which the form must echo. Another site can
/// make a browser post the form, but cannot read or set the cookie, so it cannot echo it.
struct DoubleSubmitToken: Sendable {
    let cookieName: String
    /// The form's path: the cookie goes with its own form only.
    let path: String
    let secureCookies: Bool

    /// A new token for a page: put `token` in the form and set `cookie` on the response.
    func make() -> (token: String, cookie: SetCookie) {
        let token = RandomToken.make(bytes: 24)
        return (token, SetCookie(name: cookieName, value: token, path: path, maxAge: 3600, secure: secureCookies, sameSite: .strict))
    }

    /// Whether the form's echo matches the cookie (constant time).
    func matches(_ request: Request, echoed: String?) -> Bool {
        guard let cookie = request.cookies[cookieName], let echoed else { return false }
        return ConstantTime.equal(cookie, echoed)
    }
}
