import Foundation

/// One answer a person can give: a stable key stored with the response, and the words shown.
public struct SurveyAnswerOption: Sendable, Hashable, Codable {
    public var key: String
    public var label: String

    public init(key: String, label: String) {
        self.key = key
        self.label = label
    }

    /// A key made from an answer's words, for a council's own question: "Don't know" →
    /// "dont_know", "Once or twice a week" → "once_or_twice_a_week".
    public static func key(fromLabel label: String) -> String {
        let kept = label.lowercased().filter { !"'’‘".contains($0) }
        return kept.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }).joined(separator: "_")
    }
}

/// What one answer means for a question's indicator.
public enum SurveyOutcome: String, Sendable, Hashable, Codable {
    /// In the base and counted: "definitely agree" that people get on well.
    case counted
    /// In the base, not counted: "tend to disagree".
    case notCounted
    /// Answered, but left out of the base: "don't know", "too few people in the local area".
    case excluded
    /// No answer, so not in the base.
    case notAnswered
    /// An answer that is not one of the question's options (data changed after the question
    /// did); left out of the base rather than read as "not counted".
    case unknownAnswer

    /// Whether the response is in the indicator's base (its denominator).
    public var isInBase: Bool { self == .counted || self == .notCounted }
}

/// A survey question with its answers and the indicator it measures: which answers count, and
/// which are left out of the base.
public struct SurveyItem: Sendable, Hashable, Codable, Identifiable {
    /// Stable lower_snake_case key, stored with every answer: "get_on_well".
    public var key: String
    /// The wording asked.
    public var question: String
    /// Help shown under the question.
    public var hint: String?
    public var options: [SurveyAnswerOption]
    /// Option keys that count toward the indicator.
    public var counted: Set<String>
    /// Option keys left out of the base ("don't know", "too few people", "all the same background").
    public var excluded: Set<String>
    /// What the indicator reports the share of: "People from different backgrounds get on well together".
    public var indicatorTitle: String
    /// The former National Indicator it matches, if any: "NI 1".
    public var nationalIndicator: String?
    /// Whether it is one of the Community Life Survey questions in `CommunityLifeSurvey.items`,
    /// rather than a council's own.
    public var isStandard: Bool

    public var id: String { key }

    public init(key: String, question: String, hint: String? = nil, options: [SurveyAnswerOption], counted: Set<String>,
                excluded: Set<String> = [], indicatorTitle: String, nationalIndicator: String? = nil, isStandard: Bool = false) {
        self.key = key
        self.question = question
        self.hint = hint
        self.options = options
        self.counted = counted
        self.excluded = excluded
        self.indicatorTitle = indicatorTitle
        self.nationalIndicator = nationalIndicator
        self.isStandard = isStandard
    }

    /// What an answer (an option key) means for the indicator. Nil or blank is not answered.
    public func outcome(for answer: String?) -> SurveyOutcome {
        guard let answer, !answer.trimmingSpaces.isEmpty else { return .notAnswered }
        guard options.contains(where: { $0.key == answer }) else { return .unknownAnswer }
        if counted.contains(answer) { return .counted }
        if excluded.contains(answer) { return .excluded }
        return .notCounted
    }

    /// The option with this key.
    public func option(_ key: String) -> SurveyAnswerOption? { options.first { $0.key == key } }

