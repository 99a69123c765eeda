/// A file that could not be read or parsed, with the line where the parser knows it.
public struct DocumentError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        "\(line.map { "\(file):\($0)" } ?? file): \(message)"
    }
}
