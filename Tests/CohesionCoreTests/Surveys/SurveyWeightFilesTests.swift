@testable import CohesionCore
import Foundation
import Testing

/// `RakingExample` as the command's files: a BOM, CRLF, a padded header, blank lines (one of
/// them a spreadsheet's `,,,`), and a column that is not a weighting variable.
enum WeightFileExample {
    static let responses = "\u{FEFF} id ,sex, age ,postcode\r\n"
        + zip(RakingExample.sex, RakingExample.age).enumerated().map { i, pair in
            "R\(i + 1),\(pair.0),\(pair.1),WS1 \(i)AA\r\n" + (i == 5 ? "\r\n,,,\r\n" : "")
        }.joined()
    static let targets = """
        variable,category,population
        sex,F,5100
        sex,M,4900

        age,16-34,2900
        age,35-64,4300
        age,65+,2800

        """
}

extension Surveys {
    @Suite struct SurveyWeightFilesTests {
        @Test func weightsMatchRAndRoundTrip() throws {
            let weighting = try SurveyWeightFiles.weighting(responses: WeightFileExample.responses, targets: WeightFileExample.targets,
                                                            options: .init(tolerance: 1e-13))
            let rows = try CSVReader.records(in: weighting.output)
            #expect(rows.first?.fields == ["id", "weight"])
            #expect(rows.dropFirst().map { $0.fields[0] } == (1...12).map { "R\($0)" })
            let written = rows.dropFirst().map { Double($0.fields[1])! }
            #expect(written == weighting.result.weights)
            expectClose(written, RakingExample.rSampleSizeWeights, relative: 1e-9)
            #expect(weighting.ignoredColumns == ["postcode"])
            #expect(weighting.output.hasSuffix("\n") && !weighting.output.contains("\r"))
        }

        @Test func thePopulationScale() throws {
            let (_, result) = try SurveyWeightFiles.weight(responses: WeightFileExample.responses, targets: WeightFileExample.targets,
                                                           options: .init(tolerance: 1e-13, scale: .population))
            expectClose(result.weights, RakingExample.rPopulationWeights, relative: 1e-9)
        }

        @Test func theReport() throws {
            let weighting = try SurveyWeightFiles.weighting(responses: WeightFileExample.responses, targets: WeightFileExample.targets,
                                                            options: .init())
            let lines = weighting.report.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines[0] == "Raking converged after \(weighting.result.iterations) iterations.")
            #expect(lines[1].hasPrefix("Largest difference from a target: ") && lines[1].hasSuffix("%"))
            #expect(lines[2] == "Design effect (Kish): 1.253")
            #expect(lines[3] == "Effective sample size: 9.6 of 12 respondents")
            #expect(lines[4] == "Weights trimmed: 0")
            #expect(lines[5] == "Columns ignored (no targets): postcode")
            #expect(Array(lines[7...]) == [
                "Variable  Category  Target  Weighted  Respondents",
                "sex       F           6.12      6.12            7",
                "sex       M           5.88      5.88            5",
                "age       16-34       3.48      3.48            3",
                "age       35-64       5.16      5.16            3",
                "age       65+         3.36      3.36            6",
                "",
            ])
            let notConverged = RakingResult(weights: [1, 1], iterations: 200, converged: false, largestMarginError: 0.032, designEffect: 1,
                                            effectiveSampleSize: 2, trimmedCount: 1, marginReport: [])
            #expect(SurveyWeightFiles.report(notConverged).hasPrefix("Raking did NOT converge after 200 iterations.\nLargest difference from a target: 3.2%\n"))
        }
    }
}

extension Surveys {
    @Suite struct SurveyWeightFileErrorTests {
        static let responses = """
            id,sex,age
            R1,F,16-34
            R2,F,65+
            R3,M,16-34
            R4,M,65+
            """
        static let targets = """
            variable,category,population
            sex,F,50
            sex,M,50
            age,16-34,40
            age,65+,60
            """

        static func error(responses: String = responses, targets: String = targets, options: RakingOptions = .init()) -> SurveyWeightFileError? {
            do {
                _ = try SurveyWeightFiles.weight(responses: responses, targets: targets, options: options)
                return nil
            } catch {
                return error
            }
        }

        static func replacing(_ text: String, _ old: String, _ new: String) -> String {
            text.replacingOccurrences(of: old, with: new)
        }

