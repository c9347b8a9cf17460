import CohesionCore
import Fluent
import Foundation

/// The demonstration council's asset register: about 60 EXAMPLE assets, each marked "(example)",
/// across the four demo localities and all six categories, placed at illustrative points in
/// their wards; three individuals (drafts, with recorded consent); two pending suggestions. The
/// spread is uneven on purpose, so that the gaps page has gaps to show.
enum AssetsDemo {
    struct Example {
        let name: String
        let category: AssetCategory
        let term: String?
        let ward: String
        let description: String
        var times = ""
        var access: [AccessibilityFeature] = []
        var languages: [String] = []
        var cost: AssetCost? = nil
        var capacity: Int? = nil
        var spaceForAll = false
        var status = AssetStatus.published
        var organisation: Int? = nil
        var served: String? = nil
        var ages: (Int?, Int?) = (nil, nil)
    }

    static let weekdays = "Mon-Fri 09:00-17:00; closed bank holidays"
    static let hall: [AccessibilityFeature] = [.stepFreeAccess, .accessibleToilet, .hearingLoop, .parking, .babyChange]

    static let examples: [Example] = [
        // North Walsall (E05001304–08, E05001312)
        Example(name: "Blakenall Community Centre", category: .physicalSpaces, term: "community-centre", ward: "E05001305",
                description: "Community centre with a main hall, kitchen and two meeting rooms, available to hire for community groups.",
                times: "Mon-Fri 09:00-21:00; Sat 09:00-13:00; closed bank holidays", access: hall, languages: ["English", "Punjabi"], cost: .fee, capacity: 120, spaceForAll: true, organisation: 0),
        Example(name: "Bloxwich Library", category: .institutions, term: "library", ward: "E05001307",
                description: "Public library with free computers, Wi-Fi, a children's corner and conversation cafés for people learning English.",
                times: "Mon-Wed 09:30-17:00; Thu 09:30-19:00; Fri 09:30-17:00; Sat 09:30-13:00; closed bank holidays",
                access: [.stepFreeAccess, .accessibleToilet, .hearingLoop, .largePrint, .quietSpace], languages: ["English"], cost: .free, capacity: 60, spaceForAll: true),
        Example(name: "Bloxwich Wednesday Women's Circle", category: .associations, term: "womens-group", ward: "E05001306",
                description: "Friendly group for women of all backgrounds: crafts, cooking and conversation over tea.",
                times: "Wed 10:00-12:00", access: [.stepFreeAccess, .babyChange], languages: ["English", "Urdu", "Bengali"], cost: .free, served: "Women"),
        Example(name: "Leamore Residents' Association", category: .associations, term: "residents-association", ward: "E05001304",
                description: "Residents working together on litter picks, a summer fun day and keeping neighbours in touch.",
                times: "Tue 18:30-20:00", languages: ["English"], cost: .free),
        Example(name: "Brownhills Market", category: .economicExchange, term: "market", ward: "E05001308",
                description: "Weekly outdoor market with local traders, fresh produce and street food.",
                times: "Thu 08:00-15:00; Sat 08:00-15:00", access: [.stepFreeAccess, .parking], languages: ["English"], cost: .free),
        Example(name: "Pelsall Common", category: .physicalSpaces, term: "green-space", ward: "E05001312",
                description: "Large common and local nature reserve with footpaths, a pond and space for community events.",
                access: [.parking], cost: .free),
        Example(name: "Pelsall Village Heritage Group", category: .storiesAndCulture, term: "heritage", ward: "E05001312",
                description: "Volunteers collecting photographs and memories of Pelsall's mining history; monthly talks and walks.",
                times: "Mon 19:00-21:00", languages: ["English"], cost: .donation),
        Example(name: "Blakenall Food Pantry", category: .economicExchange, term: "food-bank", ward: "E05001305",
                description: "Low-cost food pantry: a weekly shop for a small membership fee, with advice on bills and benefits.",
                times: "Tue 10:00-13:00; Fri 10:00-13:00; closed bank holidays", access: [.stepFreeAccess], languages: ["English", "Polish"], cost: .fee, organisation: 0),
        Example(name: "Bloxwich Youth Football", category: .associations, term: "sports-club", ward: "E05001307",
                description: "Football training and matches for boys and girls, coached by volunteers.",
                times: "Sat 09:00-12:00", access: [.parking], languages: ["English"], cost: .fee, served: "Young people", ages: (6, 16)),
        Example(name: "Birchills Gurdwara Community Kitchen", category: .physicalSpaces, term: "place-of-worship", ward: "E05001304",
                description: "Gurdwara with a free community kitchen (langar) open to everyone, whatever their faith.",
                times: "Mon-Sun 08:00-20:00", access: [.stepFreeAccess, .accessibleToilet, .parking], languages: ["Punjabi", "English"], cost: .free, capacity: 200, spaceForAll: true),
        Example(name: "Brownhills Community Garden", category: .physicalSpaces, term: "community-garden", ward: "E05001308",
                description: "Shared growing space; volunteers welcome, no experience needed, tools provided.",
                times: "Wed 10:00-14:00; Sat 10:00-14:00", access: [.stepFreeAccess], languages: ["English"], cost: .free),
        Example(name: "Bloxwich Carnival", category: .storiesAndCulture, term: "festival", ward: "E05001306",
                description: "Annual carnival and parade bringing together schools, faith groups and local bands every July.",
                languages: ["English"], cost: .free),
        Example(name: "Leamore Primary School", category: .institutions, term: "school", ward: "E05001304",
                description: "Primary school whose hall and playground are open to community groups after school and in the holidays.",
                times: "Mon-Fri 16:00-20:00; closed bank holidays", access: [.stepFreeAccess, .accessibleToilet], languages: ["English"], cost: .fee, capacity: 150),
        Example(name: "Bloxwich High Street Traders", category: .economicExchange, term: "local-business", ward: "E05001307",
                description: "Independent shops offering a community noticeboard, work experience and sponsorship for local events.",
                languages: ["English", "Punjabi", "Polish"]),
        Example(name: "Pelsall Methodist Church Hall", category: .physicalSpaces, term: "community-centre", ward: "E05001312",
                description: "Church hall with kitchen, hired by toddler groups, slimming clubs and a weekly warm space.",
                times: "Mon-Sat 09:00-21:00; closed bank holidays", access: [.stepFreeAccess, .accessibleToilet, .hearingLoop], languages: ["English"], cost: .fee, capacity: 80, spaceForAll: true),
        // East Walsall (E05001301, 02, 10, 13, 15, 18): thin on purpose in Pheasey Park Farm and Streetly.
        Example(name: "Aldridge Youth Centre", category: .physicalSpaces, term: "community-centre", ward: "E05001301",
                description: "Youth centre with a sports hall, music studio and drop-in sessions for young people.",
                times: "Mon-Fri 15:30-21:00; closed bank holidays", access: [.stepFreeAccess, .accessibleToilet], languages: ["English"], cost: .free, capacity: 90,
                served: "Young people", ages: (11, 19)),
        Example(name: "Aldridge ESOL Conversation Club", category: .institutions, term: "esol-provider", ward: "E05001301",
                description: "Informal English conversation practice for adults, all levels welcome, with free childcare.",
                times: "Tue 10:00-12:00; Thu 18:00-20:00; closed bank holidays", access: [.stepFreeAccess, .babyChange],
                languages: ["English", "Arabic", "Farsi", "Kurdish"], cost: .free, organisation: 4, served: "Adults learning English", ages: (16, nil)),
        Example(name: "Walsall Wood Allotments", category: .physicalSpaces, term: "community-garden", ward: "E05001302",
                description: "Allotment society with a shared plot for schools and a seed swap each spring.",
                times: "Sat 09:00-12:00", access: [.parking], languages: ["English"], cost: .fee),
        Example(name: "Paddock Bowling Club", category: .associations, term: "sports-club", ward: "E05001310",
                description: "Crown green bowls; free taster sessions for newcomers every Sunday in summer.",
                times: "Sun 14:00-17:00", access: [.stepFreeAccess, .parking], languages: ["English"], cost: .fee),
        Example(name: "Rushall Olympic Community Trust", category: .associations, term: "sports-club", ward: "E05001315",
                description: "Football club trust running walking football, holiday camps and a Saturday men's mental health group.",
                times: "Sat 10:00-12:00", access: [.stepFreeAccess, .accessibleToilet, .parking], languages: ["English"], cost: .donation),
        Example(name: "Shelfield Community Library", category: .institutions, term: "library", ward: "E05001315",
                description: "Community-run library with a warm space, jigsaw club and help with computers.",
                times: "Tue 10:00-16:00; Thu 10:00-16:00; Sat 10:00-12:00; closed bank holidays", access: [.stepFreeAccess, .largePrint, .quietSpace],
                languages: ["English"], cost: .free, capacity: 30, spaceForAll: true),
        Example(name: "Aldridge Village Festival", category: .storiesAndCulture, term: "festival", ward: "E05001301",
                description: "Family festival on the village green each June with local groups, music and food stalls.",
                languages: ["English"], cost: .free),
        Example(name: "Paddock Coffee Morning", category: .economicExchange, term: "community-cafe", ward: "E05001310",
                description: "Pay-as-you-feel café run by volunteers; a good place to meet neighbours.",
                times: "Fri 10:00-12:00", access: [.stepFreeAccess, .accessibleToilet], languages: ["English"], cost: .donation, capacity: 40, spaceForAll: true),
        Example(name: "Streetly Scout Hut", category: .physicalSpaces, term: "community-centre", ward: "E05001318",
                description: "Scout hut available to hire for small community groups on weekday evenings.",
                times: "Mon-Thu 18:00-21:30", languages: ["English"], cost: .fee, capacity: 40),
        Example(name: "Walsall Wood Local History Society", category: .storiesAndCulture, term: "heritage", ward: "E05001302",
                description: "Talks, a photo archive and an oral history project recording older residents' memories.",
                times: "Wed 19:00-21:00", access: [.stepFreeAccess, .hearingLoop], languages: ["English"], cost: .donation),
        Example(name: "Aldridge Health Centre", category: .institutions, term: "health-service", ward: "E05001301",
                description: "GP surgery hosting social prescribing link workers who connect patients with community groups.",
                times: "Mon-Fri 08:00-18:30; closed bank holidays", access: [.stepFreeAccess, .accessibleToilet, .hearingLoop, .bsl, .parking],
                languages: ["English", "Punjabi", "Urdu"], cost: .free),
        // South Walsall (E05001309, 11, 14, 16): the busiest, around the town centre.
        Example(name: "Caldmore Community Hub", category: .physicalSpaces, term: "community-centre", ward: "E05001311",
                description: "Busy community hub with rooms to hire, a café, advice sessions and a weekly warm space.",
                times: "Mon-Fri 09:00-20:00; Sat 10:00-14:00; closed bank holidays", access: hall, languages: ["English", "Urdu", "Punjabi", "Bengali", "Romanian"],
                cost: .fee, capacity: 100, spaceForAll: true, organisation: 1),
        Example(name: "Caldmore Women's Network", category: .associations, term: "womens-group", ward: "E05001311",
                description: "Women's group offering confidence courses, ESOL, sewing and a safe space to talk.",
                times: "Mon 10:00-13:00; Wed 10:00-13:00; closed bank holidays", access: [.stepFreeAccess, .babyChange], languages: ["English", "Urdu", "Punjabi", "Arabic"],
                cost: .free, organisation: 1, served: "Women"),
        Example(name: "Palfrey Faith Forum", category: .associations, term: "faith-group", ward: "E05001311",
                description: "Christians, Muslims, Sikhs and Hindus meeting monthly to share food and work on local projects together.",
                times: "Sun 14:00-16:00", access: [.stepFreeAccess], languages: ["English", "Urdu", "Punjabi"], cost: .free, organisation: 2),
        Example(name: "Palfrey Park", category: .physicalSpaces, term: "green-space", ward: "E05001311",
                description: "Park with a play area, outdoor gym and a community garden; home to the summer Eid and Vaisakhi picnics.",
                access: [.stepFreeAccess], cost: .free),
        Example(name: "Walsall Central Library", category: .institutions, term: "library", ward: "E05001316",
                description: "The borough's main library: study space, computers, a local history centre and English conversation groups.",
                times: "Mon-Fri 09:00-18:00; Sat 09:00-16:00; closed bank holidays", access: [.stepFreeAccess, .accessibleToilet, .hearingLoop, .largePrint, .quietSpace],
                languages: ["English", "Polish", "Urdu"], cost: .free, capacity: 150, spaceForAll: true),
        Example(name: "St Matthew's Primary School", category: .institutions, term: "school", ward: "E05001316",
                description: "Primary school in the school linking programme; its hall hosts a Saturday supplementary school.",
                times: "Sat 09:30-12:30", access: [.stepFreeAccess, .accessibleToilet], languages: ["English", "Bengali"], cost: .free, organisation: 5),
        Example(name: "Pleck Mosque Community Centre", category: .physicalSpaces, term: "place-of-worship", ward: "E05001314",
                description: "Mosque with a community centre that hosts open days, a youth club and a lunch club for older people.",
                times: "Mon-Sun 10:00-20:00", access: [.stepFreeAccess, .accessibleToilet, .parking], languages: ["Urdu", "Punjabi", "English", "Arabic"],
                cost: .free, capacity: 250, spaceForAll: true),
        Example(name: "Pleck Park Cricket Club", category: .associations, term: "sports-club", ward: "E05001314",
                description: "Cricket for all ages, with women's and girls' sessions and a junior section.",
                times: "Sat 10:00-18:00; Sun 10:00-18:00", access: [.parking], languages: ["English", "Urdu"], cost: .fee),
        Example(name: "Walsall Market", category: .economicExchange, term: "market", ward: "E05001316",
                description: "Town centre market with traders from many communities; fabric, fresh food and world foods.",
                times: "Tue 09:00-16:00; Fri 09:00-16:00; Sat 09:00-16:00", access: [.stepFreeAccess], languages: ["English", "Urdu", "Polish", "Romanian"], cost: .free),
        Example(name: "Darlaston Town Hall", category: .physicalSpaces, term: "community-centre", ward: "E05001309",
                description: "Historic town hall with a large hall and meeting rooms for community events.",
                times: "Mon-Fri 09:00-17:00; closed bank holidays", access: [.stepFreeAccess, .accessibleToilet, .hearingLoop], languages: ["English"], cost: .fee, capacity: 300),
        Example(name: "Walsall Mela", category: .storiesAndCulture, term: "festival", ward: "E05001316",
                description: "Summer celebration of South Asian music, dance and food, open to everyone.",
                languages: ["English", "Punjabi", "Urdu"], cost: .free),
        Example(name: "Caldmore Community Café", category: .economicExchange, term: "community-cafe", ward: "E05001311",
                description: "Social enterprise café offering training for people looking for work.",
                times: "Mon-Fri 08:30-15:00", access: [.stepFreeAccess, .accessibleToilet], languages: ["English", "Urdu", "Romanian"], cost: .fee, capacity: 35, organisation: 1),
        Example(name: "Walsall Citizens Advice drop-in", category: .institutions, term: "advice-service", ward: "E05001316",
                description: "Free, confidential advice on benefits, debt, housing and immigration.",
                times: "Mon 10:00-14:00; Wed 10:00-14:00; closed bank holidays", access: [.stepFreeAccess, .hearingLoop, .bsl], languages: ["English", "Urdu", "Polish"], cost: .free),
        Example(name: "Darlaston Fabric Art Collective", category: .storiesAndCulture, term: "arts-group", ward: "E05001309",
                description: "Textile artists making banners that tell the stories of Darlaston's communities.",
                times: "Thu 13:00-16:00", access: [.stepFreeAccess], languages: ["English", "Punjabi"], cost: .donation),
        Example(name: "Palfrey Sure Start Children's Centre", category: .institutions, term: "health-service", ward: "E05001311",
                description: "Stay and play, health visitor clinics and parenting courses for families with young children.",
                times: "Mon-Fri 09:00-16:30; closed bank holidays", access: [.stepFreeAccess, .accessibleToilet, .babyChange], languages: ["English", "Urdu", "Bengali"],
                cost: .free, served: "Families with children under 5", ages: (0, 5)),
        Example(name: "Pleck Somali Community Association", category: .associations, term: "cultural-association", ward: "E05001314",
                description: "Homework club, advice and cultural events for the Somali community and their neighbours.",
                times: "Sat 11:00-15:00", languages: ["Somali", "English", "Arabic"], cost: .free),
        Example(name: "St Matthew's Church Warm Space", category: .physicalSpaces, term: "place-of-worship", ward: "E05001316",
                description: "Warm, welcoming space with hot drinks and soup through the winter.",
                times: "Tue 11:00-15:00; Thu 11:00-15:00; 2026-12-24 11:00-13:00; 2026-12-25 closed", access: [.stepFreeAccess, .accessibleToilet, .quietSpace],
                languages: ["English"], cost: .free, capacity: 50, spaceForAll: true),
        // West Walsall (E05001303, 17, 19, 20)
        Example(name: "Willenhall Youth Sports Club", category: .associations, term: "sports-club", ward: "E05001320",
                description: "Multi-sport club for young people: football, netball and boxing fitness.",
                times: "Mon 17:00-20:00; Wed 17:00-20:00", access: [.stepFreeAccess, .parking], languages: ["English"], cost: .fee, organisation: 3,
                served: "Young people", ages: (8, 18)),
        Example(name: "Willenhall Library", category: .institutions, term: "library", ward: "E05001320",
                description: "Library with a children's rhyme time, a job club and free Wi-Fi.",
                times: "Mon-Fri 09:30-17:00; Sat 09:30-13:00; closed bank holidays", access: [.stepFreeAccess, .accessibleToilet, .largePrint], languages: ["English"],
                cost: .free, capacity: 40, spaceForAll: true),
        Example(name: "Willenhall Lock Museum", category: .storiesAndCulture, term: "heritage", ward: "E05001320",
                description: "Museum of the town's lock-making history, with free family days and a reminiscence group.",
                times: "Wed-Sat 10:00-16:00; closed bank holidays", access: [.largePrint], languages: ["English"], cost: .donation),
        Example(name: "Short Heath Community Church", category: .physicalSpaces, term: "place-of-worship", ward: "E05001317",
                description: "Church hall with a parent and toddler group, warm space and a monthly community lunch.",
                times: "Mon 09:30-11:30; Thu 12:00-14:00", access: [.stepFreeAccess, .babyChange], languages: ["English"], cost: .free, capacity: 70, spaceForAll: true),
        Example(name: "Bentley Residents' Group", category: .associations, term: "residents-association", ward: "E05001303",
                description: "Neighbours meeting to improve the estate: a tool library, clean-ups and a youth panel.",
                times: "Thu 18:00-19:30", languages: ["English", "Polish"], cost: .free),
        Example(name: "Willenhall Memorial Park", category: .physicalSpaces, term: "green-space", ward: "E05001319",
                description: "Park with a bandstand, play area and space for community picnics.",
                access: [.stepFreeAccess, .parking], cost: .free),
        Example(name: "Darlaston North Polish Saturday School", category: .associations, term: "cultural-association", ward: "E05001303",
                description: "Polish language and culture lessons for children, and a parents' social group.",
                times: "Sat 09:00-13:00", languages: ["Polish", "English"], cost: .fee, ages: (5, 16)),
        Example(name: "Willenhall Traders' Association", category: .economicExchange, term: "local-business", ward: "E05001320",
                description: "Local businesses offering apprenticeships and sponsoring the Christmas lights switch-on.",
                languages: ["English"]),
        Example(name: "Short Heath Repair Café", category: .economicExchange, term: "community-cafe", ward: "E05001317",
                description: "Bring broken things and fix them with volunteers; tea and cake while you wait.",
                times: "2026-12-12 10:00-13:00", access: [.stepFreeAccess], languages: ["English"], cost: .free),
        Example(name: "Willenhall Job Club", category: .institutions, term: "advice-service", ward: "E05001319",
                description: "Help with CVs, applications and interviews; links to local employers.",
                times: "Tue 10:00-12:30; closed bank holidays", access: [.stepFreeAccess, .accessibleToilet], languages: ["English", "Romanian"], cost: .free, served: "Adults looking for work"),
        Example(name: "Bentley Bhangra and Dhol Group", category: .storiesAndCulture, term: "arts-group", ward: "E05001303",
                description: "Dance and drumming for all ages, performing at local festivals.",
                times: "Fri 18:00-20:00", access: [.stepFreeAccess], languages: ["Punjabi", "English"], cost: .donation),
        // Drafts and archived, and the people whose skills are recorded (never public).
        Example(name: "Brownhills Men's Shed", category: .associations, term: nil, ward: "E05001308",
                description: "Planned woodwork and repair group for older men; looking for a space.", status: .draft),
        Example(name: "Old Pleck Youth Club", category: .physicalSpaces, term: "community-centre", ward: "E05001314",
                description: "Closed in 2025; the building is being sold.", status: .archived),
        Example(name: "Amira K.", category: .individuals, term: "interpreting", ward: "E05001311",
                description: "Interprets Arabic and Kurdish for community meetings; happy to help at events in Palfrey.", status: .draft),
        Example(name: "Dave M.", category: .individuals, term: "skills-to-share", ward: "E05001307",
                description: "Retired electrician; happy to teach basic repairs at the Men's Shed.", status: .draft),
        Example(name: "Grace O.", category: .individuals, term: "skills-to-share", ward: "E05001320",
                description: "Runs choir warm-ups; would lead a community singing group.", status: .draft),
    ]

