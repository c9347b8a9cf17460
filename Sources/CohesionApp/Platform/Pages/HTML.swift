import CohesionCore

/// A fragment of HTML, written in Swift so that a misspelt element, attribute or view-model
/// property is a compile error, and escaped as it is built so that no page can forget to.
///
/// Why not Plot (on the machine's list, and what the Swift Package Index uses): Plot 0.14 writes
/// attribute values unescaped (`Attribute.render()` is `name="value"`), so a form that echoes
/// `" autofocus onfocus="…` back into `value=` runs it; it passes text that looks like an entity
/// (`&amp;`) through as markup; and it copies each element's body into its parent's buffer.
/// `docs/decisions.md` §14 has the measurements. This builder is small on purpose: elements,
/// attributes, text, and one door for trusted markup (our own SVG charts).
///
/// Write fragments with element types (one per HTML element, capitalised so that no local name
/// hides them) inside `@HTMLBuilder` blocks, much as SwiftUI views are written:
///
///     Div(.class("govuk-form-group")) {
///         Label(.class("govuk-label"), .for(field.name)) { Text(field.label) }
///         if let hint = field.hint { Div(.class("govuk-hint")) { Text(hint) } }
///     }
///
/// A string literal is text (`"Sign in"`); interpolated values are escaped too
/// (`"\(count) organisations"`); a `String` variable needs `Text(x)`. GOV.UK components
/// (`FormFieldGroup`, `ErrorSummary`, `SummaryList`…) are in Components.swift.
struct HTML: Sendable, Equatable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The markup, already escaped.
    private(set) var rendered: String

    private init(rendered: String) { self.rendered = rendered }

    static let empty = HTML(rendered: "")

    var description: String { rendered }
    var isEmpty: Bool { rendered.isEmpty }

    /// Text, escaped.
    static func text(_ text: String) -> HTML { HTML(rendered: escape(text)) }

    /// Markup made by our own renderers (the SVG charts and maps in `CohesionCore`, which escape
    /// what they draw). Never pass anything a person typed.
    static func trusted(_ markup: String) -> HTML { HTML(rendered: markup) }

    init(stringLiteral value: String) { rendered = HTML.escape(value) }

    init(stringInterpolation: Interpolation) { rendered = stringInterpolation.rendered }

    struct Interpolation: StringInterpolationProtocol {
        var rendered = ""
        init(literalCapacity: Int, interpolationCount: Int) { rendered.reserveCapacity(literalCapacity + 16 * interpolationCount) }
        mutating func appendLiteral(_ literal: String) { rendered += HTML.escape(literal) }
        mutating func appendInterpolation(_ text: String) { rendered += HTML.escape(text) }
        mutating func appendInterpolation(_ html: HTML) { rendered += html.rendered }
        mutating func appendInterpolation(_ number: Int) { rendered += String(number) }
    }

    static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(rendered: lhs.rendered + rhs.rendered) }

    /// Joins fragments, optionally with a separator between them.
    static func joined(_ parts: [HTML], separator: HTML = .empty) -> HTML {
        var out = ""
        for (i, part) in parts.enumerated() {
            if i > 0 { out += separator.rendered }
            out += part.rendered
        }
        return HTML(rendered: out)
    }

    // MARK: Elements

    /// An element with content. `tag` is fixed in code (`Div`, `Table`…), never text from a request.
    static func element(_ tag: String, _ attributes: [Attribute], _ content: HTML) -> HTML {
        var out = "<" + tag
        for attribute in attributes { attribute.write(into: &out) }
        out += ">"
        out += content.rendered
        out += "</" + tag + ">"
        return HTML(rendered: out)
    }

    /// A void element (`input`, `meta`…), which has no content or closing tag.
    static func void(_ tag: String, _ attributes: [Attribute]) -> HTML {
        var out = "<" + tag
        for attribute in attributes { attribute.write(into: &out) }
        out += ">"
        return HTML(rendered: out)
    }

    // MARK: Escaping

    /// Escapes text and attribute values (CohesionCore's `MarkupText`, which the SVG charts use too).
    static func escape(_ text: String) -> String { MarkupText.escape(text) }
}

