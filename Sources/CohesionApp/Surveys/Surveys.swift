import CohesionCore
import Fluent
import Vapor

/// The cohesion survey: the question bank (the Community Life Survey's standard items and the
/// council's own), waves, the public questionnaire, imports of answers collected elsewhere, and
/// weighting to the census with estimates for every area (docs/adding-a-feature.md). The
/// statistics are in CohesionCore (`Raking`, `SurveyEstimates`, `SurveyEstimateTable`); the
/// Indicators feature shows the estimates.
enum Surveys {
    static var feature: Feature {
        Feature(
            name: "Surveys",
            migrations: [CreateSurveys()],
            routes: { routes, _ in register(routes) },
            navigation: [
                NavigationEntry(label: "Surveys", link: Routes.index, access: .permission(.manageSurveys)),
                NavigationEntry(label: "Have your say", link: Routes.haveYourSay, access: .anyone, audience: .footer),
            ],
            dashboardCards: [
                DashboardCard(title: "Cohesion survey", link: Routes.index, access: .permission(.manageSurveys)) { context in
                    let open = try await context.tenant.query(SurveyWave.self).filter(\.$status == .open).count()
                    return "\(DisplayFormat.count(open, "survey wave")) open for answers."
                },
            ],
            auditRecordTypes: [.surveyWave, .surveyItem],
            demoSeed: SurveysDemo.seed,
            routeExamples: SurveysDemo.routeExamples,
            commands: [FeatureCommand(name: "survey", command: SurveyCommands())],
            indicatorSources: SurveyIndicators.sources,
            encryptedColumns: [SurveyResponse.ethnicGroupColumn])
    }

    enum Routes {
        // The public questionnaire.
        static let haveYourSay = SiteRoute("have-your-say")
        static let questionnaire = SiteRoute1<UUID>("have-your-say", parameter: "id")
        static let thanks = SiteRoute1<UUID>("have-your-say", parameter: "id", "thank-you")
        // The cohesion team.
        static let index = SiteRoute("surveys")
        static let questions = SiteRoute("surveys", "questions")
        static let newQuestion = SiteRoute("surveys", "questions", "new")
        static let newWave = SiteRoute("surveys", "waves", "new")
        static let wave = SiteRoute1<UUID>("surveys", "waves", parameter: "id")
        static let editWave = SiteRoute1<UUID>("surveys", "waves", parameter: "id", "edit")
        static let weightWave = SiteRoute1<UUID>("surveys", "waves", parameter: "id", "weight")
        static let importWave = SiteRoute1<UUID>("surveys", "waves", parameter: "id", "import")
        static let importColumns = SiteRoute1<UUID>("surveys", "imports", parameter: "id")
    }

    static func register(_ routes: RoutesBuilder) {
        let questionnaire = SurveyQuestionnaireController()
        routes.get(Routes.haveYourSay, access: .anyone, use: questionnaire.list)
        routes.get(Routes.questionnaire, access: .anyone, use: questionnaire.form)
        routes.post(Routes.questionnaire, access: .anyone, use: questionnaire.submit)
        routes.get(Routes.thanks, access: .anyone, use: questionnaire.thanks)

        let manage = SurveyManageController()
        routes.get(Routes.index, access: .permission(.manageSurveys), use: manage.index)
        routes.get(Routes.questions, access: .permission(.manageSurveys), use: manage.questions)
        routes.get(Routes.newQuestion, access: .permission(.manageSurveys), use: manage.newQuestion)
        routes.post(Routes.newQuestion, access: .permission(.manageSurveys), use: manage.createQuestion)
        routes.get(Routes.newWave, access: .permission(.manageSurveys), use: manage.newWave)
        routes.post(Routes.newWave, access: .permission(.manageSurveys), use: manage.createWave)
        routes.get(Routes.wave, access: .permission(.manageSurveys), use: manage.wave)
        routes.get(Routes.editWave, access: .permission(.manageSurveys), use: manage.editWave)
        routes.post(Routes.editWave, access: .permission(.manageSurveys), use: manage.updateWave)
        routes.post(Routes.weightWave, access: .permission(.manageSurveys), use: manage.weight)

        let imports = SurveyImportController()
        routes.get(Routes.importWave, access: .permission(.manageSurveys), use: imports.form)
        routes.upload(Routes.importWave, access: .permission(.manageSurveys), use: imports.upload)
        routes.get(Routes.importColumns, access: .permission(.manageSurveys), use: imports.columns)
        routes.post(Routes.importColumns, access: .permission(.manageSurveys), use: imports.commit)
    }
}

extension Permission {
    /// The survey's set-up, imports and weighting. Estimates reach everyone else through the
    /// indicators, after disclosure control.
    static let manageSurveys = Permission("manage surveys", roles: [.admin, .officer])
}

extension AuditRecordType {
    static let surveyWave = AuditRecordType(key: "survey_wave", label: "Survey wave")
    static let surveyItem = AuditRecordType(key: "survey_item", label: "Survey question")
}
