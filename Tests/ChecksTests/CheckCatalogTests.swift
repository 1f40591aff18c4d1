import Testing

@testable import Model
@testable import Rules

/// The one list of check ids and the checks that carry them.
@Suite struct CheckCatalogTests {
    @Test func theCatalog_holdsOneCheckPerID_inTheIDsOrder() {
        #expect(CheckCatalog.all.map(\.id) == CheckID.allCases.map(\.rawValue))
    }

    @Test func theConfiguration_knowsEveryIDAndTheIntegrityGroup_andNothingElse() {
        #expect(CheckSettings.knownCheckIDs == CheckID.allCases.map(\.rawValue) + ["integrity"])
        #expect(!CheckSettings.knownCheckIDs.contains("symlinks"))
    }

    @Test func theIntegrityGroup_isEveryCheckButReleaseTags() throws {
        #expect(CheckCatalog.integrity.count == CheckID.allCases.count - 1)
        #expect(!CheckCatalog.integrity.contains("release-tag"))
        let selected = try CheckCatalog.select(only: ["integrity"], skip: [], environment: [:], configured: [])
        #expect(selected.map(\.id) == CheckID.allCases.filter(\.isIntegrity).map(\.rawValue))
    }
}