/// Builds `HTML` from the statements of a block: elements, text literals, `if`, `if let`,
/// `switch` and `for` loops.
@resultBuilder
enum HTMLBuilder {
    static func buildExpression(_ html: HTML) -> HTML { html }
    static func buildExpression<Content: HTMLContent>(_ content: Content) -> HTML { content.html }
    static func buildBlock() -> HTML { .empty }
    static func buildBlock(_ parts: HTML...) -> HTML { HTML.joined(parts) }
    static func buildOptional(_ part: HTML?) -> HTML { part ?? .empty }
    static func buildEither(first: HTML) -> HTML { first }
    static func buildEither(second: HTML) -> HTML { second }
    static func buildArray(_ parts: [HTML]) -> HTML { HTML.joined(parts) }
    static func buildLimitedAvailability(_ part: HTML) -> HTML { part }
}

/// Anything that draws as HTML: elements, components, text.
protocol HTMLContent: Sendable {
    var html: HTML { get }
}

extension HTML: HTMLContent {
    var html: HTML { self }
}

/// Escaped text: `Text(organisation.name)`.
struct Text: HTMLContent {
    let html: HTML
    init(_ text: String) { html = .text(text) }
}

/// An element name, fixed in code.
protocol ElementName { static var tag: String { get } }

/// An element with content: `Div(.class("govuk-grid-row")) { … }`.
struct Element<Name: ElementName>: HTMLContent {
    let html: HTML
    init(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) {
        html = .element(Name.tag, attributes, content())
    }
    init(attributes: [Attribute], @HTMLBuilder content: () -> HTML = { .empty }) {
        html = .element(Name.tag, attributes, content())
    }
}

/// A void element, with attributes only: `Input(.type(.text), .name("q"))`.
struct VoidElement<Name: ElementName>: HTMLContent {
    let html: HTML
    init(_ attributes: Attribute...) { html = .void(Name.tag, attributes) }
}

// The elements pages use, so that a misspelt one doesn't compile.
enum Tags {
    enum A: ElementName { static let tag = "a" }
    enum Abbr: ElementName { static let tag = "abbr" }
    enum Body: ElementName { static let tag = "body" }
    enum Button: ElementName { static let tag = "button" }
    enum Caption: ElementName { static let tag = "caption" }
    enum Code: ElementName { static let tag = "code" }
    enum Details: ElementName { static let tag = "details" }
    enum Dd: ElementName { static let tag = "dd" }
    enum Div: ElementName { static let tag = "div" }
    enum Dl: ElementName { static let tag = "dl" }
    enum Dt: ElementName { static let tag = "dt" }
    enum Fieldset: ElementName { static let tag = "fieldset" }
    enum Footer: ElementName { static let tag = "footer" }
    enum Form: ElementName { static let tag = "form" }
    enum H1: ElementName { static let tag = "h1" }
    enum H2: ElementName { static let tag = "h2" }
    enum H3: ElementName { static let tag = "h3" }
    enum H4: ElementName { static let tag = "h4" }
    enum Head: ElementName { static let tag = "head" }
    enum Header: ElementName { static let tag = "header" }
    enum Html: ElementName { static let tag = "html" }
    enum Label: ElementName { static let tag = "label" }
    enum Legend: ElementName { static let tag = "legend" }
    enum Li: ElementName { static let tag = "li" }
    enum Main: ElementName { static let tag = "main" }
    enum Nav: ElementName { static let tag = "nav" }
    enum Ol: ElementName { static let tag = "ol" }
    enum Optgroup: ElementName { static let tag = "optgroup" }
    enum Option: ElementName { static let tag = "option" }
    enum P: ElementName { static let tag = "p" }
    enum Pre: ElementName { static let tag = "pre" }
    enum Script: ElementName { static let tag = "script" }
    enum Section: ElementName { static let tag = "section" }
    enum Select: ElementName { static let tag = "select" }
    enum Span: ElementName { static let tag = "span" }
    enum Strong: ElementName { static let tag = "strong" }
    enum Summary: ElementName { static let tag = "summary" }
    enum Table: ElementName { static let tag = "table" }
    enum Tbody: ElementName { static let tag = "tbody" }
    enum Td: ElementName { static let tag = "td" }
    enum Textarea: ElementName { static let tag = "textarea" }
    enum Th: ElementName { static let tag = "th" }
    enum Thead: ElementName { static let tag = "thead" }
    enum Time: ElementName { static let tag = "time" }
    enum Title: ElementName { static let tag = "title" }
    enum Tr: ElementName { static let tag = "tr" }
    enum Ul: ElementName { static let tag = "ul" }
    enum Br: ElementName { static let tag = "br" }
    enum Input: ElementName { static let tag = "input" }
    enum Link: ElementName { static let tag = "link" }
    enum Meta: ElementName { static let tag = "meta" }
}

