import HireClient
import HireRPC
import Hummingbird

/// Login, registration and logout: the only pages without a session.
extension Desk {
    func addAuthRoutes(to router: Router<WebContext>) {
        router.get("/login") { _, context in Page.response(loginPage(csrf: context.csrf)) }
        router.post("/login") { _, context in await login(context) }
        router.get("/register") { _, context in Page.response(registerPage(csrf: context.csrf)) }
        router.post("/register") { _, context in await register(context) }
        router.post("/logout") { _, context in await logout(context) }
    }

    private func loginPage(csrf: String, error: String? = nil, login: String = "") -> HTML {
        Page.plain(
            title: "Log in", csrf: csrf,
            body: """
                \(error.map(Page.error) ?? "")
                <form method=post action=/login class=stack>\(Page.csrfField(csrf))
                <label>Username or email <input name=login value="\(login)" required autocomplete=username autofocus></label>
                <label>Password <input type=password name=password required autocomplete=current-password></label>
                <button type=submit>Log in</button></form>
                <p>No account? <a href=/register>Register</a></p>
                """)
    }

    private func registerPage(csrf: String, error: String? = nil, form: [String: String] = [:]) -> HTML {
        let role = form["role"] ?? "recruiter"
        return Page.plain(
            title: "Register", csrf: csrf,
            body: """
                \(error.map(Page.error) ?? "")
                <form method=post action=/register class=stack>\(Page.csrfField(csrf))
                <label>Username <input name=username value="\(form["username"] ?? "")" required autocomplete=username></label>
                <label>Email <input type=email name=email value="\(form["email"] ?? "")" required autocomplete=email></label>
                <label>Display name <input name=displayName value="\(form["displayName"] ?? "")"></label>
                <label>Role <select name=role>\
                <option value=recruiter\(role == "recruiter" ? " selected" : "")>Recruiter</option>\
                <option value=candidate\(role == "candidate" ? " selected" : "")>Candidate</option></select></label>
                <label>Password <input type=password name=password required autocomplete=new-password></label>
                <label>Password again <input type=password name=password2 required autocomplete=new-password></label>
                <button type=submit>Register</button></form>
                <p>Have an account? <a href=/login>Log in</a></p>
                """)
    }

    private func login(_ context: WebContext) async -> Response {
        let login = context.field("login") ?? ""
        guard let password = context.form["password"], !login.isEmpty, !password.isEmpty else {
            return Page.response(loginPage(csrf: context.csrf, error: "Give your username (or email) and password.", login: login), status: .badRequest)
        }
        do {
            let reply = try await link.anonymous { client in
                try await client.call("auth.login", params: ["login": .string(login), "password": .string(password)])
            }
            guard let token = reply["token"]?.stringValue else { throw RPCError(.internalError) }
            var response = Page.redirect(reply["user"]?["role"]?.stringValue == "candidate" ? "/resumes" : "/board")
            response.setCookie(SecurityMiddleware(secure: context.secure).cookie(CookieName.session, token))
            return response
        } catch let error as RPCError {
            return Page.response(loginPage(csrf: context.csrf, error: error.message, login: login), status: .unauthorized)
        } catch {
            return failure(error, context: context, title: "Log in")
        }
    }

    private func register(_ context: WebContext) async -> Response {
        let form = context.form
        guard form["password"] == form["password2"] else {
            return Page.response(registerPage(csrf: context.csrf, error: "The two passwords differ.", form: form), status: .badRequest)
        }
        var params: [String: JSONValue] = [:]
        for key in ["username", "email", "role", "displayName"] { if let value = context.field(key) { params[key] = .string(value) } }
        params["password"] = .string(form["password"] ?? "")
        do {
            let reply = try await link.anonymous { try await $0.call("auth.register", params: .object(params)) }
            let key = reply["recoveryKey"]?.stringValue ?? ""
            return Page.response(
                Page.plain(
                    title: "Registered",
                    body: """
                        <p>Your account \(reply["user"]?["username"]?.stringValue ?? "") is ready.</p>
                        <p>Your recovery key, shown only now — write it down: it is the only way back in if you forget your password.</p>
                        <p><code class=recovery>\(key)</code></p><p><a href=/login>Log in</a></p>
                        """))
        } catch let error as RPCError {
            return Page.response(registerPage(csrf: context.csrf, error: error.message, form: form), status: .badRequest)
        } catch {
            return failure(error, context: context, title: "Register")
        }
    }

    /// Ends the daemon session (`auth.logout`), not only the cookie.
    private func logout(_ context: WebContext) async -> Response {
        if let token = context.token, !token.isEmpty {
            _ = try? await link.call(token: token, "auth.logout")
            await link.forget(token: token)
        }
        var response = Page.redirect("/login")
        response.setCookie(SecurityMiddleware(secure: context.secure).cookie(CookieName.session, "", maxAge: 0))
        return response
    }
}
