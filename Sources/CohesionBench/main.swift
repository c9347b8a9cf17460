import Foundation

// cohesion-bench: the benchmarks behind bench/README.md.
//
//   cohesion-bench DATA_FOLDER                  geography: locating points, drawing choropleths
//                                               (bench/geography.sh; DATA_FOLDER is ../shared/data)
//   cohesion-bench serve --port N               the Cohesion app with the demo council on N, with Leaf
//                                               and Plot versions of the dashboard and the ward
//                                               profile under /bench/, and a bare Vapor app answering
//                                               GET /plaintext on N+1 (bench/http.sh)
//   cohesion-bench render [--count N] [--out DIR]
//                                               each page variant rendered N times without HTTP, in
//                                               µs per page; --out writes one copy of each (bench/http.sh)
//
//   cohesion-bench grants [--count N]          writing the 360Giving package and CSV for N grants
//                                               (default 10,000)
//   cohesion-bench awards                      32 awards at once from a fund with money for 10, on
//                                               the configured database (bench/grants.sh)
//   cohesion-bench surveys [--waves N] [--responses N]
//                                               every survey estimate recomputed for N waves of N
//                                               responses (default 8 × 12,500), on the configured
//                                               database, and where the time goes (bench/surveys.sh)
//
// serve and render reach the app's internal types with `@testable import CohesionApp`, so a
// release build needs `-Xswiftc -enable-testing` (the bench scripts pass it).

let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func intOption(_ name: String, default value: Int) -> Int {
    guard let text = option(name) else { return value }
    guard let number = Int(text), number > 0 else {
        FileHandle.standardError.write(Data("\(name) must be a whole number above 0, not ‘\(text)’\n".utf8))
        exit(2)
    }
    return number
}

do {
    switch arguments.first {
    case "serve":
        try await BenchServer.run(port: intOption("--port", default: 18090))
    case "grants":
        try GrantsBench.run(count: intOption("--count", default: 10_000))
    case "awards":
        try await AwardsBench.run()
    case "surveys":
        try await SurveysBench.run(waves: intOption("--waves", default: 8), perWave: intOption("--responses", default: 12_500))
    case "render":
        try await RenderBench.run(count: intOption("--count", default: 2000), outputFolder: option("--out"))
    default:
        try runGeography(folder: URL(fileURLWithPath: arguments.first ?? "../shared/data"))
    }
} catch {
    FileHandle.standardError.write(Data("cohesion-bench: \(error)\n".utf8))
    exit(1)
}