        @Test func theExampleIsFine() {
            #expect(Self.error() == nil)
        }

        @Test func malformedCSV() {
            let error = Self.error(responses: Self.replacing(Self.responses, "R3,M", "\"R3,M"))
            #expect(error == .malformed(.responses, message: "Line 4, column 1 (“id”): a quoted field starts here but its closing quote is missing"))
            #expect(error?.description == "The responses file could not be read as CSV: Line 4, column 1 (“id”): a quoted field starts here but its closing quote is missing.")
        }

        @Test func emptyFiles() {
            #expect(Self.error(responses: "\u{FEFF}\n\n") == .emptyFile(.responses))
            #expect(Self.error(targets: "") == .emptyFile(.targets))
            #expect(SurveyWeightFileError.emptyFile(.targets).description == "The targets file is empty.")
        }

        @Test func missingIDColumn() {
            let error = Self.error(responses: Self.replacing(Self.responses, "id,", "respondent,"))
            #expect(error == .missingColumn(.responses, column: "id"))
            #expect(error?.description == "The responses file has no “id” column.")
            #expect(Self.error(targets: Self.replacing(Self.targets, "population", "count")) == .missingColumn(.targets, column: "population"))
            #expect(Self.error(responses: Self.replacing(Self.responses, "id,", " ID ,")) == nil)
        }

        @Test func duplicateColumn() {
            let error = Self.error(responses: Self.replacing(Self.responses, "id,sex,age", "id,sex,age, sex"))
            #expect(error == .duplicateColumn(.responses, column: "sex", firstNumber: 2, number: 4))
            #expect(error?.description == "The responses file has two columns called “sex” (columns 2 and 4).")
        }

        @Test func wrongFieldCount() {
            let error = Self.error(responses: Self.replacing(Self.responses, "R3,M,16-34", "R3,M"))
            #expect(error == .wrongFieldCount(.responses, line: 4, expected: 3, found: 2))
            #expect(error?.description == "Responses file, line 4: the row has 2 fields but the header has 3.")
        }

        @Test func blankAndDuplicateIDs() {
            let blank = Self.error(responses: Self.replacing(Self.responses, "R3,", " ,"))
            #expect(blank == .blankID(line: 4))
            #expect(blank?.description == "Responses file, line 4: the id is blank; every respondent needs an id.")
            let duplicate = Self.error(responses: Self.replacing(Self.responses, "R4,", "\nR2,"))
            #expect(duplicate == .duplicateID(id: "R2", line: 6, firstLine: 3))
            #expect(duplicate?.description == "Responses file, line 6: the id “R2” is already used on line 3.")
        }

        @Test func noRespondentsOrTargets() {
            #expect(Self.error(responses: "id,sex,age\n") == .noRespondents)
            #expect(SurveyWeightFileError.noRespondents.description == "The responses file has a header row but no respondents.")
            #expect(Self.error(targets: "variable,category,population\n") == .noTargets)
            #expect(SurveyWeightFileError.noTargets.description == "The targets file has a header row but no targets.")
        }

        @Test func aTargetsVariableWithNoColumn() {
            let error = Self.error(targets: Self.targets + "\nward,Pleck,100")
            #expect(error == .variableWithoutColumn(variable: "ward", line: 6))
            #expect(error?.description == "Targets file, line 6: there are targets for “ward” but the responses file has no “ward” column.")
        }

        @Test func aResponsesColumnWithNoTargetsIsIgnored() throws {
            let responses = Self.responses.split(separator: "\n").enumerated().map { $0 == 0 ? $1 + ",ward" : $1 + ",Pleck" }.joined(separator: "\n")
            let weighting = try SurveyWeightFiles.weighting(responses: responses, targets: Self.targets, options: .init())
            #expect(weighting.ignoredColumns == ["ward"])
            #expect(weighting.report.contains("Columns ignored (no targets): ward\n"))
        }

