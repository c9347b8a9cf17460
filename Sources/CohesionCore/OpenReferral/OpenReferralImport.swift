import Foundation

/// A taxonomy term another directory classified a service with.
public struct ImportedTaxonomyTerm: Sendable, Hashable {
    public var id: String?
    /// Base HSDS's `code`; the UK profile removed it, so UK feeds leave it out.
    public var code: String?
    public var name: String
    /// The taxonomy's name as the term gives it (`taxonomy`), when it does.
    public var taxonomy: String?

    public init(id: String?, code: String?, name: String, taxonomy: String?) {
        self.id = id
        self.code = code
        self.name = name
        self.taxonomy = taxonomy
    }
}

/// One service from another directory's Open Referral feed, in the register's terms, for a
/// person to review before it becomes an asset. What could not be carried over is listed
/// (`unreadSchedules`, `warnings`) rather than guessed.
public struct ImportedService: Sendable, Equatable {
    /// The record's id in the other directory: the service's id, or the service_at_location's
    /// id when the file held service_at_locations (one service can be at several places).
    public var sourceID: String
    public var name: String
    public var description: String?
    public var url: String?
    public var email: String?
    /// The first phone number found (service, its contacts, its location, its organization);
    /// UK 3.0 feeds have nowhere to put one.
    public var phone: String?
    public var organisationName: String?
    public var status: OpenReferral.ServiceStatus
    /// The chosen address on one line, without the postcode: "1-30 Main Street, MyCity".
    public var address: String?
    /// Normalised (`WS1 1TP`) when it is a UK postcode, as given otherwise.
    public var postcode: String?
    public var latitude: Double?
    public var longitude: Double?
    /// Built from the WEEKLY schedules; see `unreadSchedules` for the rest.
    public var openingTimes: OpeningTimes
    /// Schedules that say something `OpeningTimes` can't (monthly, fortnightly, seasonal,
    /// overnight, times with a UTC offset), each with the reason.
    public var unreadSchedules: [String]
    /// Language names (base HSDS `name`, or `code`); UK 3.0 languages carry neither.
    public var languages: [String]
    public var cost: AssetCost?
    public var costDetails: String?
    public var taxonomyTerms: [ImportedTaxonomyTerm]
    /// The location's accessibility texts, as written.
    public var accessibility: [String]
    /// The features those texts plainly mention.
    public var accessibilityFeatures: [AccessibilityFeature]
    /// Anything else left behind: coordinates that are not on Earth, other locations, …
    public var warnings: [String]

    public init(sourceID: String, name: String, description: String? = nil, url: String? = nil, email: String? = nil,
                phone: String? = nil, organisationName: String? = nil, status: OpenReferral.ServiceStatus = .active,
                address: String? = nil, postcode: String? = nil, latitude: Double? = nil, longitude: Double? = nil,
                openingTimes: OpeningTimes = OpeningTimes(), unreadSchedules: [String] = [], languages: [String] = [],
                cost: AssetCost? = nil, costDetails: String? = nil, taxonomyTerms: [ImportedTaxonomyTerm] = [],
                accessibility: [String] = [], accessibilityFeatures: [AccessibilityFeature] = [], warnings: [String] = []) {
        self.sourceID = sourceID
        self.name = name
        self.description = description
        self.url = url
        self.email = email
        self.phone = phone
        self.organisationName = organisationName
        self.status = status
        self.address = address
        self.postcode = postcode
        self.latitude = latitude
        self.longitude = longitude
        self.openingTimes = openingTimes
        self.unreadSchedules = unreadSchedules
        self.languages = languages
        self.cost = cost
        self.costDetails = costDetails
        self.taxonomyTerms = taxonomyTerms
        self.accessibility = accessibility
        self.accessibilityFeatures = accessibilityFeatures
        self.warnings = warnings
    }
}

/// Reads another directory's Open Referral (UK 3.0, or base HSDS 3.0) JSON.
///
/// Accepts what such directories hand out: one full service (`/services/{id}`), one full
/// service_at_location (`/service_at_locations/{id}`, with its `service` nested), an
/// organization with its `services`, a JSON array of any of these, or a page of a list
/// endpoint (`contents`). Reading is lenient where feeds commonly differ (`null` for absent,
/// numbers as text, extra fields) and strict where a value is plainly wrong (a time of "25:00").
public enum OpenReferralImport {
    /// More than this in one file is refused: a council directory has a few thousand services,
    /// and every one becomes a record a person reviews.
    public static let maximumServices = 5_000

