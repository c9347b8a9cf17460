@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// Field encryption (DESIGN.md, "Privacy"): special category answers are sealed with AES-GCM
/// before they reach the database, each value names its key, a value can't be moved to another
/// column or changed unnoticed, keys rotate without losing a value, nothing readable reaches the
/// database file, and every read of the sealed values is audited.
@Suite struct FieldEncryptionTests {
    static let column = SurveyResponse.ethnicGroupColumn.context

    /// A fresh random key in the configuration's form.
    static func key(_ id: String) throws -> FieldCipher.Key {
        try #require(try FieldCipher.parseKeys(FieldCipher.generateKey(id: id)).get().first)
    }

    /// The failure `body` throws, or nil when it doesn't.
    static func failure(_ body: () throws(FieldCipher.Failure) -> String) -> FieldCipher.Failure? {
        do { _ = try body(); return nil } catch { return error }
    }

    // MARK: Sealing and opening

    @Test func aValueSealsAndOpensAndNamesItsKey() throws {
        let cipher = FieldCipher(keys: [try Self.key("k2026a")])
        for plain in ["asian_indian", "white_british", "", "Prefer not to say – “quoted” ✓"] {
            let sealed = cipher.seal(plain, column: Self.column)
            #expect(sealed.hasPrefix("v1.k2026a."))
            #expect(!sealed.contains(plain) || plain.isEmpty)
            #expect(try cipher.open(sealed, column: Self.column) == plain)
            #expect(cipher.isCurrent(sealed))
        }
        // A fresh nonce each time: the same answer twice doesn't look the same in the database.
        #expect(cipher.seal("asian_indian", column: Self.column) != cipher.seal("asian_indian", column: Self.column))
    }

    @Test func aValueOpensOnlyInItsOwnColumnAndOnlyUnchanged() throws {
        let cipher = FieldCipher(keys: [try Self.key("k1")])
        let sealed = cipher.seal("black_caribbean", column: Self.column)

        // Copied into another column, it refuses to open rather than being read as that column's value.
        guard case .notAuthentic(let column)? = Self.failure({ () throws(FieldCipher.Failure) in try cipher.open(sealed, column: "organisations.religion") }) else {
            Issue.record("a value opened under another column"); return
        }
        #expect(column == "organisations.religion")

        // Any changed byte of the nonce, ciphertext or tag is found.
        let (id, data) = try FieldCipher.parts(sealed)
        for index in [0, 12, data.count - 1] {
            var changed = data
            changed[index] ^= 0x01
            let tampered = FieldCipher.prefix + id + "." + Secrets.base64URL(changed)
            guard case .notAuthentic? = Self.failure({ () throws(FieldCipher.Failure) in try cipher.open(tampered, column: Self.column) }) else {
                Issue.record("a value changed at byte \(index) still opened"); continue
            }
        }
        // Truncated, not of the form at all, or text where the data should be: damaged.
        for damaged in ["asian_indian", "v1.k1", "v1.k1.", "v2.k1." + Secrets.base64URL(data), "v1.k1.!!!", "v1.k1." + Secrets.base64URL(data.prefix(20))] {
            guard case .malformed? = Self.failure({ () throws(FieldCipher.Failure) in try cipher.open(damaged, column: Self.column) }) else {
                Issue.record("\(damaged) was not reported as damaged"); continue
            }
        }
        let message = FieldCipher.Failure.notAuthentic(column: Self.column).description
        #expect(message.contains("survey_responses.ethnic_group") && message.contains("integrity check"))
    }

    @Test func aValueUnderAKeyNoLongerConfiguredSaysWhichKey() throws {
        let old = FieldCipher(keys: [try Self.key("old2025")])
        let sealed = old.seal("mixed_other", column: Self.column)
        let new = FieldCipher(keys: [try Self.key("new2026")])
        guard case .unknownKey(let id)? = Self.failure({ () throws(FieldCipher.Failure) in try new.open(sealed, column: Self.column) }) else {
            Issue.record("a value under a missing key opened or failed otherwise"); return
        }
        #expect(id == "old2025")
        let message = FieldCipher.Failure.unknownKey(id).description
        #expect(message.contains("\"old2025\"") && message.contains("COHESION_FIELD_KEYS") && message.contains("cohesion keys rotate"))
        #expect(!new.isCurrent(sealed))
        // A key with the same id but other bytes is not the same key.
        let impostor = FieldCipher(keys: [try Self.key("old2025")])
        guard case .notAuthentic? = Self.failure({ () throws(FieldCipher.Failure) in try impostor.open(sealed, column: Self.column) }) else {
            Issue.record("a value opened with the wrong key of the same name"); return
        }
    }