    /// What is wrong with a question, in plain English for the person writing it; empty when
    /// it can be used. A council's own question must not take a standard question's key.
    public func validate() -> [String] {
        var problems: [String] = []
        if !Self.isSnakeCase(key, allowLeadingDigit: false) {
            problems.append("The key “\(key)” must be lower case letters, digits and underscores, starting with a letter (like get_on_well).")
        } else if !isStandard, CommunityLifeSurvey.reservedKeys.contains(key) {
            problems.append("The key “\(key)” belongs to a standard Community Life Survey question. Choose another key.")
        }
        if question.trimmingSpaces.isEmpty { problems.append("Write the question.") }
        if indicatorTitle.trimmingSpaces.isEmpty { problems.append("Write what the indicator measures, like “Feel they belong to their neighbourhood”.") }
        if options.count < 2 { problems.append("Give at least two answers to choose from.") }
        var seenKeys = Set<String>(), seenLabels = Set<String>()
        for option in options {
            if option.label.trimmingSpaces.isEmpty { problems.append("Every answer needs words to show.") }
            else if !seenLabels.insert(SurveyText.comparable(option.label)).inserted {
                problems.append("Two answers read “\(option.label)”. Each answer needs its own words.")
            }
            if !Self.isSnakeCase(option.key, allowLeadingDigit: true) {
                problems.append("The answer key “\(option.key)” must be lower case letters, digits and underscores (like tend_to_agree).")
            } else if !seenKeys.insert(option.key).inserted {
                problems.append("Two answers have the key “\(option.key)”. Each answer needs its own key.")
            }
        }
        let keys = Set(options.map(\.key))
        for key in counted.subtracting(keys).sorted() { problems.append("“\(key)” is counted but is not one of the answers.") }
        for key in excluded.subtracting(keys).sorted() { problems.append("“\(key)” is left out of the base but is not one of the answers.") }
        for key in counted.intersection(excluded).sorted() { problems.append("“\(key)” can't both count and be left out of the base.") }
        if counted.intersection(keys).isEmpty { problems.append("Choose at least one answer that counts toward the indicator.") }
        else if !options.isEmpty, keys.subtracting(excluded).isSubset(of: counted) {
            problems.append("At least one answer in the base must not count, or the indicator would always be 100%.")
        }
        return problems
    }

    static func isSnakeCase(_ text: String, allowLeadingDigit: Bool) -> Bool {
        guard let first = text.first, allowLeadingDigit ? (first.isASCIIDigit || first.isLowercaseASCIILetter) : first.isLowercaseASCIILetter
        else { return false }
        return text.split(separator: "_", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCIIDigit || $0.isLowercaseASCIILetter }
        }
    }
}

/// A measure worked out from the answers to other questions rather than read from one.
public enum SurveyDerivedMeasure: String, Sendable, Hashable, Codable, CaseIterable {
    /// The three-question indirect loneliness scale: lack of companionship, feeling left out and
    /// feeling isolated, each scored 1 (hardly ever or never), 2 (some of the time) or 3 (often),
    /// added up to 3–9. A score of 8 or 9 counts as lonely. Someone who didn't answer all three
    /// is not in the base.
    case lonelinessScale = "lonely_scale"
    /// Formal volunteering at least once in the last 12 months, read from the same question as
    /// `volunteer_month` so that people are asked once.
    case volunteerYear = "volunteer_year"

    public var key: String { rawValue }

    public var title: String {
        switch self {
        case .lonelinessScale: "Lonely on the three-question scale (a score of 8 or 9 out of 9)"
        case .volunteerYear: "Formal volunteering at least once in the last 12 months"
        }
    }

    /// The questions whose answers it reads.
    public var itemKeys: [String] {
        switch self {
        case .lonelinessScale: ["lonely_companionship", "lonely_left_out", "lonely_isolated"]
        case .volunteerYear: ["volunteer_month"]
        }
    }

    /// The option keys it needs each of its questions to offer: checked before it is offered for
    /// a wave, in case a council changed the questions.
    var requiredOptions: Set<String> {
        switch self {
        case .lonelinessScale: Set(CommunityLifeSurvey.lonelinessScaleScores.keys)
        case .volunteerYear: ["at_least_weekly", "at_least_monthly", "less_often", "not_in_last_year"]
        }
    }