    public static func services(from data: Data) throws(OpenReferralImportError) -> [ImportedService] {
        let root = try parse(data)
        let found = try records(in: root)
        if found.isEmpty { throw OpenReferralImportError(path: "", problem: .noServices) }
        if found.count > maximumServices {
            throw OpenReferralImportError(path: "", problem: .tooManyServices(count: found.count, limit: maximumServices))
        }
        var result: [ImportedService] = []
        for record in found {
            var reader = ServiceReader(record)
            result.append(try reader.read())
        }
        return result
    }

    private static func parse(_ data: Data) throws(OpenReferralImportError) -> JSONValue {
        do { return try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw OpenReferralImportError(path: "", problem: .notJSON(jsonProblem(data, error)))
        }
    }

    /// JSONDecoder says only "The given data was not valid JSON"; JSONSerialization says where
    /// ("Unexpected end of file during JSON parse.", "Invalid value around character 1.").
    private static func jsonProblem(_ data: Data, _ error: Error) -> String {
        do { _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            if let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        }
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        return String(describing: error)
    }

    // MARK: Finding the services

    /// A service object to read, where it is in the file, and what surrounds it.
    struct Found {
        var service: JSONObject
        /// The service's id is taken from here; for a service_at_location, the link.
        var sourceID: String
        var location: JSONObject?
        var organisationName: String?
    }

    static func records(in root: JSONValue) throws(OpenReferralImportError) -> [Found] {
        switch root {
        case .array(let items):
            return try records(inList: items, container: "")
        case .object(let fields):
            if case .array(let items)? = fields["contents"] { return try records(inList: items, container: "contents") }
            return try record(fields, index: 0, place: "")
        default:
            throw OpenReferralImportError(path: "", problem: .notOpenReferral(found: JSONObject.kind(of: root)))
        }
    }

    private static func records(inList items: [JSONValue], container: String) throws(OpenReferralImportError) -> [Found] {
        var found: [Found] = []
        for (index, item) in items.enumerated() {
            let place = "\(container)[\(index)]"
            guard case .object(let fields) = item else {
                throw OpenReferralImportError(path: place, problem: .wrongType(expected: "an object", found: JSONObject.kind(of: item)))
            }
            found += try record(fields, index: index, place: place)
        }
        return found
    }

    /// A service_at_location has its `service` nested; an organization lists its `services`;
    /// a taxonomy, a term or an organization without services is refused by name; anything else
    /// is taken for a service (and must then have the schema's id, name and status).
    private static func record(_ fields: [String: JSONValue], index: Int, place: String) throws(OpenReferralImportError) -> [Found] {
        if case .object? = fields["service"] {
            let link = JSONObject(fields, path: "service_at_locations[\(index)]")
            let service = try link.object("service")!
            return [Found(service: service, sourceID: try link.requiredText("id"), location: try link.object("location"))]
        }
        if case .array? = fields["services"] {
            let organisation = JSONObject(fields, path: "organizations[\(index)]")
            let name = try organisation.text("name")
            var found: [Found] = []
            for service in try organisation.objects("services") {
                found.append(Found(service: service, sourceID: try service.requiredText("id"), organisationName: name))
                }
            return found
        }
        if fields["status"] == nil, let kind = otherKind(fields) {
            throw OpenReferralImportError(path: place, problem: .notOpenReferral(found: kind))
        }
        let service = JSONObject(fields, path: "services[\(index)]")
        return [Found(service: service, sourceID: try service.requiredText("id"))]
    }

    /// The other records of the standard that have an id and a name but are not services, told
    /// apart by fields only they have.
    private static func otherKind(_ fields: [String: JSONValue]) -> String? {
        let has = { (keys: [String]) in keys.contains { fields[$0] != nil } }
        if has(["taxonomy_terms", "version"]) { return "a taxonomy" }
        if has(["term", "term_uri", "parent_id", "taxonomy_id", "code"]) { return "a taxonomy term" }
        if has(["website", "logo", "organization_identifiers", "parent_organization_id"]) { return "an organization without services" }
        return nil
    }
}

// MARK: - Reading one service

