import Foundation
import Host
import Testing

@Suite struct UTF8OrderTests {
    /// The order is the UTF-8 bytes' order (as `memcmp` then length), for short strings stored
    /// inline, long ones, non-ASCII text and strings bridged from Foundation.
    @Test func ordersByUTF8Bytes() {
        let words = ["", "a", "a-b", "a.b", "a/b", "a0", "B", "b", "é", "e\u{301}", "ß", "z", "~", "日本",
                     "services/svc-0001/src/index.js", "services/svc-0001/src/index.jsx", "services/svc-0001/src-x/a.js",
                     String(NSString(string: "bridged/ünïcode/path")), String(repeating: "x", count: 40) + "é"]
        for first in words {
            for second in words {
                let expected = Array(first.utf8).lexicographicallyPrecedes(Array(second.utf8))
                #expect(UTF8Order.precedes(first, second) == expected, "\(first) < \(second)")
            }
        }
        #expect(UTF8Order.withBytes("é") { Array($0) } == [0xC3, 0xA9])
    }
}
