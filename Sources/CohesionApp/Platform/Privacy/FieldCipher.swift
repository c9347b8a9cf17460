import Crypto
import Foundation

/// Encrypts special category answers (ethnic group, religion, disability...) before they reach
/// the database, with AES-256-GCM (DESIGN.md, "Privacy"). A stored value reads
/// `v1.<key id>.<base64url of nonce, ciphertext and tag>`, so that:
/// - a database copy, a backup or a stray `SELECT` shows no answer in clear text;
/// - each value names the key that sealed it, and several keys can be in use at once while
///   `cohesion keys rotate` re-encrypts old values with the current key (docs/operations.md);
/// - the authenticated data is the value's column (`survey_responses.ethnic_group`), so a value
///   copied into another column fails to open instead of being read as something else.
///
/// Values are small (a category key), so one seal per value costs microseconds.
struct FieldCipher: Sendable {
    struct Key: Sendable {
        let id: String
        let key: SymmetricKey
    }

    enum Failure: Error, CustomStringConvertible {
        case malformed
        case unknownKey(String)
        case notAuthentic(column: String)

        var description: String {
            switch self {
            case .malformed: "An encrypted value is damaged: it doesn't have the form v1.<key>.<data>."
            case .unknownKey(let id): "A value was encrypted with key \"\(id)\", which is not in COHESION_FIELD_KEYS. Add the old key back (after the current one) until `cohesion keys rotate` has re-encrypted everything."
            case .notAuthentic(let column): "An encrypted value in \(column) failed its integrity check: it was changed, or copied from another column."
            }
        }
    }

    /// The key new values are sealed with: the first of COHESION_FIELD_KEYS.
    let current: Key
    /// Every key that can open a value, current included.
    let keys: [String: SymmetricKey]

    init(keys ordered: [Key]) {
        precondition(!ordered.isEmpty, "a field cipher needs a key")
        current = ordered[0]
        keys = Dictionary(ordered.map { ($0.id, $0.key) }, uniquingKeysWith: { first, _ in first })
    }

    static let prefix = "v1."

    func seal(_ plaintext: String, column: String) -> String {
        // AES.GCM.seal only throws for a wrong-sized nonce or key, and both are made here.
        let box = try! AES.GCM.seal(Data(plaintext.utf8), using: current.key, authenticating: Data(column.utf8))
        return Self.prefix + current.id + "." + Secrets.base64URL(box.combined!)
    }

    func open(_ stored: String, column: String) throws(Failure) -> String {
        let (id, data) = try Self.parts(stored)
        guard let key = keys[id] else { throw .unknownKey(id) }
        do {
            let box = try AES.GCM.SealedBox(combined: data)
            let plain = try AES.GCM.open(box, using: key, authenticating: Data(column.utf8))
            guard let text = String(data: plain, encoding: .utf8) else { throw Failure.malformed }
            return text
        } catch {
            throw .notAuthentic(column: column)
        }
    }

    /// Whether a stored value was sealed with the current key (rotation skips those).
    func isCurrent(_ stored: String) -> Bool {
        (try? Self.parts(stored).id) == current.id
    }

    static func parts(_ stored: String) throws(Failure) -> (id: String, data: Data) {
        guard stored.hasPrefix(prefix) else { throw .malformed }
        let rest = stored.dropFirst(prefix.count)
        guard let dot = rest.firstIndex(of: "."), let data = Self.base64URLDecoded(String(rest[rest.index(after: dot)...])),
              data.count >= 12 + 16 else { throw .malformed }
        return (String(rest[..<dot]), data)
    }

    /// On the UTF-8 bytes: `replacingOccurrences` goes through NSString on Linux, and was 60% of
    /// opening a value when a wave's ethnic groups are read for weighting (bench/README.md).
    static func base64URLDecoded(_ text: String) -> Data? {
        var bytes = Array(text.utf8)
        for i in bytes.indices {
            switch bytes[i] {
            case UInt8(ascii: "-"): bytes[i] = UInt8(ascii: "+")
            case UInt8(ascii: "_"): bytes[i] = UInt8(ascii: "/")
            default: break
            }
        }
        bytes += Array(repeating: UInt8(ascii: "="), count: (4 - bytes.count % 4) % 4)
        return Data(base64Encoded: Data(bytes))
    }

    // MARK: Keys from configuration

    /// `COHESION_FIELD_KEYS`: comma-separated `id:base64-of-32-bytes`, current key first.
    static func parseKeys(_ text: String) -> Result<[Key], AppConfig.ConfigError> {
        var keys: [Key] = []
        for (n, entry) in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }).enumerated() where !entry.isEmpty {
            let fail = { (why: String) in AppConfig.ConfigError(setting: "COHESION_FIELD_KEYS", reason: "key \(n + 1) \(why). Each key is id:secret, where the secret is 32 random bytes in base64 (make one with `cohesion keys generate`).") }
            let halves = entry.split(separator: ":", maxSplits: 1).map(String.init)
            guard halves.count == 2 else { return .failure(fail("has no id")) }
            guard isKeyID(halves[0]) else { return .failure(fail("has an id that isn't 1 to 20 letters, digits, - or _")) }
            guard let bytes = Data(base64Encoded: halves[1]) ?? base64URLDecoded(halves[1]), bytes.count == 32 else {
                return .failure(fail("is not 32 bytes in base64"))
            }
            guard !keys.contains(where: { $0.id == halves[0] }) else { return .failure(fail("repeats the id \(halves[0])")) }
            keys.append(Key(id: halves[0], key: SymmetricKey(data: bytes)))
        }
        guard !keys.isEmpty else { return .failure(AppConfig.ConfigError(setting: "COHESION_FIELD_KEYS", reason: "has no key")) }
        return .success(keys)
    }

    static func isKeyID(_ id: String) -> Bool {
        (1...20).contains(id.count) && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    /// For development, the demo and tests when no key is configured: fixed and public, so it
    /// protects nothing, which is why production refuses to start without a real key
    /// (`AppConfig.productionProblem`).
    static let developmentKey = Key(id: "dev", key: SymmetricKey(data: SHA256.hash(data: Data("Cohesion development field key: not secret".utf8))))

    /// A new random key in the configuration's form.
    static func generateKey(id: String) -> String {
        id + ":" + SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }
}
