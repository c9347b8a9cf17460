import CohesionCore
import Crypto
import Foundation

/// Stable ids for what Open Referral needs but the register doesn't store as rows: the council's
/// taxonomy, and a term for each ABCD category (the parents of the council's finer terms). Made
/// from the council's id and a name (SHA-256, shaped as a version 5-style UUID), so they are the
/// same on every request and every server.
enum OpenReferralIDs {
    static func taxonomy(council: UUID) -> UUID { stable(council, "taxonomy") }
    static func categoryTerm(council: UUID, category: AssetCategory) -> UUID { stable(council, "category:" + category.rawValue) }

    static func stable(_ council: UUID, _ name: String) -> UUID {
        var bytes = Array(SHA256.hash(data: Data((council.uuidString + "/" + name).utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
