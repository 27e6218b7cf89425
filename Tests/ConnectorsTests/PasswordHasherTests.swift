/// PBKDF2-HMAC-SHA256 against published vectors, and the encoded hash: round trip, wrong
/// password, salts differ, and malformed stored values answer false without crashing.
import Testing
@testable import Connectors

@Suite("PasswordHasher")
struct PasswordHasherTests {
    static func hex(_ bytes: [UInt8]) -> String { Digest.hex(bytes) }

    @Test("RFC 7914 §11 PBKDF2-HMAC-SHA256 vectors")
    func rfc7914Vectors() {
        #expect(Self.hex(PasswordHasher.derive(password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1,
                                               length: 64))
                == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
        #expect(Self.hex(PasswordHasher.derive(password: Array("Password".utf8), salt: Array("NaCl".utf8),
                                               iterations: 80_000, length: 64))
                == "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d")
    }

    @Test("the classic password/salt vectors (1, 2 and 4096 iterations)")
    func passwordSaltVectors() {
        let expected: [(Int, String)] = [
            (1, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
            (2, "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"),
            (4096, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
        ]
        for (iterations, digest) in expected {
            #expect(Self.hex(PasswordHasher.derive(password: Array("password".utf8), salt: Array("salt".utf8),
                                                   iterations: iterations, length: 32)) == digest)
        }
    }

    @Test("hash then verify; a wrong password is refused; salts differ")
    func roundTrip() {
        let hasher = PasswordHasher(iterations: 1_000)
        let stored = hasher.hash("correct horse battery")
        let parts = stored.split(separator: "$")
        #expect(parts.count == 4 && parts[0] == "pbkdf2-sha256" && parts[1] == "1000")
        #expect(Base64URL.decode(String(parts[2]))?.count == 16)
        #expect(Base64URL.decode(String(parts[3]))?.count == 32)
        #expect(hasher.verify("correct horse battery", against: stored))
        #expect(!hasher.verify("correct horse batterY", against: stored))
        #expect(!hasher.verify("", against: stored))
        #expect(hasher.hash("correct horse battery") != stored)
        // The iteration count comes from the stored hash, not from the verifying hasher.
        #expect(PasswordHasher(iterations: 5).verify("correct horse battery", against: stored))
    }

    @Test("the default work factor is 310 000 iterations")
    func defaultIterations() {
        #expect(PasswordHasher().iterations == 310_000)
    }

    @Test("malformed stored hashes answer false", arguments: [
        "", "pbkdf2-sha256", "pbkdf2-sha256$1000$", "bcrypt$1000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$-5$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$99999999999$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$abc$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$1000$not base64!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA$",
        "pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA$AAAA",
        "pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$extra",
        "pbkdf2-sha256$１０００$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ])
    func malformed(stored: String) {
        #expect(!PasswordHasher(iterations: 1_000).verify("anything", against: stored))
    }
}
