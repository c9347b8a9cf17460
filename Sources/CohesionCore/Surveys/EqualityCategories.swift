import Foundation

/// What equality questions share. Every list offers "Prefer not to say": it is stored, so that
/// declining can be told apart from not being asked, and read as no answer in analysis
/// (`AgeBand(rawValue:)` and the others give nil for it).
public enum EqualityMonitoring {
    public static let preferNotToSay = SurveyAnswerOption(key: "prefer_not_to_say", label: "Prefer not to say")
}

/// The five broad ethnic groups of the 2021 Census in England and Wales. Labels are the Census
/// TS021 category names, so survey weights can be matched to census columns by name.
public enum BroadEthnicGroup: String, Sendable, Hashable, Codable, CaseIterable {
    case asian, black, mixed, white, other

    public var key: String { rawValue }

    public var label: String {
        switch self {
        case .asian: "Asian, Asian British or Asian Welsh"
        case .black: "Black, Black British, Black Welsh, Caribbean or African"
        case .mixed: "Mixed or Multiple ethnic groups"
        case .white: "White"
        case .other: "Other ethnic group"
        }
    }

    /// Its detailed groups, in the Census's order.
    public var groups: [EthnicGroup] { EthnicGroup.allCases.filter { $0.broadGroup == self } }
}

/// The 19 ethnic groups of the 2021 Census in England, in TS021's order. Labels are the
/// Census output names ("Other Asian"); the questionnaire itself words the "other" answers
/// as "Any other Asian background" and so on.
public enum EthnicGroup: String, Sendable, Hashable, Codable, CaseIterable {
    case bangladeshi = "asian_bangladeshi"
    case chinese = "asian_chinese"
    case indian = "asian_indian"
    case pakistani = "asian_pakistani"
    case otherAsian = "asian_other"
    case african = "black_african"
    case caribbean = "black_caribbean"
    case otherBlack = "black_other"
    case whiteAndAsian = "mixed_white_asian"
    case whiteAndBlackAfrican = "mixed_white_black_african"
    case whiteAndBlackCaribbean = "mixed_white_black_caribbean"
    case otherMixed = "mixed_other"
    case whiteBritish = "white_british"
    case irish = "white_irish"
    case gypsyOrIrishTraveller = "white_gypsy_irish_traveller"
    case roma = "white_roma"
    case otherWhite = "white_other"
    case arab = "other_arab"
    case anyOther = "other_any"

    public var key: String { rawValue }

    public var label: String {
        switch self {
        case .bangladeshi: "Bangladeshi"
        case .chinese: "Chinese"
        case .indian: "Indian"
        case .pakistani: "Pakistani"
        case .otherAsian: "Other Asian"
        case .african: "African"
        case .caribbean: "Caribbean"
        case .otherBlack: "Other Black"
        case .whiteAndAsian: "White and Asian"
        case .whiteAndBlackAfrican: "White and Black African"
        case .whiteAndBlackCaribbean: "White and Black Caribbean"
        case .otherMixed: "Other Mixed or Multiple ethnic groups"
        case .whiteBritish: "English, Welsh, Scottish, Northern Irish or British"
        case .irish: "Irish"
        case .gypsyOrIrishTraveller: "Gypsy or Irish Traveller"
        case .roma: "Roma"
        case .otherWhite: "Other White"
        case .arab: "Arab"
        case .anyOther: "Any other ethnic group"
        }
    }

    public var broadGroup: BroadEthnicGroup {
        switch self {
        case .bangladeshi, .chinese, .indian, .pakistani, .otherAsian: .asian
        case .african, .caribbean, .otherBlack: .black
        case .whiteAndAsian, .whiteAndBlackAfrican, .whiteAndBlackCaribbean, .otherMixed: .mixed
        case .whiteBritish, .irish, .gypsyOrIrishTraveller, .roma, .otherWhite: .white
        case .arab, .anyOther: .other
        }
    }

    /// The TS021 category name with its broad group: "Asian, Asian British or Asian Welsh: Indian".
    public var censusLabel: String { broadGroup.label + ": " + label }

    public static let question = "What is your ethnic group?"

    /// The answers for a form, with "Prefer not to say" last. Forms show them under their broad
    /// groups' labels.
    public static var formOptions: [SurveyAnswerOption] {
        allCases.map { SurveyAnswerOption(key: $0.key, label: $0.label) } + [EqualityMonitoring.preferNotToSay]
    }
}

/// An ethnic group as recorded: a detailed group; only a broad group, when the source (an older
/// survey, a partner's file) gives no more; or declined. Stored by `key`: a detailed group's
/// key ("asian_indian"), a broad group's ("asian") or "prefer_not_to_say". The two kinds of key
/// can't clash, since every detailed key starts with its broad group's key and an underscore.
public enum RecordedEthnicGroup: Sendable, Hashable, Codable {
    case detailed(EthnicGroup)
    case broadOnly(BroadEthnicGroup)
    case preferNotToSay

