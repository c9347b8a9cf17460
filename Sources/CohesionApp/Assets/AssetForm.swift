import CohesionCore
import Fluent
import Vapor

/// The asset form: what was typed (kept as text so a mistake is shown back as it was), its
/// checks, and writing it to an `Asset`. The same limits apply to the CSV import (`AssetCSV`).
struct AssetForm: Sendable {
    var name = ""
    var description = ""
    var category = ""
    var taxonomyTerm = ""
    var organisation = ""
    var address = ""
    var postcode = ""
    var latitude = ""
    var longitude = ""
    var ward = ""
    var contactName = ""
    var contactEmail = ""
    var contactPhone = ""
    var website = ""
    var openingTimes = ""
    var accessibility: [String] = []
    var languages = ""
    var communitiesServed = ""
    var cost = ""
    var costDetails = ""
    var capacity = ""
    var minimumAge = ""
    var maximumAge = ""
    var spaceForAll = false
    var status = AssetStatus.draft.rawValue
    var lastVerified = ""
    var nextReview = ""
    var consentRecordedOn = ""
    var consentNote = ""
    /// A new asset's form carries a one-off id, so a double click (or a resent form) adds it once.
    var submission = ""

    static let nameLimit = 200, descriptionLimit = 5000, textLimit = 500, languageLimit = 50, languageCount = 20
    static let capacityRange = 0...100_000

    init() {}

    init(_ form: SubmittedForm) {
        name = form["name"]
        description = form["description"]
        category = form["category"]
        taxonomyTerm = form["taxonomy_term"]
        organisation = form["organisation"]
        address = form["address"]
        postcode = form["postcode"]
        latitude = form["latitude"]
        longitude = form["longitude"]
        ward = form["ward"]
        contactName = form["contact_name"]
        contactEmail = form["contact_email"]
        contactPhone = form["contact_phone"]
        website = form["website"]
        openingTimes = form["opening_times"]
        accessibility = form.list("accessibility")
        languages = form["languages"]
        communitiesServed = form["communities_served"]
        cost = form["cost"]
        costDetails = form["cost_details"]
        capacity = form["capacity"]
        minimumAge = form["minimum_age"]
        maximumAge = form["maximum_age"]
        spaceForAll = ["yes", "on", "true"].contains(form["space_for_all"])
        status = form["status"]
        lastVerified = form["last_verified"]
        nextReview = form["next_review"]
        consentRecordedOn = form["consent_recorded_on"]
        consentNote = form["consent_note"]
        submission = form["submission"]
    }

    init(_ asset: Asset, termCode: String?) {
        name = asset.name
        description = asset.description
        category = asset.category.rawValue
        taxonomyTerm = termCode ?? ""
        organisation = asset.$organisation.id?.uuidString ?? ""
        address = asset.address ?? ""
        postcode = asset.postcode ?? ""
        // A point typed or found from the postcode is shown; a postcode's point is found again.
        if asset.locationSource == "point" {
            latitude = asset.latitude.map { String(format: "%.6f", $0) } ?? ""
            longitude = asset.longitude.map { String(format: "%.6f", $0) } ?? ""
        }
        ward = asset.wardCode ?? ""
        contactName = asset.contactName ?? ""
        contactEmail = asset.contactEmail ?? ""
        contactPhone = asset.contactPhone ?? ""
        website = asset.website ?? ""
        openingTimes = asset.openingTimes.text
        accessibility = asset.accessibility.map(\.rawValue)
        languages = asset.languages.joined(separator: ", ")
        communitiesServed = asset.communitiesServed ?? ""
        cost = asset.cost?.rawValue ?? ""
        costDetails = asset.costDetails ?? ""
        capacity = asset.capacity.map(String.init) ?? ""
        minimumAge = asset.minimumAge.map(String.init) ?? ""
        maximumAge = asset.maximumAge.map(String.init) ?? ""
        spaceForAll = asset.spaceForAll
        status = asset.status.rawValue
        lastVerified = asset.lastVerified ?? ""
        nextReview = asset.nextReview ?? ""
        consentRecordedOn = asset.consentRecordedOn ?? ""
        consentNote = asset.consentNote ?? ""
    }

