@testable import CohesionApp
import CohesionCore
import Foundation
import Testing

/// `cohesion survey weight` (`SurveyWeightRun`): raking on files with no database. A good run
/// writes `id,weight` and reports; every bad input is refused with a message naming what to
/// fix, and no weights file is written (nor an old one replaced).
@Suite struct SurveyWeightCommandTests {
    /// Twelve respondents with more women and older people than the population.
    static let sexes = ["F", "F", "M", "F", "M", "F", "F", "M", "F", "M", "F", "M"]
    static let ages = ["65+", "16-34", "35-64", "65+", "65+", "35-64", "65+", "16-34", "65+", "35-64", "16-34", "65+"]

    static var responses: String {
        "id,sex,age,postcode\n" + zip(sexes, ages).enumerated().map { i, pair in "R\(i + 1),\(pair.0),\(pair.1),WS1 \(i)AA\n" }.joined()
    }

    static let targets = """
        variable,category,population
        sex,F,5100
        sex,M,4900
        age,16-34,2900
        age,35-64,4300
        age,65+,2800

        """

    /// A scratch folder with the files written into it.
    struct Files {
        let folder: URL
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

        init(_ files: [String: String]) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("cohesion-weight-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }

        var outputExists: Bool { FileManager.default.fileExists(atPath: path("W.csv")) }

        func weights() throws -> [(id: String, weight: Double)] {
            let text = try String(contentsOfFile: path("W.csv"), encoding: .utf8)
            let records = try CSVReader.records(in: text)
            #expect(records.first?.fields == ["id", "weight"])
            return try records.dropFirst().map { ($0.fields[0], try #require(Double($0.fields[1]))) }
        }
    }

    static func run(_ files: Files, responses: String? = "R.csv", targets: String? = "T.csv", output: String? = "W.csv", scale: String? = nil,
                    tolerance: String? = nil, maxIterations: String? = nil, trim: String? = nil) throws -> String {
        try SurveyWeightRun.run(responses: responses.map(files.path), targets: targets.map(files.path), output: output.map(files.path),
                                scale: scale, tolerance: tolerance, maxIterations: maxIterations, trim: trim)
    }

    /// The message a run is refused with, or nil when it isn't.
    static func refusal(_ body: () throws -> String) -> String? {
        do {
            _ = try body()
            return nil
        } catch let failure as SurveyWeightRun.Failure {
            return failure.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func aGoodRunWritesWeightsThatMeetTheTargets() throws {
        let files = try Files(["R.csv": Self.responses, "T.csv": Self.targets])
        defer { files.remove() }
        let report = try Self.run(files)
        #expect(report.hasPrefix("Raking converged after "))
        #expect(report.contains("Design effect (Kish): ") && report.contains("Effective sample size: ") && report.contains(" of 12 respondents"))
        #expect(report.contains("Columns ignored (no targets): postcode"))
        #expect(report.hasSuffix("Weights written to \(files.path("W.csv")).\n"))

        let written = try files.weights()
        #expect(written.map(\.id) == (1...12).map { "R\($0)" })
        #expect(abs(written.map(\.weight).reduce(0, +) - 12) < 1e-9, "weights add up to the number of responses")
        #expect(written.allSatisfy { $0.weight > 0 })
        // Each margin's weighted share is its population share.
        func share(_ values: [String], _ category: String) -> Double {
            zip(values, written).filter { $0.0 == category }.map(\.1.weight).reduce(0, +) / 12
        }
        #expect(abs(share(Self.sexes, "F") - 0.51) < 1e-9 && abs(share(Self.sexes, "M") - 0.49) < 1e-9)
        #expect(abs(share(Self.ages, "16-34") - 0.29) < 1e-9 && abs(share(Self.ages, "35-64") - 0.43) < 1e-9 && abs(share(Self.ages, "65+") - 0.28) < 1e-9)
        // Women and older people, over-represented, are weighted down.
        #expect(written[0].weight < 1 && written[7].weight > 1)

        // The same as raking the data directly.
        let margins = [RakingMargin(variable: "sex", targets: ["F": 5100, "M": 4900]),
                       RakingMargin(variable: "age", targets: ["16-34": 2900, "35-64": 4300, "65+": 2800])]
        let direct = try Raking.rake(values: zip(Self.sexes, Self.ages).map { [$0.0, $0.1] }, margins: margins)
        #expect(direct.converged)
        #expect(written.map(\.weight) == direct.weights, "written to full precision")
        #expect(report.contains("Raking converged after \(direct.iterations) iterations."))
    }

    @Test func thePopulationScaleAddsUpToThePopulation() throws {
        let files = try Files(["R.csv": Self.responses, "T.csv": Self.targets])
        defer { files.remove() }
        _ = try Self.run(files, scale: "population", tolerance: "1e-12", maxIterations: "500")
        let written = try files.weights()
        #expect(abs(written.map(\.weight).reduce(0, +) - 10_000) < 1e-6)
        let sample = try Files(["R.csv": Self.responses, "T.csv": Self.targets])
        defer { sample.remove() }
        _ = try Self.run(sample, scale: "sample", tolerance: "1e-12", maxIterations: "500")
        // The same weights, scaled.
        for (a, b) in zip(written, try sample.weights()) { #expect(abs(a.weight - b.weight * 10_000 / 12) < 1e-6) }
        // Loose trimming bounds that the weights already meet change nothing.
        let trimmed = try Files(["R.csv": Self.responses, "T.csv": Self.targets])
        defer { trimmed.remove() }
        let report = try Self.run(trimmed, tolerance: "1e-12", maxIterations: "500", trim: "0.2,5")
        #expect(report.contains("Weights trimmed: 0"))
        for (a, b) in zip(try trimmed.weights(), try sample.weights()) { #expect(abs(a.weight - b.weight) < 1e-9) }
    }

    @Test func badOptionsAreRefusedBeforeAnyFileIsRead() throws {
        let files = try Files(["R.csv": Self.responses, "T.csv": Self.targets])
        defer { files.remove() }
        let give = "Give --responses R.csv, --targets T.csv and --output W.csv. Run `cohesion survey weight --help` for more."
        let cases: [(String, () throws -> String, String)] = [
            ("no responses", { try Self.run(files, responses: nil) }, give),
            ("no targets", { try Self.run(files, targets: nil) }, give),
            ("no output", { try Self.run(files, output: nil) }, give),
            ("a scale", { try Self.run(files, scale: "people") }, "--scale must be sample or population, not people."),
            ("a scale in capitals", { try Self.run(files, scale: "Population") }, "--scale must be sample or population, not Population."),
            ("a tolerance of words", { try Self.run(files, tolerance: "tiny") }, "--tolerance must be a number between 0 and 1, like 1e-9."),
            ("a zero tolerance", { try Self.run(files, tolerance: "0") }, "--tolerance must be a number between 0 and 1, like 1e-9."),
            ("a tolerance of 1", { try Self.run(files, tolerance: "1") }, "--tolerance must be a number between 0 and 1, like 1e-9."),
            ("a negative tolerance", { try Self.run(files, tolerance: "-1e-9") }, "--tolerance must be a number between 0 and 1, like 1e-9."),
            ("a tolerance of nan", { try Self.run(files, tolerance: "nan") }, "--tolerance must be a number between 0 and 1, like 1e-9."),
            ("no iterations", { try Self.run(files, maxIterations: "0") }, "--max-iterations must be a whole number from 1 to 100,000."),
            ("too many iterations", { try Self.run(files, maxIterations: "100001") }, "--max-iterations must be a whole number from 1 to 100,000."),
            ("iterations in words", { try Self.run(files, maxIterations: "lots") }, "--max-iterations must be a whole number from 1 to 100,000."),
            ("one trim bound", { try Self.run(files, trim: "0.2") }, "--trim must be two numbers, the lowest and highest weight relative to the mean, like 0.2,5."),
            ("trim bounds reversed", { try Self.run(files, trim: "5,0.2") }, "--trim must be two numbers, the lowest and highest weight relative to the mean, like 0.2,5."),
            ("a trim bound of 1", { try Self.run(files, trim: "0.5,1") }, "--trim must be two numbers, the lowest and highest weight relative to the mean, like 0.2,5."),
            ("a trim of words", { try Self.run(files, trim: "low,high") }, "--trim must be two numbers, the lowest and highest weight relative to the mean, like 0.2,5."),
        ]
        for (what, body, message) in cases {
            #expect(Self.refusal(body) == message, "\(what)")
            #expect(!files.outputExists, "\(what) wrote weights")
        }
    }

    @Test func badFilesAreRefusedNamingTheLineAndNothingIsWritten() throws {
        let sevenAges = Self.targets.replacingOccurrences(of: "age,65+,2800", with: "age,65+,2300\nage,90+,500")
        var notUTF8 = Data("id,sex,age\nR1,F,".utf8)
        notUTF8.append(0xFF)
        let cases: [(String, [String: String], String)] = [
            ("an unknown category", ["R.csv": Self.responses.replacingOccurrences(of: "R2,F,", with: "R2,X,"), "T.csv": Self.targets],
             "Responses file, line 3, column “sex”: “X” is not one of the categories in the targets file (F, M)."),
            ("a category in another case", ["R.csv": Self.responses.replacingOccurrences(of: "R5,M,", with: "R5,m,"), "T.csv": Self.targets],
             "Responses file, line 6, column “sex”: “m” is not one of the categories in the targets file (F, M)."),
            ("a category nobody is in", ["R.csv": Self.responses, "T.csv": sevenAges],
             "Targets file, line 7: no respondent is in “90+” for “age”, so no weights can reach its population; combine it with a neighbouring category or collect more responses."),
            ("a blank value", ["R.csv": Self.responses.replacingOccurrences(of: "R4,F,65+", with: "R4,,65+"), "T.csv": Self.targets],
             "Responses file, line 5, column “sex”: the value is blank; every respondent needs a value for each weighting variable."),
            ("a variable without a column", ["R.csv": Self.responses, "T.csv": Self.targets + "ward,E05001314,10000\n"],
             "Targets file, line 7: there are targets for “ward” but the responses file has no “ward” column."),
            ("totals that differ", ["R.csv": Self.responses, "T.csv": Self.targets.replacingOccurrences(of: "age,65+,2800", with: "age,65+,3800")],
             "Targets file: the populations for “age” add up to 11000 but those for “sex” add up to 10000; they differ by more than 1%, so they cannot describe the same population."),
            ("a repeated id", ["R.csv": Self.responses.replacingOccurrences(of: "R9,", with: "R3,"), "T.csv": Self.targets],
             "Responses file, line 10: the id “R3” is already used on line 4."),
            ("a population that isn't a number", ["R.csv": Self.responses, "T.csv": Self.targets.replacingOccurrences(of: "5100", with: "5,100")],
             "Targets file, line 2: the row has 4 fields but the header has 3."),
            ("a population in words", ["R.csv": Self.responses, "T.csv": Self.targets.replacingOccurrences(of: "4900", with: "lots")],
             "Targets file, line 3: the population “lots” is not a number of people (a number, zero or more)."),
            ("a negative population", ["R.csv": Self.responses, "T.csv": Self.targets.replacingOccurrences(of: "5100", with: "-5100")],
             "Targets file, line 2: the population “-5100” is not a number of people (a number, zero or more)."),
            ("no id column", ["R.csv": Self.responses.replacingOccurrences(of: "id,sex", with: "ref,sex"), "T.csv": Self.targets],
             "The responses file has no “id” column."),
            ("an empty responses file", ["R.csv": "", "T.csv": Self.targets], "The responses file is empty."),
            ("no respondents", ["R.csv": "id,sex,age\n", "T.csv": Self.targets], "The responses file has a header row but no respondents."),
            ("no targets", ["R.csv": Self.responses, "T.csv": "variable,category,population\n"], "The targets file has a header row but no targets."),
        ]
        for (what, texts, message) in cases {
            let files = try Files(texts)
            defer { files.remove() }
            #expect(Self.refusal { try Self.run(files) } == message, "\(what)")
            #expect(!files.outputExists, "\(what) wrote weights")
        }

        let files = try Files(["R.csv": Self.responses, "T.csv": Self.targets])
        defer { files.remove() }
        try notUTF8.write(to: URL(fileURLWithPath: files.path("latin1.csv")))
        #expect(Self.refusal { try Self.run(files, responses: "missing.csv") } == "Could not read the responses file \(files.path("missing.csv")).")
        #expect(Self.refusal { try Self.run(files, targets: "missing.csv") } == "Could not read the targets file \(files.path("missing.csv")).")
        #expect(Self.refusal { try Self.run(files, responses: "latin1.csv") } == "The responses file \(files.path("latin1.csv")) is not UTF-8 text.")
        // A folder is not a file.
        #expect(Self.refusal { try Self.run(files, targets: ".") } == "Could not read the targets file \(files.path(".")).")
        #expect(!files.outputExists)
        // Nowhere to write: said so.
        let nowhere = try #require(Self.refusal { try Self.run(files, output: "no-such-folder/W.csv") })
        #expect(nowhere.hasPrefix("Could not write \(files.path("no-such-folder/W.csv")): "))
    }

    @Test func weightsThatDontSettleAreNotWrittenNorReplaceOldOnes() throws {
        let files = try Files(["R.csv": Self.responses, "T.csv": Self.targets, "W.csv": "id,weight\nold,1\n"])
        defer { files.remove() }
        let once = try #require(Self.refusal { try Self.run(files, maxIterations: "1") })
        #expect(once.hasPrefix("The weights did not settle after 1 iteration: a weighted total is still "), "\(once)")
        #expect(once.hasSuffix("away from its target. The targets may conflict with each other or with the trimming bounds; no weights were written."))
        let tight = try #require(Self.refusal { try Self.run(files, trim: "0.99,1.01") })
        #expect(tight.hasPrefix("The weights did not settle after 200 iterations: "), "\(tight)")
        let strict = try #require(Self.refusal { try Self.run(files, tolerance: "1e-300", maxIterations: "50") })
        #expect(strict.hasPrefix("The weights did not settle after 50 iterations: "), "\(strict)")
        // Each of those, and a bad file, leaves the earlier weights as they were.
        #expect(Self.refusal { try Self.run(files, responses: "missing.csv") } != nil)
        #expect(try String(contentsOfFile: files.path("W.csv"), encoding: .utf8) == "id,weight\nold,1\n")
        // A good run replaces them.
        _ = try Self.run(files)
        #expect(try files.weights().count == 12)
    }

    @Test func theCommandLineRunsOnlySurveyWeightAndNotItsHelp() throws {
        for words in [["serve"], [], ["survey"], ["survey", "estimate"], ["weight", "survey"], ["survey", "weight", "--help"],
                      ["survey", "weight", "-h"], ["survey", "weight", "--responses", "R.csv", "--help"], ["demo", "survey", "weight"]] {
            #expect(SurveyWeightRun.runIfAsked(["cohesion"] + words) == nil, "\(words)")
        }
        let files = try Files(["R.csv": Self.responses, "T.csv": Self.targets])
        defer { files.remove() }
        #expect(SurveyWeightRun.runIfAsked(["cohesion", "survey", "weight", "--responses", files.path("R.csv"), "--targets=\(files.path("T.csv"))",
                                            "--output", files.path("W.csv"), "--scale", "population"]) == 0)
        #expect(abs(try files.weights().map(\.weight).reduce(0, +) - 10_000) < 1e-6)
        try FileManager.default.removeItem(atPath: files.path("W.csv"))
        // Refusals exit 1 and write nothing.
        #expect(SurveyWeightRun.runIfAsked(["cohesion", "survey", "weight", "--responses", files.path("R.csv")]) == 1)
        #expect(SurveyWeightRun.runIfAsked(["cohesion", "survey", "weight", "--responses", files.path("R.csv"), "--targets", files.path("T.csv"),
                                            "--output", files.path("W.csv"), "--colour", "blue"]) == 1)
        #expect(SurveyWeightRun.runIfAsked(["cohesion", "survey", "weight", "--responses", files.path("R.csv"), "--targets", files.path("T.csv"),
                                            "--output"]) == 1, "an option without its value")
        #expect(!files.outputExists)
    }
}
