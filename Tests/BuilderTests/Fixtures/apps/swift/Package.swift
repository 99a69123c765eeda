// swift-tools-version:5.4
import PackageDescription

let package = Package(
    name: "Hello",
    targets: [
        .target(name: "HelloCore"),
        .executableTarget(name: "Hello", dependencies: ["HelloCore"]),
    ]
)
