import Testing
@testable import Runtime

@Test func runtimeInterpretsRuleLanguageVersionOne() {
    #expect(RuntimeInfo.ruleLanguageVersion == 1)
}
