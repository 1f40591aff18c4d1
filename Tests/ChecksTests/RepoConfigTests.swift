import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

private func parse(_ text: String) throws(ConfigurationError) -> RepoConfig {
    try RepoConfig.parse(Array(text.utf8), file: "ck.infra/repo_config.yaml")
}

private func failure(_ text: String) -> ConfigurationError? {
    #expect(throws: ConfigurationError.self) { try parse(text) }
}

@Test func realWorldFile_givesImageAndRepoNames() throws {
    let text = """
        repo_info:
          repo_name: cmamp
          github_repo_account: causify-ai
          issue_prefix: CmampTask
        # The image this runnable dir builds.
        docker_info:
          docker_image_name: cmamp-infra
          use_sibling_container: False
        s3_bucket_info:
          unit_test_bucket_name: s3://cryptokaizen-unit-test
        runnable_dir_info:
          use_helpers_as_nested_module: True
          venv_tag: "amp"
          dir_suffix: cmamp_infra
        container_dir_name: ck.infra
        """
    let config = try parse(text)
    #expect(config == RepoConfig(imageName: "cmamp-infra", repoName: "cmamp"))
}

@Test func emptyFile_givesNothing() throws {
    #expect(try parse("") == RepoConfig(imageName: nil, repoName: nil))
    #expect(try parse("# only a comment\n") == RepoConfig(imageName: nil, repoName: nil))
    #expect(try parse("---\n") == RepoConfig(imageName: nil, repoName: nil))
}

@Test func missingSectionsOrKeys_giveNil() throws {
    let onlyRepo = try parse("repo_info:\n  repo_name: helpers\n")
    #expect(onlyRepo.imageName == nil)
    #expect(onlyRepo.repoName == "helpers")

    let emptyDocker = try parse("docker_info:\nrepo_info:\n  other: 1\n")
    #expect(emptyDocker == RepoConfig(imageName: nil, repoName: nil))

    let nullName = try parse("docker_info:\n  docker_image_name: ~\n")
    #expect(nullName.imageName == nil)
}

@Test func quotedAndNumericNames_areKeptAsWritten() throws {
    #expect(try parse("docker_info:\n  docker_image_name: 'null'\n").imageName == "null")
    #expect(try parse("docker_info:\n  docker_image_name: \"img\"\n").imageName == "img")
    #expect(try parse("docker_info:\n  docker_image_name: 2024\n").imageName == "2024")
}

@Test func flowStyleMappings_areRead() throws {
    let config = try parse("docker_info: {docker_image_name: tools}\nrepo_info: {repo_name: r}\n")
    #expect(config == RepoConfig(imageName: "tools", repoName: "r"))
}

@Test func malformedYAML_isReportedWithFileAndLine() throws {
    let error = try #require(failure("repo_info:\n  repo_name: cmamp\ndocker_info: [\n  a\n"))
    #expect(error.file == "ck.infra/repo_config.yaml")
    #expect(error.line == 5)
    #expect(error.message.hasPrefix("invalid yaml: "))
    #expect(error.description.hasPrefix("ck.infra/repo_config.yaml:5: invalid yaml: "))
}

@Test func badIndentation_isReportedAtItsLine() throws {
    let error = try #require(failure("docker_info:\n  docker_image_name: a\n    extra: b\n"))
    #expect(error.line == 3)
}

@Test func duplicateKey_isReportedAtTheSecondOccurrence() throws {
    let text = """
        repo_info:
          repo_name: a
        docker_info:
          docker_image_name: x
        docker_info:
          docker_image_name: y
        """
    let error = try #require(failure(text))
    #expect(error.line == 5)
    #expect(error.message == "invalid yaml: duplicate key 'docker_info'; keep one")
}

@Test func yamlWithWindowsLineEndings_keepsLineNumbers() throws {
    let text = "docker_info:\r\n  docker_image_name: a\r\n\r\ndocker_info:\r\n  docker_image_name: b\r\n"
    let error = try #require(failure(text))
    #expect(error.line == 4)
    #expect(try parse("docker_info:\r\n  docker_image_name: a\r\n").imageName == "a")
}

@Test func imageNameAsAList_isAnErrorNamingTheKey() throws {
    let text = "repo_info:\n  repo_name: a\ndocker_info:\n  docker_image_name:\n    - a\n    - b\n"
    let error = try #require(failure(text))
    #expect(error.key == "docker_info.docker_image_name")
    #expect(error.line == 5)
    #expect(error.message == "'docker_info.docker_image_name' must be a string, found a list")
}

@Test func sectionOfTheWrongType_isAnErrorNamingIt() throws {
    let error = try #require(failure("repo_info: cmamp\n"))
    #expect(error.key == "repo_info")
    #expect(error.line == 1)
    #expect(error.message == "'repo_info' must be a mapping, found a scalar")
}

@Test func documentThatIsNotAMapping_isAnError() throws {
    let error = try #require(failure("\n- docker_info\n"))
    #expect(error.line == 2)
    #expect(error.message.hasPrefix("the document must be a mapping"))
}

@Test func nonUTF8Bytes_areAnErrorNamingTheFile() throws {
    let bytes = Array("docker_info:\n  docker_image_name: ".utf8) + [0xc3, 0x28] + [0x0a]
    let error = try #require(throws: ConfigurationError.self) {
        try RepoConfig.parse(bytes, file: "a/repo_config.yaml")
    }
    #expect(error.file == "a/repo_config.yaml")
    #expect(error.line == 2)
    #expect(error.message.hasPrefix("the file is not valid utf-8 (byte 0xc3"))
}

@Test func mergeKeys_bringInTheAnchoredSection_andExplicitKeysWin() throws {
    let text = """
        defaults: &defaults
          docker_image_name: base-image
          registry: ghcr.io
        names: &names
          repo_name: helpers
        docker_info:
          <<: *defaults
        repo_info:
          <<: *names
        """
    #expect(try parse(text) == RepoConfig(imageName: "base-image", repoName: "helpers"))
    let overridden = """
        defaults: &defaults
          docker_image_name: base-image
        docker_info:
          docker_image_name: own-image
          <<: *defaults
        """
    #expect(try parse(overridden).imageName == "own-image")
}

@Test func mergeKeys_takeAListOfMappings_earlierFirst_andWholeSections() throws {
    let list = """
        a: &a {docker_image_name: from-a}
        b: &b {docker_image_name: from-b, other: 1}
        docker_info:
          <<: [*a, *b]
        """
    #expect(try parse(list).imageName == "from-a")
    let nested = """
        base: &base
          docker_info:
            docker_image_name: nested
        <<: *base
        """
    #expect(try parse(nested).imageName == "nested")
    let chained = """
        a: &a {docker_image_name: deep}
        b: &b {<<: *a}
        docker_info: {<<: *b}
        """
    #expect(try parse(chained).imageName == "deep")
}

@Test func aMergeKeyOnAScalar_isAnErrorNamingTheKey() throws {
    let error = failure("docker_info:\n  <<: just-text\n")
    #expect(error?.line == 2)
    #expect(error?.description.contains("'<<'") == true)
    #expect(try parse("docker_info:\n  docker_image_name: img\n  other: {<<: 1}\n").imageName == "img")
}
