import CohesionCore
import Foundation

/// A council's own question: wording, answers one per line, and which answers count toward the
/// indicator or are left out of its base (named by their wording, so nobody types a key).
struct SurveyItemForm: Sendable {
    static let fields = ["key", "question", "hint", "options", "counted", "excluded", "indicator"]
    var typed: [String: String] = [:]
    var errors = FormErrors()
    var item: SurveyItem?

    init() {}

    init(_ form: SubmittedForm) {
        for field in Self.fields { typed[field] = form[field] }
        let key = typed["key"]!.trimmingCharacters(in: .whitespaces).lowercased()
        let question = typed["question"]!.trimmingCharacters(in: .whitespacesAndNewlines)
        let labels = Self.lines(typed["options"]!)
        if key.isEmpty { errors.add("key", "Enter a short name, like feel_safe_after_dark") }
        if question.isEmpty { errors.add("question", "Enter the question as people will read it") }
        else if question.count > 300 { errors.add("question", "The question must be 300 characters or fewer") }
        if labels.count < 2 { errors.add("options", "Enter at least two answers, one on each line") }
        else if labels.count > 12 { errors.add("options", "A question can have at most 12 answers") }
        let options = labels.map { SurveyAnswerOption(key: Self.optionKey($0), label: $0) }
        if Set(options.map(\.key)).count != options.count { errors.add("options", "Two answers are the same: each answer must be different") }
        func keys(_ field: String, _ what: String) -> Set<String> {
            var found = Set<String>()
            for line in Self.lines(typed[field]!) {
                if let option = options.first(where: { Self.comparable($0.label) == Self.comparable(line) }) { found.insert(option.key) }
                else if errors[field] == nil { errors.add(field, "“\(line)” is not one of the answers. \(what) must be copied from the answers above") }
            }
            return found
        }
        let counted = keys("counted", "Answers that count")
        let excluded = keys("excluded", "Answers left out")
        if counted.isEmpty && errors["counted"] == nil && errors["options"] == nil { errors.add("counted", "Enter at least one answer that counts toward the indicator") }
        let indicator = typed["indicator"]!.trimmingCharacters(in: .whitespaces)
        if indicator.isEmpty { errors.add("indicator", "Enter what the indicator measures, like Feel safe outside after dark") }
        let hint = typed["hint"]!.trimmingCharacters(in: .whitespacesAndNewlines)
        let item = SurveyItem(key: key, question: question, hint: hint.isEmpty ? nil : hint, options: options, counted: counted,
                              excluded: excluded, indicatorTitle: indicator, nationalIndicator: nil, isStandard: false)
        if errors.isEmpty {
            // The bank's own rules (key shape, an answer both counted and left out...).
            for problem in item.validate() where errors[Self.field(for: problem)] == nil { errors.add(Self.field(for: problem), problem) }
        }
        self.item = errors.isEmpty ? item : nil
    }

    /// Case and curly or straight apostrophes don't matter when an answer is copied: "Don’t know"
    /// is "Don't know".
    static func comparable(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "\u{2019}", with: "'").replacingOccurrences(of: "\u{2018}", with: "'")
    }

    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// "Fairly strongly" → "fairly_strongly".
    static func optionKey(_ label: String) -> String { SurveyAnswerOption.key(fromLabel: label) }

    /// Which field a problem from `SurveyItem.validate` belongs to, from what it names.
    static func field(for problem: String) -> String {
        if problem.hasPrefix("The key") { return "key" }
        if problem.hasPrefix("Write the question") { return "question" }
        if problem.hasPrefix("Write what the indicator") { return "indicator" }
        if problem.contains("left out of the base but") || problem.contains("both count and be left out") { return "excluded" }
        if problem.contains("counts toward") || problem.contains("is counted but") || problem.contains("must not count") { return "counted" }
        return "options"
    }
}

/// A wave's settings as typed.
struct SurveyWaveForm: Sendable {
    var typed: [String: String] = [:]
    var items: [String] = []
    var weighting: [String] = []
    var errors = FormErrors()
    var title = ""
    var starts: CalendarDate?
    var ends: CalendarDate?
    var minimumBase = 30
    var status = SurveyWave.Status.draft

    init(wave: SurveyWave?) {
        guard let wave else {
            items = CommunityLifeSurvey.items.map(\.key)
            weighting = SurveyWeightingVariable.allCases.map(\.rawValue)
            typed = ["minimum-base": "30", "status": SurveyWave.Status.draft.rawValue]
            return
        }
        typed = ["title": wave.title, "starts": CalendarDate(iso: wave.startsOn).map(DisplayFormat.typedDate) ?? wave.startsOn,
                 "ends": CalendarDate(iso: wave.endsOn).map(DisplayFormat.typedDate) ?? wave.endsOn,
                 "minimum-base": String(wave.minimumBase), "status": wave.status.rawValue, "introduction": wave.introduction]
        items = wave.itemKeys
        weighting = wave.weighting.map(\.rawValue)
    }

    init(_ form: SubmittedForm, bank: [SurveyItem]) {
        for field in ["title", "starts", "ends", "minimum-base", "status", "introduction"] { typed[field] = form[field] }
        items = form.all["items"] ?? []
        weighting = form.all["weighting"] ?? []
        title = typed["title"]!.trimmingCharacters(in: .whitespaces)
        if title.isEmpty { errors.add("title", "Enter a name for the wave, like Residents' survey spring 2027") }
        else if title.count > 120 { errors.add("title", "The name must be 120 characters or fewer") }
        starts = CalendarDate(typed: typed["starts"]!)
        ends = CalendarDate(typed: typed["ends"]!)
        if starts == nil { errors.add("starts", "Enter the first day of fieldwork as day/month/year, like 1/3/2027") }
        if ends == nil { errors.add("ends", "Enter the last day of fieldwork as day/month/year, like 31/5/2027") }
        if let starts, let ends, ends < starts { errors.add("ends", "The last day must be on or after the first day") }
        let known = Set(bank.map(\.key))
        items = items.filter(known.contains)
        if items.isEmpty { errors.add("items", "Choose at least one question to ask") }
        weighting = weighting.filter { SurveyWeightingVariable(rawValue: $0) != nil }
        if let base = Int(typed["minimum-base"]!.trimmingCharacters(in: .whitespaces)), (10...1_000).contains(base) { minimumBase = base }
        else { errors.add("minimum-base", "Enter a whole number from 10 to 1,000") }
        if let chosen = SurveyWave.Status(rawValue: typed["status"]!) { status = chosen }
        else { errors.add("status", "Choose whether the questionnaire takes answers") }
        if typed["introduction"]!.count > 2_000 { errors.add("introduction", "The introduction must be 2,000 characters or fewer") }
    }

    func apply(to wave: SurveyWave) {
        wave.title = title
        wave.startsOn = starts!.iso
        wave.endsOn = ends!.iso
        wave.itemKeys = items
        wave.weighting = weighting.compactMap(SurveyWeightingVariable.init(rawValue:))
        wave.minimumBase = minimumBase
        wave.status = status
        wave.introduction = typed["introduction"]!.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
