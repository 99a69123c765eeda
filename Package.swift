// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "nixpacks-ci",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nixpacks-ci", targets: ["nixpacks-ci"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibgit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        // Reads TOML, JSON and YAML files into one Sendable value type, with file and line in errors.
        .target(
            name: "Documents",
            dependencies: [
                "Host",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // What nixpacks-ci asks of the host: child processes (the one runner) and files, with errors
        // that name the command or the path.
        .target(name: "Host"),
        // How a source tree is read: the one path-pattern type (.dockerignore, gitignore, Nixpacks
        // globs, workspace globs) and the one provider-detection table.
        .target(name: "SourceRules"),
        .target(name: "Monorepo", dependencies: ["CLibgit2", "Documents", "Host", "SourceRules"]),
        .target(name: "Builder", dependencies: ["Documents", "Host", "SourceRules", .product(name: "Crypto", package: "swift-crypto")]),
        // Content-addressed cache keys and the stores that remember built images.
        .target(name: "Cache", dependencies: ["Host", .product(name: "Crypto", package: "swift-crypto")]),
        // Orchestration: the main job (MonorepoBuild), from the monorepo's services to built images.
        .target(name: "Pipeline", dependencies: ["Monorepo", "Builder", "Cache", "Host", "SourceRules",
                                                 .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(
            name: "nixpacks-ci",
            dependencies: [
                "Monorepo", "Builder", "Cache", "Pipeline", "Host",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks (bench/), not part of the tool.
        .executableTarget(name: "PlanBenchmark", dependencies: ["Builder"], path: "bench/PlanBenchmark"),
        .executableTarget(name: "DiscoveryBenchmark", dependencies: ["Monorepo"], path: "bench/DiscoveryBenchmark"),
        .executableTarget(name: "SchedulerBenchmark", dependencies: ["Pipeline"], path: "bench/SchedulerBenchmark"),
        .executableTarget(name: "NoopSetup", dependencies: ["Pipeline", "Monorepo", "Builder", "Cache"], path: "bench/NoopSetup"),
        .executableTarget(name: "KeyBenchmark", dependencies: ["Pipeline", "Monorepo", "Builder", "Cache",
                                                               .product(name: "Crypto", package: "swift-crypto")], path: "bench/KeyBenchmark"),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents"]),
        .testTarget(name: "HostTests", dependencies: ["Host"]),
        .testTarget(name: "SourceRulesTests", dependencies: ["SourceRules"]),
        // Real git repositories made at test time, shared by the test targets.
        .target(name: "TestSupport", dependencies: ["Host"], path: "Tests/TestSupport"),
        .testTarget(name: "MonorepoTests", dependencies: ["Monorepo", "TestSupport", "Host", "SourceRules", "Documents",
                                                       .product(name: "Yams", package: "Yams")], exclude: ["Fixtures"]),
        .testTarget(name: "CacheTests", dependencies: ["Cache"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Monorepo", "Builder", "Cache", "Host", "SourceRules", "TestSupport",
                                                       .product(name: "Crypto", package: "swift-crypto")], exclude: ["Fixtures"]),
        .testTarget(name: "BuilderTests", dependencies: ["Builder", "Host", "SourceRules"], exclude: ["Fixtures"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Builder", "Cache", "Host", "SourceRules", "TestSupport", .product(name: "Yams", package: "Yams")], exclude: ["Fixtures"]),
    ]
)
