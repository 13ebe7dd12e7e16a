import Foundation

extension HubSpotChannel {
    /// `enrollment.status_changed`: the contact (found by its e-mail, as the first delivery
    /// wrote it) gets `hs_lead_status` mapped from our status, through the same upsert.
    func deliverStatusChange(_ job: DeliveryJob, to status: EnrollmentStatus) async -> DeliveryAttempt {
        let config = job.integration.config
        guard let value = StatusMap.value(status, for: job.integration) else {
            return SalesforceAuth.refused("Aucune valeur HubSpot pour le statut « \(status.label) ».")
        }
        guard let body = HubSpotChannel.upsert(.object(["hs_lead_status": .string(value)]), sources: job.sources) else {
            return SalesforceAuth.refused("HubSpot identifie le contact par son e-mail : cette inscription n’en a pas, rien n’a été envoyé.")
        }
        let result = await exchange.send(request(config, "POST", HubSpotChannel.objects("contacts", config) + "/batch/upsert", body: body)) { response in
            (200..<300).contains(response.status)
                ? .delivered("Statut HubSpot du contact mis à jour : hs_lead_status = \(value) (« \(status.label) »).")
                : HubSpotChannel.validationFailure(response)
        }
        return result.attempt
    }
}