    @Sendable static func seed(_ demo: DemoContext) async throws {
        let tenant = demo.tenant
        guard try await tenant.query(Asset.self).filter(\.$isExample == true).first() == nil else { return }
        let terms = Dictionary(uniqueKeysWithValues: try await tenant.query(AssetTaxonomyTerm.self).all().map { ($0.code, $0) })
        let organisations = try await tenant.query(Organisation.self).all()
        let orgByName = Dictionary(organisations.map { ($0.name, $0.id!) }, uniquingKeysWith: { a, _ in a })
        let wards = Dictionary(uniqueKeysWithValues: try await tenant.query(Area.self).filter(\.$kind == .ward).all().map { ($0.code, $0) })
        let today = CalendarDate.inLondon(demo.now)
        for (index, example) in examples.enumerated() {
            let asset = tenant.adopt(Asset())
            asset.name = example.name + " (example)"
            asset.description = example.description
            asset.category = example.category
            asset.$taxonomyTerm.id = example.term.flatMap { terms[$0]?.id }
            asset.$organisation.id = example.organisation.map { OrganisationDemo.organisations[$0].name }.flatMap { orgByName[$0] }
            let ward = wards[example.ward]
            let point = PlacesDemo.wardPoints[example.ward]
            // Spread a ward's assets a little around its point (about 100 m) so they don't stack.
            let offset = Double(index % 5 - 2) * 0.0007
            asset.latitude = point.map { $0.latitude + offset }
            asset.longitude = point.map { $0.longitude - offset }
            asset.locationSource = "point"
            asset.wardCode = example.ward
            asset.$locality.id = ward?.$parent.id
            asset.postcode = PlacesDemo.demoPostcodes[example.ward]
            asset.address = example.category == .individuals ? nil : "\(10 + index) High Street"
            asset.contactEmail = example.category == .individuals ? nil : "hello@example.org"
            asset.contactPhone = example.category == .individuals ? nil : "01922 650000"
            asset.openingTimes = (try? OpeningTimes.parse(example.times).get()) ?? OpeningTimes()
            asset.accessibility = example.access
            asset.languages = example.languages
            asset.communitiesServed = example.served
            asset.cost = example.cost
            asset.capacity = example.capacity
            asset.minimumAge = example.ages.0
            asset.maximumAge = example.ages.1
            asset.spaceForAll = example.spaceForAll
            asset.status = example.status
            // Most were checked recently; every seventh is overdue, so reminders have work to do.
            let checked = today.adding(days: index % 7 == 0 ? -400 : -30 - index)
            asset.lastVerified = checked.iso
            asset.nextReview = checked.adding(days: 365).iso
            if example.category == .individuals {
                asset.consentRecordedOn = checked.iso
                asset.consentNote = "Signed consent form at a community day (example)"
            }
            asset.isExample = true
            asset.refreshSearchText(termName: example.term.flatMap { terms[$0]?.name })
            try await asset.create(on: demo.database)
        }
        try await suggestions(demo)
    }

