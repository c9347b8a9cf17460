/// A council's areas as a tree: the district, the council's localities, wards, and the ONS
/// statistical areas (LSOAs under their wards, MSOAs under the district). Built from one list of
/// rows, so a page learns an area's ancestors and children without a query for each.
public struct AreaHierarchy: Sendable, Equatable {
    public struct Place: Sendable, Hashable {
        /// ONS GSS code, or for a locality the council's own code.
        public let code: String
        public let name: String
        public let kind: AreaKind
        public let parentCode: String?

        public init(code: String, name: String, kind: AreaKind, parentCode: String?) {
            self.code = code
            self.name = name
            self.kind = kind
            self.parentCode = parentCode
        }
    }

    /// In the order given, which children keep (the database's name order).
    public let places: [Place]
    private let byCode: [String: Place]
    private let childrenByCode: [String: [Place]]

    public init(_ places: [Place]) {
        self.places = places
        byCode = Dictionary(places.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        childrenByCode = Dictionary(grouping: places.filter { $0.parentCode != nil }, by: { $0.parentCode! })
    }

    public func place(_ code: String) -> Place? { byCode[code] }

    /// Parent, grandparent and so on, nearest first. A loop in the parent links ends the walk.
    public func ancestors(of code: String) -> [Place] {
        var result: [Place] = []
        var seen: Set<String> = [code]
        var next = byCode[code]?.parentCode
        while let parentCode = next, seen.insert(parentCode).inserted, let parent = byCode[parentCode] {
            result.append(parent)
            next = parent.parentCode
        }
        return result
    }

    public func children(of code: String) -> [Place] { childrenByCode[code] ?? [] }

    /// Whether the area `code` is `area` or lies inside it. The district is the council's
    /// whole area, so it holds every area, whatever its parent links say.
    public func contains(_ area: Place, _ code: String) -> Bool {
        area.kind == .district || code == area.code || ancestors(of: code).contains { $0.code == area.code }
    }

    /// The nearest area of `kind` that is `code` or holds it.
    public func nearest(_ kind: AreaKind, from code: String) -> Place? {
        guard let place = byCode[code] else { return nil }
        return place.kind == kind ? place : ancestors(of: code).first { $0.kind == kind }
    }
}