typealias A = Element<Tags.A>
typealias Abbr = Element<Tags.Abbr>
typealias Body = Element<Tags.Body>
typealias Button = Element<Tags.Button>
typealias Caption = Element<Tags.Caption>
typealias Code = Element<Tags.Code>
typealias Details = Element<Tags.Details>
typealias Dd = Element<Tags.Dd>
typealias Div = Element<Tags.Div>
typealias Dl = Element<Tags.Dl>
typealias Dt = Element<Tags.Dt>
typealias Fieldset = Element<Tags.Fieldset>
typealias Footer = Element<Tags.Footer>
typealias Form = Element<Tags.Form>
typealias H1 = Element<Tags.H1>
typealias H2 = Element<Tags.H2>
typealias H3 = Element<Tags.H3>
typealias H4 = Element<Tags.H4>
typealias Head = Element<Tags.Head>
typealias Header = Element<Tags.Header>
typealias Html = Element<Tags.Html>
typealias Label = Element<Tags.Label>
typealias Legend = Element<Tags.Legend>
typealias Li = Element<Tags.Li>
typealias Main = Element<Tags.Main>
typealias Nav = Element<Tags.Nav>
typealias Ol = Element<Tags.Ol>
typealias Optgroup = Element<Tags.Optgroup>
typealias OptionElement = Element<Tags.Option>
typealias P = Element<Tags.P>
typealias Pre = Element<Tags.Pre>
typealias Section = Element<Tags.Section>
typealias Select = Element<Tags.Select>
typealias Span = Element<Tags.Span>
typealias Strong = Element<Tags.Strong>
typealias Summary = Element<Tags.Summary>
typealias Table = Element<Tags.Table>
typealias Tbody = Element<Tags.Tbody>
typealias Td = Element<Tags.Td>
typealias Textarea = Element<Tags.Textarea>
typealias Th = Element<Tags.Th>
typealias Thead = Element<Tags.Thead>
typealias Time = Element<Tags.Time>
typealias Title = Element<Tags.Title>
typealias Tr = Element<Tags.Tr>
typealias Ul = Element<Tags.Ul>
typealias Br = VoidElement<Tags.Br>
typealias Input = VoidElement<Tags.Input>
typealias LinkElement = VoidElement<Tags.Link>
typealias Meta = VoidElement<Tags.Meta>

/// A script file of our own (the content security policy allows no inline script).
struct Script: HTMLContent {
    let html: HTML
    init(src: SitePath) { html = .element(Tags.Script.tag, [.attribute("src", src.description), .flag("defer")], .empty) }
}

/// One attribute of an element. Values are escaped when written; names are fixed here or by a
/// feature's code, never taken from a request.
struct Attribute: Sendable, Equatable {
    let name: String
    /// nil for a boolean attribute that is simply present (`checked`).
    let value: String?

