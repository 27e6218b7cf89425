/// `DurableFile.replace`: the new text replaces the old whole, no temporary file is left
/// behind, and a folder that does not exist is an error that creates nothing.
import Foundation
import Testing
@testable import Connectors

@Suite("Durable file replacement")
struct DurableFileTests {
    @Test("replaces the text and leaves only the file in the folder")
    func replaces() throws {
        let folder = StoreFixtures.temporaryDirectory()
        let path = folder + "/bistro.rules"
        try DurableFile.replace(path, with: "first\n")
        try DurableFile.replace(path, with: "établissement ’ second\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "établissement ’ second\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["bistro.rules"])
    }

    @Test("a missing folder is an error naming the file")
    func missingFolder() {
        let path = StoreFixtures.temporaryDirectory() + "/absent/bistro.rules"
        #expect(throws: DurableFile.WriteError.self) { try DurableFile.replace(path, with: "x") }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
