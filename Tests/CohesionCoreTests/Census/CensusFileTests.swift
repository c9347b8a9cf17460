@testable import CohesionCore
import Foundation
import Testing

@Suite
struct CensusFileTests {
    @Test func everyShippedFileIsRecognisedByItsColumns() throws {
        let ts021 = try CensusFile.parse(csv: FixtureFiles.text("census2021-walsall/census2021-ts021-lsoa-walsall-broad.csv"))
        #expect(ts021.topic.identifier == "TS021" && ts021.level == .lsoa)
        let ts029 = try CensusFile.parse(csv: FixtureFiles.text("census2021-walsall/census2021-ts029-msoa-walsall-subset.csv"))
        #expect(ts029.topic.identifier == "TS029" && ts029.level == .msoa && ts029.areas.count == 39)
        let cob = try CensusFile.parse(csv: FixtureFiles.text("census2021-walsall/census2021-ts012-ltla-walsall-country-of-birth-detailed-long.csv"))
        #expect(cob.topic.name == "Country of birth" && cob.level == .district)
        let age = try CensusFile.parse(csv: FixtureFiles.text("census2021-walsall/age_gender21_ltla21_walsall.csv"))
        #expect(age.topic.name == "Age and sex" && age.areas.first?.values.first == 284_122)
    }

    @Test func anUnknownLayoutGetsTheBulkLayoutsMessage() {
        #expect(throws: DataFileError.self) { try CensusFile.parse(csv: "area,count\nE05001301,5\n") }
        do { _ = try CensusFile.parse(csv: "area,count\nE05001301,5\n") } catch {
            #expect(error.description.contains("geography code"))
        }
    }
}
