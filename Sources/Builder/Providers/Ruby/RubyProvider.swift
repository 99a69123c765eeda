import Foundation

/// Ruby and Rails (spec §3.6), with Node alongside when the app has a package.json or uses execjs.
/// Gem checks read Gemfile and Gemfile.lock together (Nixpacks' `uses_gem_dep`), so a native gem that
/// only a dependency pulls in (ruby-vips under image_processing) still adds its libraries; only the
/// `pg` and `mysql` checks read the Gemfile alone, as in Nixpacks.
struct RubyProvider: Provider {
    static let rbenvDependencies = ["git", "curl", "autoconf", "bison", "build-essential", "libssl-dev", "libyaml-dev",
                                    "libreadline6-dev", "zlib1g-dev", "libncurses5-dev", "libffi-dev", "libgdbm6", "libgdbm-dev", "libdb-dev"]

    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        let gemfile = try app.readFile("Gemfile")
        let lock = app.readIfPresent("Gemfile.lock")
        let version = try rubyVersion(app, environment, gemfile: gemfile, lock: lock)
        let bare = version.hasPrefix("ruby-") ? String(version.dropFirst(5)) : version
        let isRails = app.readIfPresent("config/application.rb").contains("Rails::Application")
        let uses = { (gem: String) in gemfile.contains(gem) || lock.contains(gem) }

        var setup = Phase(name: "setup")
        setup.onlyIncludeFiles = []
        var apt = ["procps"]
        if gemfile.contains("pg") { apt.append("libpq-dev") }
        if gemfile.contains("mysql") { apt.append("default-libmysqlclient-dev") }
        if uses("magick") {
            apt.append("libmagickwand-dev")
            setup.addNixPkgs([NixPackage("imagemagick")])
        }
        if uses("vips") { apt.append("libvips-dev") }
        if uses("charlock_holmes") { apt.append("libicu-dev") }
        setup.aptPkgs = apt + Self.rbenvDependencies
        let parts = bare.split(separator: ".").compactMap { Int($0) }
        if parts.count >= 2, parts[0] >= 3, parts[1] >= 1 { setup.addNixPkgs([NixPackage("rustc")]) }
        var bundler = "bundler"
        if let range = lock.range(of: #"BUNDLED WITH\s+(\S+)"#, options: .regularExpression),
           let bundled = lock[range].split(whereSeparator: \.isWhitespace).last {
            bundler = "bundler:\(bundled)"
        }
        setup.addCmd("curl -fsSL https://github.com/rbenv/rbenv-installer/raw/HEAD/bin/rbenv-installer | bash -s stable && printf '\\neval \"$(~/.rbenv/bin/rbenv init -)\"' >> /root/.profile && . /root/.profile && rbenv install \(bare) && rbenv global \(bare) && gem install \(bundler)")
        setup.addPath("$HOME/.rbenv/bin")

        var install = Phase.install("bundle install")
        if !uses("local") { install.onlyIncludeFiles = ["Gemfile", "Gemfile.lock"] }
        if uses("bootsnap") { install.addCmd("bundle exec bootsnap precompile --gemfile") }
        install.addCacheDirectory("/root/.bundle/cache")
        for path in ["/usr/local/rvm/rubies/\(version)/bin", "/usr/local/rvm/gems/\(version)/bin", "/usr/local/rvm/gems/\(version)@global/bin"] {
            install.addPath(path)
        }

        // The build phase is always in the plan, without commands outside Rails.
        var build = Phase.build(nil)
        if isRails, uses("sprockets") || uses("propshaft") { build.addCmd("bundle exec rake assets:precompile") }
        if isRails, uses("bootsnap") { build.addCmd("bundle exec bootsnap precompile app/ lib/") }

        var plan = BuildPlan(phases: [setup, install, build])
        if app.includesFile("package.json") || uses("execjs") {
            try addNode(app, environment, to: &plan)
        }
        plan.start = startCommand(app, isRails: isRails).map { StartPhase(cmd: $0) }
        let home = "/usr/local/rvm/gems/\(version)"
        plan.addVariables(["BUNDLE_GEMFILE": "/app/Gemfile", "GEM_HOME": home, "GEM_PATH": "\(home):\(home)@global", "MALLOC_ARENA_MAX": "2"])
        if isRails { plan.addVariables(["RAILS_LOG_TO_STDOUT": "enabled", "RAILS_SERVE_STATIC_FILES": "1"]) }
        return plan
    }

    /// Node's install and setup phases as `node:install` and `node:setup`; their dependencies keep
    /// their names, so `node:install` follows Ruby's setup. Ruby's build waits for `node:install`.
    /// Without a package.json (execjs alone) Node plans as for an empty one: the default Node, no install command.
    private func addNode(_ app: App, _ environment: PlanEnvironment, to plan: inout BuildPlan) throws(PlanError) {
        guard let node = try NodeProvider().plan(app, environment) else { return }
        for name in ["install", "setup"] {
            guard var phase = node.phase(name) else { continue }
            phase.name = "node:\(name)"
            plan.addPhase(phase)
        }
        if var build = plan.phase("build") {
            build.dependOn("node:install")
            plan.addPhase(build)
        }
    }

    private func rubyVersion(_ app: App, _ environment: PlanEnvironment, gemfile: String, lock: String) throws(PlanError) -> String {
        if let requested = environment.config("RUBY_VERSION") { return requested }
        if app.includesFile(".ruby-version") { return app.readIfPresent(".ruby-version").trimmingCharacters(in: .whitespacesAndNewlines) }
        if let range = gemfile.range(of: #"(?m)^\s*ruby\s+["']([^"']+)["']"#, options: .regularExpression) {
            let declared = gemfile[range].split(whereSeparator: { $0 == "\"" || $0 == "'" })
            if declared.count >= 2 { return "ruby-\(declared[1])" }
        }
        if let range = lock.range(of: #"ruby (\d+\.\d+\.\d+)"#, options: .regularExpression) {
            return "ruby-\(lock[range].dropFirst(5))"
        }
        throw PlanError.providerFailed(provider: "ruby", message: "Please specify ruby's version in .ruby-version file")
    }

    private func startCommand(_ app: App, isRails: Bool) -> String? {
        if isRails {
            return app.includesFile("rails") ? "bundle exec rails server -b 0.0.0.0 -p ${PORT:-3000}"
                : "bundle exec bin/rails server -b 0.0.0.0 -p ${PORT:-3000} -e $RAILS_ENV"
        }
        if app.includesFile("config/environment.rb"), app.includesDirectory("script") { return "bundle exec ruby script/server -p ${PORT:-3000}" }
        if app.includesFile("config.ru") { return "bundle exec rackup config.ru -p ${PORT:-3000}" }
        if app.includesFile("Rakefile") { return "bundle exec rake" }
        return nil
    }
}
