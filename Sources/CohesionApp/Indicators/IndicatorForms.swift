import CohesionCore
import Foundation

/// The frameworks an indicator can report to (DOMAIN.md): kept as data so a council can see
/// and tag against the same wording.
enum IndicatorFrameworks {
    static let marmotObjectives = [
        "Give every child the best start in life",
        "Maximise capabilities and control",
        "Create fair employment and good work for all",
        "Ensure a healthy standard of living for all",
        "Create healthy and sustainable places and communities",
        "Strengthen ill-health prevention",
        "Tackle racism, discrimination and their outcomes",
        "Pursue environmental sustainability and health equity together",
    ]

    static let equalityModules = [
        "Understanding and working with your communities",
        "Leadership, partnership and organisational commitment",
        "Responsive services and customer care",
        "Diverse and engaged workforce",
    ]

    static let performanceAreas = ["Communities", "Customer services", "Children's services", "Adult social care", "Public health",
                                   "Community safety", "Voluntary and community sector"]
}

/// An indicator's settings as typed. Survey and operational indicators keep their source, unit
/// and code; a partner indicator is wholly the council's.
struct IndicatorForm: Sendable {
    var typed: [String: String] = [:]
    var chosen: [String: [String]] = [:]
    var errors = FormErrors()
    var target: Double?
    var green: Double?
    var amber: Double?

    static let textFields = ["code", "title", "definition", "unit", "polarity", "target", "green", "amber", "organisation", "public"]

    init(indicator: Indicator?) {
        guard let i = indicator else {
            typed = ["unit": IndicatorUnit.count.rawValue, "polarity": IndicatorPolarity.neither.rawValue, "public": "yes"]
            return
        }
        typed = ["code": i.code, "title": i.title, "definition": i.definition, "unit": i.unit.rawValue, "polarity": i.polarity.rawValue,
                 "target": i.target.map(Self.number) ?? "", "green": i.greenThreshold.map(Self.number) ?? "",
                 "amber": i.amberThreshold.map(Self.number) ?? "", "organisation": i.partnerOrganisationID?.uuidString ?? "",
                 "public": i.isPublic ? "yes" : ""]
        chosen = ["performance": i.performanceAreas, "marmot": i.marmotObjectives, "equality": i.equalityModules]
    }

    init(_ form: SubmittedForm, existing: Indicator?, organisations: [UUID]) {
        for field in Self.textFields { typed[field] = form[field] }
        for field in ["performance", "marmot", "equality"] { chosen[field] = form.all[field] ?? [] }
        chosen["performance"] = chosen["performance"]!.filter(IndicatorFrameworks.performanceAreas.contains)
        chosen["marmot"] = chosen["marmot"]!.filter(IndicatorFrameworks.marmotObjectives.contains)
        chosen["equality"] = chosen["equality"]!.filter(IndicatorFrameworks.equalityModules.contains)
        if existing == nil {
            let code = typed["code"]!.trimmingCharacters(in: .whitespaces).uppercased()
            typed["code"] = code
            if code.isEmpty { errors.add("code", "Enter a code, like PTN-01") }
            else if !IndicatorCode.rule.accepts(code) { errors.add("code", "The code must be 1 to 20 letters, digits and hyphens, like PTN-01") }
        }
        let title = typed["title"]!.trimmingCharacters(in: .whitespaces)
        if title.isEmpty { errors.add("title", "Enter the indicator's name") } else if title.count > 200 { errors.add("title", "The name must be 200 characters or fewer") }
        let definition = typed["definition"]!.trimmingCharacters(in: .whitespacesAndNewlines)
        if definition.isEmpty { errors.add("definition", "Say in plain English what is counted, over what, and where it comes from") }
        else if definition.count > 2_000 { errors.add("definition", "The definition must be 2,000 characters or fewer") }
        if existing == nil || existing?.sourceKind == .partner, IndicatorUnit(rawValue: typed["unit"]!) == nil { errors.add("unit", "Choose the unit") }
        let polarity = IndicatorPolarity(rawValue: typed["polarity"]!)
        if polarity == nil { errors.add("polarity", "Choose whether higher or lower is better") }
        target = number("target", "target")
        green = number("green", "“on target” threshold")
        amber = number("amber", "“close to target” threshold")
        if let polarity, errors["green"] == nil, errors["amber"] == nil {
            for problem in IndicatorThresholds(green: green, amber: amber).validate(polarity: polarity) where errors["amber"] == nil {
                // Named as the form names them.
                errors.add("amber", problem.replacingOccurrences(of: "amber threshold", with: "“close to target” value")
                    .replacingOccurrences(of: "green threshold", with: "“on target” value"))
            }
        }
        if (existing == nil || existing?.sourceKind == .partner), let org = UUID(uuidString: typed["organisation"]!), !organisations.contains(org) {
            errors.add("organisation", "Choose an organisation from the list")
        }
    }