    public func outcome(answers: [String: String]) -> SurveyOutcome {
        switch self {
        case .lonelinessScale:
            let given = itemKeys.map { answers[$0].flatMap { $0.trimmingSpaces.isEmpty ? nil : $0 } }
            if given.contains(where: { $0 != nil && CommunityLifeSurvey.lonelinessScaleScores[$0!] == nil }) { return .unknownAnswer }
            guard let score = CommunityLifeSurvey.lonelinessScore(companionship: given[0], leftOut: given[1], isolated: given[2])
            else { return .notAnswered }
            return score >= 8 ? .counted : .notCounted
        case .volunteerYear:
            guard let answer = answers["volunteer_month"], !answer.trimmingSpaces.isEmpty else { return .notAnswered }
            switch answer {
            case "at_least_weekly", "at_least_monthly", "less_often": return .counted
            case "not_in_last_year": return .notCounted
            case "dont_know": return .excluded
            default: return .unknownAnswer
            }
        }
    }
}

/// Something a wave of a survey reports: a question's own indicator, or a measure derived from
/// several questions. The app works out every measure's outcome for each response the same way.
public struct SurveyMeasure: Sendable, Hashable, Codable, Identifiable {
    public enum Basis: Sendable, Hashable, Codable {
        case item(SurveyItem)
        case derived(SurveyDerivedMeasure)
    }

    public let basis: Basis

    public init(_ basis: Basis) { self.basis = basis }

    public var id: String { key }

    public var key: String {
        switch basis {
        case .item(let item): item.key
        case .derived(let measure): measure.key
        }
    }

    public var title: String {
        switch basis {
        case .item(let item): item.indicatorTitle
        case .derived(let measure): measure.title
        }
    }

    public var nationalIndicator: String? {
        if case .item(let item) = basis { return item.nationalIndicator }
        return nil
    }

    /// The questions whose answers it reads.
    public var itemKeys: [String] {
        switch basis {
        case .item(let item): [item.key]
        case .derived(let measure): measure.itemKeys
        }
    }

    /// The outcome for one response, from its answers (item key → option key).
    public func outcome(answers: [String: String]) -> SurveyOutcome {
        switch basis {
        case .item(let item): item.outcome(for: answers[item.key])
        case .derived(let measure): measure.outcome(answers: answers)
        }
    }
}

