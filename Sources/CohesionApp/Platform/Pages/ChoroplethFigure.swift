import CohesionCore

/// A choropleth map drawn on the server (`ChoroplethMap`) as a figure: the SVG, its key as an
/// HTML list (so it reflows on a phone), and a caption saying how to read it.
struct ChoroplethFigure: HTMLContent {
    struct LegendEntry: Sendable { let swatch: HTML; let label: String }

    let html: HTML

    init(svg: HTML, legend: [LegendEntry], caption: String) {
        html = Element<FigureName>(.class("app-map")) {
            svg
            H2(.class("govuk-heading-s govuk-!-margin-top-3 govuk-!-margin-bottom-2")) { "Key" }
            Ul(.class("app-map-legend")) {
                for entry in legend {
                    Li {
                        entry.swatch
                        " "
                        Text(entry.label)
                    }
                }
            }
            Element<FigcaptionName>(.class("govuk-body-s")) { Text(caption) }
        }.html
    }

    /// The map's key, each bin with a swatch of its colour (hatched for "no data").
    static func legend(for map: ChoroplethMap) -> [LegendEntry] {
        map.legendEntries().map { entry in
            LegendEntry(swatch: .trusted("<svg class=\"app-map-legend__swatch\" viewBox=\"0 0 10 10\" aria-hidden=\"true\" focusable=\"false\">"
                + (entry.colour.map { "<rect width=\"10\" height=\"10\" fill=\"\($0.hex)\"/>" }
                   ?? "<rect width=\"10\" height=\"10\" fill=\"#e4e4e4\"/><path d=\"M0 10L10 0M-2 2L2 -2M8 12L12 8\" stroke=\"#6f777b\" stroke-width=\"2\"/>")
                + "</svg>"), label: entry.label)
        }
    }
}

enum FigureName: ElementName { static let tag = "figure" }
enum FigcaptionName: ElementName { static let tag = "figcaption" }
