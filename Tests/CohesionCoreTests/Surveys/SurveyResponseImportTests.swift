@testable import CohesionCore
import Foundation
import Testing

/// Reading a file of survey responses: a good file as spreadsheets write them, every problem
/// with its exact message and line, the cap on listed problems, and guessing the columns.
@Suite struct SurveyResponseImportTests {
    static let items = CommunityLifeSurvey.items

    static let mapping = SurveyImportMapping(
        itemColumns: ["get_on_well": "Q1 Get on well", "belonging": "Belonging", "lonely_direct": "How often do you feel lonely?"],
        areaColumn: "Ward", postcodeColumn: "Postcode", ageBandColumn: "Age group", sexColumn: "Sex",
        ethnicGroupColumn: "Ethnicity", dateColumn: "Date", idColumn: "Response ID")

    static func parse(_ lines: [String], mapping: SurveyImportMapping = mapping, maximumRows: Int = 200_000) -> Result<[ImportedSurveyResponse], SurveyImportReport> {
        SurveyResponseImport.parse(csv: lines.joined(separator: "\n") + "\n", mapping: mapping, items: items, maximumRows: maximumRows)
    }

    static func problems(_ result: Result<[ImportedSurveyResponse], SurveyImportReport>) -> [String] {
        guard case .failure(let report) = result else { return [] }
        return report.problems.map(\.description)
    }