    public init?(key: String) {
        if let group = EthnicGroup(rawValue: key) { self = .detailed(group) }
        else if let broad = BroadEthnicGroup(rawValue: key) { self = .broadOnly(broad) }
        else if key == EqualityMonitoring.preferNotToSay.key { self = .preferNotToSay }
        else { return nil }
    }

    public var key: String {
        switch self {
        case .detailed(let group): group.key
        case .broadOnly(let broad): broad.key
        case .preferNotToSay: EqualityMonitoring.preferNotToSay.key
        }
    }

    /// Nil for "Prefer not to say".
    public var broadGroup: BroadEthnicGroup? {
        switch self {
        case .detailed(let group): group.broadGroup
        case .broadOnly(let broad): broad
        case .preferNotToSay: nil
        }
    }

    public var label: String {
        switch self {
        case .detailed(let group): group.label
        case .broadOnly(let broad): broad.label
        case .preferNotToSay: EqualityMonitoring.preferNotToSay.label
        }
    }

    public init(from decoder: any Decoder) throws {
        let key = try decoder.singleValueContainer().decode(String.self)
        guard let value = RecordedEthnicGroup(key: key) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "“\(key)” is not an ethnic group key"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(key)
    }
}

/// Age bands for adults (16 and over), the Community Life Survey's.
public enum AgeBand: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case from16To24 = "16_to_24"
    case from25To34 = "25_to_34"
    case from35To49 = "35_to_49"
    case from50To64 = "50_to_64"
    case from65To74 = "65_to_74"
    case from75 = "75_and_over"

    public var key: String { rawValue }

    public var youngest: Int {
        switch self {
        case .from16To24: 16
        case .from25To34: 25
        case .from35To49: 35
        case .from50To64: 50
        case .from65To74: 65
        case .from75: 75
        }
    }

    /// Nil for the open-ended top band.
    public var oldest: Int? {
        switch self {
        case .from16To24: 24
        case .from25To34: 34
        case .from35To49: 49
        case .from50To64: 64
        case .from65To74: 74
        case .from75: nil
        }
    }

    /// "16 to 24", "75 and over".
    public var label: String { oldest.map { "\(youngest) to \($0)" } ?? "\(youngest) and over" }

    /// 16 to 64. The census age-and-sex table we weight to splits adults only into working age
    /// and older.
    public var isWorkingAge: Bool { (oldest ?? .max) <= 64 }

    /// The band of an age in years; nil under 16.
    public static func containing(age: Int) -> AgeBand? {
        allCases.last { age >= $0.youngest }
    }

    public static func < (a: AgeBand, b: AgeBand) -> Bool { a.youngest < b.youngest }

    public static let question = "What is your age?"

    public static var formOptions: [SurveyAnswerOption] {
        allCases.map { SurveyAnswerOption(key: $0.key, label: $0.label) } + [EqualityMonitoring.preferNotToSay]
    }
}

/// Sex, as the 2021 Census asked it ("What is your sex?": Female or Male).
public enum Sex: String, Sendable, Hashable, Codable, CaseIterable {
    case female, male

    public var key: String { rawValue }

    public var label: String {
        switch self {
        case .female: "Female"
        case .male: "Male"
        }
    }

    /// The census tables' plural: "Females".
    public var censusLabel: String {
        switch self {
        case .female: "Females"
        case .male: "Males"
        }
    }

    public static let question = "What is your sex?"

    public static var formOptions: [SurveyAnswerOption] {
        allCases.map { SurveyAnswerOption(key: $0.key, label: $0.label) } + [EqualityMonitoring.preferNotToSay]
    }
}

/// The census category a respondent falls in, named as the imported census tables name their
/// categories (the category path below the topic), so survey weights can be raked to census
/// margins by matching names. Nil when the respondent preferred not to say or wasn't asked.
public enum WeightingCategory {
    /// "Females: Working age", "Males: Older": the `Age and sex` table's categories.
    ///
    /// That table (`age_gender21_ltla21_walsall.csv`) has only younger, working-age and older
    /// people by sex, without saying where its bands start and end. We take working age as 16
    /// to 64 and older as 65 and over, the usual definitions; its "Younger" columns (under 16)
    /// are outside a survey of adults, so weighting should leave them out of its targets.
    public static func ageSex(ageBand: AgeBand?, sex: Sex?) -> String? {
        guard let ageBand, let sex else { return nil }
        return sex.censusLabel + ": " + (ageBand.isWorkingAge ? "Working age" : "Older")
    }

    /// The broad group's TS021 category name: "Asian, Asian British or Asian Welsh". Detailed
    /// groups are weighted by their broad group, since small areas have too few respondents in
    /// most detailed groups to weight by.
    public static func ethnicGroup(_ group: RecordedEthnicGroup?) -> String? {
        group?.broadGroup?.label
    }
}
