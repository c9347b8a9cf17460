@testable import CohesionApp
import Foundation
import Testing

/// Links made by typed routes: a parameter is one path segment whatever it holds.
@Suite struct SiteRouteTests {
    struct Text: PathParameter {
        let pathComponent: String
        init(_ text: String) { pathComponent = text }
        init?(pathComponent: String) { self.pathComponent = pathComponent }
        static var expectedForm: String { "any text" }
    }

    @Test func aParameterIsOneSegmentEncodedOnlyWhereItMustBe() {
        let route = SiteRoute1<Text>("grants", parameter: "code", "edit")
        #expect(route.path(Text("CMG-2026_0042.v2~x")).description == "/grants/CMG-2026_0042.v2~x/edit")
        #expect(route.path(Text("a b/c?d#e")).description == "/grants/a%20b%2Fc%3Fd%23e/edit")
        #expect(route.path(Text("Café")).description == "/grants/Caf%C3%A9/edit")
        let id = UUID()
        #expect(SiteRoute1<UUID>("directory", parameter: "id").path(id).description == "/directory/\(id.uuidString)")
    }
}
