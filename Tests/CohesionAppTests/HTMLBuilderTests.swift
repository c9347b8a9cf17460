@testable import CohesionApp
import Testing

/// The typed pages' HTML builder escapes every text and attribute as it is built — the reason
/// it was chosen over Plot, which writes attribute values as they come (docs/decisions.md §14).
@Suite struct HTMLBuilderTests {
    @Test func textAndAttributesAreEscapedAsTheyAreBuilt() {
        let typed = "\" autofocus onfocus=\"alert(1)"
        let html = Input(.type(.text), .name("q"), .value(typed)).html.rendered
        #expect(html == "<input type=\"text\" name=\"q\" value=\"&quot; autofocus onfocus=&quot;alert(1)\">")
        let link = A(.href(external: "javascript:'x'\"><script>"), .class("govuk-link")) { Text("<b>Fish & chips</b>") }.html.rendered
        #expect(link == "<a href=\"javascript:&#39;x&#39;&quot;&gt;&lt;script&gt;\" class=\"govuk-link\">&lt;b&gt;Fish &amp; chips&lt;/b&gt;</a>")
        // Something that looks like an entity is text, not markup: a person who typed it sees it.
        #expect(Text("&amp; &#60;").html.rendered == "&amp;amp; &amp;#60;")
        // Control characters HTML forbids are left out; tabs and newlines stay.
        #expect(Text("a\u{0}b\u{1B}c\td\ne").html.rendered == "abc\td\ne")
    }

    @Test func literalsAndInterpolationsAreText() {
        let name = "O'Brien <Ltd>"
        let html = P(.class("govuk-body")) { "Hello \(name), you have \(3) messages & more" }.html.rendered
        #expect(html == "<p class=\"govuk-body\">Hello O&#39;Brien &lt;Ltd&gt;, you have 3 messages &amp; more</p>")
        #expect(HTML.trusted("<svg></svg>").rendered == "<svg></svg>")
    }

    @Test func blocksTakeConditionsLoopsAndEmptyAttributes() {
        let rows = ["a", "b"]
        let html = Ul(.classes("list", nil, ""), .none, .checked) {
            for row in rows { Li { Text(row) } }
            if rows.isEmpty { Li { "none" } } else { Li { "two" } }
        }.html.rendered
        #expect(html == "<ul class=\"list\" checked><li>a</li><li>b</li><li>two</li></ul>")
    }

    /// A page reaches the browser whole: doctype, title (with "Error: " when the form has
    /// mistakes), the skip link, the phase banner and the body.
    @Test func theLayoutWrapsAPage() {
        struct Sample: CohesionApp.Page {
            var title: String { "A <sample>" }
            var hasErrors: Bool { true }
            func body(_ context: PageContext) -> HTML { PageHeading("Hello") }
        }
        let context = PageContext(councilName: "Walsall Council", user: nil, navigation: [], footerLinks: [], csrfToken: "t", flash: "Saved & done")
        let page = Layout.document(Sample(), context).rendered
        #expect(page.hasPrefix("<!DOCTYPE html><html lang=\"en-GB\" class=\"govuk-template\"><head><meta charset=\"utf-8\"><title>Error: A &lt;sample&gt; – Walsall Council Cohesion</title>"))
        #expect(page.contains("<a href=\"#main-content\" class=\"govuk-skip-link\">Skip to main content</a>"))
        #expect(page.contains("govuk-phase-banner") && page.contains("Saved &amp; done"))
        #expect(page.contains("<h1 class=\"govuk-heading-l\">Hello</h1>") && page.hasSuffix("</html>"))
    }
}
