@testable import CohesionApp
import CohesionCore
import Plot

/// The Plot versions of the pages, written with Plot's Node API as the Swift Package Index
/// writes its pages: one base layout (`document`) and one view per page, drawing the same page
/// model as the typed page with the same elements and classes.
///
/// Plot 0.14 writes attribute values exactly as it is given them (`Attribute.render()` is
/// `name="value"`), so a value from the model in `href=`, `value=` or `aria-label=` could close
/// the attribute and add its own. Every such value passes through `escaped` here, as it would
/// have to in a real Plot page; without it the comparison would flatter Plot. Plot's `.text`
/// escapes `<`, `>` and `&` itself (but passes through anything that looks like an entity).
enum PlotPages {
    typealias Body = Plot.Node<Plot.HTML.BodyContext>

    /// For attribute values; Plot escapes text nodes itself.
    static func escaped(_ value: String) -> String { CohesionApp.HTML.escape(value) }

    // MARK: Pages

    static func dashboard(_ page: DashboardPage, _ context: PageContext) -> Plot.HTML {
        document(title: page.title, breadcrumbs: page.breadcrumbs, context, content: .group(
            .span(.class("govuk-caption-l"), .text(page.role + (page.scope.map { " · " + $0 } ?? ""))),
            .h1(.class("govuk-heading-l"), .text("Welcome, \(page.name)")),
            .ul(.class("app-card-grid govuk-list"), .forEach(page.cards) { card in
                .li(.class("app-card"),
                    .h2(.class("app-card__title govuk-heading-s"),
                        .a(.class("govuk-link"), .href(escaped(card.link.description)), .text(card.title))),
                    .p(.class("app-card__body govuk-body-s"), .text(card.summary)))
            })
        ))
    }

    static func area(_ page: AreaPage, _ context: PageContext) -> Plot.HTML {
        let area = page.area
        let kindOfAncestor = { (kind: String) in
            kind == AreaKind.district.rawValue ? "District" : kind == AreaKind.locality.rawValue ? "Locality" : "Part of"
        }
        return document(title: page.title, breadcrumbs: page.breadcrumbs, context, content: .group(
            .span(.class("govuk-caption-l"), .text(page.kindLabel)),
            .h1(.class("govuk-heading-l"), .text(area.name)),
            .dl(.class("govuk-summary-list"),
                summaryRow(area.kind == AreaKind.locality.rawValue ? "Council code" : "ONS code", .text(area.code)),
                .unwrap(page.population) { summaryRow("Usual residents", .text($0)) },
                .forEach(area.ancestors) { ancestor in
                    summaryRow(kindOfAncestor(ancestor.kind),
                               .a(.class("govuk-link"), .href(escaped(AreaPage.link(ancestor.code).description)), .text(ancestor.name)))
                }),
            .unwrap(page.childHeading) { heading in
                .group(
                    .h2(.class("govuk-heading-m"), .text(heading)),
                    .ul(.class("govuk-list govuk-list--bullet"), .forEach(area.children) { child in
                        .li(.a(.class("govuk-link"), .href(escaped(AreaPage.link(child.code).description)), .text(child.name)),
                            .text(" (\(child.code))"))
                    }))
            },
            .if(!page.census.isEmpty, census(page))
        ))
    }

    static func summaryRow(_ key: String, _ value: Body) -> Plot.Node<Plot.HTML.DescriptionListContext> {
        .div(.class("govuk-summary-list__row"),
            .dt(.class("govuk-summary-list__key"), .text(key)),
            .dd(.class("govuk-summary-list__value"), value))
    }

    static func census(_ page: AreaPage) -> Body {
        .group(
            .h2(.class("govuk-heading-l govuk-!-margin-top-6"), .text("Census 2021")),
            .p(.class("govuk-body"), .text("Residents counted by the Census held on 21 March 2021."
                + (page.comparedWith.map { " Shares are compared with \($0)." } ?? ""))),
            .unwrap(page.diversity) { sentence in
                .div(.class("govuk-inset-text"), .strong(.text("Ethnic diversity index")), .text(" "), .text(sentence))
            },
            .forEach(page.census) { censusSection($0) },
            .unwrap(page.elsewhere) { topics in
                .p(.class("govuk-body"),
                    .text("ONS publishes some tables only for larger areas: \(topics). See them on the "),
                    .unwrap(page.elsewhereCode, { code in
                        .a(.class("govuk-link"), .href(escaped(AreaPage.link(code).description)), .text("district's profile"))
                    }, else: .text("district's profile")),
                    .text("."))
            },
            .p(.class("govuk-body-s"), .text(page.censusSource))
        )
    }

