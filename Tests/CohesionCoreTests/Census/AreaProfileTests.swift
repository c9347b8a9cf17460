@testable import CohesionCore
import Foundation
import PropertyBased
import Testing

/// A small council worked by hand: a district, two localities, three wards, five LSOAs in two
/// MSOAs, and one table at each level ONS publishes.
enum SmallCouncil {
    typealias Place = AreaHierarchy.Place

    static let district = Place(code: "E08000030", name: "Walsall", kind: .district, parentCode: nil)
    static let north = Place(code: "north", name: "North", kind: .locality, parentCode: "E08000030")
    static let south = Place(code: "south", name: "South", kind: .locality, parentCode: "E08000030")
    static let alpha = Place(code: "E05000001", name: "Alpha", kind: .ward, parentCode: "north")
    static let beta = Place(code: "E05000002", name: "Beta", kind: .ward, parentCode: "north")
    static let gamma = Place(code: "E05000003", name: "Gamma", kind: .ward, parentCode: "south")
    static let town1 = Place(code: "E02000001", name: "Town 001", kind: .msoa, parentCode: "E08000030")
    static let town2 = Place(code: "E02000002", name: "Town 002", kind: .msoa, parentCode: "E08000030")
    /// Named after their MSOA, as ONS names them: 001A and 001B in Town 001, the rest in Town 002.
    static let lsoas = [
        Place(code: "E01000001", name: "Town 001A", kind: .lsoa, parentCode: "E05000001"),
        Place(code: "E01000002", name: "Town 001B", kind: .lsoa, parentCode: "E05000002"),
        Place(code: "E01000003", name: "Town 002A", kind: .lsoa, parentCode: "E05000002"),
        Place(code: "E01000004", name: "Town 002B", kind: .lsoa, parentCode: "E05000003"),
        Place(code: "E01000005", name: "Town 002C", kind: .lsoa, parentCode: "E05000003"),
    ]
    static let hierarchy = AreaHierarchy([district, north, south, alpha, beta, gamma, town1, town2] + lsoas)

    typealias Category = CensusTableDefinition.Category
    static let ethnicGroup = CensusTableDefinition(key: "TS021", topic: "Ethnic group", level: .lsoa, categories: [
        Category(position: 0, name: "Total", path: "Total", depth: 0, isTotal: true),
        Category(position: 1, name: "Asian", path: "Asian", depth: 1, isTotal: false),
        Category(position: 2, name: "Black", path: "Black", depth: 1, isTotal: false),
        Category(position: 3, name: "White", path: "White", depth: 1, isTotal: false),
        Category(position: 4, name: "English", path: "White: English", depth: 2, isTotal: false),
    ])
    /// No total column: the total is the sum of the top-level categories.
    static let religion = CensusTableDefinition(key: "TS030", topic: "Religion", level: .ward, categories: [
        Category(position: 0, name: "Christian", path: "Christian", depth: 1, isTotal: false),
        Category(position: 1, name: "Muslim", path: "Muslim", depth: 1, isTotal: false),
        Category(position: 2, name: "No religion", path: "No religion", depth: 1, isTotal: false),
    ])
    static let english = CensusTableDefinition(key: "TS029", topic: "Proficiency in English language", level: .msoa, categories: [
        Category(position: 0, name: "English", path: "English", depth: 1, isTotal: false),
        Category(position: 1, name: "Not English", path: "Not English", depth: 1, isTotal: false),
        Category(position: 2, name: "Well", path: "Not English: Well", depth: 2, isTotal: false),
    ])
    static let birth = CensusTableDefinition(key: "TS004", topic: "Country of birth", level: .district, categories: [
        Category(position: 0, name: "Total", path: "Total", depth: 0, isTotal: true),
        Category(position: 1, name: "UK", path: "UK", depth: 1, isTotal: false),
        Category(position: 2, name: "Elsewhere", path: "Elsewhere", depth: 1, isTotal: false),
    ])
    static let tables = [ethnicGroup, religion, english, birth]

    static func row(_ values: [Int]) -> [Int: Int] { Dictionary(uniqueKeysWithValues: values.enumerated().map { ($0, $1) }) }

    /// TS021 as published, one row per LSOA: total, Asian, Black, White, White English.
    static let ethnicByLSOA: [String: [Int]] = [
        "E01000001": [100, 10, 0, 90, 80],
        "E01000002": [200, 50, 25, 125, 100],
        "E01000003": [300, 150, 30, 120, 110],
        "E01000004": [50, 5, 5, 40, 35],
        "E01000005": [150, 0, 15, 135, 130],
    ]

