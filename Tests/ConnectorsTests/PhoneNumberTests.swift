import Testing
@testable import Connectors

/// French spellings normalise to one E.164 form; everything implausible is refused.
@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("06-12-34-56-78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33612345678", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("+33(0)612345678", "+33612345678"),
        ("  07 98 76 54 32 ", "+33798765432"),
        ("01 23 45 67 89", "+33123456789"),
        ("09\u{A0}12\u{A0}34\u{A0}56\u{A0}78", "+33912345678"),
        ("06\u{202F}12\u{202F}34\u{202F}56\u{202F}78", "+33612345678"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+1 (415) 555-2671", "+14155552671"),
        ("0044 7911 123456", "+447911123456"),
        ("+32 470 12 34 56", "+32470123456"),
        ("+262 692 12 34 56", "+262692123456"),
        ("+49301234", "+49301234"),
        ("+123456789012345", "+123456789012345"),
    ])
    func accepts(raw: String, e164: String) {
        #expect(PhoneNumber.normalize(raw) == e164)
    }

    @Test(arguments: [
        "",
        "   ",
        "06 12 34 56 7",          // 9 digits
        "06 12 34 56 789",        // 11 digits
        "6 12 34 56 78",          // national without the trunk 0
        "01 23 45 67",            // 8 digits
        "+33 06 12 34 56 78",     // trunk 0 written after +33 without brackets
        "+33 6 12 34 56",         // too short after +33
        "+33 6 12 34 56 78 9",    // too long after +33
        "06 12 AB 56 78",         // letters
        "06 12 34 56 78 ext 2",
        "+1234567",               // 7 digits: below E.164's 8
        "+1234567890123456",      // 16 digits: above 15
        "+0612345678",            // country codes never start with 0
        "++33612345678",
        "33+612345678",
        "06 12 34 56 78\n1",
        "٠٦١٢٣٤٥٦٧٨",             // Arabic-Indic digits
        "06１2345678",             // a full-width digit
        "tel:+33612345678",
        "+33 6 12 34 56 78 / +33 6 12 34 56 79",
        String(repeating: "0", count: 41),
    ])
    func refuses(raw: String) {
        #expect(PhoneNumber.normalize(raw) == nil)
    }

    @Test func nationalNumbersNeedAKnownRegion() {
        #expect(PhoneNumber.normalize("0612345678", defaultRegion: "BE") == nil)
        #expect(PhoneNumber.normalize("+33612345678", defaultRegion: "BE") == "+33612345678")
    }

    @Test(arguments: [
        ("+33612345678", true), ("+33712345678", true), ("+33123456789", false), ("+33912345678", false),
        ("+3361234567", false), ("+447911123456", false), ("0612345678", false), ("+3361234567a", false),
    ])
    func mobileFR(e164: String, mobile: Bool) {
        #expect(PhoneNumber.isMobileFR(e164) == mobile)
    }
}