    static func censusSection(_ section: AreaPage.CensusSection) -> Body {
        let caption = "\(section.topic): usual residents by category (\(section.total) in all)"
        return .group(
            .h3(.class("govuk-heading-m"), .text(section.topic)),
            .unwrap(section.note) { .p(.class("govuk-body-s"), .text($0)) },
            // Our own SVG (CohesionCore's BarChart escapes its labels), as the typed page's `HTML.trusted`.
            .div(.class("app-chart"), .raw(section.chart.rendered)),
            .div(.class("app-table-wrapper"), .attribute(named: "role", value: "region"), .attribute(named: "aria-label", value: escaped(caption)),
                 .attribute(named: "tabindex", value: "0"),
                .table(.class("govuk-table"),
                    .caption(.class("govuk-table__caption govuk-table__caption--s"), .text(caption)),
                    .thead(.class("govuk-table__head"),
                        .tr(.class("govuk-table__row"),
                            .th(.attribute(named: "scope", value: "col"), .class("govuk-table__header"), .text("Category")),
                            .th(.attribute(named: "scope", value: "col"), .class("govuk-table__header govuk-table__header--numeric"), .text("Residents")),
                            .th(.attribute(named: "scope", value: "col"), .class("govuk-table__header govuk-table__header--numeric"), .text("Share")),
                            .forEach(section.comparedWith) { other in
                                .th(.attribute(named: "scope", value: "col"), .class("govuk-table__header govuk-table__header--numeric"),
                                    .text("Share in \(other)"))
                            })),
                    .tbody(.class("govuk-table__body"),
                        .forEach(section.rows) { row in
                            .tr(.class("govuk-table__row"),
                                .th(.attribute(named: "scope", value: "row"), .class("govuk-table__header"), .text(row.name)),
                                .td(.class("govuk-table__cell govuk-table__cell--numeric"), .text(row.count)),
                                .td(.class("govuk-table__cell govuk-table__cell--numeric"), .text(row.percentage)),
                                .forEach(row.comparisons) { share in
                                    .td(.class("govuk-table__cell govuk-table__cell--numeric"), .text(share))
                                })
                        })))
        )
    }

    // MARK: The layout (as `Layout.document`)

    static func document(title: String, breadcrumbs: [Breadcrumb], _ context: PageContext, content: Body) -> Plot.HTML {
        Plot.HTML(
            .attribute(named: "lang", value: "en-GB"),
            .class("govuk-template"),
            .head(
                .meta(.charset(.utf8)),
                .element(named: "title", text: "\(title) – \(context.councilName) Cohesion"),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .meta(.name("theme-color"), .content("#0b0c0c")),
                .link(.rel(.stylesheet), .href(PlatformRoutes.stylesheet.path.description)),
                .script(.src(PlatformRoutes.script.path.description), .attribute(named: "defer"))
            ),
            .body(
                .class("govuk-template__body"),
                .a(.href("#main-content"), .class("govuk-skip-link"), .text("Skip to main content")),
                header(context),
                navigation(context),
                .div(.class("govuk-width-container"),
                    phaseBanner,
                    .if(!breadcrumbs.isEmpty, self.breadcrumbs(breadcrumbs)),
                    .main(.class("govuk-main-wrapper"), .id("main-content"),
                        .unwrap(context.flash) { successBanner($0) },
                        content)
                ),
                footer(context)
            )
        )
    }

