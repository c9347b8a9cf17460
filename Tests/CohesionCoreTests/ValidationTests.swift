@testable import CohesionCore
import PropertyBased
import Testing

@Suite struct OrganisationNumberTests {
    @Test(arguments: [
        ("1012345", "1012345", CharityNumber.Register.englandAndWales),
        ("216401", "216401", .englandAndWales),
        (" 1 012 345 ", "1012345", .englandAndWales),
        ("1012345-1", "1012345-1", .englandAndWales),
        ("sc012345", "SC012345", .scotland),
        ("NIC100001", "NIC100001", .northernIreland),
    ])
    func acceptsRealCharityNumbers(raw: String, number: String, register: CharityNumber.Register) {
        #expect(CharityNumber.parse(raw) == .init(register: register, number: number))
    }

    @Test(arguments: ["", "12345", "12345678", "0123456", "SC12345", "NIC1234567", "1012345-", "1012345-1-2", "ABCDEFG", "1012345-1234"])
    func rejectsMalformedCharityNumbers(raw: String) {
        #expect(CharityNumber.parse(raw) == nil)
    }

    @Test func charityRegistersMapToOrgIDPrefixes() {
        #expect(CharityNumber.Register.englandAndWales.orgIDPrefix == "GB-CHC")
        #expect(CharityNumber.Register.scotland.orgIDPrefix == "GB-SC")
    }

    @Test(arguments: [("1234567", "01234567"), ("01234567", "01234567"), ("sc123456", "SC123456"), ("OC 301234", "OC301234"), ("42", "00000042")])
    func acceptsCompanyNumbers(raw: String, expected: String) {
        #expect(CompanyNumber.parse(raw) == expected)
    }

    @Test(arguments: ["", "0", "00000000", "123456789", "XX123456", "SC12345", "SC1234567", "S C12345"])
    func rejectsMalformedCompanyNumbers(raw: String) {
        #expect(CompanyNumber.parse(raw) == nil)
    }

    @Test func anyNonZeroNumberOfUpToEightDigitsBecomesEightCharactersAndIsStable() async {
        await propertyCheck(input: Gen.int(in: 1...99_999_999)) { n in
            let parsed = CompanyNumber.parse(String(n))
            #expect(parsed?.count == 8)
            #expect(parsed.flatMap { Int($0) } == n)
            #expect(parsed.flatMap(CompanyNumber.parse) == parsed)
        }
    }
}

@Suite struct AreaCodeAndContactTests {
    @Test func gssCodesKnowTheirKind() {
        #expect(GSSCode("E08000030")?.kind == .district)
        #expect(GSSCode("e05001301")?.value == "E05001301")
        #expect(GSSCode("E05001301")?.kind == .ward)
        #expect(GSSCode("E01010241")?.kind == .lsoa)
        #expect(GSSCode("E02002000")?.kind == .msoa)
        #expect(GSSCode("E0800003") == nil)
        #expect(GSSCode("X08000030") == nil)
        #expect(GSSCode("E0800003O") == nil)
    }

    @Test(arguments: [("ws1 1tp", "WS1 1TP"), ("WS11TP", "WS1 1TP"), ("b1 1aa", "B1 1AA"), ("EC1A1BB", "EC1A 1BB"), (" w1a 0ax ", "W1A 0AX")])
    func postcodesAreNormalised(raw: String, expected: String) {
        #expect(Postcode.normalise(raw) == expected)
    }

    @Test(arguments: ["", "WS1", "NOTAPOSTCODE", "12345", "WS1 1T1", "1WS 1TP"])
    func badPostcodesAreRejected(raw: String) {
        #expect(Postcode.normalise(raw) == nil)
    }

    @Test func normalisingAPostcodeTwiceChangesNothing() async {
        let letters = Gen.letter.string(of: 1...2)
        await propertyCheck(input: letters, Gen.int(in: 1...99), Gen.int(in: 0...9), Gen.letter.string(of: 2...2)) { area, district, sector, unit in
            let raw = "\(area)\(district)\(sector)\(unit)".lowercased()
            guard let once = Postcode.normalise(raw) else { return }
            #expect(Postcode.normalise(once) == once)
            #expect(once == once.uppercased())
        }
    }

    @Test func emailsPhonesAndWebsites() {
        #expect(ContactDetails.isPlausibleEmail("asha.khan@walsall.gov.uk"))
        #expect(!ContactDetails.isPlausibleEmail("asha@"))
        #expect(!ContactDetails.isPlausibleEmail("asha khan@example.org"))
        #expect(!ContactDetails.isPlausibleEmail("asha@example"))
        #expect(ContactDetails.normalisedEmail(" Asha@Example.ORG ") == "asha@example.org")
        #expect(ContactDetails.isPlausiblePhone("01922 650000"))
        #expect(ContactDetails.isPlausiblePhone("+44 (0)7700 900982"))
        #expect(!ContactDetails.isPlausiblePhone("12"))
        #expect(!ContactDetails.isPlausiblePhone("call me"))
        #expect(ContactDetails.isPlausibleWebsite("https://go.walsall.gov.uk/community"))
        #expect(!ContactDetails.isPlausibleWebsite("javascript:alert(1)"))
        #expect(!ContactDetails.isPlausibleWebsite("ftp://example.org"))
        #expect(!ContactDetails.isPlausibleWebsite("https://localhost"))
    }
}

@Suite struct AccountRuleTests {
    @Test func passwordPolicyExplainsWhatIsWrong() {
        #expect(PasswordPolicy.problem(with: "") == "Enter a password")
        #expect(PasswordPolicy.problem(with: "short") == "Password must be 10 characters or more")
        #expect(PasswordPolicy.problem(with: "Password123") == "Choose a password that is harder to guess")
        #expect(PasswordPolicy.problem(with: "aaaaaaaaaaaa") == "Choose a password that is harder to guess")
        #expect(PasswordPolicy.problem(with: String(repeating: "é", count: 40)) != nil, "80 bytes is over bcrypt's 72")
        #expect(PasswordPolicy.problem(with: "lanterns over the canal") == nil)
    }

    @Test func everyFifthFailureInARowLocksForFifteenMinutes() {
        let lockout = SignInLockout()
        var failures = 0
        var locks: [Int] = []
        for attempt in 1...12 {
            let outcome = lockout.afterFailure(previousFailures: failures, now: 1000)
            failures = outcome.failures
            if let until = outcome.lockedUntil {
                locks.append(attempt)
                #expect(until == 1000 + 900)
            }
        }
        #expect(failures == 12, "the count keeps going")
        #expect(locks == [5, 10])
        #expect(lockout.isLocked(lockedUntil: 1900, now: 1000 + 899))
        #expect(!lockout.isLocked(lockedUntil: 1900, now: 1000 + 900))
        #expect(!lockout.isLocked(lockedUntil: nil, now: 0))
    }

    @Test func changeSummariesNameChangedFieldsAndHideRedactedOnes() {
        let summary = ChangeSummary.describe(before: ["name": "A", "email": "a@x.org", "role": "officer"],
                                             after: ["name": "B", "email": "a@x.org", "role": "viewer", "phone": "1"],
                                             redacted: ["phone"])
        #expect(summary == "name: \"A\" → \"B\"; phone changed; role: \"officer\" → \"viewer\"")
        #expect(ChangeSummary.describe(before: ["a": "1"], after: ["a": "1"]) == "no changes")
        #expect(ChangeSummary.describe(created: ["name": "X", "notes": "", "secret": "s"], redacted: ["secret"]) == "name: \"X\"; secret set")
    }
}
