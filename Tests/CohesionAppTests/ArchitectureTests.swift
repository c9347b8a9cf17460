import Foundation
import Testing

/// The platform names no feature: nothing under `Sources/CohesionApp/Platform/` refers to a
/// type declared in a feature's folder (docs/decisions.md §13). Checked on the source text, so a
/// new feature is covered the day its folder appears.
@Suite struct ArchitectureTests {
    static let app = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/CohesionApp")

    static func swiftFiles(in folder: URL) -> [URL] {
        let items = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
        return items.filter { $0.pathExtension == "swift" }
    }

    /// Types declared at the top level of a file: `struct X`, `enum X`, `final class X`, `extension` not included.
    static func declaredTypes(in text: String) -> Set<String> {
        Set(text.matches(of: /(?m)^(?:final )?(?:struct|enum|class|actor|protocol|typealias) ([A-Z][A-Za-z0-9]*)/).map { String($0.output.1) })
    }

    @Test func platformNamesNoFeature() throws {
        let folders = try FileManager.default.contentsOfDirectory(at: Self.app, includingPropertiesForKeys: nil)
            .filter { !["App", "Platform"].contains($0.lastPathComponent) && $0.hasDirectoryPath }
        #expect(folders.count >= 5, "feature folders: \(folders.map(\.lastPathComponent))")
        var featureTypes: [String: String] = [:]
        for folder in folders {
            for file in Self.swiftFiles(in: folder) {
                for type in Self.declaredTypes(in: try String(contentsOf: file, encoding: .utf8)) {
                    featureTypes[type] = folder.lastPathComponent
                }
            }
        }
        #expect(featureTypes["Organisation"] == "Organisations" && featureTypes["Organisations"] == "Organisations")
        var found: [String] = []
        for file in Self.swiftFiles(in: Self.app.appendingPathComponent("Platform")) {
            // Code only: a comment may say where a page the platform links to is registered.
            let text = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
                .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
            let words = Set(text.matches(of: /[A-Za-z_][A-Za-z0-9_]*/).map { String($0.output) })
            for word in words.intersection(featureTypes.keys) {
                found.append("\(file.lastPathComponent) names \(word) (from \(featureTypes[word]!)/)")
            }
        }
        #expect(found.isEmpty, "\(found.sorted().joined(separator: "\n"))")
    }
}