    static func header(_ context: PageContext) -> Body {
        .header(.class("govuk-header"),
            .div(.class("govuk-header__container govuk-width-container"),
                .div(.class("govuk-header__logo"),
                    .a(.href(PlatformRoutes.home.path.description), .class("govuk-header__link govuk-header__link--homepage"),
                       .text(context.councilName))),
                .div(.class("govuk-header__content"),
                    .span(.class("govuk-header__service-name"), .text("Community cohesion"))),
                .unwrap(context.user) { user in
                    .div(.class("app-account-nav"),
                        .span(.text(user.name)),
                        .form(.method(.post), .action(PlatformRoutes.signOut.path.description), .attribute(named: "novalidate"),
                            .input(.type(.hidden), .name(CSRF.fieldName), .value(escaped(context.csrfToken))),
                            .button(.type(.submit), .class("app-link-button"), .text("Sign out"))))
                }
            )
        )
    }

    static func navigation(_ context: PageContext) -> Body {
        .nav(.class("govuk-service-navigation"), .attribute(named: "aria-label", value: "Menu"),
            .div(.class("govuk-width-container"),
                .div(.class("govuk-service-navigation__container"),
                    .ul(.class("govuk-service-navigation__list"),
                        .forEach(context.navigation) { item in
                            .li(.class("govuk-service-navigation__item" + (item.current ? " govuk-service-navigation__item--active" : "")),
                                .a(.class("govuk-service-navigation__link"), .href(escaped(item.link.description)),
                                   .if(item.current, .attribute(named: "aria-current", value: "page")),
                                   .text(item.label)))
                        },
                        .if(context.user == nil,
                            .li(.class("govuk-service-navigation__item"),
                                .a(.class("govuk-service-navigation__link"), .href(PlatformRoutes.signIn.path.description), .text("Staff sign in"))))
                    )
                )
            )
        )
    }

    // Built on each render: Plot's nodes aren't Sendable, so they can't be kept in a static.
    static var phaseBanner: Body {
        .div(.class("govuk-phase-banner"),
            .p(.class("govuk-phase-banner__content"),
                .strong(.class("govuk-tag govuk-phase-banner__content__tag"), .text("Beta")),
                .span(.class("govuk-phase-banner__text"),
                    .text("This is a new service. "),
                    .a(.class("govuk-link"), .href(PlatformRoutes.contact.path.description), .text("Tell us what you think")),
                    .text(" or report a problem."))))
    }

    static func breadcrumbs(_ crumbs: [Breadcrumb]) -> Body {
        .nav(.class("govuk-breadcrumbs"), .attribute(named: "aria-label", value: "Breadcrumb"),
            .ol(.class("govuk-breadcrumbs__list"),
                .forEach(crumbs) { crumb in
                    .li(.class("govuk-breadcrumbs__list-item"),
                        .a(.class("govuk-breadcrumbs__link"), .href(escaped(crumb.link.description)), .text(crumb.label)))
                }))
    }

    static func successBanner(_ message: String) -> Body {
        .div(.class("govuk-notification-banner govuk-notification-banner--success"), .attribute(named: "role", value: "alert"),
             .attribute(named: "aria-labelledby", value: "notification-title"),
            .div(.class("govuk-notification-banner__header"),
                .h2(.class("govuk-notification-banner__title"), .id("notification-title"), .text("Success"))),
            .div(.class("govuk-notification-banner__content"),
                .p(.class("govuk-notification-banner__heading"), .text(message))))
    }

    static func footer(_ context: PageContext) -> Body {
        .footer(.class("govuk-footer"),
            .div(.class("govuk-width-container"),
                .div(.class("govuk-footer__meta"),
                    .div(.class("govuk-footer__meta-item govuk-footer__meta-item--grow"),
                        .h2(.class("govuk-visually-hidden"), .text("Support links")),
                        .ul(.class("govuk-footer__inline-list"),
                            .forEach(context.footerLinks) { item in
                                .li(.class("govuk-footer__inline-list-item"),
                                    .a(.class("govuk-footer__link"), .href(escaped(item.link.description)), .text(item.label)))
                            },
                            .li(.class("govuk-footer__inline-list-item"),
                                .a(.class("govuk-footer__link"), .href(PlatformRoutes.openAPI.path.description), .text("API description")))),
                        .div(.class("govuk-footer__meta-custom"),
                            .p(.class("govuk-body-s"), .text("Cohesion is open-source software for council community cohesion services."))))
                )
            )
        )
    }
}
