@testable import CohesionCore
import Foundation
import Testing

/// The standard Community Life Survey questions, what each answer means for its indicator, the
/// loneliness scale, checks on a council's own questions, and the equality categories.
@Suite struct SurveyQuestionBankTests {
    @Test func theStandardQuestionsAreCompleteAndValid() {
        #expect(CommunityLifeSurvey.items.map(\.key) == [
            "get_on_well", "belonging", "trust", "influence", "satisfaction", "chat_neighbours", "volunteer_month",
            "civic_participation", "lonely_direct", "lonely_companionship", "lonely_left_out", "lonely_isolated",
        ])
        for item in CommunityLifeSurvey.items {
            #expect(item.validate() == [], "\(item.key)")
            #expect(item.isStandard)
        }
        let indicators = CommunityLifeSurvey.items.compactMap { item in item.nationalIndicator.map { (item.key, $0) } }
        #expect(indicators.map(\.0) == ["get_on_well", "belonging", "influence", "satisfaction", "volunteer_month"])
        #expect(indicators.map(\.1) == ["NI 1", "NI 2", "NI 4", "NI 5", "NI 6"])
        #expect(CommunityLifeSurvey.item("belonging")?.options.map(\.label) ==
            ["Very strongly", "Fairly strongly", "Not very strongly", "Not at all strongly", "Don't know"])
        #expect(CommunityLifeSurvey.item("nope") == nil)
    }

    @Test func answersCountAreLeftOutOrAreNotAnswered() throws {
        let getOnWell = try #require(CommunityLifeSurvey.item("get_on_well"))
        #expect(getOnWell.outcome(for: "definitely_agree") == .counted)
        #expect(getOnWell.outcome(for: "tend_to_agree") == .counted)
        #expect(getOnWell.outcome(for: "tend_to_disagree") == .notCounted)
        // People who say there are too few people, or that everyone shares one background, or
        // don't know, are not in the base.
        #expect(getOnWell.outcome(for: "too_few_people") == .excluded)
        #expect(getOnWell.outcome(for: "all_same_background") == .excluded)
        #expect(getOnWell.outcome(for: "dont_know") == .excluded)
        #expect(getOnWell.outcome(for: nil) == .notAnswered)
        #expect(getOnWell.outcome(for: " ") == .notAnswered)
        #expect(getOnWell.outcome(for: "Definitely agree") == .unknownAnswer)
        #expect([SurveyOutcome.counted, .notCounted, .excluded, .notAnswered, .unknownAnswer].map(\.isInBase) == [true, true, false, false, false])
        let trust = try #require(CommunityLifeSurvey.item("trust"))
        #expect(trust.outcome(for: "many") == .counted && trust.outcome(for: "some") == .notCounted)
        #expect(CommunityLifeSurvey.item("lonely_direct")?.outcome(for: "often_always") == .counted)
    }

    @Test func theLonelinessScaleAddsThreeAnswersAndCountsEightOrNine() throws {
        #expect(CommunityLifeSurvey.lonelinessScore(companionship: "hardly_ever_or_never", leftOut: "hardly_ever_or_never", isolated: "hardly_ever_or_never") == 3)
        #expect(CommunityLifeSurvey.lonelinessScore(companionship: "often", leftOut: "often", isolated: "often") == 9)
        #expect(CommunityLifeSurvey.lonelinessScore(companionship: "often", leftOut: "some_of_the_time", isolated: nil) == nil)
        #expect(CommunityLifeSurvey.lonelinessScore(companionship: "often", leftOut: "sometimes", isolated: "often") == nil)
        let scale = SurveyMeasure(.derived(.lonelinessScale))
        func answers(_ a: String?, _ b: String?, _ c: String?) -> [String: String] {
            ["lonely_companionship": a, "lonely_left_out": b, "lonely_isolated": c].compactMapValues { $0 }
        }
        #expect(scale.outcome(answers: answers("often", "often", "some_of_the_time")) == .counted)        // 8
        #expect(scale.outcome(answers: answers("often", "some_of_the_time", "some_of_the_time")) == .notCounted)  // 7
        #expect(scale.outcome(answers: answers("often", "often", nil)) == .notAnswered)
        #expect(scale.outcome(answers: answers("often", "often", "")) == .notAnswered)
        #expect(scale.outcome(answers: answers("often", "always", "often")) == .unknownAnswer)
        #expect(scale.key == "lonely_scale" && scale.itemKeys == ["lonely_companionship", "lonely_left_out", "lonely_isolated"])
    }

    @Test func aWaveReportsEachQuestionAndTheMeasuresDerivedFromThem() throws {
        let all = CommunityLifeSurvey.measures(items: CommunityLifeSurvey.items)
        #expect(all.map(\.key) == [
            "get_on_well", "belonging", "trust", "influence", "satisfaction", "chat_neighbours", "volunteer_month", "volunteer_year",
            "civic_participation", "lonely_direct", "lonely_companionship", "lonely_left_out", "lonely_isolated", "lonely_scale",
        ])
        #expect(all.first?.title == "People from different backgrounds get on well together")
        #expect(all.first?.nationalIndicator == "NI 1")
        // The scale needs all three of its questions.
        let two = ["get_on_well", "lonely_companionship", "lonely_isolated"].compactMap(CommunityLifeSurvey.item)
        #expect(CommunityLifeSurvey.measures(items: two).map(\.key) == ["get_on_well", "lonely_companionship", "lonely_isolated"])
        // Volunteering in the last year reads the same question as volunteering monthly.
        let year = try #require(all.first { $0.key == "volunteer_year" })
        let month = try #require(all.first { $0.key == "volunteer_month" })
        #expect(year.outcome(answers: ["volunteer_month": "less_often"]) == .counted)
        #expect(month.outcome(answers: ["volunteer_month": "less_often"]) == .notCounted)
        #expect(year.outcome(answers: ["volunteer_month": "not_in_last_year"]) == .notCounted)
        #expect(year.outcome(answers: ["volunteer_month": "dont_know"]) == .excluded)
        #expect(year.outcome(answers: [:]) == .notAnswered)
        // Every measure reads its answers the same way the app will.
        let response = ["get_on_well": "tend_to_agree", "belonging": "dont_know", "volunteer_month": "at_least_monthly"]
        #expect(all.prefix(2).map { $0.outcome(answers: response) } == [.counted, .excluded])
    }

    @Test func aCouncilsOwnQuestionIsCheckedInPlainEnglish() {
        let bad = SurveyItem(
            key: "Park Safety", question: "  ",
            options: [.init(key: "yes", label: "Yes"), .init(key: "yes", label: "Yes"), .init(key: "Not Sure", label: "")],
            counted: ["yes", "agree"], excluded: ["yes", "unsure"], indicatorTitle: "")
        #expect(bad.validate() == [
            "The key “Park Safety” must be lower case letters, digits and underscores, starting with a letter (like get_on_well).",
            "Write the question.",
            "Write what the indicator measures, like “Feel they belong to their neighbourhood”.",
            "Two answers read “Yes”. Each answer needs its own words.",
            "Two answers have the key “yes”. Each answer needs its own key.",
            "Every answer needs words to show.",
            "The answer key “Not Sure” must be lower case letters, digits and underscores (like tend_to_agree).",
            "“agree” is counted but is not one of the answers.",
            "“unsure” is left out of the base but is not one of the answers.",
            "“yes” can't both count and be left out of the base.",
        ])
        #expect(SurveyItem(key: "park", question: "Do you use the park?", options: [], counted: [], indicatorTitle: "Use the park").validate() == [
            "Give at least two answers to choose from.",
            "Choose at least one answer that counts toward the indicator.",
        ])
        let allCount = SurveyItem(key: "park", question: "Do you use the park?", options: [.init(key: "yes", label: "Yes"), .init(key: "dont_know", label: "Don't know")],
                                  counted: ["yes"], excluded: ["dont_know"], indicatorTitle: "Use the park")
        #expect(allCount.validate() == ["At least one answer in the base must not count, or the indicator would always be 100%."])
        var stolen = CommunityLifeSurvey.item("trust")!
        stolen.isStandard = false
        #expect(stolen.validate() == ["The key “trust” belongs to a standard Community Life Survey question. Choose another key."])
        let good = SurveyItem(key: "park_safety_2", question: "How safe do you feel in your local park?",
                              options: ["Very safe", "Fairly safe", "Not very safe", "Not at all safe", "Don’t know"].map {
                                  SurveyAnswerOption(key: SurveyAnswerOption.key(fromLabel: $0), label: $0) },
                              counted: ["very_safe", "fairly_safe"], excluded: ["dont_know"], indicatorTitle: "Feel safe in their local park")
        #expect(good.validate() == [])
        #expect(good.options.map(\.key) == ["very_safe", "fairly_safe", "not_very_safe", "not_at_all_safe", "dont_know"])
    }
}