private struct ServiceReader {
    let found: OpenReferralImport.Found
    var warnings: [String] = []

    init(_ found: OpenReferralImport.Found) { self.found = found }

    var service: JSONObject { found.service }

    mutating func read() throws(OpenReferralImportError) -> ImportedService {
        let name = try service.requiredText("name")
        let location = try chosenLocation()
        let organisation = try service.object("organization")
        var imported = ImportedService(
            sourceID: found.sourceID, name: name, description: try service.text("description"), url: try service.text("url"),
            email: try service.text("email"), phone: try firstPhone(location: location, organisation: organisation),
            organisationName: try organisation?.text("name") ?? found.organisationName, status: try status())
        if let location {
            try readPlace(location, into: &imported)
        }
        let times = try ScheduleReading.read(try service.objects("schedules"))
        imported.openingTimes = times.openingTimes
        imported.unreadSchedules = times.unread
        imported.languages = try languages()
        try readCost(into: &imported)
        imported.taxonomyTerms = try taxonomyTerms()
        imported.warnings = warnings
        return imported
    }

    /// Required by the schema, as are id and name.
    private func status() throws(OpenReferralImportError) -> OpenReferral.ServiceStatus {
        let text = try service.requiredText("status")
        guard let status = OpenReferral.ServiceStatus(rawValue: text.lowercased()) else {
            throw OpenReferralImportError(path: service.path + ".status",
                                          problem: .notOneOf(text, allowed: OpenReferral.ServiceStatus.allCases.map(\.rawValue)))
        }
        return status
    }

    /// The place a service_at_location names, or else the first physical location among the
    /// service's service_at_locations (the register holds one place per asset).
    private mutating func chosenLocation() throws(OpenReferralImportError) -> JSONObject? {
        if let location = found.location { return location }
        var locations: [JSONObject] = []
        for link in try service.objects("service_at_locations") {
            if let location = try link.object("location") { locations.append(location) }
        }
        guard !locations.isEmpty else { return nil }
        var chosen = locations[0]
        for location in locations where try location.text("location_type")?.lowercased() == "physical" {
            chosen = location
            break
        }
        if locations.count > 1 {
            let others = locations.count - 1
            warnings.append("\(others) more location\(others == 1 ? "" : "s") not imported: one place per asset (\(chosen.path) was used)")
        }
        return chosen
    }

    private mutating func readPlace(_ location: JSONObject, into imported: inout ImportedService) throws(OpenReferralImportError) {
        let addresses = try location.objects("addresses")
        var address = addresses.first
        for candidate in addresses where try candidate.text("address_type")?.lowercased() == "physical" {
            address = candidate
            break
        }
        if let address {
            var parts: [String] = []
            for key in ["address_1", "address_2", "city", "region", "state_province"] {
                if let part = try address.text(key), !parts.contains(where: { $0.caseInsensitiveCompare(part) == .orderedSame }) {
                    parts.append(part)
                }
            }
            imported.address = parts.isEmpty ? nil : parts.joined(separator: ", ")
            imported.postcode = try address.text("postal_code").map { Postcode.normalise($0) ?? $0 }
        }
        let latitude = try location.number("latitude"), longitude = try location.number("longitude")
        if let latitude, let longitude {
            if abs(latitude) <= 90 && abs(longitude) <= 180 {
                imported.latitude = latitude
                imported.longitude = longitude
            } else {
                warnings.append("\(location.path): latitude \(Self.plain(latitude)), longitude \(Self.plain(longitude)) is not a place on Earth (WGS84); left out")
            }
        }
        var texts: [String] = []
        for entry in try location.objects("accessibility") {
            for key in ["description", "details", "accessibility"] {
                if let text = try entry.text(key), !texts.contains(text) { texts.append(text) }
            }
        }
        imported.accessibility = texts
        imported.accessibilityFeatures = OpenReferralImport.accessibilityFeatures(in: texts)
    }

    private func firstPhone(location: JSONObject?, organisation: JSONObject?) throws(OpenReferralImportError) -> String? {
        var holders: [JSONObject] = [service]
        holders += try service.objects("contacts")
        holders += try service.objects("service_at_locations")
        if let location { holders.append(location) }
        if let organisation { holders.append(organisation) }
        for holder in holders {
            for phone in try holder.objects("phones") {
                if let number = try phone.text("number") { return number }
            }
        }
        return nil
    }

