import Foundation

/// A horizontal bar chart drawn as SVG by `admin/bar-chart.mustache`: every number is written
/// next to its bar and every label above it, so the chart reads without colour and without a
/// chart library; the same rows are given as a list for screen readers. Geometry is computed
/// here; text stays text and is escaped by the template like any other. Widths are percentages
/// and there is no viewBox, so the SVG takes its box's width without scaling its 13 px text
/// down to nothing on a phone.
struct BarChart: Encodable, Sendable {
    struct Bar: Encodable, Sendable {
        let label: String
        /// The label cut to one line; the full label is the bar's `<title>`.
        let short_label: String
        let value: Int
        let value_text: String
        let label_y: Int
        let bar_y: Int
        let value_y: Int
        /// Bar width and the value's position, in % of the chart's width.
        let width: String
        let value_x: String
        /// `bar-0`…`bar-3`: a fill per series (deliveries by outcome), never the only cue.
        let style: String
    }

    /// The longest bar leaves room for its number.
    static let longestBarPercent = 85.0
    static let rowHeight = 42

    let id: String
    let title: String
    let bars: [Bar]
    let has_bars: Bool
    let height: Int
    let empty_text: String

    /// `rows` are (label, value, series); bars are scaled to the largest value.
    init(id: String, title: String, rows: [(label: String, value: Int, series: Int)], unit: Plural.Noun, emptyText: String) {
        self.id = id
        self.title = title
        let largest = max(rows.map(\.value).max() ?? 0, 1)
        bars = rows.enumerated().map { index, row in
            let percent = row.value == 0 ? 0 : max(0.5, Double(row.value) * BarChart.longestBarPercent / Double(largest))
            let width = String(format: "%.1f", percent)
            let y = index * BarChart.rowHeight
            return Bar(
                label: row.label, short_label: BarChart.shorten(row.label), value: row.value,
                value_text: Plural.text(unit, count: row.value, in: .fr), label_y: y + 14, bar_y: y + 20, value_y: y + 32,
                width: width, value_x: width, style: "bar-\(min(max(row.series, 0), 3))")
        }
        has_bars = rows.contains { $0.value > 0 }
        height = max(rows.count, 1) * BarChart.rowHeight
        empty_text = emptyText
    }

    /// At most 44 characters (one line on a phone), cut at a character boundary, with an ellipsis.
    static func shorten(_ label: String) -> String {
        label.count <= 44 ? label : String(label.prefix(43)) + "…"
    }
}