    var locationInput: AssetLocation.Input { .init(postcode: postcode, latitude: latitude, longitude: longitude, ward: ward) }

    /// What the checks need to know beyond the form: the choices offered.
    struct Choices: Sendable {
        var terms: [AssetTaxonomyTerm]
        var organisations: [(id: UUID, name: String)]
        var wards: [(code: String, name: String)]
        var categories: [AssetCategory]
    }

    /// Checks everything that doesn't need the database and writes it to `asset`; the location
    /// is resolved separately (`AssetLocation`). Returns the errors, in the form's order.
    func validate(into asset: Asset, choices: Choices, location: AssetLocation, today: CalendarDate, errors: inout FormErrors) {
        for text in texts where Self.hasHiddenCharacter(text.value, multiline: text.multiline) {
            errors.add(text.field, "Remove the hidden character (a control or text-direction character) from this field: type it again rather than pasting it")
        }
        if name.isEmpty { errors.add("name", "Enter the asset's name") }
        else if name.count > Self.nameLimit { errors.add("name", "Name must be \(Self.nameLimit) characters or fewer") }
        if description.count > Self.descriptionLimit {
            errors.add("description", "Description must be \(DisplayFormat.count(Self.descriptionLimit)) characters or fewer")
        }
        let category = AssetCategory(rawValue: category).flatMap { choices.categories.contains($0) ? $0 : nil }
        if category == nil { errors.add("category", "Select the kind of asset") }
        let term = taxonomyTerm.isEmpty ? nil : choices.terms.first { $0.code == taxonomyTerm }
        if !taxonomyTerm.isEmpty, term == nil { errors.add("taxonomy_term", "Select a type from the list") }
        if let term, let category, term.category != category {
            errors.add("taxonomy_term", "\(term.name) is a type of \(term.category.label.lowercased()), not of \(category.label.lowercased())")
        }
        let organisationID = organisation.isEmpty ? nil : UUID(uuidString: organisation).flatMap { id in choices.organisations.first { $0.id == id }?.id }
        if !organisation.isEmpty, organisationID == nil { errors.add("organisation", "Select an organisation from the list") }
        checkLength(address, "address", "Address", &errors)
        checkLength(contactName, "contact_name", "Contact name", &errors)
        if !contactEmail.isEmpty, !ContactDetails.isPlausibleEmail(contactEmail) || contactEmail.count > Self.textLimit {
            errors.add("contact_email", "Enter an email address in the correct format, like name@example.org")
        }
        if !contactPhone.isEmpty, !ContactDetails.isPlausiblePhone(contactPhone) {
            errors.add("contact_phone", "Enter a UK phone number, like 01922 650000 or 07700 900982")
        }
        if !website.isEmpty, !ContactDetails.isPlausibleWebsite(website) || website.count > Self.textLimit {
            errors.add("website", "Enter a web address starting with https://, like https://example.org")
        }
        var times = OpeningTimes()
        switch OpeningTimes.parse(openingTimes) {
        case .success(let parsed): times = parsed
        case .failure(let error): errors.add("opening_times", "Opening times: \(error.description)")
        }
        let features = accessibility.compactMap(AccessibilityFeature.init(rawValue:))
        if features.count != accessibility.count { errors.add("accessibility", "Select accessibility features from the list") }
        let languageList = Self.languageList(languages)
        if languageList.count > Self.languageCount { errors.add("languages", "List at most \(Self.languageCount) languages") }
        else if languageList.contains(where: { $0.count > Self.languageLimit }) {
            errors.add("languages", "Each language must be \(Self.languageLimit) characters or fewer; separate them with commas")
        }
        checkLength(communitiesServed, "communities_served", "Communities served", &errors)
        let costValue = cost.isEmpty ? nil : AssetCost(rawValue: cost)
        if !cost.isEmpty, costValue == nil { errors.add("cost", "Select what it costs") }
        checkLength(costDetails, "cost_details", "Cost details", &errors)
        let capacityValue = capacity.isEmpty ? nil : Int(capacity.replacingOccurrences(of: ",", with: ""))
        if !capacity.isEmpty, capacityValue.map(Self.capacityRange.contains) != true {
            errors.add("capacity", "Enter the capacity as a whole number of people, like 60")
        }
        let ages = Self.ageRange(minimumAge, maximumAge, &errors)
        let statusValue = AssetStatus(rawValue: status)
        if statusValue == nil { errors.add("status", "Select draft, published or archived") }
        if category == .individuals, statusValue == .published {
            errors.add("status", "A person's skills are never published: choose draft or archived")
        }
        let verified = Self.date(lastVerified, "last_verified", "date it was last checked", &errors)
        if let verified, verified > today { errors.add("last_verified", "The date it was last checked can't be in the future") }
        let review = Self.date(nextReview, "next_review", "next review date", &errors)
        if let verified, let review, review < verified { errors.add("next_review", "The next review date must be after the date it was last checked") }
        let consent = Self.date(consentRecordedOn, "consent_recorded_on", "date they gave consent", &errors)
        if category == .individuals {
            if consent == nil, errors["consent_recorded_on"] == nil {
                errors.add("consent_recorded_on", "Enter the date the person agreed to their skills being recorded: without their consent, don't record them")
            }
            if consentNote.isEmpty { errors.add("consent_note", "Say how they gave consent, like “signed form at the community day”") }
        }
        checkLength(consentNote, "consent_note", "How they gave consent", &errors)
        guard errors.isEmpty, let category, let statusValue else { return }

        asset.name = name
        asset.description = description
        asset.category = category
        asset.$taxonomyTerm.id = term?.id
        asset.$organisation.id = organisationID
        asset.address = address.isEmpty ? nil : address
        asset.postcode = Postcode.normalise(postcode)
        asset.latitude = location.latitude
        asset.longitude = location.longitude
        asset.wardCode = location.wardCode
        asset.lsoaCode = location.lsoaCode
        asset.$locality.id = location.localityID
        asset.locationSource = location.source
        asset.contactName = contactName.isEmpty ? nil : contactName
        asset.contactEmail = contactEmail.isEmpty ? nil : ContactDetails.normalisedEmail(contactEmail)
        asset.contactPhone = contactPhone.isEmpty ? nil : contactPhone
        asset.website = website.isEmpty ? nil : website
        asset.openingTimes = times
        asset.accessibility = AccessibilityFeature.allCases.filter(features.contains)
        asset.languages = languageList
        asset.communitiesServed = communitiesServed.isEmpty ? nil : communitiesServed
        asset.cost = costValue
        asset.costDetails = costDetails.isEmpty ? nil : costDetails
        asset.capacity = capacityValue
        asset.minimumAge = ages.minimum
        asset.maximumAge = ages.maximum
        asset.spaceForAll = spaceForAll
        asset.status = statusValue
        asset.lastVerified = verified?.iso
        asset.nextReview = review?.iso
        asset.consentRecordedOn = category == .individuals ? consent?.iso : nil
        asset.consentNote = category == .individuals && !consentNote.isEmpty ? consentNote : nil
        asset.refreshSearchText(termName: term?.name)
    }