    private func languages() throws(OpenReferralImportError) -> [String] {
        var names: [String] = []
        for language in try service.objects("languages") {
            if let name = try language.text(anyOf: "name", "code"), !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// Free when a price is nothing or an option says free; a fee when any price is more than
    /// nothing (free for some, a charge for others is still a charge); a donation when that is
    /// all the options say. The deprecated `fees` text is only consulted for free or donation.
    private mutating func readCost(into imported: inout ImportedService) throws(OpenReferralImportError) {
        var lines: [String] = []
        var words: [String] = []
        var amounts: [Int] = []
        for option in try service.objects("cost_options") {
            var pence: Int?
            if let amount = try option.number("amount") {
                if amount < 0 {
                    warnings.append("\(option.path).amount: \(Self.plain(amount)) is negative; left out")
                } else {
                    pence = Int((amount * 100).rounded())
                    amounts.append(pence!)
                }
            }
            let label = try option.text("option"), detail = try option.text("amount_description")
            words += [label, detail].compactMap { $0 }
            let price = pence.map(Self.pounds)
            let line = [label.map { price == nil && detail == nil ? $0 : $0 + ":" }, price, detail].compactMap { $0 }.joined(separator: " ")
            if !line.isEmpty { lines.append(line) }
        }
        let feesText = try service.text(anyOf: "fees", "fees_description")
        if let feesText { lines.append(feesText) }
        imported.costDetails = lines.isEmpty ? nil : lines.joined(separator: "; ")
        let says = { (word: String) in words.contains { Self.mentions($0, word) } }
        if amounts.contains(where: { $0 > 0 }) {
            imported.cost = .fee
        } else if amounts.contains(0) || says("free") {
            imported.cost = .free
        } else if says("donation") {
            imported.cost = .donation
        } else if let feesText, Self.mentions(feesText, "free") {
            imported.cost = .free
        } else if let feesText, Self.mentions(feesText, "donation") {
            imported.cost = .donation
        }
    }

    private mutating func taxonomyTerms() throws(OpenReferralImportError) -> [ImportedTaxonomyTerm] {
        var terms: [ImportedTaxonomyTerm] = []
        for attribute in try service.objects("attributes") {
            guard let term = try attribute.object("taxonomy_term") else {
                if let id = try attribute.text("taxonomy_term_id") {
                    warnings.append("\(attribute.path) links taxonomy term \(id) without describing it; left out")
                }
                continue
            }
            guard let name = try term.text(anyOf: "name", "term") else { throw OpenReferralImportError(path: term.path + ".name", problem: .missing) }
            let imported = ImportedTaxonomyTerm(id: try term.text("id"), code: try term.text("code"), name: name, taxonomy: try term.text("taxonomy"))
            if !terms.contains(imported) { terms.append(imported) }
        }
        return terms
    }

    /// Whole words only: "free" is not in "carefree", "donation" is in "donations".
    static func mentions(_ text: String, _ word: String) -> Bool {
        AccessibilityWording.words(text).contains { $0 == word || $0 == word + "s" }
    }

    /// 35 → "£35", 3.5 → "£3.50", 0 → "free".
    static func pounds(_ pence: Int) -> String { pence == 0 ? "free" : Money.pounds(pence) }

    static func plain(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}

// MARK: - Schedules to opening times

/// Turns schedules into `OpeningTimes`: a WEEKLY rule with days, an opening and a closing time
/// is a weekly period; the same rule valid on one date only is an exception on that date (this
/// is how `OpenReferral.schedules(from:…)` writes one); a "closed on bank holidays" sentence in
/// a read schedule's description or notes sets the flag. Anything else is listed, with why.
enum ScheduleReading {
    struct Result {
        var openingTimes: OpeningTimes
        var unread: [String]
    }

    private enum Reading {
        case weekly([Weekday], OpeningPeriod)
        case dated(CalendarDate, OpeningPeriod)
        case unread(String)
    }

    static func read(_ schedules: [JSONObject]) throws(OpenReferralImportError) -> Result {
        var weekly: [Weekday: [OpeningPeriod]] = [:]
        var dated: [CalendarDate: [OpeningPeriod]] = [:]
        var unread: [String] = []
        var bankHolidays = false
        for (index, schedule) in schedules.enumerated() {
            switch try reading(schedule) {
            case .weekly(let days, let period):
                for day in days { weekly[day, default: []].append(period) }
            case .dated(let date, let period):
                dated[date, default: []].append(period)
            case .unread(let reason):
                unread.append("schedules[\(index)] (\(try summary(schedule))): \(reason)")
                continue
            }
            for key in ["description", "notes"] {
                if let text = try schedule.text(key), saysClosedOnBankHolidays(text) { bankHolidays = true }
            }
        }
        let tidy = { (periods: [OpeningPeriod]) in Array(Set(periods)).sorted { ($0.opens, $0.closes) < ($1.opens, $1.closes) } }
        let times = OpeningTimes(
            weekly: weekly.mapValues(tidy), closedOnBankHolidays: bankHolidays,
            exceptions: dated.keys.sorted().map { OpeningException(date: $0, periods: tidy(dated[$0]!)) })
        return Result(openingTimes: times, unread: unread)
    }

    /// Malformed values are errors; well-formed rules the register can't hold are `.unread`.
    private static func reading(_ s: JSONObject) throws(OpenReferralImportError) -> Reading {
        let opens = try time(s, "opens_at"), closes = try time(s, "closes_at")
        let validFrom = try date(s, "valid_from"), validTo = try date(s, "valid_to"), start = try date(s, "dtstart")
        let days = try byday(s)
        let interval = try s.number("interval")
        let freq = try s.text("freq")?.uppercased()

        guard let freq else { return .unread("no freq, so it is not a repeating rule") }
        guard freq == "WEEKLY" else { return .unread("freq \(freq) is not WEEKLY; only weekly patterns can be read") }
        if let interval, interval != 1 { return .unread("it repeats every \(ServiceReader.plain(interval)) weeks") }
        for key in ["count", "until"] {
            if try s.text(key) != nil { return .unread("it ends (\(key)), so it is not an open-ended weekly pattern") }
        }
        for key in ["bymonthday", "byweekno", "byyearday"] {
            if let value = try s.text(key) { return .unread("\(key) \(value) can't be used with a WEEKLY freq (RFC 5545)") }
        }
        if days.contains(where: { $0.ordinal }) { return .unread("byday counts weeks of the month, which WEEKLY can't") }
        var weekdays = days.map(\.day)
        if weekdays.isEmpty, let start { weekdays = [OpenReferralFormat.weekday(of: start)] }
        guard !weekdays.isEmpty else { return .unread("no byday, so no days") }
        guard let opens, let closes else { return .unread("no opens_at or no closes_at") }
        guard case .clock(let from) = opens, case .clock(var to) = closes else {
            return .unread("its times have a UTC offset, which changes with British Summer Time")
        }
        if to == 0 { to = 1440 }
        guard to > from else { return .unread("it closes before it opens (overnight)") }
        let period = OpeningPeriod(opens: LocalTime(minutes: from), closes: LocalTime(minutes: to))
        switch (validFrom, validTo) {
        case (nil, nil):
            return .weekly(Array(Set(weekdays)).sorted(), period)
        case (let first?, let last?) where first == last:
            let day = OpenReferralFormat.weekday(of: first)
            guard weekdays.contains(day) else {
                return .unread("valid only on \(OpenReferralFormat.date(first)), a \(OpenReferralFormat.name(day)), which is not one of its days")
            }
            return .dated(first, period)
        default:
            let range = [validFrom.map { "from \(OpenReferralFormat.date($0))" }, validTo.map { "to \(OpenReferralFormat.date($0))" }]
            return .unread("valid only \(range.compactMap { $0 }.joined(separator: " "))")
        }
    }

    private struct Day {
        var day: Weekday
        var ordinal: Bool
    }

    /// `MO,TU` for weekly rules; `2MO` or `-1FR` (an occurrence in the month) is well-formed too.
    private static func byday(_ s: JSONObject) throws(OpenReferralImportError) -> [Day] {
        guard let text = try s.text("byday") else { return [] }
        var days: [Day] = []
        for raw in text.split(separator: ",") {
            let token = raw.trimmingCharacters(in: .whitespaces)
            let ordinal = token.dropLast(2)
            let isOrdinal = !ordinal.isEmpty
            guard let day = OpenReferralFormat.weekday(code: token.suffix(2)),
                  !isOrdinal || Int(ordinal.hasPrefix("+") ? ordinal.dropFirst() : ordinal) != nil else {
                throw OpenReferralImportError(path: s.path + ".byday", problem: .notADay(token))
            }
            days.append(Day(day: day, ordinal: isOrdinal))
        }
        return days
    }

    private static func time(_ s: JSONObject, _ key: String) throws(OpenReferralImportError) -> OpenReferralFormat.ParsedTime? {
        guard let text = try s.text(key) else { return nil }
        guard let time = OpenReferralFormat.parseTime(text) else { throw OpenReferralImportError(path: s.path + "." + key, problem: .notATime(text)) }
        return time
    }

    private static func date(_ s: JSONObject, _ key: String) throws(OpenReferralImportError) -> CalendarDate? {
        guard let text = try s.text(key) else { return nil }
        guard let date = OpenReferralFormat.parseDate(text) else { throw OpenReferralImportError(path: s.path + "." + key, problem: .notADate(text)) }
        return date
    }

    /// The rule as the file gives it, for the list of unread schedules: `WEEKLY on TH,FR 10:00:00 to 18:00:00`.
    private static func summary(_ s: JSONObject) throws(OpenReferralImportError) -> String {
        var parts = [try s.text("freq") ?? "no freq"]
        if let interval = try s.number("interval"), interval != 1 { parts.append("every \(ServiceReader.plain(interval))") }
        if let days = try s.text("byday") { parts.append("on \(days)") }
        if let day = try s.text("bymonthday") { parts.append("on day \(day)") }
        if let opens = try s.text("opens_at") { parts.append(opens) }
        if let closes = try s.text("closes_at") { parts.append("to \(closes)") }
        if let from = try s.text("valid_from") { parts.append("valid from \(from)") }
        if let to = try s.text("valid_to") { parts.append("until \(to)") }
        return parts.joined(separator: " ")
    }

    /// "Closed on bank holidays", "The service is not available on public holidays": a
    /// sentence naming bank or public holidays that also says closed, not open or except.
    static func saysClosedOnBankHolidays(_ text: String) -> Bool {
        AccessibilityWording.clauses(text, splittingOnCommas: false).contains { sentence in
            let words = AccessibilityWording.words(sentence)
            let joined = " " + words.joined(separator: " ") + " "
            let holidays = joined.contains(" bank holiday") || joined.contains(" public holiday")
            let closed = ["closed", "closes", "except", "excluding", "not"].contains(where: words.contains)
            return holidays && closed
        }
    }
}

// MARK: - Accessibility wording

extension OpenReferralImport {
    /// The accessibility features plainly mentioned in free text: "Wheelchair access is possible
    /// on all levels" is step-free access, "induction loops" a hearing loop. A clause that says
    /// no, not or without is skipped, so "no parking" is not parking. Plain English only;
    /// anything subtler stays in the text for a person to read.
    public static func accessibilityFeatures(in texts: [String]) -> [AccessibilityFeature] {
        var found: Set<AccessibilityFeature> = []
        for text in texts {
            for clause in AccessibilityWording.clauses(text, splittingOnCommas: true) {
                let words = AccessibilityWording.words(clause)
                guard !words.contains(where: AccessibilityWording.negations.contains) else { continue }
                let joined = " " + words.joined(separator: " ") + " "
                for (feature, phrases) in AccessibilityWording.phrases where phrases.contains(where: { joined.contains($0) }) {
                    found.insert(feature)
                }
            }
        }
        return AccessibilityFeature.allCases.filter(found.contains)
    }
}

enum AccessibilityWording {
    /// Phrases as lower-case words between spaces; a phrase without a trailing space matches
    /// the start of a word ("baby chang" is changing and change).
    static let phrases: [(AccessibilityFeature, [String])] = [
        (.stepFreeAccess, [" step free ", " stepfree ", " level access ", " wheelchair access", " wheelchair user",
                           " ramp ", " ramps ", " ramped ", " lift ", " lifts "]),
        (.accessibleToilet, [" accessible toilet", " disabled toilet", " accessible wc", " disabled wc", " accessible loo",
                             " changing places ", " accessible bathroom"]),
        (.hearingLoop, [" hearing loop", " induction loop", " audio loop", " loop system"]),
        (.bsl, [" bsl ", " british sign language ", " sign language "]),
        (.largePrint, [" large print "]),
        (.quietSpace, [" quiet space", " quiet room", " quiet area"]),
        (.parking, [" parking ", " car park", " blue badge "]),
        (.babyChange, [" baby chang", " nappy chang"]),
    ]

    static let negations: Set<String> = ["no", "not", "without", "unavailable", "cannot", "isn", "aren", "doesn", "don", "none", "lacks"]

    /// Lower-case words, punctuation and hyphens as spaces: "Step-free" is "step free".
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// Sentences (and with commas, clauses), so one "no" doesn't cancel the whole text.
    static func clauses(_ text: String, splittingOnCommas: Bool) -> [String] {
        let separators: Set<Character> = splittingOnCommas ? [".", "!", "?", ";", "\n", ","] : [".", "!", "?", ";", "\n"]
        let pieces = text.split(whereSeparator: separators.contains).map(String.init)
        guard splittingOnCommas else { return pieces }
        return pieces.flatMap { $0.components(separatedBy: " but ") }
    }
}

// MARK: - Lenient field reading

/// A JSON object and where it is, so every problem can name its field. `null` is read as
/// absent, and whole numbers are read as text where text is expected (numeric ids are common).
struct JSONObject: Sendable {
    let fields: [String: JSONValue]
    let path: String

    init(_ fields: [String: JSONValue], path: String) {
        self.fields = fields
        self.path = path
    }

    private func value(_ key: String) -> JSONValue? {
        guard let value = fields[key], value != .null else { return nil }
        return value
    }

    /// Trimmed text, nil when absent or blank.
    func text(_ key: String) throws(OpenReferralImportError) -> String? {
        guard let value = value(key) else { return nil }
        switch value {
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        case .number(let n) where n == n.rounded() && abs(n) < 1e15:
            return String(Int(n))
        default:
            throw OpenReferralImportError(path: path + "." + key, problem: .wrongType(expected: "text", found: Self.kind(of: value)))
        }
    }

    /// The first of these fields that has text.
    func text(anyOf keys: String...) throws(OpenReferralImportError) -> String? {
        for key in keys {
            if let text = try text(key) { return text }
        }
        return nil
    }

    func requiredText(_ key: String) throws(OpenReferralImportError) -> String {
        guard let text = try text(key) else { throw OpenReferralImportError(path: path + "." + key, problem: .missing) }
        return text
    }

    /// A number, or text that is one ("52.58").
    func number(_ key: String) throws(OpenReferralImportError) -> Double? {
        guard let value = value(key) else { return nil }
        switch value {
        case .number(let n):
            return n
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
            guard let n = Double(trimmed), n.isFinite else { throw OpenReferralImportError(path: path + "." + key, problem: .notANumber(text)) }
            return n
        default:
            throw OpenReferralImportError(path: path + "." + key, problem: .wrongType(expected: "a number", found: Self.kind(of: value)))
        }
    }

    func object(_ key: String) throws(OpenReferralImportError) -> JSONObject? {
        guard let value = value(key) else { return nil }
        guard case .object(let fields) = value else {
            throw OpenReferralImportError(path: path + "." + key, problem: .wrongType(expected: "an object", found: Self.kind(of: value)))
        }
        return JSONObject(fields, path: path + "." + key)
    }

    /// A list of objects; absent is empty.
    func objects(_ key: String) throws(OpenReferralImportError) -> [JSONObject] {
        guard let value = value(key) else { return [] }
        guard case .array(let items) = value else {
            throw OpenReferralImportError(path: path + "." + key, problem: .wrongType(expected: "a list", found: Self.kind(of: value)))
        }
        var objects: [JSONObject] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path).\(key)[\(index)]"
            guard case .object(let fields) = item else {
                throw OpenReferralImportError(path: itemPath, problem: .wrongType(expected: "an object", found: Self.kind(of: item)))
            }
            objects.append(JSONObject(fields, path: itemPath))
        }
        return objects
    }

    static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "true or false"
        case .number(let n): "the number \(ServiceReader.plain(n))"
        case .string(let s): "the text \"\(s.count > 40 ? s.prefix(39) + "…" : s)\""
        case .array: "a list"
        case .object: "an object"
        }
    }
}