/// The 2021 Census categories used for equality monitoring and for weighting to census margins.
@Suite struct EqualityCategoryTests {
    @Test func ethnicGroupsAreTheCensusNineteenInFiveBroadGroups() {
        #expect(EthnicGroup.allCases.count == 19)
        #expect(BroadEthnicGroup.allCases.map { $0.groups.count } == [5, 3, 4, 5, 2])
        #expect(BroadEthnicGroup.allCases.map(\.label) == [
            "Asian, Asian British or Asian Welsh", "Black, Black British, Black Welsh, Caribbean or African",
            "Mixed or Multiple ethnic groups", "White", "Other ethnic group",
        ])
        #expect(EthnicGroup.otherMixed.censusLabel == "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups")
        #expect(EthnicGroup.whiteBritish.censusLabel == "White: English, Welsh, Scottish, Northern Irish or British")
        #expect(EthnicGroup.allCases.allSatisfy { $0.key.hasPrefix($0.broadGroup.key + "_") })
        #expect(EthnicGroup.formOptions.last == EqualityMonitoring.preferNotToSay)
    }

    @Test func aRecordedEthnicGroupIsDetailedBroadOnlyOrDeclined() throws {
        #expect(RecordedEthnicGroup(key: "asian_indian") == .detailed(.indian))
        #expect(RecordedEthnicGroup(key: "asian") == .broadOnly(.asian))
        #expect(RecordedEthnicGroup(key: "prefer_not_to_say") == .preferNotToSay)
        #expect(RecordedEthnicGroup(key: "indian") == nil)
        #expect(RecordedEthnicGroup.preferNotToSay.broadGroup == nil)
        let keys = EthnicGroup.allCases.map(\.key) + BroadEthnicGroup.allCases.map(\.key)
        #expect(Set(keys).count == keys.count)
        let encoded = try JSONEncoder().encode([RecordedEthnicGroup.detailed(.roma), .broadOnly(.black)])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["white_roma","black"]"#)
        #expect(try JSONDecoder().decode([RecordedEthnicGroup].self, from: encoded) == [.detailed(.roma), .broadOnly(.black)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([RecordedEthnicGroup].self, from: Data(#"["martian"]"#.utf8)) }
    }

    @Test func ageBandsSplitIntoWorkingAgeAndOlder() {
        #expect(AgeBand.allCases.map(\.label) == ["16 to 24", "25 to 34", "35 to 49", "50 to 64", "65 to 74", "75 and over"])
        #expect(AgeBand.allCases.map(\.isWorkingAge) == [true, true, true, true, false, false])
        #expect([15, 16, 24, 25, 64, 65, 75, 103].map(AgeBand.containing) == [nil, .from16To24, .from16To24, .from25To34, .from50To64, .from65To74, .from75, .from75])
        #expect(AgeBand(rawValue: "prefer_not_to_say") == nil)
        #expect(Sex.allCases.map(\.label) == ["Female", "Male"])
    }

    /// The names must be the ones the census importer gives the categories, or weighting
    /// would find no margin to match.
    @Test func weightingCategoriesAreTheCensusTablesCategoryNames() throws {
        #expect(WeightingCategory.ageSex(ageBand: .from16To24, sex: .female) == "Females: Working age")
        #expect(WeightingCategory.ageSex(ageBand: .from75, sex: .male) == "Males: Older")
        #expect(WeightingCategory.ageSex(ageBand: nil, sex: .male) == nil)
        #expect(WeightingCategory.ethnicGroup(RecordedEthnicGroup(key: "mixed_other")) == "Mixed or Multiple ethnic groups")
        #expect(WeightingCategory.ethnicGroup(.preferNotToSay) == nil)

        let ageSex = try ONSCensusTable.parse(csv: """
            date,geography,geography code,Age and sex: Total: All usual residents,Age and sex: Females,Age and sex: Females: Younger,Age and sex: Females: Working age,Age and sex: Females: Older,Age and sex: Males,Age and sex: Males: Younger,Age and sex: Males: Working age,Age and sex: Males: Older
            2021,Walsall,E08000030,284122,145464,31583,88718,13048,138658,32778,84921,12358
            """)
        let ageSexNames = Set(ageSex.categories.map { $0.path.joined(separator: ": ") })
        for band in AgeBand.allCases { for sex in Sex.allCases { #expect(ageSexNames.contains(WeightingCategory.ageSex(ageBand: band, sex: sex)!)) } }

        let ethnicity = try ONSCensusTable.parse(csv: FixtureFiles.text("census2021-walsall/census2021-ts021-lsoa-walsall-broad.csv"))
        let ethnicityNames = Set(ethnicity.categories.map(\.name))
        for group in EthnicGroup.allCases { #expect(ethnicityNames.contains(WeightingCategory.ethnicGroup(.detailed(group))!)) }
    }
}