        @Test func badTargets() {
            let blank = Self.error(targets: Self.replacing(Self.targets, "age,65+", ",65+"))
            #expect(blank == .blankTargetField(line: 5, column: "variable"))
            #expect(blank?.description == "Targets file, line 5: the variable is blank.")
            #expect(Self.error(targets: Self.replacing(Self.targets, "age,65+", "age, ")) == .blankTargetField(line: 5, column: "category"))
            let population = Self.error(targets: Self.replacing(Self.targets, "sex,M,50", "sex,M,fifty"))
            #expect(population == .badPopulation(line: 3, value: "fifty"))
            #expect(population?.description == "Targets file, line 3: the population “fifty” is not a number of people (a number, zero or more).")
            #expect(Self.error(targets: Self.replacing(Self.targets, "sex,M,50", "sex,M,-50")) == .badPopulation(line: 3, value: "-50"))
            #expect(Self.error(targets: Self.replacing(Self.targets, "sex,M,50", "sex,M,")) == .badPopulation(line: 3, value: ""))
            let duplicate = Self.error(targets: Self.targets + "\nsex,F,51")
            #expect(duplicate == .duplicateTarget(variable: "sex", category: "F", line: 6, firstLine: 2))
            #expect(duplicate?.description == "Targets file, line 6: “F” for “sex” already has a population on line 2.")
        }

        @Test func blankValue() {
            let error = Self.error(responses: Self.replacing(Self.responses, "R3,M,16-34", "R3,M, "))
            #expect(error == .blankValue(line: 4, column: "age"))
            #expect(error?.description == "Responses file, line 4, column “age”: the value is blank; every respondent needs a value for each weighting variable.")
        }

        @Test func unknownCategoryListsTheKnownOnes() {
            let error = Self.error(responses: Self.replacing(Self.responses, "R4,M,65+", "R4,M,65 and over"))
            #expect(error == .unknownCategory(line: 5, column: "age", value: "65 and over", known: ["16-34", "65+"]))
            #expect(error?.description == "Responses file, line 5, column “age”: “65 and over” is not one of the categories in the targets file (16-34, 65+).")
            let many = SurveyWeightFileError.unknownCategory(line: 2, column: "ward", value: "x", known: (1...30).map { "W\($0)" })
            #expect(many.description.hasSuffix("(W1, W2, W3, W4, W5, W6, W7, W8, W9, W10, W11, W12, W13, W14, W15, W16, W17, W18, W19, W20, W21, W22, W23, W24, W25 and 5 more)."))
        }

        @Test func emptyCategoryNamesItsTargetsLine() {
            let error = Self.error(targets: Self.targets + "\nage,35-64,0.5")
            #expect(error == .emptyCategory(variable: "age", category: "35-64", line: 6))
            #expect(error?.description == "Targets file, line 6: no respondent is in “35-64” for “age”, so no weights can reach its population; combine it with a neighbouring category or collect more responses.")
        }

        @Test func noPopulation() {
            let error = Self.error(targets: Self.replacing(Self.replacing(Self.targets, "sex,F,50", "sex,F,0"), "sex,M,50", "sex,M,0"))
            #expect(error == .noPopulation(variable: "sex", line: 2))
            #expect(error?.description == "Targets file, line 2: the populations for “sex” add up to zero, so there is nothing to weight the responses to.")
        }

        @Test func inconsistentTotals() {
            let error = Self.error(targets: Self.replacing(Self.targets, "age,65+,60", "age,65+,62"))
            #expect(error == .inconsistentTotals(variable: "age", total: 102, firstVariable: "sex", firstTotal: 100))
            #expect(error?.description == "Targets file: the populations for “age” add up to 102 but those for “sex” add up to 100; they differ by more than 1%, so they cannot describe the same population.")
        }

        /// Nobody is F and 65+ or M and 16-34, so sex and age are the same split and cannot be
        /// 50/50 and 40/60 at once.
        @Test func notConvergedFailsWithNoWeights() {
            let responses = """
                id,sex,age
                R1,F,16-34
                R2,M,65+
                """
            let error = Self.error(responses: responses, options: .init(maxIterations: 20))
            guard case let .notConverged(iterations, largest)? = error else {
                Issue.record("expected notConverged, got \(String(describing: error))")
                return
            }
            #expect(iterations == 20)
            #expect(largest > 0.1)
            #expect(SurveyWeightFileError.notConverged(iterations: 200, largestError: 0.1234).description
                    == "The weights did not settle after 200 iterations: a weighted total is still 12% away from its target. The targets may conflict with each other or with the trimming bounds; no weights were written.")
        }
    }
}
