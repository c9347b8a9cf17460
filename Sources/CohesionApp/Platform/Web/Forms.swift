import Vapor

/// Validation errors on a form, in the order the fields appear, for the error summary and the
/// inline messages. Each message says what to do, in GOV.UK style ("Enter an email address").
struct FormErrors: Encodable, Sendable {
    struct Item: Encodable, Sendable { let field: String; let message: String }

    private(set) var items: [Item] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func add(_ field: String, _ message: String) {
        guard self[field] == nil else { return }
        items.append(Item(field: field, message: message))
    }

    subscript(field: String) -> String? { items.first { $0.field == field }?.message }

    /// The problem+json field list for the API.
    var problemFields: [Problem.FieldError] { items.map { .init(field: $0.field, message: $0.message) } }
}

/// One form control as a view model: the `FormFieldGroup` component draws any of them, with
/// its label, hint, inline error and the value the user typed.
struct FormField: Encodable, Sendable {
    enum Kind: String, Encodable, Sendable { case text, email, tel, url, password, textarea, select, checkbox, checkboxes, radios, file }
    struct Option: Encodable, Sendable { let value: String; let label: String; let selected: Bool }

    var name: String
    var label: String
    var kind: Kind = .text
    var value: String = ""
    var hint: String? = nil
    var error: String? = nil
    var options: [Option] = []
    var autocomplete: String? = nil
    var widthClass: String? = nil
    var checked: Bool = false
    var spellcheck: Bool = true
    /// For a file field: the kinds of file offered first in the chooser (`.csv,.geojson`).
    var accept: String? = nil

    /// Fills in the field's error from the form's errors.
    func with(errors: FormErrors) -> FormField {
        var copy = self
        copy.error = errors[name]
        return copy
    }
}

/// The text of a submitted form, every field read as text so that no input, however odd,
/// fails to decode: validation then says exactly what is wrong. Parsed from the raw
/// URL-encoded body because repeated keys (a group of checkboxes) defeat the dictionary decoder.
struct SubmittedForm: Sendable {
    let all: [String: [String]]

    init(_ request: Request) {
        self.init(urlEncoded: request.body.string ?? "")
    }

    /// Fields already read (a multipart form's text fields).
    init(values: [String: [String]]) { all = values.mapValues { $0.map { $0.replacingOccurrences(of: "\0", with: "") } } }

    init(urlEncoded body: String) {
        var all: [String: [String]] = [:]
        for pair in body.split(separator: "&") {
            // NUL is never part of real text and PostgreSQL refuses it, so it is dropped here.
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                (String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "")
                    .replacingOccurrences(of: "\0", with: "")
            }
            guard let key = parts.first, !key.isEmpty else { continue }
            all[key, default: []].append(parts.count > 1 ? parts[1] : "")
        }
        self.all = all
    }

    /// The first value of each field.
    var values: [String: String] { all.compactMapValues(\.first) }

    /// The trimmed first value, or "" when absent.
    subscript(_ key: String) -> String {
        (all[key]?.first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The trimmed value, or nil when blank.
    func optional(_ key: String) -> String? {
        let value = self[key]
        return value.isEmpty ? nil : value
    }

    /// Every value sent under a name (checkboxes), trimmed, blanks dropped.
    func list(_ key: String) -> [String] {
        (all[key] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
