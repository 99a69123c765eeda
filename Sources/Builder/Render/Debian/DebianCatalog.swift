/// The Debian packages for the Nix packages and libraries that Nixpacks' providers emit, by
/// release. Languages are in `DebianToolchain`; docs/building.md lists what has no mapping.
enum DebianCatalog {
    /// A Nix package's Debian form in a release.
    enum Mapping: Hashable {
        /// These Debian packages, then these commands (after apt).
        case packages([String], commands: [String] = [])
        /// Debian does not package it in this release: installed with npm from the npm registry
        /// (which the app's own install needs anyway), with this note for the build log.
        case npmGlobal(String, note: String)
        /// No Debian package in this release, and why.
        case unavailable(String)
        /// Nothing to install, and why (for the build log).
        case notNeeded(String)
    }

    /// Nix package names whose Debian package has the same name in both releases (Nixpacks'
    /// providers and common `nixPkgs` extras).
    static let sameName: Set<String> = [
        "nginx", "caddy", "maven", "gradle", "imagemagick", "wget", "curl", "git", "coreutils", "gzip", "procps", "cowsay",
        "chromium", "clang", "cmake", "make", "autoconf", "bison", "unzip", "zip", "jq", "ffmpeg", "sqlite3", "openssh-client",
        "bash", "binutils", "pipenv", "crystal", "elixir", "erlang", "rebar3", "clojure", "leiningen", "ghc",
        "cabal-install", "haskell-stack", "guile-3.0", "gnucobol3", "scala", "poppler-utils", "tini", "xz-utils",
    ]

    /// Nix names whose Debian name differs, the same in both releases.
    static let renamed: [String: [String]] = [
        "gcc": ["gcc", "libc6-dev"],
        "musl": ["musl-tools"], "musl.dev": ["musl-dev"],
        "openssl": ["openssl", "libssl-dev"], "openssl.dev": ["libssl-dev"],
        "postgresql.dev": ["libpq-dev"], "postgresql_16.dev": ["libpq-dev"], "postgresql": ["postgresql-client"],
        "libmysqlclient": ["default-libmysqlclient-dev"], "libmysqlclient.dev": ["default-libmysqlclient-dev"],
        "ffmpeg-headless": ["ffmpeg"], "poppler_utils": ["poppler-utils"],
        "gnu-cobol": ["gnucobol3"], "guile": ["guile-3.0"], "haskellPackages.stack": ["haskell-stack"], "stack": ["haskell-stack"],
        "erlangR26": ["erlang"], "elixir_1_14": ["elixir"], "python3Packages.pip": ["python3-pip"],
        "libuuid": ["uuid-dev"], "zlib": ["zlib1g-dev"], "zlib.dev": ["zlib1g-dev"], "libffi": ["libffi-dev"], "pkg-config": ["pkg-config"],
        "llvmPackages.clang": ["clang"], "stdenv": ["build-essential"], "pkgs.stdenv": ["build-essential"],
    ]

    /// The Debian form of a Nix package that is not a language.
    static func mapping(_ name: String, in release: DebianRelease) -> Mapping {
        switch name {
        case "npm-9_x", "npm-8_x", "npm-6_x", "npm-10_x": return .packages(["npm"])
        // Debian installs games in /usr/games, which root's PATH lacks.
        case "cowsay", "fortune": return .packages([name == "fortune" ? "fortune-mod" : name], commands: ["ln -sf /usr/games/\(name) /usr/local/bin/\(name)"])
        case "yarn-1_x":
            if release == .bookworm {
                // Debian names Yarn 1 `yarnpkg` (`yarn` is another program there).
                return .packages(["yarnpkg"], commands: ["ln -sf /usr/bin/yarnpkg /usr/local/bin/yarn"])
            }
            return .npmGlobal("yarn@1", note: "\(release) packages Yarn 4 as yarnpkg, not Yarn 1: Yarn 1 is installed with npm")
        case let pnpm where pnpm.hasPrefix("pnpm-") && pnpm.hasSuffix("_x"):
            let major = pnpm.dropFirst("pnpm-".count).dropLast(2)
            return .npmGlobal("pnpm@\(major)", note: "Debian does not package pnpm: pnpm \(major) is installed with npm")
        case "bun":
            return .npmGlobal("bun@1", note: "Debian does not package Bun: it is installed with npm")
        case "swift":
            // Debian's `swift` is OpenStack Swift; the language is swiftlang, its driver off PATH.
            return release == .trixie ? .packages(["swiftlang"], commands: ["ln -sf /usr/libexec/swift/bin/swift /usr/local/bin/swift"])
                : .unavailable("Swift is packaged from Debian 13 (trixie) on")
        case "shards":
            return release == .trixie ? .packages(["shards"]) : .unavailable("shards is packaged from Debian 13 (trixie) on")
        case "dart": return .unavailable("Dart is not packaged in Debian")
        case "deno": return .unavailable("Deno is not packaged in Debian")
        case "gleam": return .unavailable("Gleam is not packaged in Debian")
        case "zig": return .unavailable("Zig is not packaged in Debian 12 or 13")
        case "haunt": return .unavailable("Haunt is not packaged in Debian")
        case "lunatic": return .unavailable("lunatic is not packaged in Debian")
        case "pdm", "uv", "poetry":
            return .unavailable("\(name) comes from PyPI in Nixpacks' plans (pip installs it), not from Nix or Debian")
        default: break
        }
        if name == "gradle" || (name.hasPrefix("gradle_") && name.dropFirst(7).allSatisfy(\.isNumber) && name.count > 7) {
            return .notNeeded("Debian's Gradle is too old for Nixpacks' Gradle plans, which run the project's ./gradlew: \(name) is not installed")
        }
        if name.hasPrefix("(sbt") || name == "sbt" { return .unavailable("sbt is not packaged in Debian") }
        if name.hasPrefix("dotnet-sdk") { return .unavailable("the .NET SDK is not packaged in Debian") }
        if name.hasPrefix("python27") || name == "python2" { return .unavailable("Python 2 is not packaged in Debian 12 or 13") }
        if let packages = renamed[name] { return .packages(packages) }
        if sameName.contains(name) || isPlainDebianName(name) { return .packages([name]) }
        return .unavailable("no Debian package is known for this Nix expression")
    }

