import Testing
@testable import Simulators

@Suite("Flutterwave simulator: the number-preserving JSON reader")
struct SimulatorJSONParserTests {
    static func parse(_ text: String) throws -> SimulatorJSON {
        try SimulatorJSONParser.parse(Array(text.utf8))
    }

    @Test("numbers keep their exact text", arguments: ["0", "1500", "100.10", "-3", "1e3", "2.5E-7", "12345678901234567890.123456789"])
    func numbersKeepText(_ literal: String) throws {
        guard case .number(let text)? = try Self.parse(#"{"amount":\#(literal)}"#)["amount"] else {
            Issue.record("not a number")
            return
        }
        #expect(text == literal)
    }

    @Test("strings, escapes, nesting and key order survive a round trip")
    func roundTrip() throws {
        let text = #"{"b":"x\"y\\z\n\u00e9\ud83d\ude00","a":[true,false,null,{"k":[]}],"n":-0.5}"#
        let value = try Self.parse(text)
        #expect(value["b"]?.text == "x\"y\\z\né😀")
        #expect(String(decoding: value.bytes, as: UTF8.self) == #"{"b":"x\"y\\z\né😀","a":[true,false,null,{"k":[]}],"n":-0.5}"#)
    }

    @Test("malformed JSON is refused", arguments: [
        "", "{", "{\"a\":}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{'a':1}", "{\"a\":1,}", "[1 2]", "{\"a\":1} x",
        "{\"a\":\"line\nbreak\"}", "{\"a\":tru}", "{\"a\":\"\\x\"}",
    ])
    func malformed(_ text: String) {
        #expect(throws: SimulatorJSONParser.Failure.self) { try Self.parse(text) }
    }

    @Test("nesting past the limit is refused")
    func depthLimit() throws {
        let shallow = String(repeating: "[", count: 31) + String(repeating: "]", count: 31)
        #expect(throws: Never.self) { try Self.parse(shallow) }
        let deep = String(repeating: "[", count: 33) + String(repeating: "]", count: 33)
        #expect(throws: SimulatorJSONParser.Failure.self) { try Self.parse(deep) }
    }
}
