/// The dry-run's only source of "randomness": SplitMix64 (Steele, Lea & Flood 2014), so
/// link tokens look like production's yet the same tape always yields the same transcript.

/// A seeded 64-bit generator; also the seeded `RandomNumberGenerator` of the property
/// tests and benchmarks, so every generated stream comes from one implementation.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A 12-character lowercase token (base 32 without look-alikes), like a link secret.
    public mutating func token() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var bits = next()
        var text = ""
        for _ in 0..<12 {
            text.append(alphabet[Int(bits % UInt64(alphabet.count))])
            bits /= UInt64(alphabet.count)
        }
        return text
    }
}
