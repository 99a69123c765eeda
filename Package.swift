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
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(name: "Monorepo", dependencies: ["CLibgit2", "Documents"]),
        .target(name: "Builder", dependencies: ["Documents"]),
        // Content-addressed cache keys and the stores that remember built images.
        .target(name: "Cache", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Orchestration: maps monorepo values to build requests and cache keys.
        .target(name: "Pipeline", dependencies: ["Monorepo", "Builder", "Cache", .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(
            name: "nixpacks-ci",
            dependencies: [
                "Monorepo", "Builder", "Cache", "Pipeline",
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
        // Real git repositories made at test time, shared by the test targets.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "MonorepoTests", dependencies: ["Monorepo", "TestSupport", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "CacheTests", dependencies: ["Cache"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Monorepo", "Builder", "Cache", "TestSupport"]),
        .testTarget(name: "BuilderTests", dependencies: ["Builder"], exclude: ["Fixtures"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Builder", "Cache", "TestSupport", .product(name: "Yams", package: "Yams")], exclude: ["Fixtures"]),
    ]
)
