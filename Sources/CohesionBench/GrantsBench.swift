import CohesionCore
import Foundation

/// `cohesion-bench grants [--count N]`: the time to write the 360Giving data package and CSV for
/// N awarded grants (default 10,000), from grant values already read: the median of 5 runs
/// each, with the files' sizes. Grants are generated (fixed pseudo-random sequence), a third
/// of them with two beneficiary wards.
enum GrantsBench {
    static func run(count: Int) throws {
        let grants = generate(count)
        let publisher = ThreeSixtyGiving.Publisher(name: "Walsall Council", identifier: "GB-LAE-WLL")
        var jsonBytes = 0, csvBytes = 0
        let json = try median {
            jsonBytes = try ThreeSixtyGiving.package(grants, publisher: publisher, title: "Bench", identifier: "360G-bench", issued: Date()).count
        }
        let csv = try median { csvBytes = ThreeSixtyGiving.csv(grants).utf8.count }
        print("| 360Giving file, \(count) grants | median of 5 | size |")
        print("|---|---:|---:|")
        print(String(format: "| data package (JSON) | %.0f ms | %.1f MB |", json * 1000, Double(jsonBytes) / 1_000_000))
        print(String(format: "| spreadsheet (CSV) | %.0f ms | %.1f MB |", csv * 1000, Double(csvBytes) / 1_000_000))
    }

    static func median(_ work: () throws -> Void) throws -> Double {
        var times: [Double] = []
        for _ in 0..<5 {
            let start = ContinuousClock.now
            try work()
            let elapsed = ContinuousClock.now - start
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        return times.sorted()[2]
    }

    static func generate(_ count: Int) -> [ThreeSixtyGiving.Grant] {
        var random = SplitMix64(state: 2026)
        let wards = (1301...1320).map { ThreeSixtyGiving.Location(name: "Ward \($0)", geoCode: "E0500\($0)", geoCodeType: "WD") }
        let funder = ThreeSixtyGiving.Organization(id: "GB-LAE-WLL", name: "Walsall Council", department: "Community Cohesion")
        return (1...count).map { n in
            let recipient = ThreeSixtyGiving.Organization(
                id: n % 3 == 0 ? "GB-CHC-\(1_000_000 + n)" : "360G-walsallcouncil-ORG-\(n)",
                name: "Community group \(n)", charityNumber: n % 3 == 0 ? "\(1_000_000 + n)" : nil, postalCode: "WS1 1AB")
            let first = wards[Int(random.next() % 20)], second = wards[Int(random.next() % 20)]
            return ThreeSixtyGiving.Grant(
                id: ThreeSixtyGiving.grantIdentifier(prefix: "walsallcouncil", reference: "CMG-2026-" + String(format: "%05d", n)),
                title: "Bringing neighbours together \(n)", description: "Shared meals, a walking group and a summer fair, open to everyone in the ward.",
                amountAppliedForPence: 100_000 + Int(random.next() % 100_000), amountAwardedPence: 50_000 + Int(random.next() % 150_000),
                amountDisbursedPence: nil, awardDate: CalendarDate(year: 2026, month: 1 + n % 12, day: 1 + n % 28),
                plannedStart: CalendarDate(year: 2026, month: 4, day: 1), plannedEnd: CalendarDate(year: 2027, month: 3, day: 31),
                recipient: recipient, beneficiaryLocations: n % 3 == 1 ? [first, second] : [first], funder: funder,
                programme: .init(code: "CMG-2026", title: "Community cohesion micro-grants 2026"), fromOpenCall: true,
                modified: Date(timeIntervalSince1970: 1_770_000_000 + Double(n)))
        }
    }
}