    static func counts(ethnic: [String: [Int]] = ethnicByLSOA) -> CensusCounts {
        [
            "TS021": ethnic.mapValues(row),
            "TS030": ["E05000001": row([60, 10, 30]), "E05000002": row([100, 300, 100]), "E05000003": row([150, 0, 50])],
            "TS029": ["E02000001": row([90, 30, 10]), "E02000002": row([400, 100, 40])],
            "TS004": ["E08000030": row([800, 700, 100])],
        ]
    }

    /// TS021 added up to wards, as the database hands it to a page.
    static let ethnicByWard: [String: [Int]] = [
        "E05000001": [100, 10, 0, 90, 80],
        "E05000002": [500, 200, 55, 245, 210],
        "E05000003": [200, 5, 20, 175, 165],
    ]

    /// The LSOAs' usual residents: TS021's totals.
    static let population = ethnicByLSOA.mapValues { Double($0[0]) }

    static func profile(_ code: String, counts: CensusCounts = counts(), population: [String: Double] = population) -> AreaProfile? {
        AreaProfile(code: code, hierarchy: hierarchy, tables: tables, counts: counts, lsoaPopulation: population)
    }
}

@Suite struct AreaProfileTests {
    typealias C = SmallCouncil

    @Test func aWardAddsUpItsLSOAsAndIsComparedWithItsLocalityAndDistrict() throws {
        let beta = try #require(C.profile("E05000002"))
        #expect(beta.area == C.beta)
        #expect(beta.ancestors == [C.north, C.district])
        #expect(beta.children.map(\.code) == ["E01000002", "E01000003"])
        #expect(beta.comparedWith == [C.north, C.district])
        #expect(beta.tables.map(\.key) == ["TS021", "TS030", "TS029"], "in the order given; TS004 is the district's only")
        #expect(beta.tablesOnlyForLargerAreas == [.init(key: "TS004", topic: "Country of birth")])

        let ethnic = beta.tables[0]
        #expect(ethnic.publishedLevel == .lsoa && !ethnic.estimated)
        #expect(ethnic.total == 500)
        #expect(ethnic.categories.map(\.name) == ["Asian", "Black", "White"], "top-level categories only, no total")
        #expect(ethnic.categories.map(\.count) == [200, 55, 245])
        #expect(ethnic.categories.map(\.percentage) == [40.0, 11.0, 49.0])
        // North: 210, 55 and 335 of 600; the district: 215, 75 and 510 of 800.
        #expect(ethnic.comparisons.map(\.area.code) == ["north", "E08000030"])
        #expect(ethnic.comparisons[0].percentages == [35.0, 9.2, 55.8])
        #expect(ethnic.comparisons[1].percentages == [26.9, 9.4, 63.8])

        let religion = beta.tables[1]
        #expect(religion.publishedLevel == .ward)
        #expect(religion.total == 500, "no total column: the top-level categories added up")
        #expect(religion.categories.map(\.percentage) == [20.0, 60.0, 20.0])
        #expect(religion.comparisons[0].percentages == [26.7, 51.7, 21.7], "North: 160, 310 and 130 of 600")
        #expect(religion.comparisons[1].percentages == [38.8, 38.8, 22.5], "the district: 310, 310 and 180 of 800")
    }

