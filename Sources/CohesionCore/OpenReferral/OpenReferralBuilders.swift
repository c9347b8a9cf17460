import Foundation

// MARK: - Opening times as schedules

extension OpenReferral {
    /// The register's opening times as Open Referral schedules.
    ///
    /// - Each distinct opening period of the weekly pattern becomes one WEEKLY schedule (interval
    ///   1) listing the days it applies to: Monday and Tuesday 9am to midday is one schedule with
    ///   `byday` `MO,TU`; a day open morning and afternoon is in two schedules.
    /// - HSDS 3.0 has no way to say "except bank holidays" or "closed on this date" (no EXDATE;
    ///   the UK profile drops `timezone`, `until` and `count`), so "Closed on bank holidays." goes
    ///   in each weekly schedule's `description`, as the standard's own example does for public
    ///   holidays, and every exception is described in `notes`.
    /// - An exception with opening periods can also be said exactly: a WEEKLY schedule whose
    ///   `valid_from` and `valid_to` are that one date occurs on that date only. One is added
    ///   per period. A closed date can only be said in words.
    /// - No times at all ("contact them for times") is no schedules. A period that doesn't end
    ///   after it starts can't be a schedule and is left out (the register's checks refuse it).
    ///
    /// Ids are derived from `serviceAtLocationID ?? serviceID` and the schedule's content, so a
    /// schedule keeps its id for as long as it says the same thing.
    public static func schedules(from times: OpeningTimes, serviceID: String, serviceAtLocationID: String? = nil) -> [Schedule] {
        let owner = serviceAtLocationID ?? serviceID
        let exceptions = times.exceptions.sorted { $0.date < $1.date }
        let notes = exceptions.isEmpty ? nil : exceptions.map(exceptionSentence).joined(separator: " ")
        var result: [Schedule] = []
        for (period, days) in weeklyGroups(times.weekly) {
            let codes = days.map(OpenReferralFormat.code).joined(separator: ",")
            var description = "Open \(OpenReferralFormat.spokenList(days.map(OpenReferralFormat.name))), \(spoken(period))."
            if times.closedOnBankHolidays { description += " Closed on bank holidays." }
            result.append(Schedule(
                id: derivedID(owner, "schedule/WEEKLY/\(codes)/\(slot(period))"), serviceID: serviceID,
                serviceAtLocationID: serviceAtLocationID, freq: .weekly, interval: 1, byday: days, description: description,
                opensAt: period.opens, closesAt: period.closes, notes: notes))
        }
        for exception in exceptions {
            for period in exception.periods.sorted(by: { ($0.opens, $0.closes) < ($1.opens, $1.closes) }) where period.closes > period.opens {
                let day = OpenReferralFormat.weekday(of: exception.date)
                let iso = OpenReferralFormat.date(exception.date)
                result.append(Schedule(
                    id: derivedID(owner, "schedule/\(iso)/\(slot(period))"), serviceID: serviceID,
                    serviceAtLocationID: serviceAtLocationID, validFrom: exception.date, validTo: exception.date,
                    dtstart: exception.date, freq: .weekly, interval: 1, byday: [day],
                    description: "Open \(spoken(period)) on \(OpenReferralFormat.spoken(exception.date)) only.",
                    opensAt: period.opens, closesAt: period.closes, notes: notes))
            }
        }
        return result
    }

    /// Days that share an opening period, Monday first, in the order a timetable is read:
    /// by the first day, then by opening time.
    static func weeklyGroups(_ weekly: [Weekday: [OpeningPeriod]]) -> [(OpeningPeriod, [Weekday])] {
        var days: [OpeningPeriod: Set<Weekday>] = [:]
        for (day, periods) in weekly {
            for period in periods where period.closes > period.opens { days[period, default: []].insert(day) }
        }
        return days.map { ($0.key, $0.value.sorted()) }.sorted { a, b in
            (a.1[0].rawValue, a.0.opens.minutes, a.0.closes.minutes) < (b.1[0].rawValue, b.0.opens.minutes, b.0.closes.minutes)
        }
    }

    private static func exceptionSentence(_ exception: OpeningException) -> String {
        let date = OpenReferralFormat.spoken(exception.date)
        let periods = exception.periods.filter { $0.closes > $0.opens }.sorted { $0.opens < $1.opens }
        if periods.isEmpty { return "Closed on \(date)." }
        return "On \(date), open \(OpenReferralFormat.spokenList(periods.map(spoken))) only."
    }

    private static func spoken(_ period: OpeningPeriod) -> String {
        "\(OpenReferralFormat.spoken(period.opens)) to \(OpenReferralFormat.spoken(period.closes))"
    }

    private static func slot(_ period: OpeningPeriod) -> String {
        "\(OpenReferralFormat.time(period.opens))-\(OpenReferralFormat.time(period.closes))"
    }
}

// MARK: - Accessibility

extension OpenReferral {
    /// A place's accessibility features as the location's `accessibility` entries, one per
    /// feature, each saying its label in both `description` (HSDS) and `accessibility` (the UK
    /// profile's field), as the standard's example does. The importer recognises the labels, so
    /// Cohesion reads its own feed back unchanged.
    public static func accessibility(_ features: [AccessibilityFeature], locationID: String) -> [Accessibility] {
        AccessibilityFeature.allCases.filter(features.contains).map { feature in
            Accessibility(id: derivedID(locationID, "accessibility/\(feature.rawValue)"), locationID: locationID,
                          description: feature.label, accessibility: feature.label)
        }
    }
}

// MARK: - The asset category taxonomy

extension OpenReferral {
    /// The ABCD asset categories as an Open Referral taxonomy, for `/taxonomies`, with its terms.
    /// Individuals are left out: their skills are personal data and never public, so no
    /// published record can carry that term. Ids are fixed for every deployment, so feeds from
    /// two councils share the same taxonomy.
    public static let assetCategoryTaxonomy: Taxonomy = {
        Taxonomy(id: assetCategoryTaxonomyID, name: "ABCD asset categories",
                 description: "The kinds of community asset mapped in asset-based community development (ABCD).",
                 version: "1", taxonomyTerms: AssetCategory.allCases.filter(\.mayBePublic).map(taxonomyTerm))
    }()

    static let assetCategoryTaxonomyID = derivedID(cohesionNamespace.uuidString, "taxonomy/asset-category")

    /// The term for one category; `name` and the UK `term` are both the label, as both are
    /// defined as "the taxonomy term itself".
    public static func taxonomyTerm(for category: AssetCategory) -> TaxonomyTerm {
        TaxonomyTerm(id: derivedID(cohesionNamespace.uuidString, "taxonomy/asset-category/\(category.rawValue)"),
                     name: category.label, description: category.summary, taxonomy: "ABCD asset categories",
                     taxonomyID: assetCategoryTaxonomyID, term: category.label)
    }

    /// Classifies a service with a term, for the service's `attributes`.
    public static func attribute(_ term: TaxonomyTerm, serviceID: String) -> Attribute {
        Attribute(id: derivedID(serviceID, "attribute/\(term.id)"), linkID: serviceID, taxonomyTermID: term.id, taxonomyTerm: term)
    }
}
