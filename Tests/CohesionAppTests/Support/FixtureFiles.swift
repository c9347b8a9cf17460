import Foundation

/// The data files the tests read, kept in the repository under `Tests/Fixtures/` (what each one
/// is, where it came from and its licence: `Tests/Fixtures/README.md`), so every test runs from
/// a fresh clone. Paths are relative to that folder: `census2021-walsall/…`, `boundaries/…`.
enum FixtureFiles {
    static let folder: URL = {
        // …/Tests/CohesionAppTests/Support/FixtureFiles.swift: up four levels is the package
        // root. Symlinks are resolved first so a scratch package linking to these tests works too.
        var root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        for _ in 0..<4 { root.deleteLastPathComponent() }
        return root.appendingPathComponent("Tests/Fixtures", isDirectory: true)
    }()

    static func url(_ relativePath: String) -> URL { folder.appendingPathComponent(relativePath) }

    static func data(_ relativePath: String) throws -> Data { try Data(contentsOf: url(relativePath)) }

    static func text(_ relativePath: String) throws -> String { try String(contentsOf: url(relativePath), encoding: .utf8) }
}
