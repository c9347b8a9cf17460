/// A short human-readable account of what changed in a record, for the audit log.
public enum ChangeSummary {
    /// Lists the fields whose values differ, in the order of `after`'s keys sorted by name.
    /// Values named in `redacted` are reported as changed without showing them.
    public static func describe(
        before: [String: String], after: [String: String], redacted: Set<String> = []
    ) -> String {
        let keys = Set(before.keys).union(after.keys).sorted()
        let parts: [String] = keys.compactMap { key in
            let old = before[key] ?? ""
            let new = after[key] ?? ""
            guard old != new else { return nil }
            if redacted.contains(key) { return "\(key) changed" }
            return "\(key): \(quoted(old)) → \(quoted(new))"
        }
        return parts.isEmpty ? "no changes" : parts.joined(separator: "; ")
    }

    /// The fields of a new record, for a create entry.
    public static func describe(created fields: [String: String], redacted: Set<String> = []) -> String {
        fields.keys.sorted().compactMap { key in
            guard let value = fields[key], !value.isEmpty else { return nil }
            return redacted.contains(key) ? "\(key) set" : "\(key): \(quoted(value))"
        }.joined(separator: "; ")
    }

    static func quoted(_ value: String) -> String {
        let short = value.count > 80 ? String(value.prefix(77)) + "…" : value
        return value.isEmpty ? "(blank)" : "\"\(short)\""
    }
}