    @Test func keysAreReadFromTheSettingWithTheCurrentOneFirst() throws {
        let a = Data((0..<32).map { UInt8($0) }), b = Data((100..<132).map { UInt8($0) })
        let keys = try FieldCipher.parseKeys(" new:\(b.base64EncodedString()) , old:\(Secrets.base64URL(a)) ,").get()
        #expect(keys.map(\.id) == ["new", "old"])
        let cipher = FieldCipher(keys: keys)
        #expect(cipher.current.id == "new" && Set(cipher.keys.keys) == ["new", "old"])
        // The generated form parses, and through the environment too.
        let generated = FieldCipher.generateKey(id: "k20260301")
        #expect(generated.hasPrefix("k20260301:"))
        let config = try AppConfig.fromEnvironment(["COHESION_FIELD_KEYS": generated], workingDirectory: "/nonexistent")
        #expect(config.fieldKeys.map(\.id) == ["k20260301"])
    }

    @Test func malformedKeysStopStartUpNamingTheSettingAndTheKey() throws {
        let good = Data(repeating: 7, count: 32).base64EncodedString()
        let cases: [(String, String)] = [
            ("\(good)", "key 1 has no id"),
            ("a:\(good),:\(good)", "key 2 has no id"),
            ("bad id!:\(good)", "key 1 has an id that isn't 1 to 20 letters, digits, - or _"),
            ("\(String(repeating: "k", count: 21)):\(good)", "key 1 has an id that isn't 1 to 20 letters, digits, - or _"),
            ("k1:\(Data(repeating: 7, count: 16).base64EncodedString())", "key 1 is not 32 bytes in base64"),
            ("k1:\(good),k2:not base64 at all", "key 2 is not 32 bytes in base64"),
            ("k1:\(good),k1:\(Data(repeating: 8, count: 32).base64EncodedString())", "key 2 repeats the id k1"),
            ("", "has no key"),
            (" , ,", "has no key"),
        ]
        for (text, reason) in cases {
            switch FieldCipher.parseKeys(text) {
            case .success(let keys):
                Issue.record("\(text) gave \(keys.count) keys")
            case .failure(let error):
                #expect(error.setting == "COHESION_FIELD_KEYS")
                #expect(error.reason.hasPrefix(reason), "\(text): \(error.reason)")
                #expect(error.description.hasPrefix("Configuration error in COHESION_FIELD_KEYS: "))
                if reason.hasPrefix("key") { #expect(error.reason.contains("cohesion keys generate"), "\(text): says how to make one") }
            }
        }
        // A malformed setting stops start-up; a blank one falls back to the development key.
        #expect(throws: AppConfig.ConfigError.self) { try AppConfig.fromEnvironment(["COHESION_FIELD_KEYS": "k1:short"], workingDirectory: "/nonexistent") }
        #expect(try AppConfig.fromEnvironment(["COHESION_FIELD_KEYS": "  "], workingDirectory: "/nonexistent").fieldKeys.isEmpty)
    }

    // MARK: Rotation

    struct Sealed: Decodable, Equatable { let id: UUID; let ethnic_group: String }

    static func sealedValues(_ db: Database) async throws -> [Sealed] {
        try await (db as! any SQLDatabase).select().columns("id", "ethnic_group").from("survey_responses")
            .where("ethnic_group", .isNot, SQLLiteral.null).orderBy("id").all(decoding: Sealed.self)
    }

    static func opened(_ values: [Sealed], _ cipher: FieldCipher) throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try values.map { ($0.id, try cipher.open($0.ethnic_group, column: column)) })
    }

    @Test func rotationReSealsEveryValueWithTheCurrentKeyAndIsSafeToRerun() async throws {
        let a = try Self.key("A"), b = try Self.key("B")
        try await withTestApp(adjust: { $0.fieldKeys = [a] }) { test in
            _ = try await Fixtures.make(test)
            let before = try await Self.sealedValues(test.db)
            // The demo's answers were sealed with the configured key.
            #expect(before.count > 200 && before.allSatisfy { $0.ethnic_group.hasPrefix("v1.A.") })
            let plain = try Self.opened(before, FieldCipher(keys: [a]))
            #expect(Set(plain.values).isSubset(of: Set(EthnicGroup.allCases.map(\.key))) && Set(plain.values).count > 3)

            let ring = FieldCipher(keys: [b, a])
            // Small batches, so that several are needed.
            let counts = try await RotateKeysCommand.rotate(columns: [SurveyResponse.ethnicGroupColumn], cipher: ring, on: test.db, batch: 37)
            #expect(counts.count == 1 && counts.first?.0 == SurveyResponse.ethnicGroupColumn && counts.first?.1 == before.count)
            let after = try await Self.sealedValues(test.db)
            #expect(after.map(\.id) == before.map(\.id))
            #expect(after.allSatisfy { $0.ethnic_group.hasPrefix("v1.B.") })
            #expect(try Self.opened(after, FieldCipher(keys: [b])) == plain, "the same answers, under the new key alone")

            let again = try await RotateKeysCommand.rotate(columns: [SurveyResponse.ethnicGroupColumn], cipher: ring, on: test.db)
            #expect(again.first?.1 == 0)
            #expect(try await Self.sealedValues(test.db) == after, "a rerun changes nothing")
        }
    }

    /// Key ids may hold `_` and letters of either case, and are compared exactly: a value under
    /// `k` is not current when the key is `K`, nor one under `ab1` when it is `a_1`.
    @Test func rotationComparesKeyIDsExactly() async throws {
        for (old, current) in [("k", "K"), ("ab1", "a_1")] {
            let oldKey = try Self.key(old), currentKey = try Self.key(current)
            try await withTestApp(adjust: { $0.fieldKeys = [oldKey] }) { test in
                _ = try await Fixtures.make(test)
                let before = try await Self.sealedValues(test.db)
                let plain = try Self.opened(before, FieldCipher(keys: [oldKey]))
                let counts = try await RotateKeysCommand.rotate(columns: [SurveyResponse.ethnicGroupColumn],
                                                                cipher: FieldCipher(keys: [currentKey, oldKey]), on: test.db)
                #expect(counts.first?.1 == before.count, "\(old) → \(current)")
                let after = try await Self.sealedValues(test.db)
                #expect(after.allSatisfy { $0.ethnic_group.hasPrefix("v1.\(current).") }, "\(old) → \(current)")
                #expect(try Self.opened(after, FieldCipher(keys: [currentKey])) == plain)
            }
        }
    }

    @Test func aValueUnderAnUnknownKeyStopsRotationWithoutHalfWriting() async throws {
        let a = try Self.key("A"), b = try Self.key("B"), lost = try Self.key("lost")
        try await withTestApp(adjust: { $0.fieldKeys = [a] }) { test in
            let f = try await Fixtures.make(test)
            // One answer sealed with a key nobody has any more.
            let stray = try #require(try await SurveyResponse.query(on: test.db).filter(\.$councilID == f.walsall.requireID())
                .filter(\.$sealedEthnicGroup != nil).first())
            let strayValue = FieldCipher(keys: [lost]).seal("asian_pakistani", column: Self.column)
            stray.sealedEthnicGroup = strayValue
            try await stray.update(on: test.db)
            let before = try await Self.sealedValues(test.db)
            let ring = FieldCipher(keys: [b, a])

            // One batch holds every value: the batch's transaction is undone, so nothing changes.
            do {
                _ = try await RotateKeysCommand.rotate(columns: [SurveyResponse.ethnicGroupColumn], cipher: ring, on: test.db, batch: 10_000)
                Issue.record("rotation went past a value it can't open")
            } catch let failure as FieldCipher.Failure {
                guard case .unknownKey("lost") = failure else { Issue.record("\(failure)"); return }
            }
            #expect(try await Self.sealedValues(test.db) == before, "nothing was written")

            // In smaller batches, batches before the stray one stay rotated and the rest are
            // untouched: every value still opens with the ring, to the same answer.
            await #expect(throws: FieldCipher.Failure.self) {
                _ = try await RotateKeysCommand.rotate(columns: [SurveyResponse.ethnicGroupColumn], cipher: ring, on: test.db, batch: 25)
            }
            let after = try await Self.sealedValues(test.db)
            #expect(after.map(\.id) == before.map(\.id))
            for (old, new) in zip(before, after) where old.id != stray.id {
                #expect(new.ethnic_group.hasPrefix("v1.A.") || new.ethnic_group.hasPrefix("v1.B."))
                #expect(try ring.open(new.ethnic_group, column: Self.column) == ring.open(old.ethnic_group, column: Self.column))
            }
            #expect(after.first { $0.id == stray.id }?.ethnic_group == strayValue)
        }
    }

    // MARK: Nothing readable in the database

    /// The groups the test answers with: keys and labels that must not be in the database.
    static let answered: [EthnicGroup] = [.indian, .pakistani, .bangladeshi, .caribbean, .african, .whiteAndBlackCaribbean,
                                          .gypsyOrIrishTraveller, .arab, .chinese]

    @Test func theDatabaseHoldsNoEthnicGroupInClearText() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cohesion-sealed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("cohesion.sqlite").path
        try await withTestApp(adjust: { $0.database = .sqlite(path: path) }) { test in
            let f = try await Fixtures.make(test)
            let wave = try await SurveyQuestionnaireTests.openWave(test, f)
            let browser = Browser(test)
            let wards = ["E05001314", "E05001316", "E05001311", "E05001320"]
            var submissions: [String] = []
            for (n, group) in Self.answered.enumerated() {
                let submission = UUID().uuidString
                submissions.append(submission)
                let sent = try await browser.post(SurveyQuestionnaireTests.path(wave), form: SurveyQuestionnaireTests.answers(
                    submission: submission, ward: wards[n % wards.count], ethnic: group.key))
                #expect(sent.status == .seeOther, "\(group): \(sent.status) \(sent.body.prefix(500))")
            }
            let mine = try await SurveyResponse.query(on: test.db).filter(\.$submissionKey ~~ submissions.map(Optional.some)).all()
            #expect(mine.count == Self.answered.count)
            // Each one opens to what was chosen.
            let opened = try mine.map { try test.app.fieldCipher.open(try #require($0.sealedEthnicGroup), column: Self.column) }
            #expect(Set(opened) == Set(Self.answered.map(\.key)))

            let keys = EthnicGroup.allCases.map(\.key)
            if TestApp.usesPostgres {
                // A file-based database is SQLite's; on PostgreSQL read the column as stored.
                struct Row: Decodable { let ethnic_group: String }
                let stored = try await (test.db as! any SQLDatabase).raw("SELECT ethnic_group FROM survey_responses WHERE ethnic_group IS NOT NULL")
                    .all(decoding: Row.self).map(\.ethnic_group)
                #expect(stored.count >= Self.answered.count)
                #expect(stored.allSatisfy { $0.hasPrefix("v1.") })
                for key in keys { #expect(!stored.contains { $0.contains(key) }, "\(key) in clear text") }
            } else {
                #expect(FileManager.default.fileExists(atPath: path), "the test app uses the file")
                var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
                if let wal = FileManager.default.contents(atPath: path + "-wal") { bytes.append(wal) }
                func holds(_ text: String) -> Bool { bytes.range(of: Data(text.utf8)) != nil }
                /// The text as a word: "Arab" but not "Arabic", which the demo's assets speak.
                func holdsWord(_ text: String) -> Bool {
                    let needle = Data(text.utf8)
                    var from = bytes.startIndex
                    while let found = bytes.range(of: needle, in: from..<bytes.endIndex) {
                        let before = found.lowerBound > bytes.startIndex ? bytes[found.lowerBound - 1] : 0x20
                        let after = found.upperBound < bytes.endIndex ? bytes[found.upperBound] : 0x20
                        func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
                        if !isLetter(before) && !isLetter(after) { return true }
                        from = found.lowerBound + 1
                    }
                    return false
                }
                // The reading works: what isn't sealed is there to be found.
                for submission in submissions { #expect(holds(submission), "the submission key \(submission) is stored in clear") }
                #expect(holds("E05001320") && holds("very_strongly") && holds("\"belonging\""))
                for key in keys { #expect(!holds(key), "\(key) is in the database file") }
                for group in Self.answered { #expect(!holdsWord(group.label), "\(group.label) is in the database file") }
                #expect(holds("Arabic"), "the word test can see a word in the file: the demo's assets speak Arabic")
                #expect(!holds(BroadEthnicGroup.asian.label) && !holds(BroadEthnicGroup.black.label))
            }
        }
    }

    // MARK: Reads are audited

    @Test func weightingAWaveAuditsReadingTheEthnicGroups() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            try await f.loadDemoCensus(test)
            let wave = try await SurveyQuestionnaireTests.openWave(test, f)
            let sealed = try await SurveyResponse.query(on: test.db).filter(\.$wave.$id == wave.requireID()).filter(\.$sealedEthnicGroup != nil).count()
            let all = try await SurveyResponse.query(on: test.db).filter(\.$wave.$id == wave.requireID()).count()
            #expect(sealed > 0 && sealed < all, "some answers have no ethnic group")
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            let reads = { try await AuditEvent.query(on: test.db).filter(\.$action == .view).filter(\.$recordType == AuditRecordType.surveyWave.key).all() }
            #expect(try await reads().isEmpty)

            let weighted = try await officer.post("/surveys/waves/\(wave.id!.uuidString)/weight")
            #expect(weighted.status == .seeOther && weighted.location == "/surveys/waves/\(wave.id!.uuidString)")
            let entries = try await reads()
            #expect(entries.count == 1)
            let entry = try #require(entries.first)
            #expect(entry.summary == "Read the ethnic group of \(DisplayFormat.count(sealed)) survey responses to weight \(wave.title) to the census")
            #expect(entry.actor == f.user(.officer).name && entry.userID == f.user(.officer).id)
            #expect(entry.recordID == wave.id!.uuidString && entry.councilID == f.walsall.id!)
            #expect(entry.ipAddress != nil)
            // Weighting again reads them again, and says so again.
            _ = try await officer.post("/surveys/waves/\(wave.id!.uuidString)/weight")
            #expect(try await reads().count == 2)
        }
    }

    /// Without the ethnic group among the weighting variables the sealed values are not opened,
    /// and no read is recorded.
    @Test func weightingWithoutTheEthnicGroupReadsNoSealedValue() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            try await f.loadDemoCensus(test)
            let wave = try await SurveyQuestionnaireTests.openWave(test, f)
            wave.weighting = [.ageSex, .ward]
            try await wave.update(on: test.db)
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            let weighted = try await officer.post("/surveys/waves/\(wave.id!.uuidString)/weight")
            #expect(weighted.status == .seeOther)
            #expect(try await AuditEvent.query(on: test.db).filter(\.$action == .view).count() == 0)
            let report = try #require(try await SurveyWave.find(wave.id, on: test.db)?.weightingReport)
            #expect(report.variables == ["age_sex", "ward"])
        }
    }
}

/// Base64url decoded on bytes reads back every encoding `Secrets.base64URL` writes, and refuses
/// what isn't base64url.
@Suite struct Base64URLTests {
    @Test func everyLengthAndByteReadsBack() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            let data = Data((0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
            #expect(FieldCipher.base64URLDecoded(Secrets.base64URL(data)) == data, "\(length) bytes")
        }
        #expect(FieldCipher.base64URLDecoded("-_-_") == Data([0xFB, 0xFF, 0xBF]))
        #expect(FieldCipher.base64URLDecoded("not base64!") == nil)
    }
}
