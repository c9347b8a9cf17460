import Foundation

/// The six kinds of community asset in asset-based community development (ABCD). Mapping them is
/// a means to connect and mobilise people, not an end (DOMAIN.md).
public enum AssetCategory: String, Codable, CaseIterable, Sendable, Hashable {
    /// People's skills, gifts and passions: personal data, recorded only with consent, never public.
    case individuals
    /// Citizen-led groups: clubs, faith groups, residents' associations.
    case associations
    /// Schools, libraries, public bodies, charities.
    case institutions
    /// Land, buildings, green space, transport.
    case physicalSpaces = "physical_spaces"
    /// Local businesses and informal trading.
    case economicExchange = "economic_exchange"
    /// Local history, festivals, heritage, arts.
    case storiesAndCulture = "stories_and_culture"

    public var label: String {
        switch self {
        case .individuals: "Individuals"
        case .associations: "Associations and groups"
        case .institutions: "Institutions"
        case .physicalSpaces: "Physical spaces"
        case .economicExchange: "Economic exchange"
        case .storiesAndCulture: "Stories and culture"
        }
    }

    /// A plain-English description for residents and for the category picker's hint.
    public var summary: String {
        switch self {
        case .individuals: "People's skills, gifts and passions they are willing to share"
        case .associations: "Groups run by residents: clubs, faith groups, residents' associations"
        case .institutions: "Schools, libraries, health services, charities and public bodies"
        case .physicalSpaces: "Buildings, halls, parks, gardens and other places to meet"
        case .economicExchange: "Local businesses, markets and informal trading"
        case .storiesAndCulture: "Local history, heritage, festivals, arts and traditions"
        }
    }

    /// Whether assets of this category can ever appear in public (the directory, Open Referral,
    /// the API): individuals never do.
    public var mayBePublic: Bool { self != .individuals }
}

/// Accessibility features a resident may need to know about before they go.
public enum AccessibilityFeature: String, Codable, CaseIterable, Sendable, Hashable {
    case stepFreeAccess = "step_free_access"
    case accessibleToilet = "accessible_toilet"
    case hearingLoop = "hearing_loop"
    case bsl
    case largePrint = "large_print"
    case quietSpace = "quiet_space"
    case parking
    case babyChange = "baby_change"

    public var label: String {
        switch self {
        case .stepFreeAccess: "Step-free access"
        case .accessibleToilet: "Accessible toilet"
        case .hearingLoop: "Hearing loop"
        case .bsl: "British Sign Language (BSL)"
        case .largePrint: "Large print"
        case .quietSpace: "Quiet space"
        case .parking: "Parking"
        case .babyChange: "Baby changing"
        }
    }
}

/// What it costs to use an asset.
public enum AssetCost: String, Codable, CaseIterable, Sendable, Hashable {
    case free
    case donation
    case fee

    public var label: String {
        switch self {
        case .free: "Free"
        case .donation: "Donation welcome"
        case .fee: "There is a charge"
        }
    }
}

/// Where an asset is in its life in the register: only published assets are public.
public enum AssetStatus: String, Codable, CaseIterable, Sendable, Hashable {
    case draft
    case published
    case archived

    public var label: String {
        switch self {
        case .draft: "Draft"
        case .published: "Published"
        case .archived: "Archived"
        }
    }
}
