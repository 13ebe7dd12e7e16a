@testable import BCOS
import Foundation
import HTTPServer
import NIOConcurrencyHelpers

/// Fakes of the three CRM APIs on `FakeCRMServer`, answering with the shapes of the vendors'
/// current documentation (each noted on the channel it serves: `SalesforceAuth`,
/// `SalesforceChannel`, `HubSpotChannel`, `PipedriveChannel`) and validating like them: auth,
/// required fields, their error bodies.
extension FakeCRMServer.Received {
    var queryItems: [String: String] {
        var items: [String: String] = [:]
        for item in URLComponents(string: "http://x/?\(query)")?.queryItems ?? [] { items[item.name] = item.value ?? "" }
        return items
    }

    var formItems: [String: String] {
        var items: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            items[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return items
    }
}

/// Salesforce: `POST /services/oauth2/token` (client credentials), `GET /services/data/`,
/// `GET /services/data/vNN.N/`, Lead create with a blocking duplicate rule on Email, Lead PATCH.
final class FakeSalesforce: Sendable {
    struct State {
        var issued: [String] = []
        /// token → calls answered with it
        var uses: [String: Int] = [:]
        var revoked: Set<String> = []
        /// leads by id: fields
        var leads: [String: [String: JSONValue]] = [:]
    }

    let server: FakeCRMServer
    let state = NIOLockedValueBox(State())
    let clientID = "3MVG9fake.consumer.key"
    let clientSecret = "F4KE+secret/with=chars"
    let staticToken = "00Dxx!static-token"
    let versions = ["64.0", "65.0", "66.0"]
    /// A token answers this many calls, then 401 INVALID_SESSION_ID (the org's session timeout).
    let tokenLifetime: Int

    init(tokenLifetime: Int = 1_000) {
        self.tokenLifetime = tokenLifetime
        server = FakeCRMServer()
        server.answer { [unowned self] request, _ in self.answer(request) }
    }

    var url: String { server.url }
    var tokenRequests: Int { state.withLockedValue { $0.issued.count } }

    /// Ends every token now (an admin revoked the sessions).
    func revokeAll() { state.withLockedValue { $0.revoked.formUnion($0.issued) } }