/// The standard questions of the national Community Life Survey (adults 16 and over, England)
/// on cohesion, belonging, trust, influence, neighbourliness, volunteering, civic engagement and
/// loneliness, so that local results can be set beside national ones.
///
/// The wording is ours, kept close to the survey's. "Don't know" is left out of the base
/// throughout, as the survey's published figures do; for people from different backgrounds
/// getting on well, so are "too few people in the local area" and "all the same background".
public enum CommunityLifeSurvey {
    public static let items: [SurveyItem] = [
        SurveyItem(
            key: "get_on_well",
            question: "To what extent do you agree or disagree that your local area is a place where people from different backgrounds get on well together?",
            hint: "By your local area we mean the area within 15 to 20 minutes’ walk of your home.",
            options: agreeScale + [
                .init(key: "too_few_people", label: "Too few people in the local area"),
                .init(key: "all_same_background", label: "All the same background"),
            ],
            counted: ["definitely_agree", "tend_to_agree"], excluded: ["dont_know", "too_few_people", "all_same_background"],
            indicatorTitle: "People from different backgrounds get on well together", nationalIndicator: "NI 1", isStandard: true),
        SurveyItem(
            key: "belonging",
            question: "How strongly do you feel you belong to your immediate neighbourhood?",
            options: [
                .init(key: "very_strongly", label: "Very strongly"), .init(key: "fairly_strongly", label: "Fairly strongly"),
                .init(key: "not_very_strongly", label: "Not very strongly"), .init(key: "not_at_all_strongly", label: "Not at all strongly"), dontKnow,
            ],
            counted: ["very_strongly", "fairly_strongly"], excluded: ["dont_know"],
            indicatorTitle: "Feel they belong strongly to their neighbourhood", nationalIndicator: "NI 2", isStandard: true),
        SurveyItem(
            key: "trust",
            question: "Would you say that many of the people in your neighbourhood can be trusted, some can, a few can, or that none of them can be trusted?",
            options: [
                .init(key: "many", label: "Many can be trusted"), .init(key: "some", label: "Some can be trusted"),
                .init(key: "a_few", label: "A few can be trusted"), .init(key: "none", label: "None can be trusted"), dontKnow,
            ],
            counted: ["many"], excluded: ["dont_know"],
            indicatorTitle: "Many of the people in their neighbourhood can be trusted", isStandard: true),
        SurveyItem(
            key: "influence",
            question: "Do you agree or disagree that you can influence decisions affecting your local area?",
            options: agreeScale,
            counted: ["definitely_agree", "tend_to_agree"], excluded: ["dont_know"],
            indicatorTitle: "Feel they can influence decisions affecting their local area", nationalIndicator: "NI 4", isStandard: true),
        SurveyItem(
            key: "satisfaction",
            question: "Overall, how satisfied or dissatisfied are you with your local area as a place to live?",
            options: [
                .init(key: "very_satisfied", label: "Very satisfied"), .init(key: "fairly_satisfied", label: "Fairly satisfied"),
                .init(key: "neither", label: "Neither satisfied nor dissatisfied"),
                .init(key: "fairly_dissatisfied", label: "Fairly dissatisfied"), .init(key: "very_dissatisfied", label: "Very dissatisfied"), dontKnow,
            ],
            counted: ["very_satisfied", "fairly_satisfied"], excluded: ["dont_know"],
            indicatorTitle: "Satisfied with their local area as a place to live", nationalIndicator: "NI 5", isStandard: true),
        SurveyItem(
            key: "chat_neighbours",
            question: "How often do you chat to any of your neighbours, more than just to say hello?",
            options: [
                .init(key: "most_days", label: "On most days"), .init(key: "weekly", label: "Once or twice a week"),
                .init(key: "monthly", label: "Once or twice a month"), .init(key: "less_often", label: "Less often than once a month"),
                .init(key: "never", label: "Never"), dontKnow,
            ],
            counted: ["most_days", "weekly", "monthly"], excluded: ["dont_know"],
            indicatorTitle: "Chat to their neighbours at least once a month", isStandard: true),
        SurveyItem(
            key: "volunteer_month",
            question: "In the last 12 months, how often have you given unpaid help to a group, club or organisation?",
            hint: "For example helping to run an event, raising money, coaching, visiting people or being on a committee. Do not count help given only to family or friends.",
            options: [
                .init(key: "at_least_weekly", label: "At least once a week"),
                .init(key: "at_least_monthly", label: "Less than once a week but at least once a month"),
                .init(key: "less_often", label: "Less often than once a month"),
                .init(key: "not_in_last_year", label: "Not in the last 12 months"), dontKnow,
            ],
            counted: ["at_least_weekly", "at_least_monthly"], excluded: ["dont_know"],
            indicatorTitle: "Formal volunteering at least once a month", nationalIndicator: "NI 6", isStandard: true),
        SurveyItem(
            key: "civic_participation",
            question: "In the last 12 months, have you done any of these: contacted a councillor, MP or official; signed a petition; gone to a public meeting, rally or protest; given your views in a consultation about local services; or been a member of a group that makes decisions about local services, such as a school governing body or a tenants’ board?",
            options: [.init(key: "yes", label: "Yes"), .init(key: "no", label: "No"), dontKnow],
            counted: ["yes"], excluded: ["dont_know"],
            indicatorTitle: "Took part in civic participation, consultation or activism in the last 12 months", isStandard: true),
        SurveyItem(
            key: "lonely_direct",
            question: "How often do you feel lonely?",
            options: [
                .init(key: "often_always", label: "Often or always"), .init(key: "some_of_the_time", label: "Some of the time"),
                .init(key: "occasionally", label: "Occasionally"), .init(key: "hardly_ever", label: "Hardly ever"), .init(key: "never", label: "Never"),
            ],
            counted: ["often_always"],
            indicatorTitle: "Feel lonely often or always", isStandard: true),
        lonelinessScaleItem("lonely_companionship", "How often do you feel that you lack companionship?", "Often feel they lack companionship"),
        lonelinessScaleItem("lonely_left_out", "How often do you feel left out?", "Often feel left out"),
        lonelinessScaleItem("lonely_isolated", "How often do you feel isolated from others?", "Often feel isolated from others"),
    ]

