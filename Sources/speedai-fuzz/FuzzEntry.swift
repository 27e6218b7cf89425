import Foundation

// Built with `-DFUZZING -sanitize=fuzzer`, libFuzzer supplies `main` and calls this
// entry point; the target is chosen by the SPEEDAI_FUZZ_TARGET environment variable.
// Built normally, this is a replayer: it runs the corpus files given as arguments
// through a target, which is how regression inputs are kept green in `make test`.

#if FUZZING
private let selectedTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["SPEEDAI_FUZZ_TARGET"] ?? "rules"
    guard let target = FuzzTarget(rawValue: name) else {
        fatalError("SPEEDAI_FUZZ_TARGET must be one of \(FuzzTarget.allCases.map(\.rawValue))")
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selectedTarget.run(bytes)
    return 0
}

/// libFuzzer's own driver, which normally runs from its `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links executables with `main` aliased to `<target>_main`, which replaces
/// libFuzzer's `main`; this entry point hands control back to libFuzzer's driver.
@_cdecl("speedai_fuzz_main")
public func speedaiFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzTestOneInput(data, size) }
}
#else
@main
struct CorpusReplayer {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard arguments.count >= 2, let target = FuzzTarget(rawValue: arguments.removeFirst()) else {
            FileHandle.standardError.write(Data("usage: speedai-fuzz <\(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|"))> FILE|DIR...\n".utf8))
            exit(2)
        }
        var count = 0
        for path in arguments {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("\(path): no such file\n".utf8))
                exit(2)
            }
            let files = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { "\(path)/\($0)" }
                : [path]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                target.run([UInt8](data))
                count += 1
            }
        }
        print("replayed \(count) inputs through '\(target.rawValue)' without a crash")
    }
}
#endif
