@testable import CohesionCore
import Foundation
import Testing

/// Every refusal names the line, the column and the reason; the messages are checked whole.
@Suite struct CensusFileErrorTests {
    static let header = #"date,geography,geography code,Ethnic group: Total: All usual residents,"Ethnic group: Asian, Asian British or Asian Welsh",Ethnic group: White"#

    func tableError(_ text: String) -> DataFileError? {
        do { _ = try ONSCensusTable.parse(csv: text); return nil } catch { return error }
    }

    func message(_ text: String) -> String? { tableError(text)?.description }

    @Test func aValidTableParsesWithCRLFAndAByteOrderMark() throws {
        let text = "\u{FEFF}" + Self.header + "\r\n2021,Walsall 015A,E01010241,10,4,6\r\n2021,Walsall 015B,E01010242,3,0,3\r\n"
        let table = try ONSCensusTable.parse(csv: text)
        #expect(table.categories.map(\.name) == ["All usual residents", "Asian, Asian British or Asian Welsh", "White"])
        #expect(table.values(for: GSSCode("E01010242")!) == [3, 0, 3])
        #expect(table.areas[1].line == 3)
    }

    @Test func measuresSuffixIsStripped() throws {
        let text = "date,geography,geography code,Religion: Total; measures: Value,Religion: Christian; measures: Value\n2021,A,E01010241,5,5\n"
        let table = try ONSCensusTable.parse(csv: text)
        #expect(table.topic == CensusTopic(identifier: "TS030", name: "Religion"))
        #expect(table.categories.map(\.header) == ["Religion: Total", "Religion: Christian"])
        #expect(table.categories[0].isTotal && table.categories[1].parent == 0)
    }

    @Test func unknownTopicsKeepTheirName() throws {
        let table = try ONSCensusTable.parse(csv: "geography code,Household size: Total,Household size: 1 person\nE05001301,9,2\n")
        #expect(table.topic == CensusTopic(identifier: nil, name: "Household size"))
        #expect(table.level == .ward)
    }

    @Test func emptyFile() {
        #expect(message("") == "The file is empty")
        #expect(message("\u{FEFF}\n\n") == "The file is empty")
        #expect(tableError("")?.problem == .emptyFile)
    }

    @Test func headerOnly() {
        #expect(message(Self.header + "\n") == "Line 2: the file has a header row but no data rows")
    }

    @Test func missingGeographyCodeColumn() {
        #expect(message("date,geography,Ethnic group: Total\n2021,A,5\n") == "Line 1: there is no “geography code” column")
    }

    @Test func notAWholeNumber() {
        let text = Self.header + "\n2021,A,E01010241,10,4,6\n2021,B,E01010242,10,12a,6\n"
        #expect(message(text) == "Line 3, column 5 (“Ethnic group: Asian, Asian British or…”): “12a” is not a whole number")
        #expect(tableError(text) == DataFileError(line: 3, column: .init(number: 5, name: "Ethnic group: Asian, Asian British or Asian Welsh"),
                                                   problem: .notAWholeNumber("12a")))
        #expect(message(Self.header + "\n2021,A,E01010241,10,4.5,6\n")?.hasSuffix("“4.5” is not a whole number") == true)
        #expect(message(Self.header + "\n2021,A,E01010241,10,,6\n")?.hasSuffix("“” is not a whole number") == true)
    }

    @Test func negativeCount() {
        #expect(message(Self.header + "\n2021,A,E01010241,10,4,-6\n") == "Line 2, column 6 (“Ethnic group: White”): “-6” is negative, and a count cannot be")
    }

    @Test func wrongFieldCount() {
        #expect(message(Self.header + "\n2021,A,E01010241,10,4\n") == "Line 2: the row has 5 fields but the header has 6")
    }

    @Test func duplicatedGeographyCode() {
        let text = Self.header + "\n2021,A,E01010241,10,4,6\n2021,B,E01010242,1,0,1\n2021,A,e01010241,10,4,6\n"
        #expect(message(text) == "Line 4, column 3 (“geography code”): “E01010241” already appears on line 2")
    }

    @Test func unparseableCode() {
        #expect(message(Self.header + "\n2021,A,E0101024,10,4,6\n")
                == "Line 2, column 3 (“geography code”): “E0101024” is not an ONS area code (a letter and eight digits, like E01010241)")
    }

    @Test func mixedGeographyLevels() {
        #expect(message(Self.header + "\n2021,A,E01010241,10,4,6\n2021,Walsall,E08000030,10,4,6\n")
                == "Line 3, column 3 (“geography code”): “E08000030” is a district code but the first row has a lower layer super output area (LSOA) code; a table must be at one level")
    }

    @Test func duplicateColumnName() {
        #expect(message("geography code,Religion: Total,Religion: Total\nE01010241,1,1\n")
                == "Line 1, column 3 (“Religion: Total”): this column name is used twice (first as column 2)")
    }

    @Test func brokenQuoting() {
        // The quoted header field spans lines 1–2 so the data row is on line 3.
        #expect(message("geography code,\"Religion: Total\nfirst\"\n\"E01010241,5\n")
                == "Line 3, column 1 (“geography code”): a quoted field starts here but its closing quote is missing")
        #expect(message("geography code,Religion: Total\n\"E01010241\"x,5\n")
                == "Line 2, column 1 (“geography code”): there is text after the closing quote of a quoted field")
    }

    @Test func csvReaderHandlesQuotesCommasAndLineBreaks() throws {
        let records = try CSVReader.records(in: "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",,\"\"\n\nlast,x,y")
        #expect(records == [
            CSVRecord(line: 1, fields: ["a", "b,c", "say \"hi\""]),
            CSVRecord(line: 2, fields: ["multi\nline", "", ""]),
            CSVRecord(line: 5, fields: ["last", "x", "y"]),
        ])
    }
}

