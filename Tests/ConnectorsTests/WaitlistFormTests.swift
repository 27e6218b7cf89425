import Testing
@testable import Connectors

/// The form either comes back clean (trimmed, E.164) or with one French message per wrong
/// field plus the submitted values, never half-accepted.
@Suite struct WaitlistFormTests {
    typealias Message = WaitlistForm.Message
    static let offered: Set<String> = ["2025-01-18T19:30", "2025-01-18T20:00", "2025-01-18T20:30"]

    static func form(_ overrides: [String: String] = [:], slots: [String] = ["2025-01-18T19:30"]) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        let base = ["prenom": "Camille", "nom": "Martin", "telephone": "06 12 34 56 78", "email": "camille@exemple.fr"]
        for name in ["prenom", "nom", "telephone", "email", "couverts"] {
            if let value = overrides[name] ?? base[name] { fields.append((name, value)) }
        }
        fields += slots.map { ("creneaux", $0) }
        return fields
    }

    static func validate(_ fields: [(name: String, value: String)], partySize: ClosedRange<Int>? = nil) -> Result<ValidWaitlistForm, WaitlistFormErrors> {
        WaitlistForm.validate(fields: fields, allowedSlots: offered, partySizeRange: partySize)
    }

    static func messages(_ fields: [(name: String, value: String)], partySize: ClosedRange<Int>? = nil) -> [String: String] {
        guard case .failure(let errors) = validate(fields, partySize: partySize) else { return [:] }
        return errors.messages
    }

    @Test func cleanFormIsTrimmedAndNormalised() throws {
        let fields = Self.form(["prenom": "  Camille ", "nom": "\tMartin\n", "email": " camille@exemple.fr "],
                               slots: ["2025-01-18T20:00", "2025-01-18T19:30", "2025-01-18T20:00"])
        let form = try Self.validate(fields).get()
        #expect(form == ValidWaitlistForm(firstName: "Camille", lastName: "Martin", phone: "+33612345678",
                                          email: "camille@exemple.fr", partySize: nil,
                                          slots: ["2025-01-18T20:00", "2025-01-18T19:30"]))
    }

    @Test func unknownFieldsAreIgnored() throws {
        let form = try Self.validate(Self.form() + [("csrf", "x"), ("submit", "1")]).get()
        #expect(form.slots == ["2025-01-18T19:30"])
    }

    @Test(arguments: [
        ("prenom", "", Message.firstNameMissing),
        ("prenom", "   ", Message.firstNameMissing),
        ("prenom", String(repeating: "é", count: 61), Message.firstNameTooLong),
        ("prenom", "Cam\u{0}ille", Message.forbiddenCharacters),
        ("prenom", "Cam\u{202E}ille", Message.forbiddenCharacters),
        ("nom", "", Message.lastNameMissing),
        ("nom", String(repeating: "x", count: 61), Message.lastNameTooLong),
        ("nom", "Mar\ntin", Message.forbiddenCharacters),
        ("telephone", "", Message.phoneMissing),
        ("telephone", "06 12 34", Message.phoneInvalid),
        ("telephone", "06 12 34 56 78\u{7}", Message.forbiddenCharacters),
        ("email", "", Message.emailMissing),
        ("email", "camille@exemple", Message.emailInvalid),
        ("email", "camille@exemple.fr\u{0}", Message.forbiddenCharacters),
    ])
    func fieldError(field: String, value: String, message: String) {
        let found = Self.messages(Self.form([field: value]))
        #expect(found == [field: message])
    }

    @Test func sixtyCharactersIsTheLimit() throws {
        let name = String(repeating: "é", count: 60)
        #expect(try Self.validate(Self.form(["prenom": name, "nom": name])).get().firstName == name)
    }

    @Test func atLeastOneSlot() {
        #expect(Self.messages(Self.form(slots: [])) == ["creneaux": Message.noSlot])
    }

    @Test func slotNotOfferedIsRefused() {
        let found = Self.messages(Self.form(slots: ["2025-01-18T19:30", "2025-01-18T23:00"]))
        #expect(found == ["creneaux": Message.slotWithdrawn])
    }

    @Test func fieldSentTwiceIsRefused() {
        let found = Self.messages(Self.form() + [("email", "autre@exemple.fr")])
        #expect(found == ["email": Message.sentTwice])
    }

    @Test(arguments: [("", Message.partySizeMissing), ("0", Message.partySizeOutOfRange(1...8)),
                      ("9", Message.partySizeOutOfRange(1...8)), ("deux", Message.partySizeOutOfRange(1...8)),
                      ("-1", Message.partySizeOutOfRange(1...8)), ("2.5", Message.partySizeOutOfRange(1...8)),
                      ("99999999999999999999", Message.partySizeOutOfRange(1...8))])
    func partySizeErrors(value: String, message: String) {
        #expect(Self.messages(Self.form(["couverts": value]), partySize: 1...8) == ["couverts": message])
    }

    @Test func partySizeMessageNamesTheRange() {
        #expect(Message.partySizeOutOfRange(1...8) == "Indiquez un nombre de couverts entre 1 et 8.")
    }

    @Test func partySizeInRange() throws {
        #expect(try Self.validate(Self.form(["couverts": " 4 "]), partySize: 1...8).get().partySize == 4)
    }

    @Test func partySizeIgnoredWhenNotAsked() throws {
        #expect(try Self.validate(Self.form(["couverts": "beaucoup"])).get().partySize == nil)
    }

    @Test func everyErrorAtOnceWithTheValuesToShowAgain() throws {
        let fields: [(name: String, value: String)] = [
            ("prenom", " Ca<b>mille "), ("nom", ""), ("telephone", "06 12"), ("email", "x@"), ("couverts", "12"),
            ("creneaux", "2025-01-18T20:00"), ("creneaux", "2099-01-01T00:00"),
        ]
        guard case .failure(let errors) = Self.validate(fields, partySize: 1...10) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(errors.messages == [
            "nom": Message.lastNameMissing, "telephone": Message.phoneInvalid, "email": Message.emailInvalid,
            "couverts": Message.partySizeOutOfRange(1...10), "creneaux": Message.slotWithdrawn,
        ])
        #expect(errors.values == WaitlistFormValues(firstName: "Ca<b>mille", lastName: "", phone: "06 12", email: "x@",
                                                    partySize: nil, selectedSlots: ["2025-01-18T20:00"]))
        #expect(errors.orderedMessages.map(\.field) == [.lastName, .phone, .email, .partySize, .slots])
    }

    @Test func controlCharactersAreNotShownAgain() {
        guard case .failure(let errors) = Self.validate(Self.form(["prenom": "Cam\u{1B}[31mille"])) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(errors.values.firstName == "Cam[31mille")
    }

    @Test func emptySubmissionListsEveryRequiredField() {
        let found = Self.messages([], partySize: 1...8)
        #expect(Set(found.keys) == Set(WaitlistFormField.allCases.map(\.rawValue)))
    }
}
