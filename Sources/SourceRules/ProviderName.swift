/// Every Nixpacks provider, in detection order (spec §3.1). The one provider table: the planner
/// (`detect`, `plan`) and monorepo discovery (`services`) both ask it, so they never disagree on
/// which provider builds a directory. Adding a case is a compile error until every switch over
/// it handles the case.
public enum ProviderName: String, CaseIterable, Sendable, Codable {
    case crystal
    case csharp = "c#"
    case dart
    case elixir
    case deno
    case fsharp = "f#"
    case clojure
    case gleam
    case go
    case haskell
    case scheme
    case java
    case lunatic
    case scala
    case php
    case ruby
    case node
    case python
    case rust
    case swift
    case staticfile
    case zig
    case cobol
}