@Suite struct ReshapedCensusErrorTests {
    let layout = ReshapedLongLayout(topic: "Country of birth", codeColumn: "code", categoryColumn: "country", valueColumn: "value", totalColumn: "total")

    func message(_ text: String) -> String? {
        do { _ = try ONSCensusTable.parseLong(csv: text, layout: layout); return nil } catch { return error.description }
    }

    @Test func longLayoutParses() throws {
        let table = try ONSCensusTable.parseLong(csv: "code,total,country,value\nE08000030,10,europe,7.0\nE08000030,10,europe_france,2\nE08000030,10,africa,3\n", layout: layout)
        #expect(table.categories.map(\.path) == [["Total"], ["Europe"], ["Europe", "France"], ["Africa"]])
        #expect(table.categories.map(\.parent) == [nil, 0, 1, 0])
        #expect(table.values(for: GSSCode("E08000030")!) == [10, 7, 2, 3])
    }

    @Test func longLayoutErrors() {
        #expect(message("code,total,value\nE08000030,1,1\n") == "Line 1: there is no “country” column")
        #expect(message("code,total,country,value\nE08000030,10,europe,7\nE08000030,10,europe,7\n")
                == "Line 3, column 3 (“country”): “europe” for “E08000030” already appears on line 2")
        #expect(message("code,total,country,value\nE08000030,10,europe,7\nE08000030,11,africa,3\n")
                == "Line 3, column 2 (“total”): the total for “E08000030” is 11 here but 10 on line 2")
        #expect(message("code,total,country,value\nE08000030,10,europe,7\nE08000031,10,africa,3\n")
                == "Line 2, column 1 (“code”): “E08000030” has no value for “africa”")
    }

    @Test func wideLayoutRefusesAProportionItWasNotToldToIgnore() {
        let text = "msoa21_code,Main language is English,Share\nE02002110,6649.0,0.0055\n"
        let layout = ReshapedWideLayout(topic: "Proficiency in English language", codeColumn: "msoa21_code")
        #expect(throws: DataFileError(line: 2, column: .init(number: 3, name: "Share"), problem: .notAWholeNumber("0.0055"))) {
            try ONSCensusTable.parseWide(csv: text, layout: layout)
        }
        var ignoring = layout
        ignoring.ignoredColumns = ["share"]
        #expect((try? ONSCensusTable.parseWide(csv: text, layout: ignoring))?.areas.first?.values == [6649])
    }
}

@Suite struct AreaLookupErrorTests {
    func message(_ text: String) -> String? {
        do { _ = try AreaLookup.parse(csv: text); return nil } catch { return error.description }
    }

    @Test func acceptsOtherYearsColumnNamesWithoutCase() throws {
        let lookup = try AreaLookup.parse(csv: "FID,LSOA21CD,LSOA21NM,WD22CD,WD22NM,LAD22CD,LAD22NM\n1,E01010241,Walsall 015A,E05001301,Aldridge,E08000030,Walsall\n2,E01010241,Walsall 015A,E05001301,Aldridge,E08000030,Walsall\n")
        #expect(lookup.entries.count == 1)
        #expect(lookup.wardOfLSOA == [GSSCode("E01010241")!: GSSCode("E05001301")!])
        #expect(lookup.entries[0].districtName == "Walsall")
    }

    @Test func missingColumn() {
        #expect(message("lsoa21_code,ltla24_code\nE01010241,E08000030\n") == "Line 1: there is no “ward24_code” column")
    }

    @Test func badAndMisplacedCodes() {
        let header = "lsoa21_code,ward24_code,ltla24_code\n"
        #expect(message(header + "E01010241,E0500130X,E08000030\n")
                == "Line 2, column 2 (“ward24_code”): “E0500130X” is not an ONS area code (a letter and eight digits, like E01010241)")
        #expect(message(header + "E01010241,E08000030,E08000030\n")
                == "Line 2, column 2 (“ward24_code”): “E08000030” is a district code, not an electoral ward code")
    }

    @Test func anLSOAInTwoWardsIsRefused() {
        let text = "lsoa21_code,ward24_code,ltla24_code\nE01010241,E05001301,E08000030\nE01010242,E05001301,E08000030\nE01010241,E05001302,E08000030\n"
        #expect(message(text) == "Line 4: “E01010241” is put in E05001302 here but in E05001301 on line 2")
    }
}