    /// Nix names that are plain Debian names (`cowsay`, `htop`) map to the package of that name;
    /// apt says so at build time if there is none. Nix attribute paths (`pkgs.x`, `x.dev`) do not.
    static func isPlainDebianName(_ name: String) -> Bool {
        let characters = Array(name.utf8)
        func allowed(_ byte: UInt8, edge: Bool) -> Bool {
            (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 43 || (!edge && byte == 45)
        }
        guard characters.count >= 2, characters[0] != 43 else { return false }
        return characters.enumerated().allSatisfy { allowed($1, edge: $0 == 0 || $0 == characters.count - 1) }
    }

    /// The Debian packages of a Nix library (`nixLibs`): the runtime library and its headers.
    static func library(_ name: String, in release: DebianRelease) -> [String]? {
        let t64 = release == .trixie ? "t64" : ""
        switch name {
        case "zlib": return ["zlib1g", "zlib1g-dev"]
        case "stdenv.cc.cc.lib": return ["libstdc++6"]
        case "gcc-unwrapped": return []
        case "openssl": return ["libssl3\(t64)"]
        case "openssl.dev": return ["libssl-dev"]
        case "cairo": return ["libcairo2", "libcairo2-dev"]
        case "libuuid": return ["libuuid1", "uuid-dev"]
        case "libGL": return ["libgl1"]
        case "libmysqlclient": return ["default-libmysqlclient-dev"]
        case "glib": return ["libglib2.0-0\(t64)"]
        case "pango": return ["libpango-1.0-0"]
        case "libffi": return ["libffi8", "libffi-dev"]
        default: return nil
        }
    }

    /// Nixpacks' apt names are Ubuntu 24.04's, where the 64-bit time_t transition renamed some
    /// libraries `...t64`; Debian 12 has the old names (Debian 13 has the new ones).
    static func aptName(_ name: String, in release: DebianRelease) -> String {
        guard release == .bookworm else { return name }
        let renamedBack: [String: String] = ["libasound2t64": "libasound2", "libcups2t64": "libcups2", "libgtk-3-0t64": "libgtk-3-0",
                                             "libatk-bridge2.0-0t64": "libatk-bridge2.0-0", "libatk1.0-0t64": "libatk1.0-0",
                                             "libglib2.0-0t64": "libglib2.0-0", "libssl3t64": "libssl3"]
        return renamedBack[name] ?? name
    }

    /// Debian's package for a PHP extension (`redis` → php8.4-redis), or nil when Debian's PHP has
    /// it built in (php-common and php-cli carry ctype, fileinfo, iconv, pdo, tokenizer, ...).
    static func phpExtensionPackage(_ name: String, php: DebianToolchain) -> String? {
        let builtIn: Set<String> = ["calendar", "ctype", "exif", "ffi", "fileinfo", "ftp", "gettext", "iconv", "pdo", "phar", "posix",
                                    "shmop", "sockets", "sysvmsg", "sysvsem", "sysvshm", "tokenizer", "json", "openssl", "pcre",
                                    "zlib", "hash", "filter", "session", "sodium", "standard", "reflection", "spl", "date", "random"]
        if builtIn.contains(name.lowercased()) { return nil }
        let grouped: [String: String] = ["dom": "xml", "simplexml": "xml", "xmlreader": "xml", "xmlwriter": "xml", "xsl": "xml",
                                         "mysqli": "mysql", "pdo_mysql": "mysql", "mysqlnd": "mysql", "pdo_pgsql": "pgsql",
                                         "pdo_sqlite": "sqlite3", "sqlite": "sqlite3", "zend-opcache": "opcache", "opcache": "opcache"]
        return "\(php.phpPrefix)-\(grouped[name.lowercased()] ?? name.lowercased())"
    }
}
