@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation

/// Generated assets for bench/assets.sh: `count` published and draft assets spread over the demo
/// council's wards and all categories, with varied names, words, opening times, accessibility and
/// languages, so a search, a filter and "open now" do real work. Deterministic (a fixed linear
/// congruential sequence), so every run measures the same register.
enum AssetData {
    static let kinds = ["Community Hall", "Youth Club", "Food Pantry", "Library", "Women's Group", "Chess Club", "Allotments",
                        "Faith Centre", "Repair Café", "Football Club", "Heritage Society", "Market", "Warm Space", "ESOL Class", "Choir"]
    static let places = ["Bloxwich", "Blakenall", "Pelsall", "Brownhills", "Aldridge", "Walsall Wood", "Paddock", "Rushall",
                         "Streetly", "Darlaston", "Palfrey", "Pleck", "Caldmore", "Bentley", "Short Heath", "Willenhall"]
    static let times = ["Mon-Fri 09:00-17:00; closed bank holidays", "Tue 10:00-12:00", "Sat 09:00-13:00; Sun 10:00-12:00",
                        "Mon-Sun 08:00-20:00", "Wed 18:00-21:00; Thu 18:00-21:00", ""]
    static let languages = [["English"], ["English", "Urdu"], ["English", "Polish"], ["Punjabi", "English"], ["English", "Arabic", "Kurdish"]]

    static func generate(count: Int, council: Council, on db: Database) async throws {
        let tenant = TenantScope(council: council, database: db)
        let wards = try await tenant.query(Area.self).filter(\.$kind == .ward).all()
        let terms = try await tenant.query(AssetTaxonomyTerm.self).all()
        var seed: UInt64 = 42
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        let categories = AssetCategory.allCases.filter(\.mayBePublic)
        var batch: [Asset] = []
        for index in 0..<count {
            let ward = wards[next(wards.count)]
            let category = categories[next(categories.count)]
            let asset = tenant.adopt(Asset())
            asset.name = "\(places[next(places.count)]) \(kinds[next(kinds.count)]) \(index)"
            asset.description = "A generated asset for the benchmark: meets weekly, everyone welcome, number \(index)."
            asset.category = category
            let fitting = terms.filter { $0.category == category }
            asset.$taxonomyTerm.id = fitting.isEmpty ? nil : fitting[next(fitting.count)].id
            let point = PlacesDemo.wardPoints[ward.code] ?? GeoPosition(latitude: 52.59, longitude: -1.98)
            asset.latitude = point.latitude + Double(next(200) - 100) / 20_000
            asset.longitude = point.longitude + Double(next(200) - 100) / 20_000
            asset.locationSource = "point"
            asset.wardCode = ward.code
            asset.$locality.id = ward.$parent.id
            asset.postcode = PlacesDemo.demoPostcodes[ward.code]
            asset.openingTimes = (try? OpeningTimes.parse(times[next(times.count)]).get()) ?? OpeningTimes()
            asset.accessibility = AccessibilityFeature.allCases.filter { _ in next(3) == 0 }
            asset.languages = languages[next(languages.count)]
            asset.cost = AssetCost.allCases[next(3)]
            asset.capacity = next(4) == 0 ? nil : 10 + next(200)
            asset.spaceForAll = next(5) == 0
            asset.status = next(10) == 0 ? .draft : .published
            asset.isExample = true
            asset.refreshSearchText(termName: fitting.first { $0.id == asset.$taxonomyTerm.id }?.name)
            batch.append(asset)
            if batch.count == 500 {
                try await batch.create(on: db)
                batch.removeAll()
            }
        }
        if !batch.isEmpty { try await batch.create(on: db) }
    }
}