    /// A character no one types: a control character (tabs and line breaks allowed only in
    /// boxes of several lines) or a direction override, which can make text read differently
    /// from how it is stored. The register's form and residents' suggestions both refuse them.
    static func hasHiddenCharacter(_ text: String, multiline: Bool) -> Bool {
        text.unicodeScalars.contains { scalar in
            if (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value) { return true }
            guard scalar.properties.generalCategory == .control else { return false }
            return !(multiline && ["\n", "\r", "\t"].contains(scalar))
        }
    }

    /// Every text the form sends, by field name, and whether it is a box of several lines.
    private var texts: [(field: String, value: String, multiline: Bool)] {
        [("name", name, false), ("description", description, true), ("address", address, false), ("postcode", postcode, false),
         ("contact_name", contactName, false), ("contact_email", contactEmail, false), ("contact_phone", contactPhone, false),
         ("website", website, false), ("opening_times", openingTimes, true), ("languages", languages, false),
         ("communities_served", communitiesServed, false), ("cost_details", costDetails, false), ("consent_note", consentNote, false)]
    }

    private func checkLength(_ value: String, _ field: String, _ label: String, _ errors: inout FormErrors) {
        if value.count > Self.textLimit { errors.add(field, "\(label) must be \(Self.textLimit) characters or fewer") }
    }

