import Foundation
import Testing
@testable import Connectors

@Suite struct TextFileReaderTests {
    @Test func readsBytesExactly() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("reader-\(UUID()).rules").path
        try Data([0xEF, 0xBB, 0xBF, 0x61, 0xFF]).write(to: URL(fileURLWithPath: path))
        #expect(try TextFileReader.read(path) == [0xEF, 0xBB, 0xBF, 0x61, 0xFF])
    }

    @Test func missingFileIsNamed() {
        #expect(throws: TextFileReader.ReadError.notFound("/nope/x.rules")) { try TextFileReader.read("/nope/x.rules") }
    }

    @Test func directoryIsRefused() {
        let path = FileManager.default.temporaryDirectory.path
        #expect(throws: TextFileReader.ReadError.isDirectory(path)) { try TextFileReader.read(path) }
    }

    @Test func oversizedFileIsRefusedBeforeReading() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID()).rules").path
        try Data(repeating: 0x61, count: 2048).write(to: URL(fileURLWithPath: path))
        #expect(throws: TextFileReader.ReadError.tooLarge(path, bytes: 2048, limit: 1024)) {
            try TextFileReader.read(path, sizeLimit: 1024)
        }
    }

    @Test func atomicWriteReplacesContents() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("write-\(UUID()).rules").path
        try TextFileReader.writeAtomically("a", to: path)
        try TextFileReader.writeAtomically("b\n", to: path)
        #expect(try TextFileReader.read(path) == Array("b\n".utf8))
    }
}