@Suite struct PostcodeDirectoryTests {
    /// An NSPL-style extract written to a temporary folder, as an import would receive it.
    @Test func readsASyntheticExtractFromDisk() throws {
        let text = """
        pcd,pcds,lat,long,osward,lsoa11,lsoa21
        WS1 1TP,WS1 1TP,52.585,-1.982,E05001318,E01010350,E01010350
        WS1  2AA,ws12aa,52.5801,-1.9800,E05001318,,E01010351
        GY1 1AA,GY1 1AA,99.999999,0.000000,L99999999,,
        """
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cohesion-nspl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("nspl-extract.csv")
        try text.write(to: file, atomically: true, encoding: .utf8)

        let directory = try PostcodeDirectory.parse(csv: String(contentsOf: file, encoding: .utf8))
        #expect(directory.entries.map(\.postcode) == ["WS1 1TP", "WS1 2AA", "GY1 1AA"])
        let entry = try #require(directory.entry(for: "ws11tp"))
        #expect(entry.latitude == 52.585 && entry.longitude == -1.982)
        #expect(entry.ward?.value == "E05001318" && entry.lsoa?.value == "E01010350")
        #expect(directory.entry(for: "WS1 2AA")?.lsoa?.value == "E01010351")
        let guernsey = try #require(directory.entry(for: "GY1 1AA"))
        #expect(guernsey.latitude == nil && guernsey.ward == nil && guernsey.lsoa == nil)
    }

    /// The postcode fixture is constructed, not NSPL itself: check it agrees with the real
    /// lookup and LSOA boundaries it was built from, so the app tests' answers mean something.
    @Test func theNSPLLayoutFixtureAgreesWithTheLookupAndTheLSOABoundaries() throws {
        let directory = try PostcodeDirectory.parse(csv: FixtureFiles.text("postcodes/walsall-postcodes-nspl-layout.csv"))
        #expect(directory.entries.map(\.postcode) == ["WS1 1TP", "WS2 9AA", "B1 1AA", "WS9 9ZZ"])
        let lookup = try AreaLookup.parse(csv: FixtureFiles.text("census2021-walsall/walsall_lsoa21_to_ward24_lookup.csv"))
        let lsoas = try GeoTestData.load(GeoTestData.lsoas2021)
        func lsoa(containing entry: PostcodeDirectory.Entry) -> String? {
            guard let latitude = entry.latitude, let longitude = entry.longitude else { return nil }
            return lsoas.boundaries.first { $0.contains(GeoPosition(longitude: longitude, latitude: latitude)) }?.code
        }
        func lookupWard(of entry: PostcodeDirectory.Entry) -> GSSCode? { entry.lsoa.flatMap { lookup.wardOfLSOA[$0] } }
        let town = try #require(directory.entry(for: "WS1 1TP"))
        #expect(town.lsoa?.value == "E01010369" && lsoa(containing: town) == "E01010369")
        #expect(town.ward?.value == "E05001316" && lookupWard(of: town) == town.ward)
        let pleck = try #require(directory.entry(for: "WS2 9AA"))
        #expect(pleck.ward == nil && pleck.lsoa == nil && lsoa(containing: pleck) == "E01010363")
        let birmingham = try #require(directory.entry(for: "B1 1AA"))
        #expect(birmingham.latitude != nil && lsoa(containing: birmingham) == nil)
        #expect(birmingham.lsoa != nil && lookupWard(of: birmingham) == nil)
        let aldridge = try #require(directory.entry(for: "WS9 9ZZ"))
        #expect(aldridge.latitude == nil && aldridge.ward != nil && lookupWard(of: aldridge) == aldridge.ward)
    }

    func message(_ text: String) -> String? {
        do { _ = try PostcodeDirectory.parse(csv: text); return nil } catch { return error.description }
    }

    @Test func refusesBadCoordinatesPostcodesAndRepeats() {
        let header = "PCDS,LAT,LONG\n"
        #expect(message(header + "WS1 1TP,52.585,-1.982\nWS1 2AA,-1.98,52.58\n")
                == "Line 3, column 2 (“LAT”): “-1.98” is not a latitude in the United Kingdom (49 to 61 degrees north)")
        #expect(message(header + "WS1 1TP,52.585,north\n")
                == "Line 2, column 3 (“LONG”): “north” is not a longitude in the United Kingdom (9 degrees west to 2 degrees east)")
        #expect(message(header + "WS1 1TP,nan,-1.9\n")?.hasPrefix("Line 2, column 2") == true)
        #expect(message(header + "not a postcode,52.5,-1.9\n") == "Line 2, column 1 (“PCDS”): “not a postcode” is not a UK postcode")
        #expect(message(header + "WS1 1TP,52.5,-1.9\nws11tp,52.5,-1.9\n") == "Line 3, column 1 (“PCDS”): postcode WS1 1TP already appears on line 2")
        #expect(message("pcds,long\nWS1 1TP,-1.9\n") == "Line 1: there is no “lat” column")
    }
}
