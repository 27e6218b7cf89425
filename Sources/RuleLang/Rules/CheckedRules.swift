/// What the rule checker hands the compiler: the file's blocks matched to their schema,
/// with every setting that passed its check as a typed `RuleSettingValue`. Settings that
/// failed are absent (their errors are already reported), so the compiler never sees a
/// half-valid value.
struct CheckedRules: Sendable {
    /// Top-level blocks with a known keyword, in file order.
    var blocks: [CheckedBlock] = []

    /// The first top-level block with this keyword (and label, for labelled blocks).
    func block(_ keyword: String, label: String? = nil) -> CheckedBlock? {
        blocks.first { $0.schema.keyword == keyword && (label == nil || $0.label == label) }
    }
}

/// One block of the file, checked.
struct CheckedBlock: Sendable {
    var schema: BlockSchema
    var keyword: RuleName
    var label: String?
    var labelRange: SourceRange?
    var range: SourceRange
    /// Valid settings by key.
    var values: [String: CheckedSetting] = [:]
    /// Keys that were written, valid or not, with the first setting's key range.
    var written: [String: SourceRange] = [:]
    /// Nested blocks with a known keyword, in file order.
    var children: [CheckedBlock] = []

    /// The checked value of a key, if written and valid.
    func value(_ key: String) -> RuleSettingValue? { values[key]?.value }

    /// Nested blocks with this keyword.
    func children(_ keyword: String) -> [CheckedBlock] { children.filter { $0.schema.keyword == keyword } }
}

/// One valid setting.
struct CheckedSetting: Sendable {
    var key: RuleName
    var value: RuleSettingValue
    /// The value's source span, for later cross-checks.
    var valueRange: SourceRange
}