    /// Two pending suggestions: a new group and a correction to a published asset.
    static func suggestions(_ demo: DemoContext) async throws {
        let tenant = demo.tenant
        let new = tenant.adopt(AssetSuggestion())
        new.proposed = ["name": "Streetly Knit and Natter (example)", "category": AssetCategory.associations.rawValue,
                        "description": "Knitting group that meets at the café on Tuesday mornings; everyone welcome.",
                        "postcode": "", "opening_times": "Tue 10:00-12:00", "cost": AssetCost.free.rawValue]
        new.message = "There is nothing listed in Streetly and this group is lovely."
        new.status = .pending
        new.isExample = true
        try await new.create(on: demo.database)
        if let library = try await tenant.query(Asset.self).filter(\.$name == "Willenhall Library (example)").first() {
            let correction = tenant.adopt(AssetSuggestion())
            correction.$asset.id = library.id
            correction.proposed = ["opening_times": "Mon-Fri 09:30-17:00; Sat 09:30-16:00; closed bank holidays", "languages": "English, Polish"]
            correction.message = "They are open until 4pm on Saturdays now, and there is a Polish-speaking librarian."
            correction.status = .pending
            correction.isExample = true
            try await correction.create(on: demo.database)
        }
    }

    @Sendable static func routeExamples(_ context: RouteExampleContext) async throws -> [RouteExample] {
        let tenant = context.tenant
        guard let asset = try await tenant.query(Asset.self).filter(\.$status == .published).filter(\.$category != .individuals).sort(\.$name).first(),
              let term = try await tenant.query(AssetTaxonomyTerm.self).sort(\.$code).first() else { return [] }
        let id = try asset.requireID()
        var examples: [RouteExample] = [
            .example(Assets.Routes.show, id), .example(Assets.Routes.edit, id), .example(Assets.Routes.delete, id), .example(Assets.Routes.directoryEntry, id),
            .example(Assets.Routes.suggestCorrection, id), .example(Assets.Routes.openReferralService, id),
            .example(Assets.Routes.openReferralServiceAtLocation, OpenReferralIDs.serviceAtLocation(asset: id)), .example(Assets.Routes.apiShow, id),
            .example(Assets.Routes.term, try term.requireID()), .example(Assets.Routes.openReferralTaxonomyTerm, try term.requireID()),
            .example(Assets.Routes.openReferralTaxonomy, OpenReferralIDs.taxonomy(council: tenant.councilID)),
        ]
        if let suggestion = try await tenant.query(AssetSuggestion.self).sort(\.$createdAt).first() {
            examples.append(.example(Assets.Routes.suggestion, try suggestion.requireID()))
        }
        return examples
    }
}