    static func attribute(_ name: String, _ value: String) -> Attribute { Attribute(name: name, value: value) }
    static func flag(_ name: String) -> Attribute { Attribute(name: name, value: nil) }
    /// Nothing: for attributes that apply only sometimes (`on ? .checked : .none`).
    static let none = Attribute(name: "", value: nil)

    fileprivate func write(into out: inout String) {
        guard !name.isEmpty else { return }
        out += " " + name
        if let value { out += "=\"" + HTML.escape(value) + "\"" }
    }

    static func id(_ value: String) -> Attribute { .attribute("id", value) }
    static func `class`(_ value: String) -> Attribute { .attribute("class", value) }
    /// Classes, leaving out empty and nil ones: `.classes("govuk-input", error ? "govuk-input--error" : nil)`.
    static func classes(_ names: String?...) -> Attribute {
        .attribute("class", names.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " "))
    }
    static func href(_ path: SitePath) -> Attribute { .attribute("href", path.description) }
    /// A link to another site (the source code, a licence), written out in full.
    static func href(external url: String) -> Attribute { .attribute("href", url) }
    /// An in-page link (`#main-content`).
    static func href(fragment: String) -> Attribute { .attribute("href", "#" + fragment) }
    static func action(_ path: SitePath) -> Attribute { .attribute("action", path.description) }
    static func method(_ method: FormMethod) -> Attribute { .attribute("method", method.rawValue) }
    static func enctype(_ value: String) -> Attribute { .attribute("enctype", value) }
    static func name(_ value: String) -> Attribute { .attribute("name", value) }
    static func value(_ value: String) -> Attribute { .attribute("value", value) }
    static func type(_ type: InputType) -> Attribute { .attribute("type", type.rawValue) }
    static func buttonType(_ type: ButtonType) -> Attribute { .attribute("type", type.rawValue) }
    static func `for`(_ id: String) -> Attribute { .attribute("for", id) }
    static func autocomplete(_ value: String) -> Attribute { .attribute("autocomplete", value) }
    static func inputmode(_ value: String) -> Attribute { .attribute("inputmode", value) }
    static func rows(_ count: Int) -> Attribute { .attribute("rows", String(count)) }
    static func role(_ value: String) -> Attribute { .attribute("role", value) }
    static func tabindex(_ value: Int) -> Attribute { .attribute("tabindex", String(value)) }
    static func scope(_ value: String) -> Attribute { .attribute("scope", value) }
    static func lang(_ value: String) -> Attribute { .attribute("lang", value) }
    static func rel(_ value: String) -> Attribute { .attribute("rel", value) }
    static func content(_ value: String) -> Attribute { .attribute("content", value) }
    static func charset(_ value: String) -> Attribute { .attribute("charset", value) }
    static func datetime(_ value: String) -> Attribute { .attribute("datetime", value) }
    static func maxlength(_ value: Int) -> Attribute { .attribute("maxlength", String(value)) }
    static func accept(_ value: String) -> Attribute { .attribute("accept", value) }
    static func spellcheck(_ on: Bool) -> Attribute { .attribute("spellcheck", on ? "true" : "false") }
    /// `aria-label`, `aria-describedby`…: `.aria("label", "Breadcrumb")`.
    static func aria(_ name: String, _ value: String) -> Attribute { .attribute("aria-" + name, value) }
    static func data(_ name: String, _ value: String) -> Attribute { .attribute("data-" + name, value) }

    static let checked = flag("checked")
    static let selected = flag("selected")
    static let disabled = flag("disabled")
    static let required = flag("required")
    static let hidden = flag("hidden")
    static let open = flag("open")
    static let multiple = flag("multiple")
    static let novalidate = flag("novalidate")

    enum FormMethod: String, Sendable { case get, post }
    enum ButtonType: String, Sendable { case submit, button }
    enum InputType: String, Sendable {
        case text, email, tel, password, hidden, checkbox, radio, file, search, number, date
    }
}
