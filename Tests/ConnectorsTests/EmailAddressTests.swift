import Testing
@testable import Connectors

/// Real addresses pass; typos and hostile strings do not.
@Suite struct EmailAddressTests {
    @Test(arguments: [
        "nom@exemple.fr",
        "jean.dupont@exemple.fr",
        "jean+attente@mail.exemple.co.uk",
        "j_d-2@sous-domaine.exemple.com",
        "o'hara@exemple.ie",
        "A@B.CO",
        "x@xn--bcher-kva.example",
        String(repeating: "a", count: 64) + "@exemple.fr",
        "a@" + String(repeating: "b", count: 63) + ".fr",
    ])
    func accepts(address: String) {
        #expect(EmailAddress.isValid(address))
    }

    @Test(arguments: [
        "",
        "nom",
        "nom@",
        "@exemple.fr",
        "nom@exemple",
        "nom@@exemple.fr",
        "nom@exe@mple.fr",
        "nom @exemple.fr",
        "nom@exemple .fr",
        " nom@exemple.fr",
        "nom@exemple.fr\n",
        "nom@-exemple.fr",
        "nom@exemple-.fr",
        "nom@exemple..fr",
        "nom@.exemple.fr",
        "nom@exemple.fr.",
        ".nom@exemple.fr",
        "nom.@exemple.fr",
        "jean..dupont@exemple.fr",
        "nom@exem_ple.fr",
        "nom@exemple.123",
        "nom@192.168.0.1",
        "\"nom\"@exemple.fr",
        "nom<script>@exemple.fr",
        "nom@exémple.fr",
        "élodie@exemple.fr",
        String(repeating: "a", count: 65) + "@exemple.fr",
        "a@" + String(repeating: "b", count: 64) + ".fr",
        "a@" + Array(repeating: String(repeating: "b", count: 60), count: 5).joined(separator: ".") + ".fr",
    ])
    func refuses(address: String) {
        #expect(!EmailAddress.isValid(address))
    }

    @Test func totalLengthIsCappedAt254() {
        let domain = Array(repeating: String(repeating: "d", count: 62), count: 3).joined(separator: ".") + ".fr"
        let fits = String(repeating: "l", count: 254 - 1 - domain.count) + "@" + domain
        #expect(fits.count == 254 && EmailAddress.isValid(fits))
        #expect(!EmailAddress.isValid("l" + fits))
    }
}