    private mutating func number(_ field: String, _ what: String) -> Double? {
        let text = typed[field]!.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "%", with: "")
        guard !text.isEmpty else { return nil }
        guard let value = Double(text), value.isFinite else { errors.add(field, "Enter the \(what) as a number, like 65"); return nil }
        return value
    }

    func apply(to indicator: Indicator, isNew: Bool) {
        if isNew {
            indicator.code = typed["code"]!
            indicator.sourceKind = .partner
        }
        indicator.title = typed["title"]!.trimmingCharacters(in: .whitespaces)
        indicator.definition = typed["definition"]!.trimmingCharacters(in: .whitespacesAndNewlines)
        if indicator.sourceKind == .partner {
            indicator.unit = IndicatorUnit(rawValue: typed["unit"]!) ?? .count
            indicator.partnerOrganisationID = UUID(uuidString: typed["organisation"]!)
        }
        indicator.polarity = IndicatorPolarity(rawValue: typed["polarity"]!) ?? .neither
        indicator.target = target
        indicator.greenThreshold = green
        indicator.amberThreshold = amber
        indicator.performanceAreas = chosen["performance"] ?? []
        indicator.marmotObjectives = chosen["marmot"] ?? []
        indicator.equalityModules = chosen["equality"] ?? []
        indicator.isPublic = typed["public"] == "yes"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

/// A value a partner enters: an area, a period and the figure, with its interval if it has one.
struct IndicatorValueForm: Sendable {
    var typed: [String: String] = [:]
    var errors = FormErrors()
    var value: IndicatorSourceValue?

    static let fields = ["area", "period", "starts", "ends", "value", "lower", "upper", "n", "source"]

    init() {}

    init(_ form: SubmittedForm, unit: IndicatorUnit, areas: AreaRollup) {
        for field in Self.fields { typed[field] = form[field] }
        var row: [String: String] = [:]
        for field in Self.fields { row[field] = typed[field] }
        switch Self.check(row, unit: unit, areas: areas) {
        case .success(let value): self.value = value
        case .failure(let problems): for (field, message) in problems.list { errors.add(field, message) }
        }
    }

    /// The checks shared by the form and the CSV file: problems by field.
    /// Problems by field, in the order found.
    struct Problems: Error {
        let list: [(field: String, message: String)]
    }

    static func check(_ row: [String: String], unit: IndicatorUnit, areas: AreaRollup) -> Result<IndicatorSourceValue, Problems> {
        var problems: [(String, String)] = []
        let area = (row["area"] ?? "").trimmingCharacters(in: .whitespaces)
        if areas.names[area] == nil { problems.append(("area", area.isEmpty ? "Choose the area" : "\(area) is not an area of this council")) }
        let label = (row["period"] ?? "").trimmingCharacters(in: .whitespaces)
        if label.isEmpty { problems.append(("period", "Enter the period's name, like 2026/27 or April to June 2026")) }
        else if label.count > 60 { problems.append(("period", "The period's name must be 60 characters or fewer")) }
        else if label.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            problems.append(("period", "The period's name has control characters: type it again"))
        }
        let starts = CalendarDate(typed: row["starts"] ?? ""), ends = CalendarDate(typed: row["ends"] ?? "")
        if starts == nil { problems.append(("starts", "Enter the period's first day as day/month/year, like 1/4/2026")) }
        if ends == nil { problems.append(("ends", "Enter the period's last day as day/month/year, like 31/3/2027")) }
        if let starts, let ends, ends < starts { problems.append(("ends", "The last day must be on or after the first day")) }
        func number(_ field: String, required: Bool) -> Double? {
            let text = (row[field] ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "%", with: "")
            if text.isEmpty { if required { problems.append((field, "Enter the value as a number")) }; return nil }
            guard let value = Double(text), value.isFinite else { problems.append((field, "“\(row[field]!)” is not a number")); return nil }
            if unit == .percent, !(0...100).contains(value) { problems.append((field, "A percentage must be from 0 to 100")); return nil }
            if value < 0, unit != .number { problems.append((field, "The value can't be negative")); return nil }
            return value
        }
        let value = number("value", required: true)
        let lower = number("lower", required: false), upper = number("upper", required: false)
        if (lower == nil) != (upper == nil), problems.allSatisfy({ $0.0 != "lower" && $0.0 != "upper" }) {
            problems.append(("lower", "Give both ends of the interval, or neither"))
        }
        if let lower, let upper, let value, !(lower <= value && value <= upper) {
            problems.append(("lower", "The interval must contain the value: lower ≤ value ≤ upper"))
        }
        var n: Int?
        let nText = (row["n"] ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
        if !nText.isEmpty {
            if let parsed = Int(nText), parsed >= 0 { n = parsed } else { problems.append(("n", "The count must be a whole number, like 120")) }
        }
        let source = (row["source"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if source.count > 300 { problems.append(("source", "The source must be 300 characters or fewer")) }
        if source.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
            problems.append(("source", "The source has control characters: type it again"))
        }
        guard problems.isEmpty, let starts, let ends, let value else { return .failure(Problems(list: problems.map { ($0.0, $0.1) })) }
        return .success(IndicatorSourceValue(areaCode: area, periodKey: starts.iso + "_" + ends.iso, periodLabel: label,
                                             periodStart: starts.iso, periodEnd: ends.iso, value: value, lower: lower, upper: upper,
                                             respondents: n, source: source))
    }
}
