/// Haskell with Stack (spec §3.9, note h). The extra apt packages on aarch64 follow the host
/// architecture, as in Nixpacks.
struct HaskellProvider: Provider {
    static let aptPackages = ["libgmp-dev", "gcc", "binutils", "make", "zlib1g-dev"]
    static let aarch64AptPackages = ["libnuma1", "libnuma-dev", "libtinfo-dev", "libtinfo5", "libc6-dev", "libtinfo6",
                                     "llvm-11", "clang", "ninja-build", "zlib1g-dev"]

    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        // package.yaml executables are read into a sorted map by Nixpacks: the first name wins.
        guard let executable = try app.yaml("package.yaml")["executables"]?.table?.keys.sorted().first else {
            throw PlanError.invalidFile(file: "package.yaml", line: nil, message: "no `executables:` entry; the image starts the first executable")
        }
        var setup = Phase.setup([NixPackage("stack")])
        setup.addAptPkgs(Self.aptPackages)
        if RustProvider.hostArchitecture == "aarch64" { setup.addAptPkgs(Self.aarch64AptPackages) }
        var install = Phase.install("stack setup")
        install.addCacheDirectory("/root/.stack")
        var build = Phase.build("stack install")
        build.addCacheDirectory("/root/.stack")
        build.addCacheDirectory(".stack-work")
        return BuildPlan(phases: [setup, install, build], start: StartPhase(cmd: "/root/.local/bin/\(executable)"))
    }
}
