/// How a choropleth groups values into shades.
public enum ClassificationMethod: String, Sendable, CaseIterable, Codable {
    /// About the same number of areas in each group: good for skewed data such as counts.
    case quantiles
    /// Groups of equal width: good when the values' size itself matters, e.g. percentages.
    case equalIntervals
}

/// The bins of a choropleth. `breaks` ascend; bin i holds values from `breaks[i]` up to but not
/// including `breaks[i + 1]`, and the last bin includes its top, so every value between the
/// lowest and highest falls in exactly one bin.
///
/// Fewer bins than asked for are made when the values can't fill them: tied quantiles merge,
/// and when every value is the same there is a single bin holding just that value.
public struct Classification: Sendable, Hashable {
    public let method: ClassificationMethod
    public let breaks: [Double]

    /// Non-finite values (missing data) are ignored. `bins` is kept within 1...9.
    public init(values: [Double], method: ClassificationMethod, bins: Int) {
        self.method = method
        let sorted = values.filter(\.isFinite).sorted()
        let wanted = min(max(bins, 1), 9)
        guard let low = sorted.first, let high = sorted.last else { breaks = []; return }
        guard low < high else { breaks = [low, high]; return }
        let raw: [Double]
        switch method {
        case .equalIntervals:
            raw = (0...wanted).map { $0 == wanted ? high : low + (high - low) * Double($0) / Double(wanted) }
        case .quantiles:
            raw = (0...wanted).map { i in
                sorted[Int((Double(i) * Double(sorted.count - 1) / Double(wanted)).rounded())]
            }
        }
        breaks = Self.strictlyIncreasing(raw)
    }

    /// Drops repeated breaks (ties between quantiles) so no bin is empty by construction.
    private static func strictlyIncreasing(_ raw: [Double]) -> [Double] {
        var out: [Double] = []
        for b in raw where out.last.map({ b > $0 }) ?? true { out.append(b) }
        return out.count == 1 ? [out[0], out[0]] : out
    }

    public var binCount: Int { max(0, breaks.count - 1) }

    /// The bin holding a value, or nil for a missing value or one outside the range classified.
    public func bin(for value: Double) -> Int? {
        guard value.isFinite, let low = breaks.first, let high = breaks.last, value >= low, value <= high else { return nil }
        if value == high { return binCount - 1 }
        var lo = 0, hi = binCount - 1
        while lo < hi { // the last i with breaks[i] <= value
            let mid = (lo + hi + 1) / 2
            if breaks[mid] <= value { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The values bin i covers.
    public func range(ofBin i: Int) -> ClosedRange<Double>? {
        guard i >= 0, i < binCount else { return nil }
        return breaks[i]...breaks[i + 1]
    }

    /// A legend label such as "10 to 20" (or "10" when the bin holds one value).
    public func label(ofBin i: Int, format: ValueFormat) -> String {
        guard let r = range(ofBin: i) else { return "" }
        let low = format.string(r.lowerBound), high = format.string(r.upperBound)
        return low == high ? low : "\(low) to \(high)"
    }
}