    /// A byte order mark, CRLF line ends, quoted fields with commas, doubled quotes and a line
    /// break, answers in any case with curly apostrophes, bands as spreadsheets write them, a
    /// broad ethnic group only, a postcode in the area column and a locality's own code.
    @Test func aGoodFileFromASpreadsheetParses() throws {
        let csv = "\u{FEFF}Response ID,Date,Q1 Get on well,belonging,How often do you feel lonely?,Ward,Postcode,Age group,Sex,Ethnicity,Comments\r\n"
            + "R1,2026-03-14,Definitely agree,Very strongly,Never,E05001301,ws1 1tp,16-24,Female,Indian,\"Lovely, friendly area\"\r\n"
            + "R2,14/03/2026,tend_to_disagree,\"Don’t know\",,e05001302,,75+,male,\"Asian, Asian British or Asian Welsh\",\r\n"
            + "R3,,  TEND TO AGREE ,fairly  strongly,Often or always,WS2 8NA,,Prefer not to say,Prefer not to say,\"White: English, Welsh, Scottish, Northern Irish or British\",\"Said \"\"hello\"\"\r\nthen left\"\r\n"
            + "R4,1/4/2026,Too few people in the local area,,,LOC-NORTH,,,,,\r\n"
        let responses = try SurveyResponseImport.parse(csv: csv, mapping: Self.mapping, items: Self.items).get()
        #expect(responses == [
            ImportedSurveyResponse(line: 2, sourceID: "R1", answers: ["get_on_well": "definitely_agree", "belonging": "very_strongly", "lonely_direct": "never"],
                                   areaCode: "E05001301", postcode: "WS1 1TP", ageBand: "16_to_24", sex: "female", ethnicGroup: "asian_indian",
                                   date: CalendarDate(year: 2026, month: 3, day: 14)),
            ImportedSurveyResponse(line: 3, sourceID: "R2", answers: ["get_on_well": "tend_to_disagree", "belonging": "dont_know"],
                                   areaCode: "E05001302", ageBand: "75_and_over", sex: "male", ethnicGroup: "asian",
                                   date: CalendarDate(year: 2026, month: 3, day: 14)),
            ImportedSurveyResponse(line: 4, sourceID: "R3", answers: ["get_on_well": "tend_to_agree", "belonging": "fairly_strongly", "lonely_direct": "often_always"],
                                   postcode: "WS2 8NA", ageBand: "prefer_not_to_say", sex: "prefer_not_to_say", ethnicGroup: "white_british"),
            ImportedSurveyResponse(line: 6, sourceID: "R4", answers: ["get_on_well": "too_few_people"], areaCode: "LOC-NORTH",
                                   date: CalendarDate(year: 2026, month: 4, day: 1)),
        ])
    }

    @Test func eachBadValueIsNamedWithItsLineAndColumn() {
        let result = Self.parse([
            "Response ID,Date,Q1 Get on well,Belonging,How often do you feel lonely?,Ward,Postcode,Age group,Sex,Ethnicity",
            "R1,2026-03-14,Definitely agree,Quite strongly,,E05001301,WS1 1TP,16-24,Female,Indian",
            "R2,2026-02-30,Tend to agree,Very strongly,,E0500130,WS1 1T,17-24,Other,Asain",
            "R1,2026-03-15,Tend to agree,,,,,,,",
            "R4,15/3/26,,,,E05001301,,,,",
            "R5,2026-03-15,Tend to agree",
            "R6,2026-03-15,Tend\u{7}to agree,,,,,,,",
        ])
        #expect(Self.problems(result) == [
            "Line 2, column “Belonging”: “Quite strongly” is not an answer to this question. Use one of: Very strongly, Fairly strongly, Not very strongly, Not at all strongly, Don't know.",
            "Line 3, column “Date”: “2026-02-30” is not a date. Write dates as 2026-03-14 or 14/03/2026.",
            "Line 3, column “Ward”: “E0500130” is not an ONS area code. Those are a letter and eight digits, like E05001301.",
            "Line 3, column “Postcode”: “WS1 1T” is not a UK postcode.",
            "Line 3, column “Age group”: “17-24” is not one of the age bands. Use one of: 16 to 24, 25 to 34, 35 to 49, 50 to 64, 65 to 74, 75 and over, Prefer not to say.",
            "Line 3, column “Sex”: “Other” is not an answer to the sex question. Use one of: Female, Male, Prefer not to say.",
            "Line 3, column “Ethnicity”: “Asain” is not an ethnic group from the 2021 Census. Use a group such as “Indian” or “Asian, Asian British or Asian Welsh: Indian”, a broad group such as “Asian, Asian British or Asian Welsh”, or “Prefer not to say”.",
            "Line 4, column “Response ID”: “R1” is already used on line 2. Each response needs its own ID.",
            "Line 5, column “Date”: “15/3/26” is not a date. Write dates as 2026-03-14 or 14/03/2026.",
            "Line 5: This response has no answers to any question.",
            "Line 6: The row has 3 fields but the header has 10.",
            "Line 7, column “Q1 Get on well”: There is a hidden control character (U+0007) in this field. Remove it and import the file again.",
        ])
        guard case .failure(let report) = result else { return }
        #expect(report.problems[0] == SurveyImportProblem(line: 2, column: "Belonging", message:
            "“Quite strongly” is not an answer to this question. Use one of: Very strongly, Fairly strongly, Not very strongly, Not at all strongly, Don't know."))
        #expect(report.unlisted == 0 && report.count == 12)
    }

    @Test func aMappingThatDoesNotFitTheFileIsRefusedBeforeAnyRow() {
        let mapping = SurveyImportMapping(itemColumns: ["belonging": "Belonging", "trust": "Trust", "unknown_item": "Belonging"],
                                          ageBandColumn: "Age", sexColumn: "Sex", ethnicGroupColumn: "age")
        let result = Self.parse(["Belonging,Age,Sex,sex", "Very strongly,16-24,Female,Female"], mapping: mapping)
        #expect(Self.problems(result) == [
            "The mapping chooses a column for “unknown_item”, which is not a question in this survey.",
            "Line 1: There is no column headed “Trust” in the file.",
            "Line 1: There are 2 columns headed “Sex” (columns 3 and 4), so it is not clear which to use. Rename all but one.",
            "Line 1, column “Age”: This column is chosen for both the age band and the ethnic group. Choose one column for each.",
        ])
        #expect(Self.problems(Self.parse(["Belonging", "Very strongly"], mapping: SurveyImportMapping(itemColumns: ["belonging": " "])))
            == ["Choose the column for at least one question."])
    }

    @Test func filesThatAreEmptyTooLongOrBrokenAreRefusedWhole() {
        let mapping = SurveyImportMapping(itemColumns: ["belonging": "Belonging"])
        #expect(Self.problems(SurveyResponseImport.parse(csv: "", mapping: mapping, items: Self.items)) == ["The file is empty."])
        #expect(Self.problems(Self.parse(["Belonging"], mapping: mapping)) == ["The file has a header row but no responses."])
        #expect(Self.problems(Self.parse(["Belonging", "Very strongly", "Fairly strongly", "Don't know"], mapping: mapping, maximumRows: 2))
            == ["The file has 3 responses, more than the 2 one import can take. Split it into smaller files."])
        #expect(Self.problems(Self.parse(["ID,Belonging", "R1,\"Very strongly", "R2,Fairly strongly"], mapping: mapping))
            == ["Line 2, column “Belonging”: A quoted field starts here but its closing quote is missing."])
    }

    @Test func aReportListsTheFirstHundredProblemsAndCountsTheRest() throws {
        let mapping = SurveyImportMapping(itemColumns: ["belonging": "Belonging"])
        let result = Self.parse(["Belonging"] + Array(repeating: "Quite strongly", count: 250), mapping: mapping)
        guard case .failure(let report) = result else { Issue.record("A file of bad answers was accepted"); return }
        #expect(report.problems.count == 100)
        #expect(report.unlisted == 150 && report.count == 250)
        #expect(report.problems.map(\.line) == (2...101).map(Optional.some))
        #expect(report.description.hasSuffix("… and 150 more problems."))
        #expect(report.description.split(separator: "\n").count == 101)
    }

    /// Column headers as Microsoft Forms and SmartSurvey export them: numbered questions in
    /// full, a key written as words, demographic questions as questions.
    @Test func aMappingIsSuggestedFromRealisticHeaders() {
        let headers = [
            "Response ID", "Start time", "Completion time", "Email",
            "Q1. To what extent do you agree or disagree that this local area is a place where people from different backgrounds get on well together?",
            "Q2. How strongly do you feel you belong to your immediate neighbourhood?",
            "How often do you feel lonely?", "How often do you feel that you lack companionship?", "How often do you feel left out?",
            "How often do you feel isolated from others?", "Trust", "Chat neighbours",
            "What is your postcode?", "Ward code", "Age group", "Gender", "What is your ethnic group?", "Any other comments about your area?",
        ]
        let mapping = SurveyResponseImport.suggestedMapping(headers: headers, items: Self.items)
        #expect(mapping.itemColumns == [
            "get_on_well": headers[4], "belonging": headers[5], "lonely_direct": headers[6], "lonely_companionship": headers[7],
            "lonely_left_out": headers[8], "lonely_isolated": headers[9], "trust": "Trust", "chat_neighbours": "Chat neighbours",
        ])
        #expect(mapping.idColumn == "Response ID")
        // A completion time is a date and a time, which the import doesn't read as a date.
        #expect(mapping.dateColumn == nil)
        #expect(mapping.postcodeColumn == "What is your postcode?")
        #expect(mapping.areaColumn == "Ward code")
        #expect(mapping.ageBandColumn == "Age group")
        #expect(mapping.sexColumn == "Gender")
        #expect(mapping.ethnicGroupColumn == "What is your ethnic group?")

        let plain = SurveyResponseImport.suggestedMapping(headers: ["id", "date_submitted", "get_on_well", "sex", "gender", "age", "wd24cd"], items: Self.items)
        #expect(plain == SurveyImportMapping(itemColumns: ["get_on_well": "get_on_well"], areaColumn: "wd24cd", ageBandColumn: "age",
                                             sexColumn: "sex", dateColumn: "date_submitted", idColumn: "id"))
    }
}
