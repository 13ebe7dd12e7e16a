@testable import BCOS
import Foundation
import Logging
import Postgres
import XCTest

/// The pure parts of the CRM engine: signatures, mappings, secrets, provider answers.
final class CRMUnitTests: XCTestCase {
    func testStandardWebhooksSignatureMatchesTheSpecTestVector() {
        // From the Standard Webhooks reference libraries' tests.
        let signature = StandardWebhooks.signature(
            secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1614265330,
            body: Array(#"{"test": 2432232314}"#.utf8))
        XCTAssertEqual(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    func testMappingBuildsNestedObjectsAndStaticValuesWin() throws {
        let mapping = try JSONDecoder().decode(FieldMapping.self, from: Data("""
            {"source_to_target": {"full_name": "contact.name", "email": "contact.email", "price_ttc": "deal.amount", "company": "company.name"},
             "static_values": {"deal.pipeline": "training", "contact.email": "fixed@example.ma"}}
            """.utf8))
        let payload = mapping.payload(from: ["full_name": "Salma Bennani", "email": "s@example.ma", "price_ttc": .number(3120), "company": ""])
        XCTAssertEqual(payload.encodedString(), #"{"contact":{"email":"fixed@example.ma","name":"Salma Bennani"},"deal":{"amount":3120,"pipeline":"training"}}"#,
                       "empty sources are left out; static values are applied last")
        let flat = try JSONDecoder().decode(FieldMapping.self, from: Data(#"{"full_name": "contact.name", "position": "contact.title"}"#.utf8))
        XCTAssertEqual(flat.source_to_target, ["full_name": "contact.name", "position": "contact.title"], "the seed's flat form still reads")
        XCTAssertEqual(mapping.problems(knownSources: ["full_name", "email", "price_ttc"]), ["Champ source inconnu : « company »."])
        XCTAssertFalse(FieldMapping.isValidPath("contact..name"))
        XCTAssertFalse(FieldMapping.isValidPath("contact.na me"))
    }

    func testSecretsAreSealedAndOnlyTheRightKeyOpensThem() {
        let box = SecretBox(secretKey: "one key of enough length for tests")
        let sealed = box.seal("pat-na1-0123456789")
        XCTAssertTrue(sealed.hasPrefix("enc:v1:"))
        XCTAssertFalse(sealed.contains("0123456789"))
        XCTAssertNotEqual(sealed, box.seal("pat-na1-0123456789"), "a fresh nonce each time")
        XCTAssertEqual(box.open(sealed), "pat-na1-0123456789")
        XCTAssertNil(SecretBox(secretKey: "another key entirely").open(sealed))
        XCTAssertEqual(SecretBox.masked("pat-na1-0123456789"), "••••6789")
        let config = CRMConfig(headers: ["Authorization": "Bearer abcdef", "X-Team": "ventes"], signing_secret: "whsec_xyz")
        let stored = config.mappingSecrets { box.seal($0) }
        XCTAssertEqual(stored.headers?["X-Team"], "ventes", "ordinary headers stay readable")
        XCTAssertTrue(stored.headers?["Authorization"]?.hasPrefix("enc:v1:") == true)
        XCTAssertEqual(stored.mappingSecrets { box.open($0) }, config)
    }

    func testProviderAnswersAreReadLikeTheRealAPIsWriteThem() {
        let sources = CRMSources(values: ["full_name": "Salma", "email": "s@example.ma", "last_name": "Salma", "first_name": ""], labels: [:])
        let lead = SalesforceChannel.lead(.object(["Email": "s@example.ma"]), sources: sources)
        XCTAssertEqual(lead["LastName"], "Salma")
        XCTAssertEqual(lead["Company"], "Salma", "Company falls back to the person when there is no company")
        let person = PipedriveChannel.person(.object(["person": .object(["name": "Salma", "email": "s@example.ma"])]), sources: sources)
        XCTAssertEqual(person.encodedString(), #"{"emails":[{"label":"work","primary":true,"value":"s@example.ma"}],"name":"Salma"}"#)
        // HubSpot: one upsert keyed on the lower-cased e-mail; `deal.*` stays out of the contact.
        let upsert = HubSpotChannel.upsert(.object(["email": "S@Example.MA", "firstname": "Salma", "deal": .object(["amount": .number(10)])]), sources: sources)
        XCTAssertEqual(upsert?.encodedString(), #"{"inputs":[{"id":"s@example.ma","idProperty":"email","properties":{"email":"S@Example.MA","firstname":"Salma"}}]}"#)
        XCTAssertNil(HubSpotChannel.upsert(.object([:]), sources: CRMSources(values: [:], labels: [:])), "no e-mail, no contact")
        XCTAssertEqual(HubSpotChannel.objects("contacts", CRMConfig(api_version: "v3")), "/crm/v3/objects/contacts")
        XCTAssertEqual(HubSpotChannel.objects("contacts", CRMConfig()), "/crm/objects/2026-09/contacts")
        XCTAssertEqual(HubSpotChannel.properties("contacts", CRMConfig(api_version: "2026-03")), "/crm/properties/2026-03/contacts")
        // Salesforce: the matched lead of a duplicate rule (a Contact match is not a Lead to patch).
        let duplicate = Array(#"[{"duplicateResult":{"allowSave":false,"duplicateRule":"Standard_Lead_Duplicate_Rule","matchResults":[{"entityType":"Contact","matchRecords":[{"record":{"attributes":{"type":"Contact"},"Id":"0035g00000AbCdE"}}]},{"entityType":"Lead","matchRecords":[{"matchConfidence":100,"record":{"attributes":{"type":"Lead","url":"/services/data/v66.0/sobjects/Lead/00Q5g000002XyZa"},"Id":"00Q5g000002XyZa"}}]}]},"errorCode":"DUPLICATES_DETECTED","message":"Use one of these records?"}]"#.utf8)
        XCTAssertEqual(SalesforceChannel.duplicateLeadID(duplicate), "00Q5g000002XyZa")
        XCTAssertNil(SalesforceChannel.duplicateLeadID(Array(#"[{"errorCode":"REQUIRED_FIELD_MISSING","message":"x"}]"#.utf8)))
        XCTAssertEqual(SalesforceAuth.formEncoded("a+b/c=d é"), "a%2Bb%2Fc%3Dd%20%C3%A9")
        // Pipedrive: the person found by e-mail.
        let found = Array(#"{"success":true,"data":{"items":[{"result_score":1.2,"item":{"id":1092,"type":"person","name":"Salma","emails":["s@example.ma"]}}]},"additional_data":{"next_cursor":null}}"#.utf8)
        XCTAssertEqual(PipedriveChannel.foundPersonID(found), .number(1092))
        XCTAssertNil(PipedriveChannel.foundPersonID(Array(#"{"success":true,"data":{"items":[]}}"#.utf8)))
        XCTAssertEqual(PipedriveChannel.searchPath(email: "a+b@x.ma"), "/api/v2/persons/search?term=a%2Bb%40x.ma&fields=email&exact_match=true")
        XCTAssertEqual(CRMSources.splitName("Jean-Pierre El Amrani").first, "Jean-Pierre")
        XCTAssertEqual(CRMSources.splitName("Jean-Pierre El Amrani").last, "El Amrani")
    }

    func testBackoffGrowsWithJitterAndRetriesStopAtTheLimit() {
        var settings = CRMSettings()
        settings.retryBase = .seconds(60)
        for _ in 0..<20 {
            XCTAssert((48.0...72.0).contains(settings.backoff(retry: 1).seconds))
            XCTAssert((192.0...288.0).contains(settings.backoff(retry: 3).seconds))
        }
        let outcome = DeliveryOutcome.retry("HTTP 500", after: nil)
        let worker = DeliveryWorker(
            database: AppDatabase(pool: PostgresPoolForUnitTests.unused, secretBox: SecretBox(secretKey: "k")),
            channels: CRMChannels(http: .init(), smtp: .init(), baseURL: ""), settings: settings, logger: .init(label: "t"))
        if case .retry(_, let count) = worker.decide(outcome, retryCount: 2) { XCTAssertEqual(count, 3) } else { XCTFail("third retry allowed") }
        if case .giveUp = worker.decide(outcome, retryCount: 3) {} else { XCTFail("no fourth retry") }
        if case .retry(let after, _) = worker.decide(.retry("HTTP 429", after: .seconds(7)), retryCount: 0) {
            XCTAssertEqual(after, .seconds(7), "Retry-After is honoured")
        } else { XCTFail() }
        if case .giveUp = worker.decide(.fail("HTTP 400"), retryCount: 0) {} else { XCTFail("4xx is not retried") }
    }
}

/// A pool that is never used (it opens connections lazily), for constructing workers in unit tests.
enum PostgresPoolForUnitTests {
    static let unused = PostgresPool(configuration: PostgresConfiguration(connectionString: "host=/nonexistent"), logger: Logger(label: "unused"))
}
