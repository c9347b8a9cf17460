@testable import CohesionCore
import Foundation
import Testing

@Suite struct GeoJSONBoundaryRealDataTests {
    @Test
    func bothWardFilesHoldWalsallsTwentyWards() throws {
        for file in [GeoTestData.wards2016, GeoTestData.wards2022] {
            let set = try GeoTestData.load(file)
            #expect(set.boundaries.count == 20, "\(file)")
            #expect(set.codes.sorted() == GeoTestData.wardCodes, "\(file)")
            #expect(set["E05001301"]?.name == "Aldridge Central and South")
            #expect(set.boundaries.allSatisfy { $0.gssCode?.kind == .ward })
        }
        #expect(try GeoTestData.load(GeoTestData.wards2016).codeProperty == "WD13CD")
        #expect(try GeoTestData.load(GeoTestData.wards2022).codeProperty == "WD22CD")
        #expect(try GeoTestData.load(GeoTestData.wards2022).nameProperty == "WD22NM")
    }

    @Test
    func lsoaFileHolds169LSOAsAndKeepsTheirWard() throws {
        let set = try GeoTestData.load(GeoTestData.lsoas2021)
        #expect(set.codeProperty == "LSOA21CD", "the finest level wins over the WD24CD and LAD24CD lookup columns")
        #expect(set.nameProperty == "LSOA21NM")
        #expect(set.boundaries.count == 169)
        #expect(Set(set.codes).count == 169)
        #expect(set.boundaries.allSatisfy { $0.gssCode?.kind == .lsoa })
        #expect(set["E01010241"]?.properties["WD24CD"] == "E05001301")
        #expect(Set(set.boundaries.compactMap { $0.properties["WD24CD"] }) == Set(GeoTestData.wardCodes))
    }

    @Test
    func explicitPropertyNamesAreUsed() throws {
        let data = try FixtureFiles.data(GeoTestData.lsoas2021)
        #expect(throws: GeoJSONBoundaryError.duplicateCode("E05001301", firstFeature: 0, secondFeature: 1)) {
            try BoundarySet.decode(geoJSON: data, codeProperty: "WD24CD", nameProperty: "WD24NM")
        }
        let byName = try BoundarySet.decode(geoJSON: data, codeProperty: "LSOA21CD", nameProperty: "LSOA21NM")
        #expect(byName["E01010241"]?.name == "Walsall 015A")
    }
}

@Suite struct GeoJSONBoundaryErrorTests {
    static func collection(_ features: String...) -> String {
        #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}"
    }

    static func feature(_ code: String = "E05000001", type: String = "Polygon", coordinates: String) -> String {
        #"{"type":"Feature","properties":{"WD24CD":"\#(code)","WD24NM":"Somewhere"},"geometry":{"type":"\#(type)","coordinates":\#(coordinates)}}"#
    }

    static let square = "[[[0,0],[1,0],[1,1],[0,1],[0,0]]]"
    static let f0 = FeatureReference(index: 0, code: "E05000001")

