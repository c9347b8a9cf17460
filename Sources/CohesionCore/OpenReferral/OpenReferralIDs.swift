import Foundation

extension OpenReferral {
    /// A stable UUID for a record Cohesion has no row of its own for (a schedule, an address, an
    /// accessibility entry, a taxonomy term), made from the id of the record it belongs to.
    ///
    /// The schema requires a UUID `id` on every nested object, and a consumer that syncs the feed
    /// sees a record whose id changes on every request as deleted and re-added. This is an
    /// RFC 9562 version 5 (name-based, SHA-1) UUID with `parent` as the namespace when it is a
    /// UUID, so anyone can recompute it: in Python, `uuid.uuid5(uuid.UUID(parent), name)`.
    /// A `parent` that is not a UUID is folded into the name under `cohesionNamespace`.
    public static func derivedID(_ parent: String, _ name: String) -> String {
        DerivedIDs.texts.value(for: DerivedIDs.Key(parent: parent, name: name)) {
            if let namespace = UUID(uuidString: parent) { return nameBasedUUID(namespace: namespace, name: name) }
            return nameBasedUUID(namespace: cohesionNamespace, name: parent + "/" + name)
        }
    }

    /// `derivedID` of a record's UUID, as a UUID.
    public static func derivedUUID(_ parent: UUID, _ name: String) -> UUID {
        DerivedIDs.uuids.value(for: DerivedIDs.Key(parent: parent.uuidString, name: name)) {
            let text = derivedID(parent.uuidString, name)
            guard let id = UUID(uuidString: text) else { preconditionFailure("derivedID made \(text), not a UUID") }
            return id
        }
    }

    /// The namespace for ids that do not hang off a record's UUID (the asset category taxonomy
    /// and its terms). A random UUID chosen once; never change it, or every consumer sees those
    /// records replaced.
    public static let cohesionNamespace = UUID(uuidString: "ec4316bb-04e1-45f6-9ce1-d05c1c9b92b6")!

    static func nameBasedUUID(namespace: UUID, name: String) -> String {
        let n = namespace.uuid
        var bytes: [UInt8] = [n.0, n.1, n.2, n.3, n.4, n.5, n.6, n.7, n.8, n.9, n.10, n.11, n.12, n.13, n.14, n.15]
        bytes.append(contentsOf: Array(name.utf8))
        var digest = SHA1.hash(bytes)
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        let u = digest
        return UUID(uuid: (u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]))
            .uuidString.lowercased()
    }
}

/// SHA-1 (FIPS 180-4), only to derive version 5 UUIDs, which the UUID standard defines with it.
/// Not for anything secret: CohesionCore has no crypto library, and ids need none.
enum SHA1 {
    static func hash(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var data = message
        let bitLength = UInt64(message.count) * 8
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { data.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        var w = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: data.count, by: 64) {
            for i in 0..<16 {
                let j = chunk + i * 4
                w[i] = UInt32(data[j]) << 24 | UInt32(data[j + 1]) << 16 | UInt32(data[j + 2]) << 8 | UInt32(data[j + 3])
            }
            for i in 16..<80 { w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1) }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for i in 0..<80 {
                let (f, k): (UInt32, UInt32) = switch i {
                case 0..<20: ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (b ^ c ^ d, 0xCA62_C1D6)
                }
                let t = rotl(a, 5) &+ f &+ e &+ k &+ w[i]
                (e, d, c, b, a) = (d, c, rotl(b, 30), a, t)
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
        }
        return h.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> UInt32(24 - $0 * 8)) } }
    }

    private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { x << n | x >> (32 - n) }
}

/// Derived ids already made. A feed's page derives a dozen per service (its schedules, place,
/// contact, attributes) on every request, each a SHA-1 and two passes through UUID text, which a
/// profile put at a sixth of an Open Referral list's time; they never change, so they are kept.
/// Bounded: emptied when it holds `limit`.
enum DerivedIDs {
    struct Key: Hashable { let parent: String; let name: String }
    static let texts = Memo<String>()
    static let uuids = Memo<UUID>()
    static let limit = 200_000

    final class Memo<Value: Sendable>: @unchecked Sendable {
        // NSLock rather than Synchronization's Mutex: that needs macOS 15, the package supports 13.
        private let lock = NSLock()
        private var known: [DerivedIDs.Key: Value] = [:]

        func value(for key: DerivedIDs.Key, _ make: () -> Value) -> Value {
            if let value = lock.withLock({ known[key] }) { return value }
            let value = make()
            lock.withLock {
                if known.count >= DerivedIDs.limit { known.removeAll(keepingCapacity: true) }
                known[key] = value
            }
            return value
        }
    }
}
