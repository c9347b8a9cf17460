import Foundation

/// An sRGB colour with the checks an accessible chart needs: contrast against text (WCAG 2.x)
/// and how it looks to someone with deuteranopia, the commonest colour-vision deficiency.
public struct RGBColour: Sendable, Hashable, CustomStringConvertible {
    public var red: Double, green: Double, blue: Double // 0...1

    public init(red: Double, green: Double, blue: Double) {
        self.red = min(max(red, 0), 1)
        self.green = min(max(green, 0), 1)
        self.blue = min(max(blue, 0), 1)
    }

    /// From "#rrggbb"; nil for anything else.
    public init?(hex: String) {
        let digits = hex.hasPrefix("#") ? hex.dropFirst() : Substring(hex)
        guard digits.count == 6, let v = UInt32(digits, radix: 16) else { return nil }
        self.init(red: Double((v >> 16) & 0xFF) / 255, green: Double((v >> 8) & 0xFF) / 255, blue: Double(v & 0xFF) / 255)
    }

    public var hex: String {
        let parts = [red, green, blue].map { String(format: "%02x", Int(($0 * 255).rounded())) }
        return "#" + parts.joined()
    }

    public var description: String { hex }

    public static let white = RGBColour(red: 1, green: 1, blue: 1)
    public static let text = RGBColour(red: 11 / 255, green: 12 / 255, blue: 12 / 255)

    /// Straight line between two colours in sRGB; t in 0...1.
    public func mixed(with other: RGBColour, _ t: Double) -> RGBColour {
        RGBColour(red: red + (other.red - red) * t, green: green + (other.green - green) * t, blue: blue + (other.blue - blue) * t)
    }

    // MARK: WCAG

    private static func linear(_ c: Double) -> Double {
        c <= 0.040_45 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }

    private static func gamma(_ c: Double) -> Double {
        let v = min(max(c, 0), 1)
        return v <= 0.003_130_8 ? v * 12.92 : 1.055 * pow(v, 1 / 2.4) - 0.055
    }

    /// WCAG 2.x relative luminance.
    public var relativeLuminance: Double {
        0.2126 * Self.linear(red) + 0.7152 * Self.linear(green) + 0.0722 * Self.linear(blue)
    }

    /// WCAG 2.x contrast ratio, 1...21.
    public func contrastRatio(with other: RGBColour) -> Double {
        let a = relativeLuminance, b = other.relativeLuminance
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// Dark text or white, whichever reads better on this colour.
    public var readableTextColour: RGBColour {
        contrastRatio(with: .text) >= contrastRatio(with: .white) ? .text : .white
    }

    // MARK: Colour-vision deficiency

    /// The colour as seen with deuteranopia, by the simulation of Machado, Oliveira and
    /// Fernandes (2009) at full severity, applied in linear RGB.
    public var asSeenWithDeuteranopia: RGBColour {
        let r = Self.linear(red), g = Self.linear(green), b = Self.linear(blue)
        let r2 = 0.367_322 * r + 0.860_646 * g - 0.227_968 * b
        let g2 = 0.280_085 * r + 0.672_501 * g + 0.047_413 * b
        let b2 = -0.011_820 * r + 0.042_940 * g + 0.968_881 * b
        return RGBColour(red: Self.gamma(r2), green: Self.gamma(g2), blue: Self.gamma(b2))
    }

    /// CIE L*a*b* under D65.
    public var lab: (l: Double, a: Double, b: Double) {
        let r = Self.linear(red), g = Self.linear(green), b = Self.linear(blue)
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.088_83
        func f(_ t: Double) -> Double { t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116 }
        return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))
    }

    /// CIE76 colour difference: about 2.3 is just noticeable; over 10 is clearly different.
    public func difference(from other: RGBColour) -> Double {
        let p = lab, q = other.lab
        return ((p.l - q.l) * (p.l - q.l) + (p.a - q.a) * (p.a - q.a) + (p.b - q.b) * (p.b - q.b)).squareRoot()
    }
}

/// A sequential palette: light for low values, dark for high, so order reads without colour.
/// The default is viridis (van der Walt and Smith, matplotlib), whose lightness rises steadily
/// and which stays distinct under the common colour-vision deficiencies.
public struct SequentialPalette: Sendable, Hashable {
    /// Anchor colours from low to high value.
    public var anchors: [RGBColour]

    public init(anchors: [RGBColour]) {
        self.anchors = anchors.isEmpty ? [.white, .text] : anchors
    }

    /// Viridis sampled at tenths, reversed so that higher values are darker.
    public static let viridis = SequentialPalette(anchors: [
        "#fde725", "#bddf26", "#7ad151", "#44bf70", "#22a884", "#21918c",
        "#2a788e", "#355f8d", "#414487", "#482475", "#440154",
    ].compactMap { RGBColour(hex: $0) })

    /// `count` colours evenly spread from the lightest to the darkest.
    public func colours(_ count: Int) -> [RGBColour] {
        guard count > 1 else { return count == 1 ? [colour(at: 0.5)] : [] }
        return (0..<count).map { colour(at: Double($0) / Double(count - 1)) }
    }

    /// The colour at t in 0...1 along the palette.
    public func colour(at t: Double) -> RGBColour {
        let position = min(max(t, 0), 1) * Double(anchors.count - 1)
        let low = Int(position.rounded(.down)), high = min(low + 1, anchors.count - 1)
        return anchors[low].mixed(with: anchors[high], position - Double(low))
    }
}
