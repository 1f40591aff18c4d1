import Testing

@testable import Checks

/// `.gitattributes` edited as bytes: added lines take the file's line ending, removal keeps every other byte.
@Suite struct AttributesTextTests {
    func text(_ string: String) -> AttributesText { AttributesText(Array(string.utf8)) }

    @Test func addedLines_takeTheFilesOwnLineEnding() {
        var crlf = text("*.png binary\r\n")
        let endedCRLF = crlf.append(["uv.lock merge=x"])
        #expect(!endedCRLF)
        #expect(crlf.bytes == Array("*.png binary\r\nuv.lock merge=x\r\n".utf8))
        var lf = text("")
        let endedLF = lf.append(["uv.lock merge=x"])
        #expect(!endedLF)
        #expect(lf.bytes == Array("uv.lock merge=x\n".utf8))
    }

    @Test func anUnendedLastLine_isEndedBeforeTheAddedLines_andUnendedWhenTheyGo() {
        var file = text("a\r\nb")
        let ended = file.append(["c"])
        #expect(ended)
        #expect(file.bytes == Array("a\r\nb\r\nc\r\n".utf8))
        let removed = file.remove(["c"], unendLast: true)
        #expect(removed == ["c"])
        #expect(file.bytes == Array("a\r\nb".utf8))
    }

    @Test func removal_matchesTrimmedText_andKeepsEveryOtherByte() {
        var file = text("keep  \r\n  uv.lock merge=x\t\r\n# other\n")
        #expect(file.texts == ["keep", "uv.lock merge=x", "# other"])
        let removed = file.remove(["uv.lock merge=x"], unendLast: true)
        #expect(removed == ["uv.lock merge=x"])
        #expect(file.bytes == Array("keep  \r\n# other\n".utf8))
    }

    @Test func aLineNotAsked_isNeverRemoved() {
        var file = text("uv.lock merge=x\n")
        let removed = file.remove(["poetry.lock merge=x"], unendLast: true)
        #expect(removed.isEmpty)
        #expect(file.bytes == Array("uv.lock merge=x\n".utf8))
    }
}
