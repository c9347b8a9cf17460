import Foundation

/// The grants reports for the team and elected members: awards and success rates by locality,
/// by ward (with money per 1,000 residents), by kind of group and by theme.
///
/// An application counts in every area and theme it names, so an award for two localities is in
/// both rows and a table's rows can add up to more than was awarded; the page says so. A success
/// rate is awards out of applications decided (awarded or not funded; withdrawn ones and those
/// still being assessed are left out).
public enum GrantReports {
    public struct Application: Sendable, Equatable {
        public let state: GrantApplicationState
        public let awardedPence: Int?
        public let localityCodes: [String]
        public let wardCodes: [String]
        public let organisationType: String
        public let themes: [String]

        public init(state: GrantApplicationState, awardedPence: Int?, localityCodes: [String], wardCodes: [String],
                    organisationType: String, themes: [String]) {
            self.state = state; self.awardedPence = awardedPence; self.localityCodes = localityCodes; self.wardCodes = wardCodes
            self.organisationType = organisationType; self.themes = themes
        }

        var isAward: Bool { state.holdsAward }
        var isDecided: Bool { state.holdsAward || state == .declined }
    }

    public struct Row: Sendable, Equatable {
        public let key: String
        public let label: String
        /// Sent applications (not drafts).
        public let applications: Int
        public let decided: Int
        public let awards: Int
        public let awardedPence: Int
        public let population: Int?

        /// Awards out of decided applications, 0 to 1; nil before any is decided.
        public var successRate: Double? { decided == 0 ? nil : Double(awards) / Double(decided) }
        /// Pence awarded per 1,000 residents; nil without a population.
        public var pencePerThousand: Double? {
            guard let population, population > 0 else { return nil }
            return Double(awardedPence) * 1000 / Double(population)
        }
    }

    /// One row per key (in the order given), counting each sent application under every key
    /// `keys` gives it.
    public static func rows(_ applications: [Application], keys: [(key: String, label: String)], population: [String: Int] = [:],
                            of keysOf: (Application) -> [String]) -> [Row] {
        let sent = applications.filter { $0.state != .draft }
        return keys.map { key in
            let mine = sent.filter { Set(keysOf($0)).contains(key.key) }
            return Row(key: key.key, label: key.label, applications: mine.count, decided: mine.filter(\.isDecided).count,
                       awards: mine.filter(\.isAward).count, awardedPence: mine.filter(\.isAward).reduce(0) { $0 + ($1.awardedPence ?? 0) },
                       population: population[key.key])
        }
    }

    /// The wards an application is for: those it names, else every ward of the localities it names.
    public static func wards(of application: Application, wardsOfLocality: [String: [String]]) -> [String] {
        application.wardCodes.isEmpty ? application.localityCodes.flatMap { wardsOfLocality[$0] ?? [] } : application.wardCodes
    }
}
