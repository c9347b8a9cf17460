/// The document every page sits in: GOV.UK header, service navigation, phase banner,
/// breadcrumbs, the one-off message, the page's content and the footer.
enum Layout {
    static func document(_ page: some Page, _ context: PageContext) -> HTML {
        let title = (page.hasErrors ? "Error: " : "") + page.title
        return HTML.trusted("<!DOCTYPE html>") + Html(.lang("en-GB"), .class("govuk-template")) {
            head(title: title, councilName: context.councilName, structuredData: page.structuredData)
            Body(.class("govuk-template__body")) {
                A(.href(fragment: "main-content"), .class("govuk-skip-link")) { "Skip to main content" }
                header(context)
                navigation(context)
                Div(.class("govuk-width-container")) {
                    phaseBanner
                    breadcrumbs(page.breadcrumbs)
                    Main(.class("govuk-main-wrapper"), .id("main-content")) {
                        if let flash = context.flash { successBanner(flash) }
                        page.body(context)
                    }
                }
                footer(context)
            }
        }.html
    }

    static func head(title: String, councilName: String, structuredData: StructuredData? = nil) -> HTML {
        Head {
            Meta(.charset("utf-8"))
            Title { "\(title) – \(councilName) Cohesion" }
            Meta(.name("viewport"), .content("width=device-width, initial-scale=1"))
            Meta(.name("theme-color"), .content("#0b0c0c"))
            LinkElement(.rel("stylesheet"), .href(PlatformRoutes.stylesheet.path))
            Script(src: PlatformRoutes.script.path)
            if let structuredData { structuredData.html }
        }.html
    }

    static func header(_ context: PageContext) -> HTML {
        Header(.class("govuk-header")) {
            Div(.class("govuk-header__container govuk-width-container")) {
                Div(.class("govuk-header__logo")) {
                    A(.href(PlatformRoutes.home.path), .class("govuk-header__link govuk-header__link--homepage")) { Text(context.councilName) }
                }
                Div(.class("govuk-header__content")) {
                    Span(.class("govuk-header__service-name")) { "Community cohesion" }
                }
                if let user = context.user {
                    Div(.class("app-account-nav")) {
                        Span { Text(user.name) }
                        PostForm(to: PlatformRoutes.signOut.path, context) {
                            Button(.buttonType(.submit), .class("app-link-button")) { "Sign out" }
                        }
                    }
                }
            }
        }.html
    }

    static func navigation(_ context: PageContext) -> HTML {
        Nav(.class("govuk-service-navigation"), .aria("label", "Menu")) {
            Div(.class("govuk-width-container")) {
                Div(.class("govuk-service-navigation__container")) {
                    Ul(.class("govuk-service-navigation__list")) {
                        for item in context.navigation {
                            Li(.classes("govuk-service-navigation__item", item.current ? "govuk-service-navigation__item--active" : nil)) {
                                A(.class("govuk-service-navigation__link"), .href(item.link), item.current ? .aria("current", "page") : .none) {
                                    Text(item.label)
                                }
                            }
                        }
                        if context.user == nil {
                            Li(.class("govuk-service-navigation__item")) {
                                A(.class("govuk-service-navigation__link"), .href(PlatformRoutes.signIn.path)) { "Staff sign in" }
                            }
                        }
                    }
                }
            }
        }.html
    }

    /// The service is in beta: new, still changing, and asking for feedback.
    static let phaseBanner: HTML = Div(.class("govuk-phase-banner")) {
        P(.class("govuk-phase-banner__content")) {
            Strong(.class("govuk-tag govuk-phase-banner__content__tag")) { "Beta" }
            Span(.class("govuk-phase-banner__text")) {
                "This is a new service. "
                A(.class("govuk-link"), .href(PlatformRoutes.contact.path)) { "Tell us what you think" }
                " or report a problem."
            }
        }
    }.html

    static func breadcrumbs(_ crumbs: [Breadcrumb]) -> HTML {
        guard !crumbs.isEmpty else { return .empty }
        return Nav(.class("govuk-breadcrumbs"), .aria("label", "Breadcrumb")) {
            Ol(.class("govuk-breadcrumbs__list")) {
                for crumb in crumbs {
                    Li(.class("govuk-breadcrumbs__list-item")) {
                        A(.class("govuk-breadcrumbs__link"), .href(crumb.link)) { Text(crumb.label) }
                    }
                }
            }
        }.html
    }

    static func successBanner(_ message: String) -> HTML {
        Div(.class("govuk-notification-banner govuk-notification-banner--success"), .role("alert"), .aria("labelledby", "notification-title")) {
            Div(.class("govuk-notification-banner__header")) {
                H2(.class("govuk-notification-banner__title"), .id("notification-title")) { "Success" }
            }
            Div(.class("govuk-notification-banner__content")) {
                P(.class("govuk-notification-banner__heading")) { Text(message) }
            }
        }.html
    }

    static func footer(_ context: PageContext) -> HTML {
        Footer(.class("govuk-footer")) {
            Div(.class("govuk-width-container")) {
                Div(.class("govuk-footer__meta")) {
                    Div(.class("govuk-footer__meta-item govuk-footer__meta-item--grow")) {
                        H2(.class("govuk-visually-hidden")) { "Support links" }
                        Ul(.class("govuk-footer__inline-list")) {
                            for item in context.footerLinks {
                                Li(.class("govuk-footer__inline-list-item")) {
                                    A(.class("govuk-footer__link"), .href(item.link)) { Text(item.label) }
                                }
                            }
                            Li(.class("govuk-footer__inline-list-item")) {
                                A(.class("govuk-footer__link"), .href(PlatformRoutes.openAPI.path)) { "API description" }
                            }
                        }
                        Div(.class("govuk-footer__meta-custom")) {
                            P(.class("govuk-body-s")) { "Cohesion is open-source software for council community cohesion services." }
                        }
                    }
                }
            }
        }.html
    }
}