    static let cases: [(String, String, GeoJSONBoundaryError)] = [
        ("not JSON", "{nope", .notJSON(detail: "")),
        ("not a collection", #"{"type":"Feature"}"#, .notAFeatureCollection(type: "Feature")),
        ("empty", collection(), .noFeatures),
        ("no code property", collection(#"{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"Polygon","coordinates":\#(square)}}"#),
         .noCodeProperty(tried: "")),
        ("point", collection(feature(type: "Point", coordinates: "[0,0]")), .unknownGeometryType(f0, type: "Point")),
        ("line", collection(feature(type: "LineString", coordinates: "[[0,0],[1,1]]")), .unknownGeometryType(f0, type: "LineString")),
        ("no rings", collection(feature(coordinates: "[]")), .polygonWithoutRings(f0, polygon: 0)),
        ("short ring", collection(feature(coordinates: "[[[0,0],[1,0],[0,0]]]")), .ringTooShort(f0, polygon: 0, ring: 0, positions: 3)),
        ("open ring", collection(feature(coordinates: "[[[0,0],[1,0],[1,1],[0,1]]]")), .ringNotClosed(f0, polygon: 0, ring: 0)),
        ("open hole", collection(feature(coordinates: "[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,2]]]")), .ringNotClosed(f0, polygon: 0, ring: 1)),
        ("latitude 91", collection(feature(coordinates: "[[[0,0],[1,0],[1,91],[0,1],[0,0]]]")),
         .coordinateOutOfRange(f0, polygon: 0, ring: 0, position: 2, longitude: 1, latitude: 91)),
        ("easting, not longitude", collection(feature(type: "MultiPolygon", coordinates: "[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],[[[400000,300000],[400001,300000],[400001,300001],[400000,300000]]]]")),
         .coordinateOutOfRange(f0, polygon: 1, ring: 0, position: 0, longitude: 400000, latitude: 300000)),
        ("bow tie", collection(feature(coordinates: "[[[0,0],[1,1],[1,0],[0,1],[0,0]]]")), .selfIntersectingRing(f0, polygon: 0, edges: (0, 2))),
        ("text coordinate", collection(feature(coordinates: #"[[[0,0],[1,"x"],[1,1],[0,0]]]"#)),
         .malformedCoordinates(f0, detail: "position 1 of ring 0 of polygon 0 is not [longitude, latitude]")),
        ("missing geometry", collection(#"{"type":"Feature","properties":{"WD24CD":"E05000001"},"geometry":null}"#), .missingGeometry(f0)),
        ("missing code", collection(feature(coordinates: square), #"{"type":"Feature","properties":{"WD24NM":"x"},"geometry":{"type":"Polygon","coordinates":\#(square)}}"#),
         .missingCode(FeatureReference(index: 1, code: nil), property: "WD24CD")),
        ("duplicate", collection(feature(coordinates: square), feature(coordinates: square)), .duplicateCode("E05000001", firstFeature: 0, secondFeature: 1)),
    ]

    @Test(arguments: cases)
    func eachProblemHasItsOwnError(name: String, json: String, expected: GeoJSONBoundaryError) {
        do {
            let set = try BoundarySet.decode(geoJSON: json)
            Issue.record("\(name): expected \(expected), decoded \(set.boundaries.count) boundaries")
        } catch {
            switch (error, expected) {
            case (.notJSON, .notJSON), (.noCodeProperty, .noCodeProperty): break
            default: #expect(error == expected, "\(name)")
            }
            #expect(!error.description.isEmpty)
        }
    }

    @Test func messagesNameTheFeatureAndTheCode() {
        let error = GeoJSONBoundaryError.ringNotClosed(FeatureReference(index: 7, code: "E05001308"), polygon: 0, ring: 0)
        #expect(error.description == "Feature 7 (E05001308): ring 0 of polygon 0 is not closed (its last position must repeat its first)")
        let crossing = GeoJSONBoundaryError.selfIntersectingRing(FeatureReference(index: 2, code: "E05001303"), polygon: 1, edges: (3, 9))
        #expect(crossing.description.contains("Feature 2 (E05001303)"))
        #expect(crossing.description.contains("crosses itself"))
    }

    @Test func hugeNumbersAreRejectedNotTurnedIntoInfinity() {
        let json = Self.collection(Self.feature(coordinates: "[[[0,0],[1e999,0],[1,1],[0,0]]]"))
        #expect(throws: GeoJSONBoundaryError.self) { try BoundarySet.decode(geoJSON: json) }
    }

    @Test func aValidFileWithAHoleAndTwoPartsDecodes() throws {
        let holed = "[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,2],[2,2],[2,1],[1,1]]]"
        let json = Self.collection(
            Self.feature("E05000001", coordinates: holed),
            Self.feature("E05000002", type: "MultiPolygon", coordinates: "[[[[5,0],[6,0],[6,1],[5,0]]],[[[7,0],[8,0],[8,1],[7,0]]]]"))
        let set = try BoundarySet.decode(geoJSON: json)
        #expect(set.codes == ["E05000001", "E05000002"])
        #expect(set.boundaries[0].polygons[0].holes.count == 1)
        #expect(set.boundaries[1].polygons.count == 2)
        #expect(set.boundaries[0].name == "Somewhere")
    }

    @Test func codePropertiesAreRecognisedByONSNaming() {
        #expect(BoundaryPropertyNames.parseCodeName("WD24CD")?.level == "WD")
        #expect(BoundaryPropertyNames.parseCodeName("lsoa11cd")?.year == 11)
        #expect(BoundaryPropertyNames.parseCodeName("CTYUA23CD")?.level == "CTYUA")
        #expect(BoundaryPropertyNames.parseCodeName("WD13CDO") == nil)
        #expect(BoundaryPropertyNames.parseCodeName("WD2CD") == nil)
        #expect(BoundaryPropertyNames.parseCodeName("WD24NM") == nil)
    }
}