    @Test func theDistrictAddsUpEverythingAndHasNothingToCompareWith() throws {
        let district = try #require(C.profile("E08000030"))
        #expect(district.ancestors.isEmpty && district.comparedWith.isEmpty && district.tablesOnlyForLargerAreas.isEmpty)
        #expect(district.children.map(\.code) == ["north", "south", "E02000001", "E02000002"])
        #expect(district.tables.map(\.key) == ["TS021", "TS030", "TS029", "TS004"])
        #expect(district.tables.map(\.total) == [800, 800, 620, 800])
        #expect(district.tables[2].categories.map(\.count) == [490, 130] && !district.tables[2].estimated,
                "MSOAs nest in the district: added up, not estimated")
        #expect(district.tables.allSatisfy { $0.comparisons.isEmpty })
        #expect(district.diversity == nil, "ranked among wards only")
    }

    @Test func msoaTablesAreSharedAmongLSOAsByPopulationForWardsAndLocalities() throws {
        // Beta holds Town 001B (200 of Town 001's 300 residents) and Town 002A (300 of 500):
        // English 90·2/3 + 400·3/5 = 300, not English 30·2/3 + 100·3/5 = 80.
        let english = try #require(C.profile("E05000002")?.tables.first { $0.key == "TS029" })
        #expect(english.estimated && english.publishedLevel == .msoa)
        #expect(english.categories.map(\.count) == [300, 80] && english.total == 380)
        #expect(english.categories.map(\.percentage) == [78.9, 21.1])
        #expect(english.comparisons.map(\.area.code) == ["north", "E08000030"])
        // North holds all of Town 001 and Town 002A: 90 + 240 = 330 and 30 + 60 = 90 of 420.
        #expect(english.comparisons[0].percentages == [78.6, 21.4])
        // Without populations every LSOA weighs the same: 90/2 + 400/3 and 30/2 + 100/3.
        let equal = try #require(C.profile("E05000002", population: [:])?.tables.first { $0.key == "TS029" })
        #expect(equal.categories.map(\.count) == [178, 48])
        // An MSOA has its own figures; an LSOA has none (no MSOA lies inside it).
        #expect(C.profile("E02000001")?.tables.first { $0.key == "TS029" }?.categories.map(\.count) == [90, 30])
        #expect(C.profile("E01000002")?.tables.contains { $0.key == "TS029" } == false)
    }

    @Test func countsAlreadyAddedUpToWardsGiveTheSameProfiles() throws {
        let byWard = C.counts(ethnic: C.ethnicByWard)
        // A page for an LSOA gets its own row and its ward's row without it.
        var lsoaKept = C.ethnicByWard
        lsoaKept["E01000003"] = C.ethnicByLSOA["E01000003"]
        lsoaKept["E05000002"] = zip(C.ethnicByWard["E05000002"]!, C.ethnicByLSOA["E01000003"]!).map { $0 - $1 }
        for place in C.hierarchy.places where place.kind != .lsoa {
            let published = try #require(C.profile(place.code))
            #expect(C.profile(place.code, counts: byWard) == published, "\(place.name)")
            #expect(C.profile(place.code, counts: C.counts(ethnic: lsoaKept)) == published, "\(place.name)")
        }
        #expect(C.profile("E01000003", counts: C.counts(ethnic: lsoaKept)) == C.profile("E01000003"))
        let lsoa = try #require(C.profile("E01000003"))
        #expect(lsoa.tables.map(\.key) == ["TS021"] && lsoa.tables[0].total == 300 && lsoa.tables[0].publishedLevel == .lsoa)
        #expect(lsoa.comparedWith == [C.north, C.district], "its ward is not compared, its locality and district are")
    }

    @Test func wardsAreRankedByEthnicDiversity() throws {
        // Beta: 1 − (200·199 + 55·54 + 245·244) / (500·499) = 1 − 102,550/249,500 = 0.589.
        let beta = try #require(C.profile("E05000002")?.diversity)
        #expect(beta == .init(index: 0.589, rank: 1, of: 3))
        // Gamma: 1 − (5·4 + 20·19 + 175·174)/(200·199) = 0.225; Alpha: 1 − (10·9 + 90·89)/(100·99) = 0.182.
        #expect(C.profile("E05000003")?.diversity == .init(index: 0.225, rank: 2, of: 3))
        #expect(C.profile("E05000001")?.diversity == .init(index: 0.182, rank: 3, of: 3))
        #expect(C.profile("north")?.diversity == nil && C.profile("E01000001")?.diversity == nil)
        // Only from TS021 published for LSOAs or wards.
        var counts = C.counts()
        counts["TS021"] = ["E02000001": C.row([300, 60, 25, 215, 180])]
        let msoaEthnic = CensusTableDefinition(key: "TS021", topic: "Ethnic group", level: .msoa, categories: C.ethnicGroup.categories)
        let profile = AreaProfile(code: "E05000002", hierarchy: C.hierarchy, tables: [msoaEthnic], counts: counts)
        #expect(profile?.diversity == nil)
    }

    @Test func emptyAndMissingFigures() throws {
        var counts = C.counts()
        counts["TS030"] = ["E05000001": C.row([0, 0, 0])]
        counts["TS021"]?["E01000001"] = [0: 10, 1: 10]
        let alpha = try #require(C.profile("E05000001", counts: counts))
        let religion = try #require(alpha.tables.first { $0.key == "TS030" })
        #expect(religion.total == 0 && religion.categories.allSatisfy { $0.percentage == nil }, "no share of nobody")
        let ethnic = try #require(alpha.tables.first { $0.key == "TS021" })
        #expect(ethnic.categories.map(\.count) == [10, 0, 0], "a missing count is zero")
        // Gamma has no TS030 row now, so it has no TS030 table.
        #expect(C.profile("E05000003", counts: counts)?.tables.contains { $0.key == "TS030" } == false)
        // No tables at all: the places still come.
        let bare = try #require(AreaProfile(code: "north", hierarchy: C.hierarchy, tables: [], counts: [:]))
        #expect(bare.tables.isEmpty && bare.children == [C.alpha, C.beta] && bare.ancestors == [C.district])
        #expect(C.profile("E05999999") == nil, "not one of the council's areas")
    }

    @Test func comparisonsMatchCategoriesByPath() throws {
        // A ward-level table only Beta has: North and the district have it through Beta.
        var counts = C.counts()
        counts["TS030"] = ["E05000002": C.row([1, 1, 2])]
        let gamma = try #require(C.profile("E05000003", counts: counts))
        #expect(gamma.tables.contains { $0.key == "TS030" } == false)
        let beta = try #require(C.profile("E05000002", counts: counts)?.tables.first { $0.key == "TS030" })
        #expect(beta.comparisons.map(\.area.code) == ["north", "E08000030"])
        // A compared table without one of the categories leaves that share empty.
        let table = AreaProfile.Table(key: "T", topic: "T", publishedLevel: .ward, estimated: false, total: 2,
                                      categories: [.init(name: "A", path: "A", count: 1, percentage: 50),
                                                   .init(name: "B", path: "B", count: 1, percentage: 50)], comparisons: [])
        let other = AreaProfile.Table(key: "T", topic: "T", publishedLevel: .ward, estimated: false, total: 4,
                                      categories: [.init(name: "B", path: "B", count: 1, percentage: 25)], comparisons: [])
        #expect(table.comparing(with: [(C.north, other)]).comparisons[0].percentages == [nil, 25])
        #expect(table.comparing(with: []).comparisons.isEmpty, "an area without the table gets no column")
    }

    @Test func theHierarchyWalksUpSafelyAndTheDistrictHoldsEverything() {
        let orphan = AreaHierarchy.Place(code: "E01000009", name: "Town 009A", kind: .lsoa, parentCode: nil)
        let loopA = AreaHierarchy.Place(code: "a", name: "A", kind: .locality, parentCode: "b")
        let loopB = AreaHierarchy.Place(code: "b", name: "B", kind: .locality, parentCode: "a")
        let hierarchy = AreaHierarchy(C.hierarchy.places + [orphan, loopA, loopB])
        #expect(hierarchy.ancestors(of: "E01000003").map(\.code) == ["E05000002", "north", "E08000030"])
        #expect(hierarchy.ancestors(of: "a").map(\.code) == ["b"], "a loop in the parent links ends the walk")
        #expect(hierarchy.contains(C.district, "E01000009"), "an LSOA whose ward was deleted still counts for the district")
        #expect(!hierarchy.contains(C.north, "E01000009") && !hierarchy.contains(C.north, "E01000004"))
        #expect(hierarchy.contains(C.north, "E01000003") && hierarchy.contains(C.beta, "E05000002"))
        #expect(hierarchy.nearest(.ward, from: "E01000003") == C.beta && hierarchy.nearest(.ward, from: "north") == nil)
    }

    /// Whatever the counts and however LSOAs fall into wards, the wards' and localities' totals
    /// add up to the district's, and counts added up to wards beforehand change nothing.
    @Test func wardsAndLocalitiesAddUpToTheDistrict() async {
        await propertyCheck(input: Gen.int(in: 0...50_000).array(of: 10), Gen.int(in: 0...2).array(of: 10)) { values, wardPicks in
            let wards = [C.alpha, C.beta, C.gamma]
            let lsoas = (0..<10).map { AreaHierarchy.Place(code: "E010000\(10 + $0)", name: "Town 001\($0)", kind: .lsoa, parentCode: wards[wardPicks[$0]].code) }
            let hierarchy = AreaHierarchy([C.district, C.north, C.south] + wards + lsoas)
            let table = CensusTableDefinition(key: "T", topic: "T", level: .lsoa, categories: [
                .init(position: 0, name: "A", path: "A", depth: 1, isTotal: false),
                .init(position: 1, name: "B", path: "B", depth: 1, isTotal: false),
            ])
            let byLSOA = Dictionary(uniqueKeysWithValues: lsoas.enumerated().map { i, lsoa in (lsoa.code, [0: values[i], 1: values[(i + 3) % 10]]) })
            var byWard: [String: [Int: Int]] = [:]
            for lsoa in lsoas { byWard[lsoa.parentCode!, default: [:]].merge(byLSOA[lsoa.code]!, uniquingKeysWith: +) }
            func total(_ code: String, _ counts: [String: [Int: Int]]) -> Int {
                AreaProfile(code: code, hierarchy: hierarchy, tables: [table], counts: ["T": counts])?.tables.first?.total ?? 0
            }
            let district = total("E08000030", byLSOA)
            #expect(district == values.reduce(0, +) * 2)
            #expect(wards.map { total($0.code, byLSOA) }.reduce(0, +) == district)
            #expect(total("north", byLSOA) + total("south", byLSOA) == district)
            for place in hierarchy.places where place.kind != .lsoa {
                #expect(AreaProfile(code: place.code, hierarchy: hierarchy, tables: [table], counts: ["T": byWard])
                    == AreaProfile(code: place.code, hierarchy: hierarchy, tables: [table], counts: ["T": byLSOA]))
            }
        }
    }
}
