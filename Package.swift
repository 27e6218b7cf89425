// swift-tools-version:6.0
// SpeedAI smart waitlist. No package dependencies: the toolchain plus Debian C libraries only.
import PackageDescription

let package = Package(
    name: "speedai-rules",
    products: [
        .library(name: "RuleLang", targets: ["RuleLang"]),
        .executable(name: "speedai-rules", targets: ["speedai-rules"]),
    ],
    targets: [
        // Pure language front end: lexer, parser, checker, formatter, CEL, Mustache. No I/O.
        .target(name: "RuleLang"),
        // Pure waitlist engine; talks to the world only through protocols.
        .target(name: "Runtime", dependencies: ["RuleLang"]),
        // Debian C libraries, each behind its own module map.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // Real-world adapters (files, SQLite, HTTP, SMS, calendars).
        .target(name: "Connectors", dependencies: ["Runtime", "CSQLite", "CMicroHTTPD", "CCurl", "CCrypto"]),
        // Local emulators of Twilio and Google Calendar that follow their documented wire
        // formats (failures included), for tests, the bench and demos. Never used in production.
        .target(name: "ProviderEmulators", dependencies: ["Connectors"]),
        // The thin command-line front end.
        .executableTarget(name: "speedai-rules", dependencies: ["RuleLang", "Runtime", "Connectors"]),
        // `make bench`: figures and ratios against in-process baselines.
        .executableTarget(name: "speedai-bench", dependencies: ["RuleLang", "Runtime", "Connectors", "ProviderEmulators"]),
        // libFuzzer entry points; a corpus replayer when built without -DFUZZING. Links
        // Connectors for the edge parsers (forms, API bodies, webhooks); nothing depends on it.
        .executableTarget(name: "speedai-fuzz", dependencies: ["RuleLang", "Runtime", "Connectors"]),
        .testTarget(name: "RuleLangTests", dependencies: ["RuleLang"], exclude: ["Golden"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime"]),
        .testTarget(name: "ConnectorsTests", dependencies: ["Connectors", "ProviderEmulators"], exclude: ["Golden"]),
        // End-to-end tests that run the built binary.
        .testTarget(name: "CLITests", dependencies: ["speedai-rules", "Connectors"]),
    ],
    swiftLanguageModes: [.v6]
)