    static let ages = 0...120

    /// Optional ages from and to, whole years, the first no more than the second.
    static func ageRange(_ from: String, _ to: String, _ errors: inout FormErrors) -> (minimum: Int?, maximum: Int?) {
        func age(_ text: String, _ field: String) -> Int? {
            guard !text.isEmpty else { return nil }
            guard let value = Int(text), ages.contains(value) else {
                errors.add(field, "Enter an age in whole years from 0 to 120, or leave it blank")
                return nil
            }
            return value
        }
        let minimum = age(from, "minimum_age"), maximum = age(to, "maximum_age")
        if let minimum, let maximum, minimum > maximum { errors.add("maximum_age", "The oldest age must be the same as or more than the youngest") }
        return (minimum, maximum)
    }

    /// Languages typed as a list: commas, semicolons or new lines between them, each with a
    /// capital first letter ("urdu" → "Urdu", "BSL" stays), so one language has one spelling.
    static func languageList(_ text: String) -> [String] {
        var seen = Set<String>()
        return text.split(whereSeparator: { ",;\n".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }

    /// A date typed as 2026-12-02 or 2/12/2026; blank is nil without an error.
    static func date(_ text: String, _ field: String, _ label: String, _ errors: inout FormErrors) -> CalendarDate? {
        guard !text.isEmpty else { return nil }
        if let date = CalendarDate(typed: text) { return date }
        errors.add(field, "Enter the \(label) as a real date, like 2/12/2026")
        return nil
    }

    /// The form's controls with what was typed and any errors.
    func fields(choices: Choices, errors: FormErrors, lockOrganisation: Bool) -> [FormField] {
        func option(_ value: String, _ label: String, _ current: String) -> FormField.Option { .init(value: value, label: label, selected: value == current) }
        let categoryOptions = choices.categories.map { option($0.rawValue, $0.label, category) }
        let termOptions = [option("", "No finer type", taxonomyTerm)]
            + choices.categories.flatMap { c in choices.terms.filter { $0.category == c }.map { option($0.code, "\(c.label): \($0.name)", taxonomyTerm) } }
        let organisationOptions = (lockOrganisation ? [] : [option("", "Not run by an organisation in Cohesion", organisation)])
            + choices.organisations.map { option($0.id.uuidString, $0.name, organisation) }
        let wardOptions = [option("", "Find it from the postcode or point", ward)] + choices.wards.map { option($0.code, $0.name, ward) }
        var fields: [FormField] = [
            FormField(name: "name", label: "Name", value: name, hint: "For an individual, the person's name"),
            FormField(name: "category", label: "Kind of asset", kind: .radios, value: category, options: categoryOptions),
            FormField(name: "taxonomy_term", label: "Type (optional)", kind: .select, value: taxonomyTerm, options: termOptions),
            FormField(name: "description", label: "Description (optional)", kind: .textarea, value: description,
                      hint: "What it is and what happens there, in plain English. For an individual, the skills they are happy to share"),
            FormField(name: "organisation", label: lockOrganisation ? "Run by" : "Run by (optional)", kind: .select, value: organisation, options: organisationOptions),
            FormField(name: "address", label: "Address (optional)", value: address),
            FormField(name: "postcode", label: "Postcode (optional)", value: postcode, hint: "Its ward is found from the postcode",
                      widthClass: "govuk-input--width-10", spellcheck: false),
            FormField(name: "latitude", label: "Latitude (optional)", value: latitude,
                      hint: "Only if the postcode doesn't find it: a point from a map, in decimal degrees, like 52.5859",
                      widthClass: "govuk-input--width-10", spellcheck: false),
            FormField(name: "longitude", label: "Longitude (optional)", value: longitude, hint: "Like -1.9740",
                      widthClass: "govuk-input--width-10", spellcheck: false),
            FormField(name: "ward", label: "Ward (if neither finds it)", kind: .select, value: ward, options: wardOptions),
            FormField(name: "contact_name", label: "Contact name (optional)", value: contactName, spellcheck: false),
            FormField(name: "contact_email", label: "Contact email (optional)", kind: .email, value: contactEmail, spellcheck: false),
            FormField(name: "contact_phone", label: "Contact phone (optional)", kind: .tel, value: contactPhone, widthClass: "govuk-input--width-20"),
            FormField(name: "website", label: "Website (optional)", kind: .url, value: website, spellcheck: false),
            FormField(name: "opening_times", label: "Opening times (optional)", kind: .textarea, value: openingTimes,
                      hint: "One day or range of days per line, in 24-hour times, like “Mon-Fri 09:00-17:00”, “Sat 10:00-12:00, 14:00-16:00”, “closed bank holidays”, “2026-12-24 10:00-13:00” or “2026-12-25 closed”"),
            FormField(name: "accessibility", label: "Accessibility", kind: .checkboxes, value: "",
                      hint: "Select all that are there", options: AccessibilityFeature.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: accessibility.contains($0.rawValue)) }),
            FormField(name: "languages", label: "Languages spoken (optional)", value: languages, hint: "Separate them with commas, like English, Urdu, Polish"),
            FormField(name: "communities_served", label: "Communities served (optional)", value: communitiesServed,
                      hint: "Who it is for, like “women”, “young people aged 11 to 18” or “everyone”"),
            FormField(name: "cost", label: "Cost", kind: .radios, value: cost,
                      options: [option("", "Not known", cost)] + AssetCost.allCases.map { option($0.rawValue, $0.label, cost) }),
            FormField(name: "cost_details", label: "Cost details (optional)", value: costDetails, hint: "Like “£2 a session, free for under-16s”"),
            FormField(name: "capacity", label: "Capacity (optional)", value: capacity, hint: "How many people it holds",
                      widthClass: "govuk-input--width-5", spellcheck: false),
            FormField(name: "minimum_age", label: "Youngest age (optional)", value: minimumAge, hint: "Only if it is for some ages, in whole years",
                      widthClass: "govuk-input--width-3", spellcheck: false),
            FormField(name: "maximum_age", label: "Oldest age (optional)", value: maximumAge, widthClass: "govuk-input--width-3", spellcheck: false),
            FormField(name: "space_for_all", label: "This is a Space for All: a warm, welcoming space anyone can use", kind: .checkbox, value: "yes", checked: spaceForAll),
            FormField(name: "status", label: "Status", kind: .radios, value: status,
                      hint: "Only published assets appear in the public directory; a person's skills never do",
                      options: AssetStatus.allCases.map { option($0.rawValue, $0.label, status) }),
            FormField(name: "last_verified", label: "Last checked (optional)", value: lastVerified, hint: "For example, 2/12/2026",
                      widthClass: "govuk-input--width-10", spellcheck: false),
            FormField(name: "next_review", label: "Next review (optional)", value: nextReview, hint: "For example, 2/12/2027",
                      widthClass: "govuk-input--width-10", spellcheck: false),
        ]
        if choices.categories.contains(.individuals) {
            fields += [
                FormField(name: "consent_recorded_on", label: "For an individual: date they agreed to their skills being recorded", value: consentRecordedOn,
                          hint: "Required for an individual. For example, 2/12/2026", widthClass: "govuk-input--width-10", spellcheck: false),
                FormField(name: "consent_note", label: "For an individual: how they gave consent", value: consentNote,
                          hint: "Like “signed consent form at the community day”"),
            ]
        }
        return fields.map { $0.with(errors: errors) }
    }
}
