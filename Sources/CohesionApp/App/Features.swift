/// The one list of features, in order. Order matters twice: migrations run in this order (a
/// feature's tables may refer to those of features before it), and navigation links and
/// dashboard cards appear in it. Adding a feature is one line here (docs/adding-a-feature.md).
enum Features {
    static var all: [Feature] {
        [
            PlatformFeatures.councils,
            Home.feature,
            Places.feature,
            Organisations.feature,
            Assets.feature,
            PlatformFeatures.accounts,
            Accounts.feature,
            Grants.feature,
            Surveys.feature,
            Indicators.feature,
            About.feature,
        ]
    }
}