    /// The standard question with this key.
    public static func item(_ key: String) -> SurveyItem? { items.first { $0.key == key } }

    /// The measures a wave reports, in the order of its questions: each question's indicator,
    /// then each derived measure whose questions are all asked, placed after the last of them.
    /// A derived measure is left out if a question already uses its key or one of its questions
    /// lacks the answers it reads.
    public static func measures(items: [SurveyItem]) -> [SurveyMeasure] {
        var measures: [SurveyMeasure] = []
        let byKey = Dictionary(items.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        for item in items {
            measures.append(SurveyMeasure(.item(item)))
            for derived in SurveyDerivedMeasure.allCases where derived.itemKeys.last == item.key && byKey[derived.key] == nil {
                let offered = derived.itemKeys.allSatisfy { key in
                    byKey[key].map { derived.requiredOptions.isSubset(of: Set($0.options.map(\.key))) } ?? false
                }
                if offered { measures.append(SurveyMeasure(.derived(derived))) }
            }
        }
        return measures
    }

    /// The three-question loneliness score, 3–9, from the option keys given to the questions
    /// about lacking companionship, feeling left out and feeling isolated; nil unless all three
    /// are answered with one of the scale's answers.
    public static func lonelinessScore(companionship: String?, leftOut: String?, isolated: String?) -> Int? {
        guard let a = companionship.flatMap({ lonelinessScaleScores[$0] }), let b = leftOut.flatMap({ lonelinessScaleScores[$0] }),
              let c = isolated.flatMap({ lonelinessScaleScores[$0] }) else { return nil }
        return a + b + c
    }

    static let lonelinessScaleScores = ["hardly_ever_or_never": 1, "some_of_the_time": 2, "often": 3]

    /// Keys a council's own question can't take: the standard questions' and the derived measures'.
    static var reservedKeys: Set<String> { Set(items.map(\.key) + SurveyDerivedMeasure.allCases.map(\.key)) }

    static let dontKnow = SurveyAnswerOption(key: "dont_know", label: "Don't know")

    static let agreeScale: [SurveyAnswerOption] = [
        .init(key: "definitely_agree", label: "Definitely agree"), .init(key: "tend_to_agree", label: "Tend to agree"),
        .init(key: "tend_to_disagree", label: "Tend to disagree"), .init(key: "definitely_disagree", label: "Definitely disagree"), dontKnow,
    ]

    static func lonelinessScaleItem(_ key: String, _ question: String, _ title: String) -> SurveyItem {
        SurveyItem(
            key: key, question: question,
            options: [
                .init(key: "hardly_ever_or_never", label: "Hardly ever or never"),
                .init(key: "some_of_the_time", label: "Some of the time"), .init(key: "often", label: "Often"),
            ],
            counted: ["often"], indicatorTitle: title, isStandard: true)
    }
}

/// How answers typed into files and forms are compared with options.
enum SurveyText {
    /// Trimmed, lower case, runs of spaces as one, curly apostrophes and quotes as straight ones.
    static func comparable(_ text: String) -> String {
        let straight = text.map { c -> Character in
            switch c {
            case "’", "‘", "ʼ", "`": "'"
            case "“", "”": "\""
            case "–", "—": "-"
            default: c
            }
        }
        return String(straight).lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

extension Character {
    var isLowercaseASCIILetter: Bool { isASCII && isLetter && isLowercase }
}
