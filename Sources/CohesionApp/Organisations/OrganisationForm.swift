import CohesionCore
import Vapor

/// The organisation form: reading what was typed, checking it, and applying it to a record.
struct OrganisationForm: Sendable {
    /// The form's fields, by the names they are sent with.
    enum Field: String, CaseIterable, Sendable {
        case name, type, charityNumber = "charity_number", companyNumber = "company_number", locality
        case contactName = "contact_name", contactEmail = "contact_email", contactPhone = "contact_phone", website, postcode
        case partnershipMember = "partnership_member", notes

        static let contactDetails: Set<Field> = [.contactName, .contactEmail, .contactPhone, .website, .postcode]
    }

    var name = ""
    var type = ""
    var charityNumber = ""
    var companyNumber = ""
    var locality = ""
    var contactName = ""
    var contactEmail = ""
    var contactPhone = ""
    var website = ""
    var postcode = ""
    var partnershipMember = false
    var notes = ""

    init() {}

    init(_ form: SubmittedForm) {
        name = form["name"]
        type = form["type"]
        charityNumber = form["charity_number"]
        companyNumber = form["company_number"]
        locality = form["locality"]
        contactName = form["contact_name"]
        contactEmail = form["contact_email"]
        contactPhone = form["contact_phone"]
        website = form["website"]
        postcode = form["postcode"]
        partnershipMember = ["yes", "on", "true"].contains(form["partnership_member"])
        notes = form["notes"]
    }

    init(_ organisation: Organisation, localityCode: String?) {
        name = organisation.name
        type = organisation.type.rawValue
        charityNumber = organisation.charityNumber ?? ""
        companyNumber = organisation.companyNumber ?? ""
        locality = localityCode ?? ""
        contactName = organisation.contactName ?? ""
        contactEmail = organisation.contactEmail ?? ""
        contactPhone = organisation.contactPhone ?? ""
        website = organisation.website ?? ""
        postcode = organisation.postcode ?? ""
        partnershipMember = organisation.partnershipMember
        notes = organisation.notes ?? ""
    }

    /// The value of one field as the form sends it.
    subscript(field: Field) -> String {
        switch field {
        case .name: name
        case .type: type
        case .charityNumber: charityNumber
        case .companyNumber: companyNumber
        case .locality: locality
        case .contactName: contactName
        case .contactEmail: contactEmail
        case .contactPhone: contactPhone
        case .website: website
        case .postcode: postcode
        case .partnershipMember: partnershipMember ? "yes" : ""
        case .notes: notes
        }
    }

    /// This form with every field outside `editable` put back as it was in `original`: fields a
    /// person may not change are not on their form, so a missing value means "unchanged".
    func keeping(_ original: OrganisationForm, except editable: Set<Field>) -> OrganisationForm {
        var form = original
        form.name = editable.contains(.name) ? name : original.name
        form.type = editable.contains(.type) ? type : original.type
        form.charityNumber = editable.contains(.charityNumber) ? charityNumber : original.charityNumber
        form.companyNumber = editable.contains(.companyNumber) ? companyNumber : original.companyNumber
        form.locality = editable.contains(.locality) ? locality : original.locality
        form.contactName = editable.contains(.contactName) ? contactName : original.contactName
        form.contactEmail = editable.contains(.contactEmail) ? contactEmail : original.contactEmail
        form.contactPhone = editable.contains(.contactPhone) ? contactPhone : original.contactPhone
        form.website = editable.contains(.website) ? website : original.website
        form.postcode = editable.contains(.postcode) ? postcode : original.postcode
        form.partnershipMember = editable.contains(.partnershipMember) ? partnershipMember : original.partnershipMember
        form.notes = editable.contains(.notes) ? notes : original.notes
        return form
    }

    /// The fields outside `editable` that a submission tries to change: a hand-made request,
    /// since the form doesn't show them. Refused as a whole rather than partly applied.
    static func lockedChanges(in submitted: SubmittedForm, original: OrganisationForm, editable: Set<Field>) -> [Field] {
        Field.allCases.filter { field in
            guard !editable.contains(field), submitted.all[field.rawValue] != nil else { return false }
            let value = submitted[field.rawValue]
            if field == .partnershipMember { return ["yes", "on", "true"].contains(value) != original.partnershipMember }
            return value != original[field]
        }
    }

