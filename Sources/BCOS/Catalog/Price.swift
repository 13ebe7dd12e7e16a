import Foundation

/// A course's price. TTC is computed in this one place, rounded to the cent, for the course page,
/// the editor, the CRM sources and the mapping page's sample payload.
struct Price: Sendable, Equatable {
    static let defaultVATRate: Decimal = 20

    let ht: Decimal?
    /// The stored TTC when there is one (the editor stores what it computed).
    private let storedTTC: Decimal?
    let vatRate: Decimal

    init(ht: Decimal?, ttc: Decimal? = nil, vatRate: Decimal = Price.defaultVATRate) {
        self.ht = ht
        self.storedTTC = ttc
        self.vatRate = vatRate
    }

    /// The stored TTC, or HT × (1 + rate / 100); rounded to the cent either way.
    var ttc: Decimal? { storedTTC.map(Price.cents) ?? ht.map { Price.ttc(ht: $0, rate: vatRate) } }

    /// HT × (1 + rate / 100), rounded to the cent (half up).
    static func ttc(ht: Decimal, rate: Decimal) -> Decimal {
        cents(ht * (1 + rate / 100))
    }

    static func cents(_ value: Decimal) -> Decimal {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .plain)
        return rounded
    }

    /// A JSON number for CRM payloads.
    static func number(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }
}

extension Course {
    var pricing: Price { Price(ht: priceHT, ttc: priceTTC, vatRate: vatRate) }
    /// Whether the course page shows a price (HT or TTC): its default form then asks to accept the terms of sale.
    var showsPrice: Bool { priceHT != nil || pricing.ttc != nil }
}
