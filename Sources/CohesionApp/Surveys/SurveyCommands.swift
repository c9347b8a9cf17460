import CohesionCore
import Fluent
import Foundation
import Vapor

/// `cohesion survey weight|estimate`.
struct SurveyCommands: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand] { ["weight": SurveyWeightCommand(), "estimate": SurveyEstimateCommand()] }
    var help: String { "Weights survey answers to population totals, and recomputes the survey's estimates" }
}

/// `cohesion survey weight --responses R.csv --targets T.csv --output W.csv [--scale population]`:
/// raking on its own, on files, with no database (docs/operations.md shows the file layouts).
struct SurveyWeightCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "responses", help: "CSV with an id column and one column per weighting variable")
        var responses: String?
        @Option(name: "targets", help: "CSV with the columns variable,category,population")
        var targets: String?
        @Option(name: "output", help: "Where to write id,weight")
        var output: String?
        @Option(name: "scale", help: "sample (weights add up to the number of responses; the default) or population")
        var scale: String?
        @Option(name: "tolerance", help: "Largest relative difference from a target accepted (default 1e-9)")
        var tolerance: String?
        @Option(name: "max-iterations", help: "Rounds of raking before giving up (default 200)")
        var maxIterations: String?
        @Option(name: "trim", help: "Bounds on a weight relative to the mean weight, like 0.2,5")
        var trim: String?
    }

    var help: String { "Rakes responses to population margins: writes id,weight and prints a report" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let report = try SurveyWeightRun.run(responses: signature.responses, targets: signature.targets, output: signature.output,
                                             scale: signature.scale, tolerance: signature.tolerance,
                                             maxIterations: signature.maxIterations, trim: signature.trim)
        context.console.output(report, style: .plain)
    }
}

/// The weighting command's work, without Vapor: `main.swift` calls it straight away for
/// `cohesion survey weight`, so the command starts in milliseconds instead of setting up the
/// whole application it doesn't use (bench/README.md compares whole processes with R).
public enum SurveyWeightRun {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads the files, rakes, writes the weights and returns the report to print.
    public static func run(responses: String?, targets: String?, output: String?, scale: String?, tolerance: String?,
                           maxIterations: String?, trim: String?) throws -> String {
        guard let responses, let targets, let output else {
            throw Failure(description: "Give --responses R.csv, --targets T.csv and --output W.csv. Run `cohesion survey weight --help` for more.")
        }
        var options = RakingOptions()
        switch scale {
        case nil, "sample": options.scale = .sampleSize
        case "population": options.scale = .population
        case let other?: throw Failure(description: "--scale must be sample or population, not \(other).")
        }
        if let tolerance {
            guard let value = Double(tolerance), value > 0, value < 1 else { throw Failure(description: "--tolerance must be a number between 0 and 1, like 1e-9.") }
            options.tolerance = value
        }
        if let maxIterations {
            guard let value = Int(maxIterations), (1...100_000).contains(value) else { throw Failure(description: "--max-iterations must be a whole number from 1 to 100,000.") }
            options.maxIterations = value
        }
        if let trim {
            let parts = trim.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, parts[0] > 0, parts[0] < 1, parts[1] > 1 else {
                throw Failure(description: "--trim must be two numbers, the lowest and highest weight relative to the mean, like 0.2,5.")
            }
            options.trimming = parts[0]...parts[1]
        }
        let responseText = try read(responses, what: "responses")
        let targetText = try read(targets, what: "targets")
        // The file weighting, with the columns it ignored, which its report names.
        let weighting: CohesionCore.SurveyWeighting
        do {
            weighting = try SurveyWeightFiles.weighting(responses: responseText, targets: targetText, options: options)
        } catch {
            throw Failure(description: error.description)
        }
        do {
            try Data(weighting.output.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw Failure(description: "Could not write \(output): \(error.localizedDescription)")
        }
        return weighting.report + "\nWeights written to \(output).\n"
    }

    static func read(_ path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "Could not read the \(what) file \(path).") }
        guard let text = String(data: data, encoding: .utf8) else { throw Failure(description: "The \(what) file \(path) is not UTF-8 text.") }
        return text
    }

    /// For `main.swift`: runs `survey weight` from the command line's words if that is the
    /// command, returning the exit status; nil for every other command.
    public static func runIfAsked(_ arguments: [String]) -> Int32? {
        let words = Array(arguments.dropFirst())
        guard words.count >= 2, words[0] == "survey", words[1] == "weight", !words.contains("--help"), !words.contains("-h") else { return nil }
        var values: [String: String] = [:]
        var index = 2
        let names = ["--responses", "--targets", "--output", "--scale", "--tolerance", "--max-iterations", "--trim"]
        while index < words.count {
            let word = words[index]
            if let eq = word.firstIndex(of: "="), names.contains(String(word[..<eq])) {
                values[String(word[..<eq])] = String(word[word.index(after: eq)...]); index += 1
            } else if names.contains(word), index + 1 < words.count {
                values[word] = words[index + 1]; index += 2
            } else {
                FileHandle.standardError.write(Data("Error: unknown option \(word). Run `cohesion survey weight --help` for usage.\n".utf8))
                return 1
            }
        }
        do {
            let report = try run(responses: values["--responses"], targets: values["--targets"], output: values["--output"],
                                 scale: values["--scale"], tolerance: values["--tolerance"], maxIterations: values["--max-iterations"],
                                 trim: values["--trim"])
            FileHandle.standardOutput.write(Data(report.utf8))
            return 0
        } catch {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            return 1
        }
    }
}

/// `cohesion survey estimate [--district CODE]`: weights every wave again and replaces its
/// estimates (after a census import, say). Safe to rerun.
struct SurveyEstimateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "district", help: "ONS district code of the council, when the database serves several")
        var district: String?
    }

    var help: String { "Weights every survey wave again and recomputes its estimates" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let council = try await SetCouncilContactCommand.council(app: app, district: signature.district)
        let tenant = TenantScope(council: council, database: app.db)
        let started = Date()
        let waves = try await tenant.query(SurveyWave.self).sort(\.$startsOn).all()
        for wave in waves {
            let report = try await SurveyWeighting.run(
                wave: wave, items: try await SurveyQueries.items(of: wave, tenant: tenant), tenant: tenant, cipher: app.fieldCipher,
                reader: .init(user: nil, council: try council.requireID(), ipAddress: nil, at: app.services.clock.now()),
                now: app.services.clock.now())
            context.console.output("\(wave.title): \(DisplayFormat.count(report.respondents, "answer"))\(report.converged ? "" : ", weighting did not settle").", style: .plain)
        }
        context.console.output("\(DisplayFormat.count(waves.count, "wave")) in \(Int(Date().timeIntervalSince(started) * 1000)) ms.", style: .plain)
    }
}