    /// Checks the form and, when it is right, writes it to `organisation`. `localities` maps
    /// locality codes to their ids; an unknown code is an error, not silently dropped.
    func validate(into organisation: Organisation, localities: [String: UUID]) -> FormErrors {
        var errors = FormErrors()
        if name.isEmpty { errors.add("name", "Enter the organisation's name") }
        else if name.count > 200 { errors.add("name", "Name must be 200 characters or fewer") }
        let orgType = OrganisationType(rawValue: type)
        if orgType == nil { errors.add("type", "Select the type of organisation") }
        let charity = charityNumber.isEmpty ? nil : CharityNumber.parse(charityNumber)
        if !charityNumber.isEmpty, charity == nil {
            errors.add("charity_number", "Enter a charity number in the correct format, like 1012345, SC012345 or NIC100001")
        }
        if orgType == .charity, charityNumber.isEmpty {
            errors.add("charity_number", "Enter the charity number of a registered charity")
        }
        let company = companyNumber.isEmpty ? nil : CompanyNumber.parse(companyNumber)
        if !companyNumber.isEmpty, company == nil {
            errors.add("company_number", "Enter a company number in the correct format: 8 characters, like 01234567 or SC123456")
        }
        if orgType == .cic, companyNumber.isEmpty {
            errors.add("company_number", "Enter the company number of the community interest company")
        }
        let localityID = locality.isEmpty ? nil : localities[locality]
        if !locality.isEmpty, localityID == nil { errors.add("locality", "Select a locality from the list") }
        if contactName.count > 200 { errors.add("contact_name", "Contact name must be 200 characters or fewer") }
        if !contactEmail.isEmpty, !ContactDetails.isPlausibleEmail(contactEmail) {
            errors.add("contact_email", "Enter an email address in the correct format, like name@example.org")
        }
        if !contactPhone.isEmpty, !ContactDetails.isPlausiblePhone(contactPhone) {
            errors.add("contact_phone", "Enter a UK phone number, like 01922 650000 or 07700 900982")
        }
        if !website.isEmpty, !ContactDetails.isPlausibleWebsite(website) {
            errors.add("website", "Enter a web address starting with https://, like https://example.org")
        }
        let normalisedPostcode = postcode.isEmpty ? nil : Postcode.normalise(postcode)
        if !postcode.isEmpty, normalisedPostcode == nil { errors.add("postcode", "Enter a real postcode, like WS1 1TP") }
        if notes.count > 5000 { errors.add("notes", "Notes must be 5,000 characters or fewer") }
        guard errors.isEmpty, let orgType else { return errors }

        organisation.name = name
        organisation.type = orgType
        organisation.charityNumber = charity?.number
        organisation.companyNumber = company
        organisation.$locality.id = localityID
        organisation.contactName = contactName.isEmpty ? nil : contactName
        organisation.contactEmail = contactEmail.isEmpty ? nil : ContactDetails.normalisedEmail(contactEmail)
        organisation.contactPhone = contactPhone.isEmpty ? nil : contactPhone
        organisation.website = website.isEmpty ? nil : website
        organisation.postcode = normalisedPostcode
        organisation.partnershipMember = partnershipMember
        organisation.notes = notes.isEmpty ? nil : notes
        return errors
    }

    /// The form's controls that `editable` allows, with what was typed and any errors.
    func fields(localities: [(code: String, name: String)], errors: FormErrors, editable: Set<Field> = Set(Field.allCases)) -> [FormField] {
        let typeOptions = [FormField.Option(value: "", label: "Select a type", selected: type.isEmpty)]
            + OrganisationType.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == type) }
        let localityOptions = [FormField.Option(value: "", label: "Not in one locality", selected: locality.isEmpty)]
            + localities.map { .init(value: $0.code, label: $0.name, selected: $0.code == locality) }
        return [
            FormField(name: "name", label: "Organisation name", value: name, autocomplete: "organization"),
            FormField(name: "type", label: "Type of organisation", kind: .select, value: type, options: typeOptions),
            FormField(name: "charity_number", label: "Charity number (optional)", value: charityNumber,
                      hint: "For example 1012345 (England and Wales), SC012345 (Scotland) or NIC100001 (Northern Ireland)",
                      widthClass: "govuk-input--width-10", spellcheck: false),
            FormField(name: "company_number", label: "Company number (optional)", value: companyNumber,
                      hint: "8 characters from Companies House, for example 01234567 or SC123456",
                      widthClass: "govuk-input--width-10", spellcheck: false),
            FormField(name: "locality", label: "Locality (optional)", kind: .select, value: locality, options: localityOptions),
            FormField(name: "contact_name", label: "Contact name (optional)", value: contactName, autocomplete: "name", spellcheck: false),
            FormField(name: "contact_email", label: "Contact email (optional)", kind: .email, value: contactEmail, autocomplete: "email", spellcheck: false),
            FormField(name: "contact_phone", label: "Contact phone (optional)", kind: .tel, value: contactPhone, autocomplete: "tel",
                      widthClass: "govuk-input--width-20"),
            FormField(name: "website", label: "Website (optional)", kind: .url, value: website, autocomplete: "url", spellcheck: false),
            FormField(name: "postcode", label: "Postcode (optional)", value: postcode, autocomplete: "postal-code",
                      widthClass: "govuk-input--width-10", spellcheck: false),
            FormField(name: "partnership_member", label: "This organisation is a member of the cohesion partnership",
                      kind: .checkbox, value: "yes", checked: partnershipMember),
            FormField(name: "notes", label: "Notes (optional)", kind: .textarea, value: notes,
                      hint: "Do not record anything about individuals here"),
        ].filter { Field(rawValue: $0.name).map(editable.contains) ?? true }.map { $0.with(errors: errors) }
    }
}
