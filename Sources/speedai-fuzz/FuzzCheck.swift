/// The one way a fuzz target reports a broken invariant: trap with a message, so libFuzzer
/// saves the input and the replayer in `make test` fails loudly on it.

/// Invariant checks for fuzz targets.
enum FuzzCheck {
    /// Traps with `message` when `condition` is false.
    static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError(message()) }
    }
}