    private func answer(_ request: FakeCRMServer.Received) -> Response {
        if request.method == "POST", request.path == "/services/oauth2/token" { return token(request) }
        if request.method == "GET", request.path == "/services/data/" {
            // The versions resource needs no authentication.
            let list = versions.map { #"{"label":"Release","url":"/services/data/v\#($0)","version":"\#($0)"}"# }.joined(separator: ",")
            return .json("[\(list)]")
        }
        let bearer = request.header("authorization").flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil } ?? ""
        let valid = state.withLockedValue { state -> Bool in
            if bearer == staticToken { return true }
            guard state.issued.contains(bearer), !state.revoked.contains(bearer) else { return false }
            let used = state.uses[bearer, default: 0]
            guard used < tokenLifetime else { return false }
            state.uses[bearer] = used + 1
            return true
        }
        guard valid else { return .json(#"[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]"#, status: .unauthorized) }
        let parts = request.path.split(separator: "/").map(String.init)  // services, data, v66.0, sobjects, Lead, id?
        guard parts.count >= 3, parts[0] == "services", parts[1] == "data", versions.contains(String(parts[2].dropFirst())) else {
            return .json(#"[{"message":"The requested resource does not exist","errorCode":"NOT_FOUND"}]"#, status: .notFound)
        }
        if parts.count == 3, request.method == "GET" {
            return .json(#"{"sobjects":"/services/data/\#(parts[2])/sobjects","limits":"/services/data/\#(parts[2])/limits"}"#)
        }
        // REST API Developer Guide, "Execute a SOQL Query": GET …/query?q=SELECT+Id+FROM+Lead+WHERE+Email+=+'x'
        // → {"totalSize", "done", "records": [{"attributes": {…}, "Id": …}]}. Only that query is understood.
        if parts.count == 4, parts[3] == "query", request.method == "GET" {
            let soql = request.queryItems["q"] ?? ""
            guard soql.hasPrefix("SELECT Id FROM Lead WHERE Email = '"), let start = soql.firstIndex(of: "'"),
                  let end = soql[soql.index(after: start)...].firstIndex(of: "'") else {
                return .json(#"[{"message":"unexpected query","errorCode":"MALFORMED_QUERY"}]"#, status: .badRequest)
            }
            let email = soql[soql.index(after: start)..<end].lowercased()
            let ids = state.withLockedValue { state in state.leads.filter { $0.value["Email"]?.text?.lowercased() == email }.keys.sorted() }
            let records = ids.map { #"{"attributes":{"type":"Lead","url":"/services/data/\#(parts[2])/sobjects/Lead/\#($0)"},"Id":"\#($0)"}"# }
            return .json(#"{"totalSize":\#(ids.count),"done":true,"records":[\#(records.joined(separator: ","))]}"#)
        }
        guard parts.count >= 5, parts[3] == "sobjects", parts[4] == "Lead", case .object(let fields)? = request.json else {
            return .json(#"[{"message":"The requested resource does not exist","errorCode":"NOT_FOUND"}]"#, status: .notFound)
        }
        if request.method == "PATCH", parts.count == 6 {
            let id = parts[5]
            let found = state.withLockedValue { state -> Bool in
                guard state.leads[id] != nil else { return false }
                state.leads[id]?.merge(fields) { $1 }
                return true
            }
            return found ? Response(status: .noContent)
                : .json(#"[{"errorCode":"NOT_FOUND","message":"Provided external ID field does not exist or is not accessible: \#(id)"}]"#, status: .notFound)
        }
        guard request.method == "POST", parts.count == 5 else { return .json(#"[{"errorCode":"METHOD_NOT_ALLOWED","message":"no"}]"#, status: .methodNotAllowed) }
        let missing = ["LastName", "Company"].filter { (fields[$0]?.text ?? "").isEmpty }
        guard missing.isEmpty else {
            return .json(#"[{"message":"Required fields are missing: [\#(missing.joined(separator: ", "))]","errorCode":"REQUIRED_FIELD_MISSING","fields":[\#(missing.map { "\"\($0)\"" }.joined(separator: ","))]}]"#, status: .badRequest)
        }
        let email = fields["Email"]?.text?.lowercased()
        return state.withLockedValue { state in
            // Standard_Lead_Duplicate_Rule, set to "Block": same e-mail.
            if let email, let existing = state.leads.first(where: { $0.value["Email"]?.text?.lowercased() == email })?.key {
                return .json(#"""
                    [{"duplicateResult":{"allowSave":false,"duplicateRule":"Standard_Lead_Duplicate_Rule","duplicateRuleEntityType":"Lead","errorMessage":"You're creating a duplicate record. We recommend you use an existing record instead.","matchResults":[{"entityType":"Lead","errors":[],"matchEngine":"ExactMatchEngine","matchRecords":[{"additionalInformation":[],"fieldDiffs":[],"matchConfidence":100.0,"record":{"attributes":{"type":"Lead","url":"/services/data/v66.0/sobjects/Lead/\#(existing)"},"Id":"\#(existing)"}}],"rule":"Standard_Lead_Match_Rule_v1_0","size":1,"success":true}]},"errorCode":"DUPLICATES_DETECTED","fields":[],"message":"You're creating a duplicate record. We recommend you use an existing record instead."}]
                    """#, status: .badRequest)
            }
            let id = "00Q5g00000\(String(format: "%05d", state.leads.count + 1))AAA"
            state.leads[id] = fields
            return .json(#"{"id":"\#(id)","success":true,"errors":[]}"#, status: .created)
        }
    }

    private func token(_ request: FakeCRMServer.Received) -> Response {
        let form = request.formItems
        guard form["grant_type"] == "client_credentials" else {
            return .json(#"{"error":"unsupported_grant_type","error_description":"grant type not supported"}"#, status: .badRequest)
        }
        guard form["client_id"] == clientID, form["client_secret"] == clientSecret else {
            return .json(#"{"error":"invalid_client","error_description":"invalid client credentials"}"#, status: .badRequest)
        }
        let token = state.withLockedValue { state -> String in
            let token = "00D5g000004fake!AQ0AQ.session.\(state.issued.count + 1)"
            state.issued.append(token)
            return token
        }
        return .json(#"""
            {"access_token":"\#(token)","signature":"c2lnbmF0dXJlLW9mLXRoZS10b2tlbg==","scope":"api","instance_url":"\#(url)","id":"\#(url)/id/00D5g000004fake/0055g00000fakeUser","token_type":"Bearer","issued_at":"\#(Int(Date().timeIntervalSince1970 * 1000))"}
            """#)
    }
}

/// HubSpot: contact batch upsert (date versions and v3), deals with associations, the contact
/// properties list; unknown properties answered 400 VALIDATION_ERROR.
final class FakeHubSpot: Sendable {
    struct State {
        var contacts: [String: String] = [:]  // email → id
        var deals: [JSONValue] = []
    }

    let server = FakeCRMServer()
    let state = NIOLockedValueBox(State())
    let token = "pat-na1-good-token"
    /// Standard contact properties of every portal (hs_lead_status is the Lead Status picklist).
    static let properties = ["email", "firstname", "lastname", "phone", "company", "jobtitle", "formation_bcos", "hs_lead_status"]

    init() { server.answer { [unowned self] request, _ in self.answer(request) } }

    var url: String { server.url }

    private func answer(_ request: FakeCRMServer.Received) -> Response {
        guard request.header("authorization") == "Bearer \(token)" else {
            return .json(#"{"status":"error","message":"Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview","correlationId":"a1b2c3d4","category":"INVALID_AUTHENTICATION"}"#, status: .unauthorized)
        }
        let path = request.path
        let version = path.hasPrefix("/crm/v3/") ? "v3" : path.split(separator: "/").dropFirst(2).first.map(String.init) ?? ""
        switch (request.method, path) {
        case ("POST", "/crm/objects/\(version)/contacts/batch/upsert"), ("POST", "/crm/v3/objects/contacts/batch/upsert"):
            return upsert(request)
        case ("POST", "/crm/objects/\(version)/deals"), ("POST", "/crm/v3/objects/deals"):
            return deal(request)
        case ("GET", "/crm/properties/\(version)/contacts"), ("GET", "/crm/v3/properties/contacts"):
            var items = FakeHubSpot.properties.map { #"{"name":"\#($0)","label":"\#($0)","type":"string","fieldType":"text","hidden":false,"modificationMetadata":{"archivable":true,"readOnlyDefinition":false,"readOnlyValue":false}}"# }
            items.append(#"{"name":"hs_object_id","label":"Record ID","type":"number","hidden":false,"modificationMetadata":{"readOnlyValue":true}}"#)
            items.append(#"{"name":"hs_secret_hidden","label":"Hidden","type":"string","hidden":true,"modificationMetadata":{"readOnlyValue":false}}"#)
            return .json(#"{"results":[\#(items.joined(separator: ","))]}"#)
        default:
            return .json(#"{"status":"error","message":"Unable to route \#(request.method) request to \#(path)","category":"OBJECT_NOT_FOUND"}"#, status: .notFound)
        }
    }

    private func upsert(_ request: FakeCRMServer.Received) -> Response {
        guard case .array(let inputs)? = request.json?["inputs"], let input = inputs.first, input["idProperty"] == "email",
              let email = input["id"]?.text, email.contains("@"), case .object(let properties)? = input["properties"] else {
            return .json(#"{"status":"error","message":"Invalid input JSON on line 1","category":"VALIDATION_ERROR"}"#, status: .badRequest)
        }
        if let unknown = properties.keys.sorted().first(where: { !FakeHubSpot.properties.contains($0) }) {
            return .json(#"""
                {"status":"error","message":"Property values were not valid: [{\"isValid\":false,\"message\":\"Property \\\"\#(unknown)\\\" does not exist\",\"error\":\"PROPERTY_DOESNT_EXIST\",\"name\":\"\#(unknown)\",\"localizedErrorMessage\":\"Property \\\"\#(unknown)\\\" does not exist\",\"portalId\":4242}]","correlationId":"2dea5f3c","category":"VALIDATION_ERROR"}
                """#, status: .badRequest)
        }
        let (id, isNew) = state.withLockedValue { state -> (String, Bool) in
            if let id = state.contacts[email] { return (id, false) }
            let id = String(512 + state.contacts.count)
            state.contacts[email] = id
            return (id, true)
        }
        return .json(#"{"status":"COMPLETE","results":[{"id":"\#(id)","new":\#(isNew),"properties":{"email":"\#(email)"},"createdAt":"2026-11-30T09:00:00Z","updatedAt":"2026-11-30T09:00:00Z","archived":false}],"startedAt":"2026-11-30T09:00:00Z","completedAt":"2026-11-30T09:00:00Z"}"#)
    }

    private func deal(_ request: FakeCRMServer.Received) -> Response {
        guard let body = request.json, body["properties"]?["dealname"]?.text?.isEmpty == false, body["properties"]?["dealstage"] != nil else {
            return .json(#"{"status":"error","message":"Property values were not valid: [{\"isValid\":false,\"message\":\"dealstage is required\",\"error\":\"REQUIRED_FIELD\",\"name\":\"dealstage\"}]","category":"VALIDATION_ERROR"}"#, status: .badRequest)
        }
        let known = Set(state.withLockedValue { Array($0.contacts.values) })
        guard case .array(let associations)? = body["associations"], let association = associations.first,
              let to = association["to"]?["id"]?.text, known.contains(to),
              case .array(let types)? = association["types"], types.first?["associationCategory"] == "HUBSPOT_DEFINED",
              types.first?["associationTypeId"] == .number(3) else {
            return .json(#"{"status":"error","message":"Invalid association","category":"VALIDATION_ERROR"}"#, status: .badRequest)
        }
        let id = state.withLockedValue { state -> Int in
            state.deals.append(body)
            return 9000 + state.deals.count
        }
        return .json(#"{"id":"\#(id)","properties":{"dealname":"x"},"archived":false}"#, status: .created)
    }
}

/// Pipedrive: v2 persons (search by e-mail, create) and v1 leads.
final class FakePipedrive: Sendable {
    struct State {
        var persons: [Int: String] = [:]  // id → e-mail
        var leads = 0
        var searches: [[String: String]] = []
    }

    let server = FakeCRMServer()
    let state = NIOLockedValueBox(State())
    let token = "pd-token"
    /// The first call is answered 429 with Retry-After: 1.
    let rateLimitFirst: Bool

    init(rateLimitFirst: Bool = false) {
        self.rateLimitFirst = rateLimitFirst
        server.answer { [unowned self] request, index in self.answer(request, index) }
    }

    var url: String { server.url }
    var personCount: Int { state.withLockedValue { $0.persons.count } }

    private func answer(_ request: FakeCRMServer.Received, _ index: Int) -> Response {
        guard request.header("x-api-token") == token else {
            return .json(#"{"success":false,"error":"unauthorized access","errorCode":401,"error_info":"Please check developers.pipedrive.com"}"#, status: .unauthorized)
        }
        if rateLimitFirst, index == 1 {
            return .json(#"{"success":false,"error":"Rate limit exceeded"}"#, status: .tooManyRequests, headers: [("Retry-After", "1")])
        }
        switch (request.method, request.path) {
        case ("GET", "/api/v2/persons/search"):
            let query = request.queryItems
            state.withLockedValue { $0.searches.append(query) }
            guard let term = query["term"], !term.isEmpty else {
                return .json(#"{"success":false,"error":"Validation failed: term: Required"}"#, status: .badRequest)
            }
            let matches = state.withLockedValue { state in
                state.persons.filter { query["fields"] == "email" && query["exact_match"] == "true" && $0.value.lowercased() == term.lowercased() }.keys.sorted()
            }
            let items = matches.map { #"{"result_score":1.25,"item":{"id":\#($0),"type":"person","name":"Salma Bennani","phones":[],"emails":["\#(term)"],"visible_to":3,"owner":{"id":1},"organization":null,"custom_fields":[],"notes":[]}}"# }
            return .json(#"{"success":true,"data":{"items":[\#(items.joined(separator: ","))]},"additional_data":{"next_cursor":null}}"#)
        case ("POST", "/api/v2/persons"):
            guard let name = request.json?["name"]?.text, !name.isEmpty,
                  case .array(let emails)? = request.json?["emails"], let email = emails.first?["value"]?.text else {
                return .json(#"{"success":false,"error":"Validation failed: name: Required"}"#, status: .badRequest)
            }
            let id = state.withLockedValue { state -> Int in
                let id = 1092 + state.persons.count
                state.persons[id] = email
                return id
            }
            return .json(#"{"success":true,"data":{"id":\#(id),"name":"\#(name)"}}"#)
        case ("POST", "/api/v1/leads"):
            let known = state.withLockedValue { Set($0.persons.keys) }
            guard request.json?["title"]?.text?.isEmpty == false, case .number(let person)? = request.json?["person_id"], known.contains(Int(person)) else {
                return .json(#"{"success":false,"error":"Lead must be linked to a person or an organization"}"#, status: .badRequest)
            }
            let n = state.withLockedValue { state -> Int in
                state.leads += 1
                return state.leads
            }
            return .json(#"{"success":true,"data":{"id":"adf21080-0e10-11eb-879b-05d71fb426e\#(n)"}}"#, status: .created)
        default:
            return .json(#"{"success":false,"error":"Unknown method"}"#, status: .notFound)
        }
    }
}
