import Foundation

/// Which Census 2021 table a file holds: the topic summary identifier when it is one Cohesion
/// knows (`TS021`), and always the topic name from the headers (`Ethnic group`).
public struct CensusTopic: Sendable, Hashable {
    public let identifier: String?
    public let name: String

    public init(identifier: String?, name: String) {
        self.identifier = identifier
        self.name = name
    }

    /// Recognises a topic summary from its topic name and number of categories. ONS uses one
    /// topic name for a table and its detailed sibling, so the category count tells them apart
    /// (TS004 has 12 countries of birth, TS012 about 80; TS007A has 18 age bands, TS007 101 ages).
    public static func recognise(topic: String, categoryCount: Int) -> CensusTopic {
        let key = topic.lowercased().trimmingSpaces
        let id: String? = switch key {
        case "ethnic group": "TS021"
        case "religion": "TS030"
        case "proficiency in english language", "proficiency in english": "TS029"
        case "country of birth": categoryCount > 30 ? "TS012" : "TS004"
        case "country of birth (detailed)": "TS012"
        case "age": categoryCount > 30 ? "TS007" : "TS007A"
        default: nil
        }
        return CensusTopic(identifier: id, name: topic)
    }
}

/// One category (column) of a Census table, placed in the table's hierarchy.
///
/// ONS headers carry the hierarchy in their text (`Ethnic group: Asian, Asian British or Asian
/// Welsh: Indian`). Keeping it lets callers add up only one level, so a subtotal and its parts
/// are never counted twice.
public struct CensusCategory: Sendable, Hashable {
    /// The header as written, without any `; measures: Value` suffix.
    public let header: String
    /// The names below the topic, outermost first: `["Asian, Asian British or Asian Welsh", "Indian"]`.
    public let path: [String]
    /// The index of the category this one is part of: the total for top-level categories.
    public let parent: Int?
    public let isTotal: Bool
    /// 0 for the total, 1 for top-level categories, 2 for their parts, and so on.
    public let depth: Int

    public var name: String { path.last ?? header }

    public init(header: String, path: [String], parent: Int?, isTotal: Bool, depth: Int) {
        self.header = header
        self.path = path
        self.parent = parent
        self.isTotal = isTotal
        self.depth = depth
    }

    /// Places categories in a tree from their paths: a category's parent is the column whose path
    /// is the longest proper prefix of its own; top-level categories hang under the total.
    static func tree(headers: [String], paths: [[String]], totalIndex: Int?) -> [CensusCategory] {
        var indexOfPath: [[String]: Int] = [:]
        for (i, path) in paths.enumerated() where i != totalIndex && indexOfPath[path] == nil { indexOfPath[path] = i }
        var parents: [Int?] = paths.indices.map { i in
            guard i != totalIndex else { return nil }
            let path = paths[i]
            for length in stride(from: path.count - 1, to: 0, by: -1) {
                if let j = indexOfPath[Array(path.prefix(length))], j != i { return j }
            }
            return totalIndex
        }
        if let totalIndex { parents[totalIndex] = nil }
        return paths.indices.map { i in
            CensusCategory(header: headers[i], path: paths[i], parent: parents[i], isTotal: i == totalIndex,
                           depth: depth(of: i, parents: parents, totalIndex: totalIndex))
        }
    }

    private static func depth(of index: Int, parents: [Int?], totalIndex: Int?) -> Int {
        var depth = index == totalIndex ? 0 : 1
        var current = parents[index]
        while let p = current, p != totalIndex {
            depth += 1
            current = parents[p]
        }
        return depth
    }

    /// Splits an ONS header into its topic and category path: strips `; measures: Value`, then
    /// splits on ": ".
    static func split(onsHeader raw: String) -> (header: String, topic: String, path: [String]) {
        var header = raw.trimmingSpaces
        if let range = header.range(of: "; measures:", options: [.caseInsensitive, .backwards]) {
            header = String(header[..<range.lowerBound]).trimmingSpaces
        }
        let parts = header.components(separatedBy: ": ").map(\.trimmingSpaces)
        guard parts.count > 1 else { return (header, "", parts) }
        return (header, parts[0], Array(parts.dropFirst()))
    }
}
