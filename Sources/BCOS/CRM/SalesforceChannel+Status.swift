import Foundation

extension SalesforceChannel {
    /// `enrollment.status_changed`: the Lead with the enrollment's e-mail (the one the first
    /// delivery created or updated) gets its `Status` mapped from ours.
    func deliverStatusChange(_ job: DeliveryJob, to status: EnrollmentStatus) async -> DeliveryAttempt {
        let integration = job.integration
        guard let value = StatusMap.value(status, for: integration) else {
            return SalesforceAuth.refused("Aucune valeur Salesforce pour le statut « \(status.label) ».")
        }
        guard let email = job.sources.values["email"]?.text, FormValidator.isEmail(email) else {
            return SalesforceAuth.refused("Cette inscription n’a pas d’e-mail valide : impossible de retrouver le Lead Salesforce.")
        }
        let version = SalesforceChannel.version(integration.config)
        var steps = DeliverySteps()
        let query = "/services/data/\(version)/query?q=" + SOQL.leadByEmail(email)
        guard let found = await call(integration, "lookup", "GET", query, steps: &steps) else { return steps.attempt() }
        guard found.attempt.outcome.isSuccess else { return steps.attempt() }
        guard case .array(let records)? = JSONValue.parse(found.response?.body ?? [])?["records"], let id = records.first?["Id"]?.text else {
            return steps.attempt(outcome: .fail("Aucun Lead Salesforce avec l’e-mail \(email) : le statut n’a pas été envoyé."))
        }
        _ = await call(integration, "update", "PATCH", "/services/data/\(version)/sobjects/Lead/\(id)", body: .object(["Status": .string(value)]), steps: &steps) { response in
            (200..<300).contains(response.status) ? .delivered("Statut du Lead Salesforce \(id) mis à jour : \(value) (« \(status.label) »).") : nil
        }
        return steps.attempt()
    }
}
